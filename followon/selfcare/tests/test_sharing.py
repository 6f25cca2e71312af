"""Sharing with a group: a shared goal shows in its group's meeting view and nowhere else."""

import pytest
from django.urls import reverse

from followon.core.testing import count_queries
from followon.peergroups import services as group_services
from followon.peergroups.models import GroupMembership
from followon.selfcare import services
from followon.selfcare.models import Share

pytestmark = pytest.mark.django_db


def shared_page(client, user, group):
    client.force_login(user)
    return client.get(reverse("selfcare:group-shared", args=[group.public_id]))


def test_a_shared_goal_appears_in_its_groups_view_and_not_in_any_other(client, me, groups):
    goal = services.goal_create(owner=me, what="Swim 10 lengths", how_much="once a week", confidence=7)
    private = services.goal_create(owner=me, what="Read in the garden", how_much="20 minutes", confidence=9)
    client.force_login(me)
    response = client.post(
        reverse("selfcare:goal-sharing", args=[goal.public_id]), {"groups": [str(groups["mine"].public_id)]}
    )
    assert response.status_code == 302

    body = shared_page(client, groups["ann"], groups["mine"]).content.decode()
    assert "Swim 10 lengths" in body
    assert "Due for review" in body
    assert "Read in the garden" not in body  # not shared: private
    assert private.shares.count() == 0

    body = shared_page(client, groups["bea"], groups["other"]).content.decode()
    assert "Swim 10 lengths" not in body
    assert "Nobody has shared a goal with this group yet" in body


def test_a_reviewed_goal_is_up_to_date(client, me, groups):
    goal = services.goal_create(owner=me, what="Swim 10 lengths", how_much="once a week", confidence=7)
    services.goal_shares_set(goal=goal, group_ids={groups["mine"].pk})
    services.goal_progress_record(goal=goal, outcome="partly")
    body = shared_page(client, groups["ann"], groups["mine"]).content.decode()
    assert "Up to date" in body and "partly" in body


def test_leaving_the_group_stops_sharing(client, me, groups):
    goal = services.goal_create(owner=me, what="Swim 10 lengths", how_much="once a week", confidence=7)
    services.goal_shares_set(goal=goal, group_ids={groups["mine"].pk})
    membership = GroupMembership.objects.get(group=groups["mine"], user=me, status="member")
    group_services.membership_leave(membership=membership, user=me, reason="prefer_not_to_say")
    body = shared_page(client, groups["ann"], groups["mine"]).content.decode()
    assert "Swim 10 lengths" not in body


def test_a_member_cannot_share_with_a_group_they_are_not_in(client, me, groups):
    goal = services.goal_create(owner=me, what="Swim 10 lengths", how_much="once a week", confidence=7)
    client.force_login(me)
    response = client.post(
        reverse("selfcare:goal-sharing", args=[goal.public_id]), {"groups": [str(groups["other"].public_id)]}
    )
    assert response.status_code == 200
    assert "Select only groups you are a member of" in response.content.decode()
    assert not Share.objects.exists()


def test_unticking_makes_it_private_again(client, me, groups):
    goal = services.goal_create(owner=me, what="Swim 10 lengths", how_much="once a week", confidence=7)
    services.goal_shares_set(goal=goal, group_ids={groups["mine"].pk})
    client.force_login(me)
    client.post(reverse("selfcare:goal-sharing", args=[goal.public_id]), {})
    assert not goal.shares.exists()


def test_a_shared_pacing_plan_shows_in_the_group(client, me, groups):
    activity = services.pacing_activity_create(
        owner=me, name="Gardening", baseline_minutes=15, build_up="fixed", build_up_amount=2
    )
    client.force_login(me)
    client.post(
        reverse("selfcare:pacing-sharing", args=[activity.public_id]), {"groups": [str(groups["mine"].public_id)]}
    )
    assert "Gardening" in shared_page(client, groups["ann"], groups["mine"]).content.decode()
    assert "Gardening" not in shared_page(client, groups["bea"], groups["other"]).content.decode()


def test_the_group_view_runs_a_fixed_number_of_queries(client, me, groups):
    client.force_login(groups["ann"])
    url = reverse("selfcare:group-shared", args=[groups["mine"].public_id])
    client.get(url)
    for n in range(6):
        goal = services.goal_create(owner=me, what=f"Goal {n}", how_much="once", confidence=5)
        services.goal_shares_set(goal=goal, group_ids={groups["mine"].pk})
        services.goal_progress_record(goal=goal, outcome="done")

    with count_queries() as few:
        client.get(url)
    for n in range(20):
        goal = services.goal_create(owner=groups["ann"], what=f"More {n}", how_much="once", confidence=5)
        services.goal_shares_set(goal=goal, group_ids={groups["mine"].pk})
    with count_queries() as many:
        body = client.get(url).content.decode()
    assert "More 19" in body
    assert len(many) == len(few)
