from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from followon.core.formatting import LONDON
from followon.core.models import AuditEvent
from followon.meetings.models import Attendance, Meeting
from followon.meetings.services import meeting_record
from followon.meetings.tests.factories import meet
from followon.notifications.models import OutboundMessage
from followon.peergroups import selectors, services
from followon.peergroups.models import GroupMembership, GroupRole, GroupStatusChange, GroupSupporter, PeerGroup
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(service, clinician, ptv):
    return finished_programme(service, clinician, ptvs=[ptv])


@pytest.fixture
def cohort(programme):
    """Five participants: three yes, one maybe, one no."""
    enrolments = [join(programme, preferred_name=name) for name in ["Ann", "Bea", "Cal", "Dot", "Eve"]]
    for enrolment, value in zip(enrolments, ["yes", "yes", "yes", "maybe", "no"], strict=True):
        answer(enrolment, value)
    return enrolments


def members(group):
    return sorted(u.preferred_name for u in selectors.group_current_members(group))


class TestForming:
    def test_forming_a_group_ticks_its_checklist_item(self, programme, clinician):
        # Issue 21, item 11: the hand-over checklist ticks itself when the clinician forms the group.
        services.group_create_from_programme(programme=programme, created_by=clinician, name="Tuesdays")
        step = programme.protocol_steps.get(ticks_when="group_formed")
        assert step.title == "Form the follow-on group in FollowOn"
        assert step.done_at is not None and step.done_by == clinician

    def test_those_who_said_yes_or_maybe_are_invited_by_message(self, programme, cohort, clinician, ptv):
        group = services.group_create_from_programme(
            programme=programme, created_by=clinician, name="Tuesday group", supporter=ptv
        )
        invited = group.memberships.filter(status="invited")
        assert sorted(m.user.preferred_name for m in invited) == ["Ann", "Bea", "Cal", "Dot"]
        assert OutboundMessage.objects.filter(template="group_invitation").count() == 4
        assert group.status == PeerGroup.Status.FORMING
        assert [s.user for s in selectors.group_active_supporters(group)] == [ptv]

    def test_a_programme_can_form_more_than_one_group(self, programme, cohort, clinician):
        tuesday = services.group_create_from_programme(programme=programme, created_by=clinician, name="Tuesdays")
        saturday = services.group_create_from_programme(programme=programme, created_by=clinician, name="Saturdays")
        assert programme.groups.count() == 2
        assert tuesday.memberships.count() == saturday.memberships.count() == 4

    def test_names_must_differ_within_a_programme(self, programme, clinician):
        services.group_create_from_programme(programme=programme, created_by=clinician, name="Tuesdays")
        with pytest.raises(ValidationError):
            services.group_create_from_programme(programme=programme, created_by=clinician, name="tuesdays")

    def test_staff_of_another_service_cannot_form_a_group(self, programme, other_clinician):
        with pytest.raises(PermissionDenied):
            services.group_create_from_programme(programme=programme, created_by=other_clinician, name="X")

    def test_someone_who_changes_their_mind_to_yes_is_invited(self, programme, cohort, clinician):
        group = services.group_create_from_programme(programme=programme, created_by=clinician, name="G")
        eve = cohort[4]
        assert selectors.group_membership_for(group, eve.user) is None
        answer(eve, "yes")
        assert selectors.group_membership_for(group, eve.user).status == "invited"

    def test_someone_who_said_no_can_still_join_directly(self, programme, cohort, clinician):
        group = services.group_create_from_programme(programme=programme, created_by=clinician, name="G")
        services.group_join(group=group, user=cohort[4].user)
        assert "Eve" in members(group)

    def test_only_the_programmes_participants_can_join_directly(self, programme, clinician, service):
        group = services.group_create_from_programme(programme=programme, created_by=clinician, name="G")
        outsider = join(make_programme(service, clinician, title="Another")).user
        with pytest.raises(PermissionDenied):
            services.group_join(group=group, user=outsider)


