"""One message and one link per member per timepoint (ADR 0017): the questionnaire set.

Messages go through the real reminder machinery (database task backend, fake GOV.UK Notify), and
are counted as OutboundMessage rows per template.
"""

import datetime as dt
import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from followon.accounts.tests.factories import UserFactory
from followon.core.testing import count_queries
from followon.notifications import registry
from followon.notifications.models import OutboundMessage, Reminder
from followon.outcomes.models import ItemAnswer, QuestionnaireInvitation, QuestionnaireSet
from followon.outcomes.services import (
    DEFAULT_QUESTIONNAIRES,
    answer_save,
    invitation_create,
    invitation_link,
    invitation_token,
    invitations_schedule_for_enrolment,
    questionnaire_set_create,
    questionnaire_set_link_context,
    questionnaire_set_still_needed,
    response_complete,
    set_link,
    set_token,
)
from followon.programmes import services as programme_services
from followon.programmes.tests.factories import join, make_programme

pytestmark = pytest.mark.django_db

BASELINE = len(DEFAULT_QUESTIONNAIRES)


def at_uk_nine_oh_one(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 1)))


@pytest.fixture
def texter(db):
    return UserFactory(preferred_name="Terry Texter", mobile="+447700900111", email="terry@example.org")


@pytest.fixture
def enrolment(service, clinician, texter, now):
    programme = make_programme(service, clinician)  # starts a week after "now"
    return join(programme, texter)


def messages_per_template() -> Counter:
    return Counter(OutboundMessage.objects.values_list("template", flat=True))


def baseline_set(enrolment) -> QuestionnaireSet:
    return QuestionnaireSet.objects.get(enrolment=enrolment, timepoint="baseline")


def finish(invitation):
    answer_save(invitation=invitation, item_id=invitation_first_item(invitation), raw="1")
    response_complete(invitation=invitation)


def invitation_first_item(invitation) -> str:
    from followon.outcomes.instruments import get_questionnaire

    return get_questionnaire(invitation.questionnaire_id).items[0].id


# Messages -----------------------------------------------------------------------------------------


def test_a_new_member_gets_one_message_on_the_baseline_day(
    service, clinician, texter, tasks, notify, now, django_capture_on_commit_callbacks
):
    programme = make_programme(service, clinician)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = join(programme, texter)
    tasks.run()  # the planning task, at 08:00: nothing is due yet
    assert QuestionnaireSet.objects.filter(enrolment=enrolment).count() == 5
    assert QuestionnaireInvitation.objects.filter(enrolment=enrolment, questionnaire_set__isnull=True).count() == 0
    # No per-questionnaire messages at all: three reminders (invite, two reminders) per set.
    assert not Reminder.objects.filter(key__startswith="questionnaire:").exists()
    assert Reminder.objects.filter(key__startswith="questionnaire-set:").count() == 5 * 3
    assert messages_per_template() == Counter()

    now["now"] = at_uk_nine_oh_one(timezone.localdate(now["now"]))
    tasks.run()
    assert messages_per_template() == Counter({"questionnaire_set_invite": 1})
    [sent] = notify.sent
    assert sent["phone_number"] == texter.mobile
    qset = baseline_set(enrolment)
    assert set_link(qset) in sent["body"]
    assert f"{BASELINE} short questionnaires, about 10 minutes" in sent["body"]
    assert "You can stop and carry on later" in sent["body"]
    message = OutboundMessage.objects.get()
    assert message.sensitive and message.body == ""  # the link is gone from the outbox once sent

    # Planning again (a retried task, a second join) creates nothing and sends nothing twice.
    assert invitations_schedule_for_enrolment(enrolment=enrolment) == []
    with django_capture_on_commit_callbacks(execute=True):
        programme_services.enrolment_add(programme=programme, user=texter)
    tasks.run()
    assert QuestionnaireSet.objects.filter(enrolment=enrolment).count() == 5
    assert messages_per_template() == Counter({"questionnaire_set_invite": 1})
    assert len(notify.sent) == 1


def test_the_reminders_store_the_set_id_never_the_link(enrolment, tasks):
    invitations_schedule_for_enrolment(enrolment=enrolment)
    qset = baseline_set(enrolment)
    reminders = Reminder.objects.filter(key__startswith=f"questionnaire-set:{qset.public_id}:").order_by("run_at")
    assert [r.key.rsplit(":", 1)[1] for r in reminders] == ["invite", "reminder1", "reminder2"]
    token = set_token(qset)
    assert qset.token_hash != token and len(qset.token_hash) == 64
    for reminder in reminders:
        assert reminder.sensitive
        assert reminder.context["questionnaire_set"] == str(qset.public_id)
        assert "link" not in reminder.context and token not in str(reminder.context)
    key = f"questionnaire-set:{qset.public_id}:reminder1"
    assert registry.reminder_context_resolver(key) is questionnaire_set_link_context
    assert registry.reminder_guard(key) is questionnaire_set_still_needed
    assert questionnaire_set_link_context(key=key, context={"questionnaire_set": str(qset.public_id)}) == {
        "link": set_link(qset),
        "remaining": BASELINE,
    }


