"""Signal receivers: a member who joins a programme gets their questionnaires planned."""

from django.dispatch import receiver

from followon.outcomes.tasks import schedule_for_enrolment_after_commit
from followon.programmes.signals import enrolment_joined


@receiver(enrolment_joined, dispatch_uid="followon.outcomes.schedule_on_join")
def schedule_on_join(sender, enrolment, **kwargs):
    # Baseline at enrolment, then end of programme, 3, 6 and 12 months.
    schedule_for_enrolment_after_commit(enrolment)
