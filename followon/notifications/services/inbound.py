"""Questions asked by text, and the replies: received texts go to the newest open question that takes
them, to HELP / STOP / START, or to the registered fallback (the group's board, after screening)."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from followon.core.phone import possible_number_e164
from followon.core.signposting import CRISIS_SMS_TEXT
from followon.notifications import conf, registry
from followon.notifications.keywords import REPLIES, normalise_reply
from followon.notifications.keywords import START_WORDS as KEYWORD_START_WORDS
from followon.notifications.keywords import STOP_WORDS as KEYWORD_STOP_WORDS
from followon.notifications.models import (
    InboundSms,
    OpenQuestion,
    OutboundMessage,
)
from followon.notifications.services.outbox import message_enqueue, message_language
from followon.notifications.services.preferences import sms_opt_in, sms_opt_out

logger = logging.getLogger(__package__)


# -- questions asked by text, and the replies -----------------------------------------------------------

# The English keywords (the meanings every handler uses); the other languages' words are in keywords.py.
REPLY_SYNONYMS = REPLIES["en"]
RESERVED_KEYWORDS = {"HELP", "STOP", "START"}
# A question whose valid replies include ANY_TEXT takes a free-text answer ("6", "1 3 4", "ALL"):
# its handler gets reply=ANY_TEXT and reads `inbound.body`; it raises ReplyNotUnderstood to ask again.
ANY_TEXT = "TEXT"


class ReplyNotUnderstood(Exception):
    """Raised by a free-text reply handler: `hint` (one line) is texted back, in the language of the
    member's other texts.

    Give words from the catalogue not yet worked out, so they are written when the reply is, under the
    reply's language (`message_language`, as message_enqueue renders every text): `gettext_lazy("...")`
    with `params` for its %(name)s placeholders, or a ValidationError whose message is lazy (a
    service's refusal passed on). A plain string is texted as it is: never give English literals
    (core/tests/test_python_messages.py)."""

    def __init__(self, hint, params: dict | None = None):
        super().__init__(hint)
        self.hint = hint
        self.params = params or {}

    def text(self) -> str:
        """The hint in the active language."""
        if isinstance(self.hint, ValidationError):
            return self.hint.messages[0] if self.hint.messages else ""
        return str(self.hint) % self.params if self.params else str(self.hint)


# Every language's STOP, START and polite words, in English capitals (keywords.py).
STOP_WORDS = set().union(*KEYWORD_STOP_WORDS.values())
START_WORDS = set().union(*KEYWORD_START_WORDS.values())


def open_question_ask(
    *,
    user,
    kind: str,
    object_ref: str,
    valid_replies: list[str],
    service=None,
    expires_at: dt.datetime | None = None,
) -> OpenQuestion:
    """Record that a message asks `user` something; their next matching text answers it.

    Call it in the same transaction as the message that asks (e.g. with
    member_notify). `kind` picks the reply handler (register_reply_handler);
    `object_ref` says what it is about ("meeting:<uuid>"); `valid_replies` from
    YES, NO, MAYBE, STILL HERE, and ANY_TEXT for a free-text answer. The newest open question wins; an older one
    about the same thing is closed. Open for NOTIFICATIONS_QUESTION_DAYS by default.
    """
    replies = [ANY_TEXT if r == ANY_TEXT else REPLY_SYNONYMS.get(r.strip().upper(), "") for r in valid_replies]
    if not replies or "" in replies:
        raise ValueError(f"valid replies must come from {sorted(set(REPLY_SYNONYMS.values()))} or ANY_TEXT")
    now = timezone.now()
    with transaction.atomic():
        OpenQuestion.objects.filter(user=user, kind=kind, object_ref=object_ref, closed_at__isnull=True).update(
            closed_at=now
        )
        return OpenQuestion.objects.create(
            user=user,
            service=service,
            kind=kind,
            object_ref=object_ref,
            valid_replies=sorted(set(replies)),
            asked_at=now,
            expires_at=expires_at or now + dt.timedelta(days=int(conf.get("NOTIFICATIONS_QUESTION_DAYS"))),
        )


def open_questions_close(*, object_ref: str) -> int:
    """Close every open question about `object_ref` (the meeting was cancelled). Returns how many."""
    return OpenQuestion.objects.filter(object_ref=object_ref, closed_at__isnull=True).update(closed_at=timezone.now())


# A member has a few open questions at most; looking at this many newest is one small query.
OPEN_QUESTIONS_LOOKED_AT = 20


def _question_for(user, keyword: str, now) -> OpenQuestion | None:
    """The open question a text answers: the newest one, except that a keyword the newest does not
    take answers the newest question that does (YES to the meeting invitation while the newer
    "who came?" question takes only numbers). Free text always goes to the newest."""
    questions = list(
        OpenQuestion.objects.filter(user=user, closed_at__isnull=True, expires_at__gt=now).order_by("-asked_at", "-id")[
            :OPEN_QUESTIONS_LOOKED_AT
        ]
    )
    if not questions:
        return None
    if keyword and keyword not in RESERVED_KEYWORDS:
        for question in questions:
            if keyword in question.valid_replies:
                return question
    return questions[0]


def _member_service(user):
    """The member's pain service (their membership), else the service that last wrote to them."""
    service = registry.member_service(user)
    if service is not None:
        return service
    message = OutboundMessage.objects.filter(recipient=user, service__isnull=False).order_by("-created_at").first()
    return message.service if message else None


def _reply(inbound: InboundSms, user, template: str, context: dict | None = None) -> None:
    message_enqueue(
        template=template,
        context=context or {},
        idempotency_key=f"inbound:{inbound.notify_id}:reply",
        channel=OutboundMessage.Channel.SMS,
        to_address=user.mobile,
        recipient=user,
        service=inbound.service,
        urgent=True,
        essential=True,
    )


def inbound_sms_receive(
    *, notify_id: str, source_number: str, message: str, received_at: dt.datetime
) -> tuple[InboundSms, bool]:
    """Handle one text a member sent us (Notify's received-text callback). Returns (record, is_new).

    A replay of the same Notify id changes nothing. Unknown numbers get no
    reply and nothing of the text is kept. HELP → crisis signposting; STOP /
    START → texts off / on; YES / NO / MAYBE / STILL HERE → the handler for the
    member's latest open question; anything else → the fallback handler (the
    conversations app: screened by the safety screen, then posted on the
    member's group board), or left for staff of the member's service.
    """
    now = timezone.now()
    with transaction.atomic():
        existing = InboundSms.objects.filter(notify_id=notify_id).first()
        if existing is not None:
            return existing, False
        number = possible_number_e164(source_number)
        user = get_user_model().objects.filter(mobile=number, is_active=True).first() if number else None
        inbound = InboundSms(notify_id=notify_id, received_at=received_at)
        if user is None:
            inbound.outcome = InboundSms.Outcome.UNKNOWN_NUMBER
            try:
                with transaction.atomic():
                    inbound.save()
            except IntegrityError:
                return InboundSms.objects.get(notify_id=notify_id), False
            logger.info("received text %s from a number we do not know; nothing kept", notify_id)
            return inbound, True

        keyword = normalise_reply(message)
        question = _question_for(user, keyword, now)
        inbound.user = user
        inbound.from_number = number
        inbound.body = message
        inbound.keyword = keyword
        inbound.service = question.service if question and question.service_id else _member_service(user)
        inbound.outcome = InboundSms.Outcome.FOR_STAFF
        try:
            with transaction.atomic():
                inbound.save()
        except IntegrityError:
            return InboundSms.objects.get(notify_id=notify_id), False

        inbound.outcome = _route(inbound, user, keyword, question, now)
        inbound.save(update_fields=["outcome", "question"])
    logger.info("received text %s handled as %s", notify_id, inbound.outcome)
    return inbound, True


def _route(inbound: InboundSms, user, keyword: str, question: OpenQuestion | None, now) -> str:
    Outcome = InboundSms.Outcome
    if keyword == "HELP":
        _reply(inbound, user, "notifications/help", {"crisis_text": CRISIS_SMS_TEXT})
        return Outcome.HELP
    if keyword == "STOP":
        sms_opt_out(user=user, via="sms")
        _reply(inbound, user, "notifications/stopped")
        return Outcome.STOP
    if keyword == "START":
        sms_opt_in(user=user, via="sms")
        _reply(inbound, user, "notifications/started")
        return Outcome.START
    if question is not None and ANY_TEXT in question.valid_replies and keyword not in question.valid_replies:
        # Free text, or a keyword no open question takes ("yes" to "how was your week, 0 to 10?"):
        # the handler reads the words and hints if it cannot use them.
        return _answer(inbound, user, question, ANY_TEXT, now)
    if keyword:
        if question is None:
            _reply(inbound, user, "notifications/no_question")
            return Outcome.NO_QUESTION
        inbound.question = question
        if keyword not in question.valid_replies:
            _reply(
                inbound,
                user,
                "notifications/invalid_reply",
                {"valid_replies": [r for r in question.valid_replies if r != ANY_TEXT]},
            )
            return Outcome.INVALID_REPLY
        return _answer(inbound, user, question, keyword, now)
    fallback = registry.fallback_handler()
    if fallback is not None:
        try:
            with transaction.atomic():
                if fallback(user=user, inbound=inbound, service=inbound.service):
                    return Outcome.PASSED_ON
        except Exception:  # noqa: BLE001 - a failing handler must not lose the text
            logger.exception("fallback handler failed on text %s", inbound.notify_id)
    return Outcome.FOR_STAFF


def _answer(inbound: InboundSms, user, question: OpenQuestion, reply: str, now) -> str:
    """Hand `reply` (a keyword, or ANY_TEXT) to the question's handler; it may ask again (ReplyNotUnderstood)."""
    Outcome = InboundSms.Outcome
    inbound.question = question
    handler = registry.reply_handler(question.kind)
    if handler is None:
        logger.warning("no reply handler registered for question kind %s", question.kind)
        return Outcome.FOR_STAFF
    try:
        with transaction.atomic():
            handler(user=user, question=question, reply=reply, inbound=inbound)
            OpenQuestion.objects.filter(pk=question.pk).update(answered_at=now, last_reply=reply)
    except ReplyNotUnderstood as exc:
        # The hint in the language the reply goes out in (the same choice message_enqueue makes).
        with translation.override(message_language(user, inbound.service)):
            hint = exc.text()
        _reply(inbound, user, "notifications/not_understood", {"hint": hint})
        return Outcome.INVALID_REPLY
    except Exception:  # noqa: BLE001 - a failing handler must not lose the text
        logger.exception("reply handler for %s failed on text %s", question.kind, inbound.notify_id)
        return Outcome.HANDLER_ERROR
    return Outcome.ANSWERED