def test_reminders_say_what_is_left_and_skip_a_finished_set(enrolment, tasks, notify, now):
    invitations_schedule_for_enrolment(enrolment=enrolment)
    qset = baseline_set(enrolment)
    day0 = qset.due_on
    now["now"] = at_uk_nine_oh_one(day0)
    tasks.run()
    invitations = list(qset.invitations.order_by("id"))
    for invitation in invitations[:-1]:
        finish(invitation)
    qset.refresh_from_db()
    assert qset.completed_at is None

    now["now"] = at_uk_nine_oh_one(day0 + dt.timedelta(days=7))
    tasks.run()
    assert messages_per_template() == Counter({"questionnaire_set_invite": 1, "questionnaire_set_reminder": 1})
    assert f"1 of {BASELINE} still to answer" in notify.sent[-1]["body"]
    assert set_link(qset) in notify.sent[-1]["body"]

    finish(invitations[-1])  # the last one: the set is done and its last reminder cancelled
    qset.refresh_from_db()
    assert qset.completed_at is not None and qset.reminders_sent == 1
    assert not Reminder.objects.filter(key__startswith=f"questionnaire-set:{qset.public_id}:", status="scheduled")
    now["now"] = at_uk_nine_oh_one(day0 + dt.timedelta(days=14))
    tasks.run()
    assert messages_per_template() == Counter({"questionnaire_set_invite": 1, "questionnaire_set_reminder": 1})


def test_the_guard_refuses_a_set_with_nothing_left_even_before_it_is_marked_done(enrolment):
    invitations_schedule_for_enrolment(enrolment=enrolment)
    qset = baseline_set(enrolment)
    key = f"questionnaire-set:{qset.public_id}:reminder2"
    assert questionnaire_set_still_needed(key=key, context={}) is True
    type(enrolment).objects.filter(pk=enrolment.pk).update(status="withdrawn")  # guard alone, no cancel
    assert questionnaire_set_still_needed(key=key, context={}) is False
    type(enrolment).objects.filter(pk=enrolment.pk).update(status="joined")
    assert questionnaire_set_still_needed(key=key, context={}) is True
    qset.invitations.update(completed_at=timezone.now())
    assert questionnaire_set_still_needed(key=key, context={}) is False
    assert questionnaire_set_still_needed(key="questionnaire-set:not-a-uuid:invite", context={}) is False


def test_nothing_is_sent_after_the_member_withdraws(enrolment, clinician, tasks, notify, now, client):
    invitations_schedule_for_enrolment(enrolment=enrolment)
    qset = baseline_set(enrolment)
    programme_services.enrolment_withdraw(enrolment=enrolment, actor=clinician)
    for days in (0, 7, 14):
        now["now"] = at_uk_nine_oh_one(qset.due_on + dt.timedelta(days=days))
        tasks.run()
    assert messages_per_template() == Counter()
    page = client.get(reverse("outcomes:set_by_link", args=[set_token(qset)]))
    assert page.status_code == 410 and "not on the programme any more" in page.content.decode()
    invitation = qset.invitations.get(questionnaire_id="phq-9")
    url = reverse("outcomes:set_answer", args=[set_token(qset), "phq-9"])
    assert client.post(url, {"q1": "1", "save": "1"}).status_code == 410
    assert not ItemAnswer.objects.filter(response__invitation=invitation).exists()


def test_a_member_who_comes_back_gets_the_messages_again(enrolment, clinician, tasks, notify, now):
    """Withdrawal is checked when each message is due (nothing is cancelled), so re-joining before a
    timepoint's message brings it back, with no second plan."""
    invitations_schedule_for_enrolment(enrolment=enrolment)
    qset = baseline_set(enrolment)
    programme_services.enrolment_withdraw(enrolment=enrolment, actor=clinician)
    now["now"] = at_uk_nine_oh_one(qset.due_on)
    tasks.run()
    assert messages_per_template() == Counter()
    programme_services.enrolment_add(programme=enrolment.programme, user=enrolment.user)
    assert invitations_schedule_for_enrolment(enrolment=enrolment) == []
    now["now"] = at_uk_nine_oh_one(qset.due_on + dt.timedelta(days=7))
    tasks.run()
    assert messages_per_template() == Counter({"questionnaire_set_reminder": 1})


