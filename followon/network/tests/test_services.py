from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from followon.accounts.models import ConsentKind, ConsentRecord
from followon.accounts.services import consent_notices_ensure, consent_record
from followon.core.models import AuditEvent
from followon.core.testing import count_queries
from followon.network import selectors, services
from followon.network.models import EventInvitation, GroupListing, JoinRequest, NetworkEvent, SupportOffer
from followon.network.tests.factories import add_member, hold_meetings, listed_group, service_member
from followon.notifications.models import OutboundMessage, Reminder
from followon.peergroups.models import GroupMembership, GroupRole, PeerGroup

pytestmark = pytest.mark.django_db
COORDINATOR = GroupRole.Role.COORDINATOR


def _listing(group):
    return GroupListing.objects.select_related("group").get(group=group)


# Listing ---------------------------------------------------------------------------------------


def test_coordinator_lists_group_with_outcode_only(service):
    group = PeerGroup.objects.create(service=service, name="Kingswood group", status="active")
    coordinator = add_member(group, role=COORDINATOR)
    listing = services.listing_update(
        group=group, actor=coordinator, is_listed=True, outcode="bs15 1aa", description="Friendly", usual_day="tue"
    )
    assert listing.outcode == "BS15" and listing.latitude is not None
    assert AuditEvent.objects.filter(action="network.listing_updated").exists()


def test_member_who_is_not_a_coordinator_cannot_change_listing(service):
    group = PeerGroup.objects.create(service=service, name="G", status="active")
    member = add_member(group)
    with pytest.raises(PermissionDenied):
        services.listing_update(group=group, actor=member, is_listed=True, outcode="BS16")


def test_listing_with_unknown_outcode_is_refused(service):
    group = PeerGroup.objects.create(service=service, name="G", status="active")
    coordinator = add_member(group, role=COORDINATOR)
    with pytest.raises(ValidationError) as error:
        services.listing_update(group=group, actor=coordinator, is_listed=True, outcode="ZZ99")
    assert str(selectors.OUTCODE_ERROR) in str(error.value)


# Joining --------------------------------------------------------------------------------------


def test_repeated_join_requests_are_merged(service):
    group = listed_group(service, "G", "BS16")
    add_member(group, role=COORDINATOR)
    person = service_member(service)
    first, created = services.join_request_make(listing=_listing(group), user=person)
    second, created_again = services.join_request_make(listing=_listing(group), user=person, note="Still keen")
    assert created and not created_again
    assert first.pk == second.pk and second.times_asked == 2 and second.note == "Still keen"
    assert JoinRequest.objects.filter(group=group, user=person).count() == 1
    # the coordinator was told once, not twice
    assert OutboundMessage.objects.filter(template="network_join_request").count() == 1


def test_join_request_to_full_group_explains_why(service):
    group = listed_group(service, "G", "BS16", capacity=2)
    add_member(group)
    add_member(group)
    with pytest.raises(ValidationError) as error:
        services.join_request_make(listing=_listing(group), user=service_member(service))
    assert "full" in error.value.messages[0]


def test_join_request_to_closed_group_explains_why(service):
    group = listed_group(service, "G", "BS16", welcomes_new_members=False)
    with pytest.raises(ValidationError) as error:
        services.join_request_make(listing=_listing(group), user=service_member(service))
    assert "not taking new members" in error.value.messages[0]
    folded = listed_group(service, "F", "BS16", status=PeerGroup.Status.FOLDED)
    with pytest.raises(ValidationError) as error:
        services.join_request_make(listing=_listing(folded), user=service_member(service))
    assert "closed" in error.value.messages[0]


