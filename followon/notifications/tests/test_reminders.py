"""Reminders: scheduled with the task queue's run_after, re-planned when the subject moves,
never sent for a cancelled subject. The example is a meeting, as the meetings app will use it."""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest

from followon.notifications import registry, services, sweep
from followon.notifications.models import OutboundMessage, Reminder
from followon.notifications.rendering import MessageTemplateError

pytestmark = pytest.mark.django_db

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")


class Meetings:
    """A stand-in for the meetings app: what it keeps, and how it plans its reminders."""

    def __init__(self):
        self.cancelled: set[str] = set()

    @staticmethod
    def reminder_times(starts_at):
        """Two days before, and at 8am UK time on the day."""
        morning = dt.datetime.combine(starts_at.astimezone(LONDON).date(), dt.time(8), tzinfo=LONDON)
        return {"2d": starts_at - dt.timedelta(days=2), "morning": morning}

    def plan(self, meeting_id, member, starts_at, where="The Orchard Cafe"):
        for label, run_at in self.reminder_times(starts_at).items():
            services.reminder_schedule(
                key=f"meeting:{meeting_id}:{label}:{member.public_id}",
                run_at=run_at,
                template="notifications/reminder",
                context={
                    "what": "Southmead walking group meeting",
                    "when": starts_at,
                    "where": where,
                    "action": "Reply YES if you are coming, NO if not, or MAYBE.",
                },
                recipient=member,
                topic="group:southmead",
            )

    def cancel(self, meeting_id):
        self.cancelled.add(str(meeting_id))
        return services.reminders_cancel(key_prefix=f"meeting:{meeting_id}:")

    def still_on(self, *, key, context):
        return key.split(":")[1] not in self.cancelled


@pytest.fixture
def meetings():
    example = Meetings()
    registry.register_reminder_guard("meeting:", example.still_on)
    yield example
    registry.unregister(guard_prefix="meeting:")


STARTS = dt.datetime(2026, 6, 16, 9, 30, tzinfo=UTC)  # Tuesday 16 June, 10:30 BST


def sent_bodies(fake_notify):
    return [n["body"] for n in fake_notify.sent]


def test_meeting_reminders_go_two_days_before_and_on_the_morning(tasks, texter, fake_notify, clock, meetings):
    meeting = uuid.uuid4()
    meetings.plan(meeting, texter, STARTS)
    assert Reminder.objects.count() == 2
    assert tasks.run() == []

    clock.set(STARTS - dt.timedelta(days=2, seconds=1))
    assert tasks.run() == []
    clock.set(STARTS - dt.timedelta(days=2))
    assert tasks.run() == ["sent"]  # the reminder task delivers its message itself
    assert sent_bodies(fake_notify) == [
        "FollowOn reminder: Southmead walking group meeting, Tuesday 16 June at 10:30am, at The Orchard Cafe. "
        "Reply YES if you are coming, NO if not, or MAYBE."
    ]

    clock.set(dt.datetime(2026, 6, 16, 7, 0, tzinfo=UTC))  # 08:00 BST on the day
    assert tasks.run() == ["sent"]
    assert len(fake_notify.sent) == 2
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


def test_a_moved_meeting_gets_its_reminders_at_the_new_time_only(tasks, texter, fake_notify, clock, meetings):
    meeting = uuid.uuid4()
    meetings.plan(meeting, texter, STARTS)
    moved = STARTS + dt.timedelta(days=7, hours=3)  # Tuesday 23 June, 13:30 BST
    meetings.plan(meeting, texter, moved, where="The Library")
    assert Reminder.objects.count() == 2
    assert set(Reminder.objects.values_list("generation", flat=True)) == {2}

    clock.set(STARTS)  # the old times have passed: their tasks do nothing
    assert tasks.run() == ["skipped"] * 2
    assert fake_notify.sent == []

    clock.set(moved)
    assert sorted(tasks.run()) == ["sent"] * 2
    assert all("Tuesday 23 June at 1:30pm, at The Library" in body for body in sent_bodies(fake_notify))


def test_a_reminder_already_sent_is_sent_again_when_the_meeting_moves(tasks, texter, fake_notify, clock, meetings):
    meeting = uuid.uuid4()
    meetings.plan(meeting, texter, STARTS)
    clock.set(STARTS - dt.timedelta(days=2))
    tasks.run()
    assert len(fake_notify.sent) == 1
    later = STARTS + dt.timedelta(days=1)
    meetings.plan(meeting, texter, later)
    clock.set(later - dt.timedelta(days=2))
    tasks.run()
    assert len(fake_notify.sent) == 2
    assert "Wednesday 17 June" in fake_notify.sent[1]["body"]


def test_nothing_is_sent_for_a_cancelled_meeting(tasks, texter, fake_notify, clock, meetings):
    meeting, other = uuid.uuid4(), uuid.uuid4()
    meetings.plan(meeting, texter, STARTS)
    meetings.plan(other, texter, STARTS)
    assert meetings.cancel(meeting) == 2
    clock.set(STARTS)
    tasks.run()
    statuses = dict(Reminder.objects.values_list("key", "status"))
    assert [s for k, s in statuses.items() if str(meeting) in k] == ["cancelled", "cancelled"]
    assert [s for k, s in statuses.items() if str(other) in k] == ["sent", "sent"]
    assert len(fake_notify.sent) == 2


