"""Amina, an Urdu-speaking member, in a group with an open poll and a board, for the Urdu browser tests
(the member's journey and the right-to-left layout): one copy of the world both need."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from followon.accounts.models import ConsentKind, ConsentRecord
from followon.accounts.services import consent_notices_ensure, consent_record
from followon.conversations import services as board_services
from followon.meetings import services as meeting_services
from followon.peergroups import services as group_services
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join


def urdu_group(service, clinician, *, amina_mobile: str | None = None) -> SimpleNamespace:
    """A finished programme's group (Ann coordinates, Bea and Amina are members) whose service writes in
    Urdu, with a poll open for one time and Ann and Bea ready to post on the board."""
    service.message_languages = ["ur"]
    service.save()
    programme = finished_programme(service, clinician)
    ann, bea = (join(programme, preferred_name=name) for name in ["Ann", "Bea"])
    amina = join(programme, preferred_name="Amina", **({"mobile": amina_mobile} if amina_mobile else {}))
    for enrolment in [ann, bea, amina]:
        answer(enrolment, "yes")
    group = form_group(programme, clinician, accept=True)
    group_services.role_take(group=group, user=ann.user, role="coordinator")
    start = timezone.now() + timedelta(days=10)
    poll = meeting_services.poll_create(
        group=group,
        created_by=ann.user,
        title="",
        closes_at=timezone.now() + timedelta(days=5),
        options=[{"starts_at": start, "ends_at": start + timedelta(hours=2), "venue": None}],
    )
    consent_notices_ensure(service=service)
    for writer in [ann.user, bea.user]:
        consent_record(
            user=writer, service=service, kind=ConsentKind.SAFETY_SCREEN, decision=ConsentRecord.Decision.GIVEN
        )
        board_services.agreement_accept(group=group, user=writer)
    return SimpleNamespace(group=group, poll=poll, ann=ann.user, bea=bea.user, amina=amina.user)
