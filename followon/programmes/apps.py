from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "followon.programmes"
    label = "programmes"

    def ready(self):
        from followon.core import worker_hooks
        from followon.notifications.registry import register_reply_handler
        from followon.programmes import receivers  # noqa: F401 - connects the signal receivers
        from followon.programmes.services import INTEREST_QUESTION_KIND, interest_by_sms, protocol_prompts_job

        worker_hooks.register(protocol_prompts_job)
        register_reply_handler(INTEREST_QUESTION_KIND, interest_by_sms)
