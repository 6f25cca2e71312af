import re
from datetime import date, datetime, timedelta

import icalendar
import pytest
import recurring_ical_events
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone

from followon.core.testing import count_queries
from followon.core.tests.markup import escaped_markup, links, visible_text
from followon.meetings import selectors, services
from followon.meetings.models import CalendarFeed, Meeting, Poll, PollAnswer, Rsvp
from followon.meetings.recurrence import LONDON
from followon.meetings.tests.conftest import at, option
from followon.notifications.models import OutboundMessage
from followon.peergroups import selectors as group_selectors
from followon.peergroups import services as group_services
from followon.peergroups.models import GroupRole
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(other_service, make_staff):
    """A member of a group of another service."""
    clinician = make_staff(other_service, "clinician")
    programme = finished_programme(other_service, clinician, title="Elsewhere PMP")
    enrolments = [join(programme, preferred_name=n) for n in ["Zed", "Yan"]]
    for enrolment in enrolments:
        answer(enrolment, "yes")
    form_group(programme, clinician, accept=True)
    return enrolments[0].user


def member_get_urls(group, poll, meeting):
    return [
        reverse("meetings:group", args=[group.public_id]),
        reverse("meetings:poll", args=[poll.public_id]),
        reverse("meetings:meeting", args=[meeting.public_id]),
        reverse("meetings:ics", args=[meeting.public_id]),
    ]


def organiser_get_urls(group, meeting):
    return [
        reverse("meetings:poll-new", args=[group.public_id]),
        reverse("meetings:meeting-new", args=[group.public_id]),
        reverse("meetings:venue-new", args=[group.public_id]),
        reverse("meetings:plan", args=[group.public_id]),
        reverse("meetings:attendance", args=[meeting.public_id]),
        reverse("meetings:cancel", args=[meeting.public_id]),
    ]


