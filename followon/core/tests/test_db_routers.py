"""The read-replica router: only reads inside replica_reads() go to the replica, and only if there is one."""

from django.test import override_settings

from followon.core.db_routers import ReplicaRouter, replica_reads
from followon.core.models import AuditEvent

WITH_REPLICA = {"default": {"NAME": "primary"}, "replica": {"NAME": "copy"}}


def test_without_a_replica_the_router_leaves_everything_to_default():
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(AuditEvent) is None
    assert router.db_for_write(AuditEvent) is None


@override_settings(DATABASES=WITH_REPLICA)
def test_reads_go_to_the_replica_only_inside_replica_reads():
    router = ReplicaRouter()
    assert router.db_for_read(AuditEvent) is None
    with replica_reads():
        assert router.db_for_read(AuditEvent) == "replica"
        assert router.db_for_write(AuditEvent) == "default"  # writes never go to the replica
    assert router.db_for_read(AuditEvent) is None
    assert router.allow_migrate("replica", "core") is False
    assert router.allow_migrate("default", "core") is None
