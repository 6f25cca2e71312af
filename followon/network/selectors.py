"""Reads for the network of groups, scoped to a member's service or a staff service.

The directory search does the great-circle (haversine) distance in SQL, after a
bounding-box prefilter on the listing's copied latitude and longitude, so one
search over any number of listings is a fixed number of queries.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.functions import Cast
from django.db.models.sql.constants import INNER
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from followon.accounts.selectors import first_membership, member_primary_service
from followon.core.prepared import PreparedQuery
from followon.meetings.models import Attendance, Meeting
from followon.network.models import (
    ACCESS_NEEDS,
    MEETING_LANGUAGES,
    EventInvitation,
    GroupListing,
    HelpRequest,
    JoinRequest,
    NetworkEvent,
    NetworkSettings,
    Outcode,
    StepFree,
)
from followon.peergroups.models import GroupMembership, PeerGroup

EARTH_RADIUS_KM = 6371.0088
OUTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
OUTCODE_ERROR = gettext_lazy("Enter the first half of a postcode, like BS16")
DEFAULT_RADIUS_KM = 25
RESULTS_LIMIT = 50
# A page of the member's directory: ten, as NHS.UK's own "find a service" results. A member on a phone
# scrolls past ten cards; fifty made the page 42 KB and most of its cost (issue 16).
DIRECTORY_PAGE_SIZE = 10
MEETS_FIELDS = {"daytime": "meets_daytime", "evening": "meets_evening", "weekend": "meets_weekend"}
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


_OUTCODE = PreparedQuery(lambda code: Outcode.objects.filter(code=code).order_by("pk")[:1], code=str)


def outcode_lookup(text: str) -> Outcode | None:
    code = normalise_outcode(text)
    if code is None:
        return None
    found = _OUTCODE.list(code=code)
    return found[0] if found else None


def network_settings_for(service) -> NetworkSettings:
    found = NetworkSettings.objects.filter(service=service).first()
    return found or NetworkSettings(service=service)


def visible_service_ids(service) -> list[int]:
    """The member's own service, and each partner that named it back, both having opted in to share."""
    if service is None:
        return []
    partner_ids = [row["painservice_id"] for row in _SHARING_PARTNERS.list(service_id=service.pk)]
    return [service.pk, *partner_ids]


# Asked by every directory search and listing page: its SQL built once per process (core.prepared).
_SHARING_PARTNERS = PreparedQuery(
    lambda service_id: NetworkSettings.partners.through.objects.filter(
        networksettings__service_id=service_id,
        networksettings__share_listings=True,
        painservice__network_settings__share_listings=True,
        painservice__network_settings__partners=service_id,
    ).values("painservice_id"),
    service_id=int,
)


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
        self.cos_lat = math.cos(self.lat_r)

    @classmethod
    def from_radians(cls, lat_r: float, lon_r: float, cos_lat: float) -> GreatCircleKm:
        """The same distance from a point given in radians with its latitude's cosine: each one a
        parameter of the SQL as given (the directory search's prepared SQL, core.prepared)."""
        expression = cls(0.0, 0.0)
        expression.lat_r, expression.lon_r, expression.cos_lat = lat_r, lon_r, cos_lat
        return expression

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
        return sql, [2 * EARTH_RADIUS_KM, self.lat_r, self.lat_r, self.cos_lat, self.lon_r, self.lon_r]


@dataclass
class Search:
    origin: Outcode
    radius_km: float = DEFAULT_RADIUS_KM
    day: str = ""
    time_of_day: str = ""
    needs: tuple[str, ...] = ()
    language: str = ""  # a MEETING_LANGUAGES code
    who_for: tuple[str, ...] = ()  # WhoFor values that match
    meets: str = ""  # daytime, evening or weekend


