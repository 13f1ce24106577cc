import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from audit.services import audit_record
from workcal.models import CalendarDay
from workcal.workdays import is_official_working_day

FIRST_YEAR, LAST_YEAR = 1990, 2100


def _snapshot(calendar_day: CalendarDay) -> dict:
    return {"date": calendar_day.date.isoformat(), "kind": calendar_day.kind, "name": calendar_day.name}


@transaction.atomic
def calendar_day_set(
    *, actor, day: datetime.date, kind: str, name: str, note: str = "", reason: str = ""
) -> CalendarDay:
    """Create or replace the table's entry for ``day``. The calendar is installation-wide (no unit)."""
    name, note = name.strip(), note.strip()
    errors: dict[str, str] = {}
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        errors["date"] = _("Choose a date between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
    if kind not in CalendarDay.Kind.values:
        errors["kind"] = _("Choose a valid kind of day.")
    elif "date" not in errors and is_official_working_day(day) == (kind == CalendarDay.Kind.WORKING_DAY):
        shown = formats.date_format(day, "SHORT_DATE_FORMAT")
        if kind == CalendarDay.Kind.WORKING_DAY:
            errors["kind"] = _("%(date)s is already a working day.") % {"date": shown}
        else:
            errors["kind"] = _("%(date)s is already a day off (weekend or public holiday).") % {"date": shown}
    if not name:
        errors["name"] = _("Give the day a name.")
    elif len(name) > CalendarDay._meta.get_field("name").max_length:
        errors["name"] = _("The name is too long (200 characters at most).")
    if errors:
        raise ValidationError(errors)

    calendar_day = CalendarDay.objects.select_for_update().filter(date=day).first()
    before = _snapshot(calendar_day) | {"note": calendar_day.note} if calendar_day else None
    if calendar_day is None:
        calendar_day = CalendarDay(date=day)
    calendar_day.kind, calendar_day.name, calendar_day.note = kind, name, note
    calendar_day.save()
    details = _snapshot(calendar_day)
    if before is not None:
        details["before"] = before
    audit_record(actor=actor, action="workcal.day.set", obj=calendar_day, reason=reason.strip(), details=details)
    return calendar_day


@transaction.atomic
def calendar_day_remove(*, actor, calendar_day: CalendarDay, reason: str) -> None:
    """Delete the table's entry: the day follows the official calendar again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    details = _snapshot(calendar_day)
    # Recorded before the delete, while the row still has its id; both happen in this transaction.
    audit_record(actor=actor, action="workcal.day.remove", obj=calendar_day, reason=reason.strip(), details=details)
    calendar_day.delete()
