"""The labelled set and `make eval-screen`: a rule change that breaks recall fails the suite."""

import re
from collections import Counter

import pytest

from followon.safety.screen import evaluate
from followon.safety.screen.evaluate import (
    TARGET_HARD_NEGATIVE_FPR,
    TARGET_URGENT_RECALL,
    Item,
    Metrics,
    load,
    main,
)
from followon.safety.screen.model import Level, ScreenResult

LINE = re.compile(
    r"^screen urgent_recall=\d\.\d{3} concern_recall=\d\.\d{3} precision=\d\.\d{3} hard_negative_fpr=\d\.\d{3} n=\d+$"
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The screen needs no database: replace the root conftest's cache clearing for these tests."""


def test_the_screen_meets_its_targets_on_the_labelled_set():
    metrics, _ = evaluate.evaluate(load())
    assert metrics.urgent_recall >= TARGET_URGENT_RECALL, metrics.line()
    assert metrics.hard_negative_fpr <= TARGET_HARD_NEGATIVE_FPR, metrics.line()
    # Not targets in the issue, but a fall here means something broke: keep them honest too.
    assert metrics.concern_recall >= 0.90, metrics.line()
    assert metrics.precision >= 0.90, metrics.line()


def test_the_set_is_big_enough_and_has_every_kind_of_message():
    items = load()
    assert len(items) >= 300
    labels = Counter(item.label for item in items)
    assert labels["urgent"] >= 100 and labels["concern"] >= 100 and labels["none"] >= 200
    assert sum(item.hard_negative for item in items) >= 100
    assert len({item.id for item in items}) == len(items)
    assert len({item.text.casefold() for item in items}) == len(items)
    assert {item.split for item in items} == set(evaluate.SPLITS)


def test_eval_prints_exactly_one_line_in_the_agreed_format(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert LINE.match(out.strip()), out
    assert out.strip().endswith(f"n={len(load())}")


def test_eval_can_measure_one_portion_and_explain_itself_on_stderr(capsys):
    assert main(["--split", "heldout", "--rules", "--misses"]) == 0
    captured = capsys.readouterr()
    assert LINE.match(captured.out.strip())
    assert "rule" in captured.err and "urgent.wish_to_die" in captured.err


def test_metrics_follow_their_definitions():
    def item(label, hard=False):
        return Item(id=label, split="dev", label=label, hard_negative=hard, category="", text="")

    def result(level):
        return ScreenResult(level=level, fired=(), version="test")

    pairs = [
        (item("urgent"), result(Level.URGENT)),
        (item("urgent"), result(Level.CONCERN)),  # urgent missed as urgent, but caught as a concern
        (item("concern"), result(Level.NONE)),  # concern missed
        (item("concern"), result(Level.UNSCREENED)),  # unscreened counts as flagged
        (item("none", hard=True), result(Level.CONCERN)),  # hard negative false positive
        (item("none", hard=True), result(Level.NONE)),
        (item("none"), result(Level.NONE)),
    ]
    metrics = evaluate.metrics_of(pairs)
    assert metrics == Metrics(urgent_recall=0.5, concern_recall=0.75, precision=0.75, hard_negative_fpr=0.5, n=7)
    assert metrics.line() == (
        "screen urgent_recall=0.500 concern_recall=0.750 precision=0.750 hard_negative_fpr=0.500 n=7"
    )


@pytest.mark.parametrize(
    "row",
    [
        "x1,dev,urgentish,no,crisis,text",  # unknown label
        "x1,dev,concern,yes,crisis,text",  # a hard negative must be labelled none
        "x1,dev,none,maybe,idiom,text",
        "x1,somewhere,none,no,idiom,text",
        "x1,dev,none,no,idiom,",
    ],
)
def test_a_malformed_row_is_refused(tmp_path, row):
    data = tmp_path / "set.csv"
    data.write_text("id,split,label,hard_negative,category,text\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        load(data)
