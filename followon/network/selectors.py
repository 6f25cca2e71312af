"""Reads for the network of groups, scoped to a member's service or a staff service.

The directory search does the great-circle (haversine) distance in SQL, after a
bounding-box prefilter on the listing's copied latitude and longitude, so one
search over any number of listings is a fixed number of queries.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from followon.accounts.selectors import member_primary_service
from followon.meetings.models import Attendance, Meeting
from followon.network.models import (
    ACCESS_NEEDS,
    EventInvitation,
    GroupListing,
    HelpRequest,
    JoinRequest,
    NetworkEvent,
    NetworkSettings,
    Outcode,
)
from followon.peergroups.models import GroupMembership, PeerGroup

EARTH_RADIUS_KM = 6371.0088
OUTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
OUTCODE_ERROR = "Enter the first half of a postcode, like BS16"
DEFAULT_RADIUS_KM = 25
RESULTS_LIMIT = 50
TAKING_STATUSES = (PeerGroup.Status.FORMING, PeerGroup.Status.ACTIVE)
NOT_TAKING_STATUSES = tuple(s for s in PeerGroup.Status.values if s not in TAKING_STATUSES)


def normalise_outcode(text: str) -> str | None:
    """BS16 from ' bs16 ', or from a full postcode 'BS16 1QY'; None if it cannot be an outcode."""
    cleaned = (text or "").strip().upper()
    parts = cleaned.split()
    if len(parts) == 2 and re.match(r"^[0-9][A-Z]{2}$", parts[1]):
        cleaned = parts[0]
    elif len(parts) > 1:
        return None
    elif len(cleaned) >= 5 and re.match(r"^[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2}$", cleaned):
        cleaned = cleaned[:-3]
    return cleaned if OUTCODE_RE.match(cleaned) else None


def outcode_lookup(text: str) -> Outcode | None:
    code = normalise_outcode(text)
    if code is None:
        return None
    return Outcode.objects.filter(code=code).first()


def network_settings_for(service) -> NetworkSettings:
    found = NetworkSettings.objects.filter(service=service).first()
    return found or NetworkSettings(service=service)


def visible_service_ids(service) -> list[int]:
    """The member's own service, and each partner that named it back, both having opted in to share."""
    if service is None:
        return []
    partner_ids = list(
        NetworkSettings.partners.through.objects.filter(
            networksettings__service=service,
            networksettings__share_listings=True,
            painservice__network_settings__share_listings=True,
            painservice__network_settings__partners=service,
        ).values_list("painservice_id", flat=True)
    )
    return [service.pk, *partner_ids]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


class GreatCircleKm(Func):
    """Haversine distance in km from a fixed point to the row's (latitude, longitude), in SQL.

    One node that writes its SQL directly (SIN, COS, ASIN, SQRT and RADIANS exist on PostgreSQL and,
    registered by Django, on SQLite): the same formula as `haversine_km`, but cheap to compile, which
    matters because the search uses it three times per query. LEAST (MIN on SQLite) keeps ASIN's
    argument at most 1 for antipodal points."""

    output_field = FloatField()

    def __init__(self, lat: float, lon: float):
        super().__init__(F("latitude"), F("longitude"))
        self.lat_r, self.lon_r = math.radians(lat), math.radians(lon)

    def as_sql(self, compiler, connection, **extra_context):
        lat, lat_params = compiler.compile(self.source_expressions[0])
        lon, lon_params = compiler.compile(self.source_expressions[1])
        if lat_params or lon_params:  # plain columns have none
            raise ValueError("GreatCircleKm takes columns")
        least = "MIN" if connection.vendor == "sqlite" else "LEAST"
        half_dlat = f"SIN((RADIANS({lat}) - %s) / 2)"
        half_dlon = f"SIN((RADIANS({lon}) - %s) / 2)"
        a = f"{half_dlat} * {half_dlat} + %s * COS(RADIANS({lat})) * {half_dlon} * {half_dlon}"
        sql = f"(%s * ASIN(SQRT({least}({a}, 1.0))))"
        return sql, [2 * EARTH_RADIUS_KM, self.lat_r, self.lat_r, math.cos(self.lat_r), self.lon_r, self.lon_r]


def _distance_expression(lat: float, lon: float):
    return GreatCircleKm(lat, lon)


@dataclass
class Search:
    origin: Outcode
    radius_km: float = DEFAULT_RADIUS_KM
    day: str = ""
    time_of_day: str = ""
    needs: tuple[str, ...] = ()


