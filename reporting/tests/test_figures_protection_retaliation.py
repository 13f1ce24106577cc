"""The figures of ``protection/figures.py`` and ``retaliation/figures.py`` against counts made here,
over units in and out of the subtree and records on both edges of the window and one day outside."""

import datetime
import itertools
from collections import Counter

import pytest
from django.utils import timezone

from accounts.models import Role, Scope
from baove.figures import FIGURES, compute
from cases.models import Kind, Matter, Subject
from conftest import _person
from protection.matching import person_id_hash
from protection.models import CaseStatus, Measure, Origin, ProtectionCase, ProtectionKind, Relationship
from retaliation import services as retaliation_services
from retaliation.models import Commendation, FalseReport, HeadAccountability, Incident, IncidentStatus, Sanction

pytestmark = pytest.mark.django_db

FIRST, LAST = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
BEFORE, AFTER = FIRST - datetime.timedelta(days=1), LAST + datetime.timedelta(days=1)
_numbers = itertools.count(1)
K = ProtectionKind


def figure(key, unit, date_from=FIRST, date_to=LAST):
    return compute(key, unit=unit, date_from=date_from, date_to=date_to)


def moment(day, hour=12, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_default_timezone())


def case(unit, requested_at, kinds, id_number="", status=CaseStatus.REQUESTED):
    number = next(_numbers)
    return ProtectionCase.objects.create(
        reference=f"BV-R-{number:05d}",
        unit=unit,
        origin=Origin.STAFF,
        relationship=Relationship.SELF,
        status=status,
        pseudonym=f"BD-R-{number:05d}",
        kinds_requested=[K.SECRECY, *kinds],
        requested_at=requested_at,
        decision_due_on=requested_at.date(),
        decided_at=None if status == CaseStatus.REQUESTED else requested_at,
        public_key=b"x" * 32,
        sealed_person=b"x",
        id_hash=person_id_hash(id_number) if id_number else "",
    )


def measure(case_, kind, starts_on, ends_on=None):
    return Measure.objects.create(case=case_, kind=kind, body="Công an tỉnh", starts_on=starts_on, ends_on=ends_on)


@pytest.fixture
def protection(units):
    c = {
        "a1": case(units.committee, moment(FIRST, 0, 5), [K.JOB], "A-1", CaseStatus.GRANTED),
        "a2": case(units.finance, moment(LAST, 23, 50), [K.PROPERTY, K.LIFE_HEALTH], "A-1"),  # the same person
        "b": case(units.commune, moment(LAST, 9), [K.HONOUR], "", CaseStatus.GRANTED),
        "before": case(units.committee, moment(BEFORE, 23, 50), [K.JOB], "B-2", CaseStatus.GRANTED),
        "after": case(units.committee, moment(AFTER, 0, 5), [K.JOB], "C-3"),
        "elsewhere": case(units.other, moment(FIRST), [K.JOB], "D-4", CaseStatus.GRANTED),
    }
    measure(c["a1"], K.JOB, FIRST)
    measure(c["b"], K.HONOUR, LAST)
    measure(c["before"], K.LIFE_HEALTH, BEFORE - datetime.timedelta(days=30), BEFORE)  # ended the day before
    measure(c["before"], K.PROPERTY, BEFORE - datetime.timedelta(days=30), FIRST)  # ends on the first day
    measure(c["elsewhere"], K.JOB, FIRST)
    return c


def requested_people(unit):
    """Counted here: people (by ID hash, else by case) who asked in the window, by kind."""
    start, end = moment(FIRST, 0, 0), moment(AFTER, 0, 0)
    people: dict[str, set] = {}
    for row in ProtectionCase.objects.filter(
        unit__path__startswith=unit.path, requested_at__gte=start, requested_at__lt=end
    ):
        people.setdefault(row.id_hash or f"case{row.pk}", set()).update(row.kinds_requested)
    return len(people), Counter(kind for kinds in people.values() for kind in kinds)


