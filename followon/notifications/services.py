"""Writes for notifications: the outbox, members' preferences, reminders, questions asked by text,
inbound texts, digests, delivery receipts and the worker's periodic sweep.

Public functions other apps call (keyword-only):

- message_enqueue(...)      one message to one address (low level; sign-in codes, staff alerts)
- member_notify(...)        a message to a member, by the channel(s) they chose, honouring
                            STOP, group mutes, quiet hours and their digest choice
- reminder_schedule(...) / reminders_cancel(...)
- open_question_ask(...) / open_questions_close(...)
- digest_item_add(...)
- register_* in followon.notifications.registry
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from followon.core.links import absolute_url
from followon.core.phone import possible_number_e164
from followon.core.services import audit_record
from followon.core.signposting import CRISIS_SMS_TEXT
from followon.notifications import conf, delivery, policy, registry, sweep
from followon.notifications.jsoncontext import decode_context, encode_context
from followon.notifications.models import (
    DigestItem,
    InboundSms,
    NotificationPreference,
    OpenQuestion,
    OutboundMessage,
    Reminder,
)
from followon.notifications.rendering import MessageTemplateError, render_message, sms_fits
from followon.notifications.selectors import preference_for
from followon.notifications.tasks import send_reminder

logger = logging.getLogger(__name__)

Status = OutboundMessage.Status


# -- the outbox ----------------------------------------------------------------------------------


def message_enqueue(
    *,
    template: str,
    context: dict,
    idempotency_key: str,
    channel: str,
    to_address: str,
    recipient=None,
    service=None,
    urgent: bool = False,
    essential: bool = False,
    topic: str = "",
    send_after: dt.datetime | None = None,
    schedule: bool = True,
    sensitive: bool = False,
) -> OutboundMessage:
    """Write one message to the outbox in the caller's transaction.

    The message is rendered now (MessageTemplateError for an unknown template
    or placeholder, raised to the caller). The worker delivers it after the
    caller's transaction commits; a rolled-back change sends nothing. Calling
    again with the same `idempotency_key` returns the first message and sends
    nothing more.

    `urgent` (sign-in codes, safety alerts) skips quiet hours and may use the
    texts reserved for urgent messages in the hourly per-number limit; urgent
    implies `essential`. `essential` messages ignore STOP and group mutes.
    `topic` ("group:<uuid>") lets members mute it and coordinators see failures.
    `sensitive` (sign-in codes, links carrying a token): the body is removed from the outbox once
    the message is sent, refused or cancelled; the row stays (delivery.body_removal).
    `schedule=False` is for workers that deliver the message themselves right after their
    transaction commits (reminders): no task is enqueued unless it must wait; if the worker dies
    first, the periodic sweep finds the message.
    """
    if channel not in OutboundMessage.Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    essential = essential or urgent
    if channel == OutboundMessage.Channel.SMS:
        to_address = possible_number_e164(to_address) or to_address.strip()
    else:
        to_address = to_address.strip()
    existing = OutboundMessage.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    subject, body = render_message(template, channel, context)
    now = timezone.now()
    message = OutboundMessage(
        idempotency_key=idempotency_key,
        template=template,
        channel=channel,
        to_address=to_address,
        recipient=recipient,
        service=service,
        subject=subject,
        body=body,
        urgent=urgent,
        essential=essential,
        topic=topic,
        sensitive=sensitive,
        send_after=max(send_after or now, now),
    )
    decision = policy.decide(
        message, max(message.send_after, now), policy.preference_of(getattr(recipient, "pk", None))
    )
    if decision.action == "cancel":
        message.status = Status.CANCELLED
        message.failure_reason = decision.reason
        for name, value in delivery.body_removal(message, now).items():
            setattr(message, name, value)
    elif decision.action == "defer":
        message.send_after = decision.at
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        # Another caller wrote the same key between our check and our insert.
        return OutboundMessage.objects.get(idempotency_key=idempotency_key)
    if message.status == Status.QUEUED and (schedule or message.send_after > now + delivery.CLOCK_SKEW):
        delivery.schedule_delivery(message, at=message.send_after)
    return message


def message_deliver(*, message_id: int) -> str:
    """Send a queued message once. Safe to call any number of times (see delivery.py)."""
    return delivery.deliver(message_id)


def message_retry(*, message: OutboundMessage, actor) -> OutboundMessage:
    """Staff: try a message again that failed after temporary problems. Audited."""
    if not message.can_be_retried:
        raise ValueError("only messages that failed after temporary problems can be tried again")
    with transaction.atomic():
        locked = OutboundMessage.objects.select_for_update().get(pk=message.pk)
        if not locked.can_be_retried:
            return locked
        locked.status = Status.QUEUED
        locked.attempts = 0
        locked.failure_kind = ""
        locked.failure_reason = ""
        locked.failed_at = None
        # An earlier attempt may have reached the provider: ask before sending.
        locked.needs_reconcile = True
        locked.send_after = timezone.now()
        locked.save()
        audit_record(
            actor=actor,
            action="notification.retried",
            target=locked,
            service=locked.service,
            detail={"template": locked.template, "channel": locked.channel},
        )
        delivery.schedule_delivery(locked)
    return locked


def delivery_receipt_record(*, provider_id: str, reference: str, status: str, completed_at=None) -> str:
    """Apply a GOV.UK Notify delivery receipt. Replays and late duplicates change nothing.

    Returns "updated", "unchanged" or "unknown".
    """
    outcomes = {
        "delivered": (Status.DELIVERED, ""),
        "permanent-failure": (Status.FAILED, "The phone number or email address does not exist or cannot receive it"),
        "temporary-failure": (Status.FAILED, "Not delivered: the phone was off or the inbox full for 3 days"),
        "technical-failure": (Status.FAILED, "Not delivered: a technical problem at GOV.UK Notify"),
    }
    if status not in outcomes:
        return "unchanged"  # sending / created / pending: nothing final yet
    new_status, reason = outcomes[status]
    with transaction.atomic():
        query = OutboundMessage.objects.select_for_update()
        message = None
        if reference:
            message = query.filter(public_id=reference).first() if _is_uuid(reference) else None
        if message is None and provider_id:
            message = query.filter(provider_reference=provider_id).first()
        if message is None:
            return "unknown"
        gave_up = message.status == Status.FAILED and message.failure_kind == OutboundMessage.FailureKind.GAVE_UP
        if gave_up and new_status == Status.DELIVERED:
            # We gave up without knowing whether an attempt reached Notify; it did.
            message.failure_kind = ""
            message.failure_reason = ""
            message.failed_at = None
        elif message.status not in (Status.SENT, Status.SENDING, Status.QUEUED):
            return "unchanged"  # already final (delivered or failed): a replay or a late duplicate
        now = timezone.now()
        if provider_id and not message.provider_reference:
            message.provider_reference = provider_id[:100]
        message.lease_expires_at = None
        if new_status == Status.DELIVERED:
            message.status = Status.DELIVERED
            message.delivered_at = completed_at or now
            message.save(
                update_fields=[
                    "status",
                    "delivered_at",
                    "provider_reference",
                    "lease_expires_at",
                    "failure_kind",
                    "failure_reason",
                    "failed_at",
                ]
            )
        else:
            delivery._fail(message, OutboundMessage.FailureKind.UNDELIVERABLE, reason, now)
            if message.provider_reference:
                OutboundMessage.objects.filter(pk=message.pk).update(provider_reference=message.provider_reference)
    return "updated"


def _is_uuid(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}", value or ""))


# -- members and their preferences -----------------------------------------------------------------


def _preference_for_update(user) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    return preference


def member_channels(user, preference: NotificationPreference, *, essential: bool) -> list[tuple[str, str]]:
    """(channel, address) pairs to reach `user` by, following their choice and the addresses they have."""
    choice = preference.channel or getattr(user, "preferred_channel", "") or "sms"
    wanted = ["sms", "email"] if choice == NotificationPreference.Channel.BOTH else [choice]
    addresses = {"sms": getattr(user, "mobile", None), "email": getattr(user, "email", None)}
    chosen = [(channel, addresses[channel]) for channel in wanted if addresses[channel]]
    if not chosen:
        # They chose a channel we have no address for: use the one we have.
        chosen = [(channel, address) for channel, address in addresses.items() if address][:1]
    if not essential and preference.sms_stopped:
        chosen = [(channel, address) for channel, address in chosen if channel != "sms"]
    return chosen


def member_notify(
    *,
    recipient,
    template: str,
    context: dict,
    idempotency_key: str,
    service=None,
    topic: str = "",
    topic_label: str = "",
    urgent: bool = False,
    essential: bool = False,
    digest_title: str = "",
    schedule: bool = True,
    sensitive: bool = False,
) -> list[OutboundMessage]:
    """Tell a member something, the way they asked to hear from us. In the caller's transaction.

    Sends by SMS, email or both (their preference, falling back to the address
    they have); needs `<template>.sms.txt` and `<template>.email.txt`. Non-essential
    messages skip muted topics and STOPped texts. If the member chose a digest
    and `digest_title` is given, nothing is sent now: the title goes into their
    next digest. Keys are `<idempotency_key>:sms` and `<idempotency_key>:email`.
    Returns the outbox messages written (empty if none).
    """
    essential = essential or urgent
    preference = preference_for(recipient)
    if not essential and topic and topic in (preference.muted_topics or []):
        return []
    if not essential and digest_title and preference.digest != NotificationPreference.Digest.OFF:
        digest_item_add(recipient=recipient, title=digest_title, topic=topic, topic_label=topic_label, service=service)
        return []
    messages = []
    for channel, address in member_channels(recipient, preference, essential=essential):
        messages.append(
            message_enqueue(
                template=template,
                context=context,
                idempotency_key=f"{idempotency_key}:{channel}",
                channel=channel,
                to_address=address,
                recipient=recipient,
                service=service,
                urgent=urgent,
                essential=essential,
                topic=topic,
                schedule=schedule,
                sensitive=sensitive,
            )
        )
    if not messages:
        logger.info("member %s has no address to send %s to", recipient.public_id, template)
    return messages


def preferences_update(
    *,
    user,
    channel: str,
    quiet_hours: bool,
    digest: str,
    muted_topics: list[str],
    sms_stopped: bool | None = None,
) -> NotificationPreference:
    """Save a member's choices (from their preferences page). Audited without values of content."""
    if channel not in NotificationPreference.Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    if digest not in NotificationPreference.Digest.values:
        raise ValueError(f"unknown digest choice {digest!r}")
    with transaction.atomic():
        preference = _preference_for_update(user)
        changed = []
        for field, value in (
            ("channel", channel),
            ("quiet_hours", quiet_hours),
            ("digest", digest),
            ("muted_topics", sorted(set(muted_topics))),
        ):
            if getattr(preference, field) != value:
                setattr(preference, field, value)
                changed.append(field)
        if sms_stopped is not None and sms_stopped != preference.sms_stopped:
            preference.sms_stopped = sms_stopped
            preference.sms_stopped_at = timezone.now() if sms_stopped else None
            changed += ["sms_stopped", "sms_stopped_at"]
        if changed:
            preference.save()
            audit_record(
                actor=user,
                action="notifications.preferences_changed",
                target=preference,
                detail={"fields": sorted(changed)},
            )
    return preference