def directory_search(
    service,
    search: Search,
    *,
    limit: int = RESULTS_LIMIT,
    offset: int = 0,
    service_ids: tuple[int, ...] | None = None,
    shown_only: bool = False,
) -> list[GroupListing]:
    """Listed groups a member of `service` may see, nearest first, with `.distance_km` and `.found_total`
    (how many match in all, so a page of them can say so). One query (ADR 0040).

    The nearest `limit` are chosen in a derived table on the listings table alone (bounding box on the
    (is_listed, latitude, longitude) index, groups that are not taking members excluded by a short
    list of ids from the (service, status) index, each distance worked out once, every match counted by
    a window): only those rows are then joined to their group, service and venue. Joining first made
    PostgreSQL hash every group of the service (10,000 in the bench) to keep about 50. Among groups at
    exactly the same distance at the edge of the list, the older listing is kept; the list itself is
    ordered by distance, then group name.

    `service_ids`, when given, is visible_service_ids(service) already read (directory_standing).
    `shown_only`: the rows carry only what the directory page shows (SHOWN_FIELDS; no venue): any other
    field read from them is a query of its own.
    """
    lat, lon = search.origin.latitude, search.origin.longitude
    dlat = search.radius_km / 111.2
    dlon = search.radius_km / (111.32 * max(math.cos(math.radians(lat)), 0.01))
    if service_ids is None:
        service_ids = visible_service_ids(service)
    shape = _SearchShape(
        services=len(service_ids),
        day=search.day,
        time_of_day=search.time_of_day,
        needs=tuple(search.needs),
        language=search.language if search.language in {code for code, _ in MEETING_LANGUAGES} else "",
        who_for=tuple(search.who_for),
        meets=search.meets if search.meets in MEETS_FIELDS else "",
        offset=offset,
        limit=limit,
        shown_only=shown_only,
    )
    lat_r, lon_r = math.radians(lat), math.radians(lon)
    values = {f"service_{n}": pk for n, pk in enumerate(service_ids)} | {
        "lat_low": lat - dlat,
        "lat_high": lat + dlat,
        "lon_low": lon - dlon,
        "lon_high": lon + dlon,
        "lat_r": lat_r,
        "lon_r": lon_r,
        "cos_lat": math.cos(lat_r),
        "radius_km": float(search.radius_km),
    }
    return _prepared_search(shape).list(**values)


@dataclass(frozen=True)
class _SearchShape:
    """What decides the search's SQL text (its filters, the number of services, the page); the rest
    (where, how far, which services) are its parameters."""

    services: int
    day: str
    time_of_day: str
    needs: tuple[str, ...]
    language: str
    who_for: tuple[str, ...]
    meets: str
    offset: int
    limit: int
    shown_only: bool = False


# What the directory page shows of a listing, its group and its service (directory.jinja and
# presenters.directory_entries): the page's rows are read with these columns only (ADR 0040).
SHOWN_FIELDS = (
    "group_id",
    "service_id",
    "description",
    "usual_day",
    "time_of_day",
    "outcode",
    "languages",
    "languages_other",
    "who_for",
    "meets_daytime",
    "meets_evening",
    "meets_weekend",
    "step_free",
    "welcomes_new_members",
    "group__public_id",
    "group__name",
    "service__name",
)


# The search's SQL built once per process for each shape (core.prepared, ADR 0032): building and
# compiling it was about 4 ms of application CPU a search, three quarters of the selector. At most
# _SEARCH_SHAPES shapes are kept (the filters are choices from the form; the page number is not).
_SEARCHES: dict[_SearchShape, PreparedQuery] = {}
_SEARCH_SHAPES = 256


def _prepared_search(shape: _SearchShape) -> PreparedQuery:
    prepared = _SEARCHES.get(shape)
    if prepared is None:
        if len(_SEARCHES) >= _SEARCH_SHAPES:
            _SEARCHES.clear()
        slots = {f"service_{n}": int for n in range(shape.services)}
        slots |= dict.fromkeys(("lat_low", "lat_high", "lon_low", "lon_high", "lat_r", "lon_r", "cos_lat"), float)
        slots["radius_km"] = float
        prepared = _SEARCHES[shape] = PreparedQuery(lambda **values: _search_queryset(shape, **values), **slots)
    return prepared


