"""Goals: creating and changing them, their steps, weekly progress and sharing with a group."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followon.core.services import audit_record
from followon.peergroups import selectors as group_selectors
from followon.selfcare.models import (
    Goal,
    GoalProgress,
    GoalStep,
    PacingActivity,
    Share,
)
from followon.selfcare.selectors import london_today, week_start
from followon.selfcare.services.common import MAX_STEPS, _member_service

# -- goals ----------


def _check_goal(*, what: str, confidence, target_date) -> None:
    errors = {}
    if not (what or "").strip():
        errors["what"] = _("Enter what you want to do")
    if confidence is None or not isinstance(confidence, int) or not 0 <= confidence <= 10:
        errors["confidence"] = _("Confidence must be a whole number from 0 to 10")
    if target_date is not None and target_date < london_today():
        errors["target_date"] = _("The date to reach it by must be today or in the future")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def goal_create(
    *,
    owner,
    what: str,
    how_much: str = "",
    when: str = "",
    target_date: dt.date | None = None,
    confidence: int,
    review: str = Goal.Review.WEEKLY,
    steps: list[str] | None = None,
) -> Goal:
    _check_goal(what=what, confidence=confidence, target_date=target_date)
    goal = Goal.objects.create(
        owner=owner,
        service=_member_service(owner),
        what=what.strip(),
        how_much=how_much.strip(),
        when=when.strip(),
        target_date=target_date,
        confidence=confidence,
        review=review,
    )
    texts = [s.strip() for s in (steps or []) if s and s.strip()][:MAX_STEPS]
    GoalStep.objects.bulk_create([GoalStep(goal=goal, text=t, position=i) for i, t in enumerate(texts)])
    audit_record(actor=owner, action="selfcare.goal_created", target=goal)
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    what: str,
    how_much: str,
    when: str,
    target_date: dt.date | None,
    confidence: int,
    review: str,
    status: str,
) -> Goal:
    past_ok = target_date is not None and target_date == goal.target_date  # an old date kept as it was
    _check_goal(what=what, confidence=confidence, target_date=None if past_ok else target_date)
    goal.what, goal.how_much, goal.when = what.strip(), how_much.strip(), when.strip()
    goal.target_date, goal.confidence, goal.review, goal.status = target_date, confidence, review, status
    goal.save()
    audit_record(actor=goal.owner, action="selfcare.goal_updated", target=goal)
    return goal


@transaction.atomic
def goal_step_add(*, goal: Goal, text: str) -> GoalStep:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Enter a step")})
    if goal.steps.count() >= MAX_STEPS:
        raise ValidationError(
            {
                "text": ngettext(
                    "A goal can have up to %(count)s step. Tick it off or make a new goal",
                    "A goal can have up to %(count)s steps. Tick some off or make a new goal",
                    MAX_STEPS,
                )
                % {"count": MAX_STEPS}
            }
        )
    position = (goal.steps.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    return GoalStep.objects.create(goal=goal, text=text, position=position)


@transaction.atomic
def goal_step_toggle(*, step: GoalStep) -> GoalStep:
    step.done = not step.done
    step.save(update_fields=["done"])
    return step


@transaction.atomic
def goal_progress_record(
    *, goal: Goal, outcome: str, source: str = GoalProgress.Source.WEB, day: dt.date | None = None
) -> tuple[GoalProgress, bool]:
    """Record how this week went. Returns (progress, created): a second answer in the same week
    replaces the first, so nothing is counted twice."""
    if outcome not in GoalProgress.Outcome.values:
        raise ValidationError({"outcome": _("Choose done, partly or not this week")})
    monday = week_start(day or london_today())
    progress, created = GoalProgress.objects.select_for_update().get_or_create(
        goal=goal, week_start=monday, defaults={"outcome": outcome, "source": source}
    )
    if not created and (progress.outcome != outcome or progress.source != source):
        progress.outcome, progress.source = outcome, source
        progress.save(update_fields=["outcome", "source", "recorded_at"])
    audit_record(
        actor=goal.owner, action="selfcare.goal_progress", target=goal, detail={"source": source, "new": created}
    )
    return progress, created


@transaction.atomic
def goal_shares_set(*, goal: Goal, group_ids: set[int]) -> list:
    """Share the goal with exactly these of the owner's groups (any others are unshared)."""
    allowed = {g.pk: g for g in group_selectors.member_groups(goal.owner)}
    unknown = set(group_ids) - set(allowed)
    if unknown:
        raise ValidationError({"groups": _("You can only share with groups you are in")})
    goal.shares.exclude(group_id__in=group_ids).delete()
    existing = set(goal.shares.values_list("group_id", flat=True))
    Share.objects.bulk_create([Share(goal=goal, group_id=g) for g in set(group_ids) - existing])
    audit_record(
        actor=goal.owner, action="selfcare.goal_sharing_changed", target=goal, detail={"groups": len(group_ids)}
    )
    return [allowed[g] for g in group_ids]


@transaction.atomic
def activity_shares_set(*, activity: PacingActivity, group_ids: set[int]) -> PacingActivity:
    """Share the pacing plan with exactly these of the owner's groups (any others are unshared)."""
    allowed = {g.pk for g in group_selectors.member_groups(activity.owner)}
    if set(group_ids) - allowed:
        raise ValidationError({"groups": _("You can only share with groups you are in")})
    activity.shares.exclude(group_id__in=group_ids).delete()
    existing = set(activity.shares.values_list("group_id", flat=True))
    Share.objects.bulk_create([Share(activity=activity, group_id=g) for g in set(group_ids) - existing])
    audit_record(
        actor=activity.owner,
        action="selfcare.pacing_sharing_changed",
        target=activity,
        detail={"groups": len(group_ids)},
    )
    return activity
