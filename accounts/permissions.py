"""Every permission decision of the staff side lives here (STYLE.md, "Permissions: one place").

Rule of thumb for views: look an object up through a ``get_*_for_user`` helper. Someone who may not
see the object gets 404 (they cannot learn that it exists); someone who may see it but lacks the
role for the change gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import TWO_FACTOR_ROLES, Membership, Role, Scope, User
from org.models import Unit

ALL_ROLES = tuple(Role)


def active_memberships(user) -> list[Membership]:
    """The user's memberships in force today, loaded once per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        cached = list(Membership.objects.active().filter(user=user).select_related("unit", "unit__level"))
        user._active_memberships = cached
    return cached


def _covers(membership: Membership, unit: Unit) -> bool:
    if membership.scope == Scope.SUBTREE:
        return unit.path.startswith(membership.unit.path)
    return membership.unit_id == unit.pk


def roles_in(user, unit: Unit) -> set[str]:
    return {m.role for m in active_memberships(user) if _covers(m, unit)}


def has_role(user, unit: Unit, *roles: str) -> bool:
    return bool(roles_in(user, unit) & set(roles or ALL_ROLES))


def has_role_anywhere(user, *roles: str) -> bool:
    wanted = set(roles or ALL_ROLES)
    return any(m.role in wanted for m in active_memberships(user))


def unit_filter(user, *roles: str, prefix: str = "") -> Q:
    """A Q object selecting the units where ``user`` holds one of ``roles`` (any role if none).

    ``prefix`` lets other models filter through their unit foreign key, e.g. ``prefix="unit__"``.
    """
    wanted = set(roles or ALL_ROLES)
    condition = Q(pk__in=[])
    for m in active_memberships(user):
        if m.role not in wanted:
            continue
        if m.scope == Scope.SUBTREE:
            condition |= Q(**{f"{prefix}path__startswith": m.unit.path})
        else:
            condition |= Q(**{f"{prefix}pk": m.unit_id})
    return condition


def units_with_role(user, *roles: str) -> QuerySet[Unit]:
    if is_installation_admin(user) and (not roles or Role.ADMIN in roles):
        return Unit.objects.all()
    return Unit.objects.filter(unit_filter(user, *roles))


def visible_units(user) -> QuerySet[Unit]:
    return units_with_role(user)


