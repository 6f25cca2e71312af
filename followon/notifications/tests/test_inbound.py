"""Texts members send us: GOV.UK Notify's received-text callback."""

import json
import logging
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy

from followon.core.signposting import CRISIS_SMS_TEXT
from followon.notifications import registry, selectors, services
from followon.notifications.models import InboundSms, OpenQuestion, OutboundMessage

pytestmark = pytest.mark.django_db

TOKEN = "received-text-token-0123456789"
URL = "/callbacks/notify/received-text"
Outcome = InboundSms.Outcome


@pytest.fixture(autouse=True)
def callback_token(settings):
    settings.NOTIFY_RECEIVED_TEXT_TOKEN = TOKEN


def payload(message, source="447700900111", notify_id=None):
    return {
        "id": notify_id or str(uuid.uuid4()),
        "source_number": source,
        "destination_number": "07700987654",
        "message": message,
        "date_received": "2026-06-10T10:15:30.000000Z",
    }


def post(client, body, token=TOKEN):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **headers)


def replies():
    return list(OutboundMessage.objects.filter(template__startswith="notifications/").order_by("id"))


@pytest.fixture
def rsvps():
    received = []

    def handler(*, user, question, reply, inbound):
        received.append((user, question.object_ref, reply))

    registry.register_reply_handler("rsvp", handler)
    yield received
    registry.unregister(reply_kind="rsvp")


@pytest.fixture
def coordinator_inbox():
    passed = []

    def fallback(*, user, inbound, service):
        passed.append((user, inbound.body))
        return True

    registry.register_fallback_handler(fallback)
    yield passed
    registry.unregister(fallback=True)


def test_url_is_named(client):
    assert reverse("notifications:notify-received-text") == URL


def test_help_gets_crisis_signposting_straight_back(client, texter):
    response = post(client, payload("help"))
    assert response.status_code == 200
    [reply] = replies()
    assert CRISIS_SMS_TEXT in reply.body
    assert (reply.to_address, reply.urgent, reply.essential) == ("+447700900111", True, True)
    assert InboundSms.objects.get().outcome == Outcome.HELP


def test_stop_turns_texts_off_and_start_turns_them_on(client, texter):
    post(client, payload("STOP"))
    assert selectors.preference_for(texter).sms_stopped
    post(client, payload(" Start. "))
    assert not selectors.preference_for(texter).sms_stopped
    assert [r.template for r in replies()] == ["notifications/stopped", "notifications/started"]
    assert list(InboundSms.objects.order_by("id").values_list("outcome", flat=True)) == [Outcome.STOP, Outcome.START]


def test_yes_answers_the_open_question_through_its_handler(client, texter, rsvps, service):
    services.open_question_ask(
        user=texter, kind="rsvp", object_ref="meeting:abc", valid_replies=["YES", "NO", "MAYBE"], service=service
    )
    post(client, payload("Yes!"))
    assert rsvps == [(texter, "meeting:abc", "YES")]
    inbound = InboundSms.objects.get()
    assert inbound.outcome == Outcome.ANSWERED
    assert inbound.service == service
    question = OpenQuestion.objects.get()
    assert question.last_reply == "YES"
    assert question.answered_at is not None


def test_the_latest_question_is_the_one_answered(client, texter, rsvps):
    services.open_question_ask(user=texter, kind="rsvp", object_ref="meeting:old", valid_replies=["YES", "NO"])
    services.open_question_ask(user=texter, kind="rsvp", object_ref="meeting:new", valid_replies=["YES", "NO"])
    post(client, payload("no"))
    assert rsvps == [(texter, "meeting:new", "NO")]


def test_still_here_goes_to_the_still_here_handler(client, texter):
    got = []
    registry.register_reply_handler("check_in", lambda **kw: got.append(kw["reply"]))
    try:
        services.open_question_ask(user=texter, kind="check_in", object_ref="group:1", valid_replies=["STILL HERE"])
        post(client, payload("still here"))
    finally:
        registry.unregister(reply_kind="check_in")
    assert got == ["STILL HERE"]


def test_a_reply_that_does_not_fit_the_question_is_explained(client, texter, rsvps):
    services.open_question_ask(user=texter, kind="rsvp", object_ref="meeting:1", valid_replies=["YES", "NO", "MAYBE"])
    post(client, payload("STILL HERE"))
    assert rsvps == []
    [reply] = replies()
    assert reply.body == "FollowOn: sorry, we did not understand your reply. Please reply MAYBE, NO or YES."
    assert InboundSms.objects.get().outcome == Outcome.INVALID_REPLY


def test_a_keyword_with_no_open_question_gets_a_gentle_answer(client, texter):
    post(client, payload("yes"))
    [reply] = replies()
    assert reply.template == "notifications/no_question"
    assert "text HELP" in reply.body


def test_expired_and_closed_questions_are_not_answered(client, texter, rsvps, clock):
    import datetime as dt

    services.open_question_ask(
        user=texter,
        kind="rsvp",
        object_ref="meeting:1",
        valid_replies=["YES"],
        expires_at=clock.now + dt.timedelta(days=1),
    )
    services.open_question_ask(user=texter, kind="rsvp", object_ref="meeting:2", valid_replies=["YES"])
    assert services.open_questions_close(object_ref="meeting:2") == 1
    clock.advance(days=2)
    post(client, payload("YES"))
    assert rsvps == []
    assert InboundSms.objects.get().outcome == Outcome.NO_QUESTION