def test_the_set_expires_with_its_questionnaires(enrolment, tasks, notify, now, client):
    invitations_schedule_for_enrolment(enrolment=enrolment)
    qset = baseline_set(enrolment)
    assert set(qset.invitations.values_list("expires_at", flat=True)) == {qset.expires_at}
    assert qset.expires_at.date() == qset.due_on + dt.timedelta(days=28)
    now["now"] = qset.expires_at + dt.timedelta(minutes=1)
    tasks.run()  # the invitation and both reminders are late, and the set has closed: nothing goes
    assert not OutboundMessage.objects.filter(template__startswith="questionnaire_set").exists()
    page = client.get(reverse("outcomes:set_by_link", args=[set_token(qset)]))
    body = page.content.decode()
    assert page.status_code == 410 and "These questionnaires closed on" in body
    assert "Patient Health" not in body  # the list is not shown
    page = client.get(reverse("outcomes:set_answer", args=[set_token(qset), "phq-9"]))
    assert page.status_code == 410 and "closed on" in page.content.decode()


# The set page ---------------------------------------------------------------------------------------


@pytest.fixture
def qset(texter, service, now):
    return questionnaire_set_create(
        member=texter,
        service=service,
        timepoint="baseline",
        due_on=timezone.localdate(),
        questionnaire_ids=DEFAULT_QUESTIONNAIRES,
    )


def test_set_page_lists_the_questionnaires_and_carries_on(client, qset):
    token = set_token(qset)
    url = reverse("outcomes:set_by_link", args=[token])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert body.count("Not started") == BASELINE and "0 of 8 done" in body
    first = reverse("outcomes:set_answer", args=[token, DEFAULT_QUESTIONNAIRES[0]])
    button = re.search(r'<a\s[^>]*class="nhsuk-button"[^>]*>\s*(\w[\w ]*)', body)
    assert button and button.group(1).strip() == "Start" and f'href="{first}"' in button.group(0)
    assert "Patient Health Questionnaire (PHQ\u20119)" in body

    phq9 = reverse("outcomes:set_answer", args=[token, "phq-9"])
    page = client.get(phq9)
    assert page.status_code == 200 and "All your questionnaires" in page.content.decode()
    assert "<h1>Patient Health Questionnaire (PHQ\u20119)</h1>" in page.content.decode()
    page = client.post(phq9, {"q1": "2", "q2": "1", "save": "1"})
    assert page.status_code == 200 and "Your answers are saved (2 of 10 questions)" in page.content.decode()
    body = client.get(url).content.decode()
    assert re.search(r"Started\s*</strong>", body) and "2 of 10 answered" in body and "Carry on" in body

    answers = {f"q{n}": "0" for n in range(1, 10)} | {"difficulty": "0", "finish": "1"}
    page = client.post(phq9, answers)
    assert page.status_code == 302 and page["Location"] == f"{url}?sent=phq-9"
    body = client.get(page["Location"]).content.decode()
    assert "Your answers to Patient Health Questionnaire (PHQ\u20119) have been sent" in body
    assert "1 of 8 done" in body and body.count("Not started") == BASELINE - 1
    assert client.post(phq9, answers).status_code == 410  # sent already: a clear page, not a 500
    # A "sent" naming a questionnaire not finished (or not in the set) shows no banner.
    assert "have been sent" not in client.get(f"{url}?sent=gad-7").content.decode()
    assert "have been sent" not in client.get(f"{url}?sent=%3Cscript%3E").content.decode()


def test_a_finished_set_says_thank_you_and_its_link_stays_clear(client, qset):
    for invitation in qset.invitations.all():
        finish(invitation)
    qset.refresh_from_db()
    assert qset.completed_at is not None
    url = reverse("outcomes:set_by_link", args=[set_token(qset)])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "You have answered all 8 questionnaires" in body
    assert "Start" not in body and "Carry on" not in body
    page = client.post(reverse("outcomes:set_answer", args=[set_token(qset), "gad-7"]), {"q1": "1", "save": "1"})
    assert page.status_code == 410 and "already answered" in page.content.decode()


