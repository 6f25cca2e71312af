"""Outcome change from baseline for members who attended follow-on group meetings and those who did not.

Definitions (also on the dashboard):

* **Change** = the score at follow-up minus the score at baseline, for the same programme enrolment.
  Baseline is the questionnaire sent at enrolment; **follow-up** is the 6-month one (after the
  programme) where it was finished, otherwise the 3-month one. Only responses with a total count.
* **Attended** = went to at least `ATTENDER_MIN_MEETINGS` held meetings of this service's follow-on
  groups (as recorded by the group), up to today. Everyone else with a baseline
  and a follow-up is a **non-attender**.
* For each measure and each group: n, the mean change and its 95% confidence interval (Student's t,
  n - 1 degrees of freedom, scipy). Hidden when fewer than 5 people are behind it (`suppression`).

One query: the responses grouped by enrolment and questionnaire (baseline and follow-up by conditional
aggregation), then by measure and attended or not (attenders: members with enough attended meetings,
grouped and counted in the database), giving n, mean and standard deviation per group; the t-interval
is computed from those with scipy. Never a query per member, and never a row per member shipped to
Python (`change_rows` still gives the rows, for checking by hand). (A correlated subquery for the
meetings took 27 s over 20,000 responses; this takes well under a second.) The dashboard reads the
same figures from the worker's summary (`OutcomeChangeSummary`) when it is fresh: one row per service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import numpy as np
from django.db import connections
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from scipy import stats

from followon.insights.models import OutcomeChangeSummary
from followon.insights.suppression import Cell, suppress_count, suppress_statistic
from followon.meetings.models import Attendance, Meeting
from followon.outcomes.instruments import Direction, get_questionnaire
from followon.outcomes.models import Response

ATTENDER_MIN_MEETINGS = 3
FOLLOW_UP = ("6m", "3m")  # preferred first
# (questionnaire id, label on the dashboard, short name for the table), in the page's language (issue 18).
MEASURES = (
    ("pseq-10", _("Pain self-efficacy (PSEQ-10, 0 to 60)"), "PSEQ-10"),
    ("phq-9", _("Depression (PHQ-9, 0 to 27)"), "PHQ-9"),
    ("gad-7", _("Anxiety (GAD-7, 0 to 21)"), "GAD-7"),
    ("pain-interference", _("Pain interference (0 to 10)"), _("Pain interference")),
    ("ucla-3-loneliness", _("Loneliness (UCLA 3-item, 3 to 9)"), _("Loneliness (UCLA-3)")),
)
GROUPS = (("attended", _("Attended")), ("did_not", _("Did not attend")))
# The worker sums up each service's figures again once they are this old (services.
# outcome_change_summaries_refresh); the dashboard uses a summary up to SUMMARY_MAX_AGE_SECONDS old and
# otherwise works the figures out on the spot (a worker that is down never leaves the page wrong).
SUMMARY_REFRESH_SECONDS = 15 * 60
SUMMARY_MAX_AGE_SECONDS = 60 * 60


@dataclass(frozen=True)
class GroupChange:
    key: str
    label: str
    n: Cell
    mean: Cell
    ci_lower: Cell
    ci_upper: Cell


@dataclass(frozen=True)
class MeasureChange:
    questionnaire_id: str
    label: str
    short: str
    better: str  # "higher" or "lower"
    groups: tuple[GroupChange, ...]


def _attenders(*, service):
    """Members with at least ATTENDER_MIN_MEETINGS attended, held meetings of the service's groups."""
    return (
        Attendance.objects.filter(attended=True, meeting__status=Meeting.Status.HELD, meeting__group__service=service)
        .order_by()
        .values("user_id")
        .annotate(n=Count("id"))
        .filter(n__gte=ATTENDER_MIN_MEETINGS)
        .values_list("user_id", flat=True)
    )


