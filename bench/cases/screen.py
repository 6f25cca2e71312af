"""The message screen: how long screening one message takes (it runs inside the post request).

``bench screen_message us=<n>``: mean microseconds per message for
:func:`followon.safety.screen.screen_text_safely` (the function the product calls) over every message
of the labelled set (followon/safety/data/screen_eval.csv) screened ``PASSES`` times per round. The
figure is the best of ``ROUNDS`` rounds, after a warm-up round: other processes on a shared machine
can only make a round slower, never faster. Budget: under 1000 us (issue 7).

Needs nothing from the harness but ``emit``; ``.venv/bin/python -m bench.cases.screen`` prints the same
line on its own (no database, no server).
"""

import argparse
import time

from bench.stats import format_line
from followon.safety.screen import screen_text_safely
from followon.safety.screen.evaluate import load

ROUNDS = 5
PASSES = 4


def mean_us_per_message(rounds: int = ROUNDS, passes: int = PASSES) -> float:
    texts = [item.text for item in load()] * passes
    for text in texts:  # warm-up: first-call costs are not what a request pays
        screen_text_safely(text)
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter_ns()
        for text in texts:
            screen_text_safely(text)
        best = min(best, (time.perf_counter_ns() - started) / 1000 / len(texts))
    return best


def run(ctx) -> None:
    ctx.emit("screen_message", us=mean_us_per_message(ROUNDS, PASSES))


class StandaloneContext:
    """Enough of the harness context for ``python -m bench.cases.screen``: the harness's own line format."""

    @staticmethod
    def emit(name: str, **figures) -> None:
        print(format_line(name, figures), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.cases.screen", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"timed rounds (default {ROUNDS})")
    args = parser.parse_args()
    StandaloneContext.emit("screen_message", us=mean_us_per_message(max(1, args.rounds), PASSES))
