"""The statistics selectors against counts made by hand: cases inside and outside the subtree, on
the first and the last day of the window and just outside it (Asia/Ho_Chi_Minh)."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role, Scope
from accounts.services import account_create
from conftest import PASSWORD
from protection import services, stats
from protection.models import ProtectionKind
from protection.tests.helpers import PERSON

pytestmark = pytest.mark.django_db
K = ProtectionKind


@pytest.fixture
def window():
    start = timezone.localdate() + datetime.timedelta(days=40)
    first = start + datetime.timedelta(days=(7 - start.weekday()) % 7)  # a Monday
    return SimpleNamespace(first=first, last=first + datetime.timedelta(days=27))


@pytest.fixture
def staff(units):
    """A custodian and a head over each province's whole tree."""

    def person(username, unit, role):
        return account_create(
            actor=None,
            username=username,
            full_name=username,
            password=PASSWORD,
            unit=unit,
            role=role,
            scope=Scope.SUBTREE,
        )

    return SimpleNamespace(
        custodian=person("bm-tinh", units.province, Role.CUSTODIAN),
        head=person("tt-tinh", units.province, Role.HEAD),
        other_custodian=person("bm-lc", units.other, Role.CUSTODIAN),
        other_head=person("tt-lc", units.other, Role.HEAD),
    )


def moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_default_timezone())


def open_at(when, unit, custodian, *, id_number="", kinds=()):
    with time_machine.travel(when, tick=False):
        return services.protection_open(
            unit=unit,
            origin="staff",
            relationship="self",
            kinds=kinds,
            person={**PERSON, "id_number": id_number},
            reasons="Lý do",
            actor=custodian,
        )


def decide_at(when, case, head, *, grant=True, measures=()):
    with time_machine.travel(when, tick=False):
        return services.protection_decide(case=case, actor=head, grant=grant, reasons="Lý do", measures=list(measures))


@pytest.fixture
def scenario(units, staff, window):
    day = datetime.timedelta(days=1)
    first, last = window.first, window.last
    c, h = staff.custodian, staff.head
    cases = SimpleNamespace(
        r1=open_at(moment(first, 0, 5), units.committee, c, id_number="A-001", kinds=[K.JOB]),
        r2=open_at(moment(last, 23, 55), units.finance, c, id_number="A 001", kinds=[K.PROPERTY, K.LIFE_HEALTH]),
        r3=open_at(moment(first - day, 23, 59), units.committee, c, id_number="B-002", kinds=[K.JOB]),
        r4=open_at(moment(last + day, 0, 0), units.committee, c, id_number="X-009", kinds=[K.JOB]),
        r5=open_at(moment(first, 12), units.commune, c, id_number="C-003", kinds=[K.JOB]),
        r6=open_at(moment(first, 12), units.other, staff.other_custodian, id_number="D-004", kinds=[K.JOB]),
        r7=open_at(moment(last, 12), units.committee, c, kinds=[K.HONOUR]),
        r9=open_at(moment(first - 30 * day, 9), units.committee, c, id_number="E-005", kinds=[K.LIFE_HEALTH]),
    )
    decide_at(
        moment(first, 0, 1),
        cases.r3,
        h,
        measures=[
            {"kind": K.JOB, "body": "Sở Nội vụ", "starts_on": first - 5 * day, "ends_on": first},
            {"kind": K.SECRECY, "body": "UBND tỉnh", "starts_on": first},
        ],
    )
    decide_at(moment(last, 23, 59), cases.r1, h, grant=False)
    decide_at(moment(last + day, 0, 1), cases.r4, h)
    decide_at(moment(first, 12), cases.r5, h)
    decide_at(moment(first, 12), cases.r6, staff.other_head)
    decide_at(moment(last, 13), cases.r7, h, measures=[{"kind": K.HONOUR, "body": "Công an tỉnh", "starts_on": last}])
    decide_at(moment(first - 29 * day, 9), cases.r9, h, measures=[{"kind": K.LIFE_HEALTH, "body": "Công an tỉnh"}])
    with time_machine.travel(moment(first + 2 * day, 9), tick=False):
        services.protection_end(case=cases.r9, actor=h, reason="Hết nguy cơ")
    return cases


def by_kind(**counts) -> dict:
    return {kind: counts.get(kind, 0) for kind in K.values}


def test_people_who_requested_protection(units, window, scenario):
    # Committee subtree: person A (r1 and r2, the same ID number) and r7 (no ID number); r3 and r4
    # fall just outside the window, r5 and r6 outside the subtree.
    assert stats.protection_requests(unit=units.committee, date_from=window.first, date_to=window.last) == {
        "total": 2,
        "by_kind": by_kind(secrecy=2, job=1, property=1, life_health=1, honour=1),
    }
    # The province adds r5 (commune).
    assert stats.protection_requests(unit=units.province, date_from=window.first, date_to=window.last) == {
        "total": 3,
        "by_kind": by_kind(secrecy=3, job=2, property=1, life_health=1, honour=1),
    }
    # One day: the first day holds r1 only (r3 was the evening before).
    assert stats.protection_requests(unit=units.committee, date_from=window.first, date_to=window.first)["total"] == 1


def test_people_protected(units, window, scenario):
    # r3: job ending on the first day, secrecy from it; r7: honour and secrecy from the last day;
    # r9: ended two days into the window. r1 was refused; r4 and r5 start after or elsewhere.
    assert stats.people_protected(unit=units.committee, date_from=window.first, date_to=window.last) == {
        "total": 3,
        "by_kind": by_kind(secrecy=3, job=1, honour=1, life_health=1),
    }
    after = window.last + datetime.timedelta(days=1)
    # The day after: r3's secrecy and r7's measures still run, r4's secrecy starts; r9 has ended.
    assert stats.people_protected(unit=units.committee, date_from=after, date_to=after) == {
        "total": 3,
        "by_kind": by_kind(secrecy=3, honour=1),
    }


def test_protection_decisions(units, window, scenario):
    late = int(timezone.localdate(moment(window.last, 23, 59)) > scenario.r1.decision_due_on)
    assert stats.protection_decisions(unit=units.committee, date_from=window.first, date_to=window.last) == {
        "total": 3,
        "granted": 2,
        "refused": 1,
        "late": late,
    }
    assert late == 1
    assert stats.protection_decisions(unit=units.province, date_from=window.first, date_to=window.last)["total"] == 4