class TestAccess:
    @pytest.mark.parametrize("index", range(4))
    def test_members_see_group_pages_others_get_404(
        self, client, group, poll, meeting, people, outsider, clinician, index
    ):
        url = member_get_urls(group, poll, meeting)[index]
        client.force_login(people[3])
        assert client.get(url).status_code == 200
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        # Staff, even of the group's own service, have no meeting pages: the group belongs to its members.
        client.force_login(clinician)
        assert client.get(url).status_code == 404
        client.logout()
        assert client.get(url).status_code == 302

    @pytest.mark.parametrize("index", range(6))
    def test_organiser_pages(self, client, group, meeting, people, outsider, index):
        url = organiser_get_urls(group, meeting)[index]
        client.force_login(people[0])
        assert client.get(url).status_code == 200
        client.force_login(people[3])
        assert client.get(url).status_code == 404
        client.force_login(outsider)
        assert client.get(url).status_code == 404

    def test_staff_of_another_service_get_404(self, staff_client, other_clinician, group, meeting):
        client = staff_client(other_clinician)
        assert client.get(reverse("meetings:group", args=[group.public_id])).status_code == 404
        assert client.get(reverse("meetings:meeting", args=[meeting.public_id])).status_code == 404

    def test_the_ptv_supporter_can_organise_the_first_meeting(self, client, group, ptv):
        client.force_login(ptv)
        assert client.get(reverse("meetings:poll-new", args=[group.public_id])).status_code == 200

    def test_the_ptv_supporters_back_link_opens_the_groups_staff_page(self, staff_client, group, ptv, people):
        client = staff_client(ptv)
        page = client.get(reverse("meetings:group", args=[group.public_id])).content.decode()
        staff_page = reverse("peergroups:staff-detail", args=[group.public_id])
        assert f'href="{staff_page}"' in page
        assert f'href="{reverse("peergroups:member-detail", args=[group.public_id])}"' not in page
        assert client.get(staff_page).status_code == 200

    def test_a_members_back_link_opens_their_group_page(self, client, group, people):
        client.force_login(people[0])
        page = client.get(reverse("meetings:group", args=[group.public_id])).content.decode()
        assert f'href="{reverse("peergroups:member-detail", args=[group.public_id])}"' in page

    def test_post_endpoints_refuse_non_organisers(self, client, poll, meeting, people, outsider):
        client.force_login(people[3])
        option_id = poll.options.first().pk
        assert (
            client.post(reverse("meetings:poll-confirm", args=[poll.public_id]), {"option": option_id}).status_code
            == 404
        )
        assert client.post(reverse("meetings:handover", args=[meeting.public_id])).status_code == 404
        client.force_login(outsider)
        assert client.post(reverse("meetings:rsvp", args=[meeting.public_id]), {"response": "yes"}).status_code == 404
        assert client.post(reverse("meetings:take", args=[meeting.public_id])).status_code == 404
        assert Poll.objects.get(pk=poll.pk).status == "open"

    def test_im_unwell_asks_first_and_texts_nobody_until_the_coordinator_says_yes(self, client, coordinator, meeting):
        client.force_login(coordinator)
        url = reverse("meetings:handover", args=[meeting.public_id])
        before = OutboundMessage.objects.count()
        asked = client.post(url)
        assert asked.status_code == 200 and "Yes, ask the group" in asked.content.decode()
        assert OutboundMessage.objects.count() == before
        client.post(url, {"confirmed": "yes"})
        assert OutboundMessage.objects.count() > before

    def test_my_calendar_page(self, client, people):
        assert client.get(reverse("meetings:my-calendar")).status_code == 302
        client.force_login(people[2])
        assert client.get(reverse("meetings:my-calendar")).status_code == 200

    def test_the_feed_link_and_the_join_link_are_links_not_tags_shown_as_text(self, client, people, meeting):
        client.force_login(people[2])
        page = client.post(reverse("meetings:my-calendar"), {"action": "issue"}).content.decode()
        assert escaped_markup(visible_text(page)) == []
        # A read-only box to copy from, holding the address this page was served from (issue 21 item 3).
        assert re.search(
            r'<textarea class="nhsuk-textarea app-feed-url" id="feed-url"[^>]*readonly[^>]*>http://testserver/', page
        )
        Meeting.objects.filter(pk=meeting.pk).update(mode="online", online_url="https://meet.example/abc?x=1&y=2")
        page = client.get(reverse("meetings:meeting", args=[meeting.public_id])).content.decode()
        assert escaped_markup(visible_text(page)) == []
        assert ("https://meet.example/abc?x=1&y=2", "https://meet.example/abc?x=1&y=2") in links(page)


class TestQueryCounts:
    def _count(self, client, url):
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_group_and_poll_pages_do_not_grow_with_data(self, client, group, poll, coordinator, people, programme):
        client.force_login(coordinator)
        group_url = reverse("meetings:group", args=[group.public_id])
        poll_url = reverse("meetings:poll", args=[poll.public_id])
        client.get(group_url)
        before = self._count(client, group_url), self._count(client, poll_url)
        # More members, options, answers, meetings, venues and past polls.
        for n in range(4):
            enrolment = join(programme, preferred_name=f"Extra {n}")
            answer(enrolment, "yes")
            from followon.peergroups import services as group_services

            group_services.group_join(group=group, user=enrolment.user)
        for n in range(3):
            services.venue_create(
                group=group, service=group.service, created_by=coordinator, name=f"Venue {n}", step_free=True
            )
            services.meeting_create(
                group=group,
                created_by=coordinator,
                first_date=timezone.localdate() + timedelta(days=20 + n),
                start_time=datetime.min.time().replace(hour=10),
                end_time=datetime.min.time().replace(hour=11),
                frequency="weekly",
            )
            old = services.poll_create(
                group=group, created_by=coordinator, title=f"Old {n}", closes_at=at(2), options=[option(30 + n)]
            )
            services.poll_confirm(poll=old, user=coordinator, option=old.options.first())
        more = [option(40 + n) for n in range(10)]
        extra = services.poll_create(group=group, created_by=coordinator, title="Big", closes_at=at(3), options=more)
        for person in people:
            services.poll_answer(poll=poll, user=person, answers={o.pk: "yes" for o in poll.options.all()})
            services.poll_answer(poll=extra, user=person, answers={o.pk: "no" for o in extra.options.all()})
        big_poll_url = reverse("meetings:poll", args=[extra.public_id])
        after = self._count(client, group_url), self._count(client, big_poll_url)
        assert after == before


