"""Demo meetings (called from followon/core/demo.py after the programmes demo).

The formed Thursday coffee group gets a venue with its access facts, a fortnightly meeting with
RSVPs and an open poll; the forming Tuesday walking group gets its first meeting, set up by its
coordinator Jo. The demo members get private calendar feeds (only the token's hash is kept, so their calendar page
offers a new link to copy).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from followon.meetings import selectors, services
from followon.meetings.models import Venue
from followon.meetings.recurrence import LONDON
from followon.peergroups.models import GroupRole, PeerGroup


def _organiser(group: PeerGroup):
    role = group.roles.filter(role=GroupRole.Role.COORDINATOR, ended_at__isnull=True).select_related("user").first()
    return role.user if role else None


def _next_weekday(weekday: int, at_least_days: int = 3):
    day = timezone.localdate() + timedelta(days=at_least_days)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


@transaction.atomic
def load_meetings_demo(*, service, members) -> None:
    formed = PeerGroup.objects.filter(service=service, name="Thursday coffee group").first()
    if formed is not None and not Venue.objects.filter(group=formed).exists():
        coordinator = _organiser(formed)
        venue = services.venue_create(
            group=formed,
            service=service,
            created_by=coordinator,
            name="Kingswood Community Café",
            address="12 High Street, Kingswood, Bristol",
            outcode="BS15",
            step_free=True,
            accessible_toilet=True,
            chairs_with_arms=True,
            quiet_area=True,
            blue_badge_spaces=True,
            near_bus_stop=True,
            drink_cost="£2.20",
        )
        meeting = services.meeting_create(
            group=formed,
            created_by=coordinator,
            first_date=_next_weekday(3),
            start_time=time(10, 30),
            end_time=time(12, 0),
            frequency="weekly",
            interval=2,
            title="Thursday coffee morning",
            location=venue,
            details="Pacing catch-up, then a cuppa. Come for as long as suits you.",
        )
        occurrence = selectors.next_occurrence(meeting)
        people = [m.user for m in formed.memberships.filter(status="member").select_related("user").order_by("id")]
        for person, response in zip(people, ["yes", "yes", "still_here", "no"], strict=False):
            services.rsvp_set(meeting=meeting, user=person, occurrence_date=occurrence.date, response=response)
        first = datetime.combine(_next_weekday(1, 9), time(10, 30), tzinfo=LONDON)
        services.poll_create(
            group=formed,
            created_by=coordinator,
            title="Summer network meeting get-together",
            closes_at=datetime.combine(timezone.localdate() + timedelta(days=5), time(18), tzinfo=LONDON),
            options=[
                {"starts_at": first + timedelta(days=d), "ends_at": first + timedelta(days=d, hours=1, minutes=30)}
                for d in (0, 2, 7)
            ],
        )
    forming = PeerGroup.objects.filter(service=service, name="Tuesday walking group").first()
    if forming is not None and not forming.meetings.filter(status="scheduled").exists():
        coordinator = _organiser(forming)
        if coordinator is not None:
            services.meeting_create(
                group=forming,
                created_by=coordinator,
                first_date=_next_weekday(1),
                start_time=time(10, 0),
                end_time=time(11, 30),
                title="First walk and coffee",
                details="A short, flat walk round the park, then coffee. Benches all the way round.",
            )
    for member in members:
        if selectors.current_feed(member) is None:  # loading twice changes nothing
            services.calendar_feed_issue(user=member)
