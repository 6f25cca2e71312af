from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "followon.insights"
    label = "insights"
