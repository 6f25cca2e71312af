"""Meetings: how long ranking an availability poll takes.

- ``poll_rank_15x60``: :func:`followon.meetings.ranking.rank_poll_options` on a poll of 15 members and
  60 options (answers, standing preferences and six past meetings included) and the first option's
  reasons (the only ones the page shows), median of ``RUNS`` runs
  after a warm-up: ``bench poll_rank_15x60 ms=<n>``. Budget: under 10 ms (issue 5).

Every function in ``MEASUREMENTS`` runs in turn with the harness context. ``measure_meeting_pages``
seeds a group of 15 members (three repeating meetings, venues, six past polls, an open poll of 60
times everyone answered) and prints ``meetings_group_page``, ``meetings_poll_page``,
``meetings_meeting_page`` and ``meetings_calendar_feed`` (the member's feed, three meetings) lines
through ``ctx.measure_page(...)`` (their query counts are fixed; see followon/meetings/tests/test_views.py).

Run alone, ``.venv/bin/python -m bench.cases.meetings`` prints the ranking line only (no server needed).
"""

import argparse
import math
import random
import statistics
import time
from datetime import datetime, timedelta

from django.conf import settings

from followon.meetings.ranking import (
    LONDON,
    Answer,
    PollMember,
    PollOption,
    StandingPreferences,
    TimeOfDay,
    rank_poll_options,
)

MEMBERS = 15
OPTIONS = 60
PAST_MEETINGS = 6
RUNS = 300
WARMUP_RUNS = 20
SEED = 5


def build_poll(members: int = MEMBERS, options: int = OPTIONS, seed: int = SEED) -> dict:
    """A realistic poll: weekday options over four weeks, most members answered, some with usual times."""
    rnd = random.Random(seed)
    first_day = datetime(2027, 10, 18, tzinfo=LONDON)  # four weeks that take in the October clock change
    poll_options = []
    for option_id in range(options):
        day = first_day + timedelta(days=rnd.randrange(28))
        start = day.replace(hour=rnd.choice((10, 11, 13, 14, 15, 18)), minute=rnd.choice((0, 30)))
        poll_options.append(PollOption(id=option_id, start=start, end=start + timedelta(hours=rnd.choice((1, 1.5, 2)))))
    poll_members = []
    for member_id in range(members):
        preferences = StandingPreferences()
        if rnd.random() < 0.6:
            times = frozenset(t for t in TimeOfDay if rnd.random() < 0.6) or frozenset({TimeOfDay.MORNING})
            preferences = StandingPreferences(
                times_of_day=times, unavailable_weekdays=frozenset(rnd.sample(range(7), rnd.randrange(3)))
            )
        poll_members.append(PollMember(id=member_id, name=f"Member {member_id}", preferences=preferences))
    answers = {
        m.id: {o.id: rnd.choice(list(Answer)) for o in poll_options if rnd.random() < 0.85}
        for m in poll_members
        if rnd.random() < 0.8
    }
    history = [frozenset(rnd.sample(range(members), rnd.randrange(4))) for _ in range(PAST_MEETINGS)]
    return {"options": poll_options, "members": poll_members, "answers": answers, "history": history}


def poll_rank_ms(runs: int = RUNS) -> float:
    """Median wall time of one ranking of the 15 × 60 poll and its first option's reasons (what the
    coordinator's page reads), in milliseconds."""
    poll = build_poll()
    for _ in range(WARMUP_RUNS):
        rank_poll_options(**poll)[0].reasons  # noqa: B018 - reading them is what is timed
    timings = []
    for _ in range(runs):
        started = time.perf_counter_ns()
        rank_poll_options(**poll)[0].reasons  # noqa: B018 - reading them is what is timed
        timings.append((time.perf_counter_ns() - started) / 1e6)
    return statistics.median(timings)


def measure_poll_ranking(ctx, runs: int = RUNS) -> None:
    ctx.emit("poll_rank_15x60", ms=poll_rank_ms(runs))


