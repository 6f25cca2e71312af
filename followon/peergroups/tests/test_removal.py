"""Removing a member from a group (ADR 0029): who may, what the member is told, that access ends at
once everywhere, and that only a coordinator's yes lets them back in."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from followon.core.models import AuditEvent
from followon.meetings import selectors as meeting_selectors
from followon.meetings.tests.factories import meet
from followon.network.models import JoinRequest
from followon.network.services import join_request_decide
from followon.notifications.models import OutboundMessage, Reminder
from followon.notifications.services import reminder_schedule
from followon.peergroups import selectors, services
from followon.peergroups.models import GroupMembership, GroupRole
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join

pytestmark = pytest.mark.django_db
REASON = GroupMembership.RemovalReason.CONFIDENTIALITY


@pytest.fixture
def programme(service, clinician, ptv):
    return finished_programme(service, clinician, ptvs=[ptv])


@pytest.fixture
def people(programme):
    enrolments = [join(programme, preferred_name=n) for n in ["Ann", "Bea", "Cal"]]
    for enrolment in enrolments:
        answer(enrolment, "yes")
    return [e.user for e in enrolments]


@pytest.fixture
def group(programme, people, clinician, ptv):
    group = form_group(programme, clinician, supporter=ptv, accept=True)
    services.role_take(group=group, user=people[0], role="coordinator")
    services.role_take(group=group, user=people[2], role="reminders")
    return group


def membership_of(group, user):
    return group.memberships.get(user=user, status=GroupMembership.Status.MEMBER)


def member_group_urls(group):
    return [
        reverse("peergroups:member-detail", args=[group.public_id]),
        reverse("peergroups:member-leave", args=[group.public_id]),
        reverse("peergroups:member-role", args=[group.public_id]),
        reverse("conversations:board", args=[group.public_id]),
        reverse("conversations:agreement", args=[group.public_id]),
        reverse("meetings:group", args=[group.public_id]),
        reverse("meetings:poll-new", args=[group.public_id]),
        reverse("selfcare:group-shared", args=[group.public_id]),
    ]


class TestWhoMayRemove:
    def test_the_coordinator_removes_a_member_who_is_told_kindly_and_loses_their_roles(self, group, people):
        cal = people[2]
        removed = services.membership_remove(membership=membership_of(group, cal), actor=people[0], reason=REASON)
        assert removed.status == GroupMembership.Status.REMOVED
        assert removed.removed_by == people[0] and removed.removal_reason == REASON and removed.ended_at
        assert not GroupRole.objects.filter(group=group, user=cal, ended_at__isnull=True).exists()
        told = OutboundMessage.objects.filter(template="group_removed", recipient=cal)
        assert told.exists()
        body = told.first().body
        assert "no longer part of" in body and "Tuesday group" in body
        # Kind: no blame, and the reason chosen is never quoted to them.
        assert REASON.label.lower() not in body.lower()
        event = AuditEvent.objects.get(action="group.member_removed")
        assert event.actor == people[0] and event.detail == {"reason": REASON.value, "by_staff": False}

    @pytest.mark.parametrize("role", ["clinician", "service_admin"])
    def test_service_staff_may_remove(self, request, group, people, role):
        staff = request.getfixturevalue(role)
        services.membership_remove(membership=membership_of(group, people[1]), actor=staff, reason=REASON)
        assert AuditEvent.objects.get(action="group.member_removed").detail["by_staff"] is True

    @pytest.mark.parametrize("who", ["member", "ptv", "researcher", "other_clinician"])
    def test_others_may_not(self, request, group, people, who):
        actor = people[1] if who == "member" else request.getfixturevalue(who)
        with pytest.raises(PermissionDenied):
            services.membership_remove(membership=membership_of(group, people[2]), actor=actor, reason=REASON)
        assert selectors.is_group_member(group, people[2])

    def test_a_reason_from_the_list_is_needed(self, group, people):
        for reason in ["", "because"]:
            with pytest.raises(ValidationError):
                services.membership_remove(membership=membership_of(group, people[2]), actor=people[0], reason=reason)
        assert selectors.is_group_member(group, people[2])

    def test_the_coordinator_cannot_remove_themselves(self, group, people):
        with pytest.raises(ValidationError):
            services.membership_remove(membership=membership_of(group, people[0]), actor=people[0], reason=REASON)


class TestAccessEndsAtOnce:
    @pytest.fixture
    def removed(self, group, people, clinician):
        meet(group, clinician, people, days_ago=2)
        services.membership_remove(membership=membership_of(group, people[2]), actor=people[0], reason=REASON)
        return people[2]

    def test_every_group_page_gives_the_kind_page_instead(self, client, group, removed):
        client.force_login(removed)
        for url in member_group_urls(group):
            response = client.get(url)
            assert response.status_code == 403, url
            body = response.content.decode()
            assert f"You are no longer part of {group.name}" in body, url
            assert "Ann" not in body and "Bea" not in body, url

    def test_the_kind_page_also_answers_on_a_welsh_address(self, client, group, removed):
        client.force_login(removed)
        with translation.override("cy"):
            address = reverse("peergroups:member-detail", args=[group.public_id])
        assert address.startswith("/cy/")
        response = client.get(address)
        assert response.status_code == 403
        assert f"Dydych chi ddim yn rhan o {group.name} mwyach" in response.content.decode()

    def test_a_member_still_in_the_group_is_unaffected(self, client, group, people, removed):
        client.force_login(people[1])
        assert client.get(reverse("peergroups:member-detail", args=[group.public_id])).status_code == 200

    def test_someone_never_in_the_group_still_gets_a_plain_404(self, client, group, member, removed):
        client.force_login(member)
        response = client.get(reverse("peergroups:member-detail", args=[group.public_id]))
        assert response.status_code == 404 and group.name not in response.content.decode()

    def test_reminders_already_planned_for_the_group_are_cancelled(self, group, people, service):
        def plan(user):
            return reminder_schedule(
                key=f"zz:{group.public_id}:{user.public_id}",
                run_at=timezone.now() + timedelta(days=2),
                template="group_removed",
                context={"name": "N", "group_name": group.name, "service_name": "S", "link": "L"},
                recipient=user,
                service=service,
                topic=f"group:{group.public_id}",
            )

        theirs, others = plan(people[1]), plan(people[2])
        services.membership_remove(membership=membership_of(group, people[1]), actor=people[0], reason=REASON)
        theirs.refresh_from_db()
        others.refresh_from_db()
        assert theirs.status == Reminder.Status.CANCELLED
        assert others.status == Reminder.Status.SCHEDULED

    def test_meetings_calendar_and_group_lists_drop_the_group(self, group, removed):
        assert meeting_selectors.feed_meetings(removed) == []
        assert list(selectors.member_groups(removed)) == []
        assert removed not in selectors.group_current_members(group)
        with pytest.raises(group.DoesNotExist):
            meeting_selectors.group_for_member(removed, group.public_id)


class TestComingBack:
    @pytest.fixture
    def removed(self, group, people):
        services.membership_remove(membership=membership_of(group, people[2]), actor=people[0], reason=REASON)
        return people[2]

    def test_they_cannot_join_again_from_their_programme(self, group, removed):
        with pytest.raises(ValidationError, match="cannot join this group again"):
            services.group_join(group=group, user=removed)
        assert AuditEvent.objects.filter(action="group.rejoin_refused", actor=removed).exists()
        assert not selectors.is_group_member(group, removed)

    def test_a_changed_interest_answer_does_not_invite_them_again(self, programme, group, removed):
        enrolment = programme.enrolments.get(user=removed)
        assert services.group_invite_to_open_groups(enrolment=enrolment) == []
        assert selectors.group_membership_for(group, removed) is None

    def test_staff_cannot_invite_them_back_without_the_coordinator(self, group, removed, clinician):
        assert services.group_invite_member(group=group, user=removed, invited_by=clinician) is None

    def test_the_coordinator_can_invite_them_back(self, group, people, removed):
        membership = services.group_invite_member(group=group, user=removed, invited_by=people[0])
        services.membership_accept(membership=membership, user=removed)
        assert selectors.is_group_member(group, removed) and not selectors.was_removed_from(group, removed)

    def test_a_directory_request_the_coordinator_accepts_lets_them_back(self, client, group, people, removed):
        request = JoinRequest.objects.create(group=group, user=removed, note="Sorry")
        join_request_decide(request=request, actor=people[0], accept=True)
        assert selectors.is_group_member(group, removed)
        client.force_login(removed)
        assert client.get(reverse("peergroups:member-detail", args=[group.public_id])).status_code == 200


class TestPages:
    def test_the_coordinator_removes_from_the_group_page(self, client, group, people):
        client.force_login(people[0])
        page = client.get(reverse("peergroups:member-detail", args=[group.public_id])).content.decode()
        url = reverse("peergroups:member-remove", args=[group.public_id, membership_of(group, people[2]).public_id])
        assert url in page
        assert "Shared what was said in the group outside it" in client.get(url).content.decode()
        response = client.post(url, {"reason": REASON})
        assert response.status_code == 302
        assert not selectors.is_group_member(group, people[2])

    def test_no_reason_gives_an_error_and_removes_nobody(self, client, group, people):
        client.force_login(people[0])
        url = reverse("peergroups:member-remove", args=[group.public_id, membership_of(group, people[2]).public_id])
        body = client.post(url, {}).content.decode()
        assert "There is a problem" in body and "Select the reason for removing this member" in body
        assert selectors.is_group_member(group, people[2])

    def test_a_member_who_is_not_coordinator_gets_404(self, client, group, people):
        client.force_login(people[1])
        url = reverse("peergroups:member-remove", args=[group.public_id, membership_of(group, people[2]).public_id])
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": REASON}).status_code == 404
        assert selectors.is_group_member(group, people[2])

    def test_service_staff_remove_from_the_staff_page(self, staff_client, group, people, clinician):
        client = staff_client(clinician)
        url = reverse("peergroups:staff-remove", args=[group.public_id, membership_of(group, people[1]).public_id])
        assert url in client.get(reverse("peergroups:staff-detail", args=[group.public_id])).content.decode()
        assert client.post(url, {"reason": REASON}).status_code == 302
        assert not selectors.is_group_member(group, people[1])

    def test_staff_of_another_service_get_404_and_a_ptv_403(self, staff_client, group, people, other_clinician, ptv):
        url = reverse("peergroups:staff-remove", args=[group.public_id, membership_of(group, people[1]).public_id])
        assert staff_client(other_clinician).post(url, {"reason": REASON}).status_code == 404
        assert staff_client(ptv).post(url, {"reason": REASON}).status_code == 403
        assert selectors.is_group_member(group, people[1])
