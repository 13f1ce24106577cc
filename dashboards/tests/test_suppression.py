"""Small-count suppression: what is shown of a table, and that no hidden count can be worked out
from the shown counts and a shown total."""

import itertools
import random

import pytest
from django.test import override_settings

from dashboards.suppression import COMPLEMENT, SMALL, Cell, minimum_count, rate, suppress


def shown(cells: list[Cell]) -> list[str]:
    return [str(cell) for cell in cells]


def test_small_counts_are_shown_as_less_than_the_minimum_and_zeros_and_larger_ones_as_they_are():
    grid = suppress([[0, 3, 5, 7, 12]], totals=False)
    assert shown(grid.series) == ["0", "< 5", "5", "7", "12"]
    assert grid.series[1].value is None and grid.series[1].hidden == SMALL


def test_one_hidden_count_beside_a_shown_total_hides_the_next_smallest_as_well():
    grid = suppress([[3, 10, 6, 0]])
    assert shown(grid.series) == ["< 5", "10", "≥ 5", "0"]
    assert grid.series[2].hidden == COMPLEMENT
    assert str(grid.total) == "19"


def test_hidden_counts_whose_sum_pins_them_get_a_complement():
    # 1 + 1 = 2 (and 4 + 4 = 8) leaves each hidden count a single possible value.
    assert shown(suppress([[1, 1, 10, 20]]).series) == ["< 5", "< 5", "≥ 5", "20"]
    assert shown(suppress([[4, 4, 10, 20]]).series) == ["< 5", "< 5", "≥ 5", "20"]
    # 2 + 3 = 5 leaves each of them several values: nothing more to hide.
    assert shown(suppress([[2, 3, 10]]).series) == ["< 5", "< 5", "10"]


def test_a_small_total_is_hidden_and_its_counts_with_it():
    grid = suppress([[3, 0, 0]])
    assert shown(grid.series) == ["< 5", "0", "0"]
    assert str(grid.total) == "< 5"


def test_without_totals_only_the_small_counts_are_hidden():
    assert shown(suppress([[3, 10, 6]], totals=False).series) == ["< 5", "10", "6"]


def test_the_minimum_comes_from_the_settings():
    assert minimum_count() == 5
    with override_settings(DASHBOARD_MIN_COUNT=3):
        assert minimum_count() == 3
        assert shown(suppress([[2, 3, 4]], totals=False).series) == ["< 3", "3", "4"]


def test_a_rate_needs_both_of_its_counts_shown():
    grid = suppress([[12, 8]])
    assert rate(grid.series[0], grid.total) == pytest.approx(0.6)
    hidden = suppress([[12, 3]])
    assert rate(hidden.series[0], hidden.total) is None
    assert rate(Cell(0), Cell(0)) is None


def test_a_table_hides_complements_along_rows_and_columns_until_nothing_changes():
    grid = suppress([[3, 9, 20], [8, 10, 30], [7, 6, 25]])
    assert shown(grid.cells[0]) == ["< 5", "≥ 5", "20"]
    # Column 0 and column 1 now each hide one count: their next smallest go too.
    assert grid.cells[2][0].hidden == COMPLEMENT
    assert grid.cells[2][1].hidden == COMPLEMENT
    assert str(grid.total) == "118"


def _feasible(grid, rows, group_cells, total_cell, m):
    """Each hidden member's possible values, given the group's shown members and shown total."""
    hidden = [(cell, value) for cell, value in group_cells if not cell.shown]
    if not hidden or not total_cell.shown:
        return None
    known = total_cell.value - sum(cell.value for cell, _value in group_cells if cell.shown)
    ranges = [range(1, m) if cell.hidden == SMALL else range(m, known + 1) for cell, _value in hidden]
    options = [set() for _ in hidden]
    for combination in itertools.product(*ranges):
        if sum(combination) == known:
            for i, value in enumerate(combination):
                options[i].add(value)
    return options


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_count_can_be_worked_out_from_its_row_or_column(seed):
    chance = random.Random(seed)
    m = 5
    n_rows, n_columns = chance.randint(1, 4), chance.randint(1, 4)
    rows = [[chance.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15]) for _ in range(n_columns)] for _ in range(n_rows)]
    grid = suppress(rows)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = grid.cells[r][c]
            assert cell.value == (value if cell.shown else None)
            assert cell.shown or value > 0, "a zero is never hidden"
            assert not (0 < value < m) or not cell.shown
    groups = [(list(zip(grid.cells[r], rows[r], strict=True)), grid.row_totals[r]) for r in range(n_rows)]
    groups += [
        ([(grid.cells[r][c], rows[r][c]) for r in range(n_rows)], grid.column_totals[c]) for c in range(n_columns)
    ]
    for members, total in groups:
        options = _feasible(grid, rows, members, total, m)
        if options is None:
            continue
        for possible in options:
            assert len(possible) >= 2, (rows, [str(cell) for cell, _v in members], str(total))
