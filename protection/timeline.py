"""The timeline of one protected person, for identity custodians: everything about the case in date order.

``timeline(case)`` collects entries from this app (the petition's portal history, the request,
the decision, measures, the person's requests, check-ins, the end) and from every function in
``SOURCES``. Another app adds its own entries by registering a source once, in its
``AppConfig.ready()``::

    from protection.timeline import Entry, register_source

    def retaliation_entries(case):
        for incident in Incident.objects.filter(protection_case=case):
            yield Entry(at=incident.reported_at, kind="retaliation", label=..., detail=...)

    register_source(retaliation_entries)

An entry never carries the person's identity: the page shows it beside no name.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from protection.models import ProtectionCase, ProtectionKind


@dataclass(frozen=True)
class Entry:
    at: datetime.datetime | datetime.date
    kind: str
    label: str
    detail: str = ""

    @property
    def day(self) -> datetime.date:
        if isinstance(self.at, datetime.datetime):
            return timezone.localtime(self.at).date()
        return self.at

    @property
    def sort_key(self) -> tuple:
        if isinstance(self.at, datetime.datetime):
            return (self.day, timezone.localtime(self.at).time())
        return (self.at, datetime.time.max)


Source = Callable[[ProtectionCase], Iterable[Entry]]
SOURCES: list[Source] = []


def register_source(source: Source) -> Source:
    """Add ``source`` to every timeline (once); usable as a decorator."""
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def _kinds(values: Iterable[str]) -> str:
    return ", ".join(str(ProtectionKind(value).label) for value in values if value in ProtectionKind.values)


def _own_entries(case: ProtectionCase) -> list[Entry]:
    entries = []
    if case.petition_id is not None:
        for event in case.petition.public_events.all():
            entries.append(
                Entry(
                    event.created_at, "portal", _("Portal: %(step)s") % {"step": event.get_step_display()}, event.text
                )
            )
    entries.append(
        Entry(
            case.requested_at,
            "requested",
            _("Protection requested (%(origin)s)") % {"origin": case.get_origin_display()},
            _kinds(case.kinds_requested),
        )
    )
    if case.decided_at:
        label = _("Protection granted") if case.status != "refused" else _("Protection refused")
        if case.decided_late:
            label = _("%(decision)s, after the time limit") % {"decision": label}
        entries.append(Entry(case.decided_at, "decision", label, case.decision_reasons))
    for measure in case.measures.all():
        detail = f"{measure.body}" + (f" · {measure.description}" if measure.description else "")
        entries.append(
            Entry(
                measure.starts_on,
                "measure",
                _("Measure starts: %(kind)s") % {"kind": measure.get_kind_display()},
                detail,
            )
        )
        if measure.ends_on:
            entries.append(
                Entry(
                    measure.ends_on,
                    "measure",
                    _("Measure ends: %(kind)s") % {"kind": measure.get_kind_display()},
                    measure.end_reason,
                )
            )
    for request in case.person_requests.all():
        entries.append(
            Entry(
                request.received_at,
                "person_request",
                _("The person asks: %(kind)s") % {"kind": request.get_kind_display()},
                request.summary,
            )
        )
        if request.decided_at:
            entries.append(
                Entry(
                    request.decided_at,
                    "person_request",
                    _("Request decided: %(status)s") % {"status": request.get_status_display()},
                    request.decision_reasons,
                )
            )
    for checkin in case.checkins.all():
        if checkin.done_on:
            entries.append(Entry(checkin.done_on, "checkin", _("Check-in done"), checkin.note))
        else:
            entries.append(Entry(checkin.due_on, "checkin", _("Check-in planned"), checkin.note))
    if case.ended_at:
        entries.append(Entry(case.ended_at, "ended", _("Protection ended"), case.end_reason))
    return entries


def timeline(case: ProtectionCase) -> list[Entry]:
    entries = _own_entries(case)
    for source in SOURCES:
        entries.extend(source(case))
    return sorted(entries, key=lambda entry: entry.sort_key)
