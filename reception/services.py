"""Every state change of citizen reception: sessions, visits, a visit becoming a petition, duty rules.

Keyword-only, atomic: validate, change, then write the audit event (``reception.*``) in the same
transaction. Audit details carry codes, numbers and field names only: never a summary, a reason
typed by staff, or anything about a visitor.

``actor=None`` is the system loading records (the demo): the permission check is then skipped and
the audit event has no actor, as for a portal submission.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from accounts.permissions import (
    can_convert_visit,
    can_manage_reception_duty_rules,
    can_record_reception,
    covering_q,
)
from audit.services import audit_record
from baove.lib.text import fold
from cases.models import Channel, Kind, Subject
from cases.services import Submission, Submitted, petition_submit
from org.models import AdministrativeLevel, Unit
from reception.models import (
    Competence,
    MatterKind,
    Outcome,
    ReceptionDutyRule,
    ReceptionSession,
    SessionKind,
    SessionStatus,
    Visit,
    VisitKind,
)

SESSION_FIELDS = (
    "unit",
    "kind",
    "date",
    "start_time",
    "end_time",
    "place",
    "host",
    "host_title",
    "hosted_by_head",
    "delegated_reason",
    "published",
    "status",
    "notes",
)
VISIT_FIELDS = (
    "kind",
    "headcount",
    "matter_kind",
    "subject",
    "summary",
    "complex_prolonged",
    "degradation",
    "exploited_incitement",
    "refused",
    "refusal_reason",
    "competence",
    "outcome",
)


def delegation_min_people() -> int:
    """The smallest mass delegation ("đoàn đông người"): 5 people under the Law on Citizen
    Reception 2013 (art. 30) and Decree 64/2014/NĐ-CP; ``RECEPTION_DELEGATION_MIN_PEOPLE`` overrides it."""
    return int(getattr(settings, "RECEPTION_DELEGATION_MIN_PEOPLE", 5))


def _check_actor(actor, unit: Unit) -> None:
    if actor is not None and not can_record_reception(actor, unit):
        raise ValidationError({"unit": _("You cannot record citizen reception for this unit.")})


def _changed(obj, data: dict, fields) -> list[str]:
    return [name for name in fields if name in data and getattr(obj, name) != data[name]]


# Sessions


@dataclass
class SessionData:
    unit: Unit
    kind: str
    date: datetime.date
    place: str
    host_title: str
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    host: User | None = None
    hosted_by_head: bool = True
    delegated_reason: str = ""
    published: bool = False
    status: str = SessionStatus.PLANNED
    notes: str = ""


def _search_text(session: ReceptionSession) -> str:
    return fold(" ".join((session.unit.name, session.place, session.host_title, session.notes)))


def _check_session(data: SessionData, *, session: ReceptionSession | None = None) -> None:
    errors = {}
    if data.kind not in SessionKind.values:
        errors["kind"] = _("Choose the kind of session.")
    if data.status not in SessionStatus.values:
        errors["status"] = _("Choose a status.")
    if not data.place.strip():
        errors["place"] = _("Say where the session takes place.")
    if not data.host_title.strip():
        errors["host_title"] = _("Say who hosts the session (title and name).")
    if data.start_time and data.end_time and data.end_time < data.start_time:
        errors["end_time"] = _("The session ends before it starts.")
    if not data.unit.is_active_on(data.date):
        errors["date"] = _("The unit did not exist on that date.")
    if data.status == SessionStatus.HELD and data.date > timezone.localdate():
        errors["status"] = _("A session in the future cannot have been held yet.")
    if data.hosted_by_head and data.host is not None and not _was_head(data.host, data.unit, data.date):
        errors["host"] = _(
            "This person is not the head of the unit. Untick “the head hosts in person” if the head delegated."
        )
    if session is not None and session.pk and data.status != SessionStatus.HELD and session.visits.exists():
        errors["status"] = _("Visitors were received at this session: it was held.")
    if errors:
        raise ValidationError(errors)


def _was_head(user: User, unit: Unit, day: datetime.date) -> bool:
    """``user`` holds (or held until after ``day``) the head's role over ``unit``; accounts are often
    created after the sessions that are entered for past years."""
    return (
        Membership.objects.filter(covering_q(unit), user=user, role=Role.HEAD)
        .exclude(valid_to__isnull=False, valid_to__lte=day)
        .exists()
    )


def _session_details(session: ReceptionSession) -> dict:
    return {
        "date": session.date.isoformat(),
        "kind": session.kind,
        "status": session.status,
        "hosted_by_head": session.hosted_by_head,
        "published": session.published,
    }


@transaction.atomic
def session_create(*, actor, data: SessionData) -> ReceptionSession:
    """Schedule a session (or record one already held) for ``data.unit``."""
    _check_actor(actor, data.unit)
    _check_session(data)
    session = ReceptionSession(created_by=actor, **_session_values(data))
    session.search_text = _search_text(session)
    session.save()
    audit_record(
        actor=actor,
        action="reception.session.create",
        obj=session,
        unit=session.unit,
        details=_session_details(session),
    )
    return session


def _session_values(data: SessionData) -> dict:
    values = {name: getattr(data, name) for name in SESSION_FIELDS}
    values["place"] = data.place.strip()
    values["host_title"] = data.host_title.strip()
    values["delegated_reason"] = "" if data.hosted_by_head else data.delegated_reason.strip()
    return values


@transaction.atomic
def session_update(*, actor, session: ReceptionSession, data: SessionData) -> list[str]:
    """Change a session; returns the names of the fields that changed (also in the audit event)."""
    session = ReceptionSession.objects.select_for_update().select_related("unit").get(pk=session.pk)
    _check_actor(actor, session.unit)
    _check_actor(actor, data.unit)
    _check_session(data, session=session)
    values = _session_values(data)
    changed = _changed(session, values, SESSION_FIELDS)
    if not changed:
        return []
    for name in changed:
        setattr(session, name, values[name])
    session.search_text = _search_text(session)
    session.save()
    audit_record(
        actor=actor,
        action="reception.session.change",
        obj=session,
        unit=session.unit,
        details={"changed": changed, **_session_details(session)},
    )
    return changed


# Visits


@dataclass
class VisitData:
    matter_kind: str
    summary: str
    kind: str = VisitKind.INDIVIDUAL
    headcount: int = 1
    subject: str = Subject.OTHER
    complex_prolonged: bool = False
    degradation: bool = False
    exploited_incitement: bool = False
    refused: bool = False
    refusal_reason: str = ""
    competence: str = ""
    outcome: str = ""


def _visit_values(data: VisitData) -> dict:
    values = {name: getattr(data, name) for name in VISIT_FIELDS}
    values["summary"] = data.summary.strip()
    values["refusal_reason"] = data.refusal_reason.strip() if data.refused else ""
    if data.kind == VisitKind.INDIVIDUAL:
        values["headcount"] = 1
    if data.refused:
        values["competence"] = values["outcome"] = ""
    return values


def _check_visit(session: ReceptionSession, values: dict, *, visit: Visit | None = None) -> None:
    if session.status != SessionStatus.HELD:
        raise ValidationError(_("Record visitors once the session is marked as held."))
    errors = {}
    if values["kind"] not in VisitKind.values:
        errors["kind"] = _("Choose one person or a mass delegation.")
    elif values["kind"] == VisitKind.DELEGATION and (values["headcount"] or 0) < delegation_min_people():
        errors["headcount"] = _("A mass delegation has at least %(count)d people.") % {"count": delegation_min_people()}
    if values["matter_kind"] not in MatterKind.values:
        errors["matter_kind"] = _("Choose what the visitors brought.")
    if values["subject"] not in Subject.values:
        errors["subject"] = _("Choose a subject.")
    if not values["summary"]:
        errors["summary"] = _("Summarise the matter, without the visitors' names or contact details.")
    if values["refused"]:
        if not values["refusal_reason"]:
            errors["refusal_reason"] = _("Give the reason for refusing.")
        if visit is not None and visit.petition_id:
            errors["refused"] = _("This visit already became a petition: it was received.")
    else:
        if values["competence"] not in Competence.values:
            errors["competence"] = _("Say whether the matter is within the unit's authority.")
        if values["outcome"] not in Outcome.values:
            errors["outcome"] = _("Choose the outcome.")
    if errors:
        raise ValidationError(errors)


def _visit_details(visit: Visit) -> dict:
    return {
        "session": visit.session_id,
        "kind": visit.kind,
        "headcount": visit.headcount,
        "matter_kind": visit.matter_kind,
        "refused": visit.refused,
        "complex_prolonged": visit.complex_prolonged,
        "degradation": visit.degradation,
        "exploited_incitement": visit.exploited_incitement,
        "competence": visit.competence,
        "outcome": visit.outcome,
    }


@transaction.atomic
def visit_record(*, actor, session: ReceptionSession, data: VisitData) -> Visit:
    """A visitor (one person or a delegation) received, or refused, at a held session."""
    _check_actor(actor, session.unit)
    values = _visit_values(data)
    _check_visit(session, values)
    visit = Visit.objects.create(session=session, created_by=actor, **values)
    audit_record(
        actor=actor, action="reception.visit.create", obj=visit, unit=session.unit, details=_visit_details(visit)
    )
    return visit


@transaction.atomic
def visit_update(*, actor, visit: Visit, data: VisitData) -> list[str]:
    visit = Visit.objects.select_for_update().select_related("session__unit").get(pk=visit.pk)
    _check_actor(actor, visit.session.unit)
    values = _visit_values(data)
    _check_visit(visit.session, values, visit=visit)
    changed = _changed(visit, values, VISIT_FIELDS)
    if not changed:
        return []
    for name in changed:
        setattr(visit, name, values[name])
    visit.save()
    audit_record(
        actor=actor,
        action="reception.visit.change",
        obj=visit,
        unit=visit.session.unit,
        details={"changed": changed, **_visit_details(visit)},
    )
    return changed


def _received_at(session: ReceptionSession) -> datetime.datetime:
    moment = timezone.make_aware(datetime.datetime.combine(session.date, session.start_time or datetime.time(8, 0)))
    return min(moment, timezone.now())


@transaction.atomic
def visit_to_petition(
    *,
    actor,
    visit: Visit,
    kind: str,
    subject: str,
    content: str,
    identity: dict | None = None,
    accused: list[dict] | None = None,
    incident_time: str = "",
    incident_place: str = "",
    protection_requested: bool = False,
    issue_receipt: bool = True,
) -> Submitted:
    """Register what a visitor brought as a petition (channel: citizen reception), in one step.

    The identity, if the visitor gave it, goes only into the petition's sealed original; the visit
    keeps its link to the petition. A visit becomes a petition once.

    On SQLite the receipt's Argon2id runs inside this transaction (the visit stays locked meanwhile);
    on PostgreSQL only the visit's row is locked.
    """
    visit = Visit.objects.select_for_update().select_related("session__unit").get(pk=visit.pk)
    if actor is None or not can_convert_visit(actor, visit):
        raise ValidationError(_("Only an intake officer of the unit registers petitions."))
    if visit.petition_id:
        raise ValidationError(_("This visit already became a petition."))
    if visit.refused:
        raise ValidationError(_("A refused visit cannot become a petition."))
    if kind not in Kind.values or subject not in Subject.values:
        raise ValidationError(_("Choose the kind and the subject."))
    if not content.strip():
        raise ValidationError({"content": _("Write the content of the petition.")})
    result = petition_submit(
        submission=Submission(
            channel=Channel.RECEPTION,
            kind=kind,
            subject=subject,
            content=content,
            unit=visit.session.unit,
            incident_time=incident_time,
            incident_place=incident_place,
            accused=list(accused or []),
            identity=identity or None,
            protection_requested=protection_requested,
            received_at=_received_at(visit.session),
        ),
        actor=actor,
        issue_receipt=issue_receipt,
    )
    visit.petition = result.petition
    visit.save(update_fields=["petition", "updated_at"])
    audit_record(
        actor=actor,
        action="reception.visit.to_petition",
        obj=visit,
        unit=visit.session.unit,
        details={
            "session": visit.session_id,
            "petition": result.petition.reference,
            "kind": kind,
            "anonymous": result.petition.anonymous,
            "receipt": result.receipt is not None,
        },
    )
    return result


# The head's reception duty


@transaction.atomic
def duty_rule_create(
    *, actor, level: AdministrativeLevel, days_per_month: int, valid_from: datetime.date, basis: str = ""
) -> ReceptionDutyRule:
    """A new number of days a month for heads at ``level``, in force from ``valid_from``; earlier
    months keep the rule that was in force for them."""
    if actor is not None and not can_manage_reception_duty_rules(actor):
        raise ValidationError(_("Only the installation administrator changes the reception duty."))
    _check_rule(level=level, days_per_month=days_per_month, valid_from=valid_from)
    rule = ReceptionDutyRule.objects.create(
        level=level, days_per_month=days_per_month, valid_from=valid_from, basis=basis.strip(), created_by=actor
    )
    audit_record(actor=actor, action="reception.duty_rule.create", obj=rule, details=_rule_details(rule))
    return rule


def _check_rule(*, level, days_per_month: int, valid_from: datetime.date, exclude: int | None = None) -> None:
    if days_per_month < 0 or days_per_month > 31:
        raise ValidationError({"days_per_month": _("Give a number of days between 0 and 31.")})
    if ReceptionDutyRule.objects.filter(level=level, valid_from=valid_from).exclude(pk=exclude).exists():
        raise ValidationError({"valid_from": _("A rule for this level already starts on that day.")})


def _rule_details(rule: ReceptionDutyRule) -> dict:
    return {"level": rule.level.code, "days_per_month": rule.days_per_month, "valid_from": rule.valid_from.isoformat()}


@transaction.atomic
def duty_rule_update(
    *,
    actor,
    rule: ReceptionDutyRule,
    level: AdministrativeLevel,
    days_per_month: int,
    valid_from: datetime.date,
    basis: str = "",
) -> list[str]:
    """Correct a rule (a mistyped number or date); a change of the law is a new rule (``duty_rule_create``)."""
    if actor is not None and not can_manage_reception_duty_rules(actor):
        raise ValidationError(_("Only the installation administrator changes the reception duty."))
    rule = ReceptionDutyRule.objects.select_for_update().get(pk=rule.pk)
    _check_rule(level=level, days_per_month=days_per_month, valid_from=valid_from, exclude=rule.pk)
    values = {"level": level, "days_per_month": days_per_month, "valid_from": valid_from, "basis": basis.strip()}
    changed = _changed(rule, values, tuple(values))
    if not changed:
        return []
    for name in changed:
        setattr(rule, name, values[name])
    rule.save()
    audit_record(
        actor=actor,
        action="reception.duty_rule.change",
        obj=rule,
        details={"changed": changed, **_rule_details(rule)},
    )
    return changed
