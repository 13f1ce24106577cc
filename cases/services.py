import base64
import binascii
import datetime
import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from accounts.permissions import ORIGINAL_ROLES, holders_of
from audit.services import audit_record
from baove.lib import crypto
from baove.lib.text import fold
from cases import receipts
from cases.files import IMAGE_TYPES, EvidenceFile, strip_image
from cases.models import (
    Accused,
    Attachment,
    Channel,
    Message,
    MessageKind,
    Petition,
    PetitionKey,
    PortalSession,
    PublicEvent,
    Status,
)
from org.models import Unit
from vault.models import RecoveryKey, UserKey
from vault.services import seal_for_holders

_PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


class NoRecipientError(Exception):
    """Nobody could ever open this petition: no entitled person and no recovery key."""


@dataclass
class Submission:
    """What a reporter or an intake officer sends; validated by the forms or the API first."""

    channel: str
    kind: str
    subject: str
    content: str
    unit: Unit | None = None
    incident_time: str = ""
    incident_place: str = ""
    accused: list[dict] = field(default_factory=list)
    identity: dict | None = None
    files: list[EvidenceFile] = field(default_factory=list)
    protection_requested: bool = False
    received_at: datetime.datetime | None = None
    forwarded_from: str = ""
    forwarded_reference: str = ""


@dataclass(frozen=True)
class Submitted:
    petition: Petition
    receipt: receipts.Receipt | None


# Who may open the originals


def entitled_memberships(unit: Unit):
    """Memberships in force that entitle their holder to the originals of ``unit``."""
    return holders_of(unit, *ORIGINAL_ROLES)


def _recipient_keys(unit: Unit) -> list[UserKey]:
    return list(UserKey.objects.filter(user__in=entitled_memberships(unit).values("user_id")))


def receiving_unit_for(unit: Unit | None) -> Unit | None:
    """The unit itself if it has intake officers, else the nearest unit above that has; a report
    to no unit goes to ``PORTAL_DEFAULT_UNIT`` (or the first root unit)."""
    if unit is None:
        code = settings.PORTAL_DEFAULT_UNIT
        unit = Unit.objects.filter(code=code).first() if code else None
        unit = unit or Unit.objects.filter(parent__isnull=True).order_by("pk").first()
        if unit is None:
            return None
    chain = unit.chain_ids
    staffed = set(
        Membership.objects.active().filter(role=Role.INTAKE, unit_id__in=chain).values_list("unit_id", flat=True)
    )
    for unit_id in reversed(chain):
        if unit_id in staffed:
            return unit if unit_id == unit.pk else Unit.objects.get(pk=unit_id)
    return unit


def _new_pseudonym() -> str:
    return "NPA-" + "".join(secrets.choice(_PSEUDONYM_ALPHABET) for _ in range(5))


def _original_payload(submission: Submission) -> bytes:
    return json.dumps(
        {
            "identity": submission.identity,
            "content": submission.content,
            "incident_time": submission.incident_time,
            "incident_place": submission.incident_place,
            "accused": submission.accused,
        },
        ensure_ascii=False,
    ).encode()


def _store_sealed(blob: bytes) -> str:
    return default_storage.save(f"sealed/{uuid.uuid4().hex}", ContentFile(blob))