class _ConstantIn(Func):
    """`column IN ('a', 'b')` with the values written into the SQL text, not sent as parameters.

    For fixed values of our own (the groups' statuses), in a prepared read (core.prepared): once
    PostgreSQL keeps a generic plan for it, a parameter's value is unknown to the planner, which then
    takes `status IN ($1, $2, $3)` for most of a service's groups, and read the whole groups table to
    exclude the few that are not taking members (ADR 0040). Written into the text, the planner reads
    them from the (service, status) index as with a custom plan. Only values made of lower-case
    letters and underscores are accepted, so none needs quoting."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, values):
        self.values = tuple(str(value) for value in values)
        if not self.values or not all(_CONSTANT_RE.fullmatch(value) for value in self.values):
            raise ValueError(f"not plain constants: {self.values!r}")
        super().__init__(F(column))

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        written = ", ".join("'" + value + "'" for value in self.values)
        return f"{column} IN ({written})", params


_CONSTANT_RE = re.compile(r"^[a-z_]+$")
_NEAREST_ALIAS = "nearest"


class _NearestListings:
    """The FROM clause's entry for a page of the nearest listings: a derived table joined to the
    listings on its id, with each row's distance and how many listings match in all (`found_total`).

    One pass over the listings in the bounding box: each one's distance worked out once (the
    `OFFSET 0` keeps PostgreSQL from folding the inner query into the outer one, which would work the
    distance out again for the radius), the matches counted by a window over them all (`COUNT(*)
    OVER ()`, before the LIMIT), and only the page's rows, nearest first then the older listing, kept.
    The listings, groups, services and venues are then joined to those rows only.

    What Django's `Query` asks of an entry of its `alias_map` (django.db.models.sql.datastructures.Join);
    it is never reused for another join (`==` is identity) nor relabelled (the search is no subquery)."""

    join_type = INNER
    nullable = False
    filtered_relation = None
    join_field = None

    def __init__(self, boxed: QuerySet, parent_alias: str, *, radius_km, offset: int, limit: int):
        self.boxed = boxed
        self.parent_alias = parent_alias
        self.table_name = self.table_alias = _NEAREST_ALIAS
        self.radius_km = radius_km
        self.offset, self.limit = offset, limit

    def as_sql(self, compiler, connection):
        inner, params = self.boxed.query.get_compiler(connection=connection).as_sql()
        fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
        quote = connection.ops.quote_name
        alias, boxed = quote(_NEAREST_ALIAS), quote("boxed")
        sql = (
            f"INNER JOIN (SELECT {boxed}.{quote('id')}, {boxed}.{quote('distance_km')}, "  # noqa: S608 - our names, numbers
            f"COUNT(*) OVER () AS {quote('found_total')} FROM ({inner}{fence}) {boxed} "
            f"WHERE {boxed}.{quote('distance_km')} <= %s "
            f"ORDER BY {boxed}.{quote('distance_km')} ASC, {boxed}.{quote('id')} ASC "
            f"LIMIT {int(self.limit)} OFFSET {int(self.offset)}) {alias} "
            f"ON ({quote(self.parent_alias)}.{quote('id')} = {alias}.{quote('id')})"
        )
        return sql, [*params, self.radius_km]

    def relabeled_clone(self, change_map):
        raise NotImplementedError("the directory search is not used as a subquery")

    def equals(self, other):
        return other is self

    def demote(self):
        return self

    def promote(self):
        return self


class _NearestColumn(Expression):
    """A column of the nearest page's derived table (_NearestListings)."""

    def __init__(self, name: str, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        return f"{quote(_NEAREST_ALIAS)}.{quote(self.name)}", []


def _search_queryset(shape: _SearchShape, **values):
    service_ids = [values[f"service_{n}"] for n in range(shape.services)]
    not_taking = PeerGroup.objects.filter(
        _ConstantIn("status", NOT_TAKING_STATUSES), service_id__in=service_ids
    ).values("pk")
    listings = GroupListing.objects.filter(
        is_listed=True,
        service_id__in=service_ids,
        latitude__range=(values["lat_low"], values["lat_high"]),
        longitude__range=(values["lon_low"], values["lon_high"]),
    ).exclude(group_id__in=not_taking)
    if shape.day:
        listings = listings.filter(usual_day=shape.day)
    if shape.time_of_day:
        listings = listings.filter(time_of_day=shape.time_of_day)
    allowed = {name for name, _ in ACCESS_NEEDS}
    for need in shape.needs:
        if need == "step_free":
            # The coordinators' own answer wins; the venue's record counts when they gave none.
            listings = listings.filter(Q(step_free=StepFree.YES) | Q(step_free="", venue__step_free=True))
        elif need in allowed:
            listings = listings.filter(**{f"venue__{need}": True})
    if shape.language:
        listings = listings.filter(languages__contains=f",{shape.language},")
    if shape.who_for:
        listings = listings.filter(who_for__in=shape.who_for)
    if shape.meets:
        listings = listings.filter(**{MEETS_FIELDS[shape.meets]: True})
    distance = GreatCircleKm.from_radians(values["lat_r"], values["lon_r"], values["cos_lat"])
    boxed = listings.annotate(distance_km=distance).order_by().values("id", "distance_km")
    found = GroupListing.objects.filter(group__status__in=TAKING_STATUSES)
    query = found.query
    base = query.get_initial_alias()
    query.alias_map[_NEAREST_ALIAS] = _NearestListings(
        boxed, base, radius_km=values["radius_km"], offset=shape.offset, limit=shape.limit
    )
    query.alias_refcount[_NEAREST_ALIAS] = 1
    found = found.annotate(
        distance_km=_NearestColumn("distance_km", FloatField()),
        found_total=_NearestColumn("found_total", IntegerField()),
    ).order_by("distance_km", "group__name", "pk")
    if shape.shown_only:
        return found.select_related("group", "service").only(*SHOWN_FIELDS)
    return found.select_related("group", "service", "venue")


@dataclass(frozen=True)
class DirectoryPage:
    """One page of directory results, nearest first, and how many groups matched in all."""

    listings: list[GroupListing]
    total: int
    number: int
    per_page: int

    @property
    def first(self) -> int:
        return (self.number - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return self.first + len(self.listings) - 1

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number * self.per_page < self.total


def directory_page(
    service,
    search: Search,
    number,
    *,
    per_page: int = DIRECTORY_PAGE_SIZE,
    service_ids: tuple[int, ...] | None = None,
) -> DirectoryPage:
    """Page `number` (anything a query string holds; not a positive whole number means 1) of the
    directory's results, with what the page shows (`shown_only`). One query; a page past the end shows
    page 1, as the other lists do."""
    try:
        page = max(int(number), 1)
    except (TypeError, ValueError):
        page = 1
    listings = directory_search(
        service, search, limit=per_page, offset=(page - 1) * per_page, service_ids=service_ids, shown_only=True
    )
    if not listings and page > 1:
        return directory_page(service, search, 1, per_page=per_page, service_ids=service_ids)
    total = listings[0].found_total if listings else 0
    return DirectoryPage(listings=listings, total=total, number=page, per_page=per_page)


# The directory page's standing: one read -----------------------------------------------------


class _IdList(Func):
    """The ids of a subquery's rows as one text, comma separated ('' or NULL when none): an aggregate
    written as a Func so that Django adds no GROUP BY (the subquery's rows are all one group).
    STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite (the demo)."""

    output_field = CharField()

    def __init__(self, column: str):
        super().__init__(Cast(F(column), TextField()))

    def as_sql(self, compiler, connection, **extra_context):
        inner, params = compiler.compile(self.source_expressions[0])
        return f"STRING_AGG({inner}, ',')", params

    def as_sqlite(self, compiler, connection, **extra_context):
        inner, params = compiler.compile(self.source_expressions[0])
        return f"GROUP_CONCAT({inner}, ',')", params


# The directory page lists the member's newest join requests, this many (member_join_requests_shown).
DIRECTORY_JOIN_REQUESTS = 10


class _JoinRequestRows(Func):
    """The member's newest DIRECTORY_JOIN_REQUESTS join requests (member_join_requests: newest asked
    first), what the directory shows of each, as one JSON text: a list of [public_id, status, group id,
    group name], in that order (NULL on PostgreSQL, '[]' on SQLite, when none). A column of the standing
    read, so the page asks for them without a round trip of their own (ADR 0043). JSON_AGG on PostgreSQL
    (ordered in the aggregate), json_group_array on SQLite (the demo; the rows' own order)."""

    output_field = TextField()
    _COLUMNS = ("jr_public_id", "jr_status", "jr_group_id", "jr_group_name")

    def __init__(self):
        rows = (
            JoinRequest.objects.filter(user_id=OuterRef("user_id"))
            .order_by("-last_asked_at", "-id")
            .values(
                jr_public_id=F("public_id"),
                jr_status=F("status"),
                jr_group_id=F("group_id"),
                jr_group_name=F("group__name"),
                jr_last_asked_at=F("last_asked_at"),
                jr_id=F("id"),
            )[:DIRECTORY_JOIN_REQUESTS]
        )
        super().__init__(Subquery(rows))

    def _rows_sql(self, compiler):
        inner, params = compiler.compile(self.source_expressions[0])
        # A Subquery compiles to "(SELECT ...)": a derived table as it stands.
        return inner, params

    def as_sql(self, compiler, connection, **extra_context):
        inner, params = self._rows_sql(compiler)
        row = ", ".join(f"t.{column}" for column in self._COLUMNS)
        ordered = "ORDER BY t.jr_last_asked_at DESC, t.jr_id DESC"
        # Our column names and the compiled subquery (its values are parameters): no input in the text.
        return f"(SELECT JSON_AGG(JSON_BUILD_ARRAY({row}) {ordered})::text FROM {inner} t)", params  # noqa: S608

    def as_sqlite(self, compiler, connection, **extra_context):
        inner, params = self._rows_sql(compiler)
        row = ", ".join(f"t.{column}" for column in self._COLUMNS)
        return f"(SELECT json_group_array(json_array({row})) FROM {inner} t)", params  # noqa: S608 - as above


def _join_requests_from(text: str | None, db: str | None) -> list[JoinRequest]:
    """_JoinRequestRows's JSON as the JoinRequest rows the page shows (public id, status, the group's
    id and name; nothing else is read)."""
    found = []
    for public_id, status, group_id, group_name in json.loads(text) if text else ():
        group = PeerGroup(pk=group_id, name=group_name)
        request = JoinRequest(public_id=uuid.UUID(str(public_id)), status=status, group=group)
        for instance in (group, request):
            instance._state.adding, instance._state.db = False, db
        found.append(request)
    return found


@dataclass(frozen=True)
class SuggestedGroup:
    """The group staff suggested in answer to the member's help request: what the directory shows."""

    public_id: object
    name: str


@dataclass(frozen=True)
class DirectoryStanding:
    """Where the member stands, for the directory page: `service` is member_primary_service's answer
    (None: not a member of any service, and the page refuses); `service_ids` visible_service_ids's
    (asked only with an outcode); `origin` outcode_lookup's for that outcode (None: no such outcode);
    `suggested_group` member_help_request's suggested group (None when none); `join_requests`
    member_join_requests_shown's rows (what the page shows of them)."""

    service: object
    service_ids: tuple[int, ...] = ()
    outcode: str | None = None
    origin: Outcode | None = None
    suggested_group: SuggestedGroup | None = None
    join_requests: tuple = ()


def _newest_help_request():
    """member_help_request's row for the membership row's user and service (the outer query's)."""
    return (
        HelpRequest.objects.filter(user_id=OuterRef(OuterRef("user_id")), service_id=OuterRef(OuterRef("service_id")))
        .exclude(status=HelpRequest.Status.CLOSED)
        .order_by("-created_at")
        .values("suggested_group_id")[:1]
    )


def _standing_queryset(user_id, code=None):
    suggested = PeerGroup.objects.filter(pk=Subquery(_newest_help_request()))
    columns = {
        "suggested_public_id": Subquery(suggested.values("public_id")[:1]),
        "suggested_name": Subquery(suggested.values("name")[:1]),
        "join_requests": _JoinRequestRows(),
    }
    if code is not None:
        partners = (
            NetworkSettings.partners.through.objects.filter(
                networksettings__service_id=OuterRef("service_id"),
                networksettings__share_listings=True,
                painservice__network_settings__share_listings=True,
                painservice__network_settings__partners=OuterRef("service_id"),
            )
            .order_by()
            .values(ids=_IdList("painservice_id"))
        )
        origin = Outcode.objects.filter(code=code).order_by("pk")
        columns |= {
            "partner_ids": Subquery(partners, output_field=CharField()),
            "origin_latitude": Subquery(origin.values("latitude")[:1], output_field=FloatField()),
            "origin_longitude": Subquery(origin.values("longitude")[:1], output_field=FloatField()),
        }
    return first_membership(user_id).annotate(**columns)


# Every directory request: its SQL built once per process (core.prepared, ADR 0038).
_STANDING = PreparedQuery(_standing_queryset, user_id=int)
_STANDING_WITH_OUTCODE = PreparedQuery(_standing_queryset, user_id=int, code=str)


def directory_standing(user, outcode_text: str | None = None) -> DirectoryStanding:
    """member_primary_service, member_help_request's suggested group, member_join_requests_shown and,
    given the text a member typed as an outcode, visible_service_ids and outcode_lookup, in one query
    (the directory page: ADR 0038, 0043).
    The same answers as those selectors; held to them by network/tests/test_directory_standing.py."""
    if user is None or not getattr(user, "pk", None):
        return DirectoryStanding(service=None)
    code = normalise_outcode(outcode_text) if outcode_text is not None else None
    found = _STANDING.list(user_id=user.pk) if code is None else _STANDING_WITH_OUTCODE.list(user_id=user.pk, code=code)
    if not found:
        return DirectoryStanding(service=None)
    row = found[0]
    service = row.service
    suggested = (
        SuggestedGroup(row.suggested_public_id, row.suggested_name) if row.suggested_public_id is not None else None
    )
    join_requests = tuple(_join_requests_from(row.join_requests, row._state.db))
    if code is None:
        return DirectoryStanding(service=service, suggested_group=suggested, join_requests=join_requests)
    partner_ids = sorted(int(pk) for pk in (row.partner_ids or "").split(",") if pk)
    origin = None
    if row.origin_latitude is not None:
        origin = Outcode(code=code, latitude=row.origin_latitude, longitude=row.origin_longitude)
        origin._state.adding, origin._state.db = False, row._state.db
    return DirectoryStanding(
        service=service,
        service_ids=(service.pk, *partner_ids),
        outcode=code,
        origin=origin,
        suggested_group=suggested,
        join_requests=join_requests,
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
        return gettext(
            "This group has closed, so it is not taking new members. You could look for another group nearby."
        )
    if not listing.welcomes_new_members:
        return gettext("This group is not taking new members at the moment. You could look for another group nearby.")
    if listing.capacity:
        count = group_member_count(group) if member_count is None else member_count
        if count >= listing.capacity:
            return gettext("This group is full at the moment. You could look for another group nearby.")
    return ""


def member_join_requests(user):
    return JoinRequest.objects.filter(user=user).select_related("group").order_by("-last_asked_at", "-id")


_DIRECTORY_JOIN_REQUESTS = PreparedQuery(
    lambda user_id: member_join_requests(user_id)[:DIRECTORY_JOIN_REQUESTS], user_id=int
)


def member_join_requests_shown(user) -> list[JoinRequest]:
    """The directory page's list: member_join_requests, the newest DIRECTORY_JOIN_REQUESTS (SQL built
    once per process: core.prepared)."""
    return _DIRECTORY_JOIN_REQUESTS.list(user_id=user.pk)


def pending_requests_for_group(group: PeerGroup):
    return group.join_requests.filter(status=JoinRequest.Status.PENDING).select_related("user")


_HELP_REQUEST = PreparedQuery(
    lambda user_id, service_id: (
        HelpRequest.objects.filter(user_id=user_id, service_id=service_id)
        .exclude(status=HelpRequest.Status.CLOSED)
        .select_related("suggested_group")
        .order_by("-created_at")[:1]
    ),
    user_id=int,
    service_id=int,
)


def member_help_request(user, service) -> HelpRequest | None:
    """The member's open or in-hand request for help to find a group, newest first (SQL built once per
    process: core.prepared)."""
    if service is None or not getattr(user, "pk", None):
        return None
    found = _HELP_REQUEST.list(user_id=user.pk, service_id=service.pk)
    return found[0] if found else None


def help_requests_for_service(service):
    return service.help_requests.filter(status=HelpRequest.Status.OPEN).select_related("user")


def listed_groups_for_service(service):
    return GroupListing.objects.filter(
        service=service, is_listed=True, group__status__in=TAKING_STATUSES
    ).select_related("group")


# Fading groups ------------------------------------------------------------------------------


# Every open group's activity and the service's thresholds, in one statement. Window functions number
# each group's held meetings from the first and from the last, so "the first three" and "the last
# three" cost one pass over the meetings instead of correlated subqueries per group (300 groups: 1.3 s
# with those, a few ms with this). Plain SQL because the ORM cannot aggregate over a window; it runs
# on PostgreSQL and on the demo's SQLite alike.
_FADING_SQL = """
WITH held AS (
    SELECT m.id, m.group_id, m.starts_at,
           ROW_NUMBER() OVER (PARTITION BY m.group_id ORDER BY m.starts_at, m.id) AS from_first,
           ROW_NUMBER() OVER (PARTITION BY m.group_id ORDER BY m.starts_at DESC, m.id DESC) AS from_last
    FROM {meeting} m JOIN {group} g ON g.id = m.group_id
    WHERE g.service_id = %s AND m.status = %s
), came AS (
    SELECT a.meeting_id, COUNT(*) AS n
    FROM {attendance} a JOIN held h ON h.id = a.meeting_id
    WHERE a.attended
    GROUP BY a.meeting_id
), activity AS (
    SELECT h.group_id, COUNT(*) AS meetings_held, MAX(h.starts_at) AS last_meeting_at,
           COALESCE(SUM(CASE WHEN h.from_first <= 3 THEN c.n END), 0) AS first_attended,
           COALESCE(SUM(CASE WHEN h.from_last <= 3 THEN c.n END), 0) AS last_attended
    FROM held h LEFT JOIN came c ON c.meeting_id = h.id
    GROUP BY h.group_id
), flagged AS (
    SELECT g.id, COALESCE(a.meetings_held, 0) AS meetings_held, a.last_meeting_at,
           COALESCE(a.first_attended, 0) AS first_attended, COALESCE(a.last_attended, 0) AS last_attended,
           -- Totals over three meetings are compared, not averages, to stay in whole numbers.
           (COALESCE(a.meetings_held, 0) >= 4 AND a.last_attended < a.first_attended * %s) AS dropped,
           (COALESCE(a.meetings_held, 0) >= 3 AND a.last_attended < 3 * %s) AS low,
           (a.last_meeting_at < %s OR (a.last_meeting_at IS NULL AND g.created_at < %s)) AS quiet
    FROM {group} g LEFT JOIN activity a ON a.group_id = g.id
    WHERE g.service_id = %s AND g.status IN (%s, %s)
)
SELECT id, meetings_held, last_meeting_at, first_attended, last_attended, dropped, low, quiet
FROM flagged WHERE dropped OR low OR quiet
"""


@dataclass
class FadingGroup:
    group: PeerGroup
    meetings_held: int
    first_average: float | None
    recent_average: float | None
    days_since_last: int | None
    reasons: list[str]


def _fading_rows(service, rules, now) -> list[tuple]:
    quiet_since = now - timedelta(days=rules.days_without_meeting)
    sql = _FADING_SQL.format(
        meeting=Meeting._meta.db_table, group=PeerGroup._meta.db_table, attendance=Attendance._meta.db_table
    )
    params = [
        service.pk,
        Meeting.Status.HELD,
        1 - rules.attendance_drop_percent / 100,
        rules.min_recent_attendance,
        quiet_since,
        quiet_since,
        service.pk,
        PeerGroup.Status.FORMING,
        PeerGroup.Status.ACTIVE,  # paused groups chose to rest: never "fading"
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def groups_needing_support(service, *, now=None) -> list[FadingGroup]:
    """Open groups that crossed the service's thresholds, each with the reasons. Fixed queries: the
    settings, the thresholds applied in SQL (_FADING_SQL), the flagged groups and their offers."""
    now = now or timezone.now()
    rules = network_settings_for(service)
    rows = {row[0]: row for row in _fading_rows(service, rules, now)}
    groups = PeerGroup.objects.filter(pk__in=rows).prefetch_related("support_offers").order_by("name", "pk")
    found = []
    for group in groups:
        _id, held, last_meeting_at, first_total, last_total, dropped, low, quiet = rows[group.pk]
        held, first_total, last_total = int(held), int(first_total), int(last_total)  # PostgreSQL: SUM is numeric
        if isinstance(last_meeting_at, str):  # SQLite hands back text from a raw aggregate
            last_meeting_at = datetime.fromisoformat(last_meeting_at)
        if last_meeting_at is not None and timezone.is_naive(last_meeting_at):
            last_meeting_at = timezone.make_aware(last_meeting_at, UTC)
        shown = min(held, 3)
        first = first_total / shown if shown else None
        recent = last_total / shown if shown else None
        days = (now - last_meeting_at).days if last_meeting_at else None
        reasons = []
        if quiet:
            reasons.append(
                gettext("No meeting for %(days)s days") % {"days": days}
                if days is not None
                else gettext("No meeting held yet")
            )
        if dropped:
            reasons.append(
                gettext("Attendance fell from %(first)s to %(recent)s a meeting")
                % {"first": f"{first:.1f}", "recent": f"{recent:.1f}"}
            )
        if low:
            reasons.append(
                gettext("Fewer than %(count)s people a meeting lately (%(recent)s)")
                % {"count": rules.min_recent_attendance, "recent": f"{recent:.1f}"}
            )
        found.append(FadingGroup(group, held, first, recent, days, reasons))
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
