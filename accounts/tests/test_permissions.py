import pytest

from accounts import permissions
from accounts.models import Role
from accounts.services import membership_add

pytestmark = pytest.mark.django_db


def test_a_subtree_role_covers_every_unit_below(people, units):
    visible = set(permissions.visible_units(people.reporting))
    assert visible == {units.province, units.inspection, units.committee, units.finance, units.commune}
    assert permissions.has_role(people.reporting, units.finance, Role.REPORTING)
    assert not permissions.has_role(people.reporting, units.other)


def test_the_superuser_administers_every_unit(people, units):
    assert units.other in permissions.units_with_role(people.admin, Role.ADMIN)
    assert units.province not in permissions.units_with_role(people.outsider, Role.ADMIN)


def test_a_unit_role_covers_that_unit_alone(people, units):
    assert set(permissions.visible_units(people.handler)) == {units.committee}
    assert not permissions.has_role(people.handler, units.finance)
    assert permissions.has_role(people.handler, units.committee, Role.HANDLER)
    assert not permissions.has_role(people.handler, units.committee, Role.HEAD)


def test_roles_add_up_across_memberships(people, units):
    membership_add(actor=None, user=people.handler, unit=units.commune, role=Role.INTAKE)
    people.handler._active_memberships = None
    assert set(permissions.visible_units(people.handler)) == {units.committee, units.commune}
    assert permissions.roles_in(people.handler, units.commune) == {Role.INTAKE}


def test_only_the_superuser_is_installation_admin(people):
    assert permissions.is_installation_admin(people.admin)
    assert not permissions.is_installation_admin(people.outsider)
    assert not permissions.is_installation_admin(people.commune_admin)
    assert permissions.can_manage_calendar(people.admin)
    assert not permissions.can_manage_calendar(people.commune_admin)


def test_two_factor_is_required_for_heads_custodians_and_administrators(people):
    required = {name for name in vars(people) if permissions.requires_two_factor(getattr(people, name))}
    assert required == {"admin", "head", "custodian", "commune_admin", "outsider"}