def petition_submit(*, submission: Submission, actor=None, issue_receipt: bool = True) -> Submitted:
    """Register a petition from any channel; the portal calls it with ``actor=None``.

    The receipt's Argon2id hash is computed before the transaction so that the audit chain's
    lock is held for milliseconds, not for the hash.
    """
    receiving = receiving_unit_for(submission.unit)
    if receiving is None:
        raise NoRecipientError("no unit exists")
    user_keys = _recipient_keys(receiving)
    recovery_keys = list(RecoveryKey.objects.filter(retired_at__isnull=True))
    if not user_keys and not recovery_keys:
        raise NoRecipientError(f"nobody can open originals of unit {receiving.code}")
    pair = crypto.new_key_pair()
    receipt = derived = salt = None
    if issue_receipt:
        receipt, salt = receipts.new_receipt(), receipts.new_salt()
        derived = receipts.derive(receipt.secret, salt, receipts.params_string())
    with transaction.atomic():
        petition = Petition.objects.create(
            reference=uuid.uuid4().hex[:20],
            channel=submission.channel,
            kind=submission.kind,
            subject=submission.subject,
            unit=receiving,
            first_unit=receiving,
            concerned_unit=submission.unit,
            received_at=submission.received_at or timezone.now(),
            anonymous=not submission.identity,
            protection_requested=submission.protection_requested,
            forwarded_from=submission.forwarded_from if submission.channel == Channel.FORWARDED else "",
            forwarded_reference=submission.forwarded_reference if submission.channel == Channel.FORWARDED else "",
            pseudonym=_new_pseudonym(),
            public_key=pair.public,
            sealed_original=b"",
        )
        petition.reference = f"{petition.received_at.year}-{petition.pk:06d}"
        petition.sealed_original = crypto.seal_for(
            _original_payload(submission), pair.public, context=petition.context("original")
        )
        if receipt is not None:
            petition.receipt_lookup = receipts.lookup_digest(receipt.lookup)
            petition.receipt_salt = salt
            petition.receipt_verifier = derived.verifier
            petition.receipt_params = receipts.params_string()
            petition.receipt_sealed_key = crypto.seal(derived.key, pair.private, context=petition.context("receipt"))
        petition.save()
        _grant(petition, pair.private, user_keys=user_keys, recovery_keys=recovery_keys)
        Accused.objects.bulk_create(
            Accused(
                petition=petition,
                name=person.get("name", "")[:200],
                position=person.get("position", "")[:200],
                unit_text=person.get("unit", "")[:255],
            )
            for person in submission.accused
            if person.get("name")
        )
        for evidence in submission.files:
            _attach(petition, evidence, from_reporter=actor is None)
        PublicEvent.objects.create(petition=petition, step=PublicEvent.Step.RECEIVED)
        # The initial-handling limit runs from arrival (DOMAIN.md "Time limits"), so a petition
        # nobody has classified yet is on the due-soon and overdue lists too.
        from cases.handling import initial_deadline  # handling builds on this module

        initial_deadline(petition=petition)
        audit_record(
            actor=actor,
            action="cases.petition.receive",
            obj=petition,
            unit=receiving,
            details={
                "reference": petition.reference,
                "channel": petition.channel,
                "kind": petition.kind,
                "subject": petition.subject,
                "files": len(submission.files),
                "receipt": receipt is not None,
                "anonymous": petition.anonymous,
            },
        )
    return Submitted(petition=petition, receipt=receipt)


def _grant(petition: Petition, private: bytes, *, user_keys=(), recovery_keys=()) -> int:
    sealed = seal_for_holders(
        private, context=petition.context("key"), user_keys=user_keys, recovery_keys=recovery_keys
    )
    rows = PetitionKey.objects.bulk_create(PetitionKey(petition=petition, **row) for row in sealed)
    return len(rows)


def _attach(petition: Petition, evidence: EvidenceFile, *, from_reporter: bool) -> Attachment:
    public = bytes(petition.public_key)
    name = _store_sealed(crypto.seal_for(evidence.data, public, context=petition.context("file")))
    meta = json.dumps({"name": evidence.name, "content_type": evidence.content_type}, ensure_ascii=False).encode()
    return Attachment.objects.create(
        petition=petition,
        sealed_name=name,
        sealed_meta=crypto.seal_for(meta, public, context=petition.context("file-meta")),
        content_type=evidence.content_type,
        size=evidence.size,
        from_reporter=from_reporter,
    )


# Opening with a person's key


def petition_private_key(*, petition: Petition, user, user_private: bytes) -> bytes | None:
    """The petition's private key, if ``user`` holds a sealed copy and their key is unlocked."""
    row = PetitionKey.objects.filter(petition=petition, user_key__user=user).first()
    if row is None:
        return None
    try:
        return crypto.open_for(bytes(row.sealed_key), user_private, context=petition.context("key"))
    except crypto.DecryptionError:
        return None


def _open_original(petition: Petition, private: bytes) -> dict:
    return json.loads(crypto.open_for(bytes(petition.sealed_original), private, context=petition.context("original")))


