"""Attendance by text from the coordinator, and the meetings daily job, through the real
received-text callback and the registered daily job."""

from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from followon.core.models import AuditEvent
from followon.meetings import services
from followon.meetings.models import Attendance, AttendanceQuestion, Meeting, MeetingPlan
from followon.meetings.recurrence import LONDON
from followon.notifications import registry
from followon.notifications.models import InboundSms, OpenQuestion, OutboundMessage, Reminder
from followon.notifications.rendering import sms_fits
from followon.notifications.services import ReplyNotUnderstood
from followon.notifications.testing.inbound import RECEIVED_TEXT_TOKEN, text_in
from followon.peergroups.models import PeerGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def callback_token(settings):
    settings.NOTIFY_RECEIVED_TEXT_TOKEN = RECEIVED_TEXT_TOKEN


def questions_to(user):
    return OutboundMessage.objects.filter(recipient=user, template="meeting_attendance_question", channel="sms")


def came(meeting):
    held = meeting if meeting.frequency == Meeting.Frequency.ONE_OFF else meeting.held_occurrences.get()
    return set(Attendance.objects.filter(meeting=held, attended=True).values_list("user__preferred_name", flat=True))


@pytest.fixture
def after(meeting):
    """The clock moved to an hour after the coordinator's coffee morning ended."""
    with time_machine.travel(meeting.ends_at + timedelta(hours=1), tick=False):
        yield


@pytest.fixture
def asked(meeting, after):
    assert services.attendance_questions_due() == 1
    return AttendanceQuestion.objects.get(meeting=meeting)


class TestAsking:
    def test_the_coordinator_gets_a_numbered_list_of_first_names(self, asked, coordinator, meeting):
        [sms] = questions_to(coordinator)
        day = meeting.starts_at.astimezone(LONDON).strftime("%A")
        assert sms.body == (
            f"Who came to {day}'s meeting? Reply with their numbers, like 1 3 4, or ALL, or NONE. "
            "1 Ann, 2 Bea, 3 Cal, 4 Dot"
        )
        assert sms_fits(sms.body)
        question = OpenQuestion.objects.get(user=coordinator, kind="meeting_attendance")
        assert question.object_ref == f"attendance:{asked.public_id}"

    def test_asking_again_sends_nothing_more(self, asked, coordinator):
        assert services.attendance_questions_due() == 0
        assert services.meetings_daily(now=timezone.now()).endswith("0 attendance questions")
        assert questions_to(coordinator).count() == 1

    def test_nothing_is_asked_before_it_ends_or_once_recorded_on_the_web(self, meeting, coordinator, people):
        with time_machine.travel(meeting.ends_at - timedelta(minutes=5), tick=False):
            assert services.attendance_questions_due() == 0
            services.attendance_record(
                meeting=meeting,
                occurrence_date=meeting.starts_at.astimezone(LONDON).date(),
                recorded_by=coordinator,
                attended_user_ids={people[0].pk},
            )
        with time_machine.travel(meeting.ends_at + timedelta(hours=1), tick=False):
            assert services.attendance_questions_due() == 0

    def test_a_cancelled_meeting_is_not_asked_about(self, meeting, coordinator):
        services.meeting_cancel(meeting=meeting, user=coordinator)
        with time_machine.travel(meeting.ends_at + timedelta(hours=1), tick=False):
            assert services.attendance_questions_due() == 0

    def test_a_long_list_points_at_the_attendance_page_instead(self, meeting, coordinator):
        users = [SimpleNamespace(preferred_name=f"Bartholomew{n} Smith") for n in range(15)]
        occurrence = services.recurrence_for(meeting).first()
        context = services._attendance_context(meeting, occurrence, coordinator, users)
        assert context["names"] == ""
        from followon.notifications.rendering import render_message

        _, body = render_message("meeting_attendance_question", "sms", context)
        assert "Reply ALL or the numbers; see the list at http" in body
        assert f"/my/meetings/{meeting.public_id}/attendance/?date=" in body
        assert sms_fits(body)

    def test_same_first_names_get_an_initial(self):
        users = [SimpleNamespace(preferred_name=n) for n in ["Ann Lee", "Ann Ng", "Bob", ""]]
        assert services.short_names(users) == ["Ann L", "Ann N", "Bob", "Member"]


def test_a_coordinator_who_chose_email_gets_the_list_by_email_and_no_text_question(meeting, coordinator):
    coordinator.preferred_channel = "email"
    coordinator.email = "ann@example.org"
    coordinator.save()
    with time_machine.travel(meeting.ends_at + timedelta(hours=1), tick=False):
        assert services.attendance_questions_due() == 1
    [email] = OutboundMessage.objects.filter(template="meeting_attendance_question")
    assert email.channel == "email"
    assert "1 Ann" in email.body and "4 Dot" in email.body
    assert f"/my/meetings/{meeting.public_id}/attendance/?date=" in email.body
    assert not OpenQuestion.objects.filter(kind="meeting_attendance").exists()


