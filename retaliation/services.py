"""Every state change of retaliation, the personnel early warning, false reports and commendation.

Keyword-only, atomic: validate, change, then write the audit event (``retaliation.*``) in the same
transaction. Audit details carry no identity and no text typed about a person.
"""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from accounts.permissions import (
    HEAD_ROLES,
    can_open_message_as_incident,
    can_record_personnel_actions,
    can_record_retaliation,
    conflicted_user_ids,
    covering_q,
    has_role,
)
from audit.services import audit_record
from cases.models import Accused, Matter, Message, MessageKind, Notification, Petition
from cases.notifications import notify_staff
from org.models import Unit
from protection.matching import person_id_hash
from protection.models import CaseStatus, ProtectionCase
from retaliation.importing import ImportRejected, plan_personnel_import
from retaliation.models import (
    FINDING_STATUSES,
    Alert,
    Commendation,
    CommendationForm,
    DisciplineForm,
    EntrySource,
    FalseReport,
    FalseReportHandling,
    HeadAccountability,
    Incident,
    IncidentSource,
    IncidentStatus,
    Perpetrator,
    PersonnelAction,
    PersonnelActionKind,
    RecipientKind,
    RetaliationForm,
    Sanction,
    SanctionKind,
)

# Protection cases whose person is warned about: protected now, or asking to be.
WATCHED_STATUSES = (CaseStatus.REQUESTED, CaseStatus.GRANTED)
ALERT_NOTIFICATION_KIND = Notification.Kind.PERSONNEL_ALERT


@dataclass(frozen=True)
class PerpetratorData:
    name: str
    position: str = ""
    unit_text: str = ""
    user: User | None = None


# Incidents


def _check_forms(forms: Sequence[str]) -> list[str]:
    chosen = [value for value in RetaliationForm.values if value in set(forms)]
    if not chosen or len(chosen) != len(set(forms)):
        raise ValidationError({"forms": _("Choose at least one form of retaliation from the list.")})
    return chosen


def _check_dates(occurred_on: datetime.date, occurred_until: datetime.date | None) -> None:
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date is in the future.")})
    if occurred_until and occurred_until < occurred_on:
        raise ValidationError({"occurred_until": _("The end is before the start.")})


def _reference(incident: Incident) -> str:
    return f"TT-{incident.reported_on.year}-{incident.pk:06d}"


def _create_incident(
    *,
    actor,
    unit: Unit,
    source: str,
    forms: Sequence[str],
    occurred_on: datetime.date,
    occurred_until: datetime.date | None,
    description: str,
    evidence: str,
    perpetrators: Iterable[PerpetratorData],
    petition: Petition | None,
    protection_case: ProtectionCase | None,
    message: Message | None = None,
    reported_on: datetime.date | None = None,
) -> Incident:
    chosen = _check_forms(forms)
    _check_dates(occurred_on, occurred_until)
    reported_on = reported_on or timezone.localdate()
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("The date is in the future.")})
    if not description.strip():
        raise ValidationError({"description": _("Say what happened.")})
    incident = Incident.objects.create(
        reference=uuid.uuid4().hex[:20],
        unit=unit,
        source=source,
        message=message,
        petition=petition,
        protection_case=protection_case,
        forms=chosen,
        occurred_on=occurred_on,
        occurred_until=occurred_until,
        reported_on=reported_on,
        description=description,
        evidence=evidence,
        recorded_by=actor,
    )
    incident.reference = _reference(incident)
    incident.save(update_fields=["reference"])
    Perpetrator.objects.bulk_create(
        Perpetrator(incident=incident, name=p.name, position=p.position, unit_text=p.unit_text, user=p.user)
        for p in perpetrators
        if p.name
    )
    return incident