def test_accepted_request_makes_a_member_and_keeps_goals_when_moving(service):
    from followon.selfcare.models import Goal

    old = listed_group(service, "Old", "BS16")
    new = listed_group(service, "New", "BS34")
    coordinator = add_member(new, role=COORDINATOR)
    person = add_member(old)
    goal = Goal.objects.create(owner=person, service=service, what="Walk to the shop", confidence=7)
    from followon.peergroups.services import membership_leave

    membership_leave(membership=GroupMembership.objects.get(group=old, user=person), user=person, reason="other_group")
    join_request, _ = services.join_request_make(listing=_listing(new), user=person)
    services.join_request_decide(request=join_request, actor=coordinator, accept=True)
    assert GroupMembership.objects.filter(group=new, user=person, status="member").exists()
    assert Goal.objects.filter(pk=goal.pk, owner=person, status=Goal.Status.ACTIVE).exists()


def test_declined_request_reveals_nothing_about_members(service):
    group = listed_group(service, "G", "BS16")
    coordinator = add_member(group, role=COORDINATOR, preferred_name="Cora Coordinator")
    add_member(group, preferred_name="Secret Sally")
    person = service_member(service)
    join_request, _ = services.join_request_make(listing=_listing(group), user=person)
    services.join_request_decide(request=join_request, actor=coordinator, accept=False)
    bodies = " ".join(OutboundMessage.objects.filter(recipient=person).values_list("body", flat=True))
    assert "Secret Sally" not in bodies and "Cora" not in bodies
    assert "can't take new people" in bodies
    assert not GroupMembership.objects.filter(group=group, user=person).exists()


def test_only_coordinators_decide(service):
    group = listed_group(service, "G", "BS16")
    plain = add_member(group)
    join_request, _ = services.join_request_make(listing=_listing(group), user=service_member(service))
    with pytest.raises(PermissionDenied):
        services.join_request_decide(request=join_request, actor=plain, accept=True)


# Help finding a group --------------------------------------------------------------------------


def test_clinician_suggests_a_listed_group(service, clinician):
    group = listed_group(service, "G", "BS16")
    person = service_member(service)
    help_request, created = services.help_request_make(service=service, user=person, what_matters="Mornings")
    again, created_again = services.help_request_make(service=service, user=person)
    assert created and not created_again and again.pk == help_request.pk
    services.help_request_suggest(request=help_request, actor=clinician, group=group)
    help_request.refresh_from_db()
    assert help_request.status == "suggested" and help_request.suggested_group == group
    assert OutboundMessage.objects.filter(recipient=person, template="network_group_suggested").exists()


def test_cannot_suggest_an_unlisted_group(service, clinician):
    hidden = listed_group(service, "Hidden", "BS16", listed=False)
    help_request, _ = services.help_request_make(service=service, user=service_member(service))
    with pytest.raises(ValidationError):
        services.help_request_suggest(request=help_request, actor=clinician, group=hidden)


# Fading groups --------------------------------------------------------------------------------


def test_fading_group_is_flagged_with_reasons(service):
    shrinking = PeerGroup.objects.create(service=service, name="Shrinking", status="active")
    hold_meetings(shrinking, [8, 7, 8, 5, 3, 2])
    steady = PeerGroup.objects.create(service=service, name="Steady", status="active")
    hold_meetings(steady, [6, 6, 7, 6, 6, 6])
    quiet = PeerGroup.objects.create(service=service, name="Quiet", status="active")
    hold_meetings(quiet, [5, 5, 5], last_days_ago=90)
    found = {row.group.name: row for row in selectors.groups_needing_support(service)}
    assert set(found) == {"Shrinking", "Quiet"}
    shrink = found["Shrinking"]
    assert shrink.meetings_held == 6
    assert shrink.first_average == pytest.approx(23 / 3) and shrink.recent_average == pytest.approx(10 / 3)
    assert any("fell from 7.7 to 3.3" in reason for reason in shrink.reasons)
    assert found["Quiet"].days_since_last == 90 and "No meeting for 90 days" in found["Quiet"].reasons


