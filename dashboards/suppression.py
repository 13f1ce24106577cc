"""Small-count suppression: no count on a dashboard may point at a person in a small unit.

``suppress`` is the only place where counts become what a dashboard shows:

- a count from 1 to ``DASHBOARD_MIN_COUNT`` − 1 is shown as "< 5" (``SMALL``), never its value;
- where a total is shown, a hidden count must not be worked out by subtracting the shown counts
  from it: while a row (or column) with a shown total hides a single count, or hides counts whose
  sum pins each of them (two hidden ones that add up to 2 are both 1), the next smallest shown
  count is hidden as well (``COMPLEMENT``, shown as "≥ 5": it is not small, only hidden), and when
  no count is left to hide, the total itself. Rows, columns and the totals of a table are checked
  one by one until nothing changes (the usual heuristic of statistical offices).

Zeros are shown: a zero points at nobody, and hiding one would not protect the other hidden counts
(a reader knows that a hidden count which is not "< 5" is at least 5).

A hidden ``Cell`` does not carry its value, so a template cannot show it by mistake.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format

SMALL = "small"
COMPLEMENT = "complement"


def minimum_count() -> int:
    """``settings.DASHBOARD_MIN_COUNT`` (5 by default): the smallest count a dashboard shows."""
    return max(int(getattr(settings, "DASHBOARD_MIN_COUNT", 5)), 1)


@dataclass(frozen=True)
class Cell:
    """A count as shown: ``value`` is None when it is hidden (``hidden`` says why)."""

    value: int | None
    hidden: str = ""
    minimum: int = 5

    @property
    def shown(self) -> bool:
        return not self.hidden

    def __str__(self) -> str:
        if self.hidden == SMALL:
            return f"< {number_format(self.minimum, force_grouping=True)}"
        if self.hidden == COMPLEMENT:
            return f"≥ {number_format(self.minimum, force_grouping=True)}"
        return number_format(self.value, force_grouping=True)


@dataclass(frozen=True)
class Grid:
    """A suppressed table: ``cells[row][column]``, the totals of each row and column, and the total.

    For a single row (a series), ``row_totals[0]`` is ``total`` and ``column_totals`` are the cells.
    """

    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell

    @property
    def series(self) -> list[Cell]:
        return self.cells[0] if self.cells else []


def rate(part: Cell, whole: Cell) -> float | None:
    """``part / whole`` when both are shown and ``whole`` is not zero; otherwise nothing to show."""
    if not (part.shown and whole.shown) or not whole.value:
        return None
    return part.value / whole.value


def suppress(rows: Sequence[Sequence[int]], *, totals: bool = True, minimum: int | None = None) -> Grid:
    """Hide the small counts of a table (a series is a table of one row) and their complements.

    ``totals=False`` for a table whose totals are never shown, nor its counts added up (an
    incident of several forms counts under each form): only the small counts are hidden then.
    """
    m = minimum_count() if minimum is None else minimum
    table = [list(row) for row in rows]
    n_rows = len(table)
    n_columns = len(table[0]) if table else 0
    if any(len(row) != n_columns for row in table):
        raise ValueError("every row needs the same number of columns")
    if any(value < 0 for row in table for value in row):
        raise ValueError("counts cannot be negative")

    # Every shown figure under one key; a row total of a one-column table is its cell, and so on.
    def key(kind: str, *index: int) -> tuple:
        if kind == "row" and n_columns == 1:
            return ("cell", index[0], 0)
        if kind == "column" and n_rows == 1:
            return ("cell", 0, index[0])
        if kind == "total":
            if n_rows == 1:
                return key("row", 0)
            if n_columns == 1:
                return key("column", 0)
        return (kind, *index)

    values: dict[tuple, int] = {}
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            values[key("cell", r, c)] = value
        values[key("row", r)] = sum(row)
    for c in range(n_columns):
        values[key("column", c)] = sum(row[c] for row in table)
    values[key("total")] = sum(map(sum, table))

    hidden = {k: SMALL for k, value in values.items() if 0 < value < m}

    groups: list[tuple[list[tuple], tuple]] = []  # (members, their total)
    if totals and n_rows and n_columns:
        if n_columns > 1:
            groups += [([key("cell", r, c) for c in range(n_columns)], key("row", r)) for r in range(n_rows)]
        if n_rows > 1:
            groups += [([key("cell", r, c) for r in range(n_rows)], key("column", c)) for c in range(n_columns)]
        if n_rows > 1 and n_columns > 1:
            groups.append(([key("row", r) for r in range(n_rows)], key("total")))
            groups.append(([key("column", c) for c in range(n_columns)], key("total")))

    def exposed(members: list[tuple], total: tuple) -> bool:
        """Whether the shown total and shown members pin a hidden member's value."""
        secret = [k for k in members if k in hidden]
        if not secret or total in hidden:
            return False
        if len(secret) == 1:
            return True
        known_sum = values[total] - sum(values[k] for k in members if k not in hidden)
        low = sum(1 if hidden[k] == SMALL else m for k in secret)
        high = math.inf if any(hidden[k] == COMPLEMENT for k in secret) else (m - 1) * len(secret)
        return not low < known_sum < high

    changed = True
    while changed:
        changed = False
        for members, total in groups:
            while exposed(members, total):
                candidates = [k for k in members if k not in hidden and values[k] > 0]
                victim = min(candidates, key=lambda k: values[k]) if candidates else total
                hidden[victim] = COMPLEMENT
                changed = True

    def cell(k: tuple) -> Cell:
        if k in hidden:
            return Cell(value=None, hidden=hidden[k], minimum=m)
        return Cell(value=values[k], minimum=m)

    return Grid(
        cells=[[cell(key("cell", r, c)) for c in range(n_columns)] for r in range(n_rows)],
        row_totals=[cell(key("row", r)) for r in range(n_rows)],
        column_totals=[cell(key("column", c)) for c in range(n_columns)],
        total=cell(key("total")),
    )
