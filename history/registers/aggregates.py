"""Aggregate figures from a file: one row per unit, figure, level and period, where no register exists.

Each row is checked as one typed on the screen (``history.services.aggregates_save``): the figure
exists, the level applies to it, and it overlaps no other aggregate of the same figure for the same
unit and level, nor for a unit above or below (neither in the database nor in the file).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from baove.figures import FIGURES
from history import aggregates
from history.models import AggregateFigure
from history.registers.base import UNIT_COLUMN, Context, Register, short_date
from history.tabular import Column, Row
from org.importing import Problem
from org.models import AdministrativeLevel, Unit

COLUMNS = (
    UNIT_COLUMN,
    Column(
        "figure_key",
        pgettext_lazy("import column", "Figure"),
        required=True,
        help=gettext_lazy("Required. The key of the figure, see the list of figures."),
    ),
    Column(
        "level",
        pgettext_lazy("import column", "Administrative level"),
        help=gettext_lazy("Optional. The code of a level, for a figure broken down by level; empty: all levels."),
    ),
    Column(
        "period_from", pgettext_lazy("import column", "From"), required=True, help=gettext_lazy("Required. dd/mm/yyyy.")
    ),
    Column(
        "period_to", pgettext_lazy("import column", "To"), required=True, help=gettext_lazy("Required. dd/mm/yyyy.")
    ),
    Column(
        "value", pgettext_lazy("import column", "Value"), required=True, help=gettext_lazy("Required. A whole number.")
    ),
    Column(
        "note", pgettext_lazy("import column", "Source"), help=gettext_lazy("Optional. Where the figure comes from.")
    ),
)


@dataclass
class AggregateRow:
    line: int
    unit: Unit
    key: str
    level: str
    period_from: datetime.date
    period_to: datetime.date
    value: int
    note: str


def level_problem(key: str, level: str, levels: set[str]) -> str:
    """Why ``level`` cannot go with figure ``key`` ("" when it can)."""
    if not level:
        return ""
    if level not in levels:
        return _("Unknown administrative level “%(level)s”. Use one of: %(codes)s.") % {
            "level": level[:32],
            "codes": ", ".join(sorted(levels)),
        }
    if not FIGURES[key].by_level:
        return _("This figure has no breakdown by administrative level; leave the level empty.")
    return ""


class AggregateRegister(Register):
    kind = "aggregates"
    columns = COLUMNS
    intro = gettext_lazy(
        "One row per figure, unit and period, typed from a report made before the system was used, where no "
        "register of the records exists. In reports, the figure replaces the records of the unit and everything "
        "below it for that period."
    )
    choice_tables = ()

    def example_rows(self, unit_code: str) -> list[list[str]]:
        key = next(iter(sorted(FIGURES)), "")
        return [
            [unit_code, key, "", "01/01/2019", "31/12/2019", "12", "Báo cáo số 45-BC/TU ngày 10/12/2019"],
        ]

    def parse(self, row: Row, context: Context) -> AggregateRow | None:
        unit = context.unit(row)
        key = row.raw("figure_key")
        if key and key not in FIGURES:
            row.problem("figure_key", _("No figure has the key “%(key)s”.") % {"key": key[:100]})
        levels = context.cache.setdefault("levels", set(AdministrativeLevel.objects.values_list("code", flat=True)))
        level = row.raw("level")
        if key in FIGURES and (problem := level_problem(key, level, levels)):
            row.problem("level", problem)
        period_from = row.date("period_from")
        period_to = row.date("period_to")
        if period_from and period_to and period_to < period_from:
            row.problem("period_to", _("The period ends before it starts."))
        value = row.integer("value")
        note = row.text("note", max_length=AggregateFigure._meta.get_field("note").max_length)
        if not row.ok:
            return None
        return AggregateRow(row.line, unit, key, level, period_from, period_to, value, note)

    def check_rows(self, parsed: list[AggregateRow], context: Context, problems: list) -> None:
        column = str(COLUMNS[3].label)
        for index, row in enumerate(parsed):
            for message in aggregates.conflicts(
                unit=row.unit, key=row.key, level=row.level, period_from=row.period_from, period_to=row.period_to
            ):
                problems.append(Problem(row.line, column, message))
            for other in parsed[:index]:
                if (
                    other.key == row.key
                    and other.period_from <= row.period_to
                    and row.period_from <= other.period_to
                    and (
                        (other.unit.pk == row.unit.pk and other.level == row.level)
                        or (other.unit.pk != row.unit.pk and _nested(other.unit, row.unit))
                    )
                ):
                    problems.append(
                        Problem(
                            row.line,
                            column,
                            _("This period overlaps line %(line)d (%(from)s to %(to)s) for the same figure.")
                            % {
                                "line": other.line,
                                "from": short_date(other.period_from),
                                "to": short_date(other.period_to),
                            },
                        )
                    )

    @staticmethod
    def dates_of(parsed: AggregateRow) -> tuple[datetime.date, datetime.date]:
        return parsed.period_from, parsed.period_to

    def create(self, parsed: AggregateRow, *, actor, batch, cache: dict) -> list:
        return [
            AggregateFigure.objects.create(
                unit=parsed.unit,
                figure_key=parsed.key,
                level=parsed.level,
                period_from=parsed.period_from,
                period_to=parsed.period_to,
                value=parsed.value,
                note=parsed.note,
                entered_by=actor,
                batch=batch,
            )
        ]


def _nested(a: Unit, b: Unit) -> bool:
    return a.path.startswith(b.path) or b.path.startswith(a.path)
