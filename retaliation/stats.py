"""Statistics of retaliation, sanctions, heads held answerable, commendations and false reports for
the official reports (section II.3 of the Directive 27 review).

Every selector takes ``(*, unit, date_from, date_to)``: ``unit`` stands for its whole subtree
(``Unit.path`` prefix), and the window holds both days. The records are dated by calendar days
(``DateField``) already entered as days in Asia/Ho_Chi_Minh, so the window compares days directly.

They return dicts of plain ints; each breakdown lists every choice, zeros included, so that a report
table keeps its columns. Each costs one query.
"""

import datetime
from collections import Counter

from django.db.models import Count

from org.models import Unit
from retaliation.models import (
    Commendation,
    CommendationForm,
    DisciplineForm,
    FalseReport,
    FalseReportHandling,
    HeadAccountability,
    Incident,
    IncidentStatus,
    RecipientKind,
    RetaliationForm,
    Sanction,
    SanctionKind,
)


def _check(date_from: datetime.date, date_to: datetime.date) -> None:
    if date_to < date_from:
        raise ValueError("date_to is before date_from")


def _tally(counter: Counter, choices) -> dict[str, int]:
    return {value: counter[value] for value in choices.values}


def _grouped(queryset, field: str) -> Counter:
    return Counter({row[field]: row["n"] for row in queryset.order_by().values(field).annotate(n=Count("pk"))})


def retaliation_incidents(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Incidents reported in the window: ``total``; ``persons``: reporters (or relatives) retaliated
    against, each once (by protection case, else by petition, else the incident stands alone);
    ``confirmed_persons``: the same for confirmed incidents; ``by_form`` (an incident of several forms
    counts under each); ``by_finding`` (the status: reported, being verified, confirmed, unfounded)."""
    _check(date_from, date_to)
    rows = Incident.objects.filter(
        unit__path__startswith=unit.path, reported_on__gte=date_from, reported_on__lte=date_to
    ).values_list("pk", "protection_case_id", "petition_id", "forms", "status")
    persons, confirmed = set(), set()
    by_form, by_finding = Counter(), Counter()
    total = 0
    for pk, case_id, petition_id, forms, status in rows:
        total += 1
        person = ("case", case_id) if case_id else ("petition", petition_id) if petition_id else ("incident", pk)
        persons.add(person)
        if status == IncidentStatus.CONFIRMED:
            confirmed.add(person)
        by_form.update(set(forms))
        by_finding[status] += 1
    return {
        "total": total,
        "persons": len(persons),
        "confirmed_persons": len(confirmed),
        "by_form": _tally(by_form, RetaliationForm),
        "by_finding": _tally(by_finding, IncidentStatus),
    }


def retaliation_sanctions(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Sanctions decided in the window for retaliation in the subtree: ``total``, ``by_kind``."""
    _check(date_from, date_to)
    counter = _grouped(
        Sanction.objects.filter(
            incident__unit__path__startswith=unit.path, decided_on__gte=date_from, decided_on__lte=date_to
        ),
        "kind",
    )
    return {"total": sum(counter.values()), "by_kind": _tally(counter, SanctionKind)}


def heads_held_answerable(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Heads sanctioned in the window for retaliation they let happen: ``total``, ``by_form``."""
    _check(date_from, date_to)
    counter = _grouped(
        HeadAccountability.objects.filter(
            incident__unit__path__startswith=unit.path, decided_on__gte=date_from, decided_on__lte=date_to
        ),
        "form",
    )
    return {"total": sum(counter.values()), "by_form": _tally(counter, DisciplineForm)}


def commendations(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Commendations decided in the window and recorded in the subtree: ``total``, ``reporters``,
    ``units``, ``officials``, ``by_form``, and ``amount`` (VND, money commendations)."""
    _check(date_from, date_to)
    rows = (
        Commendation.objects.filter(
            unit__path__startswith=unit.path, decided_on__gte=date_from, decided_on__lte=date_to
        )
        .order_by()
        .values_list("recipient_kind", "form", "amount")
    )
    by_kind, by_form, amount = Counter(), Counter(), 0
    for kind, form, value in rows:
        by_kind[kind] += 1
        by_form[form] += 1
        amount += int(value or 0)
    return {
        "total": sum(by_kind.values()),
        "reporters": by_kind[RecipientKind.REPORTER],
        "units": by_kind[RecipientKind.UNIT],
        "officials": by_kind[RecipientKind.OFFICIAL],
        "by_form": _tally(by_form, CommendationForm),
        "amount": amount,
    }


def false_reports(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Reports found deliberately untrue in the window (by ``found_on``): ``total``, ``by_handling``."""
    _check(date_from, date_to)
    counter = _grouped(
        FalseReport.objects.filter(unit__path__startswith=unit.path, found_on__gte=date_from, found_on__lte=date_to),
        "handling",
    )
    return {"total": sum(counter.values()), "by_handling": _tally(counter, FalseReportHandling)}
