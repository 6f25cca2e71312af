"""Group survival: a hand-worked Kaplan-Meier example, edge cases, scipy cross-checks and the study's Table 2."""

import csv
import math
import warnings
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from followon.insights.survival import (
    ENDED_STATUSES,
    duration_summary,
    durations_in_months,
    format_months,
    group_survival,
    group_survival_from_dates,
    kaplan_meier,
    months_between,
)

TABLE2_CSV = Path(__file__).resolve().parents[1] / "data" / "study_table2_groups.csv"


def scipy_km(durations, ended):
    durations = np.asarray(durations, dtype=float)
    ended = np.asarray(ended, dtype=bool)
    result = stats.ecdf(stats.CensoredData(uncensored=durations[ended], right=durations[~ended]))
    with warnings.catch_warnings():
        # scipy warns where the log-log interval is undefined (S = 1 or S = 0); expected here.
        warnings.simplefilter("ignore", RuntimeWarning)
        ci = result.sf.confidence_interval(0.95, method="log-log")
    return result.sf.quantiles, result.sf.probabilities, ci.low.probabilities, ci.high.probabilities


def test_hand_worked_example_with_censoring():
    """Seven groups (months, E = ended, c = still going): 2E, 3c, 4E, 4E, 6c, 8E, 9c.

    t  at risk  ended  censored  S(t)                        Greenwood sum d/(n(n-d))
    2  7        1      0         1 - 1/7       = 6/7  = .857  1/(7*6)              = 1/42
    3  6        0      1         6/7                          1/42
    4  5        2      0         6/7 * (1-2/5) = 18/35 = .514 1/42 + 2/(5*3)       = 11/70
    6  3        0      1         18/35                        11/70
    8  2        1      0         18/35 * 1/2   = 9/35 = .257  11/70 + 1/(2*1)      = 23/35
    9  1        0      1         9/35                         23/35

    Median: S(4) = .514 is still above one half, S(8) = .257 is not, so the median is 8 months,
    although the plain median of the seven durations is 4: the censored groups (3, 6 and 9 months,
    still going) push the estimate up.

    95% log-log interval at t = 2: log S = log(6/7) = -0.15415; se = sqrt(1/42) / 0.15415 = 1.00099;
    z * se = 1.95996 * 1.00099 = 1.96190; lower = (6/7) ** exp(1.96190) = (6/7) ** 7.1118 = 0.3341;
    upper = (6/7) ** exp(-1.96190) = (6/7) ** 0.14061 = 0.9786.
    """
    km = kaplan_meier([2, 3, 4, 4, 6, 8, 9], [True, False, True, True, False, True, False])

    table = [(r.time, r.at_risk, r.events, r.censored) for r in km.rows]
    assert table == [(2, 7, 1, 0), (3, 6, 0, 1), (4, 5, 2, 0), (6, 3, 0, 1), (8, 2, 1, 0), (9, 1, 0, 1)]
    assert [r.survival for r in km.rows] == pytest.approx([6 / 7, 6 / 7, 18 / 35, 18 / 35, 9 / 35, 9 / 35])
    assert km.median == 8
    assert (km.n, km.events, km.censored) == (7, 4, 3)
    first = km.rows[0]
    assert first.ci_lower == pytest.approx(0.3341, abs=1e-4)
    assert first.ci_upper == pytest.approx(0.9786, abs=1e-4)
    # t = 4 by the same formula with V = 11/70.
    s4 = 18 / 35
    spread = stats.norm.ppf(0.975) * math.sqrt(11 / 70) / abs(math.log(s4))
    assert km.rows[2].ci_lower == pytest.approx(s4 ** math.exp(spread))
    assert km.rows[2].ci_upper == pytest.approx(s4 ** math.exp(-spread))
    assert km.ci_method == "log-log" and km.confidence_level == 0.95
    assert km.survival_at(0) == 1.0 and km.survival_at(5.5) == pytest.approx(18 / 35)


