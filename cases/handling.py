"""Case handling (issue 4): classifying registered petitions, duplicates, competence routing,
conflicts of interest, the head's decisions on a matter and its assignments.

Every function that changes state is keyword-only and atomic: it validates first (nothing changes
when it refuses), then changes, then writes its audit events in the same transaction. Notices to the
reporter are rows of the portal history (``cases.notices``); staff notifications are ``Notification``
rows with a dedupe key, which ``send_notifications`` e-mails later.

Audit ``details`` carry codes, numbers and references, never content or who is accused: oversight
and administrators read them.
"""

import datetime
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import permissions
from accounts.models import Membership, Role, User
from audit.services import audit_record
from baove.lib.text import fold
from cases import deadlines
from cases.models import (
    Accused,
    Assignment,
    Competence,
    Complexity,
    Condition,
    DayCount,
    Deadline,
    Kind,
    Matter,
    MatterStatus,
    NoticeKind,
    Notification,
    Outcome,
    PersonRelation,
    Petition,
    PetitionKey,
    Status,
    StepKind,
    Subject,
)
from cases.notices import notify_reporters
from cases.services import _grant, _recipient_keys, petition_private_key
from org.models import Unit
from workcal.workdays import add_working_days, is_working_day, working_days_between

OPEN_MATTER = (MatterStatus.AWAITING_DECISION, MatterStatus.ACCEPTED, MatterStatus.CHECKING, MatterStatus.SUSPENDED)
# The running time limit of an accepted matter: the resolution, or its latest extension.
RESOLUTION_STEPS = (StepKind.RESOLVE, StepKind.EXTENSION)
# Law on Denunciation 2018, Article 30: once for a complex matter, twice for an especially complex one.
EXTENSION_LIMITS = {Complexity.NORMAL: 0, Complexity.COMPLEX: 1, Complexity.ESPECIALLY_COMPLEX: 2}
# Classification may (re)start from these; a petition in a matter stays there.
CLASSIFIABLE = (Status.REGISTERED, Status.FORWARDED, Status.GUIDED, Status.FILED, Status.NOT_PROCESSABLE)
DECIDING_ROLES = (Role.HEAD, Role.DEPUTY_HEAD)
# The outcome in the conclusion notice, in the notice's language.
OUTCOME_NOTICE = {
    Outcome.TRUE: gettext_lazy("the report is true"),
    Outcome.PARTLY_TRUE: gettext_lazy("the report is partly true"),
    Outcome.UNTRUE: gettext_lazy("the report is untrue"),
}
NOTICE_LANGUAGE = "vi"
SIMILARITY_THRESHOLD = 0.5
SUMMARY_LENGTH = 300
_WORD = re.compile(r"\w{2,}")


def _today() -> datetime.date:
    return timezone.localdate()


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _text(value: str) -> str:
    return (value or "").strip()


# Conflicts of interest


def _accused_user_ids(petitions) -> set[int]:
    return set(Accused.objects.filter(petition__in=petitions, user__isnull=False).values_list("user_id", flat=True))


def _conflicted_with(user_ids) -> set[int]:
    """The accused accounts and everyone recorded as related to one of them."""
    ids = set(user_ids)
    if not ids:
        return ids
    for person_id, related_id in PersonRelation.objects.filter(
        Q(person_id__in=ids) | Q(related_id__in=ids)
    ).values_list("person_id", "related_id"):
        ids.update((person_id, related_id))
    return ids


def matter_conflicted_ids(matter: Matter) -> set[int]:
    """Who must never see or handle ``matter``: its accused accounts and their relatives."""
    return _conflicted_with(_accused_user_ids(matter.petitions.all()))


def _heads_among(unit: Unit, user_ids: set[int]) -> bool:
    return (
        bool(user_ids)
        and Membership.objects.active().filter(unit=unit, role__in=DECIDING_ROLES, user_id__in=user_ids).exists()
    )


def competent_unit(unit: Unit, conflicted: set[int]) -> tuple[Unit, bool]:
    """The unit that may handle a matter first received by ``unit``: the unit above as long as a
    head or deputy head of the unit is accused or related to an accused person. Returns the unit and
    whether the matter is beyond the first unit's level (also when there is no unit above)."""
    over = False
    while _heads_among(unit, conflicted):
        over = True
        if unit.parent_id is None:
            break
        unit = Unit.objects.get(pk=unit.parent_id)
    return unit, over


def _deciders(unit: Unit, *, exclude: set[int] = frozenset()) -> list[User]:
    """Heads and deputy heads in force covering ``unit`` (on the unit, or with a subtree above)."""
    memberships = permissions.holders_of(unit, *DECIDING_ROLES).exclude(user_id__in=exclude)
    return list(User.objects.filter(pk__in=memberships.values("user_id")).order_by("pk"))


def _notify_staff(*, users, kind: str, matter: Matter, key: str) -> None:
    for user in users:
        Notification.objects.get_or_create(
            dedupe_key=f"{key}:{user.pk}"[:120], defaults={"user": user, "kind": kind, "matter": matter}
        )


