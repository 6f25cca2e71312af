"""Small-number suppression for everything the dashboard and exports show.

Rules (docs/adr/0007-outcome-questionnaires-scoring-and-group-survival.md):

* **Primary suppression.** A count from 1 to 4 (below `threshold`, default 5) is shown as "<5".
* **Zero is shown as 0.** A zero is not a small number of people and, as in NHS England (formerly
  NHS Digital) and ONS practice, is published; the risk it leaves (a whole group sharing an
  attribute) is covered because a total below 5 is itself suppressed.
* **Secondary (complementary) suppression.** Where a row or column has a published total, a
  suppressed cell must not be derivable by subtraction. More cells (the smallest non-zero first)
  are hidden as "[c]" until no line with a shown total has a single hidden cell, and no "<5" cell
  can be worked out exactly from the total, the shown cells and the fact that a "<5" cell holds 1
  to 4. If nothing else is left to hide, the total is hidden. Rows, columns and the margins are
  checked in turn until nothing changes (the usual line-by-line method, exact for one line).
* **Audit of two-way tables.** With row and column totals, the ranges of several "<5" totals can
  pin a cell together. Each "<5" cell and total is then proved safe by finding a second table
  consistent with everything published in which it differs, first by shifting 1 around rows,
  columns and rectangles, otherwise by an exact integer programme (scipy's MILP); anything
  disclosed gets a neighbour hidden and the check runs again. The tests attack random tables with
  the same integer programme.
* **Rates and statistics.** A percentage is hidden when its numerator or its complement
  (denominator - numerator) is 1-4, or its denominator is below 5; a mean or a change is hidden
  when fewer than 5 people are behind it.

Every function returns `Cell` values whose `display` is what a template or CSV prints; the true
value of a suppressed cell is not kept, so it cannot leak through a template by mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext_lazy
from scipy.optimize import Bounds, LinearConstraint, milp

SUPPRESSION_THRESHOLD = 5
HIDDEN = "[c]"  # GSS symbol for "confidential"; explained by SUPPRESSION_NOTE
# The words are in the page's language when shown (issue 18); "<5" and "[c]" are symbols, the same in every
# language, and the rule's meaning must not change in translation (H-012, H-014).
NO_DATA = gettext_lazy("No data")
SUPPRESSION_NOTE = gettext_lazy(
    "<5 means 1 to 4. [c] means hidden so that a number smaller than 5 cannot be worked out from the others."
)
# The one rule (ADR 0025), shown on the dashboard and the research export page and applied by every
# figure they show: counts of people through `suppress_count` / `suppress_counts` / `suppress_table`
# (a total published with its parts always goes through the same call as its parts), rates and
# statistics through `suppress_percentage` / `suppress_statistic`, and counts of the service's own
# programmes, groups and meetings through `activity_count`.
SUPPRESSION_RULE = gettext_lazy(
    "Any count of people from 1 to 4 (participants, answers, reasons, attendances, people behind a score) "
    "is shown as <5. Where a total is shown with its parts, more numbers are hidden as [c] so that no hidden "
    "number can be worked out by subtraction. Percentages, averages and ranges from fewer than 5 people are "
    "hidden. Counts of programmes, groups and meetings are not counts of people and are shown in full."
)


def small_text(threshold: int = SUPPRESSION_THRESHOLD) -> str:
    return f"<{threshold}"


@dataclass(frozen=True)
class Cell:
    display: str
    value: int | float | None  # None whenever suppressed (or no data)
    suppressed: bool = False
    # "" shown; "small" a count 1..threshold-1; "complementary" hidden to protect a small count;
    # "small_base" a rate or statistic from too few people; "no_data" nothing to show.
    reason: str = ""

    def __str__(self) -> str:
        return str(self.display)  # NO_DATA is translated when shown


def _shown(value: int) -> Cell:
    return Cell(display=f"{value:,}", value=value)


def _check_count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"Counts must be whole numbers, 0 or more (got {value!r})")
    return value


def is_small(count: int, threshold: int = SUPPRESSION_THRESHOLD) -> bool:
    return 0 < count < threshold


def suppress_count(count: int, *, threshold: int = SUPPRESSION_THRESHOLD) -> Cell:
    """One count on its own (with no total beside it): "<5" for 1-4, otherwise the number."""
    count = _check_count(count)
    if is_small(count, threshold):
        return Cell(display=small_text(threshold), value=None, suppressed=True, reason="small")
    return _shown(count)


def activity_count(count: int) -> Cell:
    """A count of the service's own programmes, groups or meetings (never of people): shown in full,
    since each is listed by name on the service's own pages and says nothing about any one person."""
    return _shown(_check_count(count))


