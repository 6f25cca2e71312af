"""Home pages show what is waiting (issue 21, item 8): the member's unanswered follow-on question and
group invitations, the same next meeting as the group page, and the staff home's duty queue counts.
Each page's query count stays the same however much is waiting."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from followon.accounts.tests.factories import UserFactory
from followon.core.formatting import london_datetime
from followon.core.testing import count_queries
from followon.meetings import services as meeting_services
from followon.meetings.recurrence import LONDON
from followon.peergroups import services as group_services
from followon.peergroups.tests.factories import form_group
from followon.programmes import services as programme_services
from followon.programmes.tests.factories import answer, finished_programme, join, make_programme
from followon.safety import services as safety_services

pytestmark = pytest.mark.django_db


def _asked(service, clinician, member, title="Spring PMP"):
    programme = make_programme(service, clinician, title=title, start=timezone.localdate() - dt.timedelta(weeks=6))
    enrolment = join(programme, member)
    programme_services.interest_question_send(programme=programme, sent_by=clinician)
    return programme, enrolment


def _invited(service, clinician, member, name):
    programme = finished_programme(service, clinician, title=f"{name} PMP")
    answer(join(programme, member), "yes", days=["fri"])
    return form_group(programme, clinician, name=name)


def test_member_home_shows_the_follow_on_question_waiting_with_a_link_to_answer_it(client, service, clinician, member):
    programme, _ = _asked(service, clinician, member)
    client.force_login(member)
    body = client.get("/").content.decode()
    assert "Waiting for your answer" in body
    assert "Spring PMP: would you like to join a follow-on group?" in body
    assert reverse("programmes:my-interest", args=[programme.public_id]) in body


def test_an_answered_question_no_longer_waits_on_member_home(client, service, clinician, member):
    _, enrolment = _asked(service, clinician, member)
    answer(enrolment, "yes", days=["tue"])
    client.force_login(member)
    body = client.get("/").content.decode()
    assert "Waiting for your answer" not in body


def test_a_question_not_yet_sent_does_not_wait_on_member_home(client, service, clinician, member):
    join(make_programme(service, clinician), member)
    client.force_login(member)
    assert "Waiting for your answer" not in client.get("/").content.decode()


def test_member_home_shows_group_invitations_with_a_link_to_reply(client, service, clinician, member):
    group = _invited(service, clinician, member, "Friday walkers")
    client.force_login(member)
    body = client.get("/").content.decode()
    assert "You are invited to join Friday walkers" in body
    assert "Reply to the invitation to Friday walkers" in body
    assert reverse("peergroups:member-detail", args=[group.public_id]) in body


def test_another_members_question_and_invitations_are_not_shown(client, service, clinician, member):
    someone = UserFactory(preferred_name="Someone Else")
    _asked(service, clinician, someone)
    _invited(service, clinician, someone, "Friday walkers")
    client.force_login(member)
    body = client.get("/").content.decode()
    assert "Waiting for your answer" not in body and "Friday walkers" not in body


def test_member_home_query_count_does_not_grow_with_what_is_waiting(client, service, clinician, member):
    client.force_login(member)
    _asked(service, clinician, member, title="First PMP")
    _invited(service, clinician, member, "First group")
    with count_queries() as few:
        assert client.get("/").status_code == 200
    for n in range(4):
        _asked(service, clinician, member, title=f"More PMP {n}")
        _invited(service, clinician, member, f"More group {n}")
    with count_queries() as many:
        body = client.get("/").content.decode()
    assert body.count("Answer the follow-on group question") == 5
    assert body.count("Reply to the invitation to") == 5
    assert len(many) == len(few)


def test_member_home_and_the_group_page_show_the_same_next_meeting(client, service, clinician, member):
    programme = finished_programme(service, clinician)
    answer(join(programme, member), "yes", days=["tue"])
    group = form_group(programme, clinician, name="Tuesday walking group", accept=True)
    group_services.role_take(group=group, user=member, role="coordinator")
    first = timezone.localdate() + dt.timedelta(days=3)
    meeting_services.meeting_create(
        group=group,
        created_by=member,
        first_date=first,
        start_time=dt.time(10, 0),
        end_time=dt.time(11, 30),
        title="First walk and coffee",
    )
    client.force_login(member)
    home = client.get("/").content.decode()
    page = client.get(reverse("peergroups:member-detail", args=[group.public_id])).content.decode()
    when = london_datetime(dt.datetime.combine(first, dt.time(10, 0), tzinfo=LONDON))
    assert when in home
    assert f"Next meeting: <strong>{when}</strong>" in page
    assert "No meeting is planned yet" not in page


def test_the_group_page_says_when_no_meeting_is_planned(client, service, clinician, member):
    programme = finished_programme(service, clinician)
    answer(join(programme, member), "yes", days=["tue"])
    group = form_group(programme, clinician, accept=True)
    client.force_login(member)
    page = client.get(reverse("peergroups:member-detail", args=[group.public_id])).content.decode()
    assert "No meeting is planned yet" in page and "No meeting has been held yet" in page


def _raise(service, member, level, n=1):
    for _ in range(n):
        safety_services.concern_raise(service=service, member=member, source="self", level=level, raised_by=member)


def test_staff_home_duty_queue_card_counts_open_urgent_and_concern_items(
    staff_client, service, other_service, clinician, member
):
    _raise(service, member, "urgent", 2)
    _raise(service, member, "concern", 1)
    _raise(other_service, member, "urgent", 3)  # another service's items are not counted
    closed, _ = safety_services.concern_raise(
        service=service, member=member, source="self", level="urgent", raised_by=member
    )
    closed.state = closed.State.CLOSED
    closed.save(update_fields=["state"])
    body = staff_client(clinician).get(reverse("home:staff-home")).content.decode()
    assert "2 urgent, 1 concern waiting." in body


def test_staff_home_query_count_does_not_grow_with_the_queue(staff_client, service, clinician, member):
    client = staff_client(clinician)
    _raise(service, member, "urgent")
    with count_queries() as few:
        assert client.get(reverse("home:staff-home")).status_code == 200
    _raise(service, member, "urgent", 5)
    _raise(service, member, "concern", 5)
    with count_queries() as many:
        body = client.get(reverse("home:staff-home")).content.decode()
    assert "6 urgent, 5 concerns waiting." in body
    assert len(many) == len(few)


def test_the_queue_count_is_not_shown_to_roles_without_the_queue(staff_client, ptv, researcher):
    for user in (ptv, researcher):
        assert "waiting." not in staff_client(user).get(reverse("home:staff-home")).content.decode()


def test_the_waiting_counts_leave_out_closed_items_and_other_services(service, other_service, clinician, member):
    from followon.safety.models import ConcernItem
    from followon.safety.selectors import queue_waiting_counts

    assert queue_waiting_counts(service) == {"urgent": 0, "concern": 0, "unscreened": 0}
    _raise(service, member, "urgent", 2)
    _raise(service, member, "concern", 3)
    _raise(other_service, member, "urgent", 4)
    first_concern = ConcernItem.objects.filter(service=service, level="concern").order_by("id").first()
    ConcernItem.objects.filter(pk=first_concern.pk).update(state=ConcernItem.State.CLOSED)
    assert queue_waiting_counts(service) == {"urgent": 2, "concern": 2, "unscreened": 0}


def test_member_home_s_next_meeting_is_next_meeting_for_groups_of_the_member_s_groups(service, clinician, member):
    """`next_meeting_for_member` (prepared, ADR 0033) answers as `next_meeting_for_groups` of the groups
    the member is a member of: the sooner of two groups' meetings, and none from a group they left."""
    from followon.meetings.selectors import next_meeting_for_groups, next_meeting_for_member
    from followon.peergroups.models import GroupMembership

    def mine():
        return GroupMembership.objects.filter(user=member, status=GroupMembership.Status.MEMBER).values("group_id")

    assert next_meeting_for_member(member) is None is next_meeting_for_groups(mine())
    groups = []
    for n, days in enumerate((9, 4)):
        programme = finished_programme(service, clinician, title=f"PMP {n}")
        answer(join(programme, member), "yes", days=["tue"])
        group = form_group(programme, clinician, name=f"Group {n}", accept=True)
        group_services.role_take(group=group, user=member, role="coordinator")
        meeting_services.meeting_create(
            group=group,
            created_by=member,
            first_date=timezone.localdate() + dt.timedelta(days=days),
            start_time=dt.time(10, 0),
            end_time=dt.time(11, 0),
            frequency="weekly" if n == 0 else "one_off",
        )
        groups.append(group)
    ours, theirs = next_meeting_for_member(member), next_meeting_for_groups(mine())
    assert (ours.meeting, ours.group, ours.starts_at) == (theirs.meeting, theirs.group, theirs.starts_at)
    assert ours.group == groups[1]
    GroupMembership.objects.filter(user=member, group=groups[1]).update(status=GroupMembership.Status.LEFT)
    ours, theirs = next_meeting_for_member(member), next_meeting_for_groups(mine())
    assert ours.group == theirs.group == groups[0] and ours.starts_at == theirs.starts_at


