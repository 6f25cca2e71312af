from datetime import date, time, timedelta

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from followon.core.links import token_hash
from followon.meetings import selectors, services
from followon.meetings.models import CalendarFeed, Meeting, Poll, PollAnswer, PollLink, Rsvp
from followon.meetings.tests.conftest import at, option
from followon.notifications.models import OpenQuestion, OutboundMessage, Reminder
from followon.peergroups.models import PeerGroup

pytestmark = pytest.mark.django_db


class TestPolls:
    def test_a_poll_texts_every_member_a_link_and_plans_a_reminder(self, poll, people):
        assert poll.options.count() == 3
        assert PollLink.objects.filter(poll=poll).count() == len(people)
        assert OutboundMessage.objects.filter(template="meeting_poll").count() >= len(people)
        assert Reminder.objects.filter(key__startswith=f"poll:{poll.public_id}:").count() == len(people)

    def test_no_options_is_refused_and_nothing_is_saved(self, group, coordinator):
        with pytest.raises(ValidationError) as error:
            services.poll_create(group=group, created_by=coordinator, title="X", closes_at=at(3), options=[])
        assert "Add at least one date and time" in str(error.value)
        assert Poll.objects.count() == 0

    def test_an_option_ending_before_it_starts_is_refused(self, group, coordinator):
        bad = {"starts_at": at(10, 12), "ends_at": at(10, 11), "venue": None}
        with pytest.raises(ValidationError, match="end after it starts"):
            services.poll_create(group=group, created_by=coordinator, title="X", closes_at=at(3), options=[bad])
        assert Poll.objects.count() == 0

    def test_the_poll_must_close_before_the_first_option(self, group, coordinator):
        with pytest.raises(ValidationError, match="close before"):
            services.poll_create(group=group, created_by=coordinator, title="X", closes_at=at(20), options=[option(10)])

    def test_only_organisers_create_polls(self, group, people):
        with pytest.raises(PermissionDenied):
            services.poll_create(group=group, created_by=people[2], title="X", closes_at=at(3), options=[option(10)])

    def test_the_ptv_may_start_the_first_meeting_poll(self, group, ptv):
        poll = services.poll_create(group=group, created_by=ptv, title="X", closes_at=at(3), options=[option(10)])
        assert poll.pk

    def test_answers_can_change_until_the_poll_closes(self, poll, people):
        first = poll.options.first()
        services.poll_answer(poll=poll, user=people[2], answers={first.pk: "yes"})
        services.poll_answer(poll=poll, user=people[2], answers={first.pk: "no"})
        assert PollAnswer.objects.get(option=first, user=people[2]).answer == "no"
        Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
        poll.refresh_from_db()
        with pytest.raises(ValidationError, match="closed"):
            services.poll_answer(poll=poll, user=people[2], answers={first.pk: "yes"})
        assert PollAnswer.objects.get(option=first, user=people[2]).answer == "no"

    def test_the_newest_link_is_the_only_live_one(self, poll, people):
        old = services.poll_link_issue(poll=poll, user=people[2])
        new = services.poll_link_issue(poll=poll, user=people[2])
        assert selectors.poll_link_find(old) is None
        assert selectors.poll_link_find(new).user == people[2]

    def test_confirming_makes_a_meeting_tells_members_and_stops_the_links(self, poll, coordinator, people):
        token = services.poll_link_issue(poll=poll, user=people[3])
        options = list(poll.options.all())
        for person in people[:3]:
            services.poll_answer(poll=poll, user=person, answers={options[1].pk: "yes", options[0].pk: "no"})
        page = selectors.poll_page(poll, coordinator, organiser=True)
        assert page.ranked[0].option.id == options[1].pk
        meeting = services.poll_confirm(poll=poll, user=coordinator, option=options[1])
        assert meeting.starts_at == options[1].starts_at
        assert selectors.poll_link_find(token) is None
        assert OpenQuestion.objects.filter(kind="meeting_rsvp").count() == len(people)
        assert not Reminder.objects.filter(key__startswith=f"poll:{poll.public_id}:", status="scheduled").exists()
        with pytest.raises(ValidationError, match="already been chosen"):
            services.poll_confirm(poll=poll, user=coordinator, option=options[0])