def test_fading_list_is_computed_in_a_fixed_number_of_queries(service):
    for i in range(2):
        hold_meetings(PeerGroup.objects.create(service=service, name=f"A{i}", status="active"), [5, 5, 5, 1, 1, 1])
    with count_queries() as small:
        assert len(selectors.groups_needing_support(service)) == 2
    for i in range(6):
        hold_meetings(PeerGroup.objects.create(service=service, name=f"B{i}", status="active"), [5, 5, 5, 1, 1, 1])
    with count_queries() as large:
        assert len(selectors.groups_needing_support(service)) == 8
    assert len(small) == len(large)


def test_support_offer_is_audited_and_coordinators_told(service, ptv, clinician):
    group = PeerGroup.objects.create(service=service, name="G", status="active")
    add_member(group, role=COORDINATOR)
    offer = services.support_offer_make(group=group, actor=ptv, kind=SupportOffer.Kind.VISIT)
    assert AuditEvent.objects.filter(action="network.support_offered").exists()
    assert OutboundMessage.objects.filter(template="network_support_offer").exists()
    assert offer.kind == "visit"
    with pytest.raises(PermissionDenied):
        services.support_offer_make(group=group, actor=clinician, kind=SupportOffer.Kind.VISIT)
    with pytest.raises(ValidationError):
        services.support_offer_make(group=group, actor=ptv, kind=SupportOffer.Kind.MERGE)


# Events ----------------------------------------------------------------------------------------


def _consent(service, user):
    consent_notices_ensure(service=service)
    consent_record(user=user, service=service, kind=ConsentKind.PRIVACY, decision=ConsentRecord.Decision.GIVEN)


def _event(service, actor, **kwargs):
    starts = timezone.now() + timedelta(days=10)
    values = {
        "title": "Spring network meeting",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "place": "Southmead Hospital",
    }
    values.update(kwargs)
    return services.event_create(service=service, actor=actor, **values)


def test_event_invites_consented_current_and_former_members_only(service, clinician):
    group = PeerGroup.objects.create(service=service, name="G", status="active")
    current = add_member(group)
    former = add_member(group)
    GroupMembership.objects.filter(user=former).update(status="left")
    no_consent = add_member(group)
    stranger = service_member(service)
    for person in (current, former, stranger):
        _consent(service, person)
    event = _event(service, clinician)
    invited = set(event.invitations.values_list("user_id", flat=True))
    assert invited == {current.pk, former.pk}
    assert no_consent.pk not in invited


def test_rsvp_capacity_and_reminder(service, clinician):
    group = PeerGroup.objects.create(service=service, name="G", status="active")
    people = [add_member(group) for _ in range(2)]
    for person in people:
        _consent(service, person)
    event = _event(service, clinician, capacity=1)
    first, second = (EventInvitation.objects.get(event=event, user=p) for p in people)
    services.event_rsvp(invitation=first, user=people[0], coming=True)
    assert Reminder.objects.filter(key__startswith=f"network-event:{event.public_id}:", status="scheduled").count() == 1
    with pytest.raises(ValidationError) as error:
        services.event_rsvp(invitation=second, user=people[1], coming=True)
    assert "full" in error.value.messages[0]
    services.event_rsvp(invitation=first, user=people[0], coming=False)
    assert not Reminder.objects.filter(key__startswith=f"network-event:{event.public_id}:", status="scheduled").exists()


def test_feedback_only_after_the_event(service, clinician):
    group = PeerGroup.objects.create(service=service, name="G", status="active")
    person = add_member(group)
    _consent(service, person)
    event = _event(service, clinician)
    invitation = EventInvitation.objects.get(event=event, user=person)
    with pytest.raises(ValidationError):
        services.event_feedback_give(invitation=invitation, user=person, rating=3)
    NetworkEvent.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=1), ends_at=timezone.now() - timedelta(hours=20)
    )
    invitation.refresh_from_db()
    feedback = services.event_feedback_give(invitation=invitation, user=person, rating=4, comment="Lovely")
    assert feedback.rating == 4