def _decision_needed(matter: Matter, key: str) -> None:
    users = _deciders(matter.unit, exclude=matter_conflicted_ids(matter))
    _notify_staff(users=users, kind=Notification.Kind.DECISION_NEEDED, matter=matter, key=f"decision:{matter.pk}:{key}")


def _end_conflicted_assignments(matter: Matter, conflicted: set[int], *, actor, note: str) -> int:
    ended = 0
    for assignment in matter.assignments.filter(ended_at__isnull=True, handler_id__in=conflicted):
        assignment.ended_at = timezone.now()
        assignment.conflict_note = assignment.conflict_note or note
        assignment.save(update_fields=["ended_at", "conflict_note"])
        audit_record(
            actor=actor,
            action="cases.assignment.end_conflict",
            obj=matter,
            unit=matter.unit,
            details={"assignment": assignment.pk, "handler": assignment.handler_id},
        )
        ended += 1
    if ended:
        _decision_needed(matter, f"conflict:{timezone.now():%Y%m%d%H%M%S%f}")
    return ended


def _drop_conflicted_keys(petitions, conflicted: set[int]) -> int:
    """An accused person or relative who is an intake officer or custodian keeps no sealed copy."""
    if not conflicted:
        return 0
    deleted, _rows = PetitionKey.objects.filter(petition__in=petitions, user_key__user_id__in=conflicted).delete()
    return deleted


# Moving petitions between units with their sealed keys


@dataclass
class _Move:
    petition: Petition
    private: bytes
    recipients: list


def _prepare_move(petition: Petition, to_unit: Unit, *, actor, actor_private: bytes | None, conflicted: set[int]):
    """Open the petition's key with the actor's and list who gets it in ``to_unit``; refuses
    before anything changes."""
    if actor_private is None:
        raise ValidationError(_("Sign in again to open sealed records: the petition's key must be passed on."))
    private = petition_private_key(petition=petition, user=actor, user_private=actor_private)
    if private is None:
        raise ValidationError(
            _("You do not hold a sealed copy of petition %(reference)s, so you cannot pass it on.")
            % {"reference": petition.reference}
        )
    recipients = [key for key in _recipient_keys(to_unit) if key.user_id not in conflicted]
    if not recipients:
        raise ValidationError(
            _("Nobody in %(unit)s can open originals yet (no intake officer or identity custodian).")
            % {"unit": to_unit.name}
        )
    return _Move(petition=petition, private=private, recipients=recipients)


def _apply_move(move: _Move, to_unit: Unit) -> None:
    """The petition moves; its key is sealed for the new unit's entitled people and the old unit's
    people lose theirs (recovery keys stay)."""
    petition = move.petition
    PetitionKey.objects.filter(petition=petition, user_key__isnull=False).delete()
    _grant(petition, move.private, user_keys=move.recipients)
    petition.unit = to_unit
    petition.save(update_fields=["unit", "updated_at"])


def _route(matter: Matter, *, extra: Petition | None, actor, actor_private: bytes | None) -> tuple[Unit, bool, list]:
    """Where the matter (with ``extra`` joining it) must be handled, and the prepared moves."""
    petitions = list(matter.petitions.all()) if matter.pk else []
    if extra is not None and all(p.pk != extra.pk for p in petitions):
        petitions.append(extra)
    conflicted = _conflicted_with(_accused_user_ids(petitions))
    target, over = competent_unit(matter.unit, conflicted)
    moves = [
        _prepare_move(petition, target, actor=actor, actor_private=actor_private, conflicted=conflicted)
        for petition in petitions
        if petition.unit_id != target.pk
    ]
    return target, over, moves


def _route_matter_up(matter: Matter, target: Unit, moves: list, *, actor) -> None:
    previous = matter.unit
    for move in moves:
        _apply_move(move, target)
    if target.pk != previous.pk:
        matter.unit = target
        for assignment in matter.assignments.filter(ended_at__isnull=True):
            assignment.ended_at = timezone.now()
            assignment.save(update_fields=["ended_at"])
    matter.flag_over_level = True
    matter.save()
    # Recorded in the unit that now handles it: the audit readers of the unit below may include the
    # accused head's own staff.
    audit_record(
        actor=actor,
        action="cases.matter.route_up",
        obj=matter,
        unit=target,
        details={
            "from_unit": previous.code,
            "to_unit": target.code,
            "petitions": len(moves),
            "no_unit_above": target.pk == previous.pk,
        },
    )
    _decision_needed(matter, f"routed:{target.pk}")


# Deadlines of a petition


def _arrival(petition: Petition) -> datetime.date:
    moment = petition.forwarded_at if petition.status == Status.FORWARDED and petition.forwarded_at else None
    return timezone.localtime(moment or petition.received_at).date()


def initial_deadline(*, petition: Petition, multiple_places: bool = False) -> Deadline:
    """The running initial-handling limit of the petition, started from its arrival if none runs.
    Verification at several places switches it to the longer limit, from the same start."""
    step = StepKind.INITIAL_HANDLING_MULTI if multiple_places else StepKind.INITIAL_HANDLING
    running = (
        deadlines.open_deadlines(petition=petition)
        .filter(step__in=(StepKind.INITIAL_HANDLING, StepKind.INITIAL_HANDLING_MULTI))
        .order_by("-pk")
        .first()
    )
    if running is not None and running.step == step:
        return running
    start = running.starts_on if running is not None else _arrival(petition)
    if running is not None:
        deadlines.deadline_cancel(petition=petition, step=running.step)
    return deadlines.deadline_start(step=step, start=start, petition=petition)


