"""A three-level tree for campaigns: a central body → a province → two communes (and a third unit
outside), with named people, and the built-in Directive 27 review template."""

import datetime
from types import SimpleNamespace

import pytest

from accounts.models import Role
from campaigns import services
from campaigns.models import Recipient
from conftest import _person
from org.models import UnitKind
from org.services import unit_create
from reporting.models import ReportTemplate

WINDOW_FROM, WINDOW_TO = datetime.date(2019, 1, 10), datetime.date(2023, 12, 31)
DUE = datetime.date(2024, 5, 30)


@pytest.fixture
def tree(levels):
    def make(code, name, kind, level, parent):
        return unit_create(actor=None, code=code, name=name, kind=kind, level=level, parent=parent)

    central = make("BNCTW", "Ban Nội chính Trung ương", UnitKind.DEPARTMENT, levels.central, None)
    province = make("TU-DT", "Tỉnh ủy Đồng Tháp", UnitKind.PARTY_COMMITTEE, levels.province, central)
    commune_a = make("DU-X-AN", "Đảng ủy xã An Bình", UnitKind.PARTY_COMMITTEE, levels.commune, province)
    commune_b = make("DU-X-MY", "Đảng ủy xã Mỹ Hiệp", UnitKind.PARTY_COMMITTEE, levels.commune, province)
    office = make("VP-TU-DT", "Văn phòng Tỉnh ủy", UnitKind.DEPARTMENT, levels.province, province)
    other = make("TU-CT", "Tỉnh ủy Cần Thơ", UnitKind.PARTY_COMMITTEE, levels.province, None)
    return SimpleNamespace(
        central=central, province=province, commune_a=commune_a, commune_b=commune_b, office=office, other=other
    )


@pytest.fixture
def staff(tree):
    return SimpleNamespace(
        central=_person("bc.tw", "Trịnh Văn Trung", tree.central, Role.REPORTING),
        province=_person("bc.tinh", "Lâm Thị Tỉnh", tree.province, Role.REPORTING),
        province_head=_person("bithu.tinh", "Đoàn Văn Bí", tree.province, Role.HEAD),
        commune_a=_person("bc.an", "Mai Văn An", tree.commune_a, Role.REPORTING),
        commune_a_handler=_person("xl.an", "Tạ Thị Xử", tree.commune_a, Role.HANDLER),
        commune_b=_person("bc.my", "Châu Thị Mỹ", tree.commune_b, Role.REPORTING),
        outsider=_person("bc.ct", "Lý Văn Ngoài", tree.other, Role.REPORTING),
    )


@pytest.fixture
def template():
    """The built-in Directive 27 review (latest version), loaded by reporting's data migration."""
    found = ReportTemplate.objects.filter(code="d27-review").order_by("-version").first()
    assert found is not None, "the built-in template d27-review is missing"
    return found


def make_campaign(staff, tree, template, *, due_on=DUE, start=True, units=None):
    campaign = services.campaign_create(
        actor=staff.central,
        issuer=tree.central,
        template=template,
        title="Sơ kết 05 năm thực hiện Chỉ thị số 27-CT/TW",
        reference="Kế hoạch số 162-KH/TU",
        date_from=WINDOW_FROM,
        date_to=WINDOW_TO,
        due_on=due_on,
    )
    services.recipients_add(
        actor=staff.central,
        campaign=campaign,
        units=units if units is not None else [tree.province, tree.commune_a, tree.commune_b],
    )
    if start:
        services.campaign_start(actor=staff.central, campaign=campaign)
    campaign.refresh_from_db()
    return campaign


def recipient_of(campaign, unit) -> Recipient:
    return Recipient.objects.select_related("campaign", "campaign__template", "unit", "parent").get(
        campaign=campaign, unit=unit
    )


@pytest.fixture
def campaign(staff, tree, template):
    return make_campaign(staff, tree, template)
