"""Legal time limits: rules held as data (``DeadlineRule``), computed with the working-day calendar.

A step uses the rule in force when it starts, so an administrator's change applies only to steps
started after it. Services call ``deadline_start`` and ``deadline_done`` inside their transaction.
"""

import datetime

from django.utils import timezone

from cases.models import DayCount, Deadline, DeadlineRule, Matter, Petition
from workcal.workdays import add_working_days, is_working_day


class NoRuleError(Exception):
    """No time-limit rule is in force for a step: an installation error, not a user's."""


def rule_in_force(step: str, at: datetime.datetime | None = None) -> DeadlineRule:
    at = at or timezone.now()
    rule = DeadlineRule.objects.filter(step=step, valid_from__lte=at).order_by("-valid_from", "-pk").first()
    if rule is None:
        raise NoRuleError(step)
    return rule


def due_date(rule: DeadlineRule, start: datetime.date) -> datetime.date:
    """The last day of the limit. A limit in calendar days that ends on a day off ends on the next
    working day (Civil Code 2015, Article 148)."""
    if rule.count == DayCount.WORKING:
        return add_working_days(start, rule.days)
    due = start + datetime.timedelta(days=rule.days)
    while not is_working_day(due):
        due += datetime.timedelta(days=1)
    return due


def deadline_start(
    *, step: str, start: datetime.date, petition: Petition | None = None, matter: Matter | None = None
) -> Deadline:
    rule = rule_in_force(step)
    return Deadline.objects.create(
        step=step, rule=rule, starts_on=start, due_on=due_date(rule, start), petition=petition, matter=matter
    )


def open_deadlines(*, petition: Petition | None = None, matter: Matter | None = None, step: str | None = None):
    deadlines = Deadline.objects.filter(done_on__isnull=True, cancelled=False)
    if petition is not None:
        deadlines = deadlines.filter(petition=petition)
    if matter is not None:
        deadlines = deadlines.filter(matter=matter)
    if step is not None:
        deadlines = deadlines.filter(step=step)
    return deadlines


def deadline_done(
    *, step: str, on: datetime.date | None = None, petition: Petition | None = None, matter: Matter | None = None
) -> int:
    """Close the open deadlines of that step; returns how many were closed."""
    return open_deadlines(petition=petition, matter=matter, step=step).update(done_on=on or timezone.localdate())


def deadline_cancel(*, petition: Petition | None = None, matter: Matter | None = None, step: str | None = None) -> int:
    return open_deadlines(petition=petition, matter=matter, step=step).update(cancelled=True)


def is_late(deadline: Deadline, today: datetime.date | None = None) -> bool:
    """Done after its due date, or still open past it."""
    if deadline.done_on is not None:
        return deadline.done_on > deadline.due_on
    return (today or timezone.localdate()) > deadline.due_on
