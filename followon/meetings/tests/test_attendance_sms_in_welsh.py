"""Replies to the coordinator's "who came?" text in their message language (ADR 0027): a Welsh
coordinator of a service offering Welsh whose reply cannot be read gets the hint in Welsh, the
coordinator-only refusal and a service's refusal too, and the thanks; an English coordinator's stay
English. Through the real received-text callback, and out through Notify's client to the local fake."""

from datetime import timedelta

import pytest
import time_machine

from followon.meetings import services
from followon.meetings.models import Attendance, AttendanceQuestion, Meeting
from followon.meetings.recurrence import LONDON
from followon.notifications import lengths
from followon.notifications.models import InboundSms, OutboundMessage
from followon.notifications.services import ReplyNotUnderstood
from followon.notifications.testing.fake_notify import FakeNotify
from followon.notifications.testing.inbound import RECEIVED_TEXT_TOKEN, text_in
from followon.notifications.testing.tasks import DATABASE_TASKS, TaskRunner

pytestmark = pytest.mark.django_db

SORRY_CY = "FollowOn: mae'n ddrwg gennym, doedden ni ddim yn deall eich ateb."
SORRY_EN = "FollowOn: sorry, we did not understand your reply."


@pytest.fixture(autouse=True)
def callback_token(settings):
    settings.NOTIFY_RECEIVED_TEXT_TOKEN = RECEIVED_TEXT_TOKEN


@pytest.fixture(scope="module")
def notify_server():
    with FakeNotify() as server:
        yield server


@pytest.fixture
def notify(notify_server, settings):
    """The local fake GOV.UK Notify as the text channel; `tasks.run()` delivers the outbox to it."""
    notify_server.serve_as_channels(settings)
    settings.TASKS = DATABASE_TASKS
    return notify_server


@pytest.fixture
def welsh(group, coordinator):
    service = group.service
    service.message_languages = ["cy"]
    service.save()
    coordinator.language = "cy"
    coordinator.save()
    return coordinator


@pytest.fixture
def asked(meeting, notify):
    with time_machine.travel(meeting.ends_at + timedelta(hours=1), tick=False):
        assert services.attendance_questions_due() == 1
        yield AttendanceQuestion.objects.get(meeting=meeting)


def texted_back(notify, coordinator, template="notifications/not_understood") -> str:
    """The reply as the outbox wrote it, and as it reached Notify (the same words)."""
    message = OutboundMessage.objects.filter(recipient=coordinator, template=template, channel="sms").latest("id")
    TaskRunner().run()
    [sent] = [s for s in notify.sent if s["reference"] == str(message.public_id)]
    assert sent["body"] == message.body
    return message.body


def test_a_welsh_coordinator_who_replies_un_dau_gets_the_hint_in_welsh(client, asked, welsh, notify):
    inbound = text_in(client, welsh, "un dau")
    assert inbound.outcome == InboundSms.Outcome.INVALID_REPLY
    body = texted_back(notify, welsh)
    assert body == f"{SORRY_CY} Atebwch gyda rhifau fel 1 3 4, neu PAWB, neu NEB"
    measured = lengths.text_length(body, "cy")
    assert not measured.unicode and measured.parts == 1
    assert not Attendance.objects.exists()


def test_numbers_not_on_the_list_get_the_welsh_hint_with_the_count(client, asked, welsh, notify):
    text_in(client, welsh, "1 9")
    assert texted_back(notify, welsh) == f"{SORRY_CY} Atebwch gyda rhifau o 1 i 4, fel 1 3 4, neu PAWB, neu NEB"


def test_an_english_coordinators_hint_stays_english(client, asked, coordinator, notify):
    text_in(client, coordinator, "un dau")
    assert texted_back(notify, coordinator) == f"{SORRY_EN} Reply with numbers like 1 3 4, or ALL, or NONE"
    text_in(client, coordinator, "1 9")
    assert texted_back(notify, coordinator) == f"{SORRY_EN} Reply with numbers from 1 to 4, like 1 3 4, or ALL, or NONE"


def test_welsh_that_the_service_does_not_offer_is_english(client, asked, welsh, notify, group):
    group.service.message_languages = []
    group.service.save()
    text_in(client, welsh, "un dau")
    assert texted_back(notify, welsh) == f"{SORRY_EN} Reply with numbers like 1 3 4, or ALL, or NONE"