def _forward_deadline_done(petition: Petition) -> None:
    if not deadlines.open_deadlines(petition=petition, step=StepKind.FORWARD).exists():
        deadlines.deadline_start(step=StepKind.FORWARD, start=_arrival(petition), petition=petition)
    deadlines.deadline_done(step=StepKind.FORWARD, petition=petition)


# Classification


def _require_classifier(actor, petition: Petition) -> None:
    _require(
        permissions.can_classify(actor, petition)
        and permissions.petitions_visible_to(actor).filter(pk=petition.pk).exists()
    )


def _classification_errors(
    petition: Petition,
    *,
    actor,
    kind,
    subject,
    condition,
    condition_reason,
    competence,
    reporter_count,
    forward_unit,
    forward_body,
    duplicate_of,
) -> dict:
    errors: dict[str, str] = {}
    if petition.status == Status.RECEIVED:
        errors["__all__"] = _("Register the petition (write its working copy) before classifying it.")
    elif petition.status == Status.IN_MATTER:
        errors["__all__"] = _("This petition is already part of a matter.")
    elif petition.status == Status.FORWARDED and petition.forward_unit_id != petition.unit_id:
        errors["__all__"] = _("This petition was forwarded to another body.")
    if kind not in Kind.values:
        errors["kind"] = _("Choose the kind.")
    if subject not in Subject.values:
        errors["subject"] = _("Choose the subject.")
    if condition not in (Condition.PROCESSABLE, Condition.NOT_PROCESSABLE):
        errors["condition"] = _("Say whether the petition can be processed.")
    elif condition == Condition.NOT_PROCESSABLE and not _text(condition_reason):
        errors["condition_reason"] = _("Give the reason why it cannot be processed.")
    if reporter_count is None or reporter_count < 1:
        errors["reporter_count"] = _("At least one person sent it.")
    if condition != Condition.PROCESSABLE:
        return errors
    if competence not in (Competence.OURS, Competence.FORWARD, Competence.GUIDE, Competence.FILE):
        errors["competence"] = _("Choose who is competent.")
    if duplicate_of is not None and competence not in (Competence.OURS, Competence.FORWARD):
        errors["duplicate_of"] = _("Only a petition handled here or forwarded can be linked to a matter.")
    if competence == Competence.FORWARD:
        if petition.forwarded_at is not None:
            errors["competence"] = _("This petition was already forwarded once (on %(date)s).") % {
                "date": timezone.localtime(petition.forwarded_at).strftime("%d/%m/%Y")
            }
        elif duplicate_of is not None:
            if duplicate_of.petitions.filter(forwarded_at__isnull=False).exists():
                errors["duplicate_of"] = _(
                    "The same content was already forwarded; a petition is forwarded only once. Keep this one on file."
                )
            else:
                errors["duplicate_of"] = _(
                    "A duplicate of a matter handled here joins it: choose “within our competence”."
                )
        if bool(forward_unit) == bool(_text(forward_body)):
            errors["forward_unit"] = _("Choose a unit in the system or name an outside body (one of the two).")
        elif forward_unit is not None and forward_unit.pk == petition.unit_id:
            errors["forward_unit"] = _("Choose another unit than the one that received it.")
        elif forward_unit is not None and not forward_unit.is_active_on(_today()):
            errors["forward_unit"] = _("That unit no longer exists.")
    if competence == Competence.GUIDE and not (forward_unit or _text(forward_body)):
        errors["forward_body"] = _("Name the body the reporter should turn to.")
    if competence == Competence.OURS and duplicate_of is not None:
        if duplicate_of.status not in OPEN_MATTER:
            errors["duplicate_of"] = _("That matter is closed; register this petition as a new matter.")
        elif not duplicate_of.unit.path.startswith(petition.unit.path) or not (
            permissions.matters_visible_to(actor).filter(pk=duplicate_of.pk).exists()
        ):
            errors["duplicate_of"] = _("Choose a matter of this unit or of a unit under it.")
    return errors


