from django.apps import AppConfig

# UK hour from which the workers' sweep starts the daily retention job (ADR 0016): a quiet time.
RETENTION_HOUR = 2


class AssuranceConfig(AppConfig):
    name = "followon.assurance"
    label = "assurance"
    verbose_name = "Assurance (retention, DPIA inventory)"

    def ready(self):
        from followon.assurance.retention import retention_job
        from followon.notifications.registry import register_daily_job

        register_daily_job("retention-daily", retention_job, hour=RETENTION_HOUR)