class TestMeetings:
    def test_reminders_are_planned_for_each_member_and_moved_with_the_meeting(self, meeting, people, coordinator):
        keys = set(Reminder.objects.filter(status="scheduled").values_list("key", flat=True))
        assert {k for k in keys if k.startswith(f"meeting:{meeting.public_id}:")}
        days = Reminder.objects.get(key=f"meeting:{meeting.public_id}:days:{people[2].public_id}")
        assert days.run_at == meeting.starts_at - timedelta(days=2)
        services.meeting_reschedule(
            meeting=meeting,
            user=coordinator,
            starts_at=meeting.starts_at + timedelta(days=1),
            ends_at=meeting.ends_at + timedelta(days=1),
        )
        days.refresh_from_db()
        assert days.run_at == meeting.starts_at - timedelta(days=2)
        assert meeting.sequence == 1

    def test_cancelling_cancels_reminders_and_refuses_rsvps(self, meeting, people, coordinator):
        services.meeting_cancel(meeting=meeting, user=coordinator)
        assert not Reminder.objects.filter(key__startswith=f"meeting:{meeting.public_id}:", status="scheduled").exists()
        with pytest.raises(ValidationError, match="cancelled"):
            services.rsvp_set(meeting=meeting, user=people[2], occurrence_date=meeting.starts_at.date(), response="yes")
        assert not Rsvp.objects.exists()
        assert meeting.sequence == 1

    def test_a_recurrence_that_never_occurs_is_refused(self, group, coordinator):
        first = timezone.localdate() + timedelta(days=7)
        with pytest.raises(ValidationError):
            services.meeting_create(
                group=group,
                created_by=coordinator,
                first_date=first,
                start_time=time(10),
                end_time=time(11),
                frequency="weekly",
                until=first - timedelta(days=1),
            )
        assert not Meeting.objects.exists()

    def test_an_end_before_the_start_is_refused(self, group, coordinator):
        with pytest.raises(ValidationError, match="end after it starts"):
            services.meeting_create(
                group=group,
                created_by=coordinator,
                first_date=timezone.localdate() + timedelta(days=3),
                start_time=time(11),
                end_time=time(10),
            )

    def test_cancelling_one_date_of_a_series_keeps_the_others(self, group, coordinator, people):
        meeting = services.meeting_create(
            group=group,
            created_by=coordinator,
            first_date=timezone.localdate() + timedelta(days=3),
            start_time=time(10),
            end_time=time(11),
            frequency="weekly",
            interval=2,
        )
        dates = selectors.upcoming_dates(meeting, 3)
        services.meeting_cancel(meeting=meeting, user=coordinator, occurrence_date=dates[0].date)
        assert selectors.next_occurrence(meeting).date == dates[1].date
        with pytest.raises(ValidationError, match="cancelled"):
            services.rsvp_set(meeting=meeting, user=people[2], occurrence_date=dates[0].date, response="yes")
        services.rsvp_set(meeting=meeting, user=people[2], occurrence_date=dates[1].date, response="still_here")
        ics = icalendar.Calendar.from_ical(services_ics(meeting))
        events = ics.walk("VEVENT")
        assert {str(e["UID"]) for e in events} == {f"meeting-{meeting.public_id}@followon"}
        assert any(str(e.get("STATUS")) == "CANCELLED" for e in events)

    def test_capacity_is_kept(self, group, coordinator, people):
        meeting = services.meeting_create(
            group=group,
            created_by=coordinator,
            first_date=timezone.localdate() + timedelta(days=3),
            start_time=time(10),
            end_time=time(11),
            capacity=1,
        )
        day = selectors.next_occurrence(meeting).date
        services.rsvp_set(meeting=meeting, user=people[2], occurrence_date=day, response="yes")
        with pytest.raises(ValidationError, match="full"):
            services.rsvp_set(meeting=meeting, user=people[3], occurrence_date=day, response="yes")

    def test_rsvp_by_sms_reply(self, meeting, people):
        from followon.notifications.services import inbound_sms_receive  # noqa: F401 - the real route is tested in notifications

        question = OpenQuestion.objects.get(user=people[2], kind="meeting_rsvp")
        services.rsvp_by_sms(user=people[2], question=question, reply="STILL HERE")
        assert Rsvp.objects.get(user=people[2]).response == "still_here"

    def test_online_meetings_need_a_link(self, group, coordinator):
        with pytest.raises(ValidationError, match="link"):
            services.meeting_create(
                group=group,
                created_by=coordinator,
                first_date=timezone.localdate() + timedelta(days=3),
                start_time=time(10),
                end_time=time(11),
                mode="online",
            )


