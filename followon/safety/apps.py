from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "followon.safety"
    label = "safety"
