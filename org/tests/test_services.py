import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from org.models import Unit
from org.services import unit_update

pytestmark = pytest.mark.django_db


def _move(unit, parent, actor=None):
    return unit_update(
        actor=actor,
        unit=unit,
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        level=unit.level,
        parent=parent,
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
        published=unit.published,
        reason="Sắp xếp lại",
    )


def test_moving_a_unit_rewrites_the_paths_and_depths_of_its_descendants(units):
    _move(units.committee, units.commune)

    committee = Unit.objects.get(pk=units.committee.pk)
    finance = Unit.objects.get(pk=units.finance.pk)
    expected = [units.province.pk, units.commune.pk, units.committee.pk]
    assert (committee.chain_ids, committee.depth) == (expected, 2)
    assert (finance.chain_ids, finance.depth) == ([*expected, units.finance.pk], 3)
    assert list(Unit.objects.subtree_of(units.commune).values_list("code", flat=True)) == [
        "XA-TP",
        "UBND-HB",
        "STC-HB",
    ]


def test_moving_a_unit_to_the_top_makes_it_a_root(units):
    _move(units.committee, None)

    finance = Unit.objects.get(pk=units.finance.pk)
    assert finance.chain_ids == [units.committee.pk, units.finance.pk]
    assert finance.depth == 1


def test_moving_a_unit_leaves_other_branches_alone(units):
    before = dict(Unit.objects.exclude(pk__in=[units.committee.pk, units.finance.pk]).values_list("pk", "path"))

    _move(units.committee, units.other)

    after = dict(Unit.objects.exclude(pk__in=[units.committee.pk, units.finance.pk]).values_list("pk", "path"))
    assert after == before


def test_a_unit_cannot_move_under_its_own_descendant(units):
    with pytest.raises(ValidationError) as raised:
        _move(units.committee, units.finance)

    assert "parent" in raised.value.error_dict
    assert Unit.objects.get(pk=units.committee.pk).parent_id == units.province.pk


def test_a_move_is_audited_with_the_old_and_new_parent(units, people):
    _move(units.committee, units.commune, actor=people.admin)

    event = AuditEvent.objects.filter(action="org.unit.update").first()
    assert event.details["parent"] == ["TU-HB", "XA-TP"]
    assert event.reason == "Sắp xếp lại"