@transaction.atomic
def petition_classify(
    *,
    petition: Petition,
    actor,
    kind: str,
    subject: str,
    condition: str,
    condition_reason: str = "",
    competence: str,
    reporter_count: int = 1,
    forward_unit: Unit | None = None,
    forward_body: str = "",
    duplicate_of: Matter | None = None,
    multiple_places: bool = False,
    actor_private: bytes | None = None,
) -> Petition:
    """Classify a registered petition by content, condition, competence and number of reporters.

    Not processable: kept on file with the reason. Forward: once, to a unit of the system (the
    petition and its sealed key move) or to an outside body. Guide: the reporter is told where to
    turn. File: kept. Ours: a new matter, or the matter it duplicates; a matter accusing the head of
    the competent unit goes to the unit above. The initial-handling limit is done.
    """
    petition = Petition.objects.select_for_update().select_related("unit").get(pk=petition.pk)
    _require_classifier(actor, petition)
    condition_reason, forward_body = _text(condition_reason), _text(forward_body)
    if duplicate_of is not None:
        duplicate_of = Matter.objects.select_for_update().select_related("unit").get(pk=duplicate_of.pk)
    errors = _classification_errors(
        petition,
        actor=actor,
        kind=kind,
        subject=subject,
        condition=condition,
        condition_reason=condition_reason,
        competence=competence,
        reporter_count=reporter_count,
        forward_unit=forward_unit,
        forward_body=forward_body,
        duplicate_of=duplicate_of,
    )
    if errors:
        raise ValidationError(errors)
    if condition == Condition.NOT_PROCESSABLE:
        competence = Competence.FILE
    move = None
    if competence == Competence.FORWARD and forward_unit is not None:
        conflicted = _conflicted_with(_accused_user_ids([petition]))
        move = _prepare_move(petition, forward_unit, actor=actor, actor_private=actor_private, conflicted=conflicted)
    matter_plan = None
    if condition == Condition.PROCESSABLE and competence == Competence.OURS:
        matter_plan = _plan_matter(
            petition, duplicate_of, kind=kind, subject=subject, actor=actor, actor_private=actor_private
        )

    first_unit = petition.unit
    before = {"kind": petition.kind, "subject": petition.subject}
    now = timezone.now()
    # The initial handling ends with the first classification in this unit (a petition forwarded
    # here starts a new one); a later reclassification of a petition kept on file does not.
    if petition.classified_at is None or petition.status == Status.FORWARDED:
        initial_deadline(petition=petition, multiple_places=multiple_places)
        deadlines.deadline_done(step=StepKind.INITIAL_HANDLING, petition=petition)
        deadlines.deadline_done(step=StepKind.INITIAL_HANDLING_MULTI, petition=petition)
    petition.kind, petition.subject = kind, subject
    petition.condition, petition.condition_reason = condition, condition_reason
    petition.competence, petition.reporter_count = competence, reporter_count
    petition.classified_at, petition.classified_by = now, actor
    details = {
        "kind": kind,
        "subject": subject,
        "reporter_kind": before["kind"],
        "reporter_subject": before["subject"],
        "condition": condition,
        "competence": competence,
        "reporter_count": reporter_count,
        "multiple_places": multiple_places,
    }
    notice = None
    if condition == Condition.NOT_PROCESSABLE:
        petition.status = Status.NOT_PROCESSABLE
    elif competence == Competence.FORWARD:
        _forward_deadline_done(petition)
        petition.status, petition.forwarded_at = Status.FORWARDED, now
        body = forward_unit.name if forward_unit is not None else forward_body
        petition.forward_unit, petition.forward_body = forward_unit, "" if forward_unit is not None else forward_body
        details.update({"forward_unit": forward_unit.code if forward_unit else None, "forward_body": forward_body})
        notice = {"kind": NoticeKind.FORWARDED, "body": body, "date": _today()}
    elif competence == Competence.GUIDE:
        petition.status = Status.GUIDED
        body = forward_unit.name if forward_unit is not None else forward_body
        details["guided_to"] = body
        notice = {"kind": NoticeKind.GUIDED, "body": body, "date": _today()}
    elif competence == Competence.FILE:
        petition.status = Status.FILED
    petition.save()
    if move is not None:
        _apply_move(move, forward_unit)
        audit_record(
            actor=actor,
            action="cases.petition.forward",
            obj=petition,
            unit=first_unit,
            details={"to_unit": forward_unit.code},
        )
    matter = None
    if matter_plan is not None:
        matter = _carry_out_matter(petition, matter_plan, actor=actor)
        details["matter"] = matter.reference
        details["duplicate"] = duplicate_of is not None
    if notice is not None:
        notify_reporters(petitions=[petition], **notice)
    petition.refresh_from_db()
    # A matter sent up is recorded above only: the audit readers below may work for the accused head.
    routed = matter_plan is not None and matter_plan.over_level
    audit_unit = petition.unit if routed else first_unit
    audit_record(actor=actor, action="cases.petition.classify", obj=petition, unit=audit_unit, details=details)
    return petition


@dataclass
class _MatterPlan:
    matter: Matter | None
    kind: str
    subject: str
    target: Unit
    over_level: bool
    moves: list


def _plan_matter(petition, duplicate_of, *, kind, subject, actor, actor_private) -> _MatterPlan:
    """Validate where the matter will live and open the keys that must move, before any change."""
    base = duplicate_of or Matter(unit=petition.unit)
    target, over, moves = _route(base, extra=petition, actor=actor, actor_private=actor_private)
    return _MatterPlan(matter=duplicate_of, kind=kind, subject=subject, target=target, over_level=over, moves=moves)


def matter_reference(matter: Matter) -> str:
    return f"VV-{timezone.localtime(matter.opened_at).year}-{matter.pk:06d}"


