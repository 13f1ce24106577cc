"""The demo programme loads on the An Giang units, once."""

import datetime
from types import SimpleNamespace

import pytest

from accounts.models import Role, Scope
from conftest import _person
from org.models import UnitKind
from org.services import unit_create
from programme import demo, selectors, stats
from programme.models import Dissemination, Document, DueStatus, Inspection, PropagandaItem

pytestmark = pytest.mark.django_db

UNITS = [
    ("TU-AG", "Tỉnh ủy An Giang", UnitKind.PARTY_COMMITTEE, "province", None),
    ("BNC-AG", "Ban Nội chính Tỉnh ủy", UnitKind.DEPARTMENT, "province", "TU-AG"),
    ("UBKT-AG", "Ủy ban Kiểm tra Tỉnh ủy", UnitKind.INSPECTION_COMMISSION, "province", "TU-AG"),
    ("HDND-AG", "Hội đồng nhân dân tỉnh", UnitKind.PEOPLES_COUNCIL, "province", "TU-AG"),
    ("LDLD-AG", "Liên đoàn Lao động tỉnh", UnitKind.TRADE_UNION, "province", "TU-AG"),
    ("UBND-AG", "Ủy ban nhân dân tỉnh", UnitKind.PEOPLES_COMMITTEE, "province", "TU-AG"),
    ("KKT-AG", "Ban Quản lý Khu kinh tế", UnitKind.DEPARTMENT, "province", "UBND-AG"),
    ("KKT-AG-VP", "Văn phòng Ban", UnitKind.OTHER, "division", "KKT-AG"),
    ("KKT-AG-DN", "Phòng Quản lý doanh nghiệp", UnitKind.OTHER, "division", "KKT-AG"),
    ("KKT-AG-QH", "Phòng Quản lý quy hoạch", UnitKind.OTHER, "division", "KKT-AG"),
    ("HU-CM", "Huyện ủy Chợ Mới", UnitKind.PARTY_COMMITTEE, "district", "TU-AG"),
    ("DU-X-KA", "Đảng ủy xã Kiến An", UnitKind.PARTY_COMMITTEE, "commune", "HU-CM"),
]


@pytest.fixture
def ctx(levels):
    units = {}
    for code, name, kind, level, parent in UNITS:
        units[code] = unit_create(
            actor=None, code=code, name=name, kind=kind, level=getattr(levels, level), parent=units.get(parent)
        )
    accounts = {
        "baocao": _person("baocao", "Huỳnh Quốc Bảo", units["TU-AG"], Role.REPORTING, Scope.SUBTREE),
        "truongban": _person("truongban", "Phạm Thanh Tùng", units["KKT-AG"], Role.HEAD),
        "giamsat": _person("giamsat", "Đặng Thị Thu Sương", units["TU-AG"], Role.OVERSIGHT, Scope.SUBTREE),
    }
    return SimpleNamespace(units=units, accounts=accounts, today=datetime.date(2026, 11, 22))


def test_the_demo_loads_once(ctx):
    assert demo.load_demo(ctx) is True
    counts = [
        Document.objects.count(),
        Dissemination.objects.count(),
        Inspection.objects.count(),
        PropagandaItem.objects.count(),
    ]
    assert demo.load_demo(ctx) is False
    assert [
        Document.objects.count(),
        Dissemination.objects.count(),
        Inspection.objects.count(),
        PropagandaItem.objects.count(),
    ] == counts

    board = Document.objects.get(number="36/KH-BQLKKT")
    assert [link.document.number for link in selectors.chain_above(ctx.accounts["truongban"], board)] == [
        "27-CT/TW",
        "80-KH/TU",
    ]
    june = board.tasks.get(timing="recurring").due_items.filter(due_on=datetime.date(2026, 6, 5))
    assert sorted(june.values_list("unit__code", "status")) == [
        ("KKT-AG-DN", DueStatus.LATE_DONE),
        ("KKT-AG-QH", DueStatus.OPEN),
        ("KKT-AG-VP", DueStatus.DONE),
    ]
    assert selectors.plan_overdue_count(board, today=datetime.date(2026, 11, 22)) == 1
    window = {
        "unit": ctx.units["TU-AG"],
        "date_from": datetime.date(2019, 1, 10),
        "date_to": datetime.date(2026, 12, 31),
    }
    assert stats.d27_inspections_committee(**window) == 1
    assert stats.d27_inspections_subordinate(**window) == 2
    assert stats.r11_heads_not_disciplined(**window) == 1
    assert stats.d27_dissemination_participants(**window) == 320 + 240 + 85  # the board's conference too
