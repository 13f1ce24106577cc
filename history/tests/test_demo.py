"""The demo historical data loads on the An Giang units, once, and shows in the 2019–2023 figures."""

import datetime
from types import SimpleNamespace

import pytest

from accounts.models import Role, Scope
from baove.figures import compute
from conftest import _person
from history import demo
from history.models import AggregateFigure, ImportBatch
from org.models import UnitKind
from org.services import unit_create

pytestmark = pytest.mark.django_db

UNITS = [
    ("TU-AG", "Tỉnh ủy An Giang", "province", None),
    ("UBND-AG", "Ủy ban nhân dân tỉnh", "province", "TU-AG"),
    ("KKT-AG", "Ban Quản lý Khu kinh tế", "province", "UBND-AG"),
    ("STC-AG", "Sở Tài chính", "province", "UBND-AG"),
    ("HU-CM", "Huyện ủy Chợ Mới", "district", "TU-AG"),
    ("DU-X-KA", "Đảng ủy xã Kiến An", "commune", "HU-CM"),
]


@pytest.fixture
def ctx(levels):
    units = {}
    for code, name, level, parent in UNITS:
        units[code] = unit_create(
            actor=None,
            code=code,
            name=name,
            kind=UnitKind.PARTY_COMMITTEE,
            level=getattr(levels, level),
            parent=units.get(parent),
        )
    officer = _person("baocao", "Huỳnh Quốc Bảo", units["TU-AG"], Role.REPORTING, Scope.SUBTREE)
    return SimpleNamespace(units=units, accounts={"baocao": officer}, today=datetime.date(2026, 11, 1))


def test_the_demo_loads_once_and_counts_in_the_review(ctx):
    assert demo.load_demo(ctx) is True
    assert demo.load_demo(ctx) is False
    assert ImportBatch.objects.count() == 3
    assert AggregateFigure.objects.count() == 6
    review = {
        "unit": ctx.units["TU-AG"],
        "date_from": datetime.date(2019, 1, 1),
        "date_to": datetime.date(2023, 12, 31),
    }
    assert compute("cases.petitions.received", **review) == 60
    assert compute("reception.sessions.scheduled", **review) == 24 + 22
    assert compute("protection.requested.total", **review) == 3
