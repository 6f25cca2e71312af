"""The background worker: django-tasks-db's db_worker plus a heartbeat for /healthz.

Run one or more per deployment: `python manage.py worker`.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from followon.core import worker_hooks
from followon.core.services import worker_heartbeat_beat

logger = logging.getLogger(__name__)


def _beat_forever(worker_id: str, interval: int, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            worker_heartbeat_beat(worker_id=worker_id)
        except Exception:  # noqa: BLE001 - a missed beat must not kill the worker
            logger.warning("worker heartbeat could not be written", exc_info=True)
        finally:
            close_old_connections()
        worker_hooks.run_all()
        stop.wait(interval)


class Command(DbWorkerCommand):
    help = "Run a FollowOn background worker (all queues) with a health heartbeat."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *args, **options):
        stop = threading.Event()
        beat = threading.Thread(
            target=_beat_forever,
            args=(options["worker_id"], settings.WORKER_HEARTBEAT_SECONDS, stop),
            daemon=True,
            name="heartbeat",
        )
        beat.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
