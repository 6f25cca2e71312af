"""The staff audit trail: one page of 50 events, with 60 and with 6 000 events in the service.

Prints the standard page line for the larger trail and checks that the query count does not grow
with the data: `bench audit_list ... queries=<n> queries_small=<n>`.
"""

from followon.core.models import AuditEvent

SMALL = 60
LARGE = 6_000


def _fill(ctx, total: int) -> None:
    actor = ctx.user("clinician")
    existing = AuditEvent.objects.filter(service=ctx.service).count()
    events = [
        AuditEvent(actor=actor, action="bench.viewed", target_type="organisations.painservice", service=ctx.service)
        for _ in range(total - existing)
    ]
    AuditEvent.objects.bulk_create(events, batch_size=1000)


def run(ctx) -> None:
    _fill(ctx, SMALL)
    small = ctx.get("/staff/audit/", user="clinician")
    if small.status != 200:
        raise RuntimeError(f"audit list answered {small.status} for a clinician")
    _fill(ctx, LARGE)
    figures = ctx.measure_page("audit_list", "/staff/audit/", user="clinician", emit=False)
    queries_small = int(small.header("x-query-count"))
    ctx.emit("audit_list", **figures, queries_small=queries_small)
    if figures["queries"] != queries_small:
        raise AssertionError(f"audit list queries grew with the data: {queries_small} -> {figures['queries']}")
