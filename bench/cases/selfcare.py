"""The member home page (what is waiting for an answer, goals, next meeting, group activity) with a
member's history at 1x and 10x (10x also has ten times as many questions and invitations waiting).

Prints `bench member_home queries=<n> queries_10x=<n> ...` (the standard page figures are those of
the 10x run) and fails if the query count grew with the history.
"""

import datetime as dt

from django.utils import timezone

from followon.core.formatting import LONDON

WEEKS = 8  # weeks of history at 1x; 10x adds nine times as many earlier weeks


def _setup(ctx):
    from followon.accounts.models import ServiceMembership
    from followon.accounts.tests.factories import UserFactory
    from followon.meetings.models import Meeting
    from followon.peergroups.models import GroupMembership, PeerGroup

    member = ctx.user("member")
    ServiceMembership.objects.get_or_create(service=ctx.service, user=member)
    group = PeerGroup.objects.create(service=ctx.service, name="Bench walking group", status=PeerGroup.Status.ACTIVE)
    mate = UserFactory(preferred_name="Bench Mate", email="mate@bench.followon.test")
    ServiceMembership.objects.get_or_create(service=ctx.service, user=mate)
    now = timezone.now()
    for user in (member, mate):
        GroupMembership.objects.create(group=group, user=user, status=GroupMembership.Status.MEMBER, joined_at=now)
    # 10:30 London time in four days: a two-hour meeting started at "now + 4 days" ran past midnight
    # when the bench ran after 10pm, and the member home answered 500 (meetings' next_occurrence
    # refuses a one-off meeting that ends on another day).
    day = timezone.localtime(now, LONDON).date() + dt.timedelta(days=4)
    starts = dt.datetime.combine(day, dt.time(10, 30), tzinfo=LONDON)
    Meeting.objects.create(group=group, starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    return member, mate, group


def _history(member, mate, group, *, first_week: int, weeks: int) -> None:
    """Goals (3 of the member's, 3 shared by a group-mate), weekly answers, pacing logs and check-ins."""
    from followon.selfcare.models import CheckIn, Goal, GoalProgress, PacingActivity, PacingLog, Share

    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    goals = list(Goal.objects.filter(owner__in=[member, mate]))
    if not goals:
        for owner in (member, mate):
            for n in range(3):
                goals.append(
                    Goal.objects.create(owner=owner, what=f"Walk {n + 1} laps", how_much="3 times a week", confidence=7)
                )
        Share.objects.bulk_create([Share(goal=g, group=group) for g in goals if g.owner_id == mate.pk])
        PacingActivity.objects.create(
            owner=member, name="Walking", baseline_minutes=10, started_on=today - dt.timedelta(weeks=200)
        )
    activity = PacingActivity.objects.get(owner=member)
    weeks_range = range(first_week, first_week + weeks)
    GoalProgress.objects.bulk_create(
        [
            GoalProgress(goal=g, week_start=monday - dt.timedelta(weeks=w), outcome="done")
            for g in goals
            for w in weeks_range
        ]
    )
    PacingLog.objects.bulk_create(
        [
            PacingLog(activity=activity, done_on=today - dt.timedelta(weeks=w, days=d), minutes=12)
            for w in weeks_range
            for d in (0, 2, 4)
        ]
    )
    CheckIn.objects.bulk_create(
        [
            CheckIn(owner=member, service=None, week_start=monday - dt.timedelta(weeks=w), pain_interference=4)
            for w in weeks_range
        ]
    )


def _waiting(ctx, member, count: int) -> None:
    """`count` programmes whose follow-on group question waits for the member, and `count` group invitations."""
    from followon.peergroups.models import GroupMembership, PeerGroup
    from followon.programmes.models import MemberLink
    from followon.programmes.services import enrolment_add
    from followon.programmes.tests.factories import make_programme

    start = PeerGroup.objects.filter(service=ctx.service, name__startswith="Bench invited").count()
    for n in range(start, start + count):
        programme = make_programme(ctx.service, ctx.user("clinician"), title=f"Bench programme {n}")
        enrolment = enrolment_add(programme=programme, user=member)
        MemberLink.objects.create(
            enrolment=enrolment,
            purpose=MemberLink.Purpose.INTEREST,
            token_hash=f"bench-{n}".ljust(64, "0"),
            expires_at=timezone.now() + dt.timedelta(days=14),
        )
        group = PeerGroup.objects.create(
            service=ctx.service, name=f"Bench invited {n}", status=PeerGroup.Status.FORMING
        )
        GroupMembership.objects.create(group=group, user=member, status=GroupMembership.Status.INVITED)


def run(ctx) -> None:
    member, mate, group = _setup(ctx)
    _history(member, mate, group, first_week=0, weeks=WEEKS)
    _waiting(ctx, member, 1)
    small = ctx.measure_page("member_home_1x", "/", user=member, emit=False)
    _history(member, mate, group, first_week=WEEKS, weeks=WEEKS * 9)
    _waiting(ctx, member, 9)
    large = ctx.measure_page("member_home_10x", "/", user=member, emit=False)
    ctx.emit(
        "member_home",
        queries=small["queries"],
        queries_10x=large["queries"],
        rps=small["rps"],
        rps_10x=large["rps"],
        p50_ms=small["p50_ms"],
        p50_ms_10x=large["p50_ms"],
        p95_ms_10x=large["p95_ms"],
        ratio_to_floor=small["ratio_to_floor"],
        floor_rps_10x=large["floor_rps"],
        ratio_to_floor_10x=large["ratio_to_floor"],
    )
    if small["queries"] != large["queries"]:
        raise AssertionError(f"member home queries changed with the history: {small['queries']} -> {large['queries']}")
