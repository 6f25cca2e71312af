"""The directory search (one pass over the nearby listings, ADR 0040) against the query it replaced
(search_reference.py): the same rows, distances and totals, in the same order, for every filter, page,
tie and status, under PostgreSQL's custom and generic plans alike."""

import random

import pytest
from django.db import connection

from followon.meetings.models import Venue
from followon.network import selectors
from followon.network.models import GroupListing, Outcode, StepFree, WhoFor
from followon.network.tests.factories import listed_group, share
from followon.network.tests.search_reference import reference_search
from followon.peergroups.models import PeerGroup

pytestmark = pytest.mark.django_db

# Every status a group can have without another group to point at (merged needs its target).
STATUSES = ["forming", "paused", "folded", "active", "active", "active", "active"]
PLACES = ["BS16", "BS16", "BS16", "BS34", "BS1", "BA1", "BA2", "GL1", "CF10", "SN1", "TA1", "EX1", "LS1"]


def _row(listing):
    return (
        listing.pk,
        listing.distance_km,
        listing.found_total,
        listing.group.name,
        listing.group.status,
        listing.service.name,
        listing.venue_id,
        listing.venue.name if listing.venue else None,
    )


@pytest.fixture
def spread(service, other_service):
    """Sixty listings, many at the very same outcode (ties in distance), in both services, with
    groups in every status, some unlisted, and every fact a filter can ask about."""
    rnd = random.Random(16)
    ramp = Venue.objects.create(service=service, name="Hall", step_free=True, parking=True)
    stairs = Venue.objects.create(service=service, name="Upstairs", accessible_toilet=True)
    share(service, other_service)
    share(other_service, service)
    for i in range(60):
        group = listed_group(
            service if i % 4 else other_service,
            f"Group {rnd.randrange(30):02d}",  # names repeat too: the display order's second key
            rnd.choice(PLACES),
            listed=i % 11 != 0,
            status=rnd.choice(STATUSES),
            usual_day=rnd.choice(["", "tue", "thu"]),
            time_of_day=rnd.choice(["", "morning", "evening"]),
            venue=rnd.choice([None, ramp, stairs]),
            step_free=rnd.choice(["", StepFree.YES, StepFree.NO]),
            languages=rnd.choice(["", ",cy,", ",en-gb,pl,"]),
            who_for=rnd.choice(["", WhoFor.MIXED, WhoFor.WOMEN]),
            meets_evening=rnd.random() < 0.5,
        )
        if i % 7 == 0:  # a listing whose own service is not its group's
            GroupListing.objects.filter(group=group).update(service=other_service if i % 4 else service)
    return service


SEARCHES = [
    {},
    {"radius_km": 5},
    {"radius_km": 50},
    {"radius_km": 200},
    {"day": "tue"},
    {"day": "thu", "time_of_day": "evening"},
    {"needs": ("step_free",)},
    {"needs": ("step_free", "parking")},
    {"needs": ("accessible_toilet",)},
    {"language": "cy"},
    {"language": "xx"},
    {"who_for": (WhoFor.WOMEN, WhoFor.MIXED)},
    {"meets": "evening"},
    {"meets": "never"},
    {"radius_km": 200, "day": "tue", "meets": "evening"},
]


@pytest.mark.parametrize("plan", ["auto", "force_custom_plan", "force_generic_plan"])
def test_search_gives_the_reference_s_rows(spread, plan):
    with connection.cursor() as cursor:
        cursor.execute(f"SET plan_cache_mode = {plan}")
    try:
        for origin in ["BS16", "BA1", "LS1"]:
            for kwargs in SEARCHES:
                search = selectors.Search(origin=Outcode.objects.get(code=origin), **kwargs)
                for limit, offset in [(10, 0), (10, 10), (3, 0), (3, 3), (3, 6), (5, 50), (50, 0)]:
                    # Several runs, so that PostgreSQL moves to a generic plan where it would.
                    for _ in range(2 if plan == "auto" else 1):
                        found = selectors.directory_search(spread, search, limit=limit, offset=offset)
                    expected = reference_search(spread, search, limit=limit, offset=offset)
                    assert [_row(r) for r in found] == [_row(r) for r in expected], (origin, kwargs, limit, offset)
        assert any(selectors.directory_search(spread, selectors.Search(origin=Outcode.objects.get(code="BS16"))))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET plan_cache_mode")


def test_the_pages_of_a_search_are_its_matches_in_order(spread):
    search = selectors.Search(origin=Outcode.objects.get(code="BS16"), radius_km=200)
    everything = selectors.directory_search(spread, search, limit=1000)
    total = everything[0].found_total
    assert total == len(everything) > 20
    pages = [selectors.directory_page(spread, search, number, per_page=7) for number in range(1, 6)]
    assert all(page.total == total for page in pages)
    ids = {listing.pk for page in pages for listing in page.listings}
    # Each page is chosen nearest first then the older listing, and shown nearest first then by name.
    chosen = sorted(everything, key=lambda listing: (listing.distance_km, listing.pk))[:35]
    assert ids == {listing.pk for listing in chosen}
    for page in pages:
        shown = [(listing.distance_km, listing.group.name, listing.pk) for listing in page.listings]
        assert shown == sorted(shown)


def test_the_groups_not_taking_members_are_written_into_the_sql():
    """The statuses are constants of the SQL text (so a generic plan knows them); only plain words are."""
    sql, params = (
        PeerGroup.objects.filter(selectors._ConstantIn("status", selectors.NOT_TAKING_STATUSES))
        .values("pk")
        .query.sql_with_params()
    )
    assert "IN ('paused', 'folded', 'merged')" in sql
    assert params == ()
    for bad in [("it's",), ("A",), (), ("paused; drop",)]:
        with pytest.raises(ValueError):
            selectors._ConstantIn("status", bad)


def _what_the_page_shows(rows):
    return [
        (
            r.pk,
            r.distance_km,
            r.found_total,
            r.href,
            str(r.summary),
            r.description,
            r.facts,
            r.service_id,
            r.service.name,
            r.group.name,
            r.welcomes_new_members,
        )
        for r in rows
    ]


def test_the_page_s_rows_carry_what_the_page_shows_and_nothing_more(spread):
    """directory_page reads the rows with SHOWN_FIELDS only: the same rows and values as the full
    search, and reading what the page shows (the template and presenter) runs no query."""
    from followon.core.testing import count_queries
    from followon.network.presenters import directory_entries

    search = selectors.Search(origin=Outcode.objects.get(code="BS16"), radius_km=200)
    full = selectors.directory_search(spread, search, limit=10)
    service_ids = tuple(selectors.visible_service_ids(spread))
    with count_queries() as queries:
        page = selectors.directory_page(spread, search, 1, service_ids=service_ids)
        rows = directory_entries(page.listings)
        shown = _what_the_page_shows(rows)
    assert len(queries) == 1
    directory_entries(full)
    assert shown == _what_the_page_shows(full)
    assert {"latitude", "updated_at", "venue_id"} <= rows[0].get_deferred_fields()
