from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "followon.programmes"
    label = "programmes"
