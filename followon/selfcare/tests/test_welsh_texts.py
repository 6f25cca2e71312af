"""The self-care texts in the member's language (issue 18; ADR 0027 "Keywords"): a Welsh member of a
service that offers Welsh is asked about their goal in Welsh and for the Welsh words (WEDI GWNEUD,
RHANNOL, DIM WYTHNOS HON), and their Welsh reply through the real received-text callback records the
week; the weekly check-in and its thanks are Welsh, and a flagged check-in's thanks keeps the crisis
numbers exactly; English members' texts are unchanged and Welsh words work for them too; a keyword
followed by other words is free text, screened."""

import datetime as dt

import pytest
from django.utils import timezone

from followon.core.signposting import CRISIS_SMS_TEXT
from followon.notifications.models import InboundSms, OutboundMessage
from followon.notifications.testing.inbound import RECEIVED_TEXT_TOKEN, text_in
from followon.notifications.testing.inbound import text_in as _text_in
from followon.safety.models import ConcernItem
from followon.selfcare import services
from followon.selfcare.models import CheckIn, CheckInTextSchedule, GoalProgress

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 6, 8)  # British Summer Time
CRISIS = "I can't go on, I want to end my life"


@pytest.fixture(autouse=True)
def callback_token(settings):
    settings.NOTIFY_RECEIVED_TEXT_TOKEN = RECEIVED_TEXT_TOKEN


@pytest.fixture
def welsh(me, service):
    service.message_languages = ["cy"]
    service.save()
    me.language = "cy"
    me.save()
    return me