def _changes(*, service):
    """One row per enrolment and measure with a baseline and a follow-up.

    Columns: questionnaire, member, baseline, follow-up."""
    return (
        Response.objects.filter(
            service=service,
            completed_at__isnull=False,
            total__isnull=False,
            questionnaire_id__in=[measure[0] for measure in MEASURES],
            invitation__enrolment__isnull=False,
            invitation__timepoint__in=("baseline", *FOLLOW_UP),
            # Always the response's own service (outcomes.services copies it): said again so PostgreSQL
            # reads only this service's invitations by their (service, questionnaire, timepoint) index
            # instead of scanning every service's (issue 16: the dashboard grew with the NHS, not the service).
            invitation__service=service,
        )
        .values("invitation__enrolment_id", "member_id", "questionnaire_id")
        .annotate(
            baseline=Max("total", filter=Q(invitation__timepoint="baseline")),
            follow_up=Coalesce(
                Max("total", filter=Q(invitation__timepoint=FOLLOW_UP[0])),
                Max("total", filter=Q(invitation__timepoint=FOLLOW_UP[1])),
            ),
        )
        .filter(baseline__isnull=False, follow_up__isnull=False)
        .order_by()
        .values_list("questionnaire_id", "member_id", "baseline", "follow_up")
    )


def change_rows(*, service) -> list[tuple[str, bool, int]]:
    """(questionnaire id, attended?, change) for every enrolment with a baseline and a follow-up. Two queries:
    the attenders (members with enough held meetings), then the changes, grouped in the database."""

    attenders = set(_attenders(service=service))
    return [(qid, member_id in attenders, follow - base) for qid, member_id, base, follow in _changes(service=service)]


@dataclass(frozen=True)
class ChangeSummary:
    """n, mean and sample standard deviation of the change for one measure and one group."""

    n: int
    mean: float | None
    sd: float | None


def change_summary(*, service) -> dict[tuple[str, bool], ChangeSummary]:
    """The same changes as `change_rows`, summed up in the database: one query, one row per measure and
    group (at most ten), whatever the number of responses. Shipping every enrolment's change to Python
    cost most of the dashboard at scale (issue 16: 10,000 rows, about 150 ms of row building alone)."""

    changes_sql, changes_params = _changes(service=service).query.sql_with_params()
    attenders_sql, attenders_params = _attenders(service=service).query.sql_with_params()
    # Both inner queries are the ORM's own (the definitions above), so the summary cannot drift from
    # `change_rows`; only the outer grouping is written out. Columns are by position: questionnaire,
    # member, baseline, follow-up.
    sql = (
        "SELECT c.questionnaire_id, c.member_id IN (" + attenders_sql + ") AS attended,"  # noqa: S608 - ORM SQL
        " COUNT(*), AVG(c.follow_up - c.baseline)::float8, STDDEV_SAMP(c.follow_up - c.baseline)::float8"
        " FROM (" + changes_sql + ") AS c (questionnaire_id, member_id, baseline, follow_up)"
        " GROUP BY 1, 2"
    )
    with connections[Response.objects.db].cursor() as cursor:
        cursor.execute(sql, (*attenders_params, *changes_params))
        return {(qid, attended): ChangeSummary(n, mean, sd) for qid, attended, n, mean, sd in cursor.fetchall()}


def service_change_summary(*, service) -> tuple[dict[tuple[str, bool], ChangeSummary], datetime]:
    """(figures, as of): the worker's summary of the service when it is fresh enough (one query, whatever
    the number of responses), otherwise `change_summary` worked out now."""
    kept = (
        OutcomeChangeSummary.objects.filter(
            service=service, refreshed_at__gte=timezone.now() - timedelta(seconds=SUMMARY_MAX_AGE_SECONDS)
        )
        .only("figures", "refreshed_at")
        .first()
    )
    if kept is None:
        return change_summary(service=service), timezone.now()
    figures = {(qid, attended): ChangeSummary(n, mean, sd) for qid, attended, n, mean, sd in kept.figures}
    return figures, kept.refreshed_at


def t_interval(values: np.ndarray) -> tuple[float, float | None, float | None]:
    """Mean and its 95% confidence interval (Student's t); no interval from fewer than 2 values."""
    n = len(values)
    return t_interval_from(n, float(values.mean()), float(values.std(ddof=1)) if n >= 2 else None)


def t_interval_from(n: int, mean: float, sd: float | None) -> tuple[float, float | None, float | None]:
    """`t_interval` from n, the mean and the sample standard deviation (as the database sums them up)."""
    if n < 2 or sd is None:
        return mean, None, None
    sem = sd / np.sqrt(n)
    if sem == 0:
        return mean, mean, mean
    # What stats.t.interval(0.95, n - 1, loc=mean, scale=sem) works out (each end is the standard
    # quantile × scale + loc), with the two quantiles, which depend on n alone, worked out once per n.
    q_low, q_high = _t_quantiles(n - 1)
    return mean, float(q_low * sem + mean), float(q_high * sem + mean)


