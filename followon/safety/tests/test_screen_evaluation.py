"""The labelled set and `make eval-screen`: a rule change that breaks recall fails the suite."""

import re
from collections import Counter
from pathlib import Path

import pytest

from followon.safety.screen import dataset, evaluate
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


FIXTURES = Path(__file__).resolve().parent / "fixtures"
PORTION_LINE = re.compile(
    r"^screen first_seen portion=(?P<name>[\w-]+) urgent_flagged=(?:\d\.\d{3}|nan) urgent_recall=(?:\d\.\d{3}|nan) "
    r"concern_flagged=(?:\d\.\d{3}|nan) hard_negative_fpr=(?:\d\.\d{3}|nan) everyday_fpr=(?:\d\.\d{3}|nan) n=\d+$"
)
LONG_LINE = re.compile(
    r"^screen first_seen portion=[\w-]+ long_posts at_risk_flagged=(?:\d\.\d{3}|nan) "
    r"support_flagged=(?:\d\.\d{3}|nan) n=\d+$"
)
FAMILY_LINE = re.compile(
    r"^screen first_seen portion=[\w-]+ family=\w+ expected=(?:urgent|concern|none) "
    r"flagged=\d\.\d{3} urgent=\d\.\d{3} n=\d+$"
)


def test_eval_prints_the_whole_set_line_first_and_nothing_else_without_portions(capsys, tmp_path):
    assert main(["--eval-dir", str(tmp_path / "none-yet")]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert LINE.match(out.strip()), out
    assert out.strip().endswith(f"n={len(load())}")


def test_eval_prints_first_seen_lines_for_every_portion(capsys, tmp_path):
    # A tiny synthetic portion written for this test (never in data/eval/): two copies, two portions.
    for name in ("portion-a", "portion-b"):
        (tmp_path / f"{name}.csv").write_bytes((FIXTURES / "screen_portion_tiny.csv").read_bytes())
    assert main(["--eval-dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.strip().split("\n")
    assert LINE.match(lines[0])
    portion_lines = [line for line in lines[1:] if PORTION_LINE.match(line)]
    assert [PORTION_LINE.match(line)["name"] for line in portion_lines] == ["portion-a", "portion-b"]
    assert sum(bool(LONG_LINE.match(line)) for line in lines) == 2
    families = [line for line in lines if FAMILY_LINE.match(line)]
    assert len(families) == 2 * 6  # six families in the fixture, per portion
    assert len(lines) == 1 + 2 * (2 + 6)
    assert portion_lines[0].endswith(" n=6")
    assert "long_posts at_risk_flagged=nan support_flagged=" in "\n".join(lines)


def test_portion_figures_follow_their_definitions(tmp_path):
    rows = dataset.load_rows(FIXTURES / "screen_portion_tiny.csv")
    lines = evaluate.portion_lines("tiny", rows)
    main_line = lines[0]
    # Two urgent messages in plain words, a plain concern, a plain idiom and plain logistics.
    assert "urgent_flagged=1.000" in main_line and "urgent_recall=1.000" in main_line
    assert "concern_flagged=1.000" in main_line
    assert "hard_negative_fpr=0.000" in main_line and "everyday_fpr=0.000" in main_line
    assert "family=overdose_taken expected=urgent flagged=1.000 urgent=1.000 n=1" in "\n".join(lines)


@pytest.mark.parametrize(
    "row",
    [
        "x1,short,urgentish,active_thoughts,text",
        "x1,medium,urgent,active_thoughts,text",
        "x1,short,urgent,no_such_family,text",
        "x1,short,urgent,active_thoughts,",
    ],
)
def test_a_malformed_portion_row_is_refused(tmp_path, row):
    data = tmp_path / "portion.csv"
    data.write_text("id,kind,label,family,text\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        dataset.load_rows(data)


def test_eval_never_reads_a_blind_portion_for_training():
    # Training reads data/train/, the old set and the rules' examples; data/eval/ is for evaluate.py only.
    import inspect

    from followon.safety.screen import train

    assert "EVAL_DIR" not in inspect.getsource(train)
    assert "EVAL_DIR" not in inspect.getsource(dataset.training_rows)


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
