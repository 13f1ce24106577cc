"""The Appendix 2 figures (Regulation 11-QĐi/TW review) against the issue's case and direct counts."""

import datetime

import pytest

from baove.figures import FIGURES, compute_records
from reception.models import Competence, Outcome, ReceptionSession, SessionKind, SessionStatus, Visit, VisitKind

from .conftest import delegation, make_session, make_visit, refused

pytestmark = pytest.mark.django_db

MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
KEYS = sorted(key for key in FIGURES if key.startswith("reception."))


def figures(unit, date_from, date_to, level=None) -> dict:
    return {key: compute_records(key, unit=unit, date_from=date_from, date_to=date_to, level=level) for key in KEYS}


def test_every_reception_figure_is_registered_by_level():
    assert len(KEYS) == 17
    assert all(FIGURES[key].by_level for key in KEYS)


def test_a_heads_session_with_a_delegation_of_12_and_one_refusal_counts_at_commune_level_in_its_month(
    units, commune_staff
):
    session = make_session(
        commune_staff.intake, units.commune, datetime.date(2026, 3, 17), host=commune_staff.head, host_title="Bí thư"
    )
    delegation(commune_staff.intake, session, headcount=12)
    refused(commune_staff.intake, session)

    commune = figures(units.province, *MARCH, level="commune")
    assert commune["reception.sessions.scheduled"] == 1
    assert commune["reception.sessions.ad_hoc"] == 0
    assert commune["reception.visitors.scheduled"] == 12  # refused visitors were not received
    assert commune["reception.delegations"] == 1
    assert commune["reception.cases.refused"] == 1
    assert commune["reception.cases.competent.in_progress"] == 1
    assert commune["reception.head_days"] == 1
    assert figures(units.province, *MARCH) == commune  # the total column
    assert set(figures(units.province, *MARCH, level="district").values()) == {0}
    assert set(figures(units.province, MARCH[0], datetime.date(2026, 3, 16), level="commune").values()) == {0}
    assert set(figures(units.other, *MARCH).values()) == {0}


def _expected(unit, date_from, date_to, level) -> dict:
    """The definitions of ``reception.stats``, counted in Python over every row."""
    sessions = {
        s.pk: s
        for s in ReceptionSession.objects.select_related("unit__level")
        if s.unit.path.startswith(unit.path)
        and s.status == SessionStatus.HELD
        and date_from <= s.date <= date_to
        and (level is None or s.unit.level.code == level)
    }
    visits = [v for v in Visit.objects.all() if v.session_id in sessions]
    got = [v for v in visits if not v.refused]
    directed = [v for v in got if v.competence == Competence.DIRECT]

    def people(kind):
        return sum(v.headcount for v in got if sessions[v.session_id].kind == kind)

    def competent(outcome):
        return sum(1 for v in got if v.competence == Competence.HANDLE and v.outcome == outcome)

    return {
        "reception.sessions.scheduled": sum(1 for s in sessions.values() if s.kind == SessionKind.SCHEDULED),
        "reception.sessions.ad_hoc": sum(1 for s in sessions.values() if s.kind == SessionKind.AD_HOC),
        "reception.visitors.scheduled": people(SessionKind.SCHEDULED),
        "reception.visitors.ad_hoc": people(SessionKind.AD_HOC),
        "reception.delegations": sum(1 for v in got if v.kind == VisitKind.DELEGATION),
        "reception.cases.complex_prolonged": sum(1 for v in got if v.complex_prolonged),
        "reception.cases.refused": sum(1 for v in visits if v.refused),
        "reception.cases.degradation.handled": sum(
            1 for v in got if v.degradation and v.outcome in (Outcome.RESOLVED_CLOSED, Outcome.RESOLVED_CONTINUING)
        ),
        "reception.cases.degradation.unhandled": sum(
            1 for v in got if v.degradation and v.outcome == Outcome.IN_PROGRESS
        ),
        "reception.cases.competent.resolved_closed": competent(Outcome.RESOLVED_CLOSED),
        "reception.cases.competent.resolved_continuing": competent(Outcome.RESOLVED_CONTINUING),
        "reception.cases.competent.in_progress": competent(Outcome.IN_PROGRESS),
        "reception.cases.directed": len(directed),
        "reception.cases.directed.complex_mass": sum(
            1 for v in directed if v.kind == VisitKind.DELEGATION or v.complex_prolonged
        ),
        "reception.cases.directed.exploited": sum(1 for v in directed if v.exploited_incitement),
        "reception.cases.guided": sum(1 for v in got if v.competence == Competence.NOT_COMPETENT),
        "reception.head_days": len({(s.unit_id, s.date) for s in sessions.values() if s.hosted_by_head}),
    }