class TestReplies:
    def test_numbers_record_who_came_through_the_attendance_service(self, client, asked, coordinator, meeting):
        inbound = text_in(client, coordinator, "1 3")
        assert inbound.outcome == InboundSms.Outcome.ANSWERED
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.HELD
        assert came(meeting) == {"Ann", "Cal"}
        assert Attendance.objects.filter(meeting=meeting).count() == 4
        assert OutboundMessage.objects.filter(recipient=coordinator, template="meeting_attendance_thanks").exists()
        assert AttendanceQuestion.objects.get().answered_at is not None

    def test_all_forms_the_group_like_the_web_screen(self, client, asked, coordinator, meeting, group):
        text_in(client, coordinator, "ALL")
        group.refresh_from_db()
        assert group.status == PeerGroup.Status.ACTIVE
        assert came(meeting) == {"Ann", "Bea", "Cal", "Dot"}

    def test_none_records_that_nobody_came(self, client, asked, coordinator, meeting):
        text_in(client, coordinator, "none")
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.HELD
        assert came(meeting) == set()

    @pytest.mark.parametrize("reply", ["banana", "1 9", "0 2", "1 three"])
    def test_nonsense_or_numbers_not_on_the_list_are_asked_again(self, client, asked, coordinator, meeting, reply):
        inbound = text_in(client, coordinator, reply)
        assert inbound.outcome == InboundSms.Outcome.INVALID_REPLY
        [hint] = OutboundMessage.objects.filter(template="notifications/not_understood")
        assert "Reply with numbers" in hint.body and "like 1 3 4, or ALL" in hint.body
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.SCHEDULED
        assert not Attendance.objects.exists()

    def test_a_reply_after_the_web_updates_to_the_same_result_and_a_repeat_changes_nothing(
        self, client, asked, coordinator, meeting, people
    ):
        services.attendance_record(
            meeting=meeting,
            occurrence_date=asked.occurrence_date,
            recorded_by=coordinator,
            attended_user_ids={people[0].pk, people[2].pk},
        )
        web = set(Attendance.objects.values_list("user_id", "attended"))
        events = AuditEvent.objects.count()
        text_in(client, coordinator, "1, 3")  # what the web already says
        assert set(Attendance.objects.values_list("user_id", "attended")) == web
        assert AuditEvent.objects.count() == events

        text_in(client, coordinator, "1-2 and 4")
        assert came(meeting) == {"Ann", "Bea", "Dot"}
        stamps = list(Attendance.objects.order_by("id").values_list("recorded_at", flat=True))
        events = AuditEvent.objects.count()
        text_in(client, coordinator, "1 2 4")
        assert list(Attendance.objects.order_by("id").values_list("recorded_at", flat=True)) == stamps
        assert AuditEvent.objects.count() == events

    def test_yes_still_answers_the_coordinators_invitation_to_the_next_meeting(
        self, client, asked, coordinator, group, meeting
    ):
        from followon.meetings.models import Rsvp

        nxt = services.meeting_create(
            group=group,
            created_by=coordinator,
            first_date=timezone.localdate() + timedelta(days=7),
            start_time=time(10, 30),
            end_time=time(12, 0),
        )
        # The invitation came first; "who came?" is asked after it, so it is the newest question.
        OpenQuestion.objects.filter(kind="meeting_attendance").update(asked_at=timezone.now())
        inbound = text_in(client, coordinator, "yes")
        assert inbound.outcome == InboundSms.Outcome.ANSWERED
        assert Rsvp.objects.get(user=coordinator).meeting == nxt
        assert not Attendance.objects.exists()

    def test_no_with_no_invitation_open_gets_the_hint(self, client, asked, coordinator):
        OpenQuestion.objects.filter(kind="meeting_rsvp").update(closed_at=timezone.now())
        text_in(client, coordinator, "no")
        [hint] = OutboundMessage.objects.filter(template="notifications/not_understood")
        assert hint.body.endswith("Reply with numbers like 1 3 4, or ALL, or NONE")
        assert not Attendance.objects.exists()

    def test_someone_who_left_since_the_question_is_left_out(self, client, asked, coordinator, meeting, group, people):
        from followon.peergroups import services as group_services

        membership = group.memberships.get(user=people[3])
        group_services.membership_leave(membership=membership, user=people[3])
        text_in(client, coordinator, "ALL")
        assert came(meeting) == {"Ann", "Bea", "Cal"}

    def test_a_coordinator_who_stepped_down_is_told_and_nothing_changes(self, client, asked, coordinator, group):
        group.roles.filter(user=coordinator).update(ended_at=timezone.now())
        inbound = text_in(client, coordinator, "ALL")
        assert inbound.outcome == InboundSms.Outcome.INVALID_REPLY
        assert not Attendance.objects.exists()