def is_installation_admin(user) -> bool:
    """The installation's superuser: manages every unit and account, the calendar and the whole
    audit trail. Like every administrator, it gets no case content or identity from this."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def covering_q(unit: Unit) -> Q:
    """Memberships (as a Q over Membership) that cover ``unit``: on the unit, or above it with the
    subtree scope."""
    return Q(unit=unit) | Q(scope=Scope.SUBTREE, unit_id__in=unit.chain_ids)


def holders_of(unit: Unit, *roles: str) -> QuerySet[Membership]:
    """Memberships in force of active people holding one of ``roles`` over ``unit``: who must be
    told, who may open sealed records, who may decide."""
    return Membership.objects.active().filter(covering_q(unit), role__in=roles, user__is_active=True)


def requires_two_factor(user) -> bool:
    return user.is_superuser or any(m.role in TWO_FACTOR_ROLES for m in active_memberships(user))


# Units


def get_unit_for_user(user, unit_id, *, manage: bool = False) -> Unit:
    unit = visible_units(user).select_related("level", "parent").filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    if manage and not can_manage_unit(user, unit):
        raise PermissionDenied
    return unit


def can_manage_unit(user, unit: Unit) -> bool:
    return is_installation_admin(user) or has_role(user, unit, Role.ADMIN)


def can_create_units(user) -> bool:
    return is_installation_admin(user) or has_role_anywhere(user, Role.ADMIN)


def can_create_root_units(user) -> bool:
    return is_installation_admin(user)


# Accounts


def accounts_visible_to(user) -> QuerySet[User]:
    if is_installation_admin(user):
        return User.objects.all()
    admin_units = unit_filter(user, Role.ADMIN, prefix="memberships__unit__")
    if not has_role_anywhere(user, Role.ADMIN):
        return User.objects.none()
    return User.objects.filter(admin_units).distinct()


def get_account_for_user(user, account_id, *, manage: bool = False) -> User:
    account = accounts_visible_to(user).filter(pk=account_id).first()
    if account is None:
        raise Http404
    if manage and not can_manage_account(user, account):
        raise PermissionDenied
    return account


def can_manage_account(user, account: User) -> bool:
    """An administrator may change an account only if all its current roles lie in their subtree."""
    if account.pk == user.pk:
        return False
    if is_installation_admin(user):
        return True
    memberships = list(Membership.objects.active().filter(user=account).select_related("unit"))
    return bool(memberships) and all(has_role(user, m.unit, Role.ADMIN) for m in memberships)


def can_manage_accounts(user) -> bool:
    return is_installation_admin(user) or has_role_anywhere(user, Role.ADMIN)


# Calendar and audit


def can_manage_calendar(user) -> bool:
    return is_installation_admin(user)


def can_read_audit(user) -> bool:
    return is_installation_admin(user) or has_role_anywhere(user, Role.ADMIN, Role.OVERSIGHT)


def audit_scope_filter(user) -> Q:
    """Which audit events ``user`` may read: those of units where they administer or oversee."""
    if is_installation_admin(user):
        return Q()
    return unit_filter(user, Role.ADMIN, Role.OVERSIGHT, prefix="unit__")


# Petitions (cases). Reading originals and identities also needs the person's own sealed copy.

PETITION_ROLES = (Role.INTAKE, Role.CUSTODIAN, Role.HANDLER, Role.HEAD, Role.DEPUTY_HEAD)
# Entitled to the originals of their unit: Article 56 of the Law on Denunciation keeps the
# identity away from those who verify.
ORIGINAL_ROLES = (Role.INTAKE, Role.CUSTODIAN)


def can_see_petitions(user) -> bool:
    return has_role_anywhere(user, *PETITION_ROLES)


# Those who see every petition and matter of the units they cover; handlers see only the matters
# assigned to them (and their petitions).
UNIT_WIDE_ROLES = (Role.INTAKE, Role.CUSTODIAN, Role.HEAD, Role.DEPUTY_HEAD)


def conflicted_user_ids(user) -> set[int]:
    """``user`` and everyone recorded as related to them: none of them may see a matter in which
    one of them is accused."""
    from cases.models import PersonRelation  # cases imports this module

    ids = {user.pk}
    for person_id, related_id in PersonRelation.objects.filter(Q(person=user) | Q(related=user)).values_list(
        "person_id", "related_id"
    ):
        ids.update((person_id, related_id))
    return ids


def _accusing(conflicted: set[int]):
    """Matters in which one of ``conflicted`` is accused (by any of their petitions)."""
    from cases.models import Accused

    return Accused.objects.filter(user_id__in=conflicted, petition__matter__isnull=False).values("petition__matter_id")


def petitions_visible_to(user) -> QuerySet:
    """Petitions of the units ``user`` covers with a unit-wide role, and of the matters assigned
    to them; never one that accuses them or a relative, nor any petition of such a matter.

    Administrators and the superuser get none from being administrators (DOMAIN.md).
    """
    from cases.models import Petition  # cases imports this module

    if not getattr(user, "is_authenticated", False):
        return Petition.objects.none()
    # A handler sees nothing of an assigned matter until they declared that they have no conflict.
    assigned = Q(
        matter__assignments__handler=user,
        matter__assignments__ended_at__isnull=True,
        matter__assignments__declared_no_conflict_at__isnull=False,
    )
    visible = Petition.objects.filter(unit_filter(user, *UNIT_WIDE_ROLES, prefix="unit__") | assigned)
    conflicted = conflicted_user_ids(user)
    return visible.exclude(accused__user_id__in=conflicted).exclude(matter_id__in=_accusing(conflicted)).distinct()


def matters_visible_to(user) -> QuerySet:
    """The same rule for matters. An assigned handler who has not declared yet reaches only the
    declaration (``pending_assignment``)."""
    from cases.models import Matter

    if not getattr(user, "is_authenticated", False):
        return Matter.objects.none()
    assigned = Q(
        assignments__handler=user,
        assignments__ended_at__isnull=True,
        assignments__declared_no_conflict_at__isnull=False,
    )
    visible = Matter.objects.filter(unit_filter(user, *UNIT_WIDE_ROLES, prefix="unit__") | assigned)
    return visible.exclude(pk__in=_accusing(conflicted_user_ids(user))).distinct()


def get_matter_for_user(user, matter_id):
    matter = matters_visible_to(user).select_related("unit").filter(pk=matter_id).first()
    if matter is None:
        raise Http404
    return matter


def get_petition_for_user(user, petition_id):
    """The petition, or 404 when ``user`` may not see it (they cannot learn it exists)."""
    petition = (
        petitions_visible_to(user).select_related("unit", "concerned_unit", "registered_by").filter(pk=petition_id)
    ).first()
    if petition is None:
        raise Http404
    return petition


def petition_units(user) -> QuerySet[Unit]:
    """The units whose petitions ``user`` sees (the list's unit filter)."""
    return Unit.objects.filter(unit_filter(user, *PETITION_ROLES))


def can_read_original(user, petition) -> bool:
    """May open the original content and the identity (with a reason; their sealed copy is needed too)."""
    return has_role(user, petition.unit, *ORIGINAL_ROLES)


def can_register_petitions(user, unit: Unit) -> bool:
    """May register petitions received by ``unit`` and write their working copies."""
    return has_role(user, unit, Role.INTAKE)


def is_intake_officer(user) -> bool:
    return has_role_anywhere(user, Role.INTAKE)


def intake_units(user) -> QuerySet[Unit]:
    """The units where ``user`` is an intake officer (with a subtree scope, every unit below too)."""
    return Unit.objects.filter(unit_filter(user, Role.INTAKE))


def can_read_access_log(user) -> bool:
    """Identity custodians read who opened originals in the units they keep identities for."""
    return has_role_anywhere(user, Role.CUSTODIAN)


def can_read_petition_access_log(user, petition) -> bool:
    return has_role(user, petition.unit, Role.CUSTODIAN)


def access_log_filter(user) -> Q:
    """Audit events (by their unit) that ``user`` reads in the access log."""
    return unit_filter(user, Role.CUSTODIAN, prefix="unit__")


# Time limits and notifications


def can_manage_time_limits(user) -> bool:
    """The time-limit rules and the notice templates are installation-wide: the superuser's."""
    return is_installation_admin(user)


def has_staff_inbox(user) -> bool:
    """Everyone signed in to the staff side has an inbox (it may stay empty)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def notifications_for(user) -> QuerySet:
    """``user``'s notifications, except those about a matter or petition that has since come to
    accuse them or a relative (one query, subqueries included)."""
    from cases.models import Accused, Notification, PersonRelation

    if not has_staff_inbox(user):
        return Notification.objects.none()
    relations = PersonRelation.objects
    conflicted = (
        Q(user_id=user.pk)
        | Q(user_id__in=relations.filter(person_id=user.pk).values("related_id"))
        | Q(user_id__in=relations.filter(related_id=user.pk).values("person_id"))
    )
    accusing = Accused.objects.filter(conflicted)
    matters = accusing.filter(petition__matter__isnull=False).values("petition__matter_id")
    return (
        Notification.objects.filter(user_id=user.pk)
        .exclude(matter_id__in=matters)
        .exclude(petition_id__in=accusing.values("petition_id"))
        .exclude(petition__matter_id__in=matters)
    )


def get_notification_for_user(user, notification_id):
    """One of ``user``'s own notifications; anyone else's is a 404."""
    notification = notifications_for(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return notification


# Case handling


def can_classify(user, petition) -> bool:
    """May classify a registered petition and link its accused persons to accounts and units."""
    return has_role(user, petition.unit, Role.INTAKE)


def can_decide(user, matter) -> bool:
    """May accept, refuse, extend, suspend, resume, conclude and flag a matter, and assign it."""
    return has_role(user, matter.unit, Role.HEAD, Role.DEPUTY_HEAD)


def can_assign(user, matter) -> bool:
    return can_decide(user, matter)


def can_handle(user, unit: Unit) -> bool:
    """May be assigned the matters of ``unit``."""
    return has_role(user, unit, Role.HANDLER)


def pending_assignment(user, matter_id):
    """The assignment of ``user`` to the matter that waits for their declaration, if any; never
    one of a matter that accuses them or a relative."""
    from cases.models import Assignment

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return (
        Assignment.objects.filter(
            matter_id=matter_id, handler=user, ended_at__isnull=True, declared_no_conflict_at__isnull=True
        )
        .exclude(matter_id__in=_accusing(conflicted_user_ids(user)))
        .select_related("matter", "matter__unit", "assigned_by")
        .first()
    )


def pending_assignments(user) -> QuerySet:
    """Assignments of ``user`` waiting for their declaration (for their worklist: reference only)."""
    from cases.models import Assignment

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Assignment.objects.none()
    return Assignment.objects.filter(handler=user, ended_at__isnull=True, declared_no_conflict_at__isnull=True).exclude(
        matter_id__in=_accusing(conflicted_user_ids(user))
    )


RELATION_ROLES = (Role.PERSONNEL, Role.ADMIN)


def can_manage_relations(user) -> bool:
    return is_installation_admin(user) or has_role_anywhere(user, *RELATION_ROLES)


def can_record_relation(user, person: User, related: User) -> bool:
    """Personnel officers and administrators of a unit covering both people, or the superuser."""
    if is_installation_admin(user):
        return True
    units = {
        person_id: [m.unit for m in Membership.objects.active().filter(user_id=person_id).select_related("unit")]
        for person_id in (person.pk, related.pk)
    }
    return any(
        m.role in RELATION_ROLES and all(any(_covers(m, unit) for unit in held) for held in units.values())
        for m in active_memberships(user)
    )


def relations_visible_to(user) -> list:
    """The recorded relations ``user`` may see and remove."""
    from cases.models import PersonRelation

    relations = PersonRelation.objects.select_related("person", "related", "recorded_by").order_by("-recorded_at")
    if is_installation_admin(user):
        return list(relations)
    if not has_role_anywhere(user, *RELATION_ROLES):
        return []
    covered = unit_filter(user, *RELATION_ROLES, prefix="memberships__unit__")
    candidates = relations.filter(person__in=User.objects.filter(covered)).distinct()
    return [relation for relation in candidates if can_record_relation(user, relation.person, relation.related)]


def get_relation_for_user(user, relation_id):
    from cases.models import PersonRelation

    relation = PersonRelation.objects.select_related("person", "related").filter(pk=relation_id).first()
    if relation is None or not can_record_relation(user, relation.person, relation.related):
        raise Http404
    return relation


# Protection
#
# Identity custodians keep the protected person's identity and follow the case; heads and deputy
# heads decide on a pseudonymised summary. Nobody else (handlers, personnel officers,
# administrators, oversight) sees anything of protection: a case is a 404 to them.

PROTECTION_ROLES = (Role.CUSTODIAN, Role.HEAD, Role.DEPUTY_HEAD)
PROTECTION_DECIDING_ROLES = (Role.HEAD, Role.DEPUTY_HEAD)


def can_see_protection(user) -> bool:
    return has_role_anywhere(user, *PROTECTION_ROLES)


def protection_cases_visible_to(user) -> QuerySet:
    """Cases of the units where ``user`` is a custodian, head or deputy head; never one whose
    petition (or its matter) accuses them or a relative."""
    from protection.models import ProtectionCase  # protection imports this module

    if not can_see_protection(user):
        return ProtectionCase.objects.none()
    conflicted = conflicted_user_ids(user)
    return (
        ProtectionCase.objects.filter(unit_filter(user, *PROTECTION_ROLES, prefix="unit__"))
        .exclude(petition__accused__user_id__in=conflicted)
        .exclude(petition__matter_id__in=_accusing(conflicted))
        .distinct()
    )


def get_protection_case_for_user(user, case_id):
    """The case, or 404 when ``user`` may not see it (they cannot learn it exists)."""
    case = protection_cases_visible_to(user).select_related("unit", "petition").filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def is_protection_custodian(user, case) -> bool:
    """Opens the protected person's identity (with a reason), records requests and check-ins,
    reads the timeline."""
    return has_role(user, case.unit, Role.CUSTODIAN)


def can_decide_protection(user, case) -> bool:
    """Decides the case, the measures, the person's requests and the end of protection."""
    return has_role(user, case.unit, *PROTECTION_DECIDING_ROLES)


def can_open_protection_cases(user) -> bool:
    """Opens cases (the identity is typed in): identity custodians only."""
    return has_role_anywhere(user, Role.CUSTODIAN)


def protection_opening_units(user) -> QuerySet[Unit]:
    return Unit.objects.filter(unit_filter(user, Role.CUSTODIAN))


# Retaliation, early warning, commendation

# Record and handle retaliation incidents, false reports and commendations of the units they cover.
RETALIATION_ROLES = (Role.CUSTODIAN, Role.INTAKE, Role.HEAD, Role.DEPUTY_HEAD)
# Read them too (oversight: read-only).
RETALIATION_READ_ROLES = (*RETALIATION_ROLES, Role.OVERSIGHT)
HEAD_ROLES = (Role.HEAD, Role.DEPUTY_HEAD)


def can_see_retaliation(user) -> bool:
    return has_role_anywhere(user, *RETALIATION_READ_ROLES)


def can_record_retaliation(user, unit: Unit) -> bool:
    return has_role(user, unit, *RETALIATION_ROLES)


def retaliation_units(user) -> QuerySet[Unit]:
    """The units where ``user`` may record incidents, false reports and commendations."""
    return Unit.objects.filter(unit_filter(user, *RETALIATION_ROLES))


def incidents_visible_to(user) -> QuerySet:
    from retaliation.models import Incident

    return Incident.objects.filter(unit_filter(user, *RETALIATION_READ_ROLES, prefix="unit__"))


def get_incident_for_user(user, incident_id, *, write: bool = False):
    incident = (
        incidents_visible_to(user)
        .select_related("unit", "petition", "protection_case", "recorded_by")
        .filter(pk=incident_id)
        .first()
    )
    if incident is None:
        raise Http404
    if write and not can_record_retaliation(user, incident.unit):
        raise PermissionDenied
    return incident


def false_reports_visible_to(user) -> QuerySet:
    from retaliation.models import FalseReport

    return FalseReport.objects.filter(unit_filter(user, *RETALIATION_READ_ROLES, prefix="unit__"))


def commendations_visible_to(user) -> QuerySet:
    from retaliation.models import Commendation

    return Commendation.objects.filter(unit_filter(user, *RETALIATION_READ_ROLES, prefix="unit__"))


def can_open_message_as_incident(user, message) -> bool:
    """Custodians and intake officers of the petition's unit turn a portal retaliation report into an incident."""
    return has_role(user, message.petition.unit, *ORIGINAL_ROLES)


def can_record_personnel_actions(user) -> bool:
    return has_role_anywhere(user, Role.PERSONNEL)


def personnel_units(user) -> QuerySet[Unit]:
    return Unit.objects.filter(unit_filter(user, Role.PERSONNEL))


def personnel_actions_visible_to(user) -> QuerySet:
    """A personnel officer sees only the actions they entered themselves: never an alert or a match."""
    from retaliation.models import PersonnelAction

    if not can_record_personnel_actions(user):
        return PersonnelAction.objects.none()
    return PersonnelAction.objects.filter(entered_by_id=user.pk)


def can_see_alerts(user) -> bool:
    return has_role_anywhere(user, Role.CUSTODIAN, *HEAD_ROLES)


def alerts_visible_to(user) -> QuerySet:
    """Alerts of the units where ``user`` is a custodian, and of the units just below the units where
    they are head or deputy head; never one whose petition accuses them or a relative."""
    from retaliation.models import Alert

    if not can_see_alerts(user):
        return Alert.objects.none()
    heads_of = Unit.objects.filter(unit_filter(user, *HEAD_ROLES))
    visible = Alert.objects.filter(unit_filter(user, Role.CUSTODIAN, prefix="unit__") | Q(unit__parent__in=heads_of))
    conflicted = conflicted_user_ids(user)
    return visible.exclude(case__petition__accused__user_id__in=conflicted).exclude(
        case__petition__matter_id__in=_accusing(conflicted)
    )