def petition_read_original(*, petition: Petition, actor, private: bytes, reason: str) -> dict:
    """The identity and original content; needs a reason, leaves an audit event."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reading the original.")})
    original = _open_original(petition, private)
    audit_record(actor=actor, action="cases.original.read", obj=petition, unit=petition.unit, reason=reason.strip())
    return original


def attachment_read_original(*, attachment: Attachment, actor, private: bytes, reason: str) -> tuple[str, str, bytes]:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reading the original.")})
    petition = attachment.petition
    meta = json.loads(crypto.open_for(bytes(attachment.sealed_meta), private, context=petition.context("file-meta")))
    with default_storage.open(attachment.sealed_name, "rb") as handle:
        data = crypto.open_for(handle.read(), private, context=petition.context("file"))
    audit_record(
        actor=actor,
        action="cases.attachment.read",
        obj=petition,
        unit=petition.unit,
        reason=reason.strip(),
        details={"attachment": attachment.pk},
    )
    return meta["name"], meta["content_type"], data


def suggest_working_copy(original: dict) -> str:
    """The original content with the reporter's own details blanked wherever they occur."""
    text = original.get("content", "")
    identity = original.get("identity") or {}
    values = [identity.get(key, "") for key in ("full_name", "id_number", "phone", "email", "address", "workplace")]
    for value in sorted((v.strip() for v in values if v and len(v.strip()) >= 3), key=len, reverse=True):
        text = _replace_casefold(text, value, "[đã ẩn]")
    parts = [text]
    if original.get("incident_time"):
        parts.append(f"Thời gian: {original['incident_time']}")
    if original.get("incident_place"):
        parts.append(f"Địa điểm: {original['incident_place']}")
    return "\n\n".join(parts)


def _replace_casefold(text: str, needle: str, replacement: str) -> str:
    lowered, target, out, start = text.casefold(), needle.casefold(), [], 0
    if len(lowered) != len(text):
        return text.replace(needle, replacement)
    while (index := lowered.find(target, start)) != -1:
        out.append(text[start:index])
        out.append(replacement)
        start = index + len(target)
    out.append(text[start:])
    return "".join(out)


@transaction.atomic
def petition_register(*, petition: Petition, actor, working_content: str) -> Petition:
    """The intake officer checked the petition and wrote its working copy."""
    if not working_content.strip():
        raise ValidationError({"working_content": _("Write the working copy before registering.")})
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    first = petition.status == Status.RECEIVED
    petition.working_content = working_content.strip()
    petition.search_text = fold(f"{petition.reference} {petition.working_content}")
    petition.working_updated_at = timezone.now()
    if first:
        petition.status, petition.registered_at, petition.registered_by = Status.REGISTERED, timezone.now(), actor
    petition.save()
    if first:
        PublicEvent.objects.create(petition=petition, step=PublicEvent.Step.REGISTERED)
    audit_record(
        actor=actor,
        action="cases.petition.register" if first else "cases.working_copy.update",
        obj=petition,
        unit=petition.unit,
        details={"characters": len(petition.working_content)},
    )
    return petition


@transaction.atomic
def attachment_release(*, attachment: Attachment, actor, private: bytes) -> Attachment:
    """Put a reviewed file into the working copy; images lose their metadata on the way."""
    petition = attachment.petition
    with default_storage.open(attachment.sealed_name, "rb") as handle:
        data = crypto.open_for(handle.read(), private, context=petition.context("file"))
    content_type = attachment.content_type
    if content_type in IMAGE_TYPES:
        data, content_type = strip_image(data, content_type)
    attachment.working_file = default_storage.save(f"working/{uuid.uuid4().hex}", ContentFile(data))
    attachment.working_content_type = content_type
    attachment.released_at, attachment.released_by = timezone.now(), actor
    attachment.save()
    audit_record(
        actor=actor,
        action="cases.attachment.release",
        obj=petition,
        unit=petition.unit,
        details={"attachment": attachment.pk},
    )
    return attachment


# The thread


