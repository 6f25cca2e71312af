from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "followon.outcomes"
    label = "outcomes"
