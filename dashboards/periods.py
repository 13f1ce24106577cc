"""The dashboard's window and the periods its charts are drawn by: months, or quarters for a window
longer than two years (the five-year review would otherwise need sixty bars)."""

import datetime
from dataclasses import dataclass

from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MONTH, QUARTER = "month", "quarter"
MAX_MONTHS = 24

LAST_12_MONTHS, THIS_YEAR, LAST_YEAR, REVIEW, CUSTOM = "last12", "this_year", "last_year", "review", "custom"
PRESETS = (
    (LAST_12_MONTHS, gettext_lazy("Last 12 months")),
    (THIS_YEAR, gettext_lazy("This year")),
    (LAST_YEAR, gettext_lazy("Last year")),
    (REVIEW, gettext_lazy("Directive 27 review (10/01/2019–31/12/2023)")),
    (CUSTOM, gettext_lazy("From … to …")),
)
# The data window of the Directive 27 five-year review (seeds 000 and 001).
REVIEW_WINDOW = (datetime.date(2019, 1, 10), datetime.date(2023, 12, 31))


@dataclass(frozen=True)
class Window:
    date_from: datetime.date
    date_to: datetime.date

    @property
    def period(self) -> str:
        months = (self.date_to.year - self.date_from.year) * 12 + self.date_to.month - self.date_from.month + 1
        return MONTH if months <= MAX_MONTHS else QUARTER

    @property
    def periods(self) -> list[datetime.date]:
        """The first day of each period the window touches, in order."""
        step = 1 if self.period == MONTH else 3
        current = period_start(self.date_from, self.period)
        result = []
        while current <= self.date_to:
            result.append(current)
            month = current.month - 1 + step
            current = datetime.date(current.year + month // 12, month % 12 + 1, 1)
        return result

    def label(self, start: datetime.date) -> str:
        if self.period == MONTH:
            return start.strftime("%m/%Y")
        return _("Q%(quarter)d/%(year)d") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}


def period_start(day: datetime.date, period: str) -> datetime.date:
    month = day.month if period == MONTH else (day.month - 1) // 3 * 3 + 1
    return datetime.date(day.year, month, 1)


def preset_window(preset: str, today: datetime.date) -> Window:
    if preset == THIS_YEAR:
        return Window(datetime.date(today.year, 1, 1), today)
    if preset == LAST_YEAR:
        return Window(datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31))
    if preset == REVIEW:
        return Window(*REVIEW_WINDOW)
    # The last 12 months: this month so far and the 11 whole months before it.
    month = today.month - 11
    return Window(datetime.date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1), today)


def trunc(field: str, period: str, *, datetime_field: bool):
    """The period of a row, for ``values(...).annotate(Count(...))``. A moment falls in the month
    (or quarter) it has in Asia/Ho_Chi_Minh, not in UTC."""
    function = TruncMonth if period == MONTH else TruncQuarter
    if datetime_field:
        return function(field, tzinfo=timezone.get_default_timezone())
    return function(field)


def as_start(value, period: str) -> datetime.date:
    """The first day of the period a truncated value (a date, or an aware moment) stands for."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return period_start(value, period)
