"""Appending many audit events at once, on the same hash chain as ``audit.services.audit_record``.

The generator writes history: a million petitions each leave the "received" event the statistics
read (``cases.stats``: the unit that received a petition first). One ``audit_record`` call per
event would lock the chain's head a million times; here the head is locked once per batch and the
events are linked and hashed by the same ``audit.services.event_hash``, so ``manage.py
verify_audit`` checks them like any others.
"""

import json
from types import SimpleNamespace

from audit.models import AuditEvent, AuditHead
from audit.services import event_hash
from synth.store import save


class Chain:
    """Collects events and appends them in order; ``flush`` must run inside a transaction."""

    def __init__(self):
        self.pending: list[dict] = []

    def add(self, *, action: str, obj_type: str, obj_id, unit_id, at, details: dict) -> None:
        self.pending.append(
            {
                "created_at": at,
                "actor_id": None,
                "actor_label": "",
                "action": action,
                "object_type": obj_type,
                "object_id": str(obj_id),
                "unit_id": unit_id,
                "reason": "",
                # Round-trip as audit_record does, so what is hashed is what the database gives back.
                "details": json.loads(json.dumps(details, ensure_ascii=False, default=str)),
            }
        )

    def flush(self) -> int:
        if not self.pending:
            return 0
        head = AuditHead.objects.select_for_update().get(pk=1)
        seq, prev = head.seq, head.hash
        for event in self.pending:
            seq += 1
            event["seq"], event["prev_hash"] = seq, prev
            event["hash"] = prev = event_hash(SimpleNamespace(**event))
        save(AuditEvent, self.pending)
        head.seq, head.hash = seq, prev
        head.save(update_fields=["seq", "hash"])
        count, self.pending = len(self.pending), []
        return count
