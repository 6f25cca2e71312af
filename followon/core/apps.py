from django.apps import AppConfig
from django.urls import register_converter

from followon.core.converters import TokenConverter


class CoreConfig(AppConfig):
    name = "followon.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Before any URL conf is read (that happens on the first request or reverse()).
        register_converter(TokenConverter, "token")
