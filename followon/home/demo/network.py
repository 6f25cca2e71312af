"""Demo data for the network of groups: listed groups around Bristol, one fading group on the
support list, and an upcoming network meeting. Idempotent (called from followon/core/demo.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from followon.accounts.models import ServiceMembership, User
from followon.meetings.models import Attendance, Meeting, Venue
from followon.network import services
from followon.network.models import GroupListing, NetworkEvent, Outcode
from followon.peergroups.models import GroupMembership, GroupRole, PeerGroup

LISTED = [
    # name, outcode, day, time, description, venue facts
    (
        "Kingswood Tuesday mornings",
        "BS15",
        "tue",
        "morning",
        "Coffee, pacing tips and a laugh.",
        ("step_free", "accessible_toilet", "chairs_with_arms"),
    ),
    (
        "Bradley Stoke walkers",
        "BS34",
        "wed",
        "morning",
        "A short, gentle walk, then a sit-down.",
        ("parking", "near_bus_stop"),
    ),
    (
        "City centre coffee group",
        "BS1",
        "thu",
        "afternoon",
        "We meet in a quiet café corner.",
        ("step_free", "quiet_area", "near_bus_stop"),
    ),
    (
        "Thornbury afternoons",
        "BS35",
        "mon",
        "afternoon",
        "Small and friendly, all welcome.",
        ("step_free", "parking", "blue_badge_spaces"),
    ),
]
FADING = ("Filton Friday group", "BS7")


def _person(service, n: int, name: str) -> User:
    email = f"network{n}@demo.followon.test"
    user = User.objects.filter(email=email).first() or User.objects.create_user(email=email, preferred_name=name)
    ServiceMembership.objects.get_or_create(service=service, user=user)
    return user


def _group(service, name: str, coordinator: User) -> tuple[PeerGroup, bool]:
    group, created = PeerGroup.objects.get_or_create(
        service=service, name=name, programme=None, defaults={"status": PeerGroup.Status.ACTIVE}
    )
    if created:
        GroupMembership.objects.create(group=group, user=coordinator, status="member", joined_at=timezone.now())
        GroupRole.objects.create(group=group, user=coordinator, role=GroupRole.Role.COORDINATOR)
    return group, created


def load_network_demo(*, service, clinician, ptv, member) -> dict:
    for index, (name, outcode, day, time_of_day, description, facts) in enumerate(LISTED):
        coordinator = _person(service, index, f"Coordinator {index + 1}")
        group, created = _group(service, name, coordinator)
        if created or not GroupListing.objects.filter(group=group).exists():
            venue = Venue.objects.create(
                service=service, group=group, name=f"{name} venue", outcode=outcode, **dict.fromkeys(facts, True)
            )
            services.listing_update(
                group=group,
                actor=coordinator,
                is_listed=True,
                outcode=outcode,
                usual_day=day,
                time_of_day=time_of_day,
                description=description,
                venue=venue,
                size_text="About 6 to 8 of us",
                welcomes_new_members=True,
                capacity=12,
            )
    # A group that has shrunk and gone quiet: it shows on "groups that may need support".
    coordinator = _person(service, 10, "Fran Coordinator")
    fading, created = _group(service, FADING[0], coordinator)
    if created:
        place = Outcode.objects.get(code=FADING[1])
        GroupListing.objects.create(
            group=fading,
            service=service,
            is_listed=False,
            outcode=place.code,
            latitude=place.latitude,
            longitude=place.longitude,
        )
        attenders = [coordinator, *[_person(service, 11 + i, f"Filton member {i + 1}") for i in range(6)]]
        for person in attenders[1:]:
            GroupMembership.objects.create(group=fading, user=person, status="member", joined_at=timezone.now())
        now = timezone.now()
        for k, count in enumerate([7, 6, 7, 3, 2, 2]):
            starts = now - timedelta(days=75 + 14 * (5 - k))
            meeting = Meeting.objects.create(
                group=fading, starts_at=starts, ends_at=starts + timedelta(hours=2), status=Meeting.Status.HELD
            )
            Attendance.objects.bulk_create(
                [Attendance(meeting=meeting, user=p, attended=True) for p in attenders[:count]]
            )
    # The twice-yearly network meeting, three weeks away.
    event = NetworkEvent.objects.filter(service=service, title="Autumn network meeting").first()
    if event is None:
        starts = (timezone.now() + timedelta(days=21)).replace(hour=10, minute=30, second=0, microsecond=0)
        event = services.event_create(
            service=service,
            actor=clinician,
            kind=NetworkEvent.Kind.NETWORK_MEETING,
            title="Autumn network meeting",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Learning and Research building, Southmead Hospital",
            accessibility=(
                "Step-free entrance and lifts, accessible toilets, chairs with arms, a quiet room, "
                "blue badge parking by the entrance."
            ),
            capacity=60,
            details="Meet people from other groups, share what works, and hear what the service is planning.",
        )
    return {"event": event, "fading": fading}