@dataclass(frozen=True)
class SuppressedTable:
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...] | None
    column_totals: tuple[Cell, ...] | None
    grand_total: Cell | None


@dataclass(frozen=True)
class SuppressedRow:
    cells: tuple[Cell, ...]
    total: Cell | None


_PRIMARY, _SECONDARY = "small", "complementary"


def _line_is_safe(values: dict, state: dict, cells: list, line_total: tuple, threshold: int) -> bool:
    """True when no hidden cell of the line can be worked out exactly from the line's total.

    A shown total tells the reader the sum of the line's hidden cells exactly; a "<5" total tells
    them it lies in a range; a "[c]" total tells them nothing. With an exact sum a single hidden
    cell is always disclosed. Otherwise each "<5" cell holds 1..threshold-1 and each "[c]" cell 0 up
    to the largest possible sum; a "<5" cell is disclosed when those bounds leave it one value.
    """
    hidden = [key for key in cells if key in state]
    if not hidden or state.get(line_total) == _SECONDARY:
        return True
    shown_sum = sum(values[key] for key in cells if key not in state)
    if line_total in state:  # a "<5" total: the line adds up to 1..threshold-1
        least, most = 1 - shown_sum, threshold - 1 - shown_sum
    else:
        least = most = values[line_total] - shown_sum
        if len(hidden) == 1:
            return False
    primary = [key for key in hidden if state[key] == _PRIMARY]
    for key in primary:
        others = [other for other in hidden if other != key]
        others_min = sum(1 if state[other] == _PRIMARY else 0 for other in others)
        others_max = sum(threshold - 1 if state[other] == _PRIMARY else most for other in others)
        lowest = max(1, least - others_max)
        highest = min(threshold - 1, most - others_min)
        if lowest >= highest:
            return False
    return True