class TestWhereTheViewerStands:
    """The group and poll pages read the viewer's membership and roles with the group (issue 16)."""

    def _count(self, client, url):
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_page_query_counts(self, client, group, poll, coordinator, people):
        group_url = reverse("meetings:group", args=[group.public_id])
        poll_url = reverse("meetings:poll", args=[poll.public_id])
        client.force_login(coordinator)
        # Session and user (one query), the group with where they stand and its number of polls,
        # meetings, open polls, venues, their replies.
        assert self._count(client, group_url) == 6
        # Session and user, the poll with where they stand, options, members with their usual times,
        # answers, the fairness history.
        assert self._count(client, poll_url) == 6
        client.force_login(people[3])  # a member who does not organise: no ranking
        assert self._count(client, group_url) == 6
        assert self._count(client, poll_url) == 5

    def test_what_is_read_with_the_group_is_only_used_for_that_person(self, group, coordinator, people, ptv):
        group_for_coordinator = selectors.group_for_member(coordinator, group.public_id)
        assert selectors.can_organise(group_for_coordinator, coordinator)
        assert selectors.viewer_is_member(group_for_coordinator, coordinator)
        # The same object asked about someone else is answered from the database, not the coordinator's row.
        assert not selectors.can_organise(group_for_coordinator, people[3])
        assert not selectors.viewer_is_member(group_for_coordinator, ptv)
        assert selectors.can_organise(group_for_coordinator, ptv)  # the supporter, before the first meeting
        group_for_member = selectors.group_for_member(people[3], group.public_id)
        assert not selectors.can_organise(group_for_member, people[3])
        group_for_ptv = selectors.group_for_member(ptv, group.public_id)
        assert selectors.can_organise(group_for_ptv, ptv) and not selectors.viewer_is_member(group_for_ptv, ptv)


