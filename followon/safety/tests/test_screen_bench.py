"""The screen's bench case (bench/cases/screen.py) reports the line `make bench` expects."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.cases import screen as screen_case

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The screen needs no database: replace the root conftest's cache clearing for these tests."""


class RecordingContext:
    def __init__(self):
        self.emitted = []

    def emit(self, name, **figures):
        self.emitted.append((name, figures))


def test_bench_case_emits_the_mean_microseconds_per_message(monkeypatch):
    monkeypatch.setattr(screen_case, "ROUNDS", 1)
    monkeypatch.setattr(screen_case, "PASSES", 1)
    ctx = RecordingContext()
    screen_case.run(ctx)
    [(name, figures)] = ctx.emitted
    assert name == "screen_message"
    assert list(figures) == ["us"]
    assert 0 < figures["us"] < 50_000


def test_bench_case_runs_alone_and_prints_the_same_line():
    completed = subprocess.run(
        [sys.executable, "-m", "bench.cases.screen", "--rounds", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert re.fullmatch(r"bench screen_message us=\d+(\.\d+)?\n", completed.stdout), completed.stdout
