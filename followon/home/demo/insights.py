"""Demo data for the insights dashboard and the research export, so they show the product working.

- The study's eleven historical groups (Farr et al., Table 2), imported from
  `insights/data/study_table2_groups.csv` through the same import `import_groups` runs.
- Three earlier programmes, each with eight participants who answered the follow-on group question
  and the outcome questionnaires over time (at the start, then 3 and 6 months after the programme),
  and a follow-on group that formed: five people came to most meetings, the rest never did. One
  group folded after ten months, the other two are still going.
- Most participants agreed to research, so the research export has rows.

Everything goes through the real services (programmes, groups, meetings, questionnaires and their
scoring), with the dates they would have had. Scores follow a made-up but plausible shape: people
who kept meeting improved a little more than people who did not. Idempotent: an existing
programme is left alone.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from followon.accounts.models import ConsentKind, ConsentRecord, ServiceMembership, User
from followon.accounts.services import consent_record
from followon.core.formatting import LONDON
from followon.insights import services as insights_services
from followon.insights.outcome_change import MEASURES
from followon.meetings.services import meeting_record
from followon.outcomes import services as outcome_services
from followon.outcomes.instruments import Direction, get_questionnaire
from followon.outcomes.models import QuestionnaireInvitation
from followon.peergroups import services as group_services
from followon.peergroups.models import GroupMembership
from followon.programmes import services
from followon.programmes.models import Programme

STUDY_GROUPS = Path(insights_services.__file__).resolve().parent / "data" / "study_table2_groups.csv"

# (programme title, venue, weeks ago it started, group name, area, months of meetings, folded after them)
HISTORY = [
    ("Spring 2024 programme, Southmead", "Southmead Hospital", 140, "Monday pacing group", "Henleaze", 10, True),
    ("Autumn 2024 programme, Cossham", "Cossham Hospital", 105, "Kingswood Wednesday group", "Kingswood", 18, False),
    ("Spring 2025 programme, Thornbury", "Thornbury Hospital", 80, "Thornbury tea and talk", "Thornbury", 14, False),
]
PER_PROGRAMME = 8
ATTENDERS = 5  # the first five of each programme come to the group's meetings; the others never do
FIRST_NAMES = [
    "Amrit", "Beth", "Colin", "Dina", "Eddie", "Farah", "Gary", "Helen", "Imran", "Josie", "Ken", "Lena",
    "Mick", "Nia", "Owen", "Priya", "Ray", "Sue", "Tariq", "Una", "Vic", "Wendy", "Yusuf", "Zara",
]  # fmt: skip
FIRST_MOBILE = 900201  # Ofcom drama numbers 07700 900201 onwards
MEASURE_IDS = [measure[0] for measure in MEASURES]


def _person(service, index: int) -> User:
    mobile = f"+447700{FIRST_MOBILE + index}"
    user = User.objects.filter(mobile=mobile).first()
    if user is None:
        user = User.objects.create_user(mobile=mobile, preferred_name=FIRST_NAMES[index])
    ServiceMembership.objects.get_or_create(service=service, user=user)
    return user


def _answers(questionnaire_id: str, wellbeing: float, rng: random.Random) -> dict[str, int]:
    """Answers for someone at `wellbeing` (0 worst, 1 best), a little noisy item by item. Items that
    raise a safety flag (PHQ-9 item 9) are answered "not at all": the demo queue has its own item."""
    questionnaire = get_questionnaire(questionnaire_id)
    safety_items = {rule.item_id for rule in questionnaire.safety_rules}
    higher_is_better = questionnaire.scoring.direction == Direction.HIGHER_IS_BETTER
    answers = {}
    for item in questionnaire.items:
        values = sorted(option.value for option in item.options) or list(range(item.min_value, item.max_value + 1))
        if item.id in safety_items:
            answers[item.id] = values[0]
            continue
        level = min(1.0, max(0.0, wellbeing + rng.uniform(-0.12, 0.12)))
        index = round((level if higher_is_better else 1 - level) * (len(values) - 1))
        answers[item.id] = values[index]
    return answers


def _answer(enrolment, timepoint: str, wellbeing: float, rng: random.Random) -> None:
    """Answer the outcome questionnaires of one timepoint two days after they were due, as the member."""
    invitations = QuestionnaireInvitation.objects.filter(
        enrolment=enrolment, timepoint=timepoint, questionnaire_id__in=MEASURE_IDS, completed_at__isnull=True
    )
    for invitation in invitations:
        when = datetime.combine(invitation.due_on + timedelta(days=2), time(19, 30), tzinfo=LONDON)
        if when >= timezone.now():
            continue
        for item_id, value in _answers(invitation.questionnaire_id, wellbeing, rng).items():
            outcome_services.answer_save(invitation=invitation, item_id=item_id, raw=value, now=when)
        outcome_services.response_complete(invitation=invitation, now=when)


def _meeting_days(first: date, months: int) -> list[date]:
    return [
        first + relativedelta(months=n) for n in range(months) if first + relativedelta(months=n) < timezone.localdate()
    ]


def _history_programme(service, clinician, ptv, number: int, spec) -> None:
    title, venue, weeks_ago, group_name, area, months, folds = spec
    if Programme.objects.filter(service=service, title=title).exists():
        return
    rng = random.Random(f"followon-demo-{number}")
    start = timezone.localdate() - timedelta(weeks=weeks_ago)
    programme = services.programme_create(
        service=service,
        created_by=clinician,
        title=title,
        venue=venue,
        start_date=start,
        session_count=10,
        session_start_time=time(10, 0),
        facilitators=[clinician],
        ptvs=[ptv],
        today=start,
    )
    people = [_person(service, number * PER_PROGRAMME + n) for n in range(PER_PROGRAMME)]
    enrolments = []
    for n, user in enumerate(people):
        enrolment = services.enrolment_add(programme=programme, user=user, added_by=clinician)
        # Planned as on the day they joined, so the questionnaires fall due when they would have.
        outcome_services.invitations_schedule_for_enrolment(enrolment=enrolment, today=start)
        if n != PER_PROGRAMME - 1:  # one person in each programme did not agree to research
            consent_record(user=user, service=service, kind=ConsentKind.RESEARCH, decision=ConsentRecord.Decision.GIVEN)
        answer = "yes" if n < ATTENDERS + 1 else ("maybe" if n == ATTENDERS + 1 else "no")
        services.interest_record(
            enrolment=enrolment,
            actor=user,
            answer=answer,
            days=["mon", "wed"] if answer != "no" else [],
            times_of_day=["morning"] if answer != "no" else [],
            reason="travel_timing" if answer == "no" else "",
        )
        enrolments.append(enrolment)
    for step in programme.protocol_steps.all():
        services.protocol_step_mark(step=step, actor=clinician, done=True)
    group = group_services.group_create_from_programme(
        programme=programme,
        created_by=clinician,
        name=group_name,
        meeting_pattern="Once a month",
        area=area,
        supporter=ptv,
    )
    for membership in group.memberships.filter(status=GroupMembership.Status.INVITED).select_related("user"):
        group_services.membership_accept(membership=membership, user=membership.user)
    group_services.role_take(group=group, user=people[0], role="coordinator")
    last_session = programme.sessions.order_by("-number").first().starts_at
    first_meeting = timezone.localtime(last_session).date() + timedelta(days=14)
    days = _meeting_days(first_meeting, months)
    for day in days:
        starts_at = datetime.combine(day, time(10, 30), tzinfo=LONDON)
        came = people[:ATTENDERS] if rng.random() > 0.15 else people[: ATTENDERS - 1]
        meeting_record(
            group=group,
            recorded_by=people[0],
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            venue=f"Community café, {area}",
            attended_user_ids={user.pk for user in came},
        )
    if folds and days:
        group_services.group_transition(
            group=group, to_status="folded", actor=clinician, effective_on=days[-1] + timedelta(days=30)
        )
    for n, enrolment in enumerate(enrolments):
        attender = n < ATTENDERS
        baseline = rng.uniform(0.2, 0.45)
        follow_up = baseline + (rng.uniform(0.08, 0.25) if attender else rng.uniform(-0.06, 0.1))
        _answer(enrolment, "baseline", baseline, rng)
        _answer(enrolment, "3m", (baseline + follow_up) / 2, rng)
        if n % 4 != 3:  # a few never answered the 6-month questionnaires: their 3-month ones count
            _answer(enrolment, "6m", follow_up, rng)


@transaction.atomic
def load_insights_demo(*, service, clinician, ptv) -> None:
    with STUDY_GROUPS.open(newline="", encoding="utf-8-sig") as handle:
        insights_services.historical_groups_import(service=service, lines=handle, actor=clinician)
    for number, spec in enumerate(HISTORY):
        _history_programme(service, clinician, ptv, number, spec)
