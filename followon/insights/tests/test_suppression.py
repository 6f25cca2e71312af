"""Small-number suppression: no count of 1-4 is shown or derivable from the totals beside it."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from followon.insights.suppression import (
    HIDDEN,
    NO_DATA,
    suppress_count,
    suppress_counts,
    suppress_percentage,
    suppress_statistic,
    suppress_table,
)


@pytest.mark.parametrize(("count", "display"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (1234, "1,234")])
def test_single_counts(count, display):
    cell = suppress_count(count)

    assert cell.display == str(cell) == display
    assert cell.suppressed == (display == "<5")
    assert cell.value == (None if cell.suppressed else count)


@pytest.mark.parametrize("bad", [-1, 2.5, True, "3", None])
def test_counts_must_be_whole_numbers(bad):
    with pytest.raises(ValueError, match="whole numbers"):
        suppress_count(bad)


def displays(row):
    return [cell.display for cell in row.cells], (row.total.display if row.total else None)


@pytest.mark.parametrize(
    ("counts", "cells", "total"),
    [
        ([3, 7], ["<5", HIDDEN], "10"),  # 10 - 7 would give the 3 away
        ([1, 1, 50], ["<5", "<5", HIDDEN], "52"),  # two "<5" adding to 2 must both be 1
        ([4, 4], ["<5", "<5"], HIDDEN),  # two "<5" adding to 8 must both be 4, and nothing else is left
        ([3, 0, 12], ["<5", "0", HIDDEN], "15"),  # zero is shown, and hiding it would protect nothing
        ([2, 3, 100], ["<5", "<5", "100"], "105"),  # 5 split between two cells of 1-4: not derivable
        ([0, 0, 0], ["0", "0", "0"], "0"),
        ([12, 30, 7], ["12", "30", "7"], "49"),
        ([2], ["<5"], "<5"),
    ],
)
def test_row_with_total(counts, cells, total):
    assert displays(suppress_counts(counts)) == (cells, total)


def test_row_without_total_needs_no_complementary_suppression():
    assert displays(suppress_counts([3, 7], with_total=False)) == (["<5", "7"], None)


def test_threshold_can_be_raised():
    assert displays(suppress_counts([7, 20], threshold=8)) == (["<8", HIDDEN], "27")


def test_table_hides_a_rectangle_rather_than_every_neighbour():
    table = suppress_table([[3, 10, 12], [8, 9, 2]])

    assert [[c.display for c in row] for row in table.cells] == [["<5", "10", HIDDEN], [HIDDEN, "9", "<5"]]
    assert [c.display for c in table.row_totals] == ["25", "19"]
    assert [c.display for c in table.column_totals] == ["11", "19", "14"]
    assert table.grand_total.display == "44"


def test_a_small_total_whose_cells_must_all_be_one_is_hidden():
    # Four "<5" cells adding up to a "<5" total could only be 1 each.
    assert displays(suppress_counts([1, 1, 1, 1])) == (["<5"] * 4, HIDDEN)


def test_two_way_table_where_small_totals_together_pin_a_cell():
    # Column 0 adds to <5, row 2 to <5, column 1 to <5 and the grand total 7 is shown: the cell of 3
    # would be the only value that fits, so the grand total is hidden too.
    table = suppress_table([[0, 0], [3, 0], [1, 3]])

    assert [[c.display for c in row] for row in table.cells] == [["0", "0"], ["<5", "0"], ["<5", "<5"]]
    assert table.grand_total.display == HIDDEN


def test_suppressed_cells_do_not_carry_their_value():
    table = suppress_table([[3, 10, 12], [8, 9, 2]])

    assert all(cell.value is None for row in table.cells for cell in row if cell.suppressed)


def test_ragged_table_is_refused():
    with pytest.raises(ValueError, match="same number of columns"):
        suppress_table([[1, 2], [3]])


def _bounds_of_hidden_cell(matrix, table, threshold, target):
    """The least and greatest value an attacker can give `target` (an inner cell, or a list of inner
    cells for a total) from what the table publishes.

    Integer programme: unknowns are the hidden inner cells ("<5" cells 1..threshold-1, "[c]" cells 0 or
    more); every shown total is an equality, every "<5" total a range. Solved exactly with scipy's MILP.
    """
    n_rows, n_cols = matrix.shape
    hidden = [(i, j) for i in range(n_rows) for j in range(n_cols) if table.cells[i][j].suppressed]
    position = {key: k for k, key in enumerate(hidden)}
    lower = [1 if table.cells[i][j].reason == "small" else 0 for i, j in hidden]
    upper = [threshold - 1 if table.cells[i][j].reason == "small" else np.inf for i, j in hidden]
    rows_a, lo, hi = [], [], []

    def add(cells, total_cell, true_total):
        if total_cell is None or total_cell.reason == "complementary":
            return
        coefficients = np.zeros(len(hidden))
        shown = 0
        for key in cells:
            if key in position:
                coefficients[position[key]] = 1
            else:
                shown += matrix[key]
        if total_cell.reason == "small":
            rows_a.append(coefficients), lo.append(1 - shown), hi.append(threshold - 1 - shown)
        else:
            rows_a.append(coefficients), lo.append(true_total - shown), hi.append(true_total - shown)

    if table.row_totals:
        for i in range(n_rows):
            add([(i, j) for j in range(n_cols)], table.row_totals[i], matrix[i].sum())
    if table.column_totals:
        for j in range(n_cols):
            add([(i, j) for i in range(n_rows)], table.column_totals[j], matrix[:, j].sum())
    if table.grand_total is not None:
        add([(i, j) for i in range(n_rows) for j in range(n_cols)], table.grand_total, matrix.sum())

    constraints = [LinearConstraint(np.array(rows_a), lo, hi)] if rows_a else []
    objective = np.zeros(len(hidden))
    targets = target if isinstance(target, list) else [target]
    for key in targets:
        if key in position:
            objective[position[key]] = 1
    found = []
    for sign in (1, -1):
        result = milp(
            sign * objective,
            integrality=np.ones(len(hidden)),
            bounds=Bounds(lower, upper),
            constraints=constraints,
        )
        assert result.success, result.message
        found.append(round(float(objective @ result.x)))
    return tuple(found)


@settings(max_examples=150, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 3), st.integers(1, 4)),
    data=st.data(),
    margins=st.sampled_from([(True, True), (True, False), (False, True)]),
)
def test_no_small_count_is_shown_or_derivable_in_any_small_table(shape, data, margins):
    values = data.draw(
        st.lists(
            st.sampled_from([0, 1, 2, 3, 4, 5, 6, 8, 12, 20]),
            min_size=shape[0] * shape[1],
            max_size=shape[0] * shape[1],
        )
    )
    matrix = np.array(values, dtype=int).reshape(shape)
    table = suppress_table(matrix.tolist(), row_totals=margins[0], column_totals=margins[1])

    published = [cell for row in table.cells for cell in row]
    published += list(table.row_totals or ()) + list(table.column_totals or ())
    published += [table.grand_total] if table.grand_total else []
    assert not any(cell.display in {"1", "2", "3", "4"} for cell in published)

    for i in range(shape[0]):
        for j in range(shape[1]):
            cell = table.cells[i][j]
            if 0 < matrix[i, j] < 5:
                assert cell.reason == "small"
                low, high = _bounds_of_hidden_cell(matrix, table, 5, (i, j))
                assert low < high, f"cell {(i, j)} of {matrix.tolist()} is derivable: {low}"
            elif not cell.suppressed:
                assert cell.display == f"{matrix[i, j]:,}"
    small_totals = [(t, [(i, j) for j in range(shape[1])]) for i, t in enumerate(table.row_totals or ())]
    small_totals += [(t, [(i, j) for i in range(shape[0])]) for j, t in enumerate(table.column_totals or ())]
    for total, members in small_totals:
        if total.reason == "small":
            low, high = _bounds_of_hidden_cell(matrix, table, 5, members)
            assert low < high, f"a total of {matrix.tolist()} is derivable: {low}"


@pytest.mark.parametrize(
    ("numerator", "denominator", "display"),
    [
        (0, 20, "0%"),
        (10, 20, "50%"),
        (20, 20, "100%"),
        (3, 20, HIDDEN),  # 3 people
        (18, 20, HIDDEN),  # 2 people did not
        (3, 4, HIDDEN),
        (0, 3, HIDDEN),  # a base of 3 people
        (0, 0, NO_DATA),
    ],
)
def test_percentages(numerator, denominator, display):
    cell = suppress_percentage(numerator, denominator)

    assert cell.display == display
    assert (cell.value is None) == (display in {HIDDEN, NO_DATA})


def test_percentage_with_decimals_and_bad_input():
    assert suppress_percentage(1, 3 * 10**6, decimals=2).display == HIDDEN
    assert suppress_percentage(7, 30, decimals=1).display == "23.3%"
    with pytest.raises(ValueError, match="larger than the denominator"):
        suppress_percentage(5, 4)


@pytest.mark.parametrize(
    ("value", "n", "display"),
    [(2.345, 12, "2.3"), (-4.0, 5, "-4.0"), (2.3, 4, HIDDEN), (None, 0, NO_DATA), (1.0, 0, NO_DATA)],
)
def test_statistics_from_fewer_than_five_people_are_hidden(value, n, display):
    assert suppress_statistic(value, n).display == display


def test_statistic_formatter():
    assert suppress_statistic(0.1234, 40, formatter="{:.0%}".format).display == "12%"
