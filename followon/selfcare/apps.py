from django.apps import AppConfig

# UK time the daily jobs start (the weekly goal check only does something on Mondays).
GOAL_CHECKS_HOUR = 10
CHECKIN_TEXTS_HOUR = 17


class SelfcareConfig(AppConfig):
    name = "followon.selfcare"
    label = "selfcare"
    verbose_name = "Self-management tools"

    def ready(self):
        from followon.notifications.registry import register_daily_job, register_reply_handler
        from followon.selfcare import services

        register_reply_handler(services.GOAL_CHECK_KIND, services.goal_check_reply)
        register_reply_handler(services.CHECKIN_KIND, services.checkin_text_reply)
        register_daily_job("selfcare-goal-checks", services.goal_checks_job, hour=GOAL_CHECKS_HOUR)
        register_daily_job("selfcare-checkin-texts", services.checkin_texts_job, hour=CHECKIN_TEXTS_HOUR)
