"""The synthetic country on a small size: the tree as org.services keeps it, identities sealed for
the people petition_submit would seal them for, the audit chain intact, the figures computable,
and the same data for the same seed."""

import datetime

import pytest
from django.db import transaction

from accounts.permissions import petitions_visible_to
from audit.services import audit_verify_chain
from cases import stats
from cases.models import Deadline, Matter, MatterStatus, Petition, PetitionKey, Status
from cases.services import _open_original, _recipient_keys, petition_private_key
from org.models import Unit, child_path
from org.services import unit_update
from protection.models import ProtectionCase, ProtectionKey
from protection.services import _recipient_keys as custodian_keys
from reporting import engine
from reporting.models import ReportTemplate
from synth.common import ROOT_CODE, SYNTH_PASSWORD, AlreadyBuilt, Due
from synth.generate import build
from synth.tree import plan_sizes
from vault.models import RecoveryKey
from vault.services import user_key_unlock

UNTIL = datetime.date(2026, 6, 30)
pytestmark = pytest.mark.django_db


def _build(**options):
    return build(units=60, petitions=600, seed=1, until=UNTIL, log=lambda line: None, **options)


def _fingerprint() -> list:
    units = list(Unit.objects.filter(path__startswith=Unit.objects.get(code=ROOT_CODE).path).values_list(
        "code", "name", "level__code", "parent__code", "valid_to"
    ).order_by("code"))  # fmt: skip
    petitions = list(
        Petition.objects.order_by("pk").values_list(
            "reference", "unit__code", "channel", "kind", "subject", "status", "received_at", "anonymous", "matter"
        )
    )
    return [units, petitions, list(Matter.objects.order_by("pk").values_list("status", "outcome", "opened_at"))]


@pytest.fixture
def country():
    return _build()


def test_sizes_follow_the_country():
    sizes = plan_sizes(5000)
    assert sizes["provinces"] == 34
    assert 3200 <= sizes["communes"] <= 3400
    assert 1 + 3 * 34 + sum(v for k, v in sizes.items() if k != "provinces") == 5000


def test_the_tree_is_what_org_services_keeps(country):
    root = Unit.objects.get(code=ROOT_CODE)
    units = {unit.pk: unit for unit in Unit.objects.filter(path__startswith=root.path)}
    assert len(units) == 60
    assert {unit.level.code for unit in units.values()} >= {"central", "province", "district", "commune", "division"}
    for unit in units.values():
        parent_path = units[unit.parent_id].path if unit.parent_id else None
        assert unit.path == child_path(parent_path, unit.pk)
        assert unit.depth == unit.path.strip("/").count("/")
    assert all(unit.valid_to == datetime.date(2025, 6, 30) for unit in units.values() if unit.level.code == "district")

    def below(unit_id):  # the subtree by walking parents, not by path
        children = [u.pk for u in units.values() if u.parent_id == unit_id]
        return 1 + sum(below(child) for child in children)

    provinces = [u for u in units.values() if u.parent_id == root.pk]
    for province in provinces:
        assert Unit.objects.subtree_of(province).count() == below(province.pk)

    # Moving a department (with its divisions) through org.services rewrites the paths below it.
    department = next(u for u in units.values() if u.kind == "department" and u.level.code == "province"
                      and any(c.parent_id == u.pk for c in units.values()))  # fmt: skip
    source = next(p for p in provinces if department.path.startswith(p.path))
    target = next(p for p in provinces if p != source)
    moved = below(department.pk)
    before = Unit.objects.subtree_of(target).count()
    unit_update(actor=None, unit=department, code=department.code, name=department.name, kind=department.kind,
                level=department.level, parent=target, valid_from=None, valid_to=None, published=True)  # fmt: skip
    assert Unit.objects.subtree_of(target).count() == before + moved
    assert Unit.objects.subtree_of(source).count() == below(source.pk) - moved