def test_other_texts_go_to_the_coordinator_through_the_fallback_handler(client, texter, coordinator_inbox):
    post(client, payload("Sorry I can't make it, my back is bad this week"))
    assert coordinator_inbox == [(texter, "Sorry I can't make it, my back is bad this week")]
    assert InboundSms.objects.get().outcome == Outcome.PASSED_ON
    assert replies() == []


def test_other_texts_wait_for_staff_when_no_one_else_can_take_them(client, texter, service):
    registry.unregister(fallback=True)  # e.g. the member is in no group
    services.message_enqueue(
        template="notifications/started",
        context={},
        idempotency_key="x",
        channel="sms",
        to_address=texter.mobile,
        recipient=texter,
        service=service,
        urgent=True,
    )
    post(client, payload("Is the group still meeting?"))
    inbound = InboundSms.objects.get()
    assert (inbound.outcome, inbound.service, inbound.body) == (
        Outcome.FOR_STAFF,
        service,
        "Is the group still meeting?",
    )


def test_a_failing_handler_keeps_the_text_for_staff(client, texter):
    def broken(**kwargs):
        raise RuntimeError("bug")

    registry.register_reply_handler("rsvp", broken)
    try:
        services.open_question_ask(user=texter, kind="rsvp", object_ref="meeting:1", valid_replies=["YES"])
        assert post(client, payload("YES")).status_code == 200
    finally:
        registry.unregister(reply_kind="rsvp")
    assert InboundSms.objects.get().outcome == Outcome.HANDLER_ERROR
    assert OpenQuestion.objects.get().answered_at is None


def test_unknown_numbers_get_nothing_back_and_nothing_of_the_text_is_kept_or_logged(client, texter, caplog):
    registry.unregister(fallback=True)
    with caplog.at_level(logging.DEBUG):
        response = post(client, payload("my secret text", source="447700900999"))
    assert response.status_code == 200
    inbound = InboundSms.objects.get()
    assert (inbound.outcome, inbound.body, inbound.from_number, inbound.user) == (Outcome.UNKNOWN_NUMBER, "", "", None)
    assert OutboundMessage.objects.count() == 0
    assert "my secret text" not in caplog.text
    assert "900999" not in caplog.text


def test_a_replayed_callback_is_handled_once(client, texter):
    body = payload("HELP")
    assert post(client, body).json() == {"result": "received"}
    assert post(client, body).json() == {"result": "already received"}
    assert InboundSms.objects.count() == 1
    assert len(replies()) == 1


@pytest.mark.parametrize(
    ("token", "status"),
    [(None, 401), ("", 401), ("wrong-token-0123456789", 403), (TOKEN + "x", 403)],
)
def test_wrong_or_missing_bearer_token_is_refused_and_nothing_recorded(client, texter, token, status):
    response = post(client, payload("HELP"), token=token)
    assert response.status_code == status
    assert InboundSms.objects.count() == 0
    assert OutboundMessage.objects.count() == 0


def test_no_token_configured_refuses_every_callback(client, texter, settings):
    settings.NOTIFY_RECEIVED_TEXT_TOKEN = ""
    assert post(client, payload("HELP")).status_code == 403
    assert InboundSms.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[1, 2]",
        {"id": "not-a-uuid", "source_number": "447700900111", "message": "hi", "date_received": "2026-06-10T10:15:30Z"},
        {
            "id": str(uuid.uuid4()),
            "source_number": "<script>",
            "message": "hi",
            "date_received": "2026-06-10T10:15:30Z",
        },
        {
            "id": str(uuid.uuid4()),
            "source_number": "447700900111",
            "message": 5,
            "date_received": "2026-06-10T10:15:30Z",
        },
        {"id": str(uuid.uuid4()), "source_number": "447700900111", "message": "hi", "date_received": "yesterday"},
        {"id": str(uuid.uuid4()), "source_number": "447700900111", "message": "hi"},
    ],
)
def test_malformed_callbacks_are_400_and_nothing_is_recorded(client, texter, body):
    assert post(client, body).status_code == 400
    assert InboundSms.objects.count() == 0


def test_only_post_is_allowed(client):
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405


def test_open_questions_take_only_known_replies(texter):
    with pytest.raises(ValueError, match="valid replies"):
        services.open_question_ask(user=texter, kind="rsvp", object_ref="m", valid_replies=["HELP"])


@pytest.fixture
def scores():
    """A free-text question kind: takes a number 0-10, asks again for anything else."""
    received = []

    def handler(*, user, question, reply, inbound):
        text = inbound.body.strip()
        if not text.isdigit() or int(text) > 10:
            raise services.ReplyNotUnderstood("Reply with a number from 0 to 10, like 6.")
        received.append((question.object_ref, reply, int(text)))

    registry.register_reply_handler("score", handler)
    yield received
    registry.unregister(reply_kind="score")


