"""Retention: what FollowOn deletes or anonymises by itself, when, and under which law or guidance.

These rules are the only retention periods FollowOn promises (docs/assurance/dpia.md, Retention).
Anything not covered here is kept until the deploying organisation deletes it, and the DPIA says so.
The daily job `retention-daily` (ADR 0016: started once a UK day by the workers' sweep) applies
every rule; each rule is idempotent, so a second run the same day changes nothing.

This module writes to other apps' tables. That is deliberate and the only such exception to "one
writer per table" (ADR 0020): retention must be one list that a data protection officer can read
in one place, and it only ever deletes or blanks, never creates.

`RETENTION_HOLD=true` stops the job (a legal hold: an inquiry, complaint or claim that needs
records kept past their period, Records Management Code of Practice, Appendix I).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Max, Q
from django_tasks_db.models import DBTaskResult

from followon.accounts.models import (
    AccountClosureRequest,
    ConsentRecord,
    Invitation,
    ServiceMembership,
    User,
    UserSession,
)
from followon.conversations.models import AgreementAcceptance, Post, PostReport
from followon.core.models import AuditEvent
from followon.core.services import audit_record
from followon.meetings.models import CalendarFeed, PollAnswer, PollLink, Rsvp
from followon.network.models import EventInvitation, HelpRequest, JoinRequest
from followon.notifications.models import (
    DeliveryAttempt,
    DigestItem,
    InboundSms,
    NotificationPreference,
    OpenQuestion,
    OutboundMessage,
    Reminder,
)
from followon.organisations.models import StaffRole
from followon.outcomes.models import QuestionnaireInvitation, QuestionnaireSet, Response
from followon.programmes.models import ParticipantUpload
from followon.safety.models import ConcernItem
from followon.selfcare.models import CheckIn, CheckInTextSchedule, Goal, PacingActivity, SetbackPlan

logger = logging.getLogger(__name__)

MESSAGE_CONTENT_DAYS = 90
INVITATION_DAYS = 90
UPLOAD_PREVIEW_HOURS = 24
FINISHED_TASK_DAYS = 30
CLOSED_ACCOUNT_YEARS = 8
REMOVED_NAME = "(details removed)"
# Rows changed per transaction by the rules that can meet millions of rows at once (the first run on a
# service's ten years of texts): short transactions hold few row locks, so sending and the other
# worker are never stuck behind retention (measured at S = 1 by `make bench-load`, ADR 0026).
BATCH_ROWS = 2000


@dataclass(frozen=True)
class RetentionRule:
    id: str
    what: str
    period: str
    basis: str
    apply: Callable[[dt.datetime], int]
    # A batched rule commits as it goes (each batch its own transaction, idempotent if interrupted);
    # any other rule runs in one transaction.
    batched: bool = False


def _years_before(now: dt.datetime, years: int) -> dt.datetime:
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def expired_sessions(now: dt.datetime) -> int:

    deleted, _ = UserSession.objects.filter(expire_date__lt=now).delete()
    # Django's own table is empty since accounts migration 0005; anything left there expires the same way.
    left, _ = Session.objects.filter(expire_date__lt=now).delete()
    return deleted + left


def finished_tasks(now: dt.datetime) -> int:

    cutoff = now - dt.timedelta(days=FINISHED_TASK_DAYS)
    deleted, _ = DBTaskResult.objects.filter(status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=cutoff).delete()
    return deleted


def _finished_messages(cutoff: dt.datetime):
    """Outbound messages that reached a final state before `cutoff` (never one that may still be sent)."""

    Status = OutboundMessage.Status
    return OutboundMessage.objects.filter(
        Q(status__in=[Status.SENT, Status.DELIVERED], sent_at__lt=cutoff)
        | Q(status=Status.FAILED, failed_at__lt=cutoff)
        | Q(status=Status.CANCELLED, created_at__lt=cutoff)
    )


def _in_batches(rows, change: Callable[[list[int]], None]) -> int:
    """Apply `change` to the ids of `rows` in primary-key order, BATCH_ROWS at a time, each batch in its
    own transaction (a savepoint if the caller already holds one). Keyset paging: each batch starts after
    the last id, so the whole pass reads the table once however many rows it changes."""

    total, after = 0, 0
    while True:
        with transaction.atomic():
            ids = list(rows.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:BATCH_ROWS])
            if not ids:
                return total
            change(ids)
        total += len(ids)
        after = ids[-1]
        if len(ids) < BATCH_ROWS:
            return total


def _blank_messages(messages, now: dt.datetime) -> int:

    def blank(ids: list[int]) -> None:
        OutboundMessage.objects.filter(pk__in=ids, body_removed_at__isnull=True).update(body_removed_at=now)
        OutboundMessage.objects.filter(pk__in=ids).update(body="", to_address="")
        DeliveryAttempt.objects.filter(message_id__in=ids).exclude(to_address="").update(to_address="")

    return _in_batches(messages.exclude(body="", to_address=""), blank)


def message_content(now: dt.datetime) -> int:
    """The words and numbers of texts and emails, 90 days after they were finished."""

    cutoff = now - dt.timedelta(days=MESSAGE_CONTENT_DAYS)
    blanked = _blank_messages(_finished_messages(cutoff), now)
    blanked += _in_batches(
        InboundSms.objects.filter(received_at__lt=cutoff).exclude(body="", from_number=""),
        lambda ids: InboundSms.objects.filter(pk__in=ids).update(body="", from_number=""),
    )
    return blanked


def unaccepted_invitations(now: dt.datetime) -> int:
    """The name and contact details of people who never accepted, 90 days after the invitation ended."""

    cutoff = now - dt.timedelta(days=INVITATION_DAYS)
    ended = Q(status=Invitation.Status.REVOKED, revoked_at__lt=cutoff) | Q(
        status=Invitation.Status.PENDING, expires_at__lt=cutoff
    )
    return (
        Invitation.objects.filter(ended)
        .exclude(preferred_name=REMOVED_NAME, mobile="", email="")
        .update(preferred_name=REMOVED_NAME, mobile="", email="")
    )


def abandoned_uploads(now: dt.datetime) -> int:
    """A participant list uploaded for preview and never confirmed or discarded: its rows, after a day."""

    cutoff = now - dt.timedelta(hours=UPLOAD_PREVIEW_HOURS)
    return ParticipantUpload.objects.filter(status=ParticipantUpload.Status.PREVIEW, created_at__lt=cutoff).update(
        status=ParticipantUpload.Status.DISCARDED, rows=[], finished_at=now
    )


def _closed_accounts():
    """Inactive accounts with a completed closure request: (user id, when it was closed)."""

    closed = (
        AccountClosureRequest.objects.filter(status=AccountClosureRequest.Status.COMPLETED, user__is_active=False)
        .exclude(user__in=StaffRole.objects.filter(is_active=True).values("user"))
        .values("user")
        .annotate(closed_at=Max("completed_at"))
    )
    return User, closed


def closed_account_contacts(now: dt.datetime) -> int:
    """What account closure promised to remove but other tables still held: addresses, numbers and
    bodies in the message records, the name on the accepted invitation; planned messages dropped."""

    _, closed = _closed_accounts()
    user_ids = [row["user"] for row in closed]
    if not user_ids:
        return 0
    changed = _blank_messages(
        OutboundMessage.objects.filter(recipient_id__in=user_ids).exclude(
            status__in=[OutboundMessage.Status.QUEUED, OutboundMessage.Status.SENDING]
        ),
        now,
    )
    changed += (
        InboundSms.objects.filter(user_id__in=user_ids).exclude(body="", from_number="").update(body="", from_number="")
    )
    changed += (
        Invitation.objects.filter(accepted_by_id__in=user_ids)
        .exclude(preferred_name=REMOVED_NAME)
        .update(preferred_name=REMOVED_NAME)
    )
    changed += Reminder.objects.filter(recipient_id__in=user_ids, status=Reminder.Status.SCHEDULED).delete()[0]
    changed += DigestItem.objects.filter(recipient_id__in=user_ids, digested_at__isnull=True).delete()[0]
    return changed


def _forget(user, now: dt.datetime) -> None:
    """Delete what belongs to one closed account. Left behind: the empty "Former member" account
    (no name, no contact details) that group memberships, roles, attendance and programme
    enrolments point at, so group histories and programme counts still add up."""

    owned = [
        ConsentRecord.objects.filter(user=user),
        ServiceMembership.objects.filter(user=user),
        ConcernItem.objects.filter(member=user),
        Response.objects.filter(member=user),
        QuestionnaireInvitation.objects.filter(member=user),
        QuestionnaireSet.objects.filter(member=user),
        CheckIn.objects.filter(owner=user),
        CheckInTextSchedule.objects.filter(owner=user),
        Goal.objects.filter(owner=user),
        PacingActivity.objects.filter(owner=user),
        SetbackPlan.objects.filter(owner=user),
        PollAnswer.objects.filter(user=user),
        PollLink.objects.filter(user=user),
        Rsvp.objects.filter(user=user),
        CalendarFeed.objects.filter(user=user),
        JoinRequest.objects.filter(user=user),
        HelpRequest.objects.filter(user=user),
        EventInvitation.objects.filter(user=user),
        AgreementAcceptance.objects.filter(user=user),
        PostReport.objects.filter(reporter=user),
        OutboundMessage.objects.filter(recipient=user),
        InboundSms.objects.filter(user=user),
        Reminder.objects.filter(recipient=user),
        DigestItem.objects.filter(recipient=user),
        OpenQuestion.objects.filter(user=user),
        NotificationPreference.objects.filter(user=user),
        AuditEvent.objects.filter(Q(actor=user) | Q(target_id=str(user.public_id))),
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)),
        AccountClosureRequest.objects.filter(user=user),
    ]
    for queryset in owned:
        queryset.delete()
    # Posts keep their place in threads (other members' replies hang off them) but lose their words.
    Post.objects.filter(author=user).update(body="")
    Post.objects.filter(author=user, deleted_at__isnull=True).update(deleted_at=now)


def closed_accounts(now: dt.datetime) -> int:
    """Closed accounts, 8 years after they were closed."""
    User, closed = _closed_accounts()
    cutoff = _years_before(now, CLOSED_ACCOUNT_YEARS)
    forgotten = 0
    for row in closed.filter(closed_at__lt=cutoff):
        with transaction.atomic():
            _forget(User.objects.get(pk=row["user"]), now)
        forgotten += 1
    return forgotten


RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        "expired-sessions",
        "Signed-in sessions (which account, when it signs out)",
        "deleted once expired (members 30 days at most, staff 12 hours)",
        "UK GDPR Article 5(1)(e) storage limitation; session lengths in ADR 0009. Not a record under the "
        "Records Management Code.",
        expired_sessions,
    ),
    RetentionRule(
        "finished-tasks",
        "Finished background task records (which message or job ran, ids only)",
        f"deleted {FINISHED_TASK_DAYS} days after the task finished",
        "UK GDPR Article 5(1)(e); operational records, kept long enough to investigate a failed job.",
        finished_tasks,
    ),
    RetentionRule(
        "message-content",
        "The words, mobile numbers and email addresses of texts and emails sent and received",
        f"removed {MESSAGE_CONTENT_DAYS} days after the message was sent, failed, was cancelled or was "
        "received; the record that a message was sent (template, status, times) stays",
        "UK GDPR Article 5(1)(c) and (e): the content that matters is kept in its own record (the post, "
        "the answer, the safety queue item). 90 days covers delivery receipts, failed-message follow-up "
        "and staff reading texts left for them.",
        message_content,
        batched=True,
    ),
    RetentionRule(
        "unaccepted-invitations",
        "The name, mobile number and email address on invitations nobody accepted",
        f"removed {INVITATION_DAYS} days after the invitation expired or was cancelled",
        "UK GDPR Article 5(1)(e): the person never joined, so nothing else needs their details.",
        unaccepted_invitations,
    ),
    RetentionRule(
        "abandoned-uploads",
        "Participant lists (names, numbers, addresses) uploaded for a preview and never confirmed",
        f"discarded {UPLOAD_PREVIEW_HOURS} hours after the upload",
        "UK GDPR Article 5(1)(e); the upload's own rule that parsed rows are cleared once confirmed or "
        "discarded (programmes.ParticipantUpload).",
        abandoned_uploads,
    ),
    RetentionRule(
        "closed-account-contacts",
        "A closed account's numbers, addresses and message words left in message records, the name on "
        "its accepted invitation, and messages still planned for it",
        "removed at the next daily run after the account is closed",
        "The closure promise shown to the member and the service admin (accounts.AccountClosureRequest."
        "RETENTION_RULE); UK GDPR Articles 5(1)(e) and 17.",
        closed_account_contacts,
    ),
    RetentionRule(
        "closed-accounts",
        "Everything a closed account owns: consent records, the audit trail about it, questionnaire "
        "answers, check-ins, goals, plans, safety queue items, messages, replies and preferences; post "
        "words removed",
        f"deleted {CLOSED_ACCOUNT_YEARS} years after the account was closed (the last contact)",
        "NHS Records Management Code of Practice 2021 (updated 2023), retention schedule: adult health "
        "records, 8 years after the conclusion of treatment; UK GDPR Article 5(1)(e).",
        closed_accounts,
    ),
)
RULE_IDS = frozenset(rule.id for rule in RULES)


def retention_run(*, now: dt.datetime) -> dict[str, int]:
    """Apply every rule once; how many rows each changed. Each rule runs in its own transaction."""
    counts = {}
    for rule in RULES:
        if rule.batched:
            counts[rule.id] = rule.apply(now)
            continue
        with transaction.atomic():
            counts[rule.id] = rule.apply(now)
    if any(counts.values()):
        audit_record(actor=None, action="retention.applied", target=None, service=None, detail=counts)
    return counts


def retention_job(*, now: dt.datetime) -> str:
    """The daily job (registered in AssuranceConfig.ready). Logs counts only, never personal data."""
    if getattr(settings, "RETENTION_HOLD", False):
        logger.warning("retention held (RETENTION_HOLD=true): nothing deleted")
        return "held"
    counts = retention_run(now=now)
    summary = " ".join(f"{rule}={count}" for rule, count in counts.items())
    logger.info("retention %s", summary)
    return summary