def _carry_out_matter(petition: Petition, plan: _MatterPlan, *, actor) -> Matter:
    if plan.matter is None:
        now = timezone.now()
        matter = Matter.objects.create(
            reference=uuid.uuid4().hex[:20],
            unit=petition.unit,
            kind=plan.kind,
            subject=plan.subject,
            summary=petition.working_content[:SUMMARY_LENGTH],
            status=MatterStatus.CHECKING if petition.anonymous else MatterStatus.AWAITING_DECISION,
            anonymous_check=petition.anonymous,
            opened_at=now,
        )
        matter.reference = matter_reference(matter)
        matter.save(update_fields=["reference"])
        action = "cases.matter.open"
    else:
        matter = Matter.objects.select_for_update().get(pk=plan.matter.pk)
        action = "cases.matter.join"
    petition.matter, petition.status = matter, Status.IN_MATTER
    petition.save(update_fields=["matter", "status", "updated_at"])
    joined_details = {"petition": petition.reference, "status": matter.status}
    if plan.matter is not None and matter.status == MatterStatus.CHECKING and not petition.anonymous:
        # A reporter who gives a name brings the matter under the Law: the head decides to accept.
        matter.status, matter.anonymous_check = MatterStatus.AWAITING_DECISION, False
        matter.save(update_fields=["status", "anonymous_check", "updated_at"])
        joined_details["status"] = matter.status
    audit_record(actor=actor, action=action, obj=matter, unit=matter.unit, details=joined_details)
    conflicted = _conflicted_with(_accused_user_ids(matter.petitions.all()))
    _drop_conflicted_keys(matter.petitions.all(), conflicted)
    _end_conflicted_assignments(matter, conflicted, actor=actor, note="accused or related")
    if plan.over_level:
        _route_matter_up(matter, plan.target, plan.moves, actor=actor)
    else:
        for move in plan.moves:
            _apply_move(move, plan.target)
        if plan.matter is None:
            _decision_needed(matter, "open")
    if plan.matter is not None and matter.status == MatterStatus.ACCEPTED:
        resolution = _resolution_deadline(matter)
        notify_reporters(
            kind=NoticeKind.ACCEPTED,
            petitions=[petition],
            date=timezone.localtime(matter.accepted_at).date(),
            due=resolution.due_on if resolution else "",
        )
    return matter


# Duplicates


def _words(text: str) -> set[str]:
    return set(_WORD.findall(fold(text or "")))


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def duplicate_candidates(*, petition: Petition, limit: int = 5, user=None) -> list[Matter]:
    """Open matters of the petition's unit and the units under it that may be the same matter:
    a petition of theirs names an accused person of the same (folded) name, or their summary or a
    working copy shares at least half of its words with this working copy. Newest first; each
    carries ``shared_accused`` (names) and ``similarity`` (0–1). With ``user``, only matters they see."""
    matters = Matter.objects.filter(unit__path__startswith=petition.unit.path, status__in=OPEN_MATTER).select_related(
        "unit"
    )
    if petition.matter_id:
        matters = matters.exclude(pk=petition.matter_id)
    if user is not None:
        matters = matters.filter(pk__in=permissions.matters_visible_to(user).values("pk"))
    names = {fold(name): name for name in petition.accused.values_list("name", flat=True) if fold(name)}
    words = _words(petition.working_content)
    shared: dict[int, set[str]] = {}
    similarity: dict[int, float] = {}
    texts: dict[int, list[str]] = {}
    for matter_id, summary in matters.values_list("pk", "summary"):
        texts[matter_id] = [summary]
    if not texts:
        return []
    rows = Petition.objects.filter(matter_id__in=texts).exclude(pk=petition.pk)
    for matter_id, working in rows.values_list("matter_id", "working_content"):
        texts[matter_id].append(working)
    accused_rows = Accused.objects.filter(petition__matter_id__in=texts).exclude(petition=petition)
    for matter_id, name in accused_rows.values_list("petition__matter_id", "name"):
        if fold(name) in names:
            shared.setdefault(matter_id, set()).add(names[fold(name)])
    for matter_id, candidates in texts.items():
        similarity[matter_id] = max((jaccard(words, _words(text)) for text in candidates), default=0.0)
    chosen = [m for m in texts if m in shared or similarity[m] >= SIMILARITY_THRESHOLD]
    result = list(matters.filter(pk__in=chosen).order_by("-opened_at", "-pk")[:limit])
    for matter in result:
        matter.shared_accused = sorted(shared.get(matter.pk, ()))
        matter.similarity = round(similarity.get(matter.pk, 0.0), 2)
    return result


# Accused persons and relations


@transaction.atomic
def accused_link(
    *, accused: Accused, actor, user: User | None = None, unit: Unit | None = None, actor_private: bytes | None = None
) -> Accused:
    """Link an accused person to their account and unit (or clear the link). The account and its
    relatives lose any sealed copy and any assignment; if the petition's matter is handled by a unit
    that the accused heads, the matter goes to the unit above (which needs ``actor_private``)."""
    accused = Accused.objects.select_related("petition", "petition__unit").get(pk=accused.pk)
    petition = Petition.objects.select_for_update().select_related("unit").get(pk=accused.petition_id)
    _require_classifier(actor, petition)
    if user is not None and not user.is_active:
        raise ValidationError({"account": _("This account is deactivated.")})
    matter = petition.matter
    accused.user, accused.unit = user, unit
    target = over = moves = None
    if matter is not None and matter.status in OPEN_MATTER and user is not None:
        # Validate the routing with the new link in place, before saving anything.
        Accused.objects.filter(pk=accused.pk).update(user=user, unit=unit)
        target, over, moves = _route(matter, extra=None, actor=actor, actor_private=actor_private)
    accused.save(update_fields=["user", "unit"])
    audit_record(
        actor=actor,
        action="cases.accused.link" if user or unit else "cases.accused.unlink",
        obj=petition,
        unit=petition.unit,
        details={"accused": accused.pk, "account": user is not None, "unit": unit.code if unit else None},
    )
    if user is not None:
        scope = matter.petitions.all() if matter is not None else [petition]
        conflicted = _conflicted_with({user.pk})
        _drop_conflicted_keys(scope, conflicted)
        if matter is not None:
            _end_conflicted_assignments(matter, conflicted, actor=actor, note="accused or related")
    if over and target is not None and (target.pk != matter.unit_id or not matter.flag_over_level):
        _route_matter_up(matter, target, moves, actor=actor)
    return accused