def suppress_table(
    counts: Sequence[Sequence[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> SuppressedTable:
    """Suppress a table of counts with its row totals, column totals and grand total (as chosen).

    The totals are computed from `counts`, so they are exactly what the table publishes.
    """
    matrix = [[_check_count(value) for value in row] for row in counts]
    n_rows = len(matrix)
    n_cols = len(matrix[0]) if matrix else 0
    if any(len(row) != n_cols for row in matrix):
        raise ValueError("Every row needs the same number of columns")
    total = "total"
    values: dict[tuple, int] = {(i, j): matrix[i][j] for i in range(n_rows) for j in range(n_cols)}
    lines: list[tuple[list, tuple]] = []
    if row_totals:
        for i in range(n_rows):
            values[(i, total)] = sum(matrix[i])
        lines += [([(i, j) for j in range(n_cols)], (i, total)) for i in range(n_rows)]
    if column_totals:
        for j in range(n_cols):
            values[(total, j)] = sum(matrix[i][j] for i in range(n_rows))
        lines += [([(i, j) for i in range(n_rows)], (total, j)) for j in range(n_cols)]
    if row_totals and column_totals:
        values[(total, total)] = sum(map(sum, matrix))
        lines.append(([(i, total) for i in range(n_rows)], (total, total)))
        lines.append(([(total, j) for j in range(n_cols)], (total, total)))

    state: dict[tuple, str] = {key: _PRIMARY for key, value in values.items() if is_small(value, threshold)}

    lines_of: dict[tuple, list[int]] = {}
    for index, (cells, _) in enumerate(lines):
        for key in cells:
            lines_of.setdefault(key, []).append(index)

    def knock_on(key: tuple, current: int) -> int:
        # Hiding `key` leaves a lone hidden cell in each other line of it with none hidden yet (more
        # to hide later) and pairs up a lone hidden cell in a line with one (fixing that line).
        effect = 0
        for index in lines_of[key]:
            cells, line_total = lines[index]
            if index == current or state.get(line_total) == _SECONDARY:
                continue
            hidden = sum(1 for other in cells if other in state)
            effect += 1 if hidden == 0 else -1 if hidden == 1 else 0
        return effect

    def hide_until_lines_are_safe() -> None:
        changed = True
        while changed:
            changed = False
            for index, (cells, line_total) in enumerate(lines):
                while not _line_is_safe(values, state, cells, line_total, threshold):
                    candidates = [key for key in cells if key not in state]
                    if candidates:
                        # A zero adds no protection, so it is hidden only when nothing else is left; then
                        # the cell that causes the least further hiding; then the smallest.
                        choice = min(candidates, key=lambda key: (values[key] == 0, knock_on(key, index), values[key]))
                    else:
                        choice = line_total  # nothing left to hide in the line: hide (or blank a "<5") total
                    state[choice] = _SECONDARY
                    changed = True

    hide_until_lines_are_safe()
    # Line by line is exact for a single row or column, but in a two-way table the ranges of several
    # "<5" totals can pin a cell together. Audit exactly and hide more until nothing is derivable.
    if row_totals and column_totals and n_rows > 1 and n_cols > 1:
        while disclosed := _disclosed_cells(values, state, n_rows, n_cols, threshold):
            near = [index for index, (cells, line_total) in enumerate(lines) if disclosed in (*cells, line_total)]
            nearby = {key for index in near for key in (*lines[index][0], lines[index][1])}
            candidates = (
                [key for key in nearby if key not in state]
                or [key for key in values if key not in state]
                # Last resort: blank "<5" totals to "[c]", which removes the ranges they publish.
                or [key for key in values if total in key and state[key] == _PRIMARY]
            )
            if not candidates:
                break
            # Inner cells before totals, non-zero before zero, smallest first.
            state[min(candidates, key=lambda key: (values[key] == 0, total in key, values[key]))] = _SECONDARY
            hide_until_lines_are_safe()

    def cell(key: tuple) -> Cell:
        reason = state.get(key)
        if reason == _PRIMARY:
            return Cell(display=small_text(threshold), value=None, suppressed=True, reason=_PRIMARY)
        if reason == _SECONDARY:
            return Cell(display=HIDDEN, value=None, suppressed=True, reason=_SECONDARY)
        return _shown(values[key])

    return SuppressedTable(
        cells=tuple(tuple(cell((i, j)) for j in range(n_cols)) for i in range(n_rows)),
        row_totals=tuple(cell((i, total)) for i in range(n_rows)) if row_totals else None,
        column_totals=tuple(cell((total, j)) for j in range(n_cols)) if column_totals else None,
        grand_total=cell((total, total)) if row_totals and column_totals else None,
    )


def _disclosed_cells(values: dict, state: dict, n_rows: int, n_cols: int, threshold: int) -> tuple | None:
    """The first "<5" cell or total whose exact value follows from what the table publishes, or None.

    Exact integer programme (scipy's MILP): the unknowns are the hidden inner cells ("<5" ones 1 to
    threshold-1, "[c]" ones 0 or more); every shown total fixes its line's sum and every "<5" total
    bounds it. A "<5" cell is disclosed when its least and greatest feasible values are equal.
    """
    total = "total"
    inner = [(i, j) for i in range(n_rows) for j in range(n_cols)]
    hidden = [key for key in inner if key in state]
    position = {key: k for k, key in enumerate(hidden)}

    def expression(key: tuple) -> tuple[np.ndarray, int]:
        i, j = key
        members = [(a, b) for a, b in inner if (i == total or a == i) and (j == total or b == j)]
        coefficients = np.zeros(len(hidden))
        constant = 0
        for member in members:
            if member in position:
                coefficients[position[member]] = 1
            else:
                constant += values[member]
        return coefficients, constant

    rows, lower, upper = [], [], []
    for key, value in values.items():
        if total not in key:
            continue
        coefficients, constant = expression(key)
        if key not in state:
            rows.append(coefficients), lower.append(value - constant), upper.append(value - constant)
        elif state[key] == _PRIMARY:
            rows.append(coefficients), lower.append(1 - constant), upper.append(threshold - 1 - constant)
    constraints = [LinearConstraint(np.array(rows), lower, upper)] if rows else []
    bounds = Bounds(
        [1 if state[key] == _PRIMARY else 0 for key in hidden],
        [threshold - 1 if state[key] == _PRIMARY else np.inf for key in hidden],
    )
    integrality = np.ones(len(hidden))
    for key in sorted((key for key in values if state.get(key) == _PRIMARY), key=str):
        if _can_move(values, state, key, n_rows, n_cols, threshold):
            continue
        coefficients, _ = expression(key)
        extremes = []
        for sign in (1, -1):
            result = milp(sign * coefficients, integrality=integrality, bounds=bounds, constraints=constraints)
            if not result.success:  # cannot happen for a consistent table; be safe rather than sorry
                return key
            extremes.append(round(float(coefficients @ result.x)))
        if extremes[0] == extremes[1]:
            return key
    return None


def _can_move(values: dict, state: dict, key: tuple, n_rows: int, n_cols: int, threshold: int) -> bool:
    """Quick proof that a "<5" cell or total is not disclosed: a second table, consistent with
    everything published, in which it has another value.

    Tries shifting 1 into or out of the cell (or, for a total, one of its line's cells), alone or
    balanced by hidden cells in its row, its column or both (a rectangle, which leaves every total
    unchanged). Only when no such shift fits does the exact integer programme run.
    """
    total = "total"
    hidden = {k for k in state if total not in k}

    def fits(move: dict) -> bool:
        for cell, delta in move.items():
            low, high = (1, threshold - 1) if state[cell] == _PRIMARY else (0, None)
            new = values[cell] + delta
            if new < low or (high is not None and new > high):
                return False
        changes: dict[tuple, int] = {}
        for (i, j), delta in move.items():
            for total_key in ((i, total), (total, j), (total, total)):
                changes[total_key] = changes.get(total_key, 0) + delta
        for total_key, delta in changes.items():
            if delta == 0 or total_key not in values:
                continue
            if total_key not in state:
                return False  # a shown total would change
            if state[total_key] == _PRIMARY and not 1 <= values[total_key] + delta <= threshold - 1:
                return False
        return True

    i, j = key

    def in_line(cell: tuple) -> bool:
        return (i == total or cell[0] == i) and (j == total or cell[1] == j)

    starts = [cell for cell in hidden if in_line(cell)] if total in key else [key]
    for a, b in starts:
        for delta in (1, -1):
            moves = [{(a, b): delta}]
            moves += [{(a, b): delta, (a, c): -delta} for c in range(n_cols) if c != b and (a, c) in hidden]
            moves += [{(a, b): delta, (r, b): -delta} for r in range(n_rows) if r != a and (r, b) in hidden]
            moves += [
                {(a, b): delta, (a, c): -delta, (r, b): -delta, (r, c): delta}
                for r in range(n_rows)
                for c in range(n_cols)
                if r != a and c != b and {(a, c), (r, b), (r, c)} <= hidden
            ]
            for move in moves:
                # For a total, only a move that changes the total's own sum shows it can differ.
                if total in key and sum(d for cell, d in move.items() if in_line(cell)) == 0:
                    continue
                if fits(move):
                    return True
    return False


def suppress_counts(
    counts: Sequence[int], *, with_total: bool = True, threshold: int = SUPPRESSION_THRESHOLD
) -> SuppressedRow:
    """A list of counts (e.g. reasons for not joining) and, if `with_total`, their total."""
    table = suppress_table([list(counts)], row_totals=with_total, column_totals=False, threshold=threshold)
    return SuppressedRow(cells=table.cells[0], total=table.row_totals[0] if with_total else None)


def suppress_percentage(
    numerator: int, denominator: int, *, threshold: int = SUPPRESSION_THRESHOLD, decimals: int = 0
) -> Cell:
    """numerator / denominator as a percentage, hidden when it would reveal a small number.

    Hidden ("[c]") when the denominator is 1-4, or the numerator or its complement
    (denominator - numerator) is 1-4, since the denominator is usually shown beside it.
    """
    numerator, denominator = _check_count(numerator), _check_count(denominator)
    if numerator > denominator:
        raise ValueError("The numerator cannot be larger than the denominator")
    if denominator == 0:
        return Cell(display=NO_DATA, value=None, reason="no_data")
    if (
        is_small(denominator, threshold)
        or is_small(numerator, threshold)
        or is_small(denominator - numerator, threshold)
    ):
        return Cell(display=HIDDEN, value=None, suppressed=True, reason="small_base")
    percentage = 100 * numerator / denominator
    return Cell(display=f"{percentage:.{decimals}f}%", value=percentage)


def suppress_statistic(
    value: float | None,
    n: int,
    *,
    threshold: int = SUPPRESSION_THRESHOLD,
    formatter: Callable[[float], str] = "{:.1f}".format,
) -> Cell:
    """A statistic (a mean, a change, a confidence limit) computed from `n` people: hidden when n is 1-4."""
    n = _check_count(n)
    if n == 0 or value is None:
        return Cell(display=NO_DATA, value=None, reason="no_data")
    if n < threshold:
        return Cell(display=HIDDEN, value=None, suppressed=True, reason="small_base")
    return Cell(display=formatter(value), value=value)
