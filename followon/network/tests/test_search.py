import pytest

from followon.core.testing import count_queries
from followon.network import selectors
from followon.network.models import Outcode
from followon.network.tests.factories import listed_group, share
from followon.peergroups.models import PeerGroup

pytestmark = pytest.mark.django_db


def _search(service, outcode="BS16", **kwargs):
    return selectors.directory_search(service, selectors.Search(origin=Outcode.objects.get(code=outcode), **kwargs))


def test_outcodes_are_loaded_by_migration():
    assert Outcode.objects.count() > 2800
    assert Outcode.objects.filter(code="BS16").exists()


def test_distance_search_gives_great_circle_distances_and_order_for_bristol(service):
    listed_group(service, "Central group", "BS1")
    listed_group(service, "Bradley Stoke group", "BS34")
    results = _search(service)
    assert [r.group.name for r in results] == ["Bradley Stoke group", "Central group"]
    assert results[0].distance_km == pytest.approx(5.7, abs=0.05)
    assert results[1].distance_km == pytest.approx(6.8, abs=0.05)
    # the SQL haversine agrees with the Python one
    bs16, bs34 = Outcode.objects.get(code="BS16"), Outcode.objects.get(code="BS34")
    assert results[0].distance_km == pytest.approx(
        selectors.haversine_km(bs16.latitude, bs16.longitude, bs34.latitude, bs34.longitude), abs=1e-6
    )


def test_group_outside_the_radius_is_not_shown(service):
    listed_group(service, "Bath group", "BA1")
    listed_group(service, "Near group", "BS34")
    assert [r.group.name for r in _search(service, radius_km=10)] == ["Near group"]
    assert {r.group.name for r in _search(service, radius_km=25)} == {"Near group", "Bath group"}


def test_unlisted_or_closed_groups_never_appear(service):
    listed_group(service, "Unlisted group", "BS16", listed=False)
    listed_group(service, "Folded group", "BS16", status=PeerGroup.Status.FOLDED)
    listed_group(service, "Listed group", "BS16")
    assert [r.group.name for r in _search(service)] == ["Listed group"]


def test_day_time_and_access_filters(service):
    from followon.meetings.models import Venue

    ramp = Venue.objects.create(service=service, name="Hall", step_free=True, accessible_toilet=True)
    stairs = Venue.objects.create(service=service, name="Upstairs café")
    listed_group(service, "Tuesday morning", "BS16", usual_day="tue", time_of_day="morning", venue=ramp)
    listed_group(service, "Tuesday afternoon", "BS16", usual_day="tue", time_of_day="afternoon", venue=stairs)
    listed_group(service, "Friday morning", "BS16", usual_day="fri", time_of_day="morning", venue=stairs)
    assert {r.group.name for r in _search(service, day="tue")} == {"Tuesday morning", "Tuesday afternoon"}
    assert {r.group.name for r in _search(service, time_of_day="morning")} == {"Tuesday morning", "Friday morning"}
    assert [r.group.name for r in _search(service, needs=("step_free", "accessible_toilet"))] == ["Tuesday morning"]


def test_other_service_groups_appear_only_when_both_opted_in(service, other_service):
    listed_group(other_service, "Their group", "BS34")
    listed_group(service, "Our group", "BS1")
    assert [r.group.name for r in _search(service)] == ["Our group"]
    share(service, other_service)  # only we opted in
    assert [r.group.name for r in _search(service)] == ["Our group"]
    share(other_service, service, on=False)  # they named us but turned sharing off
    assert [r.group.name for r in _search(service)] == ["Our group"]
    share(other_service, service)  # both opted in
    assert [r.group.name for r in _search(service)] == ["Their group", "Our group"]
    share(service, on=True)  # we no longer name them
    assert [r.group.name for r in _search(service)] == ["Our group"]


def test_search_runs_in_a_fixed_number_of_queries(service):
    for i in range(3):
        listed_group(service, f"Group {i}", "BS16")
    search = selectors.Search(origin=Outcode.objects.get(code="BS16"))
    with count_queries() as small:
        selectors.directory_search(service, search)
    for i in range(30):
        listed_group(service, f"More {i}", "BS34")
    with count_queries() as large:
        assert len(selectors.directory_search(service, search)) == 33
    assert len(small) == len(large) == 2  # the sharing partners, then the search
    # The coordinators' facts filter in the same query (issue 18 item 7).
    filtered = selectors.Search(
        origin=search.origin, language="cy", who_for=("mixed",), meets="evening", needs=("step_free",)
    )
    with count_queries() as with_filters:
        assert selectors.directory_search(service, filtered) == []
    assert len(with_filters) == 2


@pytest.mark.parametrize("text", ["", "BS", "12", "ZZ99", "BS16 1QY 9", "<script>", "BS999"])
def test_bad_outcodes_are_refused(text):
    assert selectors.outcode_lookup(text) is None


@pytest.mark.parametrize("text,code", [("bs16", "BS16"), (" BS16 1QY ", "BS16"), ("bs161qy", "BS16"), ("BS1", "BS1")])
def test_outcodes_are_normalised(text, code):
    assert selectors.outcode_lookup(text).code == code
