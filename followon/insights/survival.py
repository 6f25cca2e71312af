"""How long follow-on groups last: duration summaries and the Kaplan-Meier estimate.

Pure and vectorised (numpy; scipy for the normal quantile): no database and no per-group Python
loops, so the dashboard and `manage.py group_survival` can pass the durations of every group of a
service in one array.

A group's duration runs, in months, from its start (the programme's final session, as in the
study) to its last contact. A group that has *ended* (folded or merged) is an event; a group that
is still going (forming, active or paused) is censored at its last contact: we know it lasted at
least that long.

Two sets of figures, because they answer different questions
(docs/adr/0007-outcome-questionnaires-scoring-and-group-survival.md):

* `duration_summary()` - the plain mean and median of the observed durations, as the study
  reported them ("6 to 80 months, mean 22, median 13"). These are the figures
  `group_survival` prints first: `groups=11 mean_months=22.5 median_months=13`.
* `kaplan_meier()` - the survival curve S(t) = P(a group lasts beyond t months), with 95%
  confidence intervals by the log-log ("exponential Greenwood", Kalbfleisch & Prentice) method,
  the default of Stata and SAS and `conf.type="log-log"` in R's survival package, and scipy's
  `ecdf(...).sf.confidence_interval(method="log-log")`. Its median is the smallest t with
  S(t) <= 0.5, or None when the curve never falls that far ("not reached").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from scipy.stats import norm

# Average Gregorian month, for the part-month left after whole calendar months.
DAYS_PER_MONTH = 365.2425 / 12

# Group statuses (peergroups.PeerGroup.Status values) that end a group: an event for survival.
# Every other status (forming, active, paused) is censored at the group's last contact.
ENDED_STATUSES = frozenset({"folded", "merged"})

CI_METHOD = "log-log"


def is_ended(status: str) -> bool:
    return status in ENDED_STATUSES


def durations_in_months(start_dates: Sequence[date], end_dates: Sequence[date]) -> np.ndarray:
    """Months from each start date to the matching end date, vectorised.

    Whole calendar months, plus the remaining days over an average month (365.2425 / 12 days):
    1 Feb 2012 to 1 Oct 2018 is exactly 80.0; 31 Jan to 28 Feb is 0.9. Raises ValueError when an
    end date is before its start date or the lengths differ.
    """
    starts = np.asarray(start_dates, dtype="datetime64[D]")
    ends = np.asarray(end_dates, dtype="datetime64[D]")
    if starts.shape != ends.shape or starts.ndim != 1:
        raise ValueError("Give one end date for every start date")
    if (ends < starts).any():
        raise ValueError("A last contact date is before its start date")
    start_months = starts.astype("datetime64[M]")
    end_months = ends.astype("datetime64[M]")
    whole_months = (end_months - start_months).astype(np.int64)
    start_day = (starts - start_months.astype("datetime64[D]")).astype(np.int64)
    end_day = (ends - end_months.astype("datetime64[D]")).astype(np.int64)
    return whole_months + (end_day - start_day) / DAYS_PER_MONTH


def months_between(start: date, end: date) -> float:
    return float(durations_in_months([start], [end])[0])


def format_months(value: float | None, *, missing: str = "none") -> str:
    """One decimal place, halves rounded up, no trailing ".0": 22.545 -> "22.5", 13.0 -> "13"."""
    if value is None:
        return missing
    rounded = Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded:f}".removesuffix(".0")


@dataclass(frozen=True)
class DurationSummary:
    """The plain figures the study reported: how many groups, and their mean and median duration."""

    groups: int
    mean_months: float | None
    median_months: float | None

    def line(self) -> str:
        return (
            f"groups={self.groups} mean_months={format_months(self.mean_months)} "
            f"median_months={format_months(self.median_months)}"
        )


def duration_summary(durations_months: Sequence[float] | np.ndarray) -> DurationSummary:
    """Mean and median of the observed durations (every group, whether ended or still going)."""
    durations = _as_durations(durations_months)
    if durations.size == 0:
        return DurationSummary(groups=0, mean_months=None, median_months=None)
    return DurationSummary(
        groups=int(durations.size), mean_months=float(durations.mean()), median_months=float(np.median(durations))
    )


@dataclass(frozen=True)
class SurvivalRow:
    """One line of the Kaplan-Meier table: a distinct duration at which groups ended or were censored."""

    time: float  # months
    at_risk: int  # groups still going just before `time`
    events: int  # groups that ended at `time`
    censored: int  # groups still going whose last contact was at `time`
    survival: float  # S(time): the estimated share of groups lasting beyond `time`
    ci_lower: float | None  # None where the interval is undefined (S = 1 or S = 0)
    ci_upper: float | None


@dataclass(frozen=True)
class KaplanMeier:
    rows: tuple[SurvivalRow, ...]
    n: int
    events: int
    censored: int
    median: float | None  # smallest t with S(t) <= 0.5; None = not reached
    confidence_level: float
    ci_method: str = CI_METHOD

    def survival_at(self, months: float) -> float:
        """S(t) of the step function: the survival after the last table time <= t (1.0 before any)."""
        survival = 1.0
        for row in self.rows:
            if row.time > months:
                break
            survival = row.survival
        return survival


def _as_durations(values: Sequence[float] | np.ndarray) -> np.ndarray:
    durations = np.asarray(values, dtype=float)
    if durations.ndim != 1:
        raise ValueError("Durations must be a flat list of months")
    if not np.isfinite(durations).all() or (durations < 0).any():
        raise ValueError("Durations must be numbers of months, 0 or more")
    return durations


def kaplan_meier(
    durations_months: Sequence[float] | np.ndarray,
    ended: Sequence[bool] | np.ndarray,
    *,
    confidence_level: float = 0.95,
) -> KaplanMeier:
    """The Kaplan-Meier estimate of group survival with pointwise log-log confidence intervals.

    `ended[i]` is True when group i has ended (an event) and False when it is still going
    (censored at its duration). At a time where groups both end and are censored, the ends are
    counted first: a group censored at t was still at risk at t (the usual convention, as in R and
    scipy).

    S(t) = prod over event times t_i <= t of (1 - d_i / n_i). Greenwood: V(t) = sum d_i / (n_i (n_i - d_i)).
    The log-log interval is S(t) ** exp(+-z sqrt(V(t)) / |log S(t)|); it stays inside [0, 1] and is
    undefined while S(t) = 1 (no group has ended yet) and once S(t) = 0.
    """
    if not 0 < confidence_level < 1:
        raise ValueError("confidence_level must be between 0 and 1")
    durations = _as_durations(durations_months)
    ended_flags = np.asarray(ended, dtype=bool)
    if ended_flags.shape != durations.shape:
        raise ValueError("Give one ended/censored flag for every duration")
    n = int(durations.size)
    if n == 0:
        return KaplanMeier(rows=(), n=0, events=0, censored=0, median=None, confidence_level=confidence_level)

    times, index = np.unique(durations, return_inverse=True)
    events = np.bincount(index, weights=ended_flags, minlength=times.size).astype(np.int64)
    leaving = np.bincount(index, minlength=times.size).astype(np.int64)
    censored = leaving - events
    at_risk = n - np.concatenate(([0], np.cumsum(leaving)[:-1]))

    survival = np.cumprod(1.0 - events / at_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        greenwood = np.cumsum(np.where(events > 0, events / (at_risk * (at_risk - events)), 0.0))
        log_survival = np.log(survival)
        z = norm.ppf(0.5 + confidence_level / 2)
        spread = z * np.sqrt(greenwood) / np.abs(log_survival)
        lower = survival ** np.exp(spread)
        upper = survival ** np.exp(-spread)
    defined = (survival > 0) & (survival < 1) & np.isfinite(greenwood)

    reached = np.flatnonzero(survival <= 0.5 + 1e-12)  # tolerance: 1 - 1/2 may be 0.5000000000000001
    median = float(times[reached[0]]) if reached.size else None

    rows = tuple(
        SurvivalRow(
            time=float(t),
            at_risk=int(r),
            events=int(d),
            censored=int(c),
            survival=float(s),
            ci_lower=float(lo) if ok else None,
            ci_upper=float(hi) if ok else None,
        )
        for t, r, d, c, s, lo, hi, ok in zip(
            times, at_risk, events, censored, survival, lower, upper, defined, strict=True
        )
    )
    return KaplanMeier(
        rows=rows,
        n=n,
        events=int(events.sum()),
        censored=int(censored.sum()),
        median=median,
        confidence_level=confidence_level,
    )


# The months at which the dashboard's table reads the curve (a life table): at most this many rows and the
# longest duration, whatever the number of groups (issue 16: one row per distinct duration grew with the
# service's history). The chart still draws every step.
TABLE_MONTHS = (3, 6, 12, 18, 24, 36, 48, 60, 72, 84, 96, 108, 120)


def km_table(km: KaplanMeier, months: Sequence[float] = TABLE_MONTHS) -> tuple[SurvivalRow, ...]:
    """The Kaplan-Meier curve read at `months` up to the longest duration, and at the longest duration.

    Each row: `time`; `at_risk`, the groups that lasted at least that long; `events` and `censored`, the
    groups that ended or were last seen since the row before (up to and including `time`); `survival`
    and its interval, those of the step the curve is on at `time` (1 with no interval before any group
    ended)."""
    if km.n == 0:
        return ()
    times = np.array([row.time for row in km.rows])
    longest = float(times[-1])
    wanted = [float(t) for t in months if t < longest] + [longest]
    rows, previous = [], -1.0
    for t in wanted:
        on = int(np.searchsorted(times, t, side="right")) - 1  # the last table time <= t
        after = int(np.searchsorted(times, t, side="left"))  # the first table time >= t
        passed = [row for row in km.rows if previous < row.time <= t]
        step = km.rows[on] if on >= 0 else None
        rows.append(
            SurvivalRow(
                time=t,
                at_risk=km.rows[after].at_risk if after < len(km.rows) else 0,
                events=sum(row.events for row in passed),
                censored=sum(row.censored for row in passed),
                survival=step.survival if step else 1.0,
                ci_lower=step.ci_lower if step else None,
                ci_upper=step.ci_upper if step else None,
            )
        )
        previous = t
    return tuple(rows)


@dataclass(frozen=True)
class GroupSurvivalReport:
    summary: DurationSummary
    kaplan_meier: KaplanMeier

    def lines(self) -> list[str]:
        """What `manage.py group_survival` prints: the summary line, the KM line, then the table."""
        km = self.kaplan_meier
        level = format_months(km.confidence_level * 100)
        lines = [
            self.summary.line(),
            f"ended={km.events} still_going={km.censored} "
            f"km_median_months={format_months(km.median, missing='not_reached')} ci={level}%_{km.ci_method}",
            f"{'months':>8} {'at_risk':>7} {'ended':>5} {'censored':>8} "
            f"{'survival':>8} {'ci_lower':>8} {'ci_upper':>8}",
        ]

        def cell(value: float | None) -> str:
            return f"{value:8.3f}" if value is not None else f"{'-':>8}"

        lines.extend(
            f"{format_months(row.time):>8} {row.at_risk:>7} {row.events:>5} {row.censored:>8} "
            f"{row.survival:8.3f} {cell(row.ci_lower)} {cell(row.ci_upper)}"
            for row in km.rows
        )
        return lines


def group_survival(
    durations_months: Sequence[float] | np.ndarray,
    ended: Sequence[bool] | np.ndarray,
    *,
    confidence_level: float = 0.95,
) -> GroupSurvivalReport:
    """The duration summary and the Kaplan-Meier estimate of the same groups."""
    return GroupSurvivalReport(
        summary=duration_summary(durations_months),
        kaplan_meier=kaplan_meier(durations_months, ended, confidence_level=confidence_level),
    )


def group_survival_from_dates(
    start_dates: Sequence[date],
    last_contacts: Sequence[date],
    statuses: Sequence[str],
    *,
    confidence_level: float = 0.95,
) -> GroupSurvivalReport:
    """As `group_survival`, from each group's start date, last contact date and status."""
    durations = durations_in_months(start_dates, last_contacts)
    ended = np.fromiter((is_ended(status) for status in statuses), dtype=bool, count=len(statuses))
    return group_survival(durations, ended, confidence_level=confidence_level)
