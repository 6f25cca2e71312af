from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "followon.insights"
    label = "insights"

    def ready(self):
        from followon.core import worker_hooks
        from followon.insights import services

        # The dashboard's outcome-change figures, summed up per service every few minutes (issue 16).
        worker_hooks.register(services.outcome_change_summaries_refresh)
        # Its attendance months and group durations, brought up to date the same way.
        worker_hooks.register(services.dashboard_summaries_refresh)