class TestMembership:
    def test_accept_decline_leave_and_rejoin_keep_the_history(self, programme, cohort, clinician):
        group = form_group(programme, clinician)
        ann = group.memberships.get(user=cohort[0].user)
        services.membership_accept(membership=ann, user=cohort[0].user)
        dot = group.memberships.get(user=cohort[3].user)
        services.membership_decline(membership=dot, user=cohort[3].user)
        services.membership_leave(membership=ann, user=cohort[0].user, reason="commitments")
        services.group_join(group=group, user=cohort[0].user)
        spells = list(GroupMembership.objects.filter(group=group, user=cohort[0].user).order_by("id"))
        assert [(s.status, s.leave_reason) for s in spells] == [("left", "commitments"), ("member", "")]
        assert GroupMembership.objects.get(pk=dot.pk).status == "declined"

    def test_only_the_invited_person_can_accept(self, programme, cohort, clinician):
        group = form_group(programme, clinician)
        ann = group.memberships.get(user=cohort[0].user)
        with pytest.raises(PermissionDenied):
            services.membership_accept(membership=ann, user=cohort[1].user)

    def test_leaving_ends_roles_and_needs_a_known_reason(self, programme, cohort, clinician):
        group = form_group(programme, clinician, accept=True)
        user = cohort[0].user
        services.role_take(group=group, user=user, role=GroupRole.Role.COORDINATOR)
        membership = selectors.group_membership_for(group, user)
        with pytest.raises(ValidationError):
            services.membership_leave(membership=membership, user=user, reason="because")
        services.membership_leave(membership=membership, user=user)
        assert list(selectors.group_coordinators(group)) == []

    def test_someone_admitted_from_the_directory_joins_audited_like_any_member(self, programme, service, clinician):
        group = form_group(programme, clinician)
        newcomer = join(make_programme(service, clinician, title="Other")).user
        membership = services.membership_admit(group=group, user=newcomer, admitted_by=clinician)
        assert membership.status == GroupMembership.Status.MEMBER and membership.joined_at is not None
        assert AuditEvent.objects.filter(action="group.member_joined", target_id=str(membership.public_id)).exists()
        assert services.membership_admit(group=group, user=newcomer, admitted_by=clinician) == membership

    def test_a_closed_group_admits_nobody(self, programme, service, clinician):
        group = form_group(programme, clinician)
        services.group_transition(group=group, to_status=PeerGroup.Status.FOLDED, actor=clinician)
        group.refresh_from_db()
        newcomer = join(make_programme(service, clinician, title="Other")).user
        with pytest.raises(ValidationError, match="This group has closed"):
            services.membership_admit(group=group, user=newcomer, admitted_by=clinician)
        assert not GroupMembership.objects.filter(group=group, user=newcomer).exists()


class TestRoles:
    def test_volunteers_take_roles_one_holder_at_a_time(self, programme, cohort, clinician):
        group = form_group(programme, clinician, accept=True)
        ann, bea = cohort[0].user, cohort[1].user
        services.role_take(group=group, user=ann, role="coordinator")
        services.role_take(group=group, user=bea, role="co_coordinator")
        with pytest.raises(ValidationError):
            services.role_take(group=group, user=bea, role="coordinator")
        assert list(selectors.group_coordinators(group)) == sorted([ann, bea], key=lambda u: u.preferred_name)
        assert selectors.is_group_organiser(group, ann)
        services.role_step_down(group=group, user=ann, role="coordinator")
        services.role_take(group=group, user=bea, role="coordinator")
        assert {r.role for r in selectors.group_current_roles(group)} == {"coordinator", "co_coordinator"}

    def test_only_members_take_roles(self, programme, cohort, clinician):
        group = form_group(programme, clinician)
        with pytest.raises(PermissionDenied):
            services.role_take(group=group, user=cohort[0].user, role="coordinator")


