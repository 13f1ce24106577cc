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

Each figure costs one query.
"""

import datetime

from django.db.models import Count, Q, QuerySet, Sum

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


def _received(unit, date_from, date_to, level) -> QuerySet:
    """Received (not refused) visits of held sessions in the window."""
    return Visit.objects.filter(_held("session__", unit, date_from, date_to, level), refused=False)


def _count(queryset: QuerySet) -> int:
    return queryset.order_by().aggregate(n=Count("pk"))["n"]


# Row 1: sessions


def sessions_scheduled(
    *, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None
) -> int:
    """Row 1, "Định kỳ": held scheduled sessions."""
    return _count(_sessions(unit, date_from, date_to, level).filter(kind=SessionKind.SCHEDULED))


def sessions_ad_hoc(*, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None) -> int:
    """Row 1, "Đột xuất": held ad hoc sessions."""
    return _count(_sessions(unit, date_from, date_to, level).filter(kind=SessionKind.AD_HOC))


# Row 2: people received


def _people(queryset: QuerySet) -> int:
    return queryset.order_by().aggregate(n=Sum("headcount", default=0))["n"]


def visitors_scheduled(
    *, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None
) -> int:
    """Row 2, "Định kỳ": people received at scheduled sessions (headcounts of received visits)."""
    return _people(_received(unit, date_from, date_to, level).filter(session__kind=SessionKind.SCHEDULED))


def visitors_ad_hoc(*, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None) -> int:
    """Row 2, "Đột xuất": people received at ad hoc sessions (headcounts of received visits)."""
    return _people(_received(unit, date_from, date_to, level).filter(session__kind=SessionKind.AD_HOC))


# Rows 3–5


def delegations(*, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None) -> int:
    """Row 3: mass delegations received (one per delegation visit, whatever its size)."""
    return _count(_received(unit, date_from, date_to, level).filter(kind=VisitKind.DELEGATION))


def complex_prolonged(*, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None) -> int:
    """Row 4: received cases flagged complex or prolonged."""
    return _count(_received(unit, date_from, date_to, level).filter(complex_prolonged=True))


def refused(*, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None) -> int:
    """Row 5: cases refused (visits refused, with their reason), a delegation counting once."""
    return _count(Visit.objects.filter(_held("session__", unit, date_from, date_to, level), refused=True))


# Row 6: degradation, "self-evolution", "self-transformation"


def degradation_handled(
    *, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None
) -> int:
    """Row 6, "Đã xử lý/chỉ đạo xử lý": received cases about degradation, "self-evolution" or
    "self-transformation" of officials whose outcome is handled (closed or still pursued)."""
    return _count(_received(unit, date_from, date_to, level).filter(degradation=True, outcome__in=RESOLVED))


def degradation_unhandled(
    *, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None
) -> int:
    """Row 6, "Chưa xử lý/chỉ đạo xử lý": the same cases still being handled."""
    return _count(_received(unit, date_from, date_to, level).filter(degradation=True, outcome=Outcome.IN_PROGRESS))


# Row 7: within the authority to handle


def _competent(unit, date_from, date_to, level, outcome: str) -> int:
    return _count(_received(unit, date_from, date_to, level).filter(competence=Competence.HANDLE, outcome=outcome))


def competent_resolved_closed(
    *, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None
) -> int:
    """Row 7, first line: cases within the authority to handle, handled, no further feedback."""
    return _competent(unit, date_from, date_to, level, Outcome.RESOLVED_CLOSED)


def competent_resolved_continuing(
    *, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None
) -> int:
    """Row 7, second line: cases within the authority to handle, handled, the visitors still pursue it."""
    return _competent(unit, date_from, date_to, level, Outcome.RESOLVED_CONTINUING)


def competent_in_progress(
    *, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None
) -> int:
    """Row 7, third line: cases within the authority to handle, still being handled."""
    return _competent(unit, date_from, date_to, level, Outcome.IN_PROGRESS)


# Row 8: within the authority to direct the handling


def _directed(unit, date_from, date_to, level) -> QuerySet:
    return _received(unit, date_from, date_to, level).filter(competence=Competence.DIRECT)


def directed(*, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None) -> int:
    """Row 8, first line: cases within the authority to direct whose handling was directed."""
    return _count(_directed(unit, date_from, date_to, level))


def directed_complex_mass(
    *, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None
) -> int:
    """Row 8, second line: of those, cases brought by a mass delegation or complex or prolonged."""
    return _count(
        _directed(unit, date_from, date_to, level).filter(Q(kind=VisitKind.DELEGATION) | Q(complex_prolonged=True))
    )


def directed_exploited(
    *, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None
) -> int:
    """Row 8, third line: of those, cases exploited or incited (persistent, rejecting the competent
    body's decision, disturbing security and order) whose handling was directed or coordinated."""
    return _count(_directed(unit, date_from, date_to, level).filter(exploited_incitement=True))


# Row 9: not within the authority


def guided(*, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None) -> int:
    """Row 9: cases not within the authority, the visitors guided to the competent body."""
    return _count(_received(unit, date_from, date_to, level).filter(competence=Competence.NOT_COMPETENT))


# The head's own reception


def head_days(*, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None) -> int:
    """Days on which the head of a unit of the subtree hosted a held session in person: each unit's
    distinct dates, summed over the units (two heads on the same day count twice)."""
    rows = _sessions(unit, date_from, date_to, level).filter(hosted_by_head=True)
    return rows.order_by().values("unit_id", "date").distinct().count()
