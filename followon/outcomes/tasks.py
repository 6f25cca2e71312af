"""Background tasks of outcomes. Each is idempotent: running one twice is harmless."""

from django.db import transaction
from django_tasks import task

from followon.outcomes.services import invitations_schedule_for_enrolment
from followon.programmes.models import Enrolment


@task()
def schedule_for_enrolment(enrolment_id: int) -> int:
    """Plan the enrolment's questionnaires (baseline now, then end, 3, 6 and 12 months after).

    Idempotent (invitations_schedule_for_enrolment skips timepoints already planned), so a retry or a
    second join of the same enrolment adds nothing. Returns how many invitations were created.
    """

    enrolment = (
        Enrolment.objects.select_related("programme__service", "user")
        .filter(pk=enrolment_id, status=Enrolment.Status.JOINED, user__isnull=False)
        .first()
    )
    if enrolment is None:
        return 0  # withdrawn or forgotten before the task ran
    return len(invitations_schedule_for_enrolment(enrolment=enrolment))


def schedule_for_enrolment_after_commit(enrolment) -> None:
    """Called when a member joins a programme: the questionnaires are planned by a background task once
    the join is committed, so joining stays quick and a rolled-back join plans nothing."""
    enrolment_id = enrolment.pk
    transaction.on_commit(lambda: schedule_for_enrolment.enqueue(enrolment_id))
