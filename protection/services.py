"""Protection cases: opening, deciding, measures, the person's requests, check-ins, ending.

Every service validates, changes state, writes its audit event (``protection.*``, no identity in
``details``) and, when the case came from a petition, adds a notice to that petition's portal
history in the reporter's language (Vietnamese).

Who is protected is sealed like a reporter's identity (docs/vault.md): each case has its own key
pair; the person's details are sealed to its public key and its private key is sealed for every
identity custodian covering the case's unit and every active recovery key. Heads and deputy heads
decide on ``summary``, which is written without the identity.
"""

import datetime
import json
import logging
import secrets
import uuid
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import permissions
from accounts.models import Role
from audit.services import audit_record
from baove.lib import crypto
from cases.models import Message, MessageKind, Petition, PublicEvent
from cases.notices import reporter_email, reporter_email_message
from cases.notifications import notify_staff
from org.models import Unit
from protection.matching import person_id_hash
from protection.models import (
    CaseStatus,
    CheckIn,
    Measure,
    MeasureStatus,
    Origin,
    PersonRequest,
    PersonRequestKind,
    PersonRequestStatus,
    ProtectionCase,
    ProtectionKey,
    ProtectionKind,
    Relationship,
)
from vault.models import RecoveryKey, UserKey
from vault.services import seal_for_holders
from workcal.workdays import add_working_days

logger = logging.getLogger(__name__)
_PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PERSON_FIELDS = ("full_name", "id_number", "date_of_birth", "phone", "address", "relationship_details")
DECISION_NEEDED = "decision_needed"

# Notices on the portal, rendered in Vietnamese whatever the staff member's language.
NOTICE_OPENED = gettext_noop(
    "The request for protection linked to your report was received on %(date)s. The unit will decide by %(due)s. "
    "The identity of the person protected is kept secret."
)
NOTICE_GRANTED = gettext_noop(
    "On %(date)s the unit decided to grant protection. Measures: %(measures)s. Reasons: %(reasons)s"
)
NOTICE_REFUSED = gettext_noop(
    "On %(date)s the unit decided not to grant the protection requested. Reasons: %(reasons)s"
)
NOTICE_MEASURE_ADDED = gettext_noop("A protection measure was added on %(date)s: %(measure)s.")
NOTICE_MEASURE_CHANGED = gettext_noop("A protection measure was changed on %(date)s: %(measure)s.")
NOTICE_MEASURE_ENDED = gettext_noop("A protection measure ended on %(date)s: %(measure)s.")
NOTICE_REQUEST_RECEIVED = gettext_noop("Your request about the protection (%(kind)s) was received on %(date)s.")
NOTICE_REQUEST_ACCEPTED = gettext_noop("Your request about the protection (%(kind)s) was accepted on %(date)s.")
NOTICE_REQUEST_REJECTED = gettext_noop(
    "Your request about the protection (%(kind)s) was not accepted on %(date)s. Reasons: %(reasons)s"
)
NOTICE_CHECKIN_SCHEDULED = gettext_noop("A review of the protection is planned for %(date)s.")
NOTICE_CHECKIN_DONE = gettext_noop("The protection was reviewed on %(date)s.")
NOTICE_ENDED = gettext_noop("The protection ended on %(date)s. Reason: %(reason)s")
MEASURE_TEXT = gettext_noop("%(kind)s, by %(body)s, from %(start)s")
MEASURE_UNTIL = gettext_noop("until %(end)s")


# Small helpers


def _today() -> datetime.date:
    return timezone.localdate()


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _text(value: str | None) -> str:
    return (value or "").strip()


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _new_pseudonym() -> str:
    return "NBV-" + "".join(secrets.choice(_PSEUDONYM_ALPHABET) for _ in range(5))


def _covering(unit: Unit, *roles: str):
    """Memberships in force whose holder has one of ``roles`` on ``unit`` (or above it, subtree scope)."""
    return permissions.holders_of(unit, *roles)


def custodian_memberships(unit: Unit):
    """Who keeps the identities of ``unit``'s protected people: its identity custodians only."""
    return _covering(unit, Role.CUSTODIAN)