def topic_mute(*, user, topic: str, muted: bool = True) -> NotificationPreference:
    """Mute (or unmute) one topic for a member, e.g. from a group's page."""
    with transaction.atomic():
        preference = _preference_for_update(user)
        topics = set(preference.muted_topics or [])
        topics = topics | {topic} if muted else topics - {topic}
        if sorted(topics) != sorted(preference.muted_topics or []):
            preference.muted_topics = sorted(topics)
            preference.save(update_fields=["muted_topics", "updated_at"])
            audit_record(
                actor=user,
                action="notifications.topic_muted" if muted else "notifications.topic_unmuted",
                target=preference,
                detail={"topic": topic},
            )
    return preference


def sms_opt_out(*, user, via: str) -> NotificationPreference:
    """STOP: no more non-essential texts to this member. `via` is "sms" or "web"."""
    with transaction.atomic():
        preference = _preference_for_update(user)
        if not preference.sms_stopped:
            preference.sms_stopped = True
            preference.sms_stopped_at = timezone.now()
            preference.save(update_fields=["sms_stopped", "sms_stopped_at", "updated_at"])
            audit_record(actor=user, action="notifications.sms_stopped", target=preference, detail={"via": via})
    return preference


def sms_opt_in(*, user, via: str) -> NotificationPreference:
    """START: texts again."""
    with transaction.atomic():
        preference = _preference_for_update(user)
        if preference.sms_stopped:
            preference.sms_stopped = False
            preference.sms_stopped_at = None
            preference.save(update_fields=["sms_stopped", "sms_stopped_at", "updated_at"])
            audit_record(actor=user, action="notifications.sms_started", target=preference, detail={"via": via})
    return preference


