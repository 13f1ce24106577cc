"""Every permission decision of the staff side lives here (STYLE.md, "Permissions: one place").

Rule of thumb for views: look an object up through a ``get_*_for_user`` helper. Someone who may not
see the object gets 404 (they cannot learn that it exists); someone who may see it but lacks the
role for the change gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
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

    ``prefix`` lets other models filter through their unit foreign key, e.g. ``prefix="unit__"``:
    then the units are one subquery (``unit_id IN (SELECT id FROM org_unit WHERE …)``), so the
    outer query needs no join to the units and stays one row per record, however many roles match.
    """
    wanted = set(roles or ALL_ROLES)
    condition = Q(pk__in=[])
    for m in active_memberships(user):
        if m.role not in wanted:
            continue
        if m.scope == Scope.SUBTREE:
            condition |= Q(path__startswith=m.unit.path)
        else:
            condition |= Q(pk=m.unit_id)
    if not prefix:
        return condition
    if condition == Q(pk__in=[]):
        return Q(**{f"{prefix}pk__in": []})
    return Q(**{f"{prefix}pk__in": Unit.objects.filter(condition).values("pk")})


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


def _declared_matters(user):
    """The matters ``user`` handles under a running assignment declared free of conflict (ids)."""
    from cases.models import Assignment

    running = Assignment.objects.filter(handler=user, ended_at__isnull=True, declared_no_conflict_at__isnull=False)
    return running.values("matter_id")


def _unit_wide_or_assigned(user, *, matter_field: str) -> Q:
    """Records of the units ``user`` covers with a unit-wide role, or of the matters assigned to them.

    Each branch is there only for whom it can select anything (roles are loaded once per request, so
    deciding costs no query): an OR of two subqueries can only be checked row by row, while one
    branch alone is an index walk. Assignments are a handler's; the branch stays for anyone who
    holds no unit-wide role, whatever their roles now.
    """
    unit_wide = has_role_anywhere(user, *UNIT_WIDE_ROLES)
    condition = unit_filter(user, *UNIT_WIDE_ROLES, prefix="unit__") if unit_wide else Q(pk__in=[])
    if not unit_wide or has_role_anywhere(user, Role.HANDLER):
        condition |= Q(**{f"{matter_field}__in": _declared_matters(user)})
    return condition


def petitions_visible_to(user) -> QuerySet:
    """Petitions of the units ``user`` covers with a unit-wide role, and of the matters assigned
    to them; never one that accuses them or a relative, nor any petition of such a matter.

    Administrators and the superuser get none from being administrators (DOMAIN.md).
    Written with subqueries (IN, EXISTS), never joins: one row per petition without DISTINCT, so
    that a list keeps walking the (unit, received_at) and received_at indexes in order.
    """
    from cases.models import Accused, Petition  # cases imports this module

    if not getattr(user, "is_authenticated", False):
        return Petition.objects.none()
    # A handler sees nothing of an assigned matter until they declared that they have no conflict.
    visible = Petition.objects.filter(_unit_wide_or_assigned(user, matter_field="matter_id"))
    conflicted = conflicted_user_ids(user)
    accused = Exists(Accused.objects.filter(petition_id=OuterRef("pk"), user_id__in=conflicted))
    return visible.exclude(accused).exclude(matter_id__in=_accusing(conflicted))


def matters_visible_to(user) -> QuerySet:
    """The same rule for matters. An assigned handler who has not declared yet reaches only the
    declaration (``pending_assignment``)."""
    from cases.models import Matter

    if not getattr(user, "is_authenticated", False):
        return Matter.objects.none()
    visible = Matter.objects.filter(_unit_wide_or_assigned(user, matter_field="pk"))
    return visible.exclude(pk__in=_accusing(conflicted_user_ids(user)))


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


# --- Citizen reception (issue 6; owned by the reception app) ---
# Reception staff record sessions and visits of the units they cover; heads host them.
RECEPTION_ROLES = (Role.INTAKE, Role.CUSTODIAN, Role.HEAD, Role.DEPUTY_HEAD)
# Reporting officers and oversight read sessions, flags and counts, never a visit's summary.
RECEPTION_READ_ROLES = (*RECEPTION_ROLES, Role.REPORTING, Role.OVERSIGHT)


def can_see_reception(user) -> bool:
    return has_role_anywhere(user, *RECEPTION_READ_ROLES)


def can_record_reception(user, unit: Unit) -> bool:
    return has_role(user, unit, *RECEPTION_ROLES)