def _require_relation_recorder(actor, person: User, related: User) -> None:
    _require(permissions.can_record_relation(actor, person, related))


@transaction.atomic
def relation_record(*, actor, person: User, related: User, kind: str) -> PersonRelation:
    """Record that two people are related (family, close colleague): neither may see or handle a
    matter accusing the other. Assignments that become conflicted end at once."""
    kind = _text(kind)
    if person.pk == related.pk:
        raise ValidationError({"related": _("Choose two different people.")})
    if not kind:
        raise ValidationError({"kind": _("Say how they are related.")})
    _require_relation_recorder(actor, person, related)
    if PersonRelation.objects.filter(Q(person=person, related=related) | Q(person=related, related=person)).exists():
        raise ValidationError({"related": _("This relation is already recorded.")})
    relation = PersonRelation.objects.create(person=person, related=related, kind=kind[:100], recorded_by=actor)
    audit_record(
        actor=actor,
        action="cases.relation.record",
        obj=relation,
        details={"person": person.pk, "related": related.pk, "kind": relation.kind},
    )
    for handler, accused_user in ((person, related), (related, person)):
        for matter in Matter.objects.filter(
            status__in=OPEN_MATTER,
            petitions__accused__user=accused_user,
            assignments__handler=handler,
            assignments__ended_at__isnull=True,
        ).distinct():
            _end_conflicted_assignments(matter, {handler.pk}, actor=actor, note="related to an accused person")
        petitions = Petition.objects.filter(
            Q(accused__user=accused_user) | Q(matter__petitions__accused__user=accused_user)
        ).distinct()
        _drop_conflicted_keys(petitions, {handler.pk})
    return relation


@transaction.atomic
def relation_remove(*, actor, relation: PersonRelation) -> None:
    relation = PersonRelation.objects.select_related("person", "related").get(pk=relation.pk)
    _require_relation_recorder(actor, relation.person, relation.related)
    details = {"person": relation.person_id, "related": relation.related_id, "kind": relation.kind}
    audit_record(actor=actor, action="cases.relation.remove", obj=relation, details=details)
    relation.delete()


# Decisions on a matter


def _locked_matter(matter: Matter, actor) -> Matter:
    matter = Matter.objects.select_for_update().select_related("unit").get(pk=matter.pk)
    _require(
        permissions.can_decide(actor, matter) and permissions.matters_visible_to(actor).filter(pk=matter.pk).exists()
    )
    return matter


def _require_status(matter: Matter, *allowed: str) -> None:
    if matter.status not in allowed:
        raise ValidationError(
            _("Not possible while the matter is “%(status)s”.") % {"status": matter.get_status_display()}
        )


def _resolution_deadline(matter: Matter) -> Deadline | None:
    return deadlines.open_deadlines(matter=matter).filter(step__in=RESOLUTION_STEPS).order_by("-pk").first()


def _audit_decision(actor, action: str, matter: Matter, *, reason: str = "", **details) -> None:
    audit_record(actor=actor, action=action, obj=matter, unit=matter.unit, reason=reason, details=details)


@transaction.atomic
def matter_accept(*, matter: Matter, actor, complexity: str = Complexity.NORMAL) -> Matter:
    """Accept (thụ lý): the resolution limit starts today; the reporters are told at once."""
    matter = _locked_matter(matter, actor)
    _require_status(matter, MatterStatus.AWAITING_DECISION)
    if complexity not in Complexity.values:
        raise ValidationError({"complexity": _("Choose the complexity.")})
    today = _today()
    matter.status, matter.accepted_at, matter.complexity = MatterStatus.ACCEPTED, timezone.now(), complexity
    matter.save()
    deadlines.deadline_start(step=StepKind.NOTIFY_ACCEPTANCE, start=today, matter=matter)
    resolve = deadlines.deadline_start(step=StepKind.RESOLVE, start=today, matter=matter)
    notify_reporters(kind=NoticeKind.ACCEPTED, matter=matter, date=today, due=resolve.due_on)
    deadlines.deadline_done(step=StepKind.NOTIFY_ACCEPTANCE, matter=matter, on=today)
    _audit_decision(actor, "cases.matter.accept", matter, complexity=complexity, due=resolve.due_on.isoformat())
    return matter