class TestFormationAndSupport:
    def test_three_participants_meeting_face_to_face_after_the_programme_forms_the_group(
        self, programme, cohort, clinician, ptv
    ):
        group = form_group(programme, clinician, supporter=ptv, accept=True)
        meet(group, ptv, [c.user for c in cohort[:2]], days_ago=3)  # two people: not formed
        group.refresh_from_db()
        assert group.status == "forming"
        meeting = meet(group, ptv, [c.user for c in cohort[:3]], days_ago=2)
        group.refresh_from_db()
        assert group.status == "active"
        assert group.formed_on == timezone.localdate(meeting.starts_at)
        change = GroupStatusChange.objects.get(group=group)
        assert (change.from_status, change.to_status, change.changed_by) == ("forming", "active", None)

    def test_meeting_online_or_before_the_programme_ended_does_not_count(self, service, clinician, ptv):
        running = make_programme(service, clinician, ptvs=[ptv], start=timezone.localdate() - timedelta(weeks=3))
        people = [join(running) for _ in range(3)]
        for p in people:
            answer(p, "yes")
        group = form_group(running, clinician, accept=True)
        meet(group, ptv, [p.user for p in people], days_ago=1)  # during the programme
        group.refresh_from_db()
        assert group.status == "forming"
        assert selectors.group_formation_meeting(group) is None

    def test_online_meetings_do_not_form_a_group(self, programme, cohort, clinician, ptv):
        group = form_group(programme, clinician, accept=True)
        meet(group, ptv, [c.user for c in cohort[:4]], days_ago=1, face_to_face=False)
        group.refresh_from_db()
        assert group.status == "forming"

    def test_the_ptv_is_detached_with_thanks_after_the_third_held_meeting(self, programme, cohort, clinician, ptv):
        group = form_group(programme, clinician, supporter=ptv, accept=True)
        coordinator = cohort[0].user
        services.role_take(group=group, user=coordinator, role="coordinator")
        for days_ago in (20, 13):
            meet(group, coordinator, [c.user for c in cohort[:3]], days_ago=days_ago)
        assert selectors.group_active_supporters(group)
        assert not OutboundMessage.objects.filter(template="supporter_thanks").exists()
        meet(group, coordinator, [c.user for c in cohort[:2]], days_ago=6)
        supporter = GroupSupporter.objects.get(group=group)
        assert supporter.detached_at is not None
        assert supporter.detach_reason == GroupSupporter.DetachReason.AFTER_THIRD_MEETING
        thanks = OutboundMessage.objects.get(template="supporter_thanks")
        assert thanks.recipient == ptv and group.name in thanks.body
        meet(group, coordinator, [c.user for c in cohort[:2]], days_ago=1)
        assert OutboundMessage.objects.filter(template="supporter_thanks").count() == 1

    def test_a_welsh_ptv_is_thanked_in_welsh_and_an_english_one_as_before(self, programme, cohort, clinician, ptv):
        # ADR 0027: the thank-you is in the PTV's language where the service offers it.
        programme.service.message_languages = ["cy"]
        programme.service.save()
        ptv.language = "cy"
        ptv.save()
        group = form_group(programme, clinician, supporter=ptv, accept=True)
        coordinator = cohort[0].user
        services.role_take(group=group, user=coordinator, role="coordinator")
        for days_ago in (20, 13, 6):
            meet(group, coordinator, [c.user for c in cohort[:3]], days_ago=days_ago)
        thanks = OutboundMessage.objects.get(template="supporter_thanks")
        assert thanks.subject == f"Diolch am gefnogi {group.name}"
        assert f"Mae {group.name} bellach wedi cynnal tri chyfarfod." in thanks.body
        assert "Does dim angen i chi wneud dim byd." in thanks.body
        assert "Thank you" not in thanks.body

    def test_the_ptv_thanks_in_english_is_unchanged(self, programme, cohort, clinician, ptv):
        group = form_group(programme, clinician, supporter=ptv, accept=True)
        coordinator = cohort[0].user
        services.role_take(group=group, user=coordinator, role="coordinator")
        for days_ago in (20, 13, 6):
            meet(group, coordinator, [c.user for c in cohort[:3]], days_ago=days_ago)
        thanks = OutboundMessage.objects.get(template="supporter_thanks")
        supporter = GroupSupporter.objects.get(group=group)
        since = f"{supporter.attached_at.astimezone(LONDON):%-d %B %Y}"
        assert thanks.subject == f"Thank you for supporting {group.name}"
        assert thanks.body == (
            f"Hello {ptv.display_name},\n\n{group.name} has now held three meetings. Thank you for supporting the "
            f"group since {since}: the hand-over is complete and the group carries on under its members.\n\n"
            "You have been stepped back from the group in FollowOn. You do not need to do anything.\n\n"
            f"{group.service.name}"
        )

    def test_meetings_must_be_in_the_past_and_list_members_only(self, programme, cohort, clinician, ptv):
        group = form_group(programme, clinician, accept=True)
        with pytest.raises(ValidationError):
            meeting_record(group=group, recorded_by=clinician, starts_at=timezone.now() + timedelta(days=1))
        outsider = join(programme, preferred_name="Zed").user
        with pytest.raises(ValidationError):
            meeting_record(
                group=group,
                recorded_by=clinician,
                starts_at=timezone.now() - timedelta(days=1),
                attended_user_ids={outsider.pk},
            )

    def test_an_ordinary_member_cannot_record_meetings(self, programme, cohort, clinician):
        group = form_group(programme, clinician, accept=True)
        with pytest.raises(PermissionDenied):
            meet(group, cohort[0].user, [cohort[0].user], days_ago=1)

    def test_attendance_is_recorded_for_every_member(self, programme, cohort, clinician):
        group = form_group(programme, clinician, accept=True)
        meeting = meet(group, clinician, [cohort[0].user], days_ago=1)
        assert Attendance.objects.filter(meeting=meeting).count() == 4
        assert Attendance.objects.filter(meeting=meeting, attended=True).count() == 1
        assert meeting.status == Meeting.Status.HELD


