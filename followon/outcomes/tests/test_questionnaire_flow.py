import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from followon.core.models import AuditEvent
from followon.notifications.models import Reminder
from followon.outcomes.instruments import InvalidAnswerError
from followon.outcomes.models import ItemAnswer, QuestionnaireInvitation, Response
from followon.outcomes.services import (
    InvitationClosed,
    answer_save,
    invitation_create,
    invitation_token,
    invitations_schedule_for_enrolment,
    reminder_still_needed,
    response_complete,
)
from followon.safety.models import ConcernItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def phq9(member, service):
    return invitation_create(
        member=member, service=service, questionnaire_id="phq-9", timepoint="baseline", due_on=timezone.localdate()
    )


def test_invitation_has_hashed_token_two_reminders_and_expiry(phq9):
    token = invitation_token(phq9)
    assert phq9.token_hash != token and len(phq9.token_hash) == 64
    keys = sorted(
        Reminder.objects.filter(key__startswith=f"questionnaire:{phq9.public_id}:").values_list("key", flat=True)
    )
    assert [k.rsplit(":", 1)[1] for k in keys] == ["invite", "reminder1", "reminder2"]
    assert phq9.expires_at.date() == timezone.localdate() + dt.timedelta(days=28)
    assert reminder_still_needed(key=f"questionnaire:{phq9.public_id}:reminder1", context={}) is True
    phq9.refresh_from_db()
    assert phq9.reminders_sent == 1


def test_answers_saved_item_by_item_and_scored_on_completion(phq9, service):
    for number in range(1, 5):
        answer_save(invitation=phq9, item_id=f"q{number}", raw="2")
    # Stopping half way loses nothing.
    assert ItemAnswer.objects.filter(response__invitation=phq9).count() == 4
    answer_save(invitation=phq9, item_id="q1", raw="3")  # changing an answer updates it
    assert ItemAnswer.objects.get(response__invitation=phq9, item_id="q1").value == 3
    for number in range(5, 9):
        answer_save(invitation=phq9, item_id=f"q{number}", raw="1")
    answer_save(invitation=phq9, item_id="q9", raw="0")
    response = response_complete(invitation=phq9)
    assert response.total == 3 + 2 * 3 + 4 == 13 and response.band == "moderate"
    assert not ConcernItem.objects.filter(service=service).exists()
    assert not Reminder.objects.filter(key__startswith=f"questionnaire:{phq9.public_id}:", status="scheduled").exists()
    assert reminder_still_needed(key=f"questionnaire:{phq9.public_id}:reminder2", context={}) is False
    with pytest.raises(InvitationClosed, match="already answered"):
        answer_save(invitation=phq9, item_id="q1", raw="0")
    assert AuditEvent.objects.filter(action="outcomes.response_completed").count() == 1


def test_phq9_item9_above_zero_goes_to_the_safety_queue(phq9, service, member):
    answer_save(invitation=phq9, item_id="q9", raw="1")
    response_complete(invitation=phq9)
    item = ConcernItem.objects.get(service=service)
    assert item.member == member and item.level == "urgent"


def test_out_of_range_and_expired_refused_and_nothing_saved(phq9):
    with pytest.raises(InvalidAnswerError) as error:
        answer_save(invitation=phq9, item_id="q1", raw="7")
    assert "Choose" in str(error.value) or "Select" in str(error.value)
    assert not Response.objects.exists() or not ItemAnswer.objects.exists()
    later = phq9.expires_at + dt.timedelta(minutes=1)
    with pytest.raises(InvitationClosed, match="closed on"):
        answer_save(invitation=phq9, item_id="q1", raw="1", now=later)
    with pytest.raises(InvitationClosed):
        response_complete(invitation=phq9, now=later)


def test_schedule_for_enrolment(member, service, clinician):
    from followon.programmes.tests.factories import join, make_programme

    programme = make_programme(service, clinician, sessions=8)
    enrolment = join(programme, member)
    created = invitations_schedule_for_enrolment(enrolment=enrolment)
    timepoints = {inv.timepoint for inv in created}
    assert timepoints == {"baseline", "end", "3m", "6m", "12m"}
    assert {inv.questionnaire_id for inv in created if inv.timepoint == "baseline"} >= {"phq-9", "pseq-10"}
    assert "pgic" not in {inv.questionnaire_id for inv in created if inv.timepoint == "baseline"}
    three = next(inv for inv in created if inv.timepoint == "3m")
    end = next(inv for inv in created if inv.timepoint == "end")
    assert three.due_on > end.due_on
    assert invitations_schedule_for_enrolment(enrolment=enrolment) == []  # idempotent


def test_answer_by_link_page(client, phq9):
    url = reverse("outcomes:answer_by_link", args=[invitation_token(phq9)])
    page = client.get(url)
    assert page.status_code == 200 and 'name="q9"' in page.content.decode()
    page = client.post(url, {"q1": "2", "q2": "9", "save": "1"})
    assert page.status_code == 400
    body = page.content.decode()
    assert "There is a problem" in body
    assert ItemAnswer.objects.get(response__invitation=phq9, item_id="q1").value == 2  # kept
    assert not ItemAnswer.objects.filter(item_id="q2").exists()
    assert "Your answers are saved" not in body
    page = client.post(url, {"q2": "1", "save": "1"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Your answers are saved (2 of 10 questions)" in body and "Use the same link to finish before" in body
    answers = {f"q{n}": "0" for n in range(1, 10)} | {"difficulty": "0", "finish": "1"}
    page = client.post(url, answers)
    assert page.status_code == 200 and "Thank you" in page.content.decode()
    phq9.refresh_from_db()
    assert phq9.completed_at is not None
    assert client.post(url, {"q1": "1"}).status_code == 410


def test_link_refused_when_expired_or_unknown(client, phq9):
    QuestionnaireInvitation.objects.filter(pk=phq9.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    url = reverse("outcomes:answer_by_link", args=[invitation_token(phq9)])
    page = client.get(url)
    assert page.status_code == 410 and "closed on" in page.content.decode()
    assert client.post(url, {"q1": "1"}).status_code == 410
    assert not ItemAnswer.objects.exists()
    assert client.get(reverse("outcomes:answer_by_link", args=["nonsense"])).status_code == 404


def test_signed_in_member_answers_own_only(client, phq9, member, service):
    from followon.accounts.tests.factories import UserFactory

    url = reverse("outcomes:answer", args=[phq9.public_id])
    assert client.get(url).status_code in (302, 403)
    client.force_login(member)
    assert client.get(url).status_code == 200
    other = UserFactory()
    client.force_login(other)
    assert client.get(url).status_code == 404
