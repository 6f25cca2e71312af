from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "followon.core"
    label = "core"
    verbose_name = "Core"