def test_a_free_text_answer_goes_to_a_question_that_takes_text(client, texter, scores, coordinator_inbox):
    services.open_question_ask(user=texter, kind="score", object_ref="check-in:1", valid_replies=[services.ANY_TEXT])
    post(client, payload(" 6 "))
    assert scores == [("check-in:1", services.ANY_TEXT, 6)]
    assert coordinator_inbox == []
    assert InboundSms.objects.get().outcome == Outcome.ANSWERED
    assert OpenQuestion.objects.get().last_reply == services.ANY_TEXT


def test_a_text_answer_the_handler_cannot_read_is_asked_again_and_nothing_changes(client, texter, scores):
    services.open_question_ask(user=texter, kind="score", object_ref="check-in:1", valid_replies=[services.ANY_TEXT])
    post(client, payload("eleventy"))
    assert scores == []
    [reply] = replies()
    assert reply.body == "FollowOn: sorry, we did not understand your reply. Reply with a number from 0 to 10, like 6."
    assert InboundSms.objects.get().outcome == Outcome.INVALID_REPLY
    assert OpenQuestion.objects.get().answered_at is None


@pytest.fixture
def counts():
    """A free-text question kind whose hints come from the catalogue: lazy, with a placeholder, or a
    service's refusal (a ValidationError) passed on."""

    def handler(*, user, question, reply, inbound):
        text = inbound.body.strip()
        if text == "refuse":
            raise services.ReplyNotUnderstood(ValidationError(gettext_lazy("Choose people from the group")))
        raise services.ReplyNotUnderstood(
            gettext_lazy("Reply with numbers from 1 to %(count)s, like 1 3 4, or ALL, or NONE"), {"count": 5}
        )

    registry.register_reply_handler("count", handler)
    yield
    registry.unregister(reply_kind="count")


@pytest.mark.parametrize(
    ("language", "offered", "text", "hint"),
    [
        ("cy", ["cy"], "un dau", "Atebwch gyda rhifau o 1 i 5, fel 1 3 4, neu PAWB, neu NEB"),
        ("cy", ["cy"], "refuse", "Dewiswch bobl o'r grŵp"),
        ("en", ["cy"], "un dau", "Reply with numbers from 1 to 5, like 1 3 4, or ALL, or NONE"),
        ("en", ["cy"], "refuse", "Choose people from the group"),
        ("cy", [], "un dau", "Reply with numbers from 1 to 5, like 1 3 4, or ALL, or NONE"),
    ],
)
def test_the_hint_is_written_in_the_language_of_the_members_texts(
    client, texter, service, counts, language, offered, text, hint
):
    """The handler runs in the callback's language (English); its hint is written with the reply, in
    the member's message language (their preference where the service offers it), as the sentence
    around it is."""
    service.message_languages = offered
    service.save()
    texter.language = language
    texter.save()
    services.open_question_ask(
        user=texter, kind="count", object_ref="count:1", valid_replies=[services.ANY_TEXT], service=service
    )
    post(client, payload(text))
    [reply] = replies()
    welsh = services.message_language(texter, service) == "cy"
    sorry = (
        "FollowOn: mae'n ddrwg gennym, doedden ni ddim yn deall eich ateb."
        if welsh
        else "FollowOn: sorry, we did not understand your reply."
    )
    assert reply.body == f"{sorry} {hint}"
    assert InboundSms.objects.get().outcome == Outcome.INVALID_REPLY


def test_keywords_still_work_on_a_question_that_takes_text(client, texter, scores):
    services.open_question_ask(
        user=texter, kind="score", object_ref="check-in:1", valid_replies=[services.ANY_TEXT, "NO"]
    )
    post(client, payload("help"))
    assert [r.template for r in replies()] == ["notifications/help"]
    post(client, payload("maybe"))  # not a keyword this question takes: its handler reads it as text
    assert replies()[-1].body == (
        "FollowOn: sorry, we did not understand your reply. Reply with a number from 0 to 10, like 6."
    )
    assert scores == []


def test_a_keyword_the_newest_question_does_not_take_answers_the_newest_that_does(client, texter, rsvps, scores):
    services.open_question_ask(user=texter, kind="rsvp", object_ref="meeting:1", valid_replies=["YES", "NO"])
    services.open_question_ask(user=texter, kind="score", object_ref="check-in:1", valid_replies=[services.ANY_TEXT])
    post(client, payload("Yes please"))
    assert rsvps == [(texter, "meeting:1", "YES")]
    post(client, payload("7"))  # free text still goes to the newest question
    assert scores == [("check-in:1", services.ANY_TEXT, 7)]


def test_a_keyword_no_open_question_takes_goes_as_text_to_the_newest_that_takes_text(client, texter, scores):
    services.open_question_ask(user=texter, kind="score", object_ref="check-in:1", valid_replies=[services.ANY_TEXT])
    post(client, payload("yes"))
    inbound = InboundSms.objects.get()
    assert scores == []
    assert inbound.outcome == Outcome.INVALID_REPLY
    assert replies()[-1].body.endswith("Reply with a number from 0 to 10, like 6.")
