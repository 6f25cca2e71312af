"""Reads that may go to a read replica: research and insights aggregates (issue 16, docs/deploy.md).

Django routes by model, but the same tables (responses, attendance, meetings) are read by members who
must see their own writes at once and by the insights dashboard and research export, which can be a
few seconds behind. So the choice is made by the caller, not the model: code inside
`with replica_reads():` reads from the `replica` database when one is configured
(`DATABASE_REPLICA_URL`); everything else, and every write, uses `default`. Without a replica
configured the router says nothing and Django uses `default`, so tests and small deployments are
unchanged.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Send this block's reads to the read replica, if there is one (never its writes)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_reads.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default" if REPLICA in settings.DATABASES else None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of default: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return None if db != REPLICA else False  # migrations run on the primary and replicate
