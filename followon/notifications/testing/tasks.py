"""Run queued database tasks in a test, the way `manage.py worker` does, honouring run_after."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "notifications"]}}


class TaskRunner:
    """`run()` executes every task that is due now (timezone.now(), which tests may move)."""

    def __init__(self, worker_id: str = "test-worker"):
        self.worker_id = worker_id
        self._worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )

    def due(self):
        return DBTaskResult.objects.filter(status="READY").filter(
            Q(run_after=get_date_max()) | Q(run_after__lte=timezone.now())
        )

    def pending(self):
        return DBTaskResult.objects.filter(status="READY")

    def run(self, *, limit: int = 10_000) -> list:
        """Run due tasks (and the tasks they enqueue that are due) until none is left; their return values."""
        results = []
        for _ in range(limit):
            row = self.due().order_by("-priority", "run_after", "enqueued_at").first()
            if row is None:
                return results
            row.claim(self.worker_id)
            self._worker.run_task(row)
            row.refresh_from_db()
            results.append(row.return_value if row.status == "SUCCESSFUL" else f"error:{row.exception_class_path}")
        raise AssertionError(f"more than {limit} tasks: a task keeps enqueuing itself?")

    def next_run_after(self):
        row = self.pending().exclude(run_after=get_date_max()).order_by("run_after").first()
        return row.run_after if row else None
