"""Aggregate figures in the official figures: records where they exist, aggregates otherwise, never both.

``baove.figures.compute`` calls ``adjust`` (registered by ``history.apps``). For a request
(key, unit U, window W, level L), the aggregates used are those of the key and of level L (blank
when L is None) whose unit is U or below it and whose period lies entirely within W; then

    result = records(U, W, L) − Σ_A records(A.unit, A.period, L) + Σ_A A.value

so inside an aggregate's unit subtree and period its value replaces the records. The aggregates of
one key never overlap in unit subtree and period (``conflicts`` refuses it), so nothing is replaced
twice. An aggregate whose period straddles an edge of W, or that is entered on a unit above U (it
cannot be split), is not used: ``warnings`` says so, for the preview and the report.

For a figure counted per event in the window (petitions received, sessions held) the records of
the parts add up to those of the whole, and the rule is exact. For a figure that describes a state
over the window (matters in hand, people protected), the records of a period are not additive; the
rule still takes the aggregate's period as one block.
"""

import datetime
from collections.abc import Callable, Iterable

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from baove.figures import shared
from history.models import AggregateFigure
from org.models import Unit


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _overlapping(date_from: datetime.date, date_to: datetime.date) -> Q:
    return Q(period_from__lte=date_to, period_to__gte=date_from)


@shared
def _in_window(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> list[AggregateFigure]:
    """Every aggregate of the subtree whose period lies within the window (a report asks for dozens
    of figures, and there are few aggregates: one query for all of them inside ``sharing()``)."""
    return list(
        AggregateFigure.objects.filter(
            unit__path__startswith=unit.path, period_from__gte=date_from, period_to__lte=date_to
        ).select_related("unit")
    )


def applicable(
    key: str, *, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None
) -> list[AggregateFigure]:
    """The aggregates that replace records in ``compute(key, unit, date_from, date_to, level)``."""
    return [
        aggregate
        for aggregate in _in_window(unit=unit, date_from=date_from, date_to=date_to)
        if aggregate.figure_key == key and aggregate.level == (level or "")
    ]


def adjust(
    key: str,
    *,
    unit: Unit,
    date_from: datetime.date,
    date_to: datetime.date,
    level: str | None,
    value: int,
    records: Callable[..., int],
) -> int:
    """``value`` (the records of the request) with the applicable aggregates in place of their records."""
    for aggregate in applicable(key, unit=unit, date_from=date_from, date_to=date_to, level=level):
        replaced = records(
            key, unit=aggregate.unit, date_from=aggregate.period_from, date_to=aggregate.period_to, level=level
        )
        value += aggregate.value - replaced
    return value


def warnings(
    key: str, *, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None
) -> list[str]:
    """Why an aggregate entered for this figure is not used for this unit and window (messages)."""
    messages = []
    nearby = (
        AggregateFigure.objects.filter(figure_key=key)
        .filter(_overlapping(date_from, date_to))
        .filter(Q(unit__path__startswith=unit.path) | Q(unit_id__in=unit.ancestor_ids))
        .select_related("unit")
        .order_by("unit__path", "period_from", "level")
    )
    for aggregate in nearby:
        values = {
            "unit": aggregate.unit.name,
            "from": _date(aggregate.period_from),
            "to": _date(aggregate.period_to),
            "value": aggregate.value,
        }
        same_level = aggregate.level == (level or "")
        if aggregate.unit_id in unit.ancestor_ids:
            if not same_level:
                continue
            message = _(
                "The aggregate figure of %(unit)s from %(from)s to %(to)s (%(value)d) covers a larger unit and "
                "cannot be split; the records are counted here."
            )
        elif not same_level and level is None:
            message = _(
                "The aggregate figure of %(unit)s from %(from)s to %(to)s (%(value)d) is for one administrative "
                "level only; the total counts the records there."
            )
        elif not same_level and not aggregate.level:
            message = _(
                "The aggregate figure of %(unit)s from %(from)s to %(to)s (%(value)d) is for all levels and "
                "cannot be split by level; this column counts the records there."
            )
        elif not same_level:
            continue  # another level's column
        elif aggregate.period_from < date_from or aggregate.period_to > date_to:
            message = _(
                "The aggregate figure of %(unit)s from %(from)s to %(to)s (%(value)d) is not used: its period "
                "goes beyond the report's period, so the records are counted there."
            )
        else:
            continue
        messages.append(message % values)
    return messages


def conflicts(
    *,
    unit: Unit,
    key: str,
    level: str,
    period_from: datetime.date,
    period_to: datetime.date,
    exclude: Iterable[int] = (),
) -> list[str]:
    """Why an aggregate cannot be entered: one for the same unit, key and level over an overlapping
    period, or one for the same key on a unit above or below over an overlapping period."""
    messages = []
    others = (
        AggregateFigure.objects.filter(figure_key=key)
        .filter(_overlapping(period_from, period_to))
        .exclude(pk__in=list(exclude))
        .select_related("unit")
    )
    for other in others:
        values = {"unit": other.unit.name, "from": _date(other.period_from), "to": _date(other.period_to)}
        same_unit = other.unit_id == unit.pk
        if same_unit and other.level == level:
            messages.append(
                _("An aggregate figure of %(unit)s for this figure and level already covers %(from)s to %(to)s.")
                % values
            )
        elif not same_unit and (other.unit.path.startswith(unit.path) or unit.path.startswith(other.unit.path)):
            messages.append(
                _(
                    "An aggregate figure of %(unit)s for this figure covers %(from)s to %(to)s; aggregates of a unit "
                    "and of a unit above or below it cannot cover the same days."
                )
                % values
            )
    return messages