@pytest.fixture
def mixed(units, people, commune_staff):
    """Sessions at province level (the People's Committee) and commune level, on the window's first and
    last days and one day outside each end, plus planned, cancelled and another province's sessions."""
    first, last = datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)
    province = people.intake
    commune = commune_staff.intake

    s1 = make_session(province, units.committee, first, host=people.head, host_title="Chủ tịch")
    delegation(province, s1, headcount=7, competence=Competence.DIRECT, outcome=Outcome.IN_PROGRESS)
    make_visit(province, s1, degradation=True, outcome=Outcome.RESOLVED_CLOSED)
    make_visit(province, s1, degradation=True, competence=Competence.NOT_COMPETENT)
    refused(province, s1)

    s2 = make_session(province, units.committee, last, kind=SessionKind.AD_HOC, hosted_by_head=False)
    make_visit(province, s2, complex_prolonged=True, competence=Competence.DIRECT, exploited_incitement=True)
    make_visit(province, s2, outcome=Outcome.RESOLVED_CONTINUING)
    delegation(province, s2, headcount=30, refused=True, refusal_reason="Vụ việc đã giải quyết đúng pháp luật.")

    s3 = make_session(None, units.finance, datetime.date(2026, 5, 5), kind=SessionKind.AD_HOC)
    make_visit(None, s3, outcome=Outcome.RESOLVED_CLOSED)

    s4 = make_session(commune, units.commune, datetime.date(2026, 5, 12))
    delegation(commune, s4, headcount=5, complex_prolonged=True, competence=Competence.DIRECT)
    make_visit(commune, s4, degradation=True, outcome=Outcome.RESOLVED_CONTINUING)
    s5 = make_session(
        commune,
        units.commune,
        datetime.date(2026, 5, 12),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 0),
    )
    make_visit(commune, s5)

    outside = [
        make_session(province, units.committee, first - datetime.timedelta(days=1)),
        make_session(commune, units.commune, last + datetime.timedelta(days=1)),
    ]
    for session in outside:
        delegation(session.created_by, session, headcount=9)
        refused(session.created_by, session)
    make_session(province, units.committee, datetime.date(2026, 5, 20), status=SessionStatus.PLANNED)
    make_session(province, units.committee, datetime.date(2026, 5, 21), status=SessionStatus.CANCELLED)
    other = make_session(None, units.other, datetime.date(2026, 5, 6))
    delegation(None, other, headcount=40)
    return first, last


def test_each_figure_matches_a_direct_count_by_level_and_in_total(units, mixed):
    first, last = mixed
    for level in (None, "province", "commune", "district"):
        expected = _expected(units.province, first, last, level)
        assert figures(units.province, first, last, level) == expected, level
    assert _expected(units.province, first, last, None) == {
        "reception.sessions.scheduled": 3,
        "reception.sessions.ad_hoc": 2,
        "reception.visitors.scheduled": 7 + 1 + 1 + 5 + 1 + 1,
        "reception.visitors.ad_hoc": 1 + 1 + 1,
        "reception.delegations": 2,
        "reception.cases.complex_prolonged": 2,
        "reception.cases.refused": 2,
        "reception.cases.degradation.handled": 2,
        "reception.cases.degradation.unhandled": 1,
        "reception.cases.competent.resolved_closed": 2,
        "reception.cases.competent.resolved_continuing": 2,
        "reception.cases.competent.in_progress": 1,
        "reception.cases.directed": 3,
        "reception.cases.directed.complex_mass": 3,
        "reception.cases.directed.exploited": 1,
        "reception.cases.guided": 1,
        # The committee on 1/4, its department on 5/5, the commune once on 12/5 (two sessions that day).
        "reception.head_days": 3,
    }


def test_the_window_includes_both_ends_and_nothing_beyond(units, mixed):
    first, last = mixed
    only_first = figures(units.province, first, first)
    assert only_first["reception.sessions.scheduled"] == 1
    assert only_first["reception.visitors.scheduled"] == 7 + 1 + 1
    only_last = figures(units.province, last, last)
    assert only_last["reception.sessions.ad_hoc"] == 1 and only_last["reception.cases.refused"] == 1
    day_before = first - datetime.timedelta(days=1)
    assert figures(units.province, day_before, day_before)["reception.delegations"] == 1
    wider = figures(units.province, day_before, last + datetime.timedelta(days=1))
    assert wider["reception.delegations"] == figures(units.province, first, last)["reception.delegations"] + 2


def test_a_subtree_counts_only_its_own_units(units, mixed):
    first, last = mixed
    committee = figures(units.committee, first, last)
    assert committee == _expected(units.committee, first, last, None)
    assert committee["reception.sessions.ad_hoc"] == 2  # the committee's and its department's
    assert figures(units.other, first, last)["reception.visitors.scheduled"] == 40