@lru_cache(maxsize=4096)
def _t_quantiles(df: int) -> tuple[float, float]:
    """The standard Student's t quantiles at the ends of a 95% interval, as stats.t.interval takes them."""
    return float(stats.t.ppf((1.0 - 0.95) / 2, df)), float(stats.t.ppf((1.0 + 0.95) / 2, df))


def _signed(value: float) -> str:
    text = f"{value:+.1f}"
    if text in ("+0.0", "-0.0"):
        return "0.0"
    return text.replace("-", "\u2212")  # a true minus sign


def outcome_change(*, service, summary: dict[tuple[str, bool], ChangeSummary] | None = None) -> list[MeasureChange]:
    """Each measure's change for attenders and the others, small numbers hidden; from `summary` when
    given (`service_change_summary`), otherwise worked out now."""
    summary = change_summary(service=service) if summary is None else summary
    result = []
    for qid, label, short in MEASURES:
        groups = []
        for key, group_label in GROUPS:
            figures = summary.get((qid, key == "attended"), ChangeSummary(0, None, None))
            n = figures.n
            mean, low, high = t_interval_from(n, figures.mean, figures.sd) if n else (None, None, None)
            groups.append(
                GroupChange(
                    key=key,
                    label=group_label,
                    n=suppress_count(n),
                    mean=suppress_statistic(mean, n, formatter=_signed),
                    ci_lower=suppress_statistic(low, n, formatter=_signed),
                    ci_upper=suppress_statistic(high, n, formatter=_signed),
                )
            )
        direction = get_questionnaire(qid).scoring.direction
        result.append(
            MeasureChange(
                questionnaire_id=qid,
                label=label,
                short=short,
                better="higher" if direction == Direction.HIGHER_IS_BETTER else "lower",
                groups=tuple(groups),
            )
        )
    return result


# -- a server-rendered chart: one small panel per measure, mean change with its 95% CI ----------------------

# A narrow viewBox, so the 12px labels stay readable when the panel is drawn in half a page.
PANEL_WIDTH, PANEL_HEIGHT, PANEL_LEFT, PANEL_RIGHT = 400, 96, 110, 24


def outcome_change_svg(measures: list[MeasureChange]) -> list[dict]:
    """Coordinates for each measure's panel: a zero line, and for each group a point and its CI whisker.

    Each panel has its own symmetric scale (the measures have different ranges); a hidden group is
    drawn as text, never as a point.
    """
    panels = []
    for measure in measures:
        shown = [g for g in measure.groups if g.mean.value is not None]
        extent = max(
            [abs(v) for g in shown for v in (g.mean.value, g.ci_lower.value, g.ci_upper.value) if v is not None],
            default=1.0,
        )
        extent = float(np.ceil(extent)) or 1.0
        plot_w = PANEL_WIDTH - PANEL_LEFT - PANEL_RIGHT

        def x(value: float, extent=extent, plot_w=plot_w) -> float:
            return round(PANEL_LEFT + plot_w * (value + extent) / (2 * extent), 1)

        rows = []
        for index, group in enumerate(measure.groups):
            y = 28 + index * 30
            row = {"label": group.label, "y": y, "key": group.key, "shown": group.mean.value is not None}
            if row["shown"]:
                row["x"] = x(group.mean.value)
                low = group.ci_lower.value if group.ci_lower.value is not None else group.mean.value
                high = group.ci_upper.value if group.ci_upper.value is not None else group.mean.value
                row["x1"], row["x2"] = x(low), x(high)
            else:
                row["text"] = _("Under 5: hidden") if group.mean.suppressed else _("No data")
            rows.append(row)
        panels.append(
            {
                "id": measure.questionnaire_id,
                "label": measure.label,
                "better": measure.better,
                "width": PANEL_WIDTH,
                "height": PANEL_HEIGHT,
                "left": PANEL_LEFT,
                "right": PANEL_WIDTH - PANEL_RIGHT,
                "zero_x": x(0.0),
                "axis_y": PANEL_HEIGHT - 20,
                "ticks": [(x(v), _signed(v) if v else "0") for v in (-extent, 0.0, extent)],
                "rows": rows,
            }
        )
    return panels
