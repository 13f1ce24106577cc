"""Reads of the reception screens that are more than a lookup: the lists, the portal schedule and the
head's reception duty (statistics for the official reports are in ``stats``)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from accounts import permissions
from baove.lib.text import fold
from org.models import Unit
from reception.models import DUTY_UNIT_KINDS, ReceptionDutyRule, ReceptionSession, SessionStatus

# Lists


def sessions_for(
    user,
    *,
    q: str = "",
    unit: Unit | None = None,
    kind: str = "",
    status: str = "",
    hosted_by_head: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet:
    """The sessions ``user`` may read, filtered, newest first, each with its visit counts."""
    rows = permissions.reception_sessions_visible_to(user).select_related("unit", "host")
    if q:
        rows = rows.filter(search_text__contains=fold(q))
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    if hosted_by_head in ("yes", "no"):
        rows = rows.filter(hosted_by_head=hosted_by_head == "yes")
    if date_from:
        rows = rows.filter(date__gte=date_from)
    if date_to:
        rows = rows.filter(date__lte=date_to)
    received = Q(visits__refused=False)
    return rows.annotate(
        visit_count=Count("visits", filter=received),
        people=Sum("visits__headcount", filter=received, default=0),
        refused_count=Count("visits", filter=Q(visits__refused=True)),
    ).order_by("-date", "-start_time", "-pk")


VISIT_FLAGS = ("complex_prolonged", "degradation", "exploited_incitement")


def visits_for(
    user,
    *,
    q: str = "",
    unit: Unit | None = None,
    kind: str = "",
    matter_kind: str = "",
    flag: str = "",
    refused: str = "",
    competence: str = "",
    outcome: str = "",
    converted: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet:
    """The visits ``user`` may read (summaries aside: see ``permissions.can_read_visit_content``),
    filtered, newest session first. ``q`` searches the sessions (place, host, unit), never the summaries."""
    rows = permissions.visits_visible_to(user).select_related("session__unit", "petition")
    if q:
        rows = rows.filter(session__search_text__contains=fold(q))
    if unit is not None:
        rows = rows.filter(session__unit__path__startswith=unit.path)
    if kind:
        rows = rows.filter(kind=kind)
    if matter_kind:
        rows = rows.filter(matter_kind=matter_kind)
    if flag in VISIT_FLAGS:
        rows = rows.filter(**{flag: True})
    if refused in ("yes", "no"):
        rows = rows.filter(refused=refused == "yes")
    if competence:
        rows = rows.filter(competence=competence)
    if outcome:
        rows = rows.filter(outcome=outcome)
    if converted in ("yes", "no"):
        rows = rows.filter(petition__isnull=converted == "no")
    if date_from:
        rows = rows.filter(session__date__gte=date_from)
    if date_to:
        rows = rows.filter(session__date__lte=date_to)
    return rows.order_by("-session__date", "-session_id", "pk")


def public_schedule(*, q: str = "", unit: Unit | None = None, today: datetime.date | None = None) -> QuerySet:
    """Published sessions, planned or held, from today on, soonest first: what the portal shows."""
    today = today or timezone.localdate()
    rows = ReceptionSession.objects.filter(
        published=True, status__in=(SessionStatus.PLANNED, SessionStatus.HELD), date__gte=today
    ).select_related("unit")
    if q:
        rows = rows.filter(search_text__contains=fold(q))
    if unit is not None:
        rows = rows.filter(unit=unit)
    return rows.order_by("date", "start_time", "unit__name", "pk")


def public_schedule_units(*, today: datetime.date | None = None) -> QuerySet[Unit]:
    """The units that have something on the portal schedule (its unit filter)."""
    today = today or timezone.localdate()
    ids = public_schedule(today=today).values("unit_id")
    return Unit.objects.filter(pk__in=ids).order_by("name")


# The head's reception duty


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def add_months(day: datetime.date, count: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


class DutyState:
    NONE = "none"  # no duty: the unit did not exist, or no rule was in force
    FUTURE = "future"
    CURRENT = "current"  # the month is not over yet
    MET = "met"
    MISSED = "missed"


@dataclass(frozen=True)
class DutyMonth:
    month: datetime.date  # its first day
    required: int | None
    dates: tuple[datetime.date, ...]  # the distinct days the head hosted a held session in person
    state: str

    @property
    def days(self) -> int:
        return len(self.dates)

    @property
    def missed(self) -> bool:
        return self.state == DutyState.MISSED


def _rules_by_level(level_ids) -> dict[int, list[ReceptionDutyRule]]:
    rules = defaultdict(list)
    for rule in ReceptionDutyRule.objects.filter(level_id__in=set(level_ids)).order_by("valid_from"):
        rules[rule.level_id].append(rule)
    return rules


def _in_force(rules: list[ReceptionDutyRule], day: datetime.date) -> ReceptionDutyRule | None:
    current = None
    for rule in rules:
        if rule.valid_from <= day:
            current = rule
    return current


def head_days(units, first: datetime.date, last: datetime.date) -> dict[int, set[datetime.date]]:
    """Unit id → the days its head hosted a held session in person between ``first`` and ``last``."""
    found = defaultdict(set)
    rows = ReceptionSession.objects.filter(
        unit__in=units, status=SessionStatus.HELD, hosted_by_head=True, date__gte=first, date__lte=last
    ).values_list("unit_id", "date")
    for unit_id, day in rows.order_by():
        found[unit_id].add(day)
    return found


def duty_overview(
    units: list[Unit], first_month: datetime.date, last_month: datetime.date, *, today: datetime.date | None = None
) -> dict[int, list[DutyMonth]]:
    """Unit id → its months from ``first_month`` to ``last_month``: days required (the rule of the
    unit's level in force on the month's last day), days the head hosted, and whether the month was
    missed (over, the unit existed, and fewer days than required). Two queries, whatever the number
    of units."""
    today = today or timezone.localdate()
    first_month, last_month = month_start(first_month), month_start(last_month)
    months = []
    month = first_month
    while month <= last_month:
        months.append(month)
        month = add_months(month, 1)
    rules = _rules_by_level(unit.level_id for unit in units)
    hosted = head_days([unit.pk for unit in units], first_month, month_end(last_month))
    result = {}
    for unit in units:
        rows = []
        for month in months:
            end = month_end(month)
            dates = tuple(sorted(day for day in hosted.get(unit.pk, ()) if month <= day <= end))
            rule = _in_force(rules.get(unit.level_id, []), end)
            exists = (unit.valid_from is None or unit.valid_from <= end) and (
                unit.valid_to is None or unit.valid_to >= month
            )
            required = rule.days_per_month if rule and exists and unit.kind in DUTY_UNIT_KINDS else None
            if month > today:
                state = DutyState.FUTURE
            elif not required:
                state = DutyState.NONE
            elif end >= today:
                state = DutyState.CURRENT
            else:
                state = DutyState.MET if len(dates) >= required else DutyState.MISSED
            rows.append(DutyMonth(month=month, required=required, dates=dates, state=state))
        result[unit.pk] = rows
    return result


def duty_months(unit: Unit, year: int, *, today: datetime.date | None = None) -> list[DutyMonth]:
    """The twelve months of ``year`` for ``unit``'s head."""
    return duty_overview([unit], datetime.date(year, 1, 1), datetime.date(year, 12, 1), today=today)[unit.pk]


def duty_units(user) -> QuerySet[Unit]:
    """The units ``user`` covers whose heads have a reception duty at some time."""
    levels = ReceptionDutyRule.objects.values("level_id")
    return (
        permissions.reception_read_units(user)
        .filter(kind__in=DUTY_UNIT_KINDS, level_id__in=levels)
        .select_related("level")
        .order_by("path")
    )


def last_twelve_months(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and last of the twelve months that ended before the current one."""
    today = today or timezone.localdate()
    last = add_months(month_start(today), -1)
    return add_months(last, -11), last