def seed_group(ctx, *, members: int = MEMBERS, options: int = OPTIONS, past_polls: int = 6):
    """A formed-looking group in the bench database: the bench member coordinates it, with ``members``
    people, three venues, three repeating meetings, ``past_polls`` confirmed polls and one open poll of
    ``options`` times that everyone has answered. Returns (group, open poll)."""
    from followon.meetings import services
    from followon.peergroups import services as group_services
    from followon.peergroups.tests.factories import form_group
    from followon.programmes.tests.factories import answer, finished_programme, join

    clinician, coordinator = ctx.user("clinician"), ctx.user("member")
    programme = finished_programme(ctx.service, clinician, title="Bench meetings PMP")
    enrolments = [join(programme, coordinator)] + [
        join(programme, preferred_name=f"Bench person {n}") for n in range(members - 1)
    ]
    for enrolment in enrolments:
        answer(enrolment, "yes", days=["mon", "tue", "wed", "thu"], times_of_day=["morning"])
    group = form_group(programme, clinician, name="Bench meetings group", accept=True)
    group_services.role_take(group=group, user=coordinator, role="coordinator")
    today = datetime.now(LONDON).replace(hour=0, minute=0, second=0, microsecond=0)
    for n in range(3):
        venue = services.venue_create(
            group=group, service=ctx.service, created_by=coordinator, name=f"Bench venue {n}", step_free=True
        )
        first = (today + timedelta(days=10 + n)).date()
        services.meeting_create(
            group=group,
            created_by=coordinator,
            first_date=first,
            start_time=datetime(2000, 1, 1, 10, 30).time(),
            end_time=datetime(2000, 1, 1, 12, 0).time(),
            frequency="weekly",
            interval=n + 1,
            location=venue,
        )

    def slot(days, hour):
        start = (today + timedelta(days=days)).replace(hour=hour)
        return {"starts_at": start, "ends_at": start + timedelta(hours=1)}

    people = [e.user for e in enrolments]
    for n in range(past_polls):
        old = services.poll_create(
            group=group,
            created_by=coordinator,
            title=f"Past {n}",
            closes_at=today + timedelta(days=2),
            options=[slot(30 + n, 10), slot(30 + n, 14)],
        )
        first_option = old.options.first()
        for person in people[::3]:
            services.poll_answer(poll=old, user=person, answers={first_option.pk: "no"})
        services.poll_confirm(poll=old, user=coordinator, option=first_option)
    poll = services.poll_create(
        group=group,
        created_by=coordinator,
        title="Bench open poll",
        closes_at=today + timedelta(days=3),
        options=[slot(5 + n // 3, (10, 13, 15)[n % 3]) for n in range(options)],
    )
    option_ids = list(poll.options.values_list("id", flat=True))
    for i, person in enumerate(people):
        services.poll_answer(
            poll=poll, user=person, answers={oid: ("yes", "if_need_be", "no")[(i + oid) % 3] for oid in option_ids}
        )
    return group, poll


def measure_meeting_pages(ctx) -> None:
    """The group's meetings page, the poll page and a meeting's page as the coordinator (the bench
    member), and the member's calendar feed as a calendar asks for it (no session)."""
    from followon.meetings import services

    group, poll = seed_group(ctx)
    ctx.measure_page("meetings_group_page", f"/my/groups/{group.public_id}/meetings/", user="member")
    ctx.measure_page("meetings_poll_page", f"/my/polls/{poll.public_id}/", user="member")
    meeting = group.meetings.filter(series__isnull=True).order_by("id").first()
    ctx.measure_page("meetings_meeting_page", f"/my/meetings/{meeting.public_id}/", user="member")
    token = services.calendar_feed_issue(user=ctx.user("member"))
    ctx.measure_page("meetings_calendar_feed", f"/calendar/{token}.ics")


MEASUREMENTS = (measure_poll_ranking, measure_meeting_pages)


def run(ctx) -> None:
    for measure in MEASUREMENTS:
        measure(ctx)


class StandaloneContext:
    """Enough of the harness context for ``python -m bench.cases.meetings``: the same line format."""

    @staticmethod
    def emit(name: str, **figures) -> None:
        def shown(value):
            if isinstance(value, float) and math.isfinite(value) and value:
                decimals = max(0, 2 - math.floor(math.log10(abs(value))))
                value = round(value, decimals)
                return str(int(value)) if decimals == 0 else repr(value)
            return str(value)

        print(" ".join([f"bench {name}", *(f"{key}={shown(value)}" for key, value in figures.items())]), flush=True)


if __name__ == "__main__":
    # Run alone there are no Django settings: the ranking's reasons (gettext) are then its English words.
    if not settings.configured:
        settings.configure(USE_I18N=False)
    parser = argparse.ArgumentParser(prog="python -m bench.cases.meetings", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"timed runs (default {RUNS})")
    # Only the measurements that need no server: page measurements need the harness.
    measure_poll_ranking(StandaloneContext(), runs=max(1, parser.parse_args().runs))