def test_people_who_requested_protection(units, protection):
    total, by_kind = requested_people(units.province)
    assert figure("protection.requested.total", units.province) == total == 2
    for kind in (K.JOB, K.LIFE_HEALTH, K.PROPERTY, K.HONOUR):
        assert figure(f"protection.requested.{kind}", units.province) == by_kind[kind]
    assert by_kind[K.JOB] == by_kind[K.HONOUR] == 1
    assert figure("protection.requested.total", units.committee) == 1
    assert figure("protection.requested.total", units.province, LAST, LAST) == 2


def test_people_protected(units, protection):
    in_force = Measure.objects.filter(
        case__unit__path__startswith=units.province.path, starts_on__lte=LAST, case__decided_at__isnull=False
    ).exclude(ends_on__lt=FIRST)
    people = {m.case.id_hash or m.case_id for m in in_force}
    assert figure("protection.protected.total", units.province) == len(people) == 3
    assert figure("protection.protected.job", units.province) == 1
    assert figure("protection.protected.property", units.province) == 1  # ends on the first day: counted
    assert figure("protection.protected.life_health", units.province) == 0  # ended the day before
    assert figure("protection.protected.honour", units.province) == 1
    assert figure("protection.protected.total", units.committee) == 2


def test_protection_decisions(units, protection):
    decided = ProtectionCase.objects.filter(
        unit__path__startswith=units.province.path,
        decided_at__gte=moment(FIRST, 0, 0),
        decided_at__lt=moment(AFTER, 0, 0),
    )
    assert figure("protection.decisions.total", units.province) == decided.count() == 2
    assert figure("protection.decisions.granted", units.province) == 2
    assert figure("protection.decisions.refused", units.province) == 0


@pytest.fixture
def recorder(units):
    province = _person("bm-r", "Custodian", units.province, Role.CUSTODIAN, Scope.SUBTREE)
    other = _person("bm-r-lc", "Custodian LC", units.other, Role.CUSTODIAN, Scope.SUBTREE)
    return lambda unit: other if unit.pk == units.other.pk else province


def incident(recorder, unit, day, forms, finding=None, case_=None):
    record = retaliation_services.incident_record(
        actor=recorder(unit),
        unit=unit,
        forms=list(forms),
        occurred_on=day,
        reported_on=day,
        description="x",
        protection_case=case_,
    )
    if finding:
        retaliation_services.incident_conclude(
            actor=recorder(unit), incident=record, status=finding, finding="x", concluded_on=day
        )
    return record


@pytest.fixture
def retaliation(units, recorder):
    person = case(units.committee, moment(BEFORE - datetime.timedelta(days=40)), [K.JOB], "P-1", CaseStatus.GRANTED)
    r = {
        "first": incident(recorder, units.committee, FIRST, ("transfer", "threat"), IncidentStatus.CONFIRMED, person),
        "last": incident(recorder, units.finance, LAST, ("threat",), None, person),  # the same person
        "leak": incident(recorder, units.commune, LAST, ("identity_leak",), IncidentStatus.CONFIRMED),
        "before": incident(recorder, units.committee, BEFORE, ("transfer",), IncidentStatus.CONFIRMED),
        "after": incident(recorder, units.committee, AFTER, ("transfer",)),
        "elsewhere": incident(recorder, units.other, FIRST, ("assault",), IncidentStatus.CONFIRMED),
    }
    for record, kind, day in (
        (r["first"], "party", FIRST),
        (r["first"], "administrative", LAST),
        (r["before"], "criminal", BEFORE),
        (r["leak"], "party", AFTER),
        (r["elsewhere"], "party", FIRST),
    ):
        retaliation_services.sanction_record(
            actor=recorder(record.unit), incident=record, kind=kind, form="khiển trách", decided_by="x", decided_on=day
        )
    for record, form, day in (
        (r["first"], "warning", FIRST),
        (r["leak"], "reprimand", LAST),
        (r["before"], "removal", BEFORE),
    ):
        retaliation_services.head_accountability_record(
            actor=recorder(record.unit),
            incident=record,
            name="Trưởng",
            position="Giám đốc",
            unit_text="Sở",
            form=form,
            decided_by="x",
            decided_on=day,
        )
    return r