def directory_search(service, search: Search, *, limit: int = RESULTS_LIMIT) -> list[GroupListing]:
    """Listed groups a member of `service` may see, nearest first, with `.distance_km`. One query.

    The nearest `limit` are chosen in a subquery on the listings table alone (bounding box on the
    (is_listed, latitude, longitude) index, groups that are not taking members excluded by a short
    list of ids from the (service, status) index, then the distance): only those rows are then joined
    to their group, service and venue. Joining first made PostgreSQL hash every group of the service
    (10,000 in the bench) to keep about 50. Among groups at exactly the same distance at the edge of the
    list, the older listing is kept; the list itself is ordered by distance, then group name.
    """
    lat, lon = search.origin.latitude, search.origin.longitude
    dlat = search.radius_km / 111.2
    dlon = search.radius_km / (111.32 * max(math.cos(math.radians(lat)), 0.01))
    service_ids = visible_service_ids(service)
    not_taking = PeerGroup.objects.filter(service_id__in=service_ids, status__in=NOT_TAKING_STATUSES).values("pk")
    listings = GroupListing.objects.filter(
        is_listed=True,
        service_id__in=service_ids,
        latitude__range=(lat - dlat, lat + dlat),
        longitude__range=(lon - dlon, lon + dlon),
    ).exclude(group_id__in=not_taking)
    if search.day:
        listings = listings.filter(usual_day=search.day)
    if search.time_of_day:
        listings = listings.filter(time_of_day=search.time_of_day)
    allowed = {name for name, _ in ACCESS_NEEDS}
    for need in search.needs:
        if need in allowed:
            listings = listings.filter(**{f"venue__{need}": True})
    distance = _distance_expression(lat, lon)
    nearest = (
        listings.annotate(distance_km=distance)
        .filter(distance_km__lte=search.radius_km)
        .order_by("distance_km", "pk")
        .values("pk")[:limit]
    )
    return list(
        GroupListing.objects.filter(pk__in=Subquery(nearest), group__status__in=TAKING_STATUSES)
        .annotate(distance_km=distance)
        .select_related("group", "service", "venue")
        .order_by("distance_km", "group__name", "pk")
    )


def listing_for_member(user, public_id) -> GroupListing:
    """A listed group the member may see (own or a mutually sharing service). Raises DoesNotExist."""
    service = member_primary_service(user)
    return (
        GroupListing.objects.filter(
            is_listed=True, service_id__in=visible_service_ids(service), group__public_id=public_id
        )
        .select_related("group", "service", "venue")
        .get()
    )


def listing_for_group(group: PeerGroup) -> GroupListing:
    return GroupListing.objects.filter(group=group).select_related("venue").first() or GroupListing(
        group=group, service=group.service
    )


def group_member_count(group: PeerGroup) -> int:
    return group.memberships.filter(status=GroupMembership.Status.MEMBER).count()


def join_block_reason(listing: GroupListing, *, member_count: int | None = None) -> str:
    """Why a group can't take a request now, in words for the member; '' if it can."""
    group = listing.group
    if group.status not in TAKING_STATUSES or not listing.is_listed:
        return "This group has closed, so it is not taking new members. You could look for another group nearby."
    if not listing.welcomes_new_members:
        return "This group is not taking new members at the moment. You could look for another group nearby."
    if listing.capacity:
        count = group_member_count(group) if member_count is None else member_count
        if count >= listing.capacity:
            return "This group is full at the moment. You could look for another group nearby."
    return ""


def member_join_requests(user):
    return JoinRequest.objects.filter(user=user).select_related("group").order_by("-last_asked_at", "-id")


def pending_requests_for_group(group: PeerGroup):
    return group.join_requests.filter(status=JoinRequest.Status.PENDING).select_related("user")


def member_help_request(user, service) -> HelpRequest | None:
    return (
        HelpRequest.objects.filter(user=user, service=service)
        .exclude(status=HelpRequest.Status.CLOSED)
        .select_related("suggested_group")
        .order_by("-created_at")
        .first()
    )


def help_requests_for_service(service):
    return service.help_requests.filter(status=HelpRequest.Status.OPEN).select_related("user")


def listed_groups_for_service(service):
    return GroupListing.objects.filter(
        service=service, is_listed=True, group__status__in=TAKING_STATUSES
    ).select_related("group")


