"""Statistics of citizen reception for the official reports: Appendix 2 of the Regulation 11-QĐi/TW
review (seed 001, "PHỤ LỤC 2": reception and handling by commune level, district level and total).

Every figure takes ``(*, unit, date_from, date_to, level=None)`` and returns an int:

- ``unit`` stands for its whole subtree (``Unit.path`` prefix);
- the window holds both days, compared with the session's date;
- ``level`` (an ``AdministrativeLevel.code``) keeps the sessions of units at that level, which gives
  the "Cấp xã", "Cấp huyện" and "Tổng cộng" columns;
- only sessions marked **held** count (planned and cancelled ones are not reception).

Definitions, shared by every figure:

- *a session* ("cuộc tiếp dân") is a held ``ReceptionSession``, scheduled (định kỳ) or ad hoc (đột xuất);
- *a case* ("vụ việc") is a ``Visit``: one matter brought by one person or one delegation. A refused
  visit is a case only for row 5 ("từ chối tiếp"); every other row counts received visits only;
- *people received* ("lượt người được tiếp") is the sum of the headcounts of received visits: a
  delegation of 12 counts 12; refused visitors were not received and do not count.

Each figure costs at most two queries, and the rows 1–9 of one report two in all (``tallies``).
"""

import datetime

from django.db.models import Count, Q, QuerySet, Sum

from baove.figures import shared
from org.models import Unit
from reception.models import (
    RESOLVED,
    Competence,
    Outcome,
    ReceptionSession,
    SessionKind,
    SessionStatus,
    Visit,
    VisitKind,
)


def _check(date_from: datetime.date, date_to: datetime.date) -> None:
    if date_to < date_from:
        raise ValueError("date_to is before date_from")


def _held(prefix: str, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None) -> Q:
    _check(date_from, date_to)
    condition = Q(
        **{
            f"{prefix}unit__path__startswith": unit.path,
            f"{prefix}status": SessionStatus.HELD,
            f"{prefix}date__gte": date_from,
            f"{prefix}date__lte": date_to,
        }
    )
    if level is not None:
        condition &= Q(**{f"{prefix}unit__level__code": level})
    return condition


def _sessions(unit, date_from, date_to, level) -> QuerySet:
    return ReceptionSession.objects.filter(_held("", unit, date_from, date_to, level))


# Rows 1–9 are conditions on held sessions, or on the visits of held sessions, and a report asks for
# all of them at once, in three columns: each table is read once, grouped by administrative level
# (``tallies``), and every figure picks its number out.
RECEIVED = Q(refused=False)
SESSION_TALLIES = {
    # Row 1: sessions
    "sessions_scheduled": Count("pk", filter=Q(kind=SessionKind.SCHEDULED)),
    "sessions_ad_hoc": Count("pk", filter=Q(kind=SessionKind.AD_HOC)),
}
VISIT_TALLIES = {
    # Row 2: people received, the headcounts of received visits
    "visitors_scheduled": Sum("headcount", filter=RECEIVED & Q(session__kind=SessionKind.SCHEDULED), default=0),
    "visitors_ad_hoc": Sum("headcount", filter=RECEIVED & Q(session__kind=SessionKind.AD_HOC), default=0),
    # Rows 3–5
    "delegations": Count("pk", filter=RECEIVED & Q(kind=VisitKind.DELEGATION)),
    "complex_prolonged": Count("pk", filter=RECEIVED & Q(complex_prolonged=True)),
    "refused": Count("pk", filter=Q(refused=True)),
    # Row 6: degradation, "self-evolution", "self-transformation"
    "degradation_handled": Count("pk", filter=RECEIVED & Q(degradation=True, outcome__in=RESOLVED)),
    "degradation_unhandled": Count("pk", filter=RECEIVED & Q(degradation=True, outcome=Outcome.IN_PROGRESS)),
    # Row 7: within the authority to handle
    "competent_resolved_closed": Count(
        "pk", filter=RECEIVED & Q(competence=Competence.HANDLE, outcome=Outcome.RESOLVED_CLOSED)
    ),
    "competent_resolved_continuing": Count(
        "pk", filter=RECEIVED & Q(competence=Competence.HANDLE, outcome=Outcome.RESOLVED_CONTINUING)
    ),
    "competent_in_progress": Count(
        "pk", filter=RECEIVED & Q(competence=Competence.HANDLE, outcome=Outcome.IN_PROGRESS)
    ),
    # Row 8: within the authority to direct the handling
    "directed": Count("pk", filter=RECEIVED & Q(competence=Competence.DIRECT)),
    "directed_complex_mass": Count(
        "pk",
        filter=RECEIVED & Q(competence=Competence.DIRECT) & (Q(kind=VisitKind.DELEGATION) | Q(complex_prolonged=True)),
    ),
    "directed_exploited": Count("pk", filter=RECEIVED & Q(competence=Competence.DIRECT, exploited_incitement=True)),
    # Row 9: not within the authority
    "guided": Count("pk", filter=RECEIVED & Q(competence=Competence.NOT_COMPETENT)),
}