class TestLifecycle:
    def active_group(self, programme, cohort, clinician, ptv, name="G"):
        group = form_group(programme, clinician, accept=True, name=name)
        meet(group, clinician, [c.user for c in cohort[:3]], days_ago=5)
        group.refresh_from_db()
        assert group.status == "active"
        return group

    def test_allowed_transitions_are_enforced(self, programme, cohort, clinician, ptv):
        group = self.active_group(programme, cohort, clinician, ptv)
        services.group_transition(group=group, to_status="paused", actor=clinician, effective_on=date.today())
        group.refresh_from_db()
        assert group.paused_on == date.today()
        services.group_transition(group=group, to_status="active", actor=clinician)
        services.group_transition(group=group, to_status="folded", actor=clinician)
        group.refresh_from_db()
        assert group.folded_on == timezone.localdate()
        with pytest.raises(ValidationError):
            services.group_transition(group=group, to_status="active", actor=clinician)
        assert [c.to_status for c in group.status_changes.all()] == ["active", "paused", "active", "folded"]

    def test_a_forming_group_becomes_active_only_by_the_formation_definition(self, programme, cohort, clinician):
        group = form_group(programme, clinician)
        with pytest.raises(ValidationError) as error:
            services.group_transition(group=group, to_status="active", actor=clinician)
        assert "at least 3 people" in error.value.message_dict["status"][0]

    def test_merging_needs_a_target_and_moves_members(self, programme, cohort, clinician, ptv):
        source = self.active_group(programme, cohort, clinician, ptv, name="Source")
        target = form_group(programme, clinician, name="Target")
        with pytest.raises(ValidationError):
            services.group_transition(group=source, to_status="merged", actor=clinician)
        services.group_transition(group=source, to_status="merged", actor=clinician, merged_into=target)
        source.refresh_from_db()
        assert source.merged_into == target and source.merged_on == timezone.localdate()
        assert members(source) == []
        assert members(target) == ["Ann", "Bea", "Cal", "Dot"]

    def test_coordinators_may_pause_but_not_merge(self, programme, cohort, clinician, ptv):
        group = self.active_group(programme, cohort, clinician, ptv)
        coordinator = cohort[0].user
        services.role_take(group=group, user=coordinator, role="coordinator")
        services.group_transition(group=group, to_status="paused", actor=coordinator)
        other = form_group(programme, clinician, name="Other")
        with pytest.raises(PermissionDenied):
            services.group_transition(group=group, to_status="merged", actor=coordinator, merged_into=other)
        with pytest.raises(PermissionDenied):
            services.group_transition(group=group, to_status="active", actor=cohort[1].user)

    def test_future_dates_are_refused(self, programme, cohort, clinician, ptv):
        group = self.active_group(programme, cohort, clinician, ptv)
        with pytest.raises(ValidationError):
            services.group_transition(
                group=group, to_status="paused", actor=clinician, effective_on=date.today() + timedelta(days=2)
            )

    def test_every_transition_is_audited(self, programme, cohort, clinician, ptv):
        group = self.active_group(programme, cohort, clinician, ptv)
        services.group_transition(group=group, to_status="paused", actor=clinician)
        details = [e.detail for e in AuditEvent.objects.filter(action="group.status_changed").order_by("id")]
        assert [(d["from"], d["to"]) for d in details] == [("forming", "active"), ("active", "paused")]


def test_a_closed_account_leaves_its_groups(programme, cohort, clinician):
    group = form_group(programme, clinician, accept=True)
    user = cohort[0].user
    services.role_take(group=group, user=user, role="coordinator")
    services.memberships_end_for_closed_account(user=user, service=programme.service)
    assert "Ann" not in members(group)
    assert list(selectors.group_coordinators(group)) == []


def test_member_groups_lists_only_current_memberships(programme, cohort, clinician):
    group = form_group(programme, clinician, accept=True)
    other = form_group(programme, clinician, name="Other")
    user = cohort[0].user
    assert list(selectors.member_groups(user)) == [group]
    assert [m.group for m in selectors.member_group_invitations(user)] == [other]
