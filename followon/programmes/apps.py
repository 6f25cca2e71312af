from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "followon.programmes"
    label = "programmes"

    def ready(self):
        from followon.programmes import receivers  # noqa: F401 - connects the signal receivers
