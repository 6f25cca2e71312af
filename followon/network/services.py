"""Writes for the network of groups. Each function checks who may do it, changes
state in one transaction, records an audit event and enqueues its messages."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from followon.accounts.models import ConsentKind
from followon.accounts.selectors import consented_members, is_member_of
from followon.core.links import absolute_url
from followon.core.services import audit_record
from followon.network import selectors
from followon.network.models import (
    EventFeedback,
    EventInvitation,
    GroupListing,
    HelpRequest,
    JoinRequest,
    NetworkEvent,
    NetworkSettings,
    SupportOffer,
    languages_store,
)
from followon.notifications.models import OutboundMessage
from followon.notifications.services import (
    member_notify,
    message_enqueue,
    message_language,
    open_question_ask,
    reminder_schedule,
    reminders_cancel,
)
from followon.organisations.models import StaffRole
from followon.organisations.selectors import holds_staff_role
from followon.peergroups.models import GroupMembership, PeerGroup
from followon.peergroups.selectors import group_coordinators, is_group_organiser
from followon.peergroups.services import membership_admit
from followon.programmes.models import Enrolment

# Invitations to network events go to people who agreed to the service's privacy
# notice (which says the service will contact them about its groups and events).
EVENT_INVITATION_CONSENT = ConsentKind.PRIVACY
LISTING_FIELDS = (
    "is_listed",
    "description",
    "usual_day",
    "time_of_day",
    "outcode",
    "venue",
    "size_text",
    "age_range_text",
    "gender_mix_text",
    "languages",
    "languages_other",
    "who_for",
    "meets_daytime",
    "meets_evening",
    "meets_weekend",
    "step_free",
    "welcomes_new_members",
    "capacity",
)


def _require_organiser(group: PeerGroup, user) -> None:
    if not is_group_organiser(group, user):
        raise PermissionDenied("only the group's coordinators may do this")


# Listing ------------------------------------------------------------------------------------


def listing_update(*, group: PeerGroup, actor, **values) -> GroupListing:
    """A coordinator sets how (and whether) their group appears in the directory."""
    _require_organiser(group, actor)
    unknown = set(values) - set(LISTING_FIELDS)
    if unknown:
        raise ValueError(f"unknown listing fields: {sorted(unknown)}")
    latitude = longitude = None
    if values.get("outcode"):
        place = selectors.outcode_lookup(values["outcode"])
        if place is None:
            raise ValidationError({"outcode": selectors.OUTCODE_ERROR})
        values["outcode"], latitude, longitude = place.code, place.latitude, place.longitude
    if values.get("is_listed") and not values.get("outcode"):
        raise ValidationError(
            {"outcode": _("Enter the first half of a postcode, like BS16, so people can find the group")}
        )
    if "languages" in values:  # codes from MEETING_LANGUAGES; anything else is dropped
        if isinstance(values["languages"], str):
            raise ValueError("languages takes a list of language codes")
        values["languages"] = languages_store(values["languages"])
    venue = values.get("venue")
    if venue is not None and venue.service_id != group.service_id:
        raise PermissionDenied("venue of another service")
    with transaction.atomic():
        listing = GroupListing.objects.select_for_update().filter(group=group).first() or GroupListing(
            group=group, service=group.service
        )
        for name, value in values.items():
            setattr(listing, name, value)
        listing.latitude, listing.longitude = latitude, longitude
        listing.updated_by = actor
        listing.save()
        audit_record(
            actor=actor,
            action="network.listing_updated",
            target=group,
            service=group.service,
            detail={"listed": listing.is_listed},
        )
    return listing


def network_settings_update(*, service, actor, share_listings: bool, partners, **thresholds) -> NetworkSettings:
    """A service admin chooses to share listings with named services, and the fading-group thresholds."""
    if not holds_staff_role(actor, service, [StaffRole.Role.SERVICE_ADMIN]):
        raise PermissionDenied("service admins only")
    with transaction.atomic():
        settings_row, _created = NetworkSettings.objects.get_or_create(service=service)
        settings_row.share_listings = share_listings
        for name, value in thresholds.items():
            if name not in ("days_without_meeting", "attendance_drop_percent", "min_recent_attendance"):
                raise ValueError(name)
            setattr(settings_row, name, value)
        settings_row.save()
        settings_row.partners.set([p for p in partners if p.pk != service.pk])
        audit_record(
            actor=actor,
            action="network.settings_updated",
            target=service,
            service=service,
            detail={"share_listings": share_listings, "partners": len(partners)},
        )
    return settings_row


# Joining and moving -------------------------------------------------------------------------


def join_request_make(*, listing: GroupListing, user, note: str = "") -> tuple[JoinRequest, bool]:
    """A member asks to join a listed group they may see. Asking again while a request
    waits merges into it. Returns (request, created). Raises ValidationError with the
    reason when the group is full or closed, or they are already in it."""
    group = listing.group
    if GroupMembership.objects.filter(group=group, user=user, status=GroupMembership.Status.MEMBER).exists():
        raise ValidationError(_("You are already a member of this group."))
    reason = selectors.join_block_reason(listing)
    if reason:
        raise ValidationError(reason)
    with transaction.atomic():
        existing = (
            JoinRequest.objects.select_for_update()
            .filter(group=group, user=user, status=JoinRequest.Status.PENDING)
            .first()
        )
        if existing is not None:
            existing.times_asked = F("times_asked") + 1
            existing.last_asked_at = timezone.now()
            if note:
                existing.note = note
            existing.save(update_fields=["times_asked", "last_asked_at", "note"])
            existing.refresh_from_db()
            return existing, False
        try:
            with transaction.atomic():
                request = JoinRequest.objects.create(group=group, user=user, note=note)
        except IntegrityError:  # two clicks at once: the other one won
            return JoinRequest.objects.get(group=group, user=user, status=JoinRequest.Status.PENDING), False
        audit_record(actor=user, action="network.join_requested", target=request, service=group.service)
        for coordinator in group_coordinators(group):
            member_notify(
                recipient=coordinator,
                template="network_join_request",
                context={"group_name": group.name, "link": absolute_url("network:group-requests", group.public_id)},
                idempotency_key=f"network-join:{request.public_id}:{coordinator.public_id}",
                service=group.service,
                topic="group",
            )
    return request, True


def join_request_decide(*, request: JoinRequest, actor, accept: bool) -> JoinRequest:
    """A coordinator accepts (the person becomes a member) or declines (no reason asked or given)."""
    group = request.group
    _require_organiser(group, actor)
    with transaction.atomic():
        request = JoinRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != JoinRequest.Status.PENDING:
            raise ValidationError(_("This request has already been answered."))
        request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
        request.decided_at = timezone.now()
        request.decided_by = actor
        request.save(update_fields=["status", "decided_at", "decided_by"])
        if accept:
            membership_admit(group=group, user=request.user, admitted_by=actor)
        audit_record(
            actor=actor,
            action="network.join_accepted" if accept else "network.join_declined",
            target=request,
            service=group.service,
        )
        member_notify(
            recipient=request.user,
            template="network_join_accepted" if accept else "network_join_declined",
            context={
                "group_name": group.name,
                "link": absolute_url("peergroups:member-detail", group.public_id)
                if accept
                else absolute_url("network:directory"),
            },
            idempotency_key=f"network-join-decided:{request.public_id}",
            service=group.service,
            essential=True,
        )
    return request


def join_request_withdraw(*, request: JoinRequest, user) -> JoinRequest:
    if request.user_id != user.pk or request.status != JoinRequest.Status.PENDING:
        raise PermissionDenied("not your waiting request")
    request.status = JoinRequest.Status.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    audit_record(actor=user, action="network.join_withdrawn", target=request, service=request.group.service)
    return request


def help_request_make(*, service, user, what_matters: str = "") -> tuple[HelpRequest, bool]:
    """A member asks staff to help them find a group. Asking again updates the open request."""
    if not is_member_of(user, service):
        raise PermissionDenied("not a member of this service")
    with transaction.atomic():
        existing = (
            HelpRequest.objects.select_for_update()
            .filter(service=service, user=user, status=HelpRequest.Status.OPEN)
            .first()
        )
        if existing is not None:
            if what_matters:
                existing.what_matters = what_matters
                existing.save(update_fields=["what_matters"])
            return existing, False
        request = HelpRequest.objects.create(service=service, user=user, what_matters=what_matters)
        audit_record(actor=user, action="network.help_requested", target=request, service=service)
    return request, True


def help_request_suggest(*, request: HelpRequest, actor, group: PeerGroup) -> HelpRequest:
    """A clinician suggests a listed group of their service; the member is told and can ask to join."""
    service = request.service
    if not holds_staff_role(actor, service, (StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN)):
        raise PermissionDenied("clinicians only")
    if not selectors.listed_groups_for_service(service).filter(group=group).exists():
        raise ValidationError({"group": _("Select a listed group of your service")})
    with transaction.atomic():
        request.status = HelpRequest.Status.SUGGESTED
        request.suggested_group = group
        request.suggested_by = actor
        request.suggested_at = timezone.now()
        request.save(update_fields=["status", "suggested_group", "suggested_by", "suggested_at"])
        audit_record(actor=actor, action="network.group_suggested", target=request, service=service)
        member_notify(
            recipient=request.user,
            template="network_group_suggested",
            context={"group_name": group.name, "link": absolute_url("network:listing", group.public_id)},
            idempotency_key=f"network-suggest:{request.public_id}:{group.public_id}",
            service=service,
            essential=True,
        )
    return request


# Fading groups ------------------------------------------------------------------------------


def support_offer_make(*, group: PeerGroup, actor, kind: str, note: str = "", merge_with=None) -> SupportOffer:
    """The PTV lead or service admin offers help to a group; its coordinators are told."""
    service = group.service
    if not holds_staff_role(actor, service, (StaffRole.Role.PTV, StaffRole.Role.SERVICE_ADMIN)):
        raise PermissionDenied("PTV or service admin only")
    if kind not in SupportOffer.Kind.values:
        raise ValidationError({"kind": _("Select what you are offering")})
    if kind == SupportOffer.Kind.MERGE:
        if merge_with is None:
            raise ValidationError({"merge_with": _("Select the group to join up with")})
        if merge_with.service_id != service.pk or merge_with.pk == group.pk:
            raise ValidationError({"merge_with": _("Select another group of your service")})
    else:
        merge_with = None
    with transaction.atomic():
        offer = SupportOffer.objects.create(group=group, kind=kind, note=note, merge_with=merge_with, offered_by=actor)
        audit_record(
            actor=actor, action="network.support_offered", target=group, service=service, detail={"kind": kind}
        )
        for coordinator in group_coordinators(group):
            # The offer's words go inside the coordinator's message, so in the message's language.
            with translation.override(message_language(coordinator, service)):
                offer_words = str(offer.get_kind_display()).lower()
            member_notify(
                recipient=coordinator,
                template="network_support_offer",
                context={
                    "group_name": group.name,
                    "offer": offer_words,
                    "service_name": service.name,
                    "phone": service.contact_phone,
                },
                idempotency_key=f"network-offer:{offer.public_id}:{coordinator.public_id}",
                service=service,
                topic="group",
            )
    return offer


# Network events -----------------------------------------------------------------------------

# An invitation that goes by text asks "Reply YES if you'd like to come, NO if not" (MAYBE is answered
# kindly and changes nothing: the web has no "maybe"); the reply goes through event_rsvp like the web's.
EVENT_RSVP_KIND = "network_event"


def event_invitees(service):
    """Current and former follow-on group members and programme participants of the
    service who have agreed to be contacted (EVENT_INVITATION_CONSENT)."""
    return (
        consented_members(service, EVENT_INVITATION_CONSENT)
        .filter(
            Q(
                group_memberships__group__service=service,
                group_memberships__status__in=(GroupMembership.Status.MEMBER, GroupMembership.Status.LEFT),
            )
            | Q(enrolments__programme__service=service, enrolments__status=Enrolment.Status.JOINED)
        )
        .distinct()
    )


def event_create(*, service, actor, **values) -> NetworkEvent:
    """Staff create an event and invite everyone eligible at once."""
    if not holds_staff_role(actor, service, (StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN)):
        raise PermissionDenied("clinicians and service admins only")
    if values["ends_at"] <= values["starts_at"]:
        raise ValidationError({"ends_at": _("The end time must be after the start time")})
    with transaction.atomic():
        event = NetworkEvent.objects.create(service=service, created_by=actor, **values)
        people = list(event_invitees(service))
        EventInvitation.objects.bulk_create([EventInvitation(event=event, user=person) for person in people])
        for person in people:
            sent = member_notify(
                recipient=person,
                template="network_event_invitation",
                context={
                    "title": event.title,
                    "starts_at": event.starts_at,
                    "place": event.place,
                    "link": absolute_url("network:my-event", event.public_id),
                },
                idempotency_key=f"network-event:{event.public_id}:{person.public_id}",
                service=service,
                topic="events",
            )
            if any(m.channel == "sms" and m.status != OutboundMessage.Status.CANCELLED for m in sent):
                open_question_ask(
                    user=person,
                    kind=EVENT_RSVP_KIND,
                    object_ref=f"network_event:{event.public_id}",
                    valid_replies=["YES", "NO", "MAYBE"],
                    service=service,
                    expires_at=event.starts_at,
                )
        audit_record(
            actor=actor, action="network.event_created", target=event, service=service, detail={"invited": len(people)}
        )
    return event


def event_rsvp(*, invitation: EventInvitation, user, coming: bool) -> EventInvitation:
    """A member replies. 'Coming' is refused when the event is full; a reminder is planned 2 days before."""
    event = invitation.event
    if invitation.user_id != user.pk:
        raise PermissionDenied("not your invitation")
    if event.is_cancelled or event.starts_at <= timezone.now():
        raise ValidationError(_("You can no longer reply to this invitation."))
    with transaction.atomic():
        NetworkEvent.objects.select_for_update().filter(pk=event.pk).first()  # serialise replies for capacity
        if (
            coming
            and invitation.rsvp != EventInvitation.Rsvp.YES
            and event.capacity
            and selectors.event_coming_count(event) >= event.capacity
        ):
            raise ValidationError(_("Sorry, this event is full. We will tell you about the next one."))
        invitation.rsvp = EventInvitation.Rsvp.YES if coming else EventInvitation.Rsvp.NO
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["rsvp", "responded_at"])
        key = f"network-event:{event.public_id}:{user.public_id}:"
        if coming:
            reminder_schedule(
                key=f"{key}2d",
                run_at=max(event.starts_at - timedelta(days=2), timezone.now()),
                template="network_event_reminder",
                context={"title": event.title, "starts_at": event.starts_at, "place": event.place},
                recipient=user,
                service=event.service,
                topic="events",
            )
        else:
            reminders_cancel(key_prefix=key)
        audit_record(actor=user, action="network.event_rsvp", target=invitation, service=event.service)
    return invitation


def event_rsvp_by_sms(*, user, question, reply, inbound) -> None:
    """Reply handler for "network_event" questions: YES / NO record the RSVP through event_rsvp (so a
    full or past event is refused as on the web), MAYBE changes nothing; a text says what happened."""
    _kind, public_id = question.object_ref.split(":", 1)
    invitation = (
        EventInvitation.objects.select_related("event", "event__service")
        .filter(event__public_id=public_id, user=user)
        .first()
    )
    problem = ""
    if invitation is None:
        outcome = "closed"
    elif reply == "MAYBE":
        outcome = "maybe"
    else:
        try:
            # The reason is kept as the English catalogue id; the reply text shows it in the member's language.
            with translation.override("en"):
                event_rsvp(invitation=invitation, user=user, coming=reply == "YES")
            outcome = "yes" if reply == "YES" else "no"
        except ValidationError as error:
            outcome, problem = "refused", " ".join(error.messages)
        except PermissionDenied:
            outcome = "closed"
    message_enqueue(
        template="network_event_rsvp_reply",
        context={
            "outcome": outcome,
            "title": invitation.event.title[:60] if invitation else "",
            "problem": problem,
            "starts_at": invitation.event.starts_at if invitation else None,
        },
        idempotency_key=f"inbound:{inbound.notify_id}:reply",
        channel="sms",
        to_address=user.mobile,
        recipient=user,
        service=invitation.event.service if invitation else inbound.service,
        essential=True,
    )


def event_feedback_give(*, invitation: EventInvitation, user, rating: int, comment: str = "") -> EventFeedback:
    if invitation.user_id != user.pk:
        raise PermissionDenied("not your invitation")
    if invitation.event.ends_at > timezone.now():
        raise ValidationError(_("You can tell us how it went after the event."))
    if rating not in EventFeedback.Rating.values:
        raise ValidationError({"rating": _("Select how helpful the event was")})
    with transaction.atomic():
        feedback, _created = EventFeedback.objects.update_or_create(
            invitation=invitation, defaults={"rating": rating, "comment": comment}
        )
        audit_record(actor=user, action="network.event_feedback", target=invitation, service=invitation.event.service)
    return feedback