@transaction.atomic
def incident_record(
    *,
    actor,
    unit: Unit,
    forms: Sequence[str],
    occurred_on: datetime.date,
    description: str,
    occurred_until: datetime.date | None = None,
    evidence: str = "",
    perpetrators: Iterable[PerpetratorData] = (),
    petition: Petition | None = None,
    protection_case: ProtectionCase | None = None,
    reported_on: datetime.date | None = None,
) -> Incident:
    """An incident recorded by staff (a custodian, intake officer or head of ``unit``); ``reported_on``
    is today unless it was reported earlier (on paper, by phone)."""
    if not can_record_retaliation(actor, unit):
        raise ValidationError(_("You cannot record incidents for this unit."))
    incident = _create_incident(
        actor=actor,
        unit=unit,
        source=IncidentSource.STAFF,
        forms=forms,
        occurred_on=occurred_on,
        occurred_until=occurred_until,
        description=description,
        evidence=evidence,
        perpetrators=perpetrators,
        petition=petition,
        protection_case=protection_case,
        reported_on=reported_on,
    )
    audit_record(
        actor=actor,
        action="retaliation.incident.record",
        obj=incident,
        unit=unit,
        details={"forms": incident.forms, "petition": petition.pk if petition else None, "case": _pk(protection_case)},
    )
    return incident


@transaction.atomic
def incident_from_message(
    *,
    actor,
    message: Message,
    forms: Sequence[str],
    occurred_on: datetime.date,
    description: str,
    occurred_until: datetime.date | None = None,
    evidence: str = "",
    perpetrators: Iterable[PerpetratorData] = (),
    protection_case: ProtectionCase | None = None,
) -> Incident:
    """A custodian or intake officer turns the reporter's portal report of retaliation into an incident.

    ``description`` is the staff's working text: write it without what would identify the reporter.
    """
    message = Message.objects.select_for_update().select_related("petition__unit").get(pk=message.pk)
    if message.kind != MessageKind.RETALIATION or not message.from_reporter:
        raise ValidationError(_("This message is not a report of retaliation from the reporter."))
    if Incident.objects.filter(message=message).exists():
        raise ValidationError(_("This report was already recorded as an incident."))
    if not can_open_message_as_incident(actor, message):
        raise ValidationError(_("Only custodians and intake officers of the receiving unit can do this."))
    petition = message.petition
    incident = _create_incident(
        actor=actor,
        unit=petition.unit,
        source=IncidentSource.PORTAL,
        forms=forms,
        occurred_on=occurred_on,
        occurred_until=occurred_until,
        description=description,
        evidence=evidence,
        perpetrators=perpetrators,
        petition=petition,
        protection_case=protection_case,
        message=message,
    )
    audit_record(
        actor=actor,
        action="retaliation.incident.from_portal",
        obj=incident,
        unit=petition.unit,
        details={"forms": incident.forms, "petition": petition.pk, "message": message.pk},
    )
    return incident


def _pk(obj) -> int | None:
    return obj.pk if obj is not None else None


def _locked(incident: Incident, actor) -> Incident:
    """The incident, locked for the change, once ``actor`` is known to handle incidents of its unit."""
    incident = Incident.objects.select_for_update().select_related("unit").get(pk=incident.pk)
    if not can_record_retaliation(actor, incident.unit):
        raise ValidationError(_("You cannot record incidents for this unit."))
    return incident


@transaction.atomic
def perpetrator_add(*, actor, incident: Incident, data: PerpetratorData) -> Perpetrator:
    incident = _locked(incident, actor)
    if not data.name.strip():
        raise ValidationError({"name": _("Give the name.")})
    perpetrator = Perpetrator.objects.create(
        incident=incident, name=data.name, position=data.position, unit_text=data.unit_text, user=data.user
    )
    audit_record(
        actor=actor,
        action="retaliation.perpetrator.add",
        obj=incident,
        unit=incident.unit,
        details={"perpetrator": perpetrator.pk, "account": _pk(data.user)},
    )
    return perpetrator


@transaction.atomic
def incident_verify(*, actor, incident: Incident) -> Incident:
    """Reported → being verified."""
    incident = _locked(incident, actor)
    if incident.status != IncidentStatus.REPORTED:
        raise ValidationError(_("Only a reported incident can be put under verification."))
    incident.status = IncidentStatus.VERIFYING
    incident.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="retaliation.incident.verify", obj=incident, unit=incident.unit)
    return incident


