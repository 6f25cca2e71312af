"""Periodic jobs every worker process runs alongside its heartbeat (`python manage.py worker`).

An app registers a function in its AppConfig.ready(); each worker calls every
registered job once at start-up and then every WORKER_HEARTBEAT_SECONDS. Jobs
must be quick and idempotent (several workers run them concurrently). The
notifications app uses this to recover tasks of dead workers and start digests.
"""

import logging

from django.db import close_old_connections

logger = logging.getLogger(__name__)

JOBS: list = []


def register(job) -> None:
    if job not in JOBS:
        JOBS.append(job)


def run_all() -> None:
    for job in list(JOBS):
        try:
            job()
        except Exception:  # noqa: BLE001 - one failing job must not stop the heartbeat or the others
            logger.exception("worker periodic job %s failed", getattr(job, "__qualname__", job))
        finally:
            close_old_connections()
