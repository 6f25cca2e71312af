from django.apps import AppConfig


class SelfcareConfig(AppConfig):
    name = "followon.selfcare"
    label = "selfcare"
    verbose_name = "Self-management tools"

    def ready(self):
        from followon.notifications.registry import register_reply_handler
        from followon.selfcare.services import GOAL_CHECK_KIND, goal_check_reply

        register_reply_handler(GOAL_CHECK_KIND, goal_check_reply)