@transaction.atomic
def matter_refuse(*, matter: Matter, actor, reason: str) -> Matter:
    """Not accepted, with a reason that the reporters read."""
    matter = _locked_matter(matter, actor)
    _require_status(matter, MatterStatus.AWAITING_DECISION, MatterStatus.CHECKING)
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    matter.status, matter.refused_reason = MatterStatus.REFUSED, reason
    matter.save()
    deadlines.deadline_cancel(matter=matter)
    notify_reporters(kind=NoticeKind.REFUSED, matter=matter, date=_today(), reason=reason)
    _audit_decision(actor, "cases.matter.refuse", matter, reason=reason)
    return matter


@transaction.atomic
def matter_extend(*, matter: Matter, actor, reason: str) -> Matter:
    """Extend the resolution from its current due date by the extension rule: none for a normal
    matter, once for a complex one, twice for an especially complex one."""
    matter = _locked_matter(matter, actor)
    _require_status(matter, MatterStatus.ACCEPTED)
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    limit = EXTENSION_LIMITS[matter.complexity]
    if matter.extensions >= limit:
        if limit == 0:
            message = _("A matter of normal complexity cannot be extended.")
        else:
            message = _("A “%(complexity)s” matter can be extended %(limit)d time(s); it already was.") % {
                "complexity": matter.get_complexity_display(),
                "limit": limit,
            }
        raise ValidationError(message)
    current = _resolution_deadline(matter)
    if current is None:
        raise ValidationError(_("No resolution time limit is running."))
    Deadline.objects.filter(pk=current.pk).update(cancelled=True)
    extended = deadlines.deadline_start(step=StepKind.EXTENSION, start=current.due_on, matter=matter)
    matter.extensions += 1
    matter.save()
    notify_reporters(kind=NoticeKind.EXTENDED, matter=matter, date=_today(), due=extended.due_on, reason=reason)
    _audit_decision(
        actor,
        "cases.matter.extend",
        matter,
        reason=reason,
        extension=matter.extensions,
        previous_due=current.due_on.isoformat(),
        due=extended.due_on.isoformat(),
    )
    return matter


@transaction.atomic
def matter_suspend(*, matter: Matter, actor, reason: str) -> Matter:
    """Suspend: the running limit stops (it is cancelled and its remaining days kept for resumption)."""
    matter = _locked_matter(matter, actor)
    _require_status(matter, MatterStatus.ACCEPTED)
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    current = _resolution_deadline(matter)
    if current is not None:
        Deadline.objects.filter(pk=current.pk).update(cancelled=True)
    matter.status, matter.suspended_at = MatterStatus.SUSPENDED, timezone.now()
    matter.save()
    notify_reporters(kind=NoticeKind.SUSPENDED, matter=matter, date=_today(), reason=reason)
    _audit_decision(
        actor, "cases.matter.suspend", matter, reason=reason, due=current.due_on.isoformat() if current else None
    )
    return matter


def remaining_after(deadline: Deadline, *, stopped: datetime.date, resumed: datetime.date) -> datetime.date:
    """The new due date when a limit stopped on ``stopped`` runs again from ``resumed``: the days
    left on the day it stopped, counted from the resumption as the rule counts them."""
    if deadline.rule.count == DayCount.WORKING:
        left = max(0, working_days_between(stopped, deadline.due_on))
        return add_working_days(resumed, left)
    due = resumed + datetime.timedelta(days=max(0, (deadline.due_on - stopped).days))
    while not is_working_day(due):
        due += datetime.timedelta(days=1)
    return due


@transaction.atomic
def matter_resume(*, matter: Matter, actor) -> Matter:
    """Resume: a new limit of the same step covers the days that were left when it stopped."""
    matter = _locked_matter(matter, actor)
    _require_status(matter, MatterStatus.SUSPENDED)
    today = _today()
    stopped_on = timezone.localtime(matter.suspended_at).date() if matter.suspended_at else today
    stopped = (
        Deadline.objects.filter(matter=matter, step__in=RESOLUTION_STEPS, cancelled=True, done_on__isnull=True)
        .select_related("rule")
        .order_by("-pk")
        .first()
    )
    new = None
    if stopped is not None:
        new = Deadline.objects.create(
            matter=matter,
            step=stopped.step,
            rule=stopped.rule,
            starts_on=today,
            due_on=remaining_after(stopped, stopped=stopped_on, resumed=today),
        )
    matter.status, matter.suspended_at = MatterStatus.ACCEPTED, None
    matter.save()
    notify_reporters(kind=NoticeKind.RESUMED, matter=matter, date=today, due=new.due_on if new else "")
    _audit_decision(
        actor,
        "cases.matter.resume",
        matter,
        suspended_days=(today - stopped_on).days,
        due=new.due_on.isoformat() if new else None,
    )
    return matter


