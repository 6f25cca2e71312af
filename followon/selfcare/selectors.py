"""Reads for the self-management tools, always scoped to one member or to one group they are in.

Public selectors other apps may use:
  group_shared_goals(group)          goals members chose to share with `group` (owners still in it),
                                     with `latest_outcome`, `latest_week` and `due` (no answer this week)
  member_home_summary(user)          goals, next meeting and group activity for the member home page
                                     (a fixed number of queries, whatever the history length)
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from followon.core.prepared import PreparedQuery
from followon.meetings.selectors import next_meeting_for_member
from followon.peergroups.models import GroupMembership
from followon.selfcare import techniques
from followon.selfcare.models import (
    CheckIn,
    CheckInTextSchedule,
    Goal,
    GoalProgress,
    PacingActivity,
    SetbackPlan,
    Share,
    TechniquePage,
)

MEMBER = GroupMembership.Status.MEMBER
HOME_GOALS = 5
HOME_ACTIVITY = 5
TREND_WEEKS = 12


def london_today() -> dt.date:
    """Today in Europe/London (the project's time zone)."""
    return timezone.localdate()


def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s week: goals and check-ins are counted by week."""
    return day - dt.timedelta(days=day.weekday())


def _latest_progress(field: str):
    return Subquery(GoalProgress.objects.filter(goal=OuterRef("pk")).order_by("-week_start", "-id").values(field)[:1])


def _with_latest(goals):
    return goals.annotate(latest_outcome=_latest_progress("outcome"), latest_week=_latest_progress("week_start"))


def member_goals(user, *, status: str | None = Goal.Status.ACTIVE):
    goals = Goal.objects.filter(owner=user)
    if status:
        goals = goals.filter(status=status)
    return _with_latest(goals).order_by("-created_at", "-id")


def goal_for_member(user, public_id) -> Goal:
    return Goal.objects.select_related("owner", "service").get(owner=user, public_id=public_id)


def goal_trend(goal: Goal, weeks: int = TREND_WEEKS) -> list[GoalProgress]:
    """The last `weeks` weekly answers, oldest first."""
    rows = list(goal.progress.order_by("-week_start")[:weeks])
    rows.reverse()
    return rows


def goal_shared_group_ids(goal: Goal) -> set[int]:
    return set(goal.shares.values_list("group_id", flat=True))


def activity_shared_group_ids(activity: PacingActivity) -> set[int]:
    return set(activity.shares.values_list("group_id", flat=True))


def member_activities(user):
    return PacingActivity.objects.filter(owner=user).order_by("name", "id")


def activity_for_member(user, public_id) -> PacingActivity:
    return PacingActivity.objects.get(owner=user, public_id=public_id)


def activity_recent_logs(activity: PacingActivity, limit: int = 30):
    rows = list(activity.logs.order_by("-done_on", "-id")[:limit])
    rows.reverse()
    return rows


def setback_plan_for(user) -> SetbackPlan | None:
    return SetbackPlan.objects.filter(owner=user).first()


def member_checkins(user, limit: int = 12):
    return list(CheckIn.objects.filter(owner=user).order_by("-week_start", "-id")[:limit])


def checkin_text_schedule(user) -> CheckInTextSchedule | None:
    return CheckInTextSchedule.objects.filter(owner=user).first()


def checkin_this_week(user) -> CheckIn | None:
    return CheckIn.objects.filter(owner=user, week_start=week_start(london_today())).order_by("-id").first()


# -- groups ----------


def _owner_still_in_group():
    return Exists(
        GroupMembership.objects.filter(group=OuterRef("group_id"), user=OuterRef("goal__owner_id"), status=MEMBER)
    )


def group_shared_goals(group) -> list[Goal]:
    """Active goals shared with `group` whose owners are still members, due ones first."""
    monday = week_start(london_today())
    shares = Share.objects.filter(group=group, goal__isnull=False, goal__status=Goal.Status.ACTIVE).filter(
        _owner_still_in_group()
    )
    goals = list(
        _with_latest(Goal.objects.filter(pk__in=shares.values("goal_id")))
        .select_related("owner")
        .order_by("owner__preferred_name", "created_at", "id")
    )
    for goal in goals:
        goal.due = goal.latest_week is None or goal.latest_week < monday
    goals.sort(key=lambda g: not g.due)
    return goals


def group_shared_activities(group) -> list[PacingActivity]:
    owner_in_group = Exists(
        GroupMembership.objects.filter(group=OuterRef("group_id"), user=OuterRef("activity__owner_id"), status=MEMBER)
    )
    shares = Share.objects.filter(group=group, activity__isnull=False).filter(owner_in_group)
    return list(
        PacingActivity.objects.filter(pk__in=shares.values("activity_id"))
        .select_related("owner")
        .order_by("owner__preferred_name", "name", "id")
    )


# -- the member home page ----------


def _home_goals_query(user_id):
    # What member home shows of each goal, and nothing else, as values (issue 16).
    return member_goals(user_id).values_list("public_id", "what", "latest_outcome", "latest_week")[:HOME_GOALS]


def _home_activity_query(user_id):
    my_groups = GroupMembership.objects.filter(user_id=user_id, status=MEMBER).values("group_id")
    owner_still_in = Exists(
        GroupMembership.objects.filter(
            group_id=OuterRef("group_id"), user_id=OuterRef(OuterRef("goal__owner_id")), status=MEMBER
        )
    )
    shared_with_my_groups = Exists(
        Share.objects.filter(goal_id=OuterRef("goal_id"), group_id__in=my_groups).filter(owner_still_in)
    )
    # The five latest answers first, then their owners' names and goals for those five alone: joined
    # before the sort, PostgreSQL looked up the owner of every answer of every goal shared with the
    # member's groups (240 for the bench's ten-times member, growing by a week at a time; issue 16).
    latest = (
        GoalProgress.objects.filter(shared_with_my_groups, goal__status=Goal.Status.ACTIVE)
        .exclude(goal__owner_id=user_id)
        .order_by("-recorded_at", "-id")
        .values("pk")[:HOME_ACTIVITY]
    )
    return (
        GoalProgress.objects.filter(pk__in=latest)
        .order_by("-recorded_at", "-id")
        .values_list("goal__owner__preferred_name", "outcome", "goal__what")
    )


# The same SQL on every visit to member home: built once per process (core.prepared, ADR 0032).
_HOME_GOALS = PreparedQuery(_home_goals_query, user_id=int)
_HOME_ACTIVITY = PreparedQuery(_home_activity_query, user_id=int)


def member_home_summary(user) -> dict:
    """Three queries whatever the history: goals, the next meeting, and group-mates' recent progress.
    `home_goals`: (public id, what, latest outcome, latest week) of up to five active goals, newest
    first; `home_next_meeting`: a meetings.selectors.NextMeeting or None; `home_group_activity`: (the
    owner's preferred name, outcome, the goal's words) of group-mates' five latest answers."""
    return {
        "home_goals": _HOME_GOALS.list(user_id=user),
        "home_next_meeting": next_meeting_for_member(user),
        "home_group_activity": _HOME_ACTIVITY.list(user_id=user),
    }


# -- technique library ----------


def technique_pages(service) -> list:
    """The service's pages in library order: its own version where it wrote one, else the shipped one."""
    own = {p.slug: p for p in TechniquePage.objects.filter(service=service)} if service else {}
    return [own.get(t.slug, t) for t in techniques.DEFAULTS]


def technique_page(service, slug: str):
    if slug not in techniques.BY_SLUG:
        raise TechniquePage.DoesNotExist
    page = TechniquePage.objects.filter(service=service, slug=slug).first() if service else None
    return page or techniques.BY_SLUG[slug]


def week_label(day: dt.date) -> str:
    return f"{day.day} {day:%b}"