def _recipient_keys(unit: Unit) -> list[UserKey]:
    return list(UserKey.objects.filter(user__in=custodian_memberships(unit).values("user_id")))


def _grant(case: ProtectionCase, private: bytes, *, user_keys=(), recovery_keys=()) -> int:
    sealed = seal_for_holders(private, context=case.context("key"), user_keys=user_keys, recovery_keys=recovery_keys)
    rows = ProtectionKey.objects.bulk_create(ProtectionKey(case=case, **row) for row in sealed)
    return len(rows)


def _staff_to_tell(case: ProtectionCase) -> set[int]:
    """The unit's heads, deputy heads and custodians."""
    members = _covering(case.unit, Role.HEAD, Role.DEPUTY_HEAD, Role.CUSTODIAN)
    return set(members.values_list("user_id", flat=True))


def _deciders(case: ProtectionCase) -> set[int]:
    return set(_covering(case.unit, Role.HEAD, Role.DEPUTY_HEAD).values_list("user_id", flat=True))


def _send_reporter_email(petition_id: int, address: str) -> None:
    subject, body = reporter_email_message()
    try:
        send_mail(subject, body, None, [address])
    except Exception as error:
        # Only the type: an SMTP error's text may hold the address.
        logger.warning("A notice e-mail to the reporter of petition %s failed (%s).", petition_id, type(error).__name__)


def _notice(case: ProtectionCase, message: str, **values) -> PublicEvent | None:
    """Add ``message`` (a gettext_noop text) to the portal history of the case's petition, in Vietnamese."""
    if case.petition_id is None:
        return None
    with translation.override("vi"):
        shown = {key: _date(value) if isinstance(value, datetime.date) else str(value) for key, value in values.items()}
        text = _(message) % shown
    event = PublicEvent.objects.create(petition_id=case.petition_id, step=PublicEvent.Step.NOTICE, text=text)
    petition = Petition.objects.only("pk", "notice_email_sealed").get(pk=case.petition_id)
    address = reporter_email(petition)
    if address:
        transaction.on_commit(partial(_send_reporter_email, petition.pk, address))
    return event


def _measure_text(measure: Measure) -> str:
    """A measure in the reporter's words; call inside ``translation.override``."""
    text = _(MEASURE_TEXT) % {
        "kind": ProtectionKind(measure.kind).label,
        "body": measure.body,
        "start": _date(measure.starts_on),
    }
    if measure.ends_on:
        text += " " + _(MEASURE_UNTIL) % {"end": _date(measure.ends_on)}
    return text


def _measures_text(measures: Iterable[Measure]) -> str:
    with translation.override("vi"):
        return "; ".join(_measure_text(measure) for measure in measures)


def _locked(case: ProtectionCase, actor, allowed) -> ProtectionCase:
    """The case, locked for the change, once ``actor`` may see it and ``allowed(actor, case)``."""
    _require(
        actor is not None
        and permissions.protection_cases_visible_to(actor).filter(pk=case.pk).exists()
        and allowed(actor, case)
    )
    return ProtectionCase.objects.select_for_update().select_related("unit").get(pk=case.pk)


def _require_status(case: ProtectionCase, *allowed: str) -> None:
    if case.status not in allowed:
        raise ValidationError(
            _("This cannot be done while the case is: %(status)s.") % {"status": case.get_status_display()}
        )


def _audit(actor, action: str, case: ProtectionCase, *, reason: str = "", **details) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=case,
        unit=case.unit,
        reason=reason,
        details={"reference": case.reference, **details},
    )


def _clean_kinds(kinds: Iterable[str], *, field: str = "kinds") -> list[str]:
    kinds = set(kinds or ())
    unknown = kinds - set(ProtectionKind.values)
    if unknown:
        raise ValidationError({field: _("Unknown kind of protection: %(kinds)s.") % {"kinds": ", ".join(unknown)}})
    return [kind for kind in ProtectionKind.values if kind in kinds]


def _person_payload(person: dict, reasons: str) -> bytes:
    values = {}
    for key in PERSON_FIELDS:
        value = person.get(key) or ""
        values[key] = value.isoformat() if isinstance(value, datetime.date) else _text(str(value))
    return json.dumps({"person": values, "reasons": reasons}, ensure_ascii=False).encode()


