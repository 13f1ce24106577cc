"""What every past register has in common: its columns, an example for the templates, how a row is
checked, and how a checked row becomes records.

A register never writes while it checks: ``parse`` reads one row (``history.tabular.Row``) into a
plain object or records problems; ``check_rows`` looks at the rows together; ``create`` runs only once
the whole file is clean, inside the import's transaction, and returns the records it made in the
order it made them (undoing deletes them in the reverse order).
"""

import datetime
from dataclasses import dataclass, field

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, pgettext_lazy

from accounts.permissions import history_units
from history.tabular import Column, Row
from org.models import Unit

# Written into the records instead of what the register does not hold (names, reasons), in Vietnamese
# whatever the language of the person importing: the records are read in Vietnamese.
HISTORICAL_NOTE = gettext_noop("Imported from a register kept before the system was used.")
# The time of day given to a date of a register (Asia/Ho_Chi_Minh): it keeps the record on that day.
NOON = datetime.time(12, 0)

UNIT_COLUMN = Column(
    "unit_code",
    pgettext_lazy("import column", "Unit code"),
    required=True,
    help=gettext_lazy("The code of a unit you may import for (see the list of units)."),
)
SUMMARY_COLUMN = Column(
    "summary",
    pgettext_lazy("import column", "Summary"),
    help=gettext_lazy("Optional. Without any name, ID number, address or telephone number."),
)
SUMMARY_LENGTH = 2000


def vietnamese(message) -> str:
    """``message`` (a ``gettext_noop`` text or a lazy label) in Vietnamese."""
    with translation.override("vi"):
        return _(message) if isinstance(message, str) else str(message)


def at_noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, NOON, tzinfo=timezone.get_default_timezone())


def short_date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@dataclass
class Context:
    """What the rows are checked against: the importer's units (by folded code) and today."""

    actor: object
    units: dict[str, Unit]
    today: datetime.date
    cache: dict = field(default_factory=dict)  # lookups shared by the rows of one file

    @classmethod
    def for_actor(cls, actor) -> "Context":
        units = {unit.code.casefold(): unit for unit in history_units(actor).select_related("level")}
        return cls(actor=actor, units=units, today=timezone.localdate())

    def unit(self, row: Row, key: str = "unit_code", *, on: datetime.date | None = None) -> Unit | None:
        code = row.raw(key)
        if not code:
            if key in row.required:
                row.problem(key, _("This column must not be empty."))
            return None
        unit = self.units.get(code.casefold())
        if unit is None:
            row.problem(
                key,
                _("No unit with code “%(code)s” among the units you may import for.") % {"code": code[:50]},
            )
            return None
        if on is not None and not unit.is_active_on(on):
            row.problem(
                key,
                _("Unit “%(code)s” did not exist on %(date)s.") % {"code": unit.code, "date": short_date(on)},
            )
        return unit


class Register:
    kind: str
    columns: tuple[Column, ...]
    # A short introduction on the import screen (lazy).
    intro: str = ""

    def example_rows(self, unit_code: str) -> list[list[str]]:
        raise NotImplementedError

    def parse(self, row: Row, context: Context):
        """The row as a plain object, or None when it has a problem (recorded on ``row``)."""
        raise NotImplementedError

    def check_rows(self, parsed: list, context: Context, problems: list) -> None:
        """Checks across rows and against the records already there (nothing by default)."""

    def create(self, parsed, *, actor, batch, cache: dict) -> list:
        """``cache`` lives for the whole import (e.g. key holders by unit)."""
        raise NotImplementedError

    @staticmethod
    def unit_of(parsed) -> Unit:
        return parsed.unit

    @staticmethod
    def dates_of(parsed) -> tuple[datetime.date, datetime.date]:
        return parsed.day, parsed.day