@transaction.atomic
def incident_conclude(
    *, actor, incident: Incident, status: str, finding: str, concluded_on: datetime.date | None = None
) -> Incident:
    """The finding of the verification: confirmed or unfounded."""
    incident = _locked(incident, actor)
    if incident.status not in (IncidentStatus.REPORTED, IncidentStatus.VERIFYING):
        raise ValidationError(_("This incident already has a finding."))
    if status not in FINDING_STATUSES:
        raise ValidationError({"status": _("Choose confirmed or unfounded.")})
    if not finding.strip():
        raise ValidationError({"finding": _("Write the finding.")})
    concluded_on = concluded_on or timezone.localdate()
    if concluded_on > timezone.localdate():
        raise ValidationError({"concluded_on": _("The date is in the future.")})
    incident.status, incident.finding = status, finding
    incident.concluded_on, incident.concluded_by = concluded_on, actor
    incident.save(update_fields=["status", "finding", "concluded_on", "concluded_by", "updated_at"])
    audit_record(
        actor=actor,
        action="retaliation.incident.conclude",
        obj=incident,
        unit=incident.unit,
        details={"status": status},
    )
    return incident


def _require_confirmed(incident: Incident) -> None:
    if incident.status != IncidentStatus.CONFIRMED:
        raise ValidationError(_("Sanctions are recorded once the retaliation is confirmed."))


def _check_decision_date(decided_on: datetime.date) -> None:
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The date is in the future.")})


@transaction.atomic
def sanction_record(
    *,
    actor,
    incident: Incident,
    kind: str,
    form: str,
    decided_by: str,
    decided_on: datetime.date,
    perpetrator: Perpetrator | None = None,
) -> Sanction:
    incident = _locked(incident, actor)
    _require_confirmed(incident)
    if kind not in SanctionKind.values:
        raise ValidationError({"kind": _("Choose the kind of sanction.")})
    if perpetrator is not None and perpetrator.incident_id != incident.pk:
        raise ValidationError({"perpetrator": _("This person is not named in the incident.")})
    _check_decision_date(decided_on)
    sanction = Sanction.objects.create(
        incident=incident,
        perpetrator=perpetrator,
        kind=kind,
        form=form,
        decided_by=decided_by,
        decided_on=decided_on,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="retaliation.sanction.record",
        obj=incident,
        unit=incident.unit,
        details={"sanction": sanction.pk, "kind": kind, "perpetrator": _pk(perpetrator)},
    )
    return sanction


@transaction.atomic
def head_accountability_record(
    *,
    actor,
    incident: Incident,
    name: str,
    position: str,
    unit_text: str,
    form: str,
    decided_by: str,
    decided_on: datetime.date,
    form_detail: str = "",
    user: User | None = None,
) -> HeadAccountability:
    incident = _locked(incident, actor)
    _require_confirmed(incident)
    if form not in DisciplineForm.values:
        raise ValidationError({"form": _("Choose the form of sanction.")})
    if form == DisciplineForm.OTHER and not form_detail.strip():
        raise ValidationError({"form_detail": _("Say which sanction.")})
    _check_decision_date(decided_on)
    record = HeadAccountability.objects.create(
        incident=incident,
        name=name,
        user=user,
        position=position,
        unit_text=unit_text,
        form=form,
        form_detail=form_detail,
        decided_by=decided_by,
        decided_on=decided_on,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="retaliation.head.record",
        obj=incident,
        unit=incident.unit,
        details={"head": record.pk, "form": form, "account": _pk(user)},
    )
    return record


# The personnel early warning


def _alert_recipients(case: ProtectionCase) -> set[int]:
    """The custodians of the case's unit (a subtree scope above counts) and the heads and deputy
    heads of the unit above it; never someone accused in the case's petition or matter, nor a relative."""
    unit = case.unit
    wanted = Q(role=Role.CUSTODIAN) & covering_q(unit)
    if unit.parent_id is not None:
        wanted |= Q(role__in=HEAD_ROLES) & covering_q(unit.parent)
    recipients = set(Membership.objects.active().filter(wanted, user__is_active=True).values_list("user_id", flat=True))
    return recipients - _accused_and_relatives(case)


