import pytest

from followon.accounts.models import User
from followon.home.demo import DEMO_MEMBER, load_demo_data
from followon.home.demo.programmes import DEMO_GROUP_MEMBER

pytestmark = pytest.mark.django_db


def test_the_demo_member_has_a_goal_with_progress_a_pacing_log_and_a_setback_plan(client):
    load_demo_data()
    load_demo_data()  # idempotent
    member = User.objects.get(email=DEMO_MEMBER[0])
    goal = member.goals.get()
    assert goal.progress.count() == 6
    assert member.pacing_activities.get().logs.count() == 10
    assert member.setback_plan.what_helps
    client.force_login(member)
    body = client.get("/").content.decode()
    assert "Walk to the park and back" in body
    jo = User.objects.get(email=DEMO_GROUP_MEMBER[0])
    shared = jo.goals.get().shares.get()
    client.force_login(jo)
    page = client.get(f"/my/groups/{shared.group.public_id}/shared-goals/").content.decode()
    assert "Swim 10 lengths" in page
