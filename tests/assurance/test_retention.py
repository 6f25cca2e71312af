"""Retention (followon/assurance/retention.py), tested by travelling in time.

Each rule must leave everything alone until its period has passed and act the day after; the
daily job must be started by the workers' sweep like every daily job (ADR 0016); a hold stops it.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from followon.accounts.models import (
    AccountClosureRequest,
    ConsentNotice,
    ConsentRecord,
    Invitation,
    ServiceMembership,
    User,
    UserSession,
)
from followon.accounts.services import closure_request_complete, closure_request_create
from followon.accounts.sessions import SessionStore
from followon.accounts.tests.factories import UserFactory
from followon.assurance import retention
from followon.assurance.retention import RULES, retention_job, retention_run
from followon.conversations.models import Post
from followon.core.models import AuditEvent
from followon.meetings.models import Attendance, Meeting
from followon.notifications import registry, sweep
from followon.notifications.models import DeliveryAttempt, InboundSms, OutboundMessage, ScheduledRun
from followon.notifications.testing.tasks import DATABASE_TASKS, TaskRunner
from followon.organisations.models import StaffRole
from followon.organisations.tests.factories import StaffRoleFactory
from followon.peergroups.models import GroupMembership, PeerGroup
from followon.safety.models import ConcernItem
from followon.safety.services import concern_raise
from followon.selfcare.models import CheckIn

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
T0 = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


def travel(moment):
    return time_machine.travel(moment, tick=False)


def sent_message(user, *, status=OutboundMessage.Status.SENT, **fields):
    now = timezone.now()
    stamps = {
        OutboundMessage.Status.SENT: {"sent_at": now},
        OutboundMessage.Status.DELIVERED: {"sent_at": now, "delivered_at": now},
        OutboundMessage.Status.FAILED: {"failed_at": now},
    }.get(status, {})
    message = OutboundMessage.objects.create(
        idempotency_key=f"test:{OutboundMessage.objects.count()}",
        recipient=user,
        channel="sms",
        to_address=user.mobile or "+447700900001",
        template="test",
        body="Your group meets on Tuesday at 10:30",
        status=status,
        **stamps,
        **fields,
    )
    DeliveryAttempt.objects.create(
        message=message, number=1, rate_key="test", channel="sms", to_address=message.to_address, outcome="sent"
    )
    return message


def text_from(user, body="Running late, save me a seat"):
    return InboundSms.objects.create(
        notify_id=f"n-{InboundSms.objects.count()}",
        received_at=timezone.now(),
        user=user,
        from_number=user.mobile,
        body=body,
        outcome=InboundSms.Outcome.PASSED_ON,
    )


def invitation(service, **fields):
    defaults = {
        "preferred_name": "Sam Invited",
        "channel": Invitation.Channel.SMS,
        "mobile": "+447700900555",
        "token_hash": f"hash-{Invitation.objects.count()}",
        "expires_at": timezone.now(),
    }
    return Invitation.objects.create(service=service, **(defaults | fields))


def close_account(user, service, admin):
    (request,) = closure_request_create(user=user, reason="moving away")
    closure_request_complete(closure_request=request, actor=admin)
    user.refresh_from_db()
    return user


def members_things(user, service, group):
    """What a member leaves behind: a consent, a check-in, a post, a concern, a message each way."""
    notice, _ = ConsentNotice.objects.get_or_create(
        service=service, kind="privacy", version=1, defaults={"title": "Privacy", "body": "..."}
    )
    ConsentRecord.objects.create(user=user, service=service, kind="privacy", notice=notice, version=1, decision="given")
    CheckIn.objects.create(owner=user, service=service, week_start=timezone.localdate(), mood="low", free_text="Rough")
    post = Post.objects.create(group=group, author=user, body="Anyone for a walk on Friday?")
    concern_raise(service=service, member=user, source="self", level="concern")
    sent_message(user)
    text_from(user)
    return post


@pytest.fixture
def group(service):
    return PeerGroup.objects.create(service=service, name="Tuesday group", status=PeerGroup.Status.ACTIVE)


@pytest.fixture
def people(service, group, service_admin):
    """At T0: Chris closes their account; Pat stays. Both were in the group, went to a meeting and posted."""
    with travel(T0):
        chris = UserFactory(preferred_name="Chris Closing", mobile="+447700900111")
        pat = UserFactory(preferred_name="Pat Staying", mobile="+447700900222")
        meeting = Meeting.objects.create(
            group=group, starts_at=T0 - dt.timedelta(days=7), ends_at=T0 - dt.timedelta(days=7, hours=-2)
        )
        for person in (chris, pat):
            GroupMembership.objects.create(group=group, user=person, status="member", joined_at=T0)
            Attendance.objects.create(meeting=meeting, user=person, attended=True)
            ServiceMembership.objects.create(service=service, user=person)
        chris_post = members_things(chris, service, group)
        members_things(pat, service, group)
        reply = Post.objects.create(group=group, author=pat, parent=chris_post, body="Count me in")
        close_account(chris, service, service_admin)
    return chris, pat, reply


def test_every_rule_names_its_period_and_the_law_or_guidance_it_follows():
    assert [rule.id for rule in RULES] == [
        "expired-sessions",
        "finished-tasks",
        "message-content",
        "unaccepted-invitations",
        "abandoned-uploads",
        "closed-account-contacts",
        "closed-accounts",
    ]
    for rule in RULES:
        assert rule.what and rule.period
        assert "Article" in rule.basis or "Records Management Code" in rule.basis, rule.id


def test_each_rule_waits_for_its_period_then_acts(service, people):
    chris, pat, reply = people
    with travel(T0):
        store = SessionStore()  # the engine in settings (accounts.sessions)
        store["member"] = str(pat.public_id)
        store.set_expiry(dt.timedelta(days=30))
        store.create()
        task = DBTaskResult.objects.create(
            status="SUCCESSFUL", task_path="x.y", args_kwargs={}, queue_name="default", backend_name="default",
            finished_at=T0, run_after=T0, priority=0,
        )  # fmt: skip
        never_accepted = invitation(service, expires_at=T0)
        accepted = invitation(service, status=Invitation.Status.ACCEPTED, accepted_by=pat, expires_at=T0)
        queued = OutboundMessage.objects.create(
            idempotency_key="queued", recipient=pat, channel="sms", to_address=pat.mobile, template="t", body="Soon"
        )
    pats_message = OutboundMessage.objects.filter(recipient=pat, status="sent").get()
    pats_text = InboundSms.objects.get(user=pat)

    # The closure promise is kept at the next daily run: Chris's numbers and words leave the message records.
    with travel(T0 + dt.timedelta(days=1)):
        retention_run(now=timezone.now())
    chris_message = OutboundMessage.objects.get(recipient=chris)
    assert (chris_message.body, chris_message.to_address) == ("", "")
    assert not DeliveryAttempt.objects.filter(message=chris_message).exclude(to_address="").exists()
    assert InboundSms.objects.get(user=chris).from_number == ""
    assert UserSession.objects.filter(session_key=store.session_key).exists()

    # A day before 30 days the session (30-day expiry) and the finished task are kept; just after, gone.
    with travel(T0 + dt.timedelta(days=29)):
        retention_run(now=timezone.now())
    assert UserSession.objects.filter(session_key=store.session_key).exists()
    assert DBTaskResult.objects.filter(pk=task.pk).exists()
    with travel(T0 + dt.timedelta(days=30, hours=1)):
        retention_run(now=timezone.now())
    assert not UserSession.objects.filter(session_key=store.session_key).exists()
    assert not DBTaskResult.objects.filter(pk=task.pk).exists()

    # 89 days: message words and numbers are still there; 91 days: gone, the record of sending stays.
    with travel(T0 + dt.timedelta(days=89)):
        retention_run(now=timezone.now())
    pats_message.refresh_from_db()
    never_accepted.refresh_from_db()
    assert pats_message.body and pats_message.to_address == pat.mobile
    assert InboundSms.objects.get(pk=pats_text.pk).body
    assert never_accepted.mobile
    with travel(T0 + dt.timedelta(days=91)):
        retention_run(now=timezone.now())
    pats_message.refresh_from_db()
    assert (pats_message.body, pats_message.to_address, pats_message.status) == ("", "", "sent")
    assert pats_message.body_removed_at is not None
    assert InboundSms.objects.get(pk=pats_text.pk).body == ""
    never_accepted.refresh_from_db()
    accepted.refresh_from_db()
    assert (never_accepted.preferred_name, never_accepted.mobile) == (retention.REMOVED_NAME, "")
    assert (accepted.preferred_name, accepted.mobile) == ("Sam Invited", "+447700900555")
    queued.refresh_from_db()
    assert (queued.body, queued.to_address) == ("Soon", pat.mobile)  # may still be sent: never touched

    # 8 years less a day after closing, Chris's records are all there; the day after, gone.
    closed_on = AccountClosureRequest.objects.get(user=chris).completed_at
    with travel(closed_on.replace(year=closed_on.year + 8) - dt.timedelta(days=1)):
        assert retention_run(now=timezone.now())["closed-accounts"] == 0
    assert ConsentRecord.objects.filter(user=chris).exists()
    assert CheckIn.objects.filter(owner=chris).exists()
    with travel(closed_on.replace(year=closed_on.year + 8) + dt.timedelta(days=1)):
        assert retention_run(now=timezone.now())["closed-accounts"] == 1
    assert not ConsentRecord.objects.filter(user=chris).exists()
    assert not CheckIn.objects.filter(owner=chris).exists()
    assert not ConcernItem.objects.filter(member=chris).exists()
    assert not AccountClosureRequest.objects.filter(user=chris).exists()
    assert not AuditEvent.objects.filter(actor=chris).exists()
    assert not AuditEvent.objects.filter(target_id=str(chris.public_id)).exists()
    assert not OutboundMessage.objects.filter(recipient=chris).exists()
    chris_post = Post.objects.get(author=chris)
    assert chris_post.body == "" and chris_post.deleted_at is not None
    # What is left is an empty account that group histories point at; Pat's things are untouched.
    chris.refresh_from_db()
    assert (chris.preferred_name, chris.mobile, chris.email, chris.is_active) == ("Former member", None, None, False)
    assert Attendance.objects.filter(user=chris).exists()
    assert GroupMembership.objects.filter(user=chris).exists()
    reply.refresh_from_db()
    assert reply.body == "Count me in" and reply.parent_id == chris_post.pk
    assert ConsentRecord.objects.filter(user=pat).exists() and CheckIn.objects.filter(owner=pat).exists()
    assert Post.objects.get(author=pat, parent=None).body == "Anyone for a walk on Friday?"
    assert ConcernItem.objects.filter(member=pat).exists()


def test_an_upload_left_in_preview_loses_its_rows_after_a_day(service, clinician):
    from followon.programmes.models import ParticipantUpload
    from followon.programmes.tests.factories import make_programme

    with travel(T0):
        programme = make_programme(service, clinician)
        upload = ParticipantUpload.objects.create(
            programme=programme, uploaded_by=clinician, rows=[{"name": "Sam", "mobile": "07700900555"}]
        )
        confirmed = ParticipantUpload.objects.create(
            programme=programme, uploaded_by=clinician, rows=[], status=ParticipantUpload.Status.CONFIRMED
        )
    with travel(T0 + dt.timedelta(hours=23)):
        assert retention_run(now=timezone.now())["abandoned-uploads"] == 0
    with travel(T0 + dt.timedelta(hours=25)):
        assert retention_run(now=timezone.now())["abandoned-uploads"] == 1
    upload.refresh_from_db()
    confirmed.refresh_from_db()
    assert (upload.status, upload.rows) == (ParticipantUpload.Status.DISCARDED, [])
    assert confirmed.status == ParticipantUpload.Status.CONFIRMED


def test_a_second_run_the_same_day_changes_nothing(service, people):
    later = T0 + dt.timedelta(days=365 * 9)
    with travel(later):
        first = retention_run(now=timezone.now())
        second = retention_run(now=timezone.now())
    assert first["closed-accounts"] == 1 and first["message-content"] > 0
    assert set(second.values()) == {0}


def test_a_run_that_changes_something_is_audited_with_counts_only(service, people):
    with travel(T0 + dt.timedelta(days=1)):
        counts = retention_run(now=timezone.now())
    event = AuditEvent.objects.get(action="retention.applied")
    assert event.detail == counts and event.actor is None


def test_an_account_reopened_or_still_staff_is_never_deleted(service, people):
    chris, _, _ = people
    User.objects.filter(pk=chris.pk).update(is_active=True)
    with travel(T0 + dt.timedelta(days=365 * 9)):
        assert retention_run(now=timezone.now())["closed-accounts"] == 0
    User.objects.filter(pk=chris.pk).update(is_active=False)
    StaffRoleFactory(service=service, user=chris, role=StaffRole.Role.PTV)
    with travel(T0 + dt.timedelta(days=365 * 9)):
        assert retention_run(now=timezone.now())["closed-accounts"] == 0
    assert ConsentRecord.objects.filter(user=chris).exists()


def test_a_retention_hold_stops_everything(service, people, settings):
    settings.RETENTION_HOLD = True
    with travel(T0 + dt.timedelta(days=365 * 9)):
        assert retention_job(now=timezone.now()) == "held"
    assert ConsentRecord.objects.filter(user=people[0]).exists()
    assert OutboundMessage.objects.filter(recipient=people[1]).exclude(body="").exists()


def test_the_workers_sweep_starts_the_job_once_a_day_from_2am_uk_time(settings, service, people):
    settings.TASKS = DATABASE_TASKS
    tasks = TaskRunner()
    assert registry.daily_jobs()["retention-daily"][1] == 2
    day = T0 + dt.timedelta(days=100)
    before = dt.datetime.combine(day.date(), dt.time(1, 59), tzinfo=LONDON)
    with travel(before):
        sweep.start_due_daily_jobs(now=timezone.now())
    assert not ScheduledRun.objects.filter(name="daily-retention-daily").exists()
    with travel(before + dt.timedelta(minutes=1)):
        sweep.start_due_daily_jobs(now=timezone.now())
        sweep.start_due_daily_jobs(now=timezone.now())  # a second worker's sweep
        results = tasks.run()
    assert [r for r in results if str(r).startswith("expired-sessions=")] == results
    assert ScheduledRun.objects.filter(name="daily-retention-daily").count() == 1
    assert OutboundMessage.objects.filter(recipient=people[1], body="").exists()


def test_message_content_is_blanked_in_short_batches_that_each_commit(service, people, monkeypatch):
    """Ten years of texts meet retention at once on its first run (3M at S = 1, ADR 0026): the rule works
    through them a batch at a time, each batch its own transaction, with the same few queries each."""
    chris, pat, _reply = people
    with travel(T0):
        for _ in range(7):
            sent_message(pat)
    monkeypatch.setattr(retention, "BATCH_ROWS", 3)
    transactions = []
    real_atomic = retention.transaction.atomic

    def counting_atomic(*args, **kwargs):
        transactions.append(1)
        return real_atomic(*args, **kwargs)

    monkeypatch.setattr(retention.transaction, "atomic", counting_atomic)
    with travel(T0 + dt.timedelta(days=91)):
        blanked = retention.message_content(timezone.now())
    waiting = OutboundMessage.objects.filter(status="sent").exclude(body="", to_address="")
    assert not waiting.exists()
    assert (
        blanked
        == OutboundMessage.objects.filter(body_removed_at__isnull=False).count()
        + InboundSms.objects.filter(from_number="").count()
    )
    outbound = OutboundMessage.objects.filter(body_removed_at__isnull=False).count()
    assert outbound >= 7
    # One transaction per batch of outbound messages (plus the last, empty look), then the received texts'.
    assert len(transactions) >= -(-outbound // 3)
    rule = next(rule for rule in RULES if rule.id == "message-content")
    assert rule.batched
