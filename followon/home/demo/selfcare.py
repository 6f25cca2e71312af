"""Demo data for the self-management tools (called from followon/core/demo.py). Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from followon.accounts.models import User
from followon.home.demo.programmes import DEMO_GROUP_MEMBER
from followon.peergroups.selectors import member_groups
from followon.selfcare import services
from followon.selfcare.models import Goal, GoalProgress, PacingActivity, PacingLog, SetbackPlan

DEMO_GOAL = "Walk to the park and back"
DEMO_OUTCOMES = ["not_this_week", "partly", "partly", "done", "partly", "done"]


def _share_with_first_group(goal) -> None:
    groups = list(member_groups(goal.owner)[:1])
    if groups:
        services.goal_shares_set(goal=goal, group_ids={groups[0].pk})


def _group_member_goal() -> None:
    """The demo group member (programmes/demo.py) shares a goal with their group, for its shared-goals page."""

    jo = User.objects.filter(email=DEMO_GROUP_MEMBER[0]).first()
    if jo is None or Goal.objects.filter(owner=jo).exists():
        return
    goal = services.goal_create(
        owner=jo, what="Swim 10 lengths", how_much="once a week", when="Saturday mornings", confidence=6
    )
    monday = services.week_start(timezone.localdate())
    GoalProgress.objects.create(goal=goal, week_start=monday - dt.timedelta(weeks=1), outcome="partly")
    _share_with_first_group(goal)


def load_selfcare_demo(*, member) -> None:
    _group_member_goal()
    today = timezone.localdate()
    monday = services.week_start(today)
    goal = Goal.objects.filter(owner=member, what=DEMO_GOAL).first()
    if goal is None:
        goal = services.goal_create(
            owner=member,
            what=DEMO_GOAL,
            how_much="3 times a week",
            when="Monday, Wednesday and Friday mornings",
            confidence=7,
            steps=["Walk to the end of the road", "Walk to the post box", "Walk to the park gate"],
        )
        goal.steps.filter(position__lt=2).update(done=True)
        weeks = len(DEMO_OUTCOMES)
        GoalProgress.objects.bulk_create(
            [
                GoalProgress(goal=goal, week_start=monday - dt.timedelta(weeks=weeks - i), outcome=outcome)
                for i, outcome in enumerate(DEMO_OUTCOMES)
            ]
        )
        _share_with_first_group(goal)
    if not PacingActivity.objects.filter(owner=member).exists():
        activity = services.pacing_activity_create(
            owner=member,
            name="Gardening",
            baseline_minutes=10,
            build_up="percent",
            build_up_amount=10,
            started_on=today - dt.timedelta(weeks=5),
        )
        minutes = [9, 10, 11, 8, 11, 12, 12, 13, 14, 13]
        PacingLog.objects.bulk_create(
            [
                PacingLog(
                    activity=activity, done_on=activity.started_on + dt.timedelta(days=3 * i), minutes=m, flare=m < 10
                )
                for i, m in enumerate(minutes)
            ]
        )
    if not SetbackPlan.objects.filter(owner=member).exists():
        services.setback_plan_save(
            owner=member,
            what_helps="Heat pad on my back\nSlow breathing for 5 minutes, 3 times a day\nShort walks round the garden",
            what_to_stop="Hoovering and carrying shopping for a few days\nLong drives",
            who_to_tell="My husband, to do the school run\nMy group, so someone checks in with me",
            gp_notes="What has changed since my last visit\nWhat I have tried and whether it helped\n"
            "Ask about sleep: I wake at 3am most nights",
        )
