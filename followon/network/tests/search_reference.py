"""The directory search's query as it was before ADR 0040, kept as a reference for its tests.

Plain ORM, not prepared: the nearest page's ids in an `IN` subquery (bounding box, the groups not
taking members excluded, the distance, then the page), the count of every match in a scalar subquery,
and the page's rows joined to their group, service and venue. `test_search_reference.py` holds the
search to it, row for row."""

from __future__ import annotations

import math

from django.db.models import F, Func, IntegerField, Q, Subquery

from followon.network.models import ACCESS_NEEDS, MEETING_LANGUAGES, GroupListing, StepFree
from followon.network.selectors import (
    MEETS_FIELDS,
    NOT_TAKING_STATUSES,
    TAKING_STATUSES,
    GreatCircleKm,
    Search,
    visible_service_ids,
)
from followon.peergroups.models import PeerGroup


def reference_search(service, search: Search, *, limit: int, offset: int = 0) -> list[GroupListing]:
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
        if need == "step_free":
            listings = listings.filter(Q(step_free=StepFree.YES) | Q(step_free="", venue__step_free=True))
        elif need in allowed:
            listings = listings.filter(**{f"venue__{need}": True})
    if search.language in {code for code, _ in MEETING_LANGUAGES}:
        listings = listings.filter(languages__contains=f",{search.language},")
    if search.who_for:
        listings = listings.filter(who_for__in=search.who_for)
    if search.meets in MEETS_FIELDS:
        listings = listings.filter(**{MEETS_FIELDS[search.meets]: True})
    distance = GreatCircleKm(lat, lon)
    in_radius = listings.annotate(distance_km=distance).filter(distance_km__lte=float(search.radius_km))
    nearest = in_radius.order_by("distance_km", "pk").values("pk")[offset : offset + limit]
    found = in_radius.order_by().values(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    return list(
        GroupListing.objects.filter(pk__in=Subquery(nearest), group__status__in=TAKING_STATUSES)
        .annotate(distance_km=distance, found_total=Subquery(found, output_field=IntegerField()))
        .select_related("group", "service", "venue")
        .order_by("distance_km", "group__name", "pk")
    )