def test_retaliation_incidents_persons_and_forms(units, retaliation):
    rows = Incident.objects.filter(
        unit__path__startswith=units.province.path, reported_on__gte=FIRST, reported_on__lte=LAST
    )
    assert figure("retaliation.incidents", units.province) == rows.count() == 3
    # The two incidents against the protected person are one person.
    assert figure("retaliation.persons", units.province) == 2
    assert figure("retaliation.persons.confirmed", units.province) == 2
    forms = Counter(form for row in rows for form in set(row.forms))
    for form in ("transfer", "threat", "identity_leak", "assault", "slander"):
        assert figure(f"retaliation.forms.{form}", units.province) == forms[form]
    assert forms["threat"] == 2
    for status in IncidentStatus.values:
        assert figure(f"retaliation.incidents.{status}", units.province) == rows.filter(status=status).count()
    assert figure("retaliation.incidents", units.committee) == 2


def test_sanctions_and_heads_disciplined(units, retaliation):
    sanctions = Sanction.objects.filter(
        incident__unit__path__startswith=units.province.path, decided_on__gte=FIRST, decided_on__lte=LAST
    )
    assert figure("retaliation.sanctions.total", units.province) == sanctions.count() == 2
    assert figure("retaliation.sanctions.party", units.province) == 1
    assert figure("retaliation.sanctions.administrative", units.province) == 1
    assert figure("retaliation.sanctions.criminal", units.province) == 0
    heads = HeadAccountability.objects.filter(
        incident__unit__path__startswith=units.province.path, decided_on__gte=FIRST, decided_on__lte=LAST
    )
    assert figure("retaliation.heads.disciplined", units.province) == heads.count() == 2
    assert figure("retaliation.heads.forms.warning", units.province) == 1
    assert figure("retaliation.heads.forms.reprimand", units.province) == 1
    assert figure("retaliation.heads.forms.removal", units.province) == 0
    assert figure("retaliation.heads.disciplined", units.committee) == 1


def test_every_protection_and_retaliation_figure_computes_on_an_empty_database(units):
    keys = [key for key in FIGURES if key.split(".")[0] in ("protection", "retaliation")]
    assert len(keys) >= 60
    assert all(figure(key, units.province) == 0 for key in keys)
    assert not any(FIGURES[key].by_level for key in keys)


def test_commendations_and_false_reports(units, recorder):
    for unit, kind, day in (
        (units.committee, "unit", FIRST),
        (units.finance, "official", LAST),
        (units.commune, "official", BEFORE),
        (units.committee, "unit", AFTER),
        (units.other, "unit", FIRST),
    ):
        retaliation_services.commendation_record(
            actor=recorder(unit),
            unit=unit,
            recipient_kind=kind,
            form="certificate",
            deciding_body="UBND tỉnh",
            decided_on=day,
            recipient_name="Sở Tài chính",
        )
    matter = Matter.objects.create(
        reference="VV-FR-1",
        unit=units.committee,
        kind=Kind.DENUNCIATION,
        subject=Subject.CORRUPTION,
        summary="x",
        opened_at=moment(BEFORE),
    )
    for day, handling in ((FIRST, "reminder"), (LAST, "fine"), (AFTER, "fine"), (BEFORE, "party")):
        retaliation_services.false_report_record(
            actor=recorder(units.committee),
            unit=units.committee,
            finding="x",
            found_on=day,
            handling=handling,
            matter=matter,
        )

    commended = Commendation.objects.filter(
        unit__path__startswith=units.province.path, decided_on__gte=FIRST, decided_on__lte=LAST
    )
    assert figure("retaliation.commendations.total", units.province) == commended.count() == 2
    assert figure("retaliation.commendations.units", units.province) == 1
    assert figure("retaliation.commendations.officials", units.province) == 1
    assert figure("retaliation.commendations.reporters", units.province) == 0
    untrue = FalseReport.objects.filter(
        unit__path__startswith=units.province.path, found_on__gte=FIRST, found_on__lte=LAST
    )
    assert figure("retaliation.false_reports.total", units.province) == untrue.count() == 2
    assert figure("retaliation.false_reports.fine", units.province) == 1
    assert figure("retaliation.false_reports.party", units.province) == 0