# -- reminders ----------------------------------------------------------------------------------------


def reminder_schedule(
    *,
    key: str,
    run_at: dt.datetime,
    template: str,
    context: dict,
    recipient,
    service=None,
    topic: str = "",
    essential: bool = False,
    urgent: bool = False,
    sensitive: bool = False,
) -> Reminder:
    """Plan (or re-plan) one reminder to one member, in the caller's transaction.

    `key` names it, e.g. "meeting:<meeting uuid>:2d:<member uuid>": calling
    again with the same key moves it (new time, new context) and the earlier
    plan sends nothing, even if it was already sent (a moved meeting gets a
    fresh reminder). The message goes through member_notify() at `run_at`
    (channels, STOP, mutes, quiet hours apply then). The template is rendered
    now with `context` to refuse unknown placeholders at once; context may hold
    dates and aware datetimes. A run_at in the past sends as soon as possible.

    Keep secrets out of `context` (it is stored until sent): store an id instead, and register a
    context resolver for the key prefix (registry.register_reminder_context) that adds the secret
    value (a link with a token) at send time; it is called here too, to check the template renders.
    `sensitive` marks the messages sent (see message_enqueue).
    """
    if timezone.is_naive(run_at):
        raise ValueError("run_at must be timezone-aware")
    _check_renders(template, _resolved_context(key, context))
    encoded = encode_context(context)
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().filter(key=key).first()
        if reminder is None:
            reminder = Reminder(key=key, generation=1)
        else:
            reminder.generation += 1
        reminder.run_at = run_at
        reminder.template = template
        reminder.context = encoded
        reminder.recipient = recipient
        reminder.service = service
        reminder.topic = topic
        reminder.essential = essential or urgent
        reminder.urgent = urgent
        reminder.sensitive = sensitive
        reminder.status = Reminder.Status.SCHEDULED
        reminder.failure_reason = ""
        reminder.sent_at = None
        reminder.save()
        _enqueue_reminder(reminder)
    return reminder