@transaction.atomic
def matter_conclude(
    *,
    matter: Matter,
    actor,
    outcome: str,
    conclusion: str,
    measures: str = "",
    sanctions_proposed: str = "",
    amount_to_recover: Decimal | None = None,
) -> Matter:
    """The conclusion: outcome, findings, measures and sanctions; the reporters are told the outcome."""
    matter = _locked_matter(matter, actor)
    _require_status(matter, MatterStatus.ACCEPTED, MatterStatus.CHECKING)
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if not _text(conclusion):
        errors["conclusion"] = _("Write the conclusion.")
    if amount_to_recover is not None and amount_to_recover < 0:
        errors["amount_to_recover"] = _("The amount cannot be negative.")
    if errors:
        raise ValidationError(errors)
    today = _today()
    matter.status, matter.outcome, matter.concluded_at = MatterStatus.CONCLUDED, outcome, timezone.now()
    matter.conclusion, matter.measures = _text(conclusion), _text(measures)
    matter.sanctions_proposed, matter.amount_to_recover = _text(sanctions_proposed), amount_to_recover
    matter.save()
    for step in RESOLUTION_STEPS:
        deadlines.deadline_done(step=step, matter=matter, on=today)
    with translation.override(NOTICE_LANGUAGE):
        outcome_text = str(OUTCOME_NOTICE[outcome])
    notify_reporters(kind=NoticeKind.CONCLUDED, matter=matter, date=today, outcome=outcome_text)
    _audit_decision(
        actor,
        "cases.matter.conclude",
        matter,
        outcome=outcome,
        recover=str(amount_to_recover) if amount_to_recover is not None else None,
    )
    return matter


@transaction.atomic
def matter_flag(
    *, matter: Matter, actor, complex: bool | None = None, mass: bool | None = None, over_level: bool | None = None
) -> Matter:
    """Escalation flags (complex and prolonged, mass delegation, beyond our level): any of them puts
    the matter on the head's list. ``None`` leaves a flag as it is."""
    matter = _locked_matter(matter, actor)
    _require_status(matter, *OPEN_MATTER)
    wanted = {"flag_complex": complex, "flag_mass": mass, "flag_over_level": over_level}
    changed = {name: value for name, value in wanted.items() if value is not None and getattr(matter, name) != value}
    if not changed:
        return matter
    for name, value in changed.items():
        setattr(matter, name, value)
    matter.save()
    _audit_decision(actor, "cases.matter.flag", matter, **changed)
    return matter


# Assignments


def eligible_handlers(matter: Matter):
    """Handlers in force covering the matter's unit who are not conflicted with it."""
    unit = matter.unit
    memberships = permissions.holders_of(unit, Role.HANDLER)
    busy = matter.assignments.filter(Q(ended_at__isnull=True) | Q(conflict_declared_at__isnull=False))
    return (
        User.objects.filter(pk__in=memberships.values("user_id"))
        .exclude(pk__in=matter_conflicted_ids(matter))
        .exclude(pk__in=busy.values("handler_id"))
        .order_by("full_name", "username")
    )


@transaction.atomic
def matter_assign(*, matter: Matter, actor, handler: User) -> Assignment:
    """Give the matter to a handler, who first declares whether they have a conflict of interest."""
    matter = _locked_matter(matter, actor)
    _require_status(matter, *OPEN_MATTER)
    if not handler.is_active or not permissions.can_handle(handler, matter.unit):
        raise ValidationError({"handler": _("This person is not a handler of the matter's unit.")})
    if handler.pk in matter_conflicted_ids(matter):
        raise ValidationError(
            {"handler": _("This person is accused in the matter or related to an accused person: choose someone else.")}
        )
    if matter.assignments.filter(handler=handler, ended_at__isnull=True).exists():
        raise ValidationError({"handler": _("This person is already assigned to the matter.")})
    if matter.assignments.filter(handler=handler, conflict_declared_at__isnull=False).exists():
        raise ValidationError({"handler": _("This person declared a conflict of interest in this matter.")})
    assignment = Assignment.objects.create(matter=matter, handler=handler, assigned_by=actor)
    Notification.objects.get_or_create(
        dedupe_key=f"assigned:{assignment.pk}",
        defaults={"user": handler, "kind": Notification.Kind.ASSIGNED, "matter": matter},
    )
    _audit_decision(actor, "cases.matter.assign", matter, assignment=assignment.pk, handler=handler.pk)
    return assignment


@transaction.atomic
def assignment_declare(*, assignment: Assignment, actor, conflict: bool, note: str = "") -> Assignment:
    """The handler's declaration. No conflict: the matter opens to them. A conflict: the assignment
    ends and the matter goes back to the heads, who are notified."""
    assignment = Assignment.objects.select_for_update().select_related("matter", "matter__unit").get(pk=assignment.pk)
    if assignment.handler_id != actor.pk or actor.pk in matter_conflicted_ids(assignment.matter):
        raise PermissionDenied
    if assignment.ended_at is not None or assignment.declared_no_conflict_at is not None:
        raise ValidationError(_("You already declared for this assignment."))
    matter, now = assignment.matter, timezone.now()
    if conflict:
        assignment.conflict_declared_at, assignment.ended_at, assignment.conflict_note = now, now, _text(note)
        assignment.save()
        _decision_needed(matter, f"conflict:{assignment.pk}")
        action = "cases.assignment.declare_conflict"
    else:
        assignment.declared_no_conflict_at = now
        assignment.save()
        action = "cases.assignment.declare_no_conflict"
    audit_record(actor=actor, action=action, obj=matter, unit=matter.unit, details={"assignment": assignment.pk})
    return assignment
