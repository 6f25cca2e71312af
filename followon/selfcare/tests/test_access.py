"""Every URL: who may see it (allowed) and who may not (forbidden)."""

import pytest
from django.urls import reverse

from followon.selfcare import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def things(me, groups):
    goal = services.goal_create(owner=me, what="Swim 10 lengths", how_much="once a week", confidence=7)
    services.goal_step_add(goal=goal, text="Find the timetable")
    activity = services.pacing_activity_create(
        owner=me, name="Walking", baseline_minutes=10, build_up="percent", build_up_amount=10
    )
    services.setback_plan_save(owner=me, what_helps="Heat", what_to_stop="", who_to_tell="", gp_notes="")
    return {"goal": goal, "step": goal.steps.get(), "activity": activity, "group": groups["mine"], **groups}


def owner_urls(t):
    """Pages about one member's own records: only they may see them."""
    g, a = t["goal"].public_id, t["activity"].public_id
    return [
        ("get", reverse("selfcare:goal-detail", args=[g])),
        ("get", reverse("selfcare:goal-edit", args=[g])),
        ("get", reverse("selfcare:goal-sharing", args=[g])),
        ("post", reverse("selfcare:goal-progress", args=[g])),
        ("post", reverse("selfcare:goal-step-add", args=[g])),
        ("post", reverse("selfcare:goal-step-toggle", args=[g, t["step"].pk])),
        ("get", reverse("selfcare:pacing-detail", args=[a])),
        ("get", reverse("selfcare:pacing-sharing", args=[a])),
    ]


SELF_URLS = [
    "selfcare:hub",
    "selfcare:goal-new",
    "selfcare:pacing-new",
    "selfcare:setback",
    "selfcare:setback-edit",
    "selfcare:setback-print",
    "selfcare:checkin",
    "selfcare:techniques",
]


@pytest.mark.parametrize("index", range(8))
def test_own_records_are_the_owners_only(client, me, things, staff_client, clinician, index):
    method, url = owner_urls(things)[index]
    assert getattr(client, method)(url).status_code == 302  # signed out: to sign in
    client.force_login(me)
    assert getattr(client, method)(url).status_code in {200, 302, 400}
    client.force_login(things["ann"])  # another member, even in the same group
    assert getattr(client, method)(url).status_code == 404
    staff = staff_client(clinician)  # staff never see members' goals
    assert getattr(staff, method)(url).status_code == 404


@pytest.mark.parametrize("name", SELF_URLS)
def test_a_members_own_pages_show_only_their_records(client, me, things, name):
    url = reverse(name)
    assert client.get(url).status_code == 302
    assert "sign-in" in client.get(url).url or "login" in client.get(url).url
    client.force_login(me)
    assert client.get(url).status_code == 200
    client.force_login(things["ann"])
    response = client.get(url)
    assert response.status_code in {200, 302, 404}  # Ann has no plan: asked to write one / nothing to print
    assert "Swim 10 lengths" not in response.content.decode()
    assert "Heat" not in response.content.decode() or name == "selfcare:techniques"


def test_setback_send_is_the_owners_only(client, me, things):
    url = reverse("selfcare:setback-send")
    assert client.post(url, {"channel": "email"}).status_code == 302
    client.force_login(things["ann"])
    assert client.post(url, {"channel": "email"}).status_code == 404
    client.force_login(me)
    assert client.post(url, {"channel": "email"}).status_code == 302


def test_technique_page(client, me, things):
    url = reverse("selfcare:technique", args=["relaxation"])
    assert client.get(url).status_code == 302
    client.force_login(me)
    assert client.get(url).status_code == 200


def test_group_shared_goals_are_for_its_members_only(client, me, things, staff_client, clinician):
    url = reverse("selfcare:group-shared", args=[things["group"].public_id])
    assert client.get(url).status_code == 302
    client.force_login(things["ann"])
    assert client.get(url).status_code == 200
    client.force_login(things["bea"])  # in another group
    assert client.get(url).status_code == 404
    assert staff_client(clinician).get(url).status_code == 404


STAFF_URLS = [
    ("get", "selfcare:staff-techniques", []),
    ("get", "selfcare:staff-technique-edit", ["pacing"]),
    ("post", "selfcare:staff-technique-reset", ["pacing"]),
]


@pytest.mark.parametrize("index", range(3))
@pytest.mark.parametrize("role", ["service_admin", "clinician", "ptv", "researcher"])
def test_the_library_is_edited_by_service_admins_only(request, client, staff_client, me, index, role):
    method, name, args = STAFF_URLS[index]
    url = reverse(name, args=args)
    response = getattr(staff_client(request.getfixturevalue(role)), method)(url)
    assert response.status_code == ({"get": 200, "post": 302}[method] if role == "service_admin" else 403)


@pytest.mark.parametrize("index", range(3))
def test_members_and_anonymous_are_kept_out_of_the_library_editor(client, me, index):
    method, name, args = STAFF_URLS[index]
    url = reverse(name, args=args)
    assert getattr(client, method)(url).status_code == 302
    client.force_login(me)
    assert getattr(client, method)(url).status_code == 403


def test_unknown_library_page_is_404_for_admins(staff_client, service_admin):
    assert staff_client(service_admin).get(reverse("selfcare:staff-technique-edit", args=["nope"])).status_code == 404