def test_three_repeating_meetings_answered_by_text_detach_the_ptv(client, group, coordinator, people, ptv):
    series = services.meeting_create(
        group=group,
        created_by=coordinator,
        first_date=timezone.localdate() + timedelta(days=2),
        start_time=time(10, 30),
        end_time=time(12, 0),
        frequency=Meeting.Frequency.WEEKLY,
    )
    first = series.starts_at
    for week in range(3):
        with time_machine.travel(first + timedelta(weeks=week, hours=6), tick=False):
            assert services.attendance_questions_due() == 1
            text_in(client, coordinator, "1 2 3")
    assert series.held_occurrences.filter(status=Meeting.Status.HELD).count() == 3
    group.refresh_from_db()
    assert group.status == PeerGroup.Status.ACTIVE
    assert not group.supporters.filter(detached_at__isnull=True).exists()


def test_parse_attendance_reply():
    parse = services.parse_attendance_reply
    assert parse("1 3 4", 5) == {1, 3, 4}
    assert parse(" 1,3 & 4. ", 5) == {1, 3, 4}
    assert parse("2-4", 5) == {2, 3, 4}
    assert parse("All", 3) == {1, 2, 3}
    assert parse("nobody", 3) == set()
    for bad in ["", "6", "1 x", "4-2", "ALL 1"]:
        with pytest.raises(ReplyNotUnderstood):
            parse(bad, 5)


class TestDailyJob:
    def test_it_is_registered_for_seven_in_the_morning(self):
        job, hour = registry.daily_jobs()["meetings-daily"]
        assert job is services.meetings_daily and hour == 7

    def test_the_next_date_of_a_repeating_meeting_gets_its_reminders(self, group, coordinator, people):
        series = services.meeting_create(
            group=group,
            created_by=coordinator,
            first_date=timezone.localdate() + timedelta(days=3),
            start_time=time(10, 30),
            end_time=time(12, 0),
            frequency=Meeting.Frequency.WEEKLY,
        )
        first_date = series.starts_at.astimezone(LONDON).date()
        dates = set(Reminder.objects.filter(status="scheduled").values_list("context__date", flat=True))
        assert dates == {first_date.isoformat()}
        # The day after the first meeting, at seven: nobody recorded attendance, so nothing moved them.
        seven = datetime.combine(first_date + timedelta(days=1), time(7), tzinfo=LONDON)
        with time_machine.travel(seven, tick=False):
            summary = services.meetings_daily(now=timezone.now())
            assert summary.startswith("reminders planned for 1 meetings")
            nxt = (first_date + timedelta(weeks=1)).isoformat()
            scheduled = Reminder.objects.filter(status="scheduled")
            assert set(scheduled.values_list("context__date", flat=True)) == {nxt}
            assert scheduled.count() == 2 * len(people)  # two days before and the morning of
            assert services.recurring_reminders_due(now=timezone.now()) == 0  # idempotent

    def test_roles_rotate_when_due(self, group, coordinator, people):
        MeetingPlan.objects.create(
            group=group, rotate_roles_every_weeks=2, next_rotation_on=timezone.localdate() + timedelta(days=14)
        )
        later = datetime.combine(timezone.localdate() + timedelta(days=14), time(7), tzinfo=LONDON)
        with time_machine.travel(later, tick=False):
            assert "roles rotated in 1 groups" in services.meetings_daily(now=timezone.now())
            assert "roles rotated in 0 groups" in services.meetings_daily(now=timezone.now())
        current = {r.role: r.user for r in group.roles.filter(ended_at__isnull=True)}
        assert current["coordinator"] == people[1]

    def test_the_sweep_runs_it_and_it_asks_who_came(self, meeting, coordinator, settings):
        from followon.notifications import sweep
        from followon.notifications.testing.tasks import DATABASE_TASKS, TaskRunner

        settings.TASKS = DATABASE_TASKS
        next_morning = datetime.combine(
            meeting.ends_at.astimezone(LONDON).date() + timedelta(days=1), time(7, 5), tzinfo=LONDON
        )
        with registry.isolated(), time_machine.travel(next_morning, tick=False):
            for name in registry.daily_jobs():
                if name != "meetings-daily":
                    registry.unregister(daily_job=name)
            assert sweep.start_due_daily_jobs(now=timezone.now()) == 1
            results = TaskRunner().run()
        assert any("1 attendance questions" in str(r) for r in results)
        assert questions_to(coordinator).count() == 1


def test_one_broken_meeting_does_not_stop_the_others(group, coordinator, monkeypatch, caplog):
    first = services.meeting_create(
        group=group,
        created_by=coordinator,
        first_date=timezone.localdate() + timedelta(days=2),
        start_time=time(10, 0),
        end_time=time(11, 0),
    )
    services.meeting_create(
        group=group,
        created_by=coordinator,
        first_date=timezone.localdate() + timedelta(days=2),
        start_time=time(14, 0),
        end_time=time(15, 0),
    )
    real = services.attendance_ask

    def ask(*, meeting, occurrence):
        if meeting.pk == first.pk:
            raise RuntimeError("broken")
        return real(meeting=meeting, occurrence=occurrence)

    monkeypatch.setattr(services.attendance, "attendance_ask", ask)
    with time_machine.travel(first.starts_at + timedelta(hours=8), tick=False):
        assert services.attendance_questions_due() == 1
    assert f"who-came question for meeting {first.public_id} failed" in caplog.text