def test_wrong_tokens_and_questionnaires_are_not_found(client, qset):
    token = set_token(qset)
    assert client.get(reverse("outcomes:set_by_link", args=["nonsense"])).status_code == 404
    assert client.get(reverse("outcomes:set_by_link", args=[token[:-1] + "x"])).status_code == 404
    assert client.get(reverse("outcomes:set_by_link", args=["a" * 300])).status_code == 404
    assert client.get(reverse("outcomes:set_answer", args=["nonsense", "phq-9"])).status_code == 404
    assert client.get(reverse("outcomes:set_answer", args=[token, "pgic"])).status_code == 404  # not in this set
    # The per-questionnaire token is not a set token, and the other way round.
    invitation = qset.invitations.get(questionnaire_id="phq-9")
    assert client.get(reverse("outcomes:set_by_link", args=[invitation_token(invitation)])).status_code == 404
    assert client.get(reverse("outcomes:answer_by_link", args=[token])).status_code == 404


def test_a_set_link_shows_nothing_of_another_member(client, qset, service):
    other = questionnaire_set_create(
        member=UserFactory(preferred_name="Olive Other"),
        service=service,
        timepoint="baseline",
        due_on=timezone.localdate(),
        questionnaire_ids=DEFAULT_QUESTIONNAIRES,
    )
    others_phq9 = other.invitations.get(questionnaire_id="phq-9")
    answer_save(invitation=others_phq9, item_id="q1", raw="3")
    finish(other.invitations.get(questionnaire_id="gad-7"))
    body = client.get(reverse("outcomes:set_by_link", args=[set_token(qset)])).content.decode()
    assert "Started" not in body and "Done" not in body and "Olive" not in body
    page = client.get(reverse("outcomes:set_answer", args=[set_token(qset), "phq-9"]))
    assert 'value="3" checked' not in page.content.decode()
    client.post(reverse("outcomes:set_answer", args=[set_token(qset), "phq-9"]), {"q1": "0", "save": "1"})
    assert ItemAnswer.objects.get(response__invitation=others_phq9, item_id="q1").value == 3


def test_an_old_single_questionnaire_link_still_works(client, texter, service, now):
    """Links sent before sets (one per questionnaire) keep working, and so does one inside a set."""
    single = invitation_create(
        member=texter, service=service, questionnaire_id="phq-9", timepoint="baseline", due_on=timezone.localdate()
    )
    assert client.get(reverse("outcomes:answer_by_link", args=[invitation_token(single)])).status_code == 200
    assert invitation_link(single).endswith(reverse("outcomes:answer_by_link", args=[invitation_token(single)]))


def test_a_timepoint_planned_one_message_per_questionnaire_is_left_alone(enrolment):
    invitation_create(
        member=enrolment.user,
        service=enrolment.programme.service,
        questionnaire_id="phq-9",
        timepoint="baseline",
        due_on=timezone.localdate(),
        enrolment=enrolment,
    )
    invitations_schedule_for_enrolment(enrolment=enrolment)
    assert not QuestionnaireSet.objects.filter(enrolment=enrolment, timepoint="baseline").exists()
    assert QuestionnaireSet.objects.filter(enrolment=enrolment).count() == 4


@pytest.mark.parametrize("size", [3, len(DEFAULT_QUESTIONNAIRES)])
def test_set_page_queries_do_not_grow_with_the_set(client, texter, service, now, size):
    qset = questionnaire_set_create(
        member=texter,
        service=service,
        timepoint="baseline",
        due_on=timezone.localdate(),
        questionnaire_ids=DEFAULT_QUESTIONNAIRES[:size],
    )
    for invitation in qset.invitations.all()[:2]:
        answer_save(invitation=invitation, item_id=invitation_first_item(invitation), raw="1")
    finish(qset.invitations.order_by("-id").first())
    url = reverse("outcomes:set_by_link", args=[set_token(qset)])
    with count_queries() as queries:
        page = client.get(url)
    assert page.status_code == 200
    assert len(queries) == 2, [q["sql"] for q in queries.captured_queries]


def test_link_tokens_stay_out_of_the_logs(client, qset, caplog):
    """Django logs 4xx answers with their path; a questionnaire link's path is its token."""
    token = set_token(qset)
    phq9 = reverse("outcomes:set_answer", args=[token, "phq-9"])
    single = reverse("outcomes:answer_by_link", args=[invitation_token(qset.invitations.get(questionnaire_id="gad-7"))])
    with caplog.at_level("DEBUG"):
        assert client.post(phq9, {"q1": "9", "save": "1"}).status_code == 400
        assert client.post(single, {"q1": "9", "save": "1"}).status_code == 400
        assert client.get(reverse("outcomes:set_answer", args=[token, "pgic"])).status_code == 404
        QuestionnaireSet.objects.filter(pk=qset.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
        assert client.get(reverse("outcomes:set_by_link", args=[token])).status_code == 410
    assert token not in caplog.text and single not in caplog.text
    assert "/questionnaire" not in caplog.text