class TestMeetingPageAndFeedQueries:
    """The meeting page and the calendar feed read a fixed number of queries (issue 16)."""

    def _count(self, client, url, **headers):
        with count_queries() as queries:
            assert client.get(url, **headers).status_code in (200, 304)
        return len(queries)

    def test_meeting_page_reads_the_meeting_with_where_the_viewer_stands_and_answers_in_one(
        self, client, group, meeting, coordinator, people, programme
    ):
        url = reverse("meetings:meeting", args=[meeting.public_id])
        day = meeting.starts_at.astimezone(LONDON).date()
        client.force_login(coordinator)
        # Session and user, the meeting with where they stand, the answers for the date with theirs.
        assert self._count(client, url) == 3
        client.force_login(people[2])
        before = self._count(client, url)
        services.rsvp_set(meeting=meeting, user=people[2], occurrence_date=day, response="no")
        for n in range(6):
            enrolment = join(programme, preferred_name=f"Extra {n}")
            answer(enrolment, "yes")
            group_services.group_join(group=group, user=enrolment.user)
            services.rsvp_set(meeting=meeting, user=enrolment.user, occurrence_date=day, response="yes")
        page = client.get(url).content.decode()
        assert self._count(client, url) == before == 3
        # The counts and the member's own answer, already chosen, as before.
        assert "6 coming, 1 can&#39;t make it." in page or "6 coming, 1 can't make it." in page
        assert re.search(r'<input[^>]*value="no"[^>]*checked', page)

    def test_feed_does_not_grow_with_meetings_and_sends_no_last_modified(self, client, group, people, meeting):
        url = reverse("meetings:feed", args=[services.calendar_feed_issue(user=people[2])])
        first = client.get(url)
        before = self._count(client, url), self._count(client, url, HTTP_IF_NONE_MATCH=first["ETag"])
        for n in range(5):
            Meeting.objects.create(group=group, starts_at=at(20 + n), ends_at=at(20 + n, 12))
        assert (self._count(client, url), self._count(client, url, HTTP_IF_NONE_MATCH=first["ETag"])) == before
        # No Last-Modified, so If-Modified-Since alone never answers 304: a group's new name changes the
        # file while no meeting's updated_at moves.
        again = client.get(url)
        assert "Last-Modified" not in again
        group.name = "Renamed walkers"
        group.save(update_fields=["name"])
        renamed = client.get(url, HTTP_IF_MODIFIED_SINCE="Fri, 01 Jan 2100 00:00:00 GMT")
        assert renamed.status_code == 200 and b"Renamed walkers" in renamed.content
        assert client.get(url, HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 200

    def test_feed_lists_each_meeting_once_even_for_the_groups_supporter_and_member(self, client, group, people):
        """One event per meeting, only the member's current groups'."""
        Meeting.objects.create(group=group, starts_at=at(20), ends_at=at(20, 12))
        url = reverse("meetings:feed", args=[services.calendar_feed_issue(user=people[2])])
        assert len(icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")) == 1
        group.memberships.filter(user=people[2]).update(status="left")
        assert icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT") == []


class TestFairnessHistory:
    def test_most_recent_first_with_who_the_chosen_time_left_out(self, group, coordinator, people):
        first = services.poll_create(
            group=group, created_by=coordinator, title="One", closes_at=at(2), options=[option(30), option(31)]
        )
        chosen = first.options.order_by("id").first()
        services.poll_answer(poll=first, user=people[2], answers={chosen.pk: "no"})
        services.poll_answer(poll=first, user=people[3], answers={chosen.pk: "yes"})
        other = first.options.order_by("id").last()
        services.poll_answer(poll=first, user=people[1], answers={other.pk: "no"})  # not the chosen time
        services.poll_confirm(poll=first, user=coordinator, option=chosen)
        second = services.poll_create(
            group=group, created_by=coordinator, title="Two", closes_at=at(2), options=[option(32)]
        )
        services.poll_confirm(poll=second, user=coordinator, option=second.options.first())  # nobody said no
        services.poll_create(group=group, created_by=coordinator, title="Open", closes_at=at(2), options=[option(33)])
        Poll.objects.filter(pk=second.pk).update(created_at=timezone.now() + timedelta(minutes=1))
        assert selectors._fairness_history(group) == [set(), {people[2].pk}]


class TestStandingReadWithTheObject:
    """The member, organiser and supporter flags read with the group, poll or meeting (written-out
    EXISTS) agree with the peergroups selectors' definitions for every kind of person (issue 16)."""

    def test_flags_match_the_selectors(self, group, poll, meeting, people, ptv, outsider):
        # A member who left, a co-coordinator whose role ended, a supporter who detached: all "not".
        group.memberships.filter(user=people[3]).update(status="left")
        GroupRole.objects.filter(group=group, user=people[1]).update(ended_at=timezone.now())
        seen = set()
        for person in [*people, ptv, outsider]:
            expected = (
                group_selectors.is_group_member(group, person),
                group_selectors.is_group_organiser(group, person),
                group_selectors.is_group_supporter(group, person),
            )
            seen.add(expected)
            for read in (
                lambda p: selectors.group_for_member(p, group.public_id),
                lambda p: selectors.poll_for_member(p, poll.public_id).group,
                lambda p: selectors.meeting_for_member(p, meeting.public_id).group,
            ):
                if expected[0] or expected[2]:
                    assert selectors._standing(read(person), person) == expected
                else:
                    with pytest.raises(ObjectDoesNotExist):
                        read(person)
        # Member and organiser, member only, supporter only, nothing: every case was asked.
        assert {(True, True, False), (True, False, False), (False, False, True), (False, False, False)} <= seen
        group.supporters.filter(user=ptv).update(detached_at=timezone.now())
        with pytest.raises(ObjectDoesNotExist):
            selectors.group_for_member(ptv, group.public_id)


class TestPollPages:
    def test_an_option_at_a_venue_names_it_on_the_poll_page_and_by_link(self, client, group, coordinator, people):
        venue = services.venue_create(
            group=group, service=group.service, created_by=coordinator, name="Quaker Meeting House", step_free=True
        )
        poll = services.poll_create(
            group=group,
            created_by=coordinator,
            title="Where and when",
            closes_at=at(5),
            options=[option(10, venue=venue), option(11)],
        )
        client.force_login(coordinator)
        page = client.get(reverse("meetings:poll", args=[poll.public_id])).content.decode()
        assert page.count(", Quaker Meeting House") >= 2  # the answer's legend, the ranked table, the choice
        token = services.poll_link_issue(poll=poll, user=people[2])
        client.logout()
        assert ", Quaker Meeting House" in client.get(reverse("meetings:poll-link", args=[token])).content.decode()

    def test_create_a_poll_with_no_options_keeps_what_was_typed(self, client, group, coordinator):
        client.force_login(coordinator)
        closes = timezone.localdate() + timedelta(days=3)
        response = client.post(
            reverse("meetings:poll-new", args=[group.public_id]),
            {
                "rows": "2",
                "title": "Our next one",
                "closes_on_0": closes.day,
                "closes_on_1": closes.month,
                "closes_on_2": closes.year,
                "closes_time": "6pm",
            },
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert "Add at least one date and time for people to choose from" in body
        assert 'value="Our next one"' in body
        assert not Poll.objects.exists()

    def test_an_end_before_a_start_in_a_row(self, client, group, coordinator):
        client.force_login(coordinator)
        day = timezone.localdate() + timedelta(days=10)
        closes = timezone.localdate() + timedelta(days=3)
        response = client.post(
            reverse("meetings:poll-new", args=[group.public_id]),
            {
                "rows": "1",
                "o0-day_0": day.day,
                "o0-day_1": day.month,
                "o0-day_2": day.year,
                "o0-start": "2pm",
                "o0-end": "1pm",
                "closes_on_0": closes.day,
                "closes_on_1": closes.month,
                "closes_on_2": closes.year,
                "closes_time": "6pm",
            },
        )
        assert "The end time must be after the start time" in response.content.decode()
        assert not Poll.objects.exists()

    def test_create_answer_and_confirm(self, client, group, coordinator, people):
        client.force_login(coordinator)
        day = timezone.localdate() + timedelta(days=10)
        closes = timezone.localdate() + timedelta(days=3)
        response = client.post(
            reverse("meetings:poll-new", args=[group.public_id]),
            {
                "rows": "2",
                "o0-day_0": day.day,
                "o0-day_1": day.month,
                "o0-day_2": day.year,
                "o0-start": "10:30am",
                "o0-end": "12 noon".replace(" noon", ":00pm"),
                "closes_on_0": closes.day,
                "closes_on_1": closes.month,
                "closes_on_2": closes.year,
                "closes_time": "6pm",
            },
        )
        poll = Poll.objects.get()
        assert response.status_code == 302
        option_id = poll.options.get().pk
        client.force_login(people[2])
        response = client.post(reverse("meetings:poll", args=[poll.public_id]), {f"option_{option_id}": "if_need_be"})
        assert response.status_code == 302
        assert PollAnswer.objects.get(user=people[2]).answer == "if_need_be"
        client.force_login(coordinator)
        page = client.get(reverse("meetings:poll", args=[poll.public_id])).content.decode()
        assert "Choosing the time" in page and "Why" in page
        response = client.post(reverse("meetings:poll-confirm", args=[poll.public_id]), {"option": option_id})
        meeting = Meeting.objects.get()
        assert response.url == reverse("meetings:meeting", args=[meeting.public_id])


class TestPollLink:
    def _token(self, poll, user):
        body = OutboundMessage.objects.filter(template="meeting_poll", recipient=user).order_by("-id").first().body
        return re.search(r"/m/([^/\s]+)/", body)[1]

    def test_answer_by_link_without_signing_in(self, client, poll, people):
        token = self._token(poll, people[2])
        url = reverse("meetings:poll-link", args=[token])
        response = client.get(url)
        assert response.status_code == 200
        assert response["Referrer-Policy"] == "same-origin"
        first = poll.options.first()
        response = client.post(url, {f"option_{first.pk}": "yes"})
        assert "your answers have been saved" in response.content.decode()
        assert PollAnswer.objects.get(user=people[2], option=first).via_link

    def test_expired_or_reused_links_change_nothing(self, client, poll, people, coordinator):
        token = self._token(poll, people[2])
        services.poll_link_issue(poll=poll, user=people[2])  # a newer message: the old link is dead
        first = poll.options.first()
        response = client.post(reverse("meetings:poll-link", args=[token]), {f"option_{first.pk}": "yes"})
        assert response.status_code == 404
        assert "This link has expired or is not valid" in response.content.decode()
        token = self._token(poll, people[3])
        services.poll_confirm(poll=poll, user=coordinator, option=first)
        response = client.post(reverse("meetings:poll-link", args=[token]), {f"option_{first.pk}": "no"})
        assert response.status_code == 404
        assert not PollAnswer.objects.exists()
        assert client.get(reverse("meetings:poll-link", args=["nonsense"])).status_code == 404


class TestMeetingPages:
    def test_rsvp_and_a_cancelled_meeting(self, client, meeting, coordinator, people):
        client.force_login(people[2])
        day = meeting.starts_at.astimezone(LONDON).date().isoformat()
        url = reverse("meetings:rsvp", args=[meeting.public_id])
        client.post(url, {"response": "still_here", "date": day})
        assert Rsvp.objects.get(user=people[2]).response == "still_here"
        services.meeting_cancel(meeting=meeting, user=coordinator)
        response = client.post(url, {"response": "yes", "date": day}, follow=True)
        assert "This meeting has been cancelled" in response.content.decode()
        assert Rsvp.objects.get(user=people[2]).response == "still_here"

    def test_attendance_screen_forms_the_group(self, client, group, coordinator, people):
        meeting = Meeting.objects.create(group=group, starts_at=at(-1), ends_at=at(-1, 12), host=coordinator)
        client.force_login(coordinator)
        url = reverse("meetings:attendance", args=[meeting.public_id])
        assert client.get(url).status_code == 200
        response = client.post(url, {"date": at(-1).date().isoformat(), "attended": [str(p.pk) for p in people[:3]]})
        assert response.status_code == 302
        group.refresh_from_db()
        assert group.status == "active"

    def test_a_recurrence_that_never_occurs_shows_a_message(self, client, group, coordinator):
        client.force_login(coordinator)
        first = timezone.localdate() + timedelta(days=7)
        until = first - timedelta(days=1)
        response = client.post(
            reverse("meetings:meeting-new", args=[group.public_id]),
            {
                "first_date_0": first.day,
                "first_date_1": first.month,
                "first_date_2": first.year,
                "start_time": "10am",
                "end_time": "11am",
                "frequency": "weekly",
                "interval": "1",
                "until_0": until.day,
                "until_1": until.month,
                "until_2": until.year,
                "mode": "in_person",
            },
        )
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        assert not Meeting.objects.exists()

    def test_leaving_out_how_people_meet_says_what_to_do_and_keeps_what_was_typed(self, client, group, coordinator):
        client.force_login(coordinator)
        first = timezone.localdate() + timedelta(days=7)
        page = client.post(
            reverse("meetings:meeting-new", args=[group.public_id]),
            {
                "first_date_0": first.day,
                "first_date_1": first.month,
                "first_date_2": first.year,
                "start_time": "12 noon",
                "end_time": "1.30pm",
                "frequency": "one_off",
                "interval": "1",
            },
        ).content.decode()
        assert "Select how people will meet: in person, online or both" in page
        assert "This field is required" not in page
        assert 'value="12 noon"' in page and not Meeting.objects.exists()

    def test_ics_download_keeps_uid_and_raises_sequence_on_cancel(self, client, meeting, coordinator, people):
        client.force_login(people[2])
        url = reverse("meetings:ics", args=[meeting.public_id])
        first = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]
        services.meeting_cancel(meeting=meeting, user=coordinator)
        second = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]
        assert first["UID"] == second["UID"]
        assert int(second["SEQUENCE"]) > int(first["SEQUENCE"])
        assert str(second["STATUS"]) == "CANCELLED"


class TestFeed:
    def test_feed_across_the_clock_changes(self, client, group, coordinator, people):
        # A fortnightly 10:30 meeting from September to April: 10:30 London time every time.
        meeting = Meeting.objects.create(
            group=group,
            starts_at=datetime(2031, 9, 2, 10, 30, tzinfo=LONDON),
            ends_at=datetime(2031, 9, 2, 12, 0, tzinfo=LONDON),
            frequency="weekly",
            interval=2,
            until=date(2032, 4, 30),
        )
        client.force_login(people[2])
        shown = client.post(reverse("meetings:my-calendar"), {"action": "issue"}).content.decode()
        feed_path = re.search(r"https?://[^/<]+(/calendar/[A-Za-z0-9_-]+\.ics)", shown).group(1)
        # Shown with the address the member is using (the test server here), not a configured one.
        assert "http://testserver" + feed_path in shown
        # Shown once: neither the calendar page nor the account page can show it again.
        assert feed_path not in client.get(reverse("meetings:my-calendar")).content.decode()
        account = client.get(reverse("accounts:my-account")).content.decode()
        assert feed_path not in account and "You have a private calendar link" in account
        client.logout()
        response = client.get(feed_path)
        assert response.status_code == 200
        calendar = icalendar.Calendar.from_ical(response.content)
        events = recurring_ical_events.of(calendar).between(datetime(2031, 10, 1), datetime(2032, 4, 30))
        assert len(events) > 10
        for event in events:
            start = event["DTSTART"].dt.astimezone(LONDON)
            assert (start.hour, start.minute) == (10, 30)
        assert {e["DTSTART"].dt.astimezone(LONDON).utcoffset() for e in events} == {timedelta(0), timedelta(hours=1)}
        assert str(events[0]["UID"]) == f"meeting-{meeting.public_id}@followon"

    def test_a_calendar_asking_again_is_told_nothing_changed_until_a_meeting_does(self, client, group, people):
        """Calendars poll the feed every few hours: an unchanged feed answers 304 with no body (issue 16),
        and any change to a meeting the member sees gives a new ETag and the new file."""
        meeting = Meeting.objects.create(
            group=group,
            starts_at=datetime(2031, 9, 2, 10, 30, tzinfo=LONDON),
            ends_at=datetime(2031, 9, 2, 12, 0, tzinfo=LONDON),
        )
        url = reverse("meetings:feed", args=[services.calendar_feed_issue(user=people[2])])
        first = client.get(url)
        etag = first["ETag"]
        assert first.status_code == 200 and etag.startswith('"') and first.content
        # The member's own calendar may keep it but must ask again; no shared cache may keep it.
        assert first["Cache-Control"] == "private, no-cache"
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
        assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200

        Meeting.objects.filter(pk=meeting.pk).update(venue="The library", updated_at=timezone.now())
        changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200 and changed["ETag"] != etag
        assert b"The library" in changed.content
        # Same meetings, same answer: the ETag is stable between requests.
        assert client.get(url)["ETag"] == changed["ETag"]

    def test_a_revoked_feed_is_gone(self, client, people):
        token = services.calendar_feed_issue(user=people[2])
        url = reverse("meetings:feed", args=[token])
        assert client.get(url).status_code == 200
        client.force_login(people[2])
        client.post(reverse("meetings:my-calendar"), {"action": "revoke"})
        assert client.get(url).status_code == 404
        assert client.get(reverse("meetings:feed", args=["not-a-token"])).status_code == 404
        assert client.get("/calendar/%00.ics").status_code == 404

    def test_a_member_whose_link_was_reissued_is_told_and_can_make_a_new_one(self, client, people):
        services.calendar_feed_issue(user=people[2])
        CalendarFeed.objects.filter(user=people[2]).update(reissued_at=timezone.now())
        client.force_login(people[2])
        page = client.get(reverse("meetings:my-calendar")).content.decode()
        assert "Your calendar link changed" in page
        assert "Your calendar link changed on" in client.get(reverse("accounts:my-account")).content.decode()
        shown = client.post(reverse("meetings:my-calendar"), {"action": "issue"}).content.decode()
        assert "/calendar/" in shown
        assert "Your calendar link changed" not in client.get(reverse("meetings:my-calendar")).content.decode()