# "Waiting for your answer" is remembered by the rows it shows (home.presenters.waiting_section,
# ADR 0041): an answer or a reply takes the row away on the next visit.


def test_an_answer_and_an_accepted_invitation_leave_member_home_at_once(client, service, clinician, member):
    _, enrolment = _asked(service, clinician, member)
    group = _invited(service, clinician, member, "Friday walkers")
    client.force_login(member)
    body = client.get("/").content.decode()
    assert "Spring PMP: would you like" in body and "Reply to the invitation to Friday walkers" in body
    answer(enrolment, "yes", days=["tue"])
    body = client.get("/").content.decode()
    assert "Spring PMP: would you like" not in body and "Reply to the invitation to Friday walkers" in body
    group_services.membership_accept(membership=group.memberships.get(user=member), user=member)
    assert "Waiting for your answer" not in client.get("/").content.decode()


def test_the_same_rows_for_two_members_show_each_their_own_page(client, service, clinician, member):
    someone = UserFactory(preferred_name="Someone Else")
    programme, _ = _asked(service, clinician, member)
    join(programme, someone)
    programme_services.interest_question_send(programme=programme, sent_by=clinician)
    client.force_login(member)
    mine = client.get("/").content.decode()
    client.force_login(someone)
    theirs = client.get("/").content.decode()
    assert "Spring PMP: would you like" in mine and "Spring PMP: would you like" in theirs
    assert "Hello, Someone Else" in theirs and "Hello, Someone Else" not in mine