def _resolved_context(key: str, context: dict) -> dict:
    """`context` with what the reminder's context resolver adds (secret values computed when needed)."""
    resolver = registry.reminder_context_resolver(key)
    if resolver is None:
        return context
    return {**context, **resolver(key=key, context=context)}


def _check_renders(template: str, context: dict) -> None:
    rendered = 0
    for channel in OutboundMessage.Channel.values:
        try:
            render_message(template, channel, context)
            rendered += 1
        except MessageTemplateError as exc:
            if "There is no message template" not in str(exc):
                raise
    if not rendered:
        raise MessageTemplateError(f"There is no message template messages/{template}.sms.txt or .email.txt")


def _enqueue_reminder(reminder: Reminder) -> None:

    if delivery.enqueue_task(send_reminder, reminder.pk, reminder.generation, at=reminder.run_at):
        Reminder.objects.filter(pk=reminder.pk).update(last_enqueued_at=timezone.now())


def reminders_cancel(*, key_prefix: str) -> int:
    """Cancel every scheduled reminder whose key starts with `key_prefix` (e.g. "meeting:<uuid>:").

    Call it in the transaction that cancels the subject. Returns how many were cancelled.
    """
    if not key_prefix or len(key_prefix) < 4:
        raise ValueError("give a specific key prefix, such as 'meeting:<uuid>:'")
    return Reminder.objects.filter(key__startswith=key_prefix, status=Reminder.Status.SCHEDULED).update(
        status=Reminder.Status.CANCELLED, generation=F("generation") + 1, updated_at=timezone.now()
    )


