"""Working days for Vietnamese legal time limits.

A day is a working day unless it is a Saturday, a Sunday or a public holiday, where:

1. the ``holidays`` package gives the public holidays (Tết, 30/4, 1/5, 2/9, bridge days...) and the
   Saturdays worked in exchange for a bridge day (``weekend_workdays``);
2. the ``CalendarDay`` table overrides both: a ``day_off`` row makes any day non-working, a
   ``working_day`` row makes any day working, even a Sunday or a package holiday.

Every function that covers a range of dates loads the table's rows for that range in one query.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import holidays

from workcal.models import CalendarDay

WEEKEND = frozenset({5, 6})  # date.weekday(): Saturday, Sunday
ONE_DAY = datetime.timedelta(days=1)

Overrides = Mapping[datetime.date, tuple[str, str]]  # date -> (kind, name)


@lru_cache(maxsize=256)
def _package_year(year: int) -> tuple[Mapping[datetime.date, str], frozenset[datetime.date]]:
    """The package's holidays (date -> Vietnamese name) and substituted working Saturdays of ``year``."""
    calendar = holidays.VN(years=year, language="vi")
    days = MappingProxyType(dict(sorted(calendar.items())))
    workdays = frozenset(d for d in getattr(calendar, "weekend_workdays", ()) if d.year == year)
    return days, workdays


def public_holidays(year: int) -> Mapping[datetime.date, str]:
    """The official public holidays of ``year`` from the ``holidays`` package, in date order.

    Maps each date to its Vietnamese name. The ``CalendarDay`` table is not applied here.
    """
    return _package_year(year)[0]


def official_working_saturdays(year: int) -> frozenset[datetime.date]:
    """Weekend days of ``year`` that the package makes working days (worked in exchange for a bridge day)."""
    return _package_year(year)[1]


def _load_overrides(first: datetime.date, last: datetime.date) -> dict[datetime.date, tuple[str, str]]:
    rows = CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind", "name")
    return {day: (kind, name) for day, kind, name in rows}


def _is_official_working_day(day: datetime.date) -> bool:
    holidays_of_year, working_saturdays = _package_year(day.year)
    if day in holidays_of_year:
        return False
    if day in working_saturdays:
        return True
    return day.weekday() not in WEEKEND


def _is_working(day: datetime.date, overrides: Overrides) -> bool:
    override = overrides.get(day)
    if override is not None:
        return override[0] == CalendarDay.Kind.WORKING_DAY
    return _is_official_working_day(day)


def is_official_working_day(day: datetime.date) -> bool:
    """Whether ``day`` is a working day by the package alone (the table is not read)."""
    return _is_official_working_day(day)


def is_working_day(day: datetime.date) -> bool:
    """Whether ``day`` is a working day (one query)."""
    return _is_working(day, _load_overrides(day, day))


def _window(n: int) -> int:
    # Five working days a week and at most a few weeks of holidays a year: this span almost always
    # holds n working days, so the usual cost is one query; longer runs of days off load another span.
    return 2 * n + 45


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The date that is ``n`` working days after ``start``; ``start`` itself is not counted.

    ``n == 0`` returns ``start`` (even if it is not a working day). The result is always a working day
    otherwise. A negative ``n`` counts backwards: the ``|n|``-th working day before ``start``.
    """
    if n == 0:
        return start
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    day = start
    while True:
        span = _window(remaining)
        edge = day + span * step
        overrides = _load_overrides(min(day, edge), max(day, edge))
        for _ in range(span):
            day += step
            if _is_working(day, overrides):
                remaining -= 1
                if remaining == 0:
                    return day


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """The number of working days ``d`` with ``a < d <= b``; if ``b < a``, minus those with ``b < d <= a``.

    So ``working_days_between(a, a) == 0``, ``working_days_between(b, a) == -working_days_between(a, b)``,
    and for ``n >= 0``: ``working_days_between(d, add_working_days(d, n)) == n``.
    One query.
    """
    if b < a:
        return -working_days_between(b, a)
    if a == b:
        return 0
    overrides = _load_overrides(a + ONE_DAY, b)
    count = 0
    day = a + ONE_DAY
    while day <= b:
        count += _is_working(day, overrides)
        day += ONE_DAY
    return count


@dataclass(frozen=True)
class DayInfo:
    """What the calendar says about one day, and why."""

    date: datetime.date
    working: bool
    weekend: bool
    holiday_name: str  # the package's name, "" if not a package holiday
    official_working_saturday: bool
    override_kind: str  # CalendarDay.Kind value, "" if the table has no row
    override_name: str

    @property
    def special(self) -> bool:
        return bool(self.holiday_name or self.override_kind or self.official_working_saturday)


def describe_days(first: datetime.date, last: datetime.date) -> list[DayInfo]:
    """A ``DayInfo`` for every day from ``first`` to ``last`` inclusive (one query)."""
    overrides = _load_overrides(first, last)
    result = []
    day = first
    while day <= last:
        holidays_of_year, working_saturdays = _package_year(day.year)
        kind, name = overrides.get(day, ("", ""))
        result.append(
            DayInfo(
                date=day,
                working=_is_working(day, overrides),
                weekend=day.weekday() in WEEKEND,
                holiday_name=holidays_of_year.get(day, ""),
                official_working_saturday=day in working_saturdays,
                override_kind=kind,
                override_name=name,
            )
        )
        day += ONE_DAY
    return result
