import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from audit.models import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64


def _canonical_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_bytes(event: AuditEvent) -> bytes:
    """The serialisation that is hashed: sorted keys, no spaces, UTF-8, times in UTC."""
    payload = {
        "seq": event.seq,
        "created_at": _canonical_time(event.created_at),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "unit_id": event.unit_id,
        "reason": event.reason,
        "details": event.details,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical_bytes(event)).hexdigest()


def _object_ref(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


@transaction.atomic
def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    unit=None,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    ``details`` must never hold an identity or original content: it is read by oversight.
    """
    head = AuditHead.objects.select_for_update().get(pk=1)
    object_type, object_id = _object_ref(obj)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        seq=head.seq + 1,
        created_at=timezone.now(),
        actor=actor if authenticated else None,
        actor_label=actor.get_username() if authenticated else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        unit=unit,
        reason=reason or "",
        # Round-trip so that what is hashed is exactly what the database gives back.
        details=json.loads(json.dumps(details or {}, ensure_ascii=False, default=str)),
        prev_hash=head.hash,
    )
    event.hash = event_hash(event)
    event.save()
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def audit_verify_chain() -> ChainReport:
    """Walk the chain in order and report the first event whose link does not hold."""
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return ChainReport(checked, event.seq, f"expected event #{expected_seq}, found #{event.seq}")
        if event.prev_hash != prev_hash:
            return ChainReport(checked, event.seq, f"event #{event.seq} does not link to the one before it")
        if event_hash(event) != event.hash:
            return ChainReport(checked, event.seq, f"event #{event.seq} was changed after it was written")
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.get(pk=1)
    if head.seq != checked or head.hash != prev_hash:
        return ChainReport(checked, checked + 1, f"events after #{checked} are missing (head is #{head.seq})")
    return ChainReport(checked)
