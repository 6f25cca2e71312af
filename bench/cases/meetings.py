"""Meetings: how long ranking an availability poll takes.

- ``poll_rank_15x60``: :func:`followon.meetings.ranking.rank_poll_options` on a poll of 15 members and
  60 options (answers, standing preferences and six past meetings included), median of ``RUNS`` runs
  after a warm-up: ``bench poll_rank_15x60 ms=<n>``. Budget: under 10 ms (issue 5).

Every function in ``MEASUREMENTS`` runs in turn with the harness context. The group page and poll page
lines (``ctx.measure_page(...)`` on pages with many members, options, meetings and past polls) are
added there as further functions when those pages exist.

Run alone, ``.venv/bin/python -m bench.cases.meetings`` prints the ranking line only (no server needed).
"""

import argparse
import math
import random
import statistics
import time
from datetime import datetime, timedelta

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
    """Median wall time of one ranking of the 15 × 60 poll, in milliseconds."""
    poll = build_poll()
    for _ in range(WARMUP_RUNS):
        rank_poll_options(**poll)
    timings = []
    for _ in range(runs):
        started = time.perf_counter_ns()
        rank_poll_options(**poll)
        timings.append((time.perf_counter_ns() - started) / 1e6)
    return statistics.median(timings)


def measure_poll_ranking(ctx, runs: int = RUNS) -> None:
    ctx.emit("poll_rank_15x60", ms=poll_rank_ms(runs))


MEASUREMENTS = (measure_poll_ranking,)


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
    parser = argparse.ArgumentParser(prog="python -m bench.cases.meetings", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"timed runs (default {RUNS})")
    # Only the measurements that need no server: page measurements need the harness.
    measure_poll_ranking(StandaloneContext(), runs=max(1, parser.parse_args().runs))
