"""The weekly check-in by text: the member's schedule, asking, and reading the reply."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from followon.core.services import audit_record
from followon.notifications.models import OpenQuestion, OutboundMessage
from followon.notifications.services import ANY_TEXT, ReplyNotUnderstood, message_enqueue, open_question_ask
from followon.safety.screen import screen_text_safely
from followon.safety.services import sms_screen_ref
from followon.selfcare.models import (
    CheckIn,
    CheckInTextSchedule,
)
from followon.selfcare.selectors import london_today, week_start
from followon.selfcare.services.checkins import checkin_submit
from followon.selfcare.services.common import (
    CHECKIN_HINT,
    CHECKIN_KIND,
    CHECKIN_QUESTION_DAYS,
    SMS_FREE_TEXT_LIMIT,
    _member_service,
)

# -- weekly check-in by text ----------


@transaction.atomic
def checkin_texts_set(*, owner, active: bool, weekday: int | None) -> CheckInTextSchedule:
    """Turn the weekly check-in text on (on `weekday`, 0 = Monday) or off."""
    errors = {}
    if active and not owner.mobile:
        errors["active"] = _("Add a mobile phone number to your account first")
    if active and (weekday is None or weekday not in CheckInTextSchedule.Weekday.values):
        errors["weekday"] = _("Choose the day you would like the text")
    if errors:
        raise ValidationError(errors)
    defaults = {"active": active}
    if weekday is not None and weekday in CheckInTextSchedule.Weekday.values:
        defaults["weekday"] = weekday
    schedule, _created = CheckInTextSchedule.objects.update_or_create(owner=owner, defaults=defaults)
    audit_record(
        actor=owner, action="selfcare.checkin_texts_set", detail={"active": active, "weekday": schedule.weekday}
    )
    return schedule


def checkin_text_due(owner, today: dt.date) -> bool:
    """No text if they have already checked in this week (on the web or by text)."""
    return not CheckIn.objects.filter(owner=owner, week_start=week_start(today)).exists()


def checkin_text_send(*, owner, today: dt.date | None = None):
    """Text the owner this week's check-in question and open a question their reply answers.

    Returns the outbox message, or None (no mobile, already checked in, or texts turned off with STOP).
    Idempotent per member and week: the outbox key is the week's."""

    today = today or london_today()
    if not owner.mobile or not checkin_text_due(owner, today):
        return None
    monday = week_start(today)
    service = _member_service(owner)
    with transaction.atomic():
        message = message_enqueue(
            template="selfcare/checkin_question",
            context={},
            idempotency_key=f"selfcare:checkin-text:{owner.public_id}:{monday.isoformat()}",
            channel="sms",
            to_address=owner.mobile,
            recipient=owner,
            service=service,
        )
        if message.status == OutboundMessage.Status.CANCELLED:
            return None
        ref = f"checkin:{owner.public_id}:{monday.isoformat()}"
        if not _question_open(owner, ref):
            open_question_ask(
                user=owner,
                kind=CHECKIN_KIND,
                object_ref=ref,
                # DONE / PARTLY / NOT THIS WEEK still answer an open goal check: a keyword goes to
                # the newest question that takes it (notifications routing).
                valid_replies=[ANY_TEXT],
                service=service,
                expires_at=timezone.now() + dt.timedelta(days=CHECKIN_QUESTION_DAYS),
            )
    return message


def _question_open(owner, object_ref: str) -> bool:

    return OpenQuestion.objects.filter(user=owner, object_ref=object_ref, closed_at__isnull=True).exists()


def checkin_texts_send(*, today: dt.date | None = None) -> int:
    """The members who chose today for their weekly check-in text get it (once a week each)."""
    today = today or london_today()
    schedules = (
        CheckInTextSchedule.objects.filter(weekday=today.weekday(), active=True, owner__is_active=True)
        .exclude(owner__mobile__isnull=True)
        .exclude(owner__mobile="")
        .select_related("owner")
        .order_by("id")
    )
    sent = 0
    for schedule in schedules.iterator():
        if checkin_text_send(owner=schedule.owner, today=today) is not None:
            sent += 1
    return sent


def checkin_texts_job(*, now: dt.datetime) -> dict:
    """Daily job (registered in SelfcareConfig.ready): today's weekly check-in texts."""
    return {"checkin_texts_sent": checkin_texts_send(today=timezone.localdate(now))}


_NUMBER_WORDS = {
    "zero": 0, "nought": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_CHECKIN_REPLY = re.compile(
    r"^\s*(?P<score>\d{1,2}|[a-z]+)(?:\s*(?:/|out of)\s*10)?(?![\w.,]\d)(?P<rest>.*)$", re.IGNORECASE | re.DOTALL
)


def parse_checkin_text(body: str) -> tuple[int, str] | None:
    """The score and free line of a check-in text: "6", "6 tired but walked", "6/10 - ok", "six, better".

    None if the text does not start with a whole number from 0 to 10."""
    match = _CHECKIN_REPLY.match(body or "")
    if not match:
        return None
    raw = match["score"].lower()
    score = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
    if score is None or not 0 <= score <= 10:
        return None
    rest = match["rest"]
    if rest and rest[0].isalnum() and raw.isdigit():  # "6am", "10k": not a score on its own
        return None
    return score, re.sub(r"^[\W_]+", "", rest).strip()


def checkin_text_reply(*, user, question, reply, inbound) -> None:
    """Reply handler for the weekly check-in text: "6" or "6 tired but walked" saves this week's check-in
    through checkin_submit, like the web form (so the free line is screened the same way).

    Duplicates: one check-in by text per week. A second reply that week replaces the first (the
    thank-you says so); the same words again change nothing. A reply without a score is hinted at
    (ReplyNotUnderstood), unless the screen flags it: then it is kept as a check-in with only a free
    line, so it reaches the safety queue (a hint would roll it back and lose it)."""

    body = (inbound.body or "").strip()
    parsed = parse_checkin_text(body)
    if parsed is None:
        if not body or not screen_text_safely(body).needs_review:
            raise ReplyNotUnderstood(CHECKIN_HINT)
        score, line = None, body
    else:
        score, line = parsed
    line = line[:SMS_FREE_TEXT_LIMIT]
    _kind, _owner, monday = question.object_ref.split(":", 2)
    monday = dt.date.fromisoformat(monday)
    earlier = CheckIn.objects.filter(owner=user, week_start=monday, source=CheckIn.Source.SMS).order_by("-id").first()
    if earlier is not None and score is None:
        score = earlier.pain_interference  # a flagged line on its own keeps the week's score
    same = earlier is not None and (earlier.pain_interference, earlier.free_text) == (score, line)
    if same:
        checkin = earlier
    else:
        checkin = checkin_submit(
            owner=user,
            pain_interference=score,
            free_text=line,
            source=CheckIn.Source.SMS,
            day=monday,
            replaces=earlier,
            sms_screen_ref=sms_screen_ref(inbound),
        )
    message_enqueue(
        template="selfcare/checkin_thanks",
        context={
            "score": "" if checkin.pain_interference is None else str(checkin.pain_interference),
            "changed": earlier is not None and not same,
            "same": same,
            "flagged": checkin.flagged,
            "told": checkin.routed_to_safety,
        },
        idempotency_key=f"inbound:{inbound.notify_id}:reply",
        channel="sms",
        to_address=user.mobile,
        recipient=user,
        service=checkin.service,
        essential=True,
        urgent=checkin.flagged,
    )