def test_the_guard_stops_a_reminder_whose_subject_was_cancelled_without_cancelling_it(
    tasks, texter, fake_notify, clock, meetings
):
    meeting = uuid.uuid4()
    meetings.plan(meeting, texter, STARTS)
    meetings.cancelled.add(str(meeting))  # the meeting was cancelled, but nobody called reminders_cancel
    clock.set(STARTS)
    assert tasks.run() == ["cancelled", "cancelled"]
    assert fake_notify.sent == []
    assert set(Reminder.objects.values_list("failure_reason", flat=True)) == {"Its subject was cancelled or has passed"}


def test_a_reminder_follows_the_members_preferences_at_send_time(tasks, texter, fake_notify, clock, meetings):
    meetings.plan(uuid.uuid4(), texter, STARTS)
    services.topic_mute(user=texter, topic="group:southmead")
    Reminder.objects.filter(key__endswith=f"morning:{texter.public_id}").delete()
    clock.set(STARTS)
    assert tasks.run() == ["cancelled", "skipped"]  # the deleted reminder's task finds nothing
    assert fake_notify.sent == []
    assert OutboundMessage.objects.count() == 0
    reminder = Reminder.objects.get()
    assert reminder.failure_reason == "Not sent: the member muted this topic, or we have no address for them"


def test_unknown_placeholders_are_refused_when_scheduling(texter):
    with pytest.raises(MessageTemplateError, match="when"):
        services.reminder_schedule(
            key="example:1:deadline",
            run_at=STARTS,
            template="notifications/reminder",
            context={"what": "Vote", "where": "", "action": ""},
            recipient=texter,
        )
    with pytest.raises(MessageTemplateError, match="There is no message template"):
        services.reminder_schedule(key="x:1", run_at=STARTS, template="nope", context={}, recipient=texter)
    assert Reminder.objects.count() == 0


def test_a_template_that_breaks_at_send_time_fails_the_reminder_not_the_worker(tasks, texter, fake_notify, clock):
    reminder = services.reminder_schedule(
        key="example:1:deadline",
        run_at=STARTS,
        template="notifications/reminder",
        context={"what": "Vote", "when": STARTS, "where": "", "action": ""},
        recipient=texter,
    )
    Reminder.objects.filter(pk=reminder.pk).update(context={"what": "Vote"})
    clock.set(STARTS)
    assert tasks.run() == ["failed"]
    reminder.refresh_from_db()
    assert reminder.status == "failed"
    assert "needs values the caller did not give: action, when, where" in reminder.failure_reason
    assert OutboundMessage.objects.count() == 0


def test_naive_times_and_vague_cancellations_are_refused(texter):
    with pytest.raises(ValueError, match="timezone-aware"):
        services.reminder_schedule(
            key="x:1", run_at=dt.datetime(2026, 6, 1, 9), template="notifications/started", context={}, recipient=texter
        )
    with pytest.raises(ValueError, match="specific key prefix"):
        services.reminders_cancel(key_prefix="")


def test_a_reminder_whose_task_was_lost_is_found_by_the_sweep(tasks, texter, fake_notify, clock):
    for name in registry.daily_jobs():  # the apps' own daily jobs would start too (undone after the test)
        registry.unregister(daily_job=name)
    from django_tasks_db.models import DBTaskResult

    services.reminder_schedule(
        key="example:2:invite",
        run_at=STARTS,
        template="notifications/reminder",
        context={"what": "Your 3-month questionnaire", "when": STARTS, "where": "", "action": ""},
        recipient=texter,
    )
    DBTaskResult.objects.all().delete()
    clock.set(STARTS + dt.timedelta(minutes=3))
    assert sweep.outbox_sweep()["stranded_reminders"] == 1
    assert [r for r in tasks.run() if isinstance(r, str)] == ["sent"]
    assert len(fake_notify.sent) == 1


class WorkerKilled(BaseException):
    pass


def test_a_worker_killed_between_the_reminder_and_its_delivery_leaves_the_message_to_the_sweep(
    tasks, texter, fake_notify, clock, monkeypatch
):
    from followon.notifications import delivery

    services.reminder_schedule(
        key="example:3:reminder",
        run_at=STARTS,
        template="notifications/reminder",
        context={"what": "Walk", "when": STARTS, "where": "", "action": ""},
        recipient=texter,
    )
    clock.set(STARTS)

    def killed(message_id):
        raise WorkerKilled

    with monkeypatch.context() as patch:
        patch.setattr(delivery, "deliver", killed)
        tasks.run()
    message = OutboundMessage.objects.get()
    assert message.status == "queued"
    assert fake_notify.sent == []
    clock.advance(minutes=3)
    assert sweep.outbox_sweep()["stranded_messages"] == 1
    assert "sent" in tasks.run()
    assert len(fake_notify.sent) == 1


def test_a_reminder_that_falls_in_quiet_hours_gets_its_own_task_for_the_morning(tasks, texter, fake_notify, clock):
    night = dt.datetime(2026, 6, 10, 22, 0, tzinfo=UTC)  # 23:00 BST
    services.reminder_schedule(
        key="example:4:reminder",
        run_at=night,
        template="notifications/reminder",
        context={"what": "Walk", "when": STARTS, "where": "", "action": ""},
        recipient=texter,
    )
    clock.set(night)
    assert tasks.run() == ["sent"]
    assert fake_notify.sent == []
    clock.set(dt.datetime(2026, 6, 11, 7, 0, tzinfo=UTC))
    assert tasks.run() == ["sent"]
    assert len(fake_notify.sent) == 1