def _accused_and_relatives(case: ProtectionCase) -> set[int]:
    if case.petition_id is None:
        return set()
    matter_id = Petition.objects.filter(pk=case.petition_id).values_list("matter_id", flat=True).first()
    owner = Q(petition_id=case.petition_id)
    if matter_id is not None:
        owner |= Q(petition__matter_id=matter_id)
    excluded: set[int] = set()
    for user_id in set(Accused.objects.filter(owner, user__isnull=False).values_list("user_id", flat=True)):
        excluded |= conflicted_user_ids(User(pk=user_id))
    return excluded


def _raise_alerts(action: PersonnelAction) -> list[Alert]:
    """Match the action against the watched protection cases; alert and notify on a hit.

    Runs in the request that saved the action, whatever the outcome, and returns nothing the
    personnel officer's screen uses.
    """
    cases = ProtectionCase.objects.filter(id_hash=action.id_hash, status__in=WATCHED_STATUSES).select_related(
        "unit", "unit__parent"
    )
    return [_alert(action, case) for case in cases]


def _alert(action: PersonnelAction, case: ProtectionCase) -> Alert:
    alert = Alert.objects.create(action=action, case=case, unit=case.unit)
    # No unit on the event: an administrator or overseer of the unit (who may also be its personnel
    # officer) reads its audit trail, and an alert right after an entry would tell who is protected.
    audit_record(actor=None, action="retaliation.alert.raise", obj=alert, details={"case": case.pk})
    notify_staff(users=_alert_recipients(case), kind=ALERT_NOTIFICATION_KIND, key=f"retaliation-alert:{alert.pk}")
    return alert


def _check_personnel_unit(actor, unit: Unit) -> None:
    if not has_role(actor, unit, Role.PERSONNEL):
        raise ValidationError({"unit": _("You are not a personnel officer of this unit.")})


def clean_id_number(id_number: str) -> str:
    """The digits of an ID number (spaces, dots and dashes dropped); a ValidationError if it is not one."""
    cleaned = "".join(id_number.split()).replace(".", "").replace("-", "")
    if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) not in (9, 12):
        raise ValidationError({"id_number": _("An ID number has 9 or 12 digits.")})
    return cleaned


@transaction.atomic
def personnel_action_record(
    *,
    actor,
    id_number: str,
    action: str,
    effective_date: datetime.date,
    unit: Unit,
    note: str = "",
    source: str = EntrySource.FORM,
    audit: bool = True,
) -> PersonnelAction:
    """Save one personnel action: only the keyed hash of the ID number is kept. The match against
    protection cases happens here too, and its outcome is never returned."""
    if not can_record_personnel_actions(actor):
        raise ValidationError(_("Only personnel officers record personnel actions."))
    digits = clean_id_number(id_number)
    if action not in PersonnelActionKind.values:
        raise ValidationError({"action": _("Choose the action.")})
    _check_personnel_unit(actor, unit)
    record = PersonnelAction.objects.create(
        id_hash=person_id_hash(digits),
        action=action,
        effective_date=effective_date,
        unit=unit,
        note=note,
        source=source,
        entered_by=actor,
    )
    if audit:
        audit_record(
            actor=actor,
            action="retaliation.personnel_action.record",
            obj=record,
            unit=unit,
            details={"action": action, "effective_date": effective_date.isoformat()},
        )
    _raise_alerts(record)
    return record


@transaction.atomic
def personnel_actions_import(*, actor, file: BinaryIO, filename: str) -> int:
    """Save every action of a CSV or XLSX file, or none (``ImportRejected`` lists every problem by line)."""
    if not can_record_personnel_actions(actor):
        raise ValidationError(_("Only personnel officers record personnel actions."))
    plan = plan_personnel_import(actor=actor, file=file, filename=filename)
    if plan.problems:
        raise ImportRejected(plan.problems)
    by_unit: dict[int, tuple[Unit, int]] = {}
    for row in plan.rows:
        personnel_action_record(
            actor=actor,
            id_number=row.id_number,
            action=row.action,
            effective_date=row.effective_date,
            unit=row.unit,
            note=row.note,
            source=EntrySource.IMPORT,
            audit=False,
        )
        unit, count = by_unit.get(row.unit.pk, (row.unit, 0))
        by_unit[row.unit.pk] = (unit, count + 1)
    for unit, count in by_unit.values():
        audit_record(actor=actor, action="retaliation.personnel_action.import", unit=unit, details={"count": count})
    return len(plan.rows)


