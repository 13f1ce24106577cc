"""Statistics of protection for the official reports (Directive 27 review, section II.3).

Every selector takes ``(*, unit, date_from, date_to)`` like ``cases.stats``: ``unit`` stands for its
whole subtree (by the case's deciding unit), and the window holds both days entirely in
Asia/Ho_Chi_Minh. Each costs one query and returns plain ints; breakdowns list every kind, zeros
included.

People, not cases, are counted where the report asks for people: two cases with the same keyed
hash of the ID number (``ProtectionCase.id_hash``) are one person; a case without an ID number is
a person of its own.
"""

import datetime

from django.db.models import Case, CharField, Count, F, Q, TextField, Value, When
from django.db.models.functions import Cast, Concat

from cases.stats import window
from org.models import Unit
from protection.models import CaseStatus, Measure, ProtectionCase, ProtectionKind


def _person(prefix: str = ""):
    """The person a case stands for, in SQL: its ID hash, or the case itself without one."""
    id_hash = F(f"{prefix}id_hash")
    case_id = Cast(f"{prefix}id" if prefix else "pk", CharField())
    return Case(When(**{f"{prefix}id_hash": ""}, then=Concat(Value("case:"), case_id)), default=id_hash)


def _people(queryset, has_kind, prefix: str = "") -> dict:
    """``{"total": people, "by_kind": {kind: people}}`` counted by the database, one query:
    ``has_kind(kind)`` is the condition that a row is of that kind, ``prefix`` the path from a row
    to its case."""
    person = _person(prefix)
    counts = queryset.order_by().aggregate(
        total=Count(person, distinct=True),
        **{kind: Count(person, distinct=True, filter=has_kind(kind)) for kind in ProtectionKind.values},
    )
    return {"total": counts["total"], "by_kind": {kind: counts[kind] for kind in ProtectionKind.values}}


def protection_requests(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """People who requested protection in the window: ``total`` counts each person once,
    ``by_kind`` once per kind they asked for (secrecy of information is part of every request)."""
    start, end = window(date_from, date_to)
    cases = ProtectionCase.objects.filter(
        unit__path__startswith=unit.path, requested_at__gte=start, requested_at__lt=end
    ).annotate(kinds_text=Cast("kinds_requested", TextField()))
    # The kinds are a JSON list of fixed words: a quoted word in its text is that kind, on
    # PostgreSQL and SQLite alike (JSON containment is not portable).
    return _people(cases, lambda kind: Q(kinds_text__contains=f'"{kind}"'))


def people_protected(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """People with a granted case and a measure in force on at least one day of the window:
    ``total`` once per person, ``by_kind`` once per kind of measure in force."""
    if date_to < date_from:
        raise ValueError("date_to is before date_from")
    measures = Measure.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=date_from),
        starts_on__lte=date_to,
        case__unit__path__startswith=unit.path,
        case__decided_at__isnull=False,
        case__status__in=(CaseStatus.GRANTED, CaseStatus.ENDED),
    )
    return _people(measures, lambda kind: Q(kind=kind), prefix="case__")


def protection_decisions(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Decisions taken in the window: ``total``, ``granted``, ``refused``, and ``late`` (taken
    after the decision was due, whatever it was)."""
    start, end = window(date_from, date_to)
    rows = ProtectionCase.objects.filter(
        unit__path__startswith=unit.path, decided_at__gte=start, decided_at__lt=end
    ).values_list("status", "decided_late")
    counts = {"total": 0, "granted": 0, "refused": 0, "late": 0}
    for status, late in rows:
        counts["total"] += 1
        counts["refused" if status == CaseStatus.REFUSED else "granted"] += 1
        counts["late"] += bool(late)
    return counts
