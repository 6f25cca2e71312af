"""Writes for the self-management tools. Keyword-only, one transaction each, audited without content.

Nothing here is visible to staff: audit events name the action and the record's
public id, never what the member wrote.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from followon.accounts.selectors import member_primary_service
from followon.core.services import audit_record
from followon.notifications.models import OpenQuestion, OutboundMessage
from followon.notifications.services import ANY_TEXT, ReplyNotUnderstood, message_enqueue, open_question_ask
from followon.peergroups import selectors as group_selectors
from followon.safety.screen import screen_text_safely
from followon.safety.services import free_text_screen_and_route, sms_screen_ref
from followon.selfcare import techniques
from followon.selfcare.models import (
    CheckIn,
    CheckInTextSchedule,
    Goal,
    GoalProgress,
    GoalStep,
    PacingActivity,
    PacingLog,
    SetbackPlan,
    Share,
    TechniquePage,
)

logger = logging.getLogger(__name__)

GOAL_CHECK_KIND = "selfcare_goal_check"
# What a text reply means for a goal (the notifications app normalises DONE, PARTLY and
# NOT THIS WEEK to YES, MAYBE and NO; the plain keywords work too).
REPLY_OUTCOMES = {
    "YES": GoalProgress.Outcome.DONE,
    "MAYBE": GoalProgress.Outcome.PARTLY,
    "NO": GoalProgress.Outcome.NOT_THIS_WEEK,
}
MAX_STEPS = 8
CHECKIN_KIND = "selfcare_checkin"
CHECKIN_HINT = "Reply with a number from 0 to 10, like 6."
# The weekly goal check goes out on Mondays (the daily job does nothing on other days).
GOAL_CHECK_WEEKDAY = 0
CHECKIN_QUESTION_DAYS = 3
WEB_FREE_TEXT_LIMIT = 300
SMS_FREE_TEXT_LIMIT = 1000


def london_today() -> dt.date:
    return timezone.localdate()


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _member_service(user):

    return member_primary_service(user)


# -- goals ----------


def _check_goal(*, what: str, confidence, target_date) -> None:
    errors = {}
    if not (what or "").strip():
        errors["what"] = "Enter what you want to do"
    if confidence is None or not isinstance(confidence, int) or not 0 <= confidence <= 10:
        errors["confidence"] = "Confidence must be a whole number from 0 to 10"
    if target_date is not None and target_date < london_today():
        errors["target_date"] = "The date to reach it by must be today or in the future"
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
        raise ValidationError({"text": "Enter a step"})
    if goal.steps.count() >= MAX_STEPS:
        raise ValidationError({"text": f"A goal can have up to {MAX_STEPS} steps. Tick some off or make a new goal"})
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
        raise ValidationError({"outcome": "Choose done, partly or not this week"})
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
        raise ValidationError({"groups": "You can only share with groups you are in"})
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
        raise ValidationError({"groups": "You can only share with groups you are in"})
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
    progress, created = goal_progress_record(
        goal=goal, outcome=outcome, source=GoalProgress.Source.SMS, day=dt.date.fromisoformat(monday)
    )
    message_enqueue(
        template="selfcare/goal_check_thanks",
        context={"outcome": progress.get_outcome_display().lower(), "changed": not created},
        idempotency_key=f"inbound:{inbound.notify_id}:reply",
        channel="sms",
        to_address=user.mobile,
        recipient=user,
        service=goal.service,
        essential=True,
    )


# -- pacing ----------


@transaction.atomic
def pacing_activity_create(
    *, owner, name: str, baseline_minutes: int, build_up: str, build_up_amount: int, started_on: dt.date | None = None
) -> PacingActivity:
    errors = {}
    if not (name or "").strip():
        errors["name"] = "Enter the activity"
    if not isinstance(baseline_minutes, int) or not 1 <= baseline_minutes <= 600:
        errors["baseline_minutes"] = "Baseline must be a number of minutes from 1 to 600"
    limit = 50 if build_up == PacingActivity.BuildUp.PERCENT else 60
    if not isinstance(build_up_amount, int) or not 1 <= build_up_amount <= limit:
        errors["build_up_amount"] = (
            "Build-up must be a percentage from 1 to 50"
            if build_up == PacingActivity.BuildUp.PERCENT
            else "Build-up must be a number of minutes from 1 to 60"
        )
    if errors:
        raise ValidationError(errors)
    activity = PacingActivity.objects.create(
        owner=owner,
        service=_member_service(owner),
        name=name.strip(),
        baseline_minutes=baseline_minutes,
        build_up=build_up,
        build_up_amount=build_up_amount,
        started_on=started_on or london_today(),
    )
    audit_record(actor=owner, action="selfcare.pacing_created", target=activity)
    return activity


@transaction.atomic
def pacing_log_add(*, activity: PacingActivity, done_on: dt.date, minutes: int, flare: bool = False) -> PacingLog:
    errors = {}
    if done_on > london_today():
        errors["done_on"] = "The date must be today or in the past"
    elif done_on < activity.started_on - dt.timedelta(days=365):
        errors["done_on"] = "The date must be within a year of starting this activity"
    if not isinstance(minutes, int) or not 0 <= minutes <= 1440:
        errors["minutes"] = "Minutes must be a number from 0 to 1440"
    if errors:
        raise ValidationError(errors)
    log = PacingLog.objects.create(activity=activity, done_on=done_on, minutes=minutes, flare=flare)
    audit_record(actor=activity.owner, action="selfcare.pacing_logged", target=activity)
    return log


# -- set-back plan ----------


@transaction.atomic
def setback_plan_save(*, owner, what_helps: str, what_to_stop: str, who_to_tell: str, gp_notes: str) -> SetbackPlan:
    values = {
        "what_helps": what_helps.strip(),
        "what_to_stop": what_to_stop.strip(),
        "who_to_tell": who_to_tell.strip(),
        "gp_notes": gp_notes.strip(),
    }
    if not any(values.values()):
        raise ValidationError("Write at least one part of your plan")
    plan, created = SetbackPlan.objects.update_or_create(
        owner=owner, defaults={**values, "service": _member_service(owner)}
    )
    audit_record(actor=owner, action="selfcare.setback_saved", target=plan, detail={"new": created})
    return plan


def _short(text: str, limit: int) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 3].rstrip() + "..."


def setback_plan_send(*, plan: SetbackPlan, channel: str):
    """Send the plan to its owner: the whole plan by email, a short version by text (2-3 fragments)."""

    owner = plan.owner
    address = owner.mobile if channel == "sms" else owner.email
    if channel not in {"sms", "email"}:
        raise ValidationError("Choose text or email")
    if not address:
        raise ValidationError(
            "Add a mobile phone number to your account first" if channel == "sms" else "Add an email address first"
        )
    if channel == "sms":
        context = {
            "what_helps": _short(plan.what_helps, 90),
            "what_to_stop": _short(plan.what_to_stop, 60),
            "who_to_tell": _short(plan.who_to_tell, 50),
        }
    else:
        context = {
            "name": owner.display_name,
            "what_helps": plan.what_helps,
            "what_to_stop": plan.what_to_stop,
            "who_to_tell": plan.who_to_tell,
            "gp_notes": plan.gp_notes,
        }
    stamp = timezone.now().strftime("%Y%m%d%H%M")
    with transaction.atomic():
        message = message_enqueue(
            template="selfcare/setback_plan",
            context=context,
            idempotency_key=f"selfcare:setback:{plan.public_id}:{channel}:{stamp}",
            channel=channel,
            to_address=address,
            recipient=owner,
            service=plan.service,
            essential=True,
        )
        audit_record(actor=owner, action="selfcare.setback_sent", target=plan, detail={"channel": channel})
    return message


# -- check-ins ----------


def _route_free_text(checkin: CheckIn, *, source_ref: str = "", source: str = "free_text") -> None:
    """Screen the free line; anything that needs a look goes to the service's safety queue. A member
    with no pain service has no queue to go to: the screen result is recorded on the check-in only."""

    if checkin.service is not None:
        result, item = free_text_screen_and_route(
            member=checkin.owner,
            service=checkin.service,
            text=checkin.free_text,
            source=source,
            source_ref=source_ref or f"checkin:{checkin.public_id}",
        )
        checkin.routed_to_safety = checkin.routed_to_safety or item is not None
    else:
        result = screen_text_safely(checkin.free_text)
    checkin.screen_level = str(result.level)
    checkin.screen_result = result.as_dict()


@transaction.atomic
def checkin_submit(
    *,
    owner,
    pain_interference: int | None,
    mood: str = "",
    activity: str = "",
    free_text: str = "",
    source: str = CheckIn.Source.WEB,
    day: dt.date | None = None,
    replaces: CheckIn | None = None,
    sms_screen_ref: str = "",
) -> CheckIn:
    """Save a check-in; its free line is screened (and routed to the safety queue if it needs a look).

    `replaces`: an earlier check-in of the owner's that this one corrects (a second text reply in
    the same week); it is updated in place and a changed free line is screened again.
    `sms_screen_ref`: for a check-in by text, the safety app's reference for that text
    (safety.services.sms_screen_ref), which also screens the whole text: one queue item, not two."""
    errors = {}
    if pain_interference is not None and not (isinstance(pain_interference, int) and 0 <= pain_interference <= 10):
        errors["pain_interference"] = "Pain interference must be a whole number from 0 to 10"
    if mood and mood not in CheckIn.Mood.values:
        errors["mood"] = "Choose how your mood has been"
    if activity and activity not in CheckIn.Activity.values:
        errors["activity"] = "Choose how active you have been"
    free_text = (free_text or "").strip()
    limit = SMS_FREE_TEXT_LIMIT if source == CheckIn.Source.SMS else WEB_FREE_TEXT_LIMIT
    if len(free_text) > limit:
        errors["free_text"] = f"Your note must be {limit} characters or fewer"
    if not errors and pain_interference is None and not mood and not activity and not free_text:
        errors["__all__"] = "Answer at least one question, or skip the check-in this week"
    if replaces is not None and replaces.owner_id != owner.pk:
        errors["__all__"] = "That check-in is not yours"
    if errors:
        raise ValidationError(errors)
    if replaces is not None:
        checkin = CheckIn.objects.select_for_update().get(pk=replaces.pk)
        text_changed = checkin.free_text != free_text
        checkin.pain_interference, checkin.mood, checkin.activity = pain_interference, mood, activity
        checkin.free_text, checkin.source = free_text, source
        if text_changed:
            checkin.screen_level, checkin.screen_result = "", {}
            if free_text and sms_screen_ref:
                _route_free_text(checkin, source_ref=sms_screen_ref, source="sms")
            elif free_text:
                # A new line gets its own queue item: the first one's key would merge them.
                _route_free_text(checkin, source_ref=f"checkin:{checkin.public_id}:{uuid.uuid4().hex[:12]}")
    else:
        checkin = CheckIn(
            owner=owner,
            service=_member_service(owner),
            week_start=week_start(day or london_today()),
            pain_interference=pain_interference,
            mood=mood,
            activity=activity,
            free_text=free_text,
            source=source,
        )
        if free_text and sms_screen_ref:
            _route_free_text(checkin, source_ref=sms_screen_ref, source="sms")
        elif free_text:
            _route_free_text(checkin)
    checkin.save()
    audit_record(
        actor=owner,
        action="selfcare.checkin_changed" if replaces is not None else "selfcare.checkin",
        target=checkin,
        detail={"screen_level": checkin.screen_level or "none", "source": source},
    )
    return checkin


# -- weekly check-in by text ----------


@transaction.atomic
def checkin_texts_set(*, owner, active: bool, weekday: int | None) -> CheckInTextSchedule:
    """Turn the weekly check-in text on (on `weekday`, 0 = Monday) or off."""
    errors = {}
    if active and not owner.mobile:
        errors["active"] = "Add a mobile phone number to your account first"
    if active and (weekday is None or weekday not in CheckInTextSchedule.Weekday.values):
        errors["weekday"] = "Choose the day you would like the text"
    if errors:
        raise ValidationError(errors)
    defaults = {"active": active}
    if weekday is not None and weekday in CheckInTextSchedule.Weekday.values:
        defaults["weekday"] = weekday
    schedule, _ = CheckInTextSchedule.objects.update_or_create(owner=owner, defaults=defaults)
    audit_record(
        actor=owner, action="selfcare.checkin_texts_set", detail={"active": active, "weekday": schedule.weekday}
    )
    return schedule


def checkin_text_due(owner, today: dt.date) -> bool:
    """No text if they have already checked in this week (on the web or by text)."""
    return not CheckIn.objects.filter(owner=owner, week_start=week_start(today)).exists()


def checkin_text_send(*, owner, today: dt.date | None = None):
    """Text the owner this week's check-in question and open a question their reply answers.

    Returns the outbox message, or None (no mobile, already checked in, or texts turned off with STOP).
    Idempotent per member and week: the outbox key is the week's."""

    today = today or london_today()
    if not owner.mobile or not checkin_text_due(owner, today):
        return None
    monday = week_start(today)
    service = _member_service(owner)
    with transaction.atomic():
        message = message_enqueue(
            template="selfcare/checkin_question",
            context={},
            idempotency_key=f"selfcare:checkin-text:{owner.public_id}:{monday.isoformat()}",
            channel="sms",
            to_address=owner.mobile,
            recipient=owner,
            service=service,
        )
        if message.status == OutboundMessage.Status.CANCELLED:
            return None
        ref = f"checkin:{owner.public_id}:{monday.isoformat()}"
        if not _question_open(owner, ref):
            open_question_ask(
                user=owner,
                kind=CHECKIN_KIND,
                object_ref=ref,
                # DONE / PARTLY / NOT THIS WEEK still answer an open goal check: a keyword goes to
                # the newest question that takes it (notifications routing).
                valid_replies=[ANY_TEXT],
                service=service,
                expires_at=timezone.now() + dt.timedelta(days=CHECKIN_QUESTION_DAYS),
            )
    return message