def reminder_send(*, reminder_id: int, generation: int) -> str:
    """The worker's side of a reminder: send it if it still stands. Safe to run twice."""
    now = timezone.now()
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().select_related("recipient").filter(pk=reminder_id).first()
        if reminder is None or reminder.generation != generation or reminder.status != Reminder.Status.SCHEDULED:
            return "skipped"
        if reminder.run_at > now:
            return "not-due"
        context = decode_context(reminder.context)
        guard = registry.reminder_guard(reminder.key)
        if guard is not None:
            try:
                still_stands = guard(key=reminder.key, context=context)
            except Exception:  # noqa: BLE001 - a broken guard must not stop the worker
                logger.exception("reminder guard failed for reminder %s", reminder.pk)
                return _reminder_failed(reminder, "The check before sending failed")
            if not still_stands:
                reminder.status = Reminder.Status.CANCELLED
                reminder.failure_reason = "Its subject was cancelled or has passed"
                reminder.save(update_fields=["status", "failure_reason", "updated_at"])
                return "cancelled"
        if not reminder.recipient.is_active:
            reminder.status = Reminder.Status.CANCELLED
            reminder.failure_reason = "The member's account is closed"
            reminder.save(update_fields=["status", "failure_reason", "updated_at"])
            return "cancelled"
        try:
            context = _resolved_context(reminder.key, context)
        except Exception:  # noqa: BLE001 - a broken resolver must not stop the worker
            logger.exception("reminder context resolver failed for reminder %s", reminder.pk)
            return _reminder_failed(reminder, "The message could not be written: its details are missing")
        try:
            with transaction.atomic():
                written = member_notify(
                    recipient=reminder.recipient,
                    template=reminder.template,
                    context=context,
                    idempotency_key=f"reminder:{reminder.key}:{reminder.generation}",
                    service=reminder.service,
                    topic=reminder.topic,
                    urgent=reminder.urgent,
                    essential=reminder.essential,
                    schedule=False,
                    sensitive=reminder.sensitive,
                )
        except MessageTemplateError as exc:
            logger.warning("reminder %s could not be written: %s", reminder.pk, exc)
            return _reminder_failed(reminder, str(exc))
        if not written:
            reminder.status = Reminder.Status.CANCELLED
            reminder.failure_reason = "Not sent: the member muted this topic, or we have no address for them"
            reminder.save(update_fields=["status", "failure_reason", "updated_at"])
            return "cancelled"
        reminder.status = Reminder.Status.SENT
        reminder.sent_at = now
        reminder.save(update_fields=["status", "sent_at", "updated_at"])
    # Deliver at once in this task (one task per reminder, not two). A message that must wait
    # got its own task; if this worker dies here, the sweep finds the message.
    for message in written:
        if message.status == Status.QUEUED and message.last_enqueued_at is None:
            delivery.deliver(message.pk)
    return "sent"


def _reminder_failed(reminder: Reminder, reason: str) -> str:
    reminder.status = Reminder.Status.FAILED
    reminder.failure_reason = reason[:200]
    reminder.save(update_fields=["status", "failure_reason", "updated_at"])
    return "failed"


# -- questions asked by text, and the replies -----------------------------------------------------------

REPLY_SYNONYMS = {
    "YES": "YES",
    "Y": "YES",
    "YEP": "YES",
    "NO": "NO",
    "N": "NO",
    "MAYBE": "MAYBE",
    "STILL HERE": "STILL HERE",
    "STILLHERE": "STILL HERE",
    # Goal check-ins (selfcare): DONE / PARTLY / NOT THIS WEEK read as YES / MAYBE / NO.
    "DONE": "YES",
    "PARTLY": "MAYBE",
    "NOT THIS WEEK": "NO",
}
RESERVED_KEYWORDS = {"HELP", "STOP", "START"}
# A question whose valid replies include ANY_TEXT takes a free-text answer ("6", "1 3 4", "ALL"):
# its handler gets reply=ANY_TEXT and reads `inbound.body`; it raises ReplyNotUnderstood to ask again.
ANY_TEXT = "TEXT"


class ReplyNotUnderstood(Exception):
    """Raised by a free-text reply handler: `hint` (plain English, one line) is texted back."""

    def __init__(self, hint: str):
        super().__init__(hint)
        self.hint = hint


STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
START_WORDS = {"START", "UNSTOP"}


# Politeness after a keyword ("Yes please", "No thanks x") leaves it a keyword; any other word makes
# the text free text (passed on, and screened): "No, I'm not OK" must never be read as NO.
POLITE_WORDS = {"PLEASE", "THANKS", "THANK", "YOU", "TA", "CHEERS", "OK", "OKAY", "X", "XX", "XXX"}


def normalise_reply(text: str) -> str:
    """The keyword a text is, if it is only a keyword ("Yes!" → "YES"), perhaps with thanks after it
    ("Yes please"); else "" (free text)."""
    words = re.sub(r"[^A-Za-z ]+", " ", text or "").upper().split()
    while len(words) > 1 and words[-1] in POLITE_WORDS:
        words.pop()
    phrase = " ".join(words)
    if len(phrase) > 20 or not phrase:
        return ""
    if phrase in STOP_WORDS:
        return "STOP"
    if phrase in START_WORDS:
        return "START"
    if phrase == "HELP":
        return "HELP"
    return REPLY_SYNONYMS.get(phrase, "")


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
    group's coordinator), or left for staff of the member's service.
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
        _reply(inbound, user, "notifications/not_understood", {"hint": exc.hint})
        return Outcome.INVALID_REPLY
    except Exception:  # noqa: BLE001 - a failing handler must not lose the text
        logger.exception("reply handler for %s failed on text %s", question.kind, inbound.notify_id)
        return Outcome.HANDLER_ERROR
    return Outcome.ANSWERED