# Opening


@transaction.atomic
def protection_open(
    *,
    unit: Unit,
    origin: str,
    relationship: str,
    kinds: Iterable[str],
    person: dict,
    reasons: str,
    petition: Petition | None = None,
    actor=None,
    requested_at: datetime.datetime | None = None,
    summary: str = "",
    source_message: Message | None = None,
) -> ProtectionCase:
    """Open a case. ``actor`` is an identity custodian of ``unit`` (None: the system itself).

    Secrecy of information is always among the kinds. The person's details and the reasons as told
    are sealed; ``summary`` (without the identity) is what the heads decide on.
    """
    if actor is not None:
        _require(permissions.has_role(actor, unit, Role.CUSTODIAN))
    errors = {}
    if origin not in Origin.values:
        errors["origin"] = _("Choose how the request came.")
    if relationship not in Relationship.values:
        errors["relationship"] = _("Choose who is to be protected.")
    if not _text(person.get("full_name")):
        errors["full_name"] = _("Give the full name of the person to protect.")
    if not _text(reasons):
        errors["reasons"] = _("Write why protection is asked for and what is threatened.")
    now = timezone.now()
    requested_at = requested_at or now
    if requested_at > now + datetime.timedelta(minutes=5):
        errors["requested_at"] = _("The time of the request cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    kinds = _clean_kinds([*kinds, ProtectionKind.SECRECY])
    user_keys = _recipient_keys(unit)
    recovery_keys = list(RecoveryKey.objects.filter(retired_at__isnull=True))
    if not user_keys and not recovery_keys:
        raise ValidationError({"unit": _("Nobody could open this case: the unit has no identity custodian.")})
    pair = crypto.new_key_pair()
    requested_on = timezone.localtime(requested_at).date()
    case = ProtectionCase.objects.create(
        reference=uuid.uuid4().hex[:20],
        unit=unit,
        petition=petition,
        source_message=source_message,
        origin=origin,
        relationship=relationship,
        kinds_requested=kinds,
        pseudonym=_new_pseudonym(),
        requested_at=requested_at,
        decision_due_on=add_working_days(requested_on, settings.PROTECTION_DECISION_WORKING_DAYS),
        summary=_text(summary),
        public_key=pair.public,
        sealed_person=b"",
        id_hash=person_id_hash(str(person.get("id_number") or "")),
    )
    case.reference = f"BV-{requested_on.year}-{case.pk:06d}"
    case.sealed_person = crypto.seal_for(
        _person_payload(person, _text(reasons)), pair.public, context=case.context("person")
    )
    case.save(update_fields=["reference", "sealed_person"])
    _grant(case, pair.private, user_keys=user_keys, recovery_keys=recovery_keys)
    _notice(case, NOTICE_OPENED, date=requested_on, due=case.decision_due_on)
    notify_staff(users=_staff_to_tell(case), kind=DECISION_NEEDED, key=f"protection:{case.pk}", petition=petition)
    _audit(
        actor,
        "protection.case.open",
        case,
        origin=origin,
        relationship=relationship,
        kinds=kinds,
        petition=petition.pk if petition else None,
        message=source_message.pk if source_message else None,
        custodians=len(user_keys),
    )
    _warn_of_earlier_personnel_actions(case)
    return case


def protection_unit_for(petition: Petition) -> Unit:
    """The unit that decides on protection asked through a petition: the one holding it now."""
    return petition.unit


@transaction.atomic
def protection_open_from_portal(
    *,
    message: Message,
    actor,
    relationship: str,
    kinds: Iterable[str],
    person: dict,
    reasons: str,
    summary: str = "",
) -> ProtectionCase:
    """A custodian turns a portal request (``MessageKind.PROTECTION_REQUEST``) into a case, with
    the person's details they read in the message and, for the reporter, in the petition's original
    (``cases.services.petition_read_original``, audited there)."""
    if message.kind != MessageKind.PROTECTION_REQUEST or not message.from_reporter:
        raise ValidationError(_("This message is not a request for protection."))
    if ProtectionCase.objects.filter(source_message=message).exists():
        raise ValidationError(_("A protection case was already opened for this request."))
    petition = message.petition
    _require(actor is not None and permissions.petitions_visible_to(actor).filter(pk=petition.pk).exists())
    return protection_open(
        unit=protection_unit_for(petition),
        origin=Origin.PORTAL,
        relationship=relationship,
        kinds=kinds,
        person=person,
        reasons=reasons,
        petition=petition,
        actor=actor,
        requested_at=message.created_at,
        summary=summary,
        source_message=message,
    )


# The decision


def _clean_measure(values: dict, *, index: int | None = None) -> dict:
    where = "" if index is None else f" ({index + 1})"
    kind = values.get("kind")
    starts_on = values.get("starts_on") or _today()
    ends_on = values.get("ends_on")
    if kind not in ProtectionKind.values:
        raise ValidationError({"measures": _("Choose the kind of each measure%(where)s.") % {"where": where}})
    if not _text(values.get("body")):
        raise ValidationError(
            {"measures": _("Name the body responsible for each measure%(where)s.") % {"where": where}}
        )
    if ends_on and ends_on < starts_on:
        raise ValidationError({"measures": _("A measure cannot end before it starts%(where)s.") % {"where": where}})
    return {
        "kind": kind,
        "body": _text(values.get("body"))[:255],
        "unit": values.get("unit"),
        "description": _text(values.get("description")),
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


def _create_measure(case: ProtectionCase, values: dict, actor) -> Measure:
    status = MeasureStatus.ENDED if values["ends_on"] and values["ends_on"] < _today() else MeasureStatus.IN_FORCE
    return Measure.objects.create(case=case, created_by=actor, status=status, **values)


@transaction.atomic
def protection_decide(
    *, case: ProtectionCase, actor, grant: bool, reasons: str, measures: list[dict] = ()
) -> ProtectionCase:
    """The head or a deputy head grants (with measures, carried out at once) or refuses.

    Deciding after ``decision_due_on`` is recorded (``decided_late``), never refused. A grant always
    keeps the person's identity secret: a secrecy measure by the unit is added if none is named.
    """
    case = _locked(case, actor, permissions.can_decide_protection)
    _require_status(case, CaseStatus.REQUESTED)
    if not _text(reasons):
        raise ValidationError({"reasons": _("Write the reasons for the decision.")})
    cleaned = [_clean_measure(values, index=index) for index, values in enumerate(measures or ())] if grant else []
    if grant and not any(values["kind"] == ProtectionKind.SECRECY for values in cleaned):
        cleaned.insert(
            0,
            _clean_measure({"kind": ProtectionKind.SECRECY, "body": case.unit.name, "unit": case.unit}),
        )
    now = timezone.now()
    case.status = CaseStatus.GRANTED if grant else CaseStatus.REFUSED
    case.decided_at, case.decided_by = now, actor
    case.decision_reasons = _text(reasons)
    case.decided_late = timezone.localtime(now).date() > case.decision_due_on
    case.save()
    created = [_create_measure(case, values, actor) for values in cleaned]
    if grant:
        _notice(case, NOTICE_GRANTED, date=_today(), measures=_measures_text(created), reasons=case.decision_reasons)
    else:
        _notice(case, NOTICE_REFUSED, date=_today(), reasons=case.decision_reasons)
    _audit(
        actor,
        "protection.case.grant" if grant else "protection.case.refuse",
        case,
        reason=case.decision_reasons,
        late=case.decided_late,
        due=case.decision_due_on.isoformat(),
        measures=[measure.kind for measure in created],
    )
    _warn_of_earlier_personnel_actions(case)
    return case


def _warn_of_earlier_personnel_actions(case: ProtectionCase) -> None:
    """The early warning also looks back: personnel actions entered before the request."""
    from retaliation.services import alerts_for_case  # retaliation builds on this app

    alerts_for_case(case=case)


# Measures


@transaction.atomic
def measure_add(
    *,
    case: ProtectionCase,
    actor,
    kind: str,
    body: str,
    unit: Unit | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    description: str = "",
) -> Measure:
    case = _locked(case, actor, permissions.can_decide_protection)
    _require_status(case, CaseStatus.GRANTED)
    values = _clean_measure(
        {
            "kind": kind,
            "body": body,
            "unit": unit,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "description": description,
        }
    )
    measure = _create_measure(case, values, actor)
    _notice(case, NOTICE_MEASURE_ADDED, date=_today(), measure=_measures_text([measure]))
    _audit(actor, "protection.measure.add", case, measure=measure.pk, kind=measure.kind)
    return measure


@transaction.atomic
def measure_change(
    *,
    measure: Measure,
    actor,
    body: str | None = None,
    unit: Unit | None = None,
    ends_on: datetime.date | None = None,
    description: str | None = None,
    end: bool = False,
    reason: str = "",
) -> Measure:
    """Change who carries out a measure or until when; ``end=True`` ends it (today unless ``ends_on``)."""
    case = _locked(measure.case, actor, permissions.can_decide_protection)
    _require_status(case, CaseStatus.GRANTED)
    measure = Measure.objects.select_for_update().get(pk=measure.pk, case=case)
    if measure.status == MeasureStatus.ENDED:
        raise ValidationError(_("This measure has ended already."))
    if end and not _text(reason):
        raise ValidationError({"reason": _("Write why the measure ends.")})
    if body is not None:
        if not _text(body):
            raise ValidationError({"body": _("Name the responsible body.")})
        measure.body = _text(body)[:255]
    if unit is not None:
        measure.unit = unit
    if description is not None:
        measure.description = _text(description)
    if end:
        ends_on = ends_on or _today()
    if ends_on is not None:
        if ends_on < measure.starts_on:
            raise ValidationError({"ends_on": _("A measure cannot end before it starts.")})
        measure.ends_on = ends_on
    if end:
        measure.status, measure.end_reason = MeasureStatus.ENDED, _text(reason)
    measure.save()
    notice = NOTICE_MEASURE_ENDED if end else NOTICE_MEASURE_CHANGED
    _notice(case, notice, date=_today(), measure=_measures_text([measure]))
    _audit(
        actor,
        "protection.measure.end" if end else "protection.measure.change",
        case,
        reason=_text(reason),
        measure=measure.pk,
        kind=measure.kind,
        ends_on=measure.ends_on.isoformat() if measure.ends_on else None,
    )
    return measure


# The person's requests


@transaction.atomic
def person_request(
    *,
    case: ProtectionCase,
    actor,
    kind: str,
    summary: str,
    kinds: Iterable[str] = (),
    received_at: datetime.datetime | None = None,
) -> PersonRequest:
    """A custodian records what the protected person asks: to change, add or end measures, or
    that they refuse protection. The heads decide it (``person_request_decide``)."""
    case = _locked(case, actor, permissions.is_protection_custodian)
    _require_status(case, CaseStatus.REQUESTED, CaseStatus.GRANTED)
    if kind not in PersonRequestKind.values:
        raise ValidationError({"kind": _("Choose what the person asks.")})
    if not _text(summary):
        raise ValidationError({"summary": _("Write what the person asks, without their identity.")})
    request = PersonRequest.objects.create(
        case=case,
        kind=kind,
        kinds=_clean_kinds(kinds),
        summary=_text(summary),
        received_at=received_at or timezone.now(),
        recorded_by=actor,
    )
    with translation.override("vi"):
        kind_text = str(PersonRequestKind(kind).label)
    _notice(case, NOTICE_REQUEST_RECEIVED, date=_today(), kind=kind_text)
    notify_staff(
        users=_deciders(case), kind=DECISION_NEEDED, key=f"protection-request:{request.pk}", petition=case.petition
    )
    _audit(actor, "protection.request.record", case, request=request.pk, kind=kind, kinds=request.kinds)
    return request


def _end_measures(case: ProtectionCase, reason: str, *, kinds: Iterable[str] | None = None) -> int:
    today = _today()
    ended = 0
    measures = case.measures.select_for_update().filter(status=MeasureStatus.IN_FORCE)
    if kinds is not None:
        measures = measures.filter(kind__in=list(kinds))
    for measure in measures:
        measure.status, measure.end_reason = MeasureStatus.ENDED, reason
        if measure.ends_on is None or measure.ends_on > today:
            measure.ends_on = max(today, measure.starts_on)
        measure.save()
        ended += 1
    return ended


def _close(case: ProtectionCase, reason: str) -> int:
    ended = _end_measures(case, reason)
    case.status, case.ended_at, case.end_reason = CaseStatus.ENDED, timezone.now(), reason
    case.next_review_on = None
    case.save()
    return ended


@transaction.atomic
def person_request_decide(*, request: PersonRequest, actor, accept: bool, reasons: str = "") -> PersonRequest:
    """Accepting a refusal of protection, or a request to end measures (of ``request.kinds``, all if
    none), ends those measures and, once none is left in force, the case. Accepting a change or an
    addition is followed by the measures themselves (``measure_add``, ``measure_change``)."""
    case = _locked(request.case, actor, permissions.can_decide_protection)
    request = PersonRequest.objects.select_for_update().get(pk=request.pk, case=case)
    if request.status != PersonRequestStatus.PENDING:
        raise ValidationError(_("This request was decided already."))
    if not accept and not _text(reasons):
        raise ValidationError({"reasons": _("Write why the request is not accepted.")})
    request.status = PersonRequestStatus.ACCEPTED if accept else PersonRequestStatus.REJECTED
    request.decided_at, request.decided_by, request.decision_reasons = timezone.now(), actor, _text(reasons)
    request.save()
    with translation.override("vi"):
        kind_text = str(PersonRequestKind(request.kind).label)
    reason = _text(reasons) or kind_text
    ended = measures_ended = None
    if accept and request.kind == PersonRequestKind.END and case.status == CaseStatus.GRANTED and request.kinds:
        measures_ended = _end_measures(case, reason, kinds=request.kinds)
        if not case.measures.filter(status=MeasureStatus.IN_FORCE).exists():
            ended = _close(case, reason)
    elif (
        accept and request.kind in (PersonRequestKind.END, PersonRequestKind.REFUSE) and case.status != CaseStatus.ENDED
    ):
        ended = _close(case, reason)
    if accept:
        _notice(case, NOTICE_REQUEST_ACCEPTED, date=_today(), kind=kind_text)
    else:
        _notice(case, NOTICE_REQUEST_REJECTED, date=_today(), kind=kind_text, reasons=request.decision_reasons)
    if ended is not None:
        _notice(case, NOTICE_ENDED, date=_today(), reason=case.end_reason)
    _audit(
        actor,
        "protection.request.decide",
        case,
        reason=request.decision_reasons,
        request=request.pk,
        kind=request.kind,
        accepted=accept,
        measures_ended=measures_ended,
        case_ended=ended is not None,
    )
    return request


# Check-ins


def _refresh_next_review(case: ProtectionCase) -> None:
    case.next_review_on = (
        case.checkins.filter(done_on__isnull=True).order_by("due_on").values_list("due_on", flat=True).first()
    )
    case.save(update_fields=["next_review_on", "updated_at"])


@transaction.atomic
def checkin_schedule(*, case: ProtectionCase, actor, due_on: datetime.date, note: str = "") -> CheckIn:
    case = _locked(case, actor, permissions.is_protection_custodian)
    _require_status(case, CaseStatus.GRANTED)
    if due_on < _today():
        raise ValidationError({"due_on": _("A review cannot be planned in the past.")})
    if case.checkins.filter(due_on=due_on).exists():
        raise ValidationError({"due_on": _("A review is already planned on that day.")})
    checkin = CheckIn.objects.create(case=case, due_on=due_on, note=_text(note), scheduled_by=actor)
    _refresh_next_review(case)
    _notice(case, NOTICE_CHECKIN_SCHEDULED, date=due_on)
    _audit(actor, "protection.checkin.schedule", case, checkin=checkin.pk, due_on=due_on.isoformat())
    return checkin


@transaction.atomic
def checkin_record(*, checkin: CheckIn, actor, note: str, done_on: datetime.date | None = None) -> CheckIn:
    case = _locked(checkin.case, actor, permissions.is_protection_custodian)
    checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk, case=case)
    if checkin.done_on is not None:
        raise ValidationError(_("This review was recorded already."))
    done_on = done_on or _today()
    if done_on > _today():
        raise ValidationError({"done_on": _("A review cannot be recorded in the future.")})
    if not _text(note):
        raise ValidationError({"note": _("Write how the review went, without the person's identity.")})
    checkin.done_on, checkin.note, checkin.recorded_by = done_on, _text(note), actor
    checkin.save()
    _refresh_next_review(case)
    _notice(case, NOTICE_CHECKIN_DONE, date=done_on)
    _audit(
        actor,
        "protection.checkin.record",
        case,
        checkin=checkin.pk,
        due_on=checkin.due_on.isoformat(),
        done_on=done_on.isoformat(),
        late=done_on > checkin.due_on,
    )
    return checkin


# The end


@transaction.atomic
def protection_end(*, case: ProtectionCase, actor, reason: str) -> ProtectionCase:
    """End the protection (the matter is concluded, the threat is gone): every measure ends today."""
    case = _locked(case, actor, permissions.can_decide_protection)
    _require_status(case, CaseStatus.GRANTED)
    if not _text(reason):
        raise ValidationError({"reason": _("Write why the protection ends.")})
    ended = _close(case, _text(reason))
    _notice(case, NOTICE_ENDED, date=_today(), reason=case.end_reason)
    _audit(actor, "protection.case.end", case, reason=case.end_reason, measures_ended=ended)
    return case


# The sealed person


def protection_private_key(*, case: ProtectionCase, user, user_private: bytes) -> bytes | None:
    """The case's private key, if ``user`` holds a sealed copy and their key is unlocked."""
    row = ProtectionKey.objects.filter(case=case, user_key__user=user).first()
    if row is None:
        return None
    try:
        return crypto.open_for(bytes(row.sealed_key), user_private, context=case.context("key"))
    except crypto.DecryptionError:
        return None


def holds_sealed_copy(*, case: ProtectionCase, user) -> bool:
    return ProtectionKey.objects.filter(case=case, user_key__user=user).exists()


@transaction.atomic
def protection_read_person(*, case: ProtectionCase, actor, private: bytes, reason: str) -> dict:
    """Who is protected and the reasons as told: custodians only, with a reason, audited."""
    _require(
        permissions.protection_cases_visible_to(actor).filter(pk=case.pk).exists()
        and permissions.is_protection_custodian(actor, case)
    )
    if not _text(reason):
        raise ValidationError({"reason": _("Give the reason for opening the identity.")})
    opened = json.loads(crypto.open_for(bytes(case.sealed_person), private, context=case.context("person")))
    _audit(actor, "protection.person.read", case, reason=_text(reason))
    return opened


# Keeping the sealed copies in step with who is a custodian


def protection_access_grant_pending(*, actor, actor_private: bytes) -> int:
    """Seal the cases ``actor`` can open for custodians covering their unit who hold no copy yet
    (a new custodian, one whose key was replaced). Meant to run at sign-in, like
    ``cases.services.petition_access_grant_pending``."""
    granted = 0
    for row in ProtectionKey.objects.filter(user_key__user=actor).select_related("case", "case__unit"):
        case = row.case
        held = set(case.keys.filter(user_key__isnull=False).values_list("user_key_id", flat=True))
        missing = [key for key in _recipient_keys(case.unit) if key.pk not in held]
        if not missing:
            continue
        try:
            private = crypto.open_for(bytes(row.sealed_key), actor_private, context=case.context("key"))
        except crypto.DecryptionError:
            continue
        with transaction.atomic():
            count = _grant(case, private, user_keys=missing)
            granted += count
            _audit(actor, "protection.access.grant", case, users=sorted(key.user_id for key in missing))
    return granted


@transaction.atomic
def protection_access_revoke_stale(*, user) -> int:
    """Remove the sealed copies ``user`` holds for cases of units they no longer keep identities for."""
    removed = 0
    for row in ProtectionKey.objects.filter(user_key__user=user).select_related("case__unit"):
        if not custodian_memberships(row.case.unit).filter(user=user).exists():
            row.delete()
            removed += 1
    if removed:
        audit_record(actor=None, action="protection.access.revoke", obj=user, details={"cases": removed})
    return removed