def test_a_coordinator_who_stepped_down_is_refused_in_welsh(client, asked, welsh, notify, group):
    group.roles.filter(user=welsh).update(ended_at=asked.asked_at)
    inbound = text_in(client, welsh, "PAWB")
    assert inbound.outcome == InboundSms.Outcome.INVALID_REPLY
    body = texted_back(notify, welsh)
    assert body == f"{SORRY_CY} Dim ond cydlynwyr y grŵp all gofnodi pwy ddaeth"
    # ŵ is outside GSM-7: the text goes as Unicode (the letters are kept, ADR 0027), within three parts.
    measured = lengths.text_length(body, "cy")
    assert measured.unicode and measured.parts <= 3
    assert not Attendance.objects.exists()


def test_an_english_coordinator_who_stepped_down_is_refused_in_english(client, asked, coordinator, notify, group):
    group.roles.filter(user=coordinator).update(ended_at=asked.asked_at)
    text_in(client, coordinator, "ALL")
    assert texted_back(notify, coordinator) == f"{SORRY_EN} Only the group's coordinators can record who came"


def test_the_attendance_services_refusal_is_passed_on_in_welsh(client, asked, welsh, notify, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    text_in(client, welsh, "1 2")
    assert texted_back(notify, welsh) == (
        f"{SORRY_CY} Cafodd y cyfarfod hwn ei ganslo, felly does dim presenoldeb i'w gofnodi"
    )


def test_pawb_records_everyone_and_the_thanks_is_welsh(client, asked, welsh, notify, meeting, coordinator):
    inbound = text_in(client, welsh, "Pawb")
    assert inbound.outcome == InboundSms.Outcome.ANSWERED
    assert Attendance.objects.filter(attended=True).count() == 4
    body = texted_back(notify, welsh, "meeting_attendance_thanks")
    assert body.startswith("Diolch. Rydyn ni wedi cofnodi bod 4 person wedi dod i'r cyfarfod (Dydd ")
    assert body.endswith("Atebwch eto gyda'r rhifau os oes angen ei newid.")
    assert lengths.text_length(body, "cy").parts <= 3


def test_an_english_coordinators_thanks_is_unchanged(client, asked, coordinator, notify, meeting):
    text_in(client, coordinator, "1")
    day = f"{meeting.starts_at.astimezone(LONDON):%A}"
    assert texted_back(notify, coordinator, "meeting_attendance_thanks") == (
        f"Thank you. We have recorded that 1 person came on {day}. "
        "Reply again with the numbers if you need to change it."
    )


def test_pawb_and_neb_are_all_and_none_and_welsh_number_words_are_not_read():
    parse = services.parse_attendance_reply
    assert parse("Pawb", 3) == {1, 2, 3}
    assert parse("neb", 3) == set()
    with pytest.raises(ReplyNotUnderstood):
        parse("un dau", 3)


def test_a_welsh_coordinator_is_asked_who_came_in_welsh_with_the_day_in_welsh(welsh, meeting, notify):
    """The question itself, not only the replies to it: it was English, with an English day name, until the
    message templates were read by the literal scan (core/tests/test_template_literals.py)."""
    with time_machine.travel(meeting.ends_at + timedelta(hours=1), tick=False):
        assert services.attendance_questions_due() == 1
        message = OutboundMessage.objects.get(recipient=welsh, template="meeting_attendance_question", channel="sms")
        TaskRunner().run()
    [sent] = [s for s in notify.sent if s["reference"] == str(message.public_id)]
    day = {0: "Dydd Llun", 1: "Dydd Mawrth", 2: "Dydd Mercher", 3: "Dydd Iau", 4: "Dydd Gwener", 5: "Dydd Sadwrn"}.get(
        meeting.starts_at.astimezone(LONDON).weekday(), "Dydd Sul"
    )
    assert sent["body"] == message.body
    assert message.body.startswith(
        f"Pwy ddaeth i gyfarfod {day}? Atebwch gyda'u rhifau, fel 1 3 4, neu PAWB, neu NEB. 1 "
    ), message.body
    assert lengths.text_length(message.body, "cy").parts <= 3


def test_an_english_coordinator_is_still_asked_in_english(meeting, coordinator, notify):
    with time_machine.travel(meeting.ends_at + timedelta(hours=1), tick=False):
        assert services.attendance_questions_due() == 1
    message = OutboundMessage.objects.get(recipient=coordinator, template="meeting_attendance_question", channel="sms")
    day = meeting.starts_at.astimezone(LONDON).strftime("%A")
    assert message.body.startswith(
        f"Who came to {day}'s meeting? Reply with their numbers, like 1 3 4, or ALL, or NONE."
    )
