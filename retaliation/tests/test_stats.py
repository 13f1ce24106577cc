"""Statistics for (unit subtree, window): records in and out of the subtree, on and beyond the edges."""

import datetime

import pytest

from accounts.models import Role, Scope
from cases import services as case_services
from cases.models import Channel, Kind, Subject
from conftest import _person
from retaliation import services, stats
from retaliation.models import IncidentStatus

from .conftest import make_case

pytestmark = pytest.mark.django_db

D = datetime.date
FROM, TO = D(2026, 1, 1), D(2026, 6, 30)
BEFORE, FIRST, LAST, AFTER = D(2025, 12, 31), FROM, TO, D(2026, 7, 1)


def window(unit):
    return {"unit": unit, "date_from": FROM, "date_to": TO}


@pytest.fixture
def actor(units):
    """A custodian of the whole province, and one of the other province; returns who records for a unit."""
    province = _person("baomattinh", "Custodian HB", units.province, Role.CUSTODIAN, Scope.SUBTREE)
    other = _person("baomatlc", "Custodian LC", units.other, Role.CUSTODIAN, Scope.SUBTREE)
    return lambda unit: other if unit.code == "TU-LC" else province


def incident(actor, unit, reported_on, forms=("transfer",), case=None, finding=None):
    record = services.incident_record(
        actor=actor(unit),
        unit=unit,
        forms=list(forms),
        occurred_on=reported_on,
        reported_on=reported_on,
        description="x",
        protection_case=case,
    )
    if finding:
        services.incident_conclude(
            actor=actor(unit), incident=record, status=finding, finding="x", concluded_on=reported_on
        )
    return record


def test_incidents(units, actor):
    case = make_case(units.committee)
    incident(actor, units.committee, FIRST, ("transfer", "threat"), case=case, finding=IncidentStatus.CONFIRMED)
    incident(actor, units.finance, LAST, ("threat",), case=case)  # same person, counted once
    incident(actor, units.finance, D(2026, 3, 1), ("slander",), finding=IncidentStatus.UNFOUNDED)
    incident(actor, units.committee, BEFORE, ("transfer",))
    incident(actor, units.committee, AFTER, ("transfer",))
    incident(actor, units.commune, D(2026, 3, 1), ("assault",))  # outside the committee's subtree
    incident(actor, units.other, D(2026, 3, 1), ("assault",))

    result = stats.retaliation_incidents(**window(units.committee))
    assert result["total"] == 3
    assert result["persons"] == 2
    assert result["confirmed_persons"] == 1
    assert result["by_form"]["transfer"] == 1 and result["by_form"]["threat"] == 2 and result["by_form"]["slander"] == 1
    assert result["by_form"]["assault"] == 0
    assert result["by_finding"] == {"reported": 1, "verifying": 0, "confirmed": 1, "unfounded": 1}

    province = stats.retaliation_incidents(**window(units.province))
    assert province["total"] == 4 and province["by_form"]["assault"] == 1
    assert stats.retaliation_incidents(unit=units.finance, date_from=LAST, date_to=LAST)["total"] == 1


def test_sanctions_and_heads(units, actor):
    inside = incident(actor, units.finance, D(2025, 12, 1), finding=IncidentStatus.CONFIRMED)
    outside = incident(actor, units.commune, D(2025, 12, 1), finding=IncidentStatus.CONFIRMED)
    for record, kind, day in (
        (inside, "party", FIRST),
        (inside, "administrative", LAST),
        (inside, "criminal", AFTER),
        (inside, "party", BEFORE),
        (outside, "party", FIRST),
    ):
        services.sanction_record(
            actor=actor(units.province), incident=record, kind=kind, form="khiển trách", decided_by="x", decided_on=day
        )
    for record, form, day in ((inside, "warning", FIRST), (inside, "reprimand", AFTER), (outside, "warning", LAST)):
        services.head_accountability_record(
            actor=actor(units.province),
            incident=record,
            name="Trưởng",
            position="Giám đốc",
            unit_text="Sở",
            form=form,
            decided_by="x",
            decided_on=day,
        )

    sanctions = stats.retaliation_sanctions(**window(units.committee))
    assert sanctions == {"total": 2, "by_kind": {"party": 1, "administrative": 1, "criminal": 0}}
    heads = stats.heads_held_answerable(**window(units.committee))
    assert heads["total"] == 1 and heads["by_form"]["warning"] == 1 and heads["by_form"]["reprimand"] == 0
    assert stats.heads_held_answerable(**window(units.province))["total"] == 2


def test_commendations(units, actor):
    def commend(unit, kind, form, day, amount=None):
        services.commendation_record(
            actor=actor(unit),
            unit=unit,
            recipient_kind=kind,
            form=form,
            deciding_body="x",
            decided_on=day,
            amount=amount,
            recipient_name="Sở Tài chính" if kind != "reporter" else "",
            petition=_petition(units) if kind == "reporter" else None,
        )

    commend(units.committee, "reporter", "money", FIRST, 2_000_000)
    commend(units.finance, "unit", "certificate", LAST)
    commend(units.finance, "official", "other", D(2026, 2, 2))
    commend(units.committee, "official", "certificate", AFTER)
    commend(units.committee, "official", "certificate", BEFORE)
    commend(units.commune, "unit", "certificate", FIRST)

    result = stats.commendations(**window(units.committee))
    assert result == {
        "total": 3,
        "reporters": 1,
        "units": 1,
        "officials": 1,
        "by_form": {"certificate": 1, "money": 1, "other": 1},
        "amount": 2_000_000,
    }
    assert stats.commendations(**window(units.province))["total"] == 4


def _petition(units):
    return case_services.petition_submit(
        submission=case_services.Submission(
            channel=Channel.HOTLINE,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            unit=units.committee,
            content="x",
            accused=[],
            identity={},
            files=[],
        )
    ).petition


def test_false_reports(people, units):
    petition = _petition(units)
    for day, handling in (
        (FIRST, "fine"),
        (LAST, "criminal"),
        (D(2026, 4, 1), "fine"),
        (BEFORE, "fine"),
        (AFTER, "fine"),
    ):
        services.false_report_record(
            actor=people.custodian,
            unit=units.committee,
            petition=petition,
            finding="x",
            found_on=day,
            handling=handling,
        )
    result = stats.false_reports(**window(units.committee))
    assert result["total"] == 3
    assert result["by_handling"]["fine"] == 2 and result["by_handling"]["criminal"] == 1
    assert result["by_handling"]["none"] == 0
    assert stats.false_reports(**window(units.other))["total"] == 0


def test_a_reversed_window_is_an_error(units):
    with pytest.raises(ValueError):
        stats.false_reports(unit=units.committee, date_from=TO, date_to=FROM)
