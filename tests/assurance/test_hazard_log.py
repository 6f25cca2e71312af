"""The hazard log's controls are checked, not claimed (docs/safety/hazards.yaml, issue 20).

The real log must have no problem; a copy with planted bad entries must fail on each of them, so
the check is known to bite.
"""

import copy
import datetime as dt

import pytest
import yaml

from followon.assurance import hazard_log
from followon.assurance.hazard_log import LIKELIHOODS, SEVERITIES, load, parse, problems, risk


def test_the_hazard_log_is_complete_and_every_control_exists():
    log = load()
    assert problems(log) == []
    assert len(log.hazards) >= 13
    kinds = {control.kind for hazard in log.hazards for control in hazard.controls}
    assert kinds == {"design", "test", "procedure", "training"}


def test_the_command_reports_no_problems(capsys):
    assert hazard_log.main([]) == 0
    assert "0 problems" in capsys.readouterr().out


# The hazards issue 20 names, each found in the log by words of its title.
ISSUE_20_HAZARDS = {
    "a crisis message not flagged": "H-001",
    "an urgent item not acknowledged": "H-002",
    "signposting numbers wrong": "H-003",
    "a text not delivered": "H-004",
    "a text delivered twice": "H-005",
    "a member's message shown to the wrong group or service": "H-006",
    "staff reading a board": "H-007",
    "questionnaire scored wrongly (PHQ-9 item 9 not routed)": "H-008",
    "wrong time of a meeting across a clock change": "H-009",
    "a member removed but still receiving texts": "H-010",
    "an outcome figure on a tiny group re-identifying a person": "H-012",
    "the screen unavailable": "H-011",
    "Notify down": "H-013",
    "a translation changing a clinical meaning": "H-014",
}


@pytest.mark.parametrize(("hazard", "hazard_id"), ISSUE_20_HAZARDS.items())
def test_every_hazard_the_issue_names_is_logged(hazard, hazard_id):
    logged = load().by_id()
    assert hazard_id in logged, hazard
    assert logged[hazard_id].controls, hazard


def test_the_matrix_is_the_published_dcb0129_matrix():
    assert risk("catastrophic", "very high") == 5
    assert risk("minor", "very low") == 1
    assert risk("major", "low") == 3
    assert risk("considerable", "medium") == 3
    assert risk("catastrophic", "very low") == 3
    assert risk("minor", "very high") == 3
    # Risk never falls as severity or likelihood rises.
    for likelihood in LIKELIHOODS:
        row = [risk(severity, likelihood) for severity in SEVERITIES]
        assert row == sorted(row)
    for severity in SEVERITIES:
        column = [risk(severity, likelihood) for likelihood in LIKELIHOODS]
        assert column == sorted(column)


def _raw():
    return yaml.safe_load(hazard_log.HAZARD_LOG.read_text(encoding="utf-8"))


def _planted(raw, **changes):
    bad = copy.deepcopy(raw["hazards"][0])
    bad["id"] = "H-999"
    bad.update(changes)
    raw = copy.deepcopy(raw)
    raw["hazards"].append(bad)
    return raw


def _problems_of(raw, tmp_path):
    path = tmp_path / "hazards.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return problems(load(path))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"controls": [{"kind": "test", "text": "t", "test": "followon/safety/tests/test_queue.py::test_gone"}]},
            "H-999 control 1: test 'followon/safety/tests/test_queue.py::test_gone': "
            "followon/safety/tests/test_queue.py has no test 'test_gone'",
        ),
        (
            {"controls": [{"kind": "test", "text": "t", "test": "followon/safety/tests/test_nothing.py::test_x"}]},
            "no file 'followon/safety/tests/test_nothing.py'",
        ),
        (
            {"controls": [{"kind": "design", "text": "d", "code": "followon/safety/services.py:no_such_function"}]},
            "H-999 control 1: code location 'followon/safety/services.py:no_such_function': "
            "followon/safety/services.py defines no 'no_such_function'",
        ),
        (
            {"controls": [{"kind": "design", "text": "d", "code": "followon/safety/nowhere.py:screen"}]},
            "no file 'followon/safety/nowhere.py'",
        ),
        ({"controls": [{"kind": "design", "text": "d"}]}, "a design feature needs its code location"),
        ({"controls": []}, "H-999: no controls"),
        ({"last_review": None}, "H-999: no last_review"),
        ({"last_review": "last week"}, "is not a date"),
        (
            {"residual": {"severity": "major", "likelihood": "low", "risk": 2}},
            "H-999: residual risk is 2 but the DCB0129 matrix gives 3 for major x low",
        ),
        ({"initial": {"severity": "dreadful", "likelihood": "low", "risk": 3}}, "initial severity 'dreadful'"),
        ({"status": "done"}, "status 'done' is not one of"),
        ({"owner": ""}, "H-999: no owner"),
        ({"reviews": [{"date": "2026-12-01", "by": "CSO"}]}, "review 1 needs a date"),
    ],
)
def test_a_planted_bad_entry_is_caught(tmp_path, changes, expected):
    found = _problems_of(_planted(_raw(), **changes), tmp_path)
    assert any(expected in problem for problem in found), found
    assert all(problem.startswith("H-999") for problem in found), found


def test_a_review_newer_than_last_review_is_caught(tmp_path):
    raw = _planted(_raw())
    # Only these two reviews, whatever dates the real log's H-001 (copied by _planted) has reached.
    raw["hazards"][-1]["reviews"] = []
    raw["hazards"][-1]["reviews"].append({"date": "2026-12-03", "by": "CSO", "summary": "x"})
    raw["hazards"][-1]["reviews"].append({"date": "2026-12-04", "by": "CSO", "summary": "y"})
    raw["hazards"][-1]["last_review"] = "2026-12-03"
    assert problems(load_from(raw, tmp_path)) == [
        "H-999: last_review 2026-12-03 is not the newest review's date 2026-12-04"
    ]


def test_a_duplicate_id_and_a_future_review_are_caught(tmp_path):
    raw = _planted(_raw())
    raw["hazards"][-1]["id"] = "H-001"
    log = load_from(raw, tmp_path)
    assert "H-001: the id is used twice" in problems(log)
    assert any("is in the future" in p for p in problems(log, today=dt.date(2026, 1, 1)))


def test_parametrised_tests_and_methods_are_found_by_their_node_ids():
    assert (
        hazard_log.node_id_problem("tests/assurance/test_hazard_log.py::test_a_planted_bad_entry_is_caught[x]") is None
    )
    assert (
        hazard_log.node_id_problem("followon/core/tests/test_views.py::TestHealthz::test_reports_worker_heartbeat_age")
        is None
    )
    assert "not a pytest node id" in hazard_log.node_id_problem("followon/core/views.py::healthz")
    assert hazard_log.code_location_problem("followon/core/views.py:healthz") is None
    assert hazard_log.code_location_problem("followon/assurance/hazard_log.py:HazardLog.by_id") is None
    assert "name the function" in hazard_log.code_location_problem("followon/core/views.py")


def load_from(raw, tmp_path):
    path = tmp_path / "hazards.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")), path)
