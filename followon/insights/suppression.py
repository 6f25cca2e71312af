"""Small-number suppression for everything the dashboard and exports show.

Rules (see the ADR on questionnaires, scoring and survival in docs/adr/):

* **Primary suppression.** A count from 1 to 4 (below `threshold`, default 5) is shown as "<5".
* **Zero is shown as 0.** A zero is not a small number of people and, as in NHS England (formerly
  NHS Digital) and ONS practice, is published; the risk it leaves (a whole group sharing an
  attribute) is covered because a total below 5 is itself suppressed.
* **Secondary (complementary) suppression.** Where a row or column has a published total, a
  suppressed cell must not be derivable by subtraction. More cells (the smallest non-zero first)
  are hidden as "[c]" until no line with a shown total has a single hidden cell, and no "<5" cell
  can be worked out exactly from the total, the shown cells and the fact that a "<5" cell holds 1
  to 4. If nothing else is left to hide, the total is hidden. Rows, columns and the margins are
  checked in turn until nothing changes (the usual line-by-line heuristic; the tests attack every
  small table by brute force).
* **Rates and statistics.** A percentage is hidden when its numerator or its complement
  (denominator - numerator) is 1-4, or its denominator is below 5; a mean or a change is hidden
  when fewer than 5 people are behind it.

Every function returns `Cell` values whose `display` is what a template or CSV prints; the true
value of a suppressed cell is not kept, so it cannot leak through a template by mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

SUPPRESSION_THRESHOLD = 5
HIDDEN = "[c]"  # GSS symbol for "confidential"; explained by SUPPRESSION_NOTE
NO_DATA = "No data"
SUPPRESSION_NOTE = (
    "<5 means 1 to 4. [c] means hidden so that a number smaller than 5 cannot be worked out from the others."
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
        return self.display


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


def _line_is_safe(values: dict, state: dict, cells: list, threshold: int) -> bool:
    """True when no hidden cell of the line can be worked out exactly from the line's total.

    A single hidden cell always can (total minus the shown cells). With more, the reader knows
    the sum S of the hidden cells, that each "<5" cell holds 1..threshold-1 and that each "[c]"
    cell holds 0..S; a "<5" cell is disclosed when those bounds leave it a single possible value.
    """
    hidden = [key for key in cells if key in state]
    if len(hidden) == 1:
        return False
    primary = [key for key in hidden if state[key] == _PRIMARY]
    if not primary:
        return True
    hidden_sum = sum(values[key] for key in hidden)
    for key in primary:
        others = [other for other in hidden if other != key]
        others_min = sum(1 if state[other] == _PRIMARY else 0 for other in others)
        others_max = sum(threshold - 1 if state[other] == _PRIMARY else hidden_sum for other in others)
        lowest = max(1, hidden_sum - others_max)
        highest = min(threshold - 1, hidden_sum - others_min)
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
            if index == current or line_total in state:
                continue
            hidden = sum(1 for other in cells if other in state)
            effect += 1 if hidden == 0 else -1 if hidden == 1 else 0
        return effect

    changed = True
    while changed:
        changed = False
        for index, (cells, line_total) in enumerate(lines):
            # A hidden total publishes no constraint on its line.
            if line_total in state:
                continue
            while not _line_is_safe(values, state, cells, threshold):
                candidates = [key for key in cells if key not in state]
                if candidates:
                    # A zero adds no protection, so it is hidden only when nothing else is left; then the
                    # cell that causes the least further hiding; then the smallest.
                    choice = min(candidates, key=lambda key: (values[key] == 0, knock_on(key, index), values[key]))
                else:
                    choice = line_total
                state[choice] = _SECONDARY
                changed = True
                if choice == line_total:
                    break

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