# Fading groups ------------------------------------------------------------------------------


def _attended_in(meeting_ids) -> Subquery:
    return Coalesce(
        Subquery(
            Attendance.objects.filter(attended=True, meeting_id__in=meeting_ids)
            .order_by()
            .values("meeting__group")
            .annotate(total=Count("pk"))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def groups_with_activity(service):
    """Every open group of the service with meetings held, attendance in its first and
    last three held meetings, and its last meeting time, all as SQL annotations."""
    held = Meeting.objects.filter(group=OuterRef(OuterRef("pk")), status=Meeting.Status.HELD)
    first_three = held.order_by("starts_at", "pk").values("pk")[:3]
    last_three = held.order_by("-starts_at", "-pk").values("pk")[:3]
    return (
        PeerGroup.objects.filter(service=service, status__in=PeerGroup.OPEN_STATUSES)
        .annotate(
            meetings_held=Count("meetings", filter=Q(meetings__status=Meeting.Status.HELD), distinct=True),
            last_meeting_at=Max("meetings__starts_at", filter=Q(meetings__status=Meeting.Status.HELD)),
            first_attended=_attended_in(first_three),
            last_attended=_attended_in(last_three),
        )
        .order_by("name", "pk")
    )


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


@dataclass
class FadingGroup:
    group: PeerGroup
    meetings_held: int
    first_average: float | None
    recent_average: float | None
    days_since_last: int | None
    reasons: list[str]


def groups_needing_support(service, *, now=None) -> list[FadingGroup]:
    """Open groups that crossed the service's thresholds, each with the reasons. One query
    for the settings and one for the groups; the thresholds are applied in SQL."""
    now = now or timezone.now()
    rules = network_settings_for(service)
    quiet_since = now - timedelta(days=rules.days_without_meeting)
    drop = 1 - rules.attendance_drop_percent / 100
    per_meeting = Least(F("meetings_held"), Value(3))
    candidates = (
        groups_with_activity(service)
        .exclude(status=PeerGroup.Status.PAUSED)
        .annotate(
            # Compare totals (×3) rather than averages to stay in integer arithmetic.
            dropped=_flag(Q(meetings_held__gte=4) & Q(last_attended__lt=F("first_attended") * Value(drop))),
            low=_flag(Q(meetings_held__gte=3) & Q(last_attended__lt=per_meeting * Value(rules.min_recent_attendance))),
            quiet=_flag(
                Q(last_meeting_at__lt=quiet_since) | (Q(last_meeting_at__isnull=True) & Q(created_at__lt=quiet_since))
            ),
        )
        .filter(Q(dropped=True) | Q(low=True) | Q(quiet=True))
        .prefetch_related("support_offers")
    )
    found = []
    for group in candidates:
        shown = min(group.meetings_held, 3)
        first = group.first_attended / shown if shown else None
        recent = group.last_attended / shown if shown else None
        days = (now - group.last_meeting_at).days if group.last_meeting_at else None
        reasons = []
        if group.quiet:
            reasons.append(f"No meeting for {days} days" if days is not None else "No meeting held yet")
        if group.dropped:
            reasons.append(f"Attendance fell from {first:.1f} to {recent:.1f} a meeting")
        if group.low:
            reasons.append(f"Fewer than {rules.min_recent_attendance} people a meeting lately ({recent:.1f})")
        found.append(FadingGroup(group, group.meetings_held, first, recent, days, reasons))
    return found


# Network events -------------------------------------------------------------------------------


def events_for_service(service):
    return service.network_events.annotate(
        invited=Count("invitations", distinct=True),
        coming=Count("invitations", filter=Q(invitations__rsvp=EventInvitation.Rsvp.YES), distinct=True),
        feedback_count=Count("invitations__feedback", distinct=True),
    ).order_by("-starts_at", "-pk")


def event_for_staff(service, public_id) -> NetworkEvent:
    return events_for_service(service).get(public_id=public_id)


def member_event_invitations(user):
    return (
        EventInvitation.objects.filter(user=user, event__is_cancelled=False)
        .select_related("event", "feedback")
        .order_by("event__starts_at", "pk")
    )


def member_invitation(user, public_id) -> EventInvitation:
    return EventInvitation.objects.select_related("event").get(user=user, event__public_id=public_id)


def event_coming_count(event: NetworkEvent) -> int:
    return event.invitations.filter(rsvp=EventInvitation.Rsvp.YES).count()