@shared
def tallies(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict[str, dict[str, int]]:
    """Every row's number by the administrative level of the session's unit: two queries."""
    by_level: dict[str, dict[str, int]] = {}
    for queryset, level_field, measures in (
        (_sessions(unit, date_from, date_to, None), "unit__level__code", SESSION_TALLIES),
        (
            Visit.objects.filter(_held("session__", unit, date_from, date_to, None)),
            "session__unit__level__code",
            VISIT_TALLIES,
        ),
    ):
        # Prefixed: an annotation named like a field ("refused") would shadow it in the next filter.
        annotations = {f"n_{name}": measure for name, measure in measures.items()}
        for group in queryset.order_by().values(level_field).annotate(**annotations):
            counts = by_level.setdefault(group[level_field] or "", {})
            for name in measures:
                counts[name] = counts.get(name, 0) + int(group[f"n_{name}"] or 0)
    return by_level


def _tally(name: str, docstring: str):
    def figure(*, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None) -> int:
        by_level = tallies(unit=unit, date_from=date_from, date_to=date_to)
        if level is not None:
            return by_level.get(level, {}).get(name, 0)
        return sum(counts.get(name, 0) for counts in by_level.values())

    figure.__name__ = figure.__qualname__ = name
    figure.__doc__ = docstring
    return figure


sessions_scheduled = _tally("sessions_scheduled", """Row 1, "Định kỳ": held scheduled sessions.""")
sessions_ad_hoc = _tally("sessions_ad_hoc", """Row 1, "Đột xuất": held ad hoc sessions.""")
visitors_scheduled = _tally(
    "visitors_scheduled",
    """Row 2, "Định kỳ": people received at scheduled sessions (headcounts of received visits).""",
)
visitors_ad_hoc = _tally(
    "visitors_ad_hoc", """Row 2, "Đột xuất": people received at ad hoc sessions (headcounts of received visits)."""
)
delegations = _tally(
    "delegations", """Row 3: mass delegations received (one per delegation visit, whatever its size)."""
)
complex_prolonged = _tally("complex_prolonged", """Row 4: received cases flagged complex or prolonged.""")
refused = _tally("refused", """Row 5: cases refused (visits refused, with their reason), a delegation counting once.""")
degradation_handled = _tally(
    "degradation_handled",
    """Row 6, "Đã xử lý/chỉ đạo xử lý": received cases about degradation, "self-evolution" or
    "self-transformation" of officials whose outcome is handled (closed or still pursued).""",
)
degradation_unhandled = _tally(
    "degradation_unhandled", """Row 6, "Chưa xử lý/chỉ đạo xử lý": the same cases still being handled."""
)
competent_resolved_closed = _tally(
    "competent_resolved_closed",
    """Row 7, first line: cases within the authority to handle, handled, no further feedback.""",
)
competent_resolved_continuing = _tally(
    "competent_resolved_continuing",
    """Row 7, second line: cases within the authority to handle, handled, the visitors still pursue it.""",
)
competent_in_progress = _tally(
    "competent_in_progress", """Row 7, third line: cases within the authority to handle, still being handled."""
)
directed = _tally(
    "directed", """Row 8, first line: cases within the authority to direct whose handling was directed."""
)
directed_complex_mass = _tally(
    "directed_complex_mass",
    """Row 8, second line: of those, cases brought by a mass delegation or complex or prolonged.""",
)
directed_exploited = _tally(
    "directed_exploited",
    """Row 8, third line: of those, cases exploited or incited (persistent, rejecting the competent
    body's decision, disturbing security and order) whose handling was directed or coordinated.""",
)
guided = _tally("guided", """Row 9: cases not within the authority, the visitors guided to the competent body.""")


# The head's own reception


def head_days(*, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None) -> int:
    """Days on which the head of a unit of the subtree hosted a held session in person: each unit's
    distinct dates, summed over the units (two heads on the same day count twice)."""
    rows = _sessions(unit, date_from, date_to, level).filter(hosted_by_head=True)
    return rows.order_by().values("unit_id", "date").distinct().count()