def _question_open(owner, object_ref: str) -> bool:

    return OpenQuestion.objects.filter(user=owner, object_ref=object_ref, closed_at__isnull=True).exists()


def checkin_texts_send(*, today: dt.date | None = None) -> int:
    """The members who chose today for their weekly check-in text get it (once a week each)."""
    today = today or london_today()
    schedules = (
        CheckInTextSchedule.objects.filter(weekday=today.weekday(), active=True, owner__is_active=True)
        .exclude(owner__mobile__isnull=True)
        .exclude(owner__mobile="")
        .select_related("owner")
        .order_by("id")
    )
    sent = 0
    for schedule in schedules.iterator():
        if checkin_text_send(owner=schedule.owner, today=today) is not None:
            sent += 1
    return sent


def checkin_texts_job(*, now: dt.datetime) -> dict:
    """Daily job (registered in SelfcareConfig.ready): today's weekly check-in texts."""
    return {"checkin_texts_sent": checkin_texts_send(today=timezone.localdate(now))}


_NUMBER_WORDS = {
    "zero": 0, "nought": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_CHECKIN_REPLY = re.compile(
    r"^\s*(?P<score>\d{1,2}|[a-z]+)(?:\s*(?:/|out of)\s*10)?(?![\w.,]\d)(?P<rest>.*)$", re.IGNORECASE | re.DOTALL
)


def parse_checkin_text(body: str) -> tuple[int, str] | None:
    """The score and free line of a check-in text: "6", "6 tired but walked", "6/10 - ok", "six, better".

    None if the text does not start with a whole number from 0 to 10."""
    match = _CHECKIN_REPLY.match(body or "")
    if not match:
        return None
    raw = match["score"].lower()
    score = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
    if score is None or not 0 <= score <= 10:
        return None
    rest = match["rest"]
    if rest and rest[0].isalnum() and raw.isdigit():  # "6am", "10k": not a score on its own
        return None
    return score, re.sub(r"^[\W_]+", "", rest).strip()


def checkin_text_reply(*, user, question, reply, inbound) -> None:
    """Reply handler for the weekly check-in text: "6" or "6 tired but walked" saves this week's check-in
    through checkin_submit, like the web form (so the free line is screened the same way).

    Duplicates: one check-in by text per week. A second reply that week replaces the first (the
    thank-you says so); the same words again change nothing. A reply without a score is hinted at
    (ReplyNotUnderstood), unless the screen flags it: then it is kept as a check-in with only a free
    line, so it reaches the safety queue (a hint would roll it back and lose it)."""

    body = (inbound.body or "").strip()
    parsed = parse_checkin_text(body)
    if parsed is None:
        if not body or not screen_text_safely(body).needs_review:
            raise ReplyNotUnderstood(CHECKIN_HINT)
        score, line = None, body
    else:
        score, line = parsed
    line = line[:SMS_FREE_TEXT_LIMIT]
    _kind, _owner, monday = question.object_ref.split(":", 2)
    monday = dt.date.fromisoformat(monday)
    earlier = CheckIn.objects.filter(owner=user, week_start=monday, source=CheckIn.Source.SMS).order_by("-id").first()
    if earlier is not None and score is None:
        score = earlier.pain_interference  # a flagged line on its own keeps the week's score
    same = earlier is not None and (earlier.pain_interference, earlier.free_text) == (score, line)
    if same:
        checkin = earlier
    else:
        checkin = checkin_submit(
            owner=user,
            pain_interference=score,
            free_text=line,
            source=CheckIn.Source.SMS,
            day=monday,
            replaces=earlier,
            sms_screen_ref=sms_screen_ref(inbound),
        )
    message_enqueue(
        template="selfcare/checkin_thanks",
        context={
            "score": "" if checkin.pain_interference is None else str(checkin.pain_interference),
            "changed": earlier is not None and not same,
            "same": same,
            "flagged": checkin.flagged,
            "told": checkin.routed_to_safety,
        },
        idempotency_key=f"inbound:{inbound.notify_id}:reply",
        channel="sms",
        to_address=user.mobile,
        recipient=user,
        service=checkin.service,
        essential=True,
        urgent=checkin.flagged,
    )


# -- technique library ----------


@transaction.atomic
def technique_page_save(*, service, slug: str, title: str, summary: str, body: str, actor) -> TechniquePage:
    if slug not in techniques.BY_SLUG:
        raise ValidationError("Unknown technique page")
    errors = {}
    if not title.strip():
        errors["title"] = "Enter a title"
    if not summary.strip():
        errors["summary"] = "Enter a short summary"
    if not body.strip():
        errors["body"] = "Enter the page text"
    if errors:
        raise ValidationError(errors)
    try:
        page, _ = TechniquePage.objects.update_or_create(
            service=service,
            slug=slug,
            defaults={"title": title.strip(), "summary": summary.strip(), "body": body.strip(), "updated_by": actor},
        )
    except IntegrityError as exc:  # two admins saving at once: the other one won
        raise ValidationError("Someone else saved this page at the same time. Check it and try again") from exc
    audit_record(actor=actor, action="selfcare.technique_saved", target=page, service=service, detail={"slug": slug})
    return page


@transaction.atomic
def technique_page_reset(*, service, slug: str, actor) -> None:
    TechniquePage.objects.filter(service=service, slug=slug).delete()
    audit_record(actor=actor, action="selfcare.technique_reset", service=service, detail={"slug": slug})
