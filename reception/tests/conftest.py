"""Shared helpers of the reception tests: reception staff of the commune, sessions and visits created
through the services."""

import datetime
from types import SimpleNamespace

import pytest

from accounts.models import Role, Scope
from conftest import _person
from reception import services
from reception.models import Competence, MatterKind, Outcome, SessionKind, SessionStatus, VisitKind


@pytest.fixture
def commune_staff(units):
    """Reception staff of the commune Party committee (XA-TP): an intake officer and the head."""
    return SimpleNamespace(
        intake=_person("tiepdanxa", "Lâm Thị Tiếp", units.commune, Role.INTAKE),
        head=_person("bithuxa", "Châu Văn Bí", units.commune, Role.HEAD),
    )


@pytest.fixture
def wide_oversight(units):
    """Oversight over the whole province (reads sessions and counts, never summaries)."""
    return _person("giamsattinh", "Mai Thị Giám", units.province, Role.OVERSIGHT, Scope.SUBTREE)


def make_session(actor, unit, day: datetime.date, **extra):
    values = {
        "unit": unit,
        "kind": SessionKind.SCHEDULED,
        "date": day,
        "place": "Phòng tiếp công dân",
        "host_title": "Bí thư",
        "status": SessionStatus.HELD,
        "start_time": datetime.time(8, 0),
        "end_time": datetime.time(11, 0),
    }
    values.update(extra)
    return services.session_create(actor=actor, data=services.SessionData(**values))


def make_visit(actor, session, **extra):
    values = {
        "matter_kind": MatterKind.FEEDBACK,
        "summary": "Phản ánh việc chậm giải quyết hồ sơ đất đai.",
        "competence": Competence.HANDLE,
        "outcome": Outcome.IN_PROGRESS,
    }
    values.update(extra)
    return services.visit_record(actor=actor, session=session, data=services.VisitData(**values))


def delegation(actor, session, headcount=12, **extra):
    return make_visit(actor, session, kind=VisitKind.DELEGATION, headcount=headcount, **extra)


def refused(actor, session, **extra):
    return make_visit(actor, session, refused=True, refusal_reason="Say rượu, xúc phạm cán bộ tiếp dân.", **extra)
