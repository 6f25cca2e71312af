"""The weekly goal check by text: asking on Mondays and reading the member's reply."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from followon.notifications.models import OpenQuestion
from followon.notifications.services import message_enqueue, open_question_ask
from followon.selfcare.models import (
    Goal,
    GoalProgress,
)
from followon.selfcare.selectors import london_today, week_start
from followon.selfcare.services.common import GOAL_CHECK_KIND, GOAL_CHECK_WEEKDAY, REPLY_OUTCOMES
from followon.selfcare.services.goals import goal_progress_record

# -- weekly goal check by text ----------


def goal_check_due(goal: Goal, today: dt.date) -> bool:
    return goal.status == Goal.Status.ACTIVE and not goal.progress.filter(week_start=week_start(today)).exists()


def goal_check_send(*, goal: Goal, today: dt.date | None = None):
    """Text the owner about one goal this week and open a question their reply answers.

    Returns the outbox message, or None if they have no mobile number or already answered
    this week. Idempotent per goal and week."""

    today = today or london_today()
    owner = goal.owner
    if not owner.mobile or not goal_check_due(goal, today):
        return None
    monday = week_start(today)
    with transaction.atomic():
        message = message_enqueue(
            template="selfcare/goal_check",
            context={"name": owner.display_name, "what": goal.what[:80]},
            idempotency_key=f"selfcare:goal-check:{goal.public_id}:{monday.isoformat()}",
            channel="sms",
            to_address=owner.mobile,
            recipient=owner,
            service=goal.service,
        )
        open_question_ask(
            user=owner,
            kind=GOAL_CHECK_KIND,
            object_ref=f"goal:{goal.public_id}:{monday.isoformat()}",
            valid_replies=list(REPLY_OUTCOMES),
            service=goal.service,
            expires_at=timezone.now() + dt.timedelta(days=7),
        )
    return message


def goal_checks_send(*, today: dt.date | None = None) -> int:
    """The weekly run: one text per member, about the active weekly goal they last heard about longest ago."""

    today = today or london_today()
    sent = 0
    monday = week_start(today).isoformat()
    # Members already asked about a goal this week (by this run's earlier start, or the command) are
    # not asked about another one, even if they have answered the first.
    seen: set[int] = set(
        OpenQuestion.objects.filter(kind=GOAL_CHECK_KIND, object_ref__endswith=f":{monday}").values_list(
            "user_id", flat=True
        )
    )
    goals = (
        Goal.objects.filter(status=Goal.Status.ACTIVE, review=Goal.Review.WEEKLY, owner__is_active=True)
        .exclude(progress__week_start=week_start(today))
        .select_related("owner", "service")
        .order_by("owner_id", "created_at", "id")
    )
    for goal in goals.iterator():
        if goal.owner_id in seen:
            continue
        seen.add(goal.owner_id)
        if goal_check_send(goal=goal, today=today) is not None:
            sent += 1
    return sent


def goal_checks_job(*, now: dt.datetime) -> dict:
    """Daily job (registered in SelfcareConfig.ready): on Mondays, this week's goal checks."""
    today = timezone.localdate(now)
    if today.weekday() != GOAL_CHECK_WEEKDAY:
        return {"goal_checks_sent": 0, "skipped": "not the day"}
    return {"goal_checks_sent": goal_checks_send(today=today)}


def goal_check_reply(*, user, question, reply, inbound) -> None:
    """Reply handler: DONE / PARTLY / NOT THIS WEEK (YES / MAYBE / NO) records that week's progress."""

    _kind, goal_id, monday = question.object_ref.split(":", 2)
    goal = Goal.objects.get(public_id=goal_id, owner=user)
    outcome = REPLY_OUTCOMES[reply]
    _progress, created = goal_progress_record(
        goal=goal, outcome=outcome, source=GoalProgress.Source.SMS, day=dt.date.fromisoformat(monday)
    )
    message_enqueue(
        template="selfcare/goal_check_thanks",
        context={"answer": reply, "changed": not created},
        idempotency_key=f"inbound:{inbound.notify_id}:reply",
        channel="sms",
        to_address=user.mobile,
        recipient=user,
        service=goal.service,
        essential=True,
    )