# False reports and commendation


@transaction.atomic
def false_report_record(
    *,
    actor,
    unit: Unit,
    finding: str,
    found_on: datetime.date,
    handling: str,
    handling_detail: str = "",
    handled_by: str = "",
    handled_on: datetime.date | None = None,
    petition: Petition | None = None,
    matter: Matter | None = None,
) -> FalseReport:
    if not can_record_retaliation(actor, unit):
        raise ValidationError(_("You cannot record false reports for this unit."))
    if petition is None and matter is None:
        raise ValidationError(_("Link the petition or the matter found untrue."))
    if not finding.strip():
        raise ValidationError({"finding": _("Write the finding.")})
    if handling not in FalseReportHandling.values:
        raise ValidationError({"handling": _("Choose what was done.")})
    today = timezone.localdate()
    if found_on > today or (handled_on and handled_on > today):
        raise ValidationError(_("A date is in the future."))
    record = FalseReport.objects.create(
        unit=unit,
        petition=petition,
        matter=matter,
        finding=finding,
        found_on=found_on,
        handling=handling,
        handling_detail=handling_detail,
        handled_by=handled_by,
        handled_on=handled_on,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="retaliation.false_report.record",
        obj=record,
        unit=unit,
        details={"petition": _pk(petition), "matter": _pk(matter), "handling": handling},
    )
    return record


@transaction.atomic
def commendation_record(
    *,
    actor,
    unit: Unit,
    recipient_kind: str,
    form: str,
    deciding_body: str,
    decided_on: datetime.date,
    amount: Decimal | None = None,
    form_detail: str = "",
    reason: str = "",
    petition: Petition | None = None,
    public_consent: bool = False,
    recipient_name: str = "",
    recipient_unit: Unit | None = None,
    recipient_user: User | None = None,
) -> Commendation:
    """A reporter is recorded by the petition's pseudonym, and by name only with their consent."""
    if not can_record_retaliation(actor, unit):
        raise ValidationError(_("You cannot record commendations for this unit."))
    if recipient_kind not in RecipientKind.values or form not in CommendationForm.values:
        raise ValidationError(_("Choose who is commended and the form."))
    pseudonym = ""
    if recipient_kind == RecipientKind.REPORTER:
        if petition is None:
            raise ValidationError({"petition": _("Give the petition of the reporter.")})
        pseudonym = petition.pseudonym
        if not public_consent:
            recipient_name = ""
        recipient_unit = recipient_user = None
    else:
        petition, public_consent = None, False
        if not (recipient_name.strip() or recipient_unit is not None):
            raise ValidationError({"recipient_name": _("Give the name of the unit or official.")})
    if form == CommendationForm.MONEY:
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("Give the amount.")})
    else:
        amount = None
    _check_decision_date(decided_on)
    record = Commendation.objects.create(
        unit=unit,
        recipient_kind=recipient_kind,
        petition=petition,
        pseudonym=pseudonym,
        public_consent=public_consent,
        recipient_name=recipient_name,
        recipient_unit=recipient_unit,
        recipient_user=recipient_user,
        reason=reason,
        form=form,
        amount=amount,
        form_detail=form_detail,
        deciding_body=deciding_body,
        decided_on=decided_on,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="retaliation.commendation.record",
        obj=record,
        unit=unit,
        details={"recipient": recipient_kind, "form": form, "petition": _pk(petition), "public": public_consent},
    )
    return record


def alerts_for_case(*, case: ProtectionCase) -> list[Alert]:
    """For the protection app, when a case is opened or granted: raise alerts for the actions already
    entered for the same person (since ``case.requested_at`` less a year). Call it inside its transaction."""
    if not case.id_hash or case.status not in WATCHED_STATUSES:
        return []
    since = timezone.localtime(case.requested_at).date() - datetime.timedelta(days=365)
    earlier = PersonnelAction.objects.filter(id_hash=case.id_hash, effective_date__gte=since).exclude(alerts__case=case)
    return [_alert(action, case) for action in earlier]
