from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.urls import register_converter

from followon.core.converters import TokenConverter
from followon.core.timestamps import use_iso_timestamps


class CoreConfig(AppConfig):
    name = "followon.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Before any URL conf is read (that happens on the first request or reverse()).
        register_converter(TokenConverter, "token")
        # Timestamps read by Python's ISO parser rather than psycopg's Python one (core/timestamps.py, ADR 0039).
        connection_created.connect(use_iso_timestamps, dispatch_uid="followon.core.timestamps")