@transaction.atomic
def message_from_reporter(*, petition: Petition, kind: str, text: str, files: list[EvidenceFile] = ()) -> Message:
    if not text.strip() and not files:
        raise ValidationError({"text": _("Write a message or attach a file.")})
    message = Message.objects.create(petition=petition, kind=kind, from_reporter=True, sealed_text=b"")
    message.sealed_text = crypto.seal_for(
        text.strip().encode(), bytes(petition.public_key), context=petition.context(f"message:{message.pk}")
    )
    message.save(update_fields=["sealed_text"])
    for evidence in files:
        _attach(petition, evidence, from_reporter=True)
    from cases.notifications import notify_staff  # notifications builds on this module

    # Intake officers answer the thread; custodians also take requests for protection.
    roles = (Role.INTAKE, Role.CUSTODIAN) if kind == MessageKind.PROTECTION_REQUEST else (Role.INTAKE,)
    intake = entitled_memberships(petition.unit).filter(role__in=roles).values_list("user_id", flat=True)
    notify_staff(users=set(intake), kind="reporter_message", key=f"reporter_message:{message.pk}", petition=petition)
    audit_record(
        actor=None,
        action="cases.message.from_reporter",
        obj=petition,
        unit=petition.unit,
        details={"kind": kind, "files": len(files)},
    )
    return message


@transaction.atomic
def message_from_staff(*, petition: Petition, actor, text: str) -> Message:
    if not text.strip():
        raise ValidationError({"text": _("Write a message.")})
    message = Message.objects.create(petition=petition, from_reporter=False, author=actor, sealed_text=b"")
    message.sealed_text = crypto.seal_for(
        text.strip().encode(), bytes(petition.public_key), context=petition.context(f"message:{message.pk}")
    )
    message.save(update_fields=["sealed_text"])
    PublicEvent.objects.create(petition=petition, step=PublicEvent.Step.REPLY)
    audit_record(actor=actor, action="cases.message.to_reporter", obj=petition, unit=petition.unit)
    return message


def messages_read(*, petition: Petition, private: bytes) -> list[tuple[Message, str]]:
    return [
        (
            message,
            crypto.open_for(
                bytes(message.sealed_text), private, context=petition.context(f"message:{message.pk}")
            ).decode(),
        )
        for message in petition.messages.select_related("author")
    ]


# Keeping the sealed copies in step with who is entitled


def _petition_conflicted_ids(petition: Petition) -> set[int]:
    """The petition's (and its matter's) accused accounts and everyone related to them."""
    from cases.models import Accused, PersonRelation

    accused = Accused.objects.filter(user__isnull=False)
    accused = (
        accused.filter(petition__matter=petition.matter) if petition.matter_id else accused.filter(petition=petition)
    )
    ids = set(accused.values_list("user_id", flat=True))
    if ids:
        for person_id, related_id in PersonRelation.objects.filter(
            Q(person_id__in=ids) | Q(related_id__in=ids)
        ).values_list("person_id", "related_id"):
            ids.update((person_id, related_id))
    return ids


def petition_access_grant_pending(*, actor, actor_private: bytes, limit: int = 500) -> int:
    """Seal the petitions ``actor`` can open for entitled colleagues who cannot yet (a new intake
    officer, a custodian whose key was replaced). Runs at sign-in, when the key is unlocked."""
    granted = 0
    recipients_by_unit: dict[int, list[UserKey]] = {}
    holdings = (
        PetitionKey.objects.filter(user_key__user=actor)
        .select_related("petition", "petition__unit")
        .order_by("-petition__received_at")
    )
    for row in holdings.iterator(chunk_size=200):
        petition = row.petition
        if petition.unit_id not in recipients_by_unit:
            recipients_by_unit[petition.unit_id] = _recipient_keys(petition.unit)
        held = set(petition.keys.filter(user_key__isnull=False).values_list("user_key_id", flat=True))
        conflicted = _petition_conflicted_ids(petition)
        missing = [
            key for key in recipients_by_unit[petition.unit_id] if key.pk not in held and key.user_id not in conflicted
        ]
        if not missing:
            continue
        try:
            private = crypto.open_for(bytes(row.sealed_key), actor_private, context=petition.context("key"))
        except crypto.DecryptionError:
            continue
        with transaction.atomic():
            granted += _grant(petition, private, user_keys=missing)
            audit_record(
                actor=actor,
                action="cases.access.grant",
                obj=petition,
                unit=petition.unit,
                details={"users": sorted(key.user_id for key in missing)},
            )
        if granted >= limit:
            break
    return granted