@pytest.mark.parametrize(
    ("durations", "ended"),
    [
        ([2, 3, 4, 4, 6, 8, 9], [1, 0, 1, 1, 0, 1, 0]),
        ([5, 5, 5, 7, 7, 10, 12, 12, 15], [1, 0, 1, 1, 0, 0, 1, 1, 0]),  # ties of events and censoring
        ([80, 60, 23, 18, 13, 15, 12, 8, 7, 6, 6], [1] * 11),
        ([1.5, 2.25, 2.25, 3.0, 40.0, 0.0], [0, 1, 1, 0, 1, 1]),
    ],
)
def test_survival_and_log_log_interval_match_scipy_ecdf(durations, ended):
    km = kaplan_meier(durations, ended)

    times, survival, low, high = scipy_km(durations, ended)

    assert [r.time for r in km.rows] == pytest.approx(times)
    assert [r.survival for r in km.rows] == pytest.approx(survival)
    ours_low = [np.nan if r.ci_lower is None else r.ci_lower for r in km.rows]
    ours_high = [np.nan if r.ci_upper is None else r.ci_upper for r in km.rows]
    np.testing.assert_allclose(ours_low, low, rtol=1e-9)
    np.testing.assert_allclose(ours_high, high, rtol=1e-9)


def test_events_are_counted_before_censoring_at_a_tied_time():
    km = kaplan_meier([5, 5, 5, 7], [True, False, False, True])

    first = km.rows[0]
    assert (first.time, first.at_risk, first.events, first.censored) == (5, 4, 1, 2)
    assert first.survival == pytest.approx(3 / 4)
    assert km.rows[1].at_risk == 1 and km.rows[1].survival == 0.0


def test_all_groups_still_going_never_reach_a_median():
    km = kaplan_meier([3, 6, 9], [False, False, False])

    assert km.median is None
    assert [r.survival for r in km.rows] == [1.0, 1.0, 1.0]
    assert all(r.ci_lower is None and r.ci_upper is None for r in km.rows)
    assert (km.events, km.censored) == (0, 3)


def test_one_group_that_ended():
    km = kaplan_meier([6], [True])

    (row,) = km.rows
    assert (row.at_risk, row.events, row.survival, row.ci_lower, row.ci_upper) == (1, 1, 0.0, None, None)
    assert km.median == 6


def test_one_group_still_going():
    km = kaplan_meier([6], [False])

    assert km.median is None and km.rows[0].survival == 1.0


def test_median_when_survival_falls_exactly_to_one_half():
    # S(2) = 1/2 exactly: "smallest t with S(t) <= 0.5" gives 2.
    assert kaplan_meier([2, 4], [True, True]).median == 2


def test_no_groups():
    report = group_survival([], [])

    assert report.kaplan_meier.rows == () and report.kaplan_meier.median is None
    assert report.summary.line() == "groups=0 mean_months=none median_months=none"


@pytest.mark.parametrize(
    ("durations", "ended", "message"),
    [
        ([1, -2], [True, True], "0 or more"),
        ([1, float("nan")], [True, True], "0 or more"),
        ([1, 2], [True], "flag for every duration"),
        ([[1, 2]], [[True, True]], "flat list"),
    ],
)
def test_bad_input_is_refused_clearly(durations, ended, message):
    with pytest.raises(ValueError, match=message):
        kaplan_meier(durations, ended)


def test_confidence_level_is_configurable():
    narrow = kaplan_meier([2, 3, 4, 4, 6, 8, 9], [1, 0, 1, 1, 0, 1, 0], confidence_level=0.8).rows[2]
    wide = kaplan_meier([2, 3, 4, 4, 6, 8, 9], [1, 0, 1, 1, 0, 1, 0]).rows[2]

    assert wide.ci_lower < narrow.ci_lower < narrow.survival < narrow.ci_upper < wide.ci_upper


# --- Months between dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2012, 2, 1), date(2018, 10, 1), 80.0),
        (date(2017, 12, 1), date(2018, 6, 1), 6.0),
        (date(2020, 1, 15), date(2020, 1, 15), 0.0),
        (date(2020, 1, 31), date(2020, 2, 29), 1 - 2 / (365.2425 / 12)),
        (date(2020, 1, 1), date(2020, 1, 31), 30 / (365.2425 / 12)),
    ],
)
def test_months_between(start, end, months):
    assert months_between(start, end) == pytest.approx(months)


def test_durations_refuse_a_last_contact_before_the_start():
    with pytest.raises(ValueError, match="before its start date"):
        durations_in_months([date(2020, 5, 1)], [date(2020, 4, 1)])