# -- digests ------------------------------------------------------------------------------------------------

SMS_DIGEST_TITLE_CHARS = 60


def digest_item_add(*, recipient, title: str, topic: str = "", topic_label: str = "", service=None) -> DigestItem:
    """Add one line to a member's next digest (in the caller's transaction).

    Usually called for you by member_notify(digest_title=...); call it directly
    to add to the digest whatever the member's choice.
    """
    return DigestItem.objects.create(
        recipient=recipient,
        title=title.strip()[:120],
        topic=topic,
        topic_label=topic_label[:100],
        service=service,
    )


def _digest_context(items: list[DigestItem], *, sms: bool) -> dict:
    lines = []
    for item in items:
        title = item.title
        if sms and len(title) > SMS_DIGEST_TITLE_CHARS:
            title = title[: SMS_DIGEST_TITLE_CHARS - 3].rstrip() + "..."
        lines.append({"title": title, "topic_label": item.topic_label})
    return {"items": lines, "count": len(items), "more": 0, "sign_in_url": _sign_in_url()}


def _sign_in_url() -> str:
    return absolute_url("accounts:sign-in")


def _fit_sms_digest(items: list[DigestItem]) -> dict:
    """The SMS digest context with as many titles as fit in two fragments."""
    context = _digest_context(items, sms=True)
    shown = list(context["items"])
    while True:
        context["items"] = shown
        context["more"] = context["count"] - len(shown)
        _, body = render_message("notifications/digest", "sms", context)
        if sms_fits(body) or not shown:
            return context
        shown = shown[:-1]


def digests_send(*, frequency: str, period_key: str) -> int:
    """Send one digest per member for the period. Returns how many members got one. Safe to run twice.

    Members who chose `frequency` get their pending items; on the daily run,
    members who have since turned digests off also get what was still pending.
    """
    Digest = NotificationPreference.Digest
    frequencies = [frequency] + ([Digest.OFF] if frequency == Digest.DAILY else [])
    pending = (
        DigestItem.objects.filter(digested_at__isnull=True)
        .filter(recipient__notification_preference__digest__in=frequencies, recipient__is_active=True)
        .select_related("recipient", "recipient__notification_preference", "service")
        .order_by("recipient_id", "created_at", "id")
    )
    by_member: dict[int, list[DigestItem]] = {}
    for item in pending:
        by_member.setdefault(item.recipient_id, []).append(item)
    sent = 0
    for items in by_member.values():
        if _send_one_digest(items, frequency=frequency, period_key=period_key):
            sent += 1
    return sent


def _send_one_digest(items: list[DigestItem], *, frequency: str, period_key: str) -> bool:
    user = items[0].recipient
    preference = user.notification_preference
    muted = set(preference.muted_topics or [])
    shown = [item for item in items if not item.topic or item.topic not in muted]
    key = f"digest:{frequency}:{period_key}:{user.public_id}"
    now = timezone.now()
    with transaction.atomic():
        locked = DigestItem.objects.select_for_update().filter(pk__in=[i.pk for i in items], digested_at__isnull=True)
        if len(list(locked)) != len(items):
            return False  # another worker is sending this digest
        service = next((item.service for item in reversed(items) if item.service_id), None)
        for channel, address in member_channels(user, preference, essential=False) if shown else []:
            context = _fit_sms_digest(shown) if channel == "sms" else _digest_context(shown, sms=False)
            message_enqueue(
                template="notifications/digest",
                context=context,
                idempotency_key=f"{key}:{channel}",
                channel=channel,
                to_address=address,
                recipient=user,
                service=service,
            )
        DigestItem.objects.filter(pk__in=[i.pk for i in items]).update(digested_at=now, digest_key=key)
    return bool(shown)


# -- the worker's periodic sweep ---------------------------------------------------------------------------


def outbox_sweep(*, now: dt.datetime | None = None) -> dict:
    """Run by every worker process every WORKER_HEARTBEAT_SECONDS (followon/core/worker_hooks.py).

    Finds work whose task was lost and asks for it again (tasks of dead workers,
    due messages and reminders nobody is handling), and starts the daily and
    weekly digests once per period. Every step is idempotent and safe to run
    from several workers at once.
    """

    return sweep.run(now=now or timezone.now())