@transaction.atomic
def petition_access_revoke_stale(*, user) -> int:
    """Remove the sealed copies ``user`` holds for petitions they are no longer entitled to."""
    removed = 0
    for row in PetitionKey.objects.filter(user_key__user=user).select_related("petition__unit"):
        if not entitled_memberships(row.petition.unit).filter(user=user).exists():
            row.delete()
            removed += 1
    if removed:
        audit_record(actor=None, action="cases.access.revoke", obj=user, details={"petitions": removed})
    return removed


# The reporter's follow-up session


def _token_hash(token_id: bytes) -> str:
    return hashlib.sha256(token_id).hexdigest()


@dataclass(frozen=True)
class ReporterAccess:
    petition: Petition
    private: bytes


def _backoff(failures: int) -> datetime.timedelta:
    # Five free tries for typos, then the wait doubles, up to an hour; guessing one report's
    # 66-bit secret at that pace is hopeless, and its owner is never locked out for long.
    return datetime.timedelta(seconds=min(3600, 2 ** max(0, failures - 5))) if failures >= 5 else datetime.timedelta()


def receipt_check(receipt_text: str) -> ReporterAccess | None:
    """The petition a receipt opens, or None. Unknown and wrong receipts cost one Argon2id hash."""
    receipt = receipts.parse(receipt_text)
    if receipt is None:
        receipts.derive_dummy("0" * receipts.SECRET_DIGITS)
        return None
    petition = Petition.objects.filter(receipt_lookup=receipts.lookup_digest(receipt.lookup)).first()
    if petition is None:
        receipts.derive_dummy(receipt.secret)
        return None
    now = timezone.now()
    if petition.receipt_next_try_at and petition.receipt_next_try_at > now:
        receipts.derive_dummy(receipt.secret)
        return None
    derived = receipts.derive(receipt.secret, bytes(petition.receipt_salt), petition.receipt_params)
    if not receipts.verifier_matches(derived, bytes(petition.receipt_verifier)):
        failures = petition.receipt_failures + 1
        Petition.objects.filter(pk=petition.pk).update(
            receipt_failures=failures, receipt_next_try_at=now + _backoff(failures)
        )
        return None
    if petition.receipt_failures:
        Petition.objects.filter(pk=petition.pk).update(receipt_failures=0, receipt_next_try_at=None)
    private = crypto.unseal(derived.key, bytes(petition.receipt_sealed_key), context=petition.context("receipt"))
    return ReporterAccess(petition=petition, private=private)


def portal_session_start(*, access: ReporterAccess) -> str:
    """A bearer token for the reporter: ``id || mask``, base64url. The table keeps a hash of the
    id and the petition's private key XOR the mask."""
    token_id, mask = secrets.token_bytes(32), secrets.token_bytes(len(access.private))
    now = timezone.now()
    PortalSession.objects.create(
        petition=access.petition,
        token_hash=_token_hash(token_id),
        masked_key=crypto.xor(access.private, mask),
        last_seen_at=now,
        expires_at=now + datetime.timedelta(minutes=settings.PORTAL_SESSION_MAX_MINUTES),
    )
    PortalSession.objects.filter(expires_at__lt=now).delete()
    return base64.urlsafe_b64encode(token_id + mask).decode().rstrip("=")


def _decode_token(token: str) -> tuple[bytes, bytes] | None:
    try:
        raw = base64.urlsafe_b64decode((token or "") + "=" * (-len(token or "") % 4))
    except (binascii.Error, ValueError):
        return None
    return (raw[:32], raw[32:]) if len(raw) == 64 else None


def portal_session_resume(token: str) -> ReporterAccess | None:
    decoded = _decode_token(token)
    if decoded is None:
        return None
    token_id, mask = decoded
    session = PortalSession.objects.select_related("petition").filter(token_hash=_token_hash(token_id)).first()
    now = timezone.now()
    if session is None:
        return None
    idle_limit = session.last_seen_at + datetime.timedelta(minutes=settings.PORTAL_SESSION_IDLE_MINUTES)
    if session.expires_at < now or idle_limit < now:
        session.delete()
        return None
    PortalSession.objects.filter(pk=session.pk).update(last_seen_at=now)
    return ReporterAccess(petition=session.petition, private=crypto.xor(bytes(session.masked_key), mask))


def portal_session_end(token: str) -> None:
    decoded = _decode_token(token)
    if decoded is not None:
        PortalSession.objects.filter(token_hash=_token_hash(decoded[0])).delete()