@pytest.mark.parametrize(
    ("value", "text"),
    [(22.545454, "22.5"), (13.0, "13"), (12.25, "12.3"), (0.04, "0"), (None, "none"), (7.95, "8")],
)
def test_format_months(value, text):
    assert format_months(value) == text


def test_duration_summary_is_the_plain_mean_and_median():
    summary = duration_summary([1, 2, 3, 10])

    assert (summary.groups, summary.mean_months, summary.median_months) == (4, 4.0, 2.5)


# --- The study's Table 2 (Farr et al.): groups A-K ---------------------------------------------------------


def read_table2():
    with TABLE2_CSV.open(newline="") as f:
        return list(csv.DictReader(f))


def test_table2_fixture_holds_the_eleven_groups_and_their_published_durations():
    rows = read_table2()

    assert [row["name"] for row in rows] == [f"Group {letter}" for letter in "ABCDEFGHIJK"]
    durations = durations_in_months(
        [date.fromisoformat(row["start_date"]) for row in rows],
        [date.fromisoformat(row["last_contact"]) for row in rows],
    )
    assert durations.tolist() == [80, 60, 23, 18, 13, 15, 12, 8, 7, 6, 6]
    # Start years as Table 2 gives them.
    assert [row["start_date"][:4] for row in rows] == ["2012", "2013"] + ["2016"] * 3 + ["2017"] * 6
    # Every last contact falls within the study's data collection (December 2017 to October 2018).
    assert all("2017-12-01" <= row["last_contact"] <= "2018-10-31" for row in rows)
    assert [row["max_size"] for row in rows] == ["9", "3", "8", "8", "6", "8", "8", "6", "6", "3", "3"]
    assert [row["name"] for row in rows if row["status"] in ENDED_STATUSES] == ["Group K"]


def test_table2_gives_the_studys_mean_and_median_and_the_group_survival_line():
    rows = read_table2()

    report = group_survival_from_dates(
        [date.fromisoformat(row["start_date"]) for row in rows],
        [date.fromisoformat(row["last_contact"]) for row in rows],
        [row["status"] for row in rows],
    )

    assert report.summary.mean_months == pytest.approx(248 / 11)  # 22.545...: the study's "mean of 22"
    assert report.summary.median_months == 13
    assert report.lines()[0] == "groups=11 mean_months=22.5 median_months=13"


def test_table2_kaplan_meier_with_ten_groups_still_going_never_reaches_its_median():
    rows = read_table2()
    report = group_survival_from_dates(
        [date.fromisoformat(row["start_date"]) for row in rows],
        [date.fromisoformat(row["last_contact"]) for row in rows],
        [row["status"] for row in rows],
    )

    km = report.kaplan_meier
    assert (km.events, km.censored, km.median) == (1, 10, None)
    assert km.rows[0].survival == pytest.approx(10 / 11)
    assert report.lines()[1] == "ended=1 still_going=10 km_median_months=not_reached ci=95%_log-log"


def test_table2_kaplan_meier_median_equals_the_plain_median_when_every_group_counts_as_ended():
    km = group_survival([80, 60, 23, 18, 13, 15, 12, 8, 7, 6, 6], [True] * 11).kaplan_meier

    assert km.median == 13  # with no censoring and 11 groups, S first drops to 5/11 < 0.5 at the 6th
    assert km.survival_at(12) == pytest.approx(6 / 11) and km.survival_at(13) == pytest.approx(5 / 11)


def test_report_table_lines():
    lines = group_survival([2, 3, 4, 4, 6, 8, 9], [1, 0, 1, 1, 0, 1, 0]).lines()

    assert lines[2].split() == ["months", "at_risk", "ended", "censored", "survival", "ci_lower", "ci_upper"]
    assert lines[3].split() == ["2", "7", "1", "0", "0.857", "0.334", "0.979"]
    assert len(lines) == 3 + 6


def test_vectorised_for_thousands_of_groups():
    rng = np.random.default_rng(10)
    durations = rng.integers(0, 120, size=20_000)
    ended = rng.random(20_000) < 0.6

    km = kaplan_meier(durations, ended)
    times, survival, _, _ = scipy_km(durations, ended)

    assert km.n == 20_000 and len(km.rows) == len(times)
    np.testing.assert_allclose([r.survival for r in km.rows], survival)
