from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "followon.programmes"
    label = "programmes"

    def ready(self):
        from followon.core import worker_hooks
        from followon.programmes import receivers  # noqa: F401 - connects the signal receivers
        from followon.programmes.services import protocol_prompts_job

        worker_hooks.register(protocol_prompts_job)