def test_identities_are_sealed_for_whom_petition_submit_would_seal_them(country):
    recovery = set(RecoveryKey.objects.filter(retired_at__isnull=True).values_list("pk", flat=True))
    for petition in Petition.objects.select_related("unit").order_by("pk")[:80]:
        users = set(
            PetitionKey.objects.filter(petition=petition, user_key__isnull=False).values_list("user_key", flat=True)
        )
        assert users == {key.pk for key in _recipient_keys(petition.unit)}
        held = PetitionKey.objects.filter(petition=petition, recovery_key__isnull=False).values_list(
            "recovery_key", flat=True
        )
        assert set(held) == recovery
    named = Petition.objects.filter(anonymous=False).select_related("unit").first()
    officer = PetitionKey.objects.filter(petition=named, user_key__isnull=False).first().user_key.user
    private = petition_private_key(petition=named, user=officer,
                                   user_private=user_key_unlock(user=officer, password=SYNTH_PASSWORD))  # fmt: skip
    original = _open_original(named, private)
    name = original["identity"]["full_name"]
    assert name
    assert not Petition.objects.filter(working_content__contains=name).exists()
    assert not Petition.objects.filter(search_text__contains=name.lower()).exists()
    for case in ProtectionCase.objects.select_related("unit")[:20]:
        users = set(ProtectionKey.objects.filter(case=case, user_key__isnull=False).values_list("user_key", flat=True))
        assert users == {key.pk for key in custodian_keys(case.unit)}


def test_the_data_is_realistic(country):
    statuses = set(Petition.objects.values_list("status", flat=True))
    assert statuses >= {Status.REGISTERED, Status.IN_MATTER, Status.FORWARDED, Status.FILED}
    assert set(Matter.objects.values_list("status", flat=True)) >= {MatterStatus.CONCLUDED, MatterStatus.REFUSED}
    duplicates = Petition.objects.filter(matter__isnull=False).count() - Matter.objects.count()
    assert duplicates > 0
    assert Petition.objects.exclude(forward_unit=None).exists() and Petition.objects.exclude(forward_body="").exists()
    late = [d for d in Deadline.objects.filter(done_on__isnull=False) if d.done_on > d.due_on]
    assert late
    assert Deadline.objects.filter(done_on__isnull=True, cancelled=False, due_on__lt=UNTIL).exists()
    assert Petition.objects.filter(received_at__year=2019).exists()
    assert not Petition.objects.filter(received_at__date__gt=UNTIL).exists()
    assert Petition.objects.exclude(receipt_lookup=None).count() == 5


def test_due_dates_are_those_of_the_deadline_rules(country):
    from cases.deadlines import due_date

    due = Due(datetime.date(2019, 1, 1), UNTIL)
    for step, rule in due.rules.items():
        for start in (datetime.date(2019, 1, 28), datetime.date(2024, 4, 26), datetime.date(2025, 12, 31)):
            assert due(step, start) == due_date(rule, start)


def test_the_audit_chain_holds_and_the_figures_are_the_records(country):
    assert audit_verify_chain().ok
    root = Unit.objects.get(code=ROOT_CODE)
    received = stats.petitions_received(unit=root, date_from=datetime.date(2019, 1, 1), date_to=UNTIL)
    assert received["total"] == Petition.objects.count() == 600
    province = Unit.objects.filter(parent=root).order_by("pk").first()
    in_province = stats.petitions_received(unit=province, date_from=datetime.date(2019, 1, 1), date_to=UNTIL)
    assert in_province["total"] == Petition.objects.filter(unit__path__startswith=province.path).count()
    template = ReportTemplate.objects.filter(code="d27-review").order_by("-version").first()
    report = engine.fill(template, unit=root, date_from=datetime.date(2019, 1, 1), date_to=UNTIL)
    assert engine.errors_of(report) == []


def test_the_province_sees_its_own_petitions_only(country):
    root = Unit.objects.get(code=ROOT_CODE)
    province = Unit.objects.filter(parent=root).order_by("pk").first()
    custodian = province.memberships.get(role="custodian").user
    visible = petitions_visible_to(custodian)
    assert visible.count() == Petition.objects.filter(unit__path__startswith=province.path).count() > 0


def test_same_seed_same_country():
    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            _build()
            first = _fingerprint()
            raise Rollback
    except Rollback:
        pass
    _build()
    assert _fingerprint() == first
    with pytest.raises(AlreadyBuilt):
        _build()