def reception_units(user) -> QuerySet[Unit]:
    """The units whose reception sessions ``user`` may schedule and record."""
    return Unit.objects.filter(unit_filter(user, *RECEPTION_ROLES))


def reception_sessions_visible_to(user) -> QuerySet:
    from reception.models import ReceptionSession

    return ReceptionSession.objects.filter(unit_filter(user, *RECEPTION_READ_ROLES, prefix="unit__"))


def get_reception_session_for_user(user, session_id, *, write: bool = False):
    session = (
        reception_sessions_visible_to(user)
        .select_related("unit", "unit__level", "host", "created_by")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise Http404
    if write and not can_record_reception(user, session.unit):
        raise PermissionDenied
    return session


def can_read_visit_content(user, session) -> bool:
    """The summary of what a visitor raised: the unit's reception staff only."""
    return has_role(user, session.unit, *RECEPTION_ROLES)


def readable_visit_ids(user, visits) -> set[int]:
    """The visits among ``visits`` whose summary ``user`` reads: the reception staff of the session's
    unit; once a visit became a petition, only those who also see the petition (never a person it
    accuses, nor their relatives). One query, whatever the number of visits."""
    visits = list(visits)
    linked = {visit.petition_id for visit in visits if visit.petition_id}
    seen = set(petitions_visible_to(user).filter(pk__in=linked).values_list("pk", flat=True)) if linked else set()
    return {
        visit.pk
        for visit in visits
        if can_read_visit_content(user, visit.session) and (not visit.petition_id or visit.petition_id in seen)
    }


def reception_read_units(user) -> QuerySet[Unit]:
    """The units whose sessions, visits and reception duty ``user`` reads."""
    return Unit.objects.filter(unit_filter(user, *RECEPTION_READ_ROLES))


def visits_visible_to(user) -> QuerySet:
    from reception.models import Visit

    return Visit.objects.filter(unit_filter(user, *RECEPTION_READ_ROLES, prefix="session__unit__"))


def get_visit_for_user(user, visit_id, *, write: bool = False):
    visit = visits_visible_to(user).select_related("session__unit", "petition").filter(pk=visit_id).first()
    if visit is None:
        raise Http404
    if write and not can_record_reception(user, visit.session.unit):
        raise PermissionDenied
    return visit


def can_convert_visit(user, visit) -> bool:
    """An intake officer of the session's unit registers what a visitor brought as a petition."""
    return can_register_petitions(user, visit.session.unit)


def can_manage_reception_duty_rules(user) -> bool:
    """The days a month heads must receive citizens are installation-wide: the superuser's."""
    return is_installation_admin(user)


# --- Programme: plans, tasks, activities (issue 6; owned by the programme app) ---
# Reporting officers and heads record plans, documents and activities of the units they cover;
# oversight bodies also record the inspections and supervision they carry out.
PROGRAMME_ROLES = (Role.REPORTING, Role.HEAD, Role.DEPUTY_HEAD)
INSPECTION_ROLES = (*PROGRAMME_ROLES, Role.OVERSIGHT)


def can_see_programme(user) -> bool:
    """Plans are not secret: anyone with a role reads those of their units and the chain above."""
    return bool(active_memberships(user)) or is_installation_admin(user)


def can_record_programme(user, unit: Unit | None) -> bool:
    """Records plans, documents, dissemination, propaganda and progress for ``unit``. A national
    text (no unit) is the superuser's."""
    if unit is None:
        return is_installation_admin(user)
    return is_installation_admin(user) or has_role(user, unit, *PROGRAMME_ROLES)


def can_record_inspection(user, unit: Unit) -> bool:
    return is_installation_admin(user) or has_role(user, unit, *INSPECTION_ROLES)


def programme_units(user) -> QuerySet[Unit]:
    """The units for which ``user`` may record plans, documents, activities and progress."""
    if is_installation_admin(user):
        return Unit.objects.all()
    return Unit.objects.filter(unit_filter(user, *PROGRAMME_ROLES))


def inspection_units(user) -> QuerySet[Unit]:
    """The units for which ``user`` may record inspections and supervision."""
    if is_installation_admin(user):
        return Unit.objects.all()
    return Unit.objects.filter(unit_filter(user, *INSPECTION_ROLES))


def programme_scope_filter(user, prefix: str = "unit__") -> Q:
    """Records of the units ``user`` covers with any role (the superuser: all)."""
    if is_installation_admin(user):
        return Q()
    return unit_filter(user, prefix=prefix)


def programme_chain_unit_ids(user) -> set[int]:
    """The units ``user`` holds a role in and every unit above them: plans issued there apply to
    the user's units."""
    ids: set[int] = set()
    for m in active_memberships(user):
        ids.update(m.unit.chain_ids)
    return ids


def documents_visible_to(user) -> QuerySet:
    """National texts; documents of the units ``user`` covers; documents of the units above them
    (the chain of plans that applies to them); plans with a task for a unit they cover."""
    from programme.models import Document, Task

    if not can_see_programme(user):
        return Document.objects.none()
    if is_installation_admin(user):
        return Document.objects.all()
    covered = Unit.objects.filter(unit_filter(user))
    tasked = Task.objects.filter(
        Q(lead_unit__in=covered) | Q(assignees__in=covered) | Q(coordinating_units__in=covered)
    ).values("plan_id")
    return Document.objects.filter(
        Q(unit__isnull=True)
        | programme_scope_filter(user)
        | Q(unit_id__in=programme_chain_unit_ids(user))
        | Q(pk__in=tasked)
    )


def get_document_for_user(user, document_id, *, write: bool = False):
    document = (
        documents_visible_to(user)
        .select_related("unit", "unit__level", "issuer", "implements", "recorded_by")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise Http404
    if write and not can_record_programme(user, document.unit):
        raise PermissionDenied
    return document


def get_task_for_user(user, task_id, *, write: bool = False):
    from programme.models import Task

    task = (
        Task.objects.filter(plan__in=documents_visible_to(user))
        .select_related("plan", "plan__unit", "lead_unit")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise Http404
    if write and not can_record_programme(user, task.plan.unit):
        raise PermissionDenied
    return task


def due_items_visible_to(user) -> QuerySet:
    """Due items of the units ``user`` covers, and of the plans their units issued (who follows up)."""
    from programme.models import DueItem

    if is_installation_admin(user):
        return DueItem.objects.all()
    if not can_see_programme(user):
        return DueItem.objects.none()
    return DueItem.objects.filter(programme_scope_filter(user) | programme_scope_filter(user, "task__plan__unit__"))


def can_report_progress(user, task, unit: Unit) -> bool:
    """The unit's own recorders, or those of the unit that issued the plan (it follows up)."""
    return can_record_programme(user, unit) or can_record_programme(user, task.plan.unit)


def progress_visible_to(user) -> QuerySet:
    from programme.models import ProgressUpdate

    if is_installation_admin(user):
        return ProgressUpdate.objects.all()
    if not can_see_programme(user):
        return ProgressUpdate.objects.none()
    return ProgressUpdate.objects.filter(
        programme_scope_filter(user) | programme_scope_filter(user, "task__plan__unit__")
    )


def get_progress_for_user(user, progress_id, *, write: bool = False):
    update = progress_visible_to(user).select_related("task", "task__plan", "unit").filter(pk=progress_id).first()
    if update is None:
        raise Http404
    if write and not can_report_progress(user, update.task, update.unit):
        raise PermissionDenied
    return update


def programme_records_visible_to(user, model) -> QuerySet:
    """Dissemination events, inspections or propaganda items of the units ``user`` covers."""
    if not can_see_programme(user):
        return model.objects.none()
    return model.objects.filter(programme_scope_filter(user))


def get_programme_record_for_user(user, model, record_id, *, write: bool = False):
    from programme.models import Inspection

    record = programme_records_visible_to(user, model).select_related("unit").filter(pk=record_id).first()
    if record is None:
        raise Http404
    allowed = can_record_inspection if model is Inspection else can_record_programme
    if write and not allowed(user, record.unit):
        raise PermissionDenied
    return record


# --- Report templates (issue 7; owned by the reporting app) ---
# Templates are not secret: anyone with a role reads them; reporting officers copy and change them.
# Previewing a report computes a unit's figures (protection and retaliation counts included): the
# reporting officers, heads and oversight of that unit only.
TEMPLATE_PREVIEW_ROLES = (Role.REPORTING, Role.HEAD, Role.DEPUTY_HEAD, Role.OVERSIGHT)


def can_read_templates(user) -> bool:
    return is_installation_admin(user) or bool(active_memberships(user))


def can_manage_templates(user) -> bool:
    return is_installation_admin(user) or has_role_anywhere(user, Role.REPORTING)


def templates_visible_to(user) -> QuerySet:
    from reporting.models import ReportTemplate  # reporting imports this module

    if not can_read_templates(user):
        return ReportTemplate.objects.none()
    return ReportTemplate.objects.all()


def get_template_for_user(user, template_id, *, write: bool = False):
    """The template; 404 for someone who reads no templates, 403 for a change by someone who is not
    a reporting officer (whether the template may change at all is the services' rule)."""
    template = templates_visible_to(user).filter(pk=template_id).first()
    if template is None:
        raise Http404
    if write and not can_manage_templates(user):
        raise PermissionDenied
    return template


def report_preview_units(user) -> QuerySet[Unit]:
    """The units whose figures ``user`` may compute in a template preview."""
    if is_installation_admin(user):
        return Unit.objects.all()
    return Unit.objects.filter(unit_filter(user, *TEMPLATE_PREVIEW_ROLES))


def can_preview_reports(user) -> bool:
    return is_installation_admin(user) or has_role_anywhere(user, *TEMPLATE_PREVIEW_ROLES)


# --- Reporting campaigns (issue 7; owned by the campaigns app) ---
# The issuing unit's reporting officers create, start and close campaigns and review the reports of
# its direct recipients; a recipient's reporting officers draft its report and review its children's;
# they or its head or deputy head submit it. Anyone with a role in the issuing unit reads the whole
# campaign; anyone with a role in a recipient unit reads that recipient and those below it.
CAMPAIGN_DRAFT_ROLES = (Role.REPORTING,)
CAMPAIGN_SUBMIT_ROLES = (Role.REPORTING, Role.HEAD, Role.DEPUTY_HEAD)


def can_see_campaigns(user) -> bool:
    """The campaigns menu: anyone with a role may be asked for a report or read one."""
    return bool(active_memberships(user))


def can_create_campaigns(user) -> bool:
    return has_role_anywhere(user, Role.REPORTING)


def campaign_issuer_units(user) -> QuerySet[Unit]:
    """The units in whose name ``user`` may issue campaigns."""
    return Unit.objects.filter(unit_filter(user, Role.REPORTING))


def can_manage_campaign(user, campaign) -> bool:
    return has_role(user, campaign.issuer, Role.REPORTING)


def campaigns_visible_to(user) -> QuerySet:
    """Campaigns of the units ``user`` holds a role over; started campaigns that ask a unit they
    hold a role over for a report."""
    from campaigns.models import Campaign, CampaignStatus, Recipient

    if not active_memberships(user):
        return Campaign.objects.none()
    asked = Recipient.objects.filter(unit_filter(user, prefix="unit__")).values("campaign_id")
    return Campaign.objects.filter(
        unit_filter(user, prefix="issuer__") | (Q(pk__in=asked) & ~Q(status=CampaignStatus.DRAFT))
    )


def get_campaign_for_user(user, campaign_id, *, manage: bool = False):
    campaign = (
        campaigns_visible_to(user)
        .select_related("issuer", "issuer__level", "template", "created_by")
        .filter(pk=campaign_id)
        .first()
    )
    if campaign is None:
        raise Http404
    if manage and not can_manage_campaign(user, campaign):
        raise PermissionDenied
    return campaign


def campaign_recipients_visible_to(user, campaign) -> QuerySet:
    """All recipients for those with a role in the issuing unit; otherwise the recipients whose
    unit ``user`` holds a role over, and every recipient below them (whose reports they gather)."""
    from campaigns.models import Recipient

    rows = Recipient.objects.filter(campaign=campaign)
    if has_role(user, campaign.issuer):
        return rows
    if campaign.status == "draft":
        return rows.none()
    covered = rows.filter(unit_filter(user, prefix="unit__")).values_list("unit__path", flat=True)
    condition = Q(pk__in=[])
    for path in set(covered):
        condition |= Q(unit__path__startswith=path)
    return rows.filter(condition)


def get_recipient_for_user(user, recipient_id):
    """A recipient of a campaign ``user`` sees, or 404."""
    from campaigns.models import Recipient

    recipient = (
        Recipient.objects.select_related("campaign", "campaign__issuer", "campaign__template", "unit", "unit__level")
        .select_related("parent", "parent__unit")
        .filter(pk=recipient_id, campaign__in=campaigns_visible_to(user))
        .first()
    )
    if recipient is None:
        raise Http404
    if not campaign_recipients_visible_to(user, recipient.campaign).filter(pk=recipient.pk).exists():
        raise Http404
    return recipient


def can_edit_report(user, recipient) -> bool:
    """Writes the recipient's draft: its unit's reporting officers."""
    return has_role(user, recipient.unit, *CAMPAIGN_DRAFT_ROLES)


def can_submit_report(user, recipient) -> bool:
    return has_role(user, recipient.unit, *CAMPAIGN_SUBMIT_ROLES)


def report_reviewer_unit(recipient) -> Unit:
    """Who accepts or returns the report: the recipient above, or the issuing unit."""
    return recipient.parent.unit if recipient.parent_id else recipient.campaign.issuer


def can_review_report(user, recipient) -> bool:
    """Accepts or returns the recipient's report: the reporting officers of the unit it reports to."""
    return has_role(user, report_reviewer_unit(recipient), Role.REPORTING)


# --- Historical data (issue 7; owned by the history app) ---
# Reporting officers import the registers kept before the system and enter aggregate figures for
# the units they cover (their unit, or its subtree with the subtree scope); the superuser for all.
HISTORY_ROLES = (Role.REPORTING,)


def can_use_history(user) -> bool:
    return is_installation_admin(user) or has_role_anywhere(user, *HISTORY_ROLES)


def can_import_history_for(user, unit: Unit) -> bool:
    return is_installation_admin(user) or has_role(user, unit, *HISTORY_ROLES)


def history_units(user) -> QuerySet[Unit]:
    """The units for which ``user`` may import past registers and enter aggregate figures."""
    if is_installation_admin(user):
        return Unit.objects.all()
    return Unit.objects.filter(unit_filter(user, *HISTORY_ROLES))


def import_batches_visible_to(user) -> QuerySet:
    """Batches of the units ``user`` covers (by the batch's common unit), and their own."""
    from history.models import ImportBatch

    if not can_use_history(user):
        return ImportBatch.objects.none()
    if is_installation_admin(user):
        return ImportBatch.objects.all()
    return ImportBatch.objects.filter(unit_filter(user, *HISTORY_ROLES, prefix="unit__") | Q(imported_by=user))


def get_import_batch_for_user(user, batch_id, *, write: bool = False):
    """``write``: undoing needs the right to import for every unit the batch touched."""
    batch = import_batches_visible_to(user).select_related("unit", "imported_by").filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    if write and not all(can_import_history_for(user, unit) for unit in batch.units.all()):
        raise PermissionDenied
    return batch


def aggregates_visible_to(user) -> QuerySet:
    from history.models import AggregateFigure

    if not can_use_history(user):
        return AggregateFigure.objects.none()
    if is_installation_admin(user):
        return AggregateFigure.objects.all()
    return AggregateFigure.objects.filter(unit_filter(user, *HISTORY_ROLES, prefix="unit__"))


def get_aggregate_for_user(user, aggregate_id, *, write: bool = False):
    aggregate = aggregates_visible_to(user).select_related("unit").filter(pk=aggregate_id).first()
    if aggregate is None:
        raise Http404
    if write and not can_import_history_for(user, aggregate.unit):
        raise PermissionDenied
    return aggregate


# --- Exports (issue 7; owned by the exports app) ---
# An export carries a report's content: only the person who started it sees or downloads it (no
# administrator, head or superuser reads another person's export). Whoever starts one checked, in
# their own view, that the person may see the report.


def can_see_exports(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def export_jobs_visible_to(user) -> QuerySet:
    from exports.models import ExportJob

    if not can_see_exports(user):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(created_by_id=user.pk)


def get_export_job_for_user(user, job_id):
    job = export_jobs_visible_to(user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


# --- Dashboards (issue 7; owned by the dashboards app) ---
# Anyone with a role sees the dashboard of the units they cover (``visible_units``). Each panel
# counts only the records the person may see through the helpers above (``petitions_visible_to``,
# ``matters_visible_to``, ``protection_cases_visible_to``, ``incidents_visible_to``,
# ``reception_sessions_visible_to``, ``campaigns_visible_to``), so a person accused in a matter, or
# a relative of one, does not see it counted either.


def can_see_dashboard(user) -> bool:
    return bool(active_memberships(user)) or is_installation_admin(user)


def dashboard_units(user) -> QuerySet[Unit]:
    if not can_see_dashboard(user):
        return Unit.objects.none()
    return visible_units(user)


def get_dashboard_unit(user, unit_id) -> Unit:
    """The unit whose dashboard ``user`` asked for, or 404 (also for a malformed id)."""
    try:
        pk = int(unit_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:
        raise Http404
    unit = dashboard_units(user).select_related("level").filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def reaches(user, unit: Unit, *roles: str) -> bool:
    """Whether ``user`` holds one of ``roles`` over ``unit`` or over a unit below it: whether a
    panel built on the records those roles see can show anything for the subtree."""
    wanted = set(roles or ALL_ROLES)
    return any(
        m.role in wanted and (_covers(m, unit) or m.unit.path.startswith(unit.path)) for m in active_memberships(user)
    )
