"""Reads of the protection screens. Lists show references and pseudonyms only, never identities."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from accounts import permissions
from accounts.models import Role
from cases.models import Message, MessageKind, Petition
from protection.models import CaseStatus, CheckIn, ProtectionCase


def case_listing(*, user, status: str = "", kind: str = "") -> QuerySet[ProtectionCase]:
    cases = permissions.protection_cases_visible_to(user).select_related("unit")
    if status:
        cases = cases.filter(status=status)
    if kind:
        # A list of plain choice values: the quoted value matches that element only, on SQLite and PostgreSQL alike.
        cases = cases.filter(kinds_requested__icontains=f'"{kind}"')
    return cases.order_by("-requested_at", "-pk")


def _custodian_petitions(user) -> QuerySet[Petition]:
    return permissions.petitions_visible_to(user).filter(permissions.unit_filter(user, Role.CUSTODIAN, prefix="unit__"))


def pending_portal_requests(*, user) -> QuerySet[Message]:
    """Requests for protection sent through the portal that no case answers yet, for custodians."""
    if not permissions.can_open_protection_cases(user):
        return Message.objects.none()
    return (
        Message.objects.filter(
            kind=MessageKind.PROTECTION_REQUEST,
            from_reporter=True,
            petition__in=_custodian_petitions(user),
            protection_case__isnull=True,
        )
        .select_related("petition", "petition__unit")
        .order_by("created_at", "pk")
    )


def pending_flagged_petitions(*, user) -> QuerySet[Petition]:
    """Petitions whose reporter asked for protection when reporting, with no case yet."""
    if not permissions.can_open_protection_cases(user):
        return Petition.objects.none()
    has_case = ProtectionCase.objects.filter(petition=OuterRef("pk"))
    return (
        _custodian_petitions(user)
        .filter(protection_requested=True)
        .exclude(Exists(has_case))
        .select_related("unit")
        .order_by("received_at", "pk")
    )


def overdue_checkins(*, user, today: datetime.date) -> QuerySet[CheckIn]:
    """Check-ins not done by their day, of granted cases the user keeps identities for."""
    cases = permissions.protection_cases_visible_to(user).filter(
        permissions.unit_filter(user, Role.CUSTODIAN, prefix="unit__"), status=CaseStatus.GRANTED
    )
    return (
        CheckIn.objects.filter(case__in=cases, done_on__isnull=True, due_on__lt=today)
        .select_related("case")
        .order_by("due_on", "pk")
    )
