"""Availability polls: asking the group when they can come, answers (signed in or by link) and confirming a time."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followon.core.formatting import day_month, weekday_name
from followon.core.links import absolute_url, token_hash
from followon.core.services import audit_record
from followon.meetings import selectors
from followon.meetings.models import (
    Meeting,
    Poll,
    PollAnswer,
    PollLink,
    PollOption,
)
from followon.meetings.recurrence import LONDON, Recurrence, format_clock
from followon.meetings.services.common import MAX_OPTIONS, _members, _require_member, _require_organiser
from followon.meetings.services.series import _meeting_create
from followon.notifications.services import (
    member_notify,
    message_language,
    reminder_schedule,
    reminders_cancel,
)
from followon.peergroups.models import PeerGroup

# Polls ----------------------------------------------------------------------------------------


def poll_create(*, group: PeerGroup, created_by, title: str, closes_at: datetime, options: list[dict]) -> Poll:
    """Open an availability poll and text every member a link to answer it.

    `options` holds dicts with `starts_at`, `ends_at` (aware) and optionally `venue` (a Venue of
    this group or service). Members who have not answered get a reminder a day before it closes.
    """
    _require_organiser(group, created_by)
    errors = {}
    if not options:
        errors["options"] = _("Add at least one date and time for people to choose from")
    elif len(options) > MAX_OPTIONS:
        errors["options"] = ngettext(
            "A poll can have up to %(count)s date and time",
            "A poll can have up to %(count)s dates and times",
            MAX_OPTIONS,
        ) % {"count": MAX_OPTIONS}
    for option in options:
        if option["ends_at"] <= option["starts_at"]:
            errors["options"] = _("Each time must end after it starts")
            break
    now = timezone.now()
    if closes_at <= now:
        errors["closes_at"] = _("The closing date must be in the future")
    elif options and closes_at > min(o["starts_at"] for o in options):
        errors["closes_at"] = _("The poll must close before the first date people can choose")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        poll = Poll.objects.create(
            group=group, title=title.strip() or "Next meeting", closes_at=closes_at, created_by=created_by
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, starts_at=o["starts_at"], ends_at=o["ends_at"], venue=o.get("venue")) for o in options
        )
        for membership in _members(group):
            _poll_invite(poll, membership.user)
        audit_record(
            actor=created_by,
            action="poll.created",
            target=poll,
            service=group.service,
            detail={"options": len(options)},
        )
    return poll


def poll_link_issue(*, poll: Poll, user) -> str:
    """A new single-member link for `poll`; older links of this member for this poll stop working."""
    token = secrets.token_urlsafe(24)
    PollLink.objects.filter(poll=poll, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    PollLink.objects.create(poll=poll, user=user, token_hash=token_hash(token), expires_at=poll.closes_at)
    return token


def _poll_context(poll: Poll, user, token: str) -> dict:
    # In the language the message will be in (series._meeting_context).
    with translation.override(message_language(user, poll.group.service)):
        return {
            "name": user.display_name,
            "group_name": poll.group.name,
            "closes_at": _closes_text(poll.closes_at),
            "link": absolute_url("meetings:poll-link", token),
        }


def _closes_text(moment: datetime) -> str:
    local = moment.astimezone(LONDON)
    return _("%(time)s on %(day)s") % {
        "time": format_clock(local.time()),
        "day": f"{weekday_name(local)} {day_month(local)}",
    }


def _poll_invite(poll: Poll, user) -> None:
    token = poll_link_issue(poll=poll, user=user)
    context = _poll_context(poll, user, token)
    member_notify(
        recipient=user,
        template="meeting_poll",
        context=context,
        idempotency_key=f"poll:{poll.public_id}:invite:{user.public_id}",
        service=poll.group.service,
        topic=f"group:{poll.group.public_id}",
        essential=True,
        sensitive=True,  # the link answers the poll as this member: not kept in the outbox once sent
    )
    remind_at = poll.closes_at - timedelta(days=1)
    if remind_at > timezone.now():
        reminder_schedule(
            key=f"poll:{poll.public_id}:remind:{user.public_id}",
            run_at=remind_at,
            template="meeting_poll_reminder",
            context={**context, "poll_id": str(poll.public_id), "member_id": str(user.public_id)},
            recipient=user,
            service=poll.group.service,
            topic=f"group:{poll.group.public_id}",
            sensitive=True,
        )


def poll_reminder_still_needed(*, key: str, context: dict) -> bool:
    """Reminder guard: only members who have not answered an open poll are reminded."""
    poll = Poll.objects.filter(public_id=context.get("poll_id"), status=Poll.Status.OPEN).first()
    if poll is None or poll.closes_at <= timezone.now():
        return False
    return not PollAnswer.objects.filter(option__poll=poll, user__public_id=context.get("member_id")).exists()


def poll_answer(*, poll: Poll, user, answers: dict[int, str], via_link: bool = False) -> None:
    """Save a member's answers (option id -> yes / if_need_be / no). Answers can change until it closes."""
    if not selectors.poll_is_open(poll):
        raise ValidationError(_("This poll has closed, so answers can no longer be changed"))
    _require_member(poll.group, user)
    option_ids = set(poll.options.values_list("id", flat=True))
    valid = set(PollAnswer.Answer.values)
    if set(answers) - option_ids or set(answers.values()) - valid:
        raise ValidationError(_("Choose Yes, If need be or No for each time"))
    if not answers:
        raise ValidationError(_("Choose Yes, If need be or No for at least one time"))
    with transaction.atomic():
        for option_id, value in answers.items():
            PollAnswer.objects.update_or_create(
                option_id=option_id, user=user, defaults={"answer": value, "via_link": via_link}
            )
        audit_record(actor=user, action="poll.answered", target=poll, service=poll.group.service)


def poll_confirm(*, poll: Poll, user, option: PollOption, title: str = "") -> Meeting:
    """Turn the chosen option into a meeting, tell every member and plan their reminders."""
    _require_organiser(poll.group, user)
    if poll.status != Poll.Status.OPEN:
        raise ValidationError(_("A time has already been chosen for this poll"))
    if option.poll_id != poll.pk:
        raise ValidationError(_("Choose one of this poll's times"))
    if option.starts_at <= timezone.now():
        raise ValidationError(_("That time has passed. Choose a time in the future"))
    with transaction.atomic():
        local_start = option.starts_at.astimezone(LONDON)
        local_end = option.ends_at.astimezone(LONDON)
        meeting = _meeting_create(
            group=poll.group,
            created_by=user,
            title=title or poll.title,
            when=Recurrence.once(local_start, local_end),
            location=option.venue,
            mode=Meeting.Mode.IN_PERSON,
        )
        poll.status = Poll.Status.CONFIRMED
        poll.meeting = meeting
        poll.chosen_option = option
        poll.save(update_fields=["status", "meeting", "chosen_option"])
        PollLink.objects.filter(poll=poll, revoked_at__isnull=True).update(revoked_at=timezone.now())
        reminders_cancel(key_prefix=f"poll:{poll.public_id}:")
        audit_record(actor=user, action="poll.confirmed", target=poll, service=poll.group.service)
    return meeting
