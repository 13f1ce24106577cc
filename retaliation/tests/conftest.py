"""Shared helpers of the retaliation tests: protection cases created directly (the protection app's
services are not needed to match a personnel action), and a head of the province."""

import itertools

import pytest
from django.utils import timezone

from accounts.models import Role
from conftest import _person
from protection.matching import person_id_hash
from protection.models import CaseStatus, Origin, ProtectionCase, Relationship

PROTECTED_ID = "001199012345"
UNPROTECTED_ID = "002288054321"
_numbers = itertools.count(1)


def make_case(unit, id_number=PROTECTED_ID, *, status=CaseStatus.GRANTED, petition=None) -> ProtectionCase:
    number = next(_numbers)
    now = timezone.now()
    return ProtectionCase.objects.create(
        reference=f"BV-T-{number:05d}",
        unit=unit,
        petition=petition,
        origin=Origin.STAFF,
        relationship=Relationship.SELF,
        status=status,
        pseudonym=f"BD-{number:05d}",
        requested_at=now,
        decision_due_on=timezone.localdate(),
        decided_at=None if status == CaseStatus.REQUESTED else now,
        public_key=b"x" * 32,
        sealed_person=b"x",
        id_hash=person_id_hash(id_number) if id_number else "",
    )


@pytest.fixture
def province_head(units):
    """The head of the unit above the committee (TU-HB)."""
    return _person("bithu", "Lý Văn Bí", units.province, Role.HEAD)