def services_ics(meeting):
    from followon.meetings import calendar

    meeting.refresh_from_db()
    return calendar.meeting_ics(selectors.calendar_meeting(meeting))


class TestAttendance:
    def test_recording_attendance_forms_the_group(self, group, coordinator, people):
        meeting = Meeting.objects.create(
            group=group, starts_at=at(-1), ends_at=at(-1, 12), created_by=coordinator, host=coordinator
        )
        services.attendance_record(
            meeting=meeting,
            occurrence_date=at(-1).date(),
            recorded_by=coordinator,
            attended_user_ids={p.pk for p in people[:3]},
        )
        group.refresh_from_db()
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.HELD
        assert group.status == PeerGroup.Status.ACTIVE

    def test_a_series_date_gets_a_held_row_and_counts_towards_the_ptv(self, group, coordinator, people, ptv):
        series = Meeting.objects.create(
            group=group, starts_at=at(-22), ends_at=at(-22, 12), frequency="weekly", created_by=coordinator
        )
        for days in (-22, -15, -8):
            services.attendance_record(
                meeting=series,
                occurrence_date=at(days).date(),
                recorded_by=coordinator,
                attended_user_ids={people[0].pk},
            )
        assert series.held_occurrences.count() == 3
        assert not group.supporters.filter(detached_at__isnull=True).exists()

    def test_only_organisers_record_attendance(self, group, people):
        meeting = Meeting.objects.create(group=group, starts_at=at(-1), ends_at=at(-1, 12))
        with pytest.raises(PermissionDenied):
            services.attendance_record(
                meeting=meeting, occurrence_date=at(-1).date(), recorded_by=people[3], attended_user_ids=set()
            )

    def test_not_before_the_meeting(self, meeting, coordinator):
        with pytest.raises(ValidationError, match="after the meeting has started"):
            services.attendance_record(
                meeting=meeting,
                occurrence_date=meeting.starts_at.date(),
                recorded_by=coordinator,
                attended_user_ids=set(),
            )


class TestHandoverAndRoles:
    def test_unwell_coordinator_asks_everyone_in_one_step(self, meeting, coordinator, people):
        asked = services.handover_ask(meeting=meeting, user=coordinator)
        assert asked == len(people) - 1
        assert OutboundMessage.objects.filter(template="meeting_handover").count() >= asked
        services.handover_take(meeting=meeting, user=people[3])
        meeting.refresh_from_db()
        assert meeting.host == people[3]
        with pytest.raises(ValidationError, match="already offered"):
            services.handover_take(meeting=meeting, user=people[2])

    def test_roles_rotate_on_the_groups_schedule(self, group, coordinator, people):
        services.meeting_plan_update(
            group=group, user=coordinator, remind_days_before=1, remind_morning_of=False, rotate_roles_every_weeks=4
        )
        assert services.roles_rotate_due(today=timezone.localdate() + timedelta(weeks=4)) == 1
        current = {r.role: r.user for r in group.roles.filter(ended_at__isnull=True)}
        assert current["coordinator"] == people[1] and current["co_coordinator"] == people[0]


class TestCalendarFeed:
    def test_regenerating_revokes_the_old_token(self, people):
        first = services.calendar_feed_issue(user=people[0])
        assert selectors.feed_user(first) == people[0]
        second = services.calendar_feed_issue(user=people[0])
        assert second != first
        assert selectors.feed_user(first) is None
        assert selectors.feed_user(second) == people[0]
        services.calendar_feed_revoke(user=people[0])
        assert selectors.feed_user(second) is None

    def test_only_the_hash_of_the_token_is_stored(self, people):
        token = services.calendar_feed_issue(user=people[0])
        feed = CalendarFeed.objects.get(user=people[0])
        assert feed.token_hash == token_hash(token)
        assert token not in str(CalendarFeed.objects.filter(pk=feed.pk).values().first())


def test_when_text_is_london_time():
    from datetime import datetime

    from followon.meetings.recurrence import LONDON

    start = datetime(2027, 3, 30, 10, 30, tzinfo=LONDON)
    assert services.when_text(start, start + timedelta(hours=1)) == "Tuesday 30 March, 10:30am to 11:30am"
    assert date(2027, 3, 30)