@pytest.fixture
def monday(monkeypatch):
    """Monday 8 June 2026, 17:00 UK time (16:00 UTC)."""
    moment = dt.datetime(2026, 6, 8, 16, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def monday_text_in(client, user, message):
    return _text_in(client, user, message, received="2026-06-08T16:05:00.000000Z")


def goal_for(owner):
    return services.goal_create(owner=owner, what="Cerdded i'r blwch post", how_much="3 gwaith", confidence=7)


def texts(user, template):
    return list(OutboundMessage.objects.filter(recipient=user, template=template).order_by("id"))


@pytest.mark.parametrize(
    ("reply", "outcome", "noted"),
    [
        ("Wedi gwneud", GoalProgress.Outcome.DONE, "wedi gwneud"),
        ("Gwnes, diolch", GoalProgress.Outcome.DONE, "wedi gwneud"),
        ("Rhannol", GoalProgress.Outcome.PARTLY, "rhannol"),
        ("rhywfaint", GoalProgress.Outcome.PARTLY, "rhannol"),
        ("DIM WYTHNOS HON", GoalProgress.Outcome.NOT_THIS_WEEK, "dim wythnos hon"),
        ("Naddo", GoalProgress.Outcome.NOT_THIS_WEEK, "dim wythnos hon"),
        ("Done", GoalProgress.Outcome.DONE, "wedi gwneud"),  # English always works
    ],
)
def test_a_welsh_member_is_asked_in_welsh_and_answers_in_welsh(client, welsh, reply, outcome, noted):
    goal = goal_for(welsh)
    assert services.goal_checks_send() == 1
    [check] = texts(welsh, "selfcare/goal_check")
    assert check.body.startswith("FollowOn: helo ")
    assert "Sut aeth eich nod yr wythnos hon?" in check.body
    assert "Atebwch WEDI GWNEUD, RHANNOL neu DIM WYTHNOS HON." in check.body
    assert "DONE" not in check.body
    inbound = text_in(client, welsh, reply)
    assert inbound.outcome == InboundSms.Outcome.ANSWERED
    assert (goal.progress.get().outcome, goal.progress.get().source) == (outcome, GoalProgress.Source.SMS)
    [thanks] = texts(welsh, "selfcare/goal_check_thanks")
    assert thanks.body.startswith(f'FollowOn: diolch, rydyn ni wedi nodi "{noted}" ar gyfer yr wythnos hon.')


def test_a_second_welsh_answer_replaces_the_first_and_says_so(client, welsh):
    goal = goal_for(welsh)
    services.goal_checks_send()
    text_in(client, welsh, "Rhannol")
    text_in(client, welsh, "Dim wythnos hon")
    assert list(goal.progress.values_list("outcome", flat=True)) == ["not_this_week"]
    assert "mae hyn yn cymryd lle eich ateb cynharach" in texts(welsh, "selfcare/goal_check_thanks")[-1].body


def test_an_english_members_goal_texts_are_unchanged_and_welsh_words_work_for_them(client, me):
    goal = goal_for(me)
    services.goal_checks_send()
    [check] = texts(me, "selfcare/goal_check")
    assert check.body == (
        'FollowOn: hello Maggie Member. How did your goal go this week? "Cerdded i\'r blwch post" Reply DONE, PARTLY '
        "or NOT THIS WEEK. No need to reply if you would rather not."
    )
    text_in(client, me, "Rhannol")
    assert goal.progress.get().outcome == GoalProgress.Outcome.PARTLY
    [thanks] = texts(me, "selfcare/goal_check_thanks")
    assert thanks.body == (
        'FollowOn: thank you, we have noted "partly" for this week. You can see how it is going on your goals page.'
    )


def test_a_welsh_goal_word_followed_by_other_words_is_free_text(client, welsh):
    goal = goal_for(welsh)
    services.goal_checks_send()
    inbound = text_in(client, welsh, "Rhannol, roedd fy nghefn yn brifo")
    assert inbound.outcome != InboundSms.Outcome.ANSWERED
    assert not goal.progress.exists()


def test_the_weekly_check_in_and_its_thanks_are_welsh(client, welsh, monday):
    services.checkin_texts_set(owner=welsh, active=True, weekday=CheckInTextSchedule.Weekday.MONDAY)
    assert services.checkin_texts_send() == 1
    [question] = texts(welsh, "selfcare/checkin_question")
    assert question.body.startswith("Gwiriad FollowOn: faint mae poen wedi amharu ar eich bywyd yr wythnos hon")
    assert "Atebwch gyda rhif." in question.body
    monday_text_in(client, welsh, "6")
    assert CheckIn.objects.get(owner=welsh).pain_interference == 6
    [thanks] = texts(welsh, "selfcare/checkin_thanks")
    assert thanks.body == "FollowOn: diolch, mae eich gwiriad (6 allan o 10) wedi'i gadw."
    monday_text_in(client, welsh, "6")
    assert texts(welsh, "selfcare/checkin_thanks")[-1].body == (
        "FollowOn: mae'r gwiriad hwn gennym yn barod, felly does dim wedi newid."
    )
    monday_text_in(client, welsh, "4")
    assert texts(welsh, "selfcare/checkin_thanks")[-1].body == (
        "FollowOn: diolch, mae eich gwiriad (4 allan o 10) wedi'i gadw. Mae'n cymryd lle'r un cynharach yr wythnos hon."
    )


def test_welsh_words_after_the_score_go_to_the_safety_queue_unscreened(client, welsh, monday):
    """The screen reads English only: a Welsh line is marked unscreened and a person reads it
    (safety/language.py), so the thanks says the pain service will see it and gives the crisis numbers."""
    services.checkin_texts_set(owner=welsh, active=True, weekday=CheckInTextSchedule.Weekday.MONDAY)
    services.checkin_texts_send()
    monday_text_in(client, welsh, "6 wedi blino ond wedi cerdded")
    checkin = CheckIn.objects.get(owner=welsh)
    assert (checkin.pain_interference, checkin.free_text) == (6, "wedi blino ond wedi cerdded")
    assert checkin.screen_level == "unscreened" and checkin.routed_to_safety
    [thanks] = texts(welsh, "selfcare/checkin_thanks")
    assert thanks.body == (
        f"FollowOn: mae eich gwiriad wedi'i gadw. Bydd eich gwasanaeth poen yn ei weld. {CRISIS_SMS_TEXT}"
    )


def test_a_goal_word_with_worrying_words_after_it_is_screened_and_the_welsh_thanks_keeps_the_numbers(
    client, welsh, monday
):
    """NADDO answers a goal check on its own; with words after it, it is the member talking: it goes to
    the open check-in as free text, the screen flags it, and the Welsh thanks carries the crisis text."""
    goal = goal_for(welsh)
    assert services.goal_checks_send() == 1
    services.checkin_texts_set(owner=welsh, active=True, weekday=CheckInTextSchedule.Weekday.MONDAY)
    assert services.checkin_texts_send() == 1
    inbound = monday_text_in(client, welsh, f"Naddo. {CRISIS}")
    assert not goal.progress.exists()
    checkin = CheckIn.objects.get(owner=welsh)
    assert checkin.flagged and checkin.routed_to_safety
    assert ConcernItem.objects.get(member=welsh).source_ref == f"inbound:{inbound.notify_id}"
    [thanks] = texts(welsh, "selfcare/checkin_thanks")
    assert thanks.body == (
        f"FollowOn: mae eich gwiriad wedi'i gadw. Bydd eich gwasanaeth poen yn ei weld. {CRISIS_SMS_TEXT}"
    )
    assert "116 123" in thanks.body and "85258" in thanks.body and "999" in thanks.body


def test_the_set_back_plan_text_is_welsh(welsh):
    plan = services.setback_plan_save(
        owner=welsh, what_helps="Gwres", what_to_stop="Codi pethau trwm", who_to_tell="Fy mhartner", gp_notes=""
    )
    services.setback_plan_send(plan=plan, channel="sms")
    [text] = texts(welsh, "selfcare/setback_plan")
    assert text.body == (
        "Cynllun FollowOn at adegau anodd. Helpu: Gwres. Stopio: Codi pethau trwm. Dweud wrth: Fy mhartner. "
        "Y cynllun llawn ar eich tudalen FollowOn."
    )


def test_a_welsh_check_in_reply_without_a_score_gets_the_hint_in_welsh(client, welsh, monday):
    """Welsh number words are not read as scores yet (ADR 0027): "chwech" is asked again, in Welsh."""
    services.checkin_texts_set(owner=welsh, active=True, weekday=CheckInTextSchedule.Weekday.MONDAY)
    services.checkin_texts_send()
    inbound = monday_text_in(client, welsh, "chwech")
    assert inbound.outcome == InboundSms.Outcome.INVALID_REPLY
    assert not CheckIn.objects.exists()
    assert texts(welsh, "notifications/not_understood")[-1].body == (
        "FollowOn: mae'n ddrwg gennym, doedden ni ddim yn deall eich ateb. Atebwch gyda rhif o 0 i 10, fel 6."
    )
