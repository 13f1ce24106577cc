"""The past register of protection: one row per person who asked for protection, with the decision.

Each row becomes a ``protection.ProtectionCase`` decided on the register's date and, when granted,
one ``Measure`` per kind granted from that date (until the end date, if protection ended), so that
``protection.stats`` counts the people who asked and the people protected as for live cases.

No identity: the register names nobody. The case's sealed part holds only that it came from a
register (no name, no ID number, so no early warning on personnel actions either), sealed as for a
live case to the case's own key for the unit's identity custodians and the recovery keys. No notice,
no notification, no check-in is made.
"""

import datetime
import json
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from baove.lib import crypto
from history.registers.base import (
    HISTORICAL_NOTE,
    SUMMARY_COLUMN,
    SUMMARY_LENGTH,
    UNIT_COLUMN,
    Context,
    Register,
    at_noon,
    vietnamese,
)
from history.tabular import Column, Row, choice_lookup
from org.models import Unit
from protection.models import (
    CaseStatus,
    Measure,
    MeasureStatus,
    Origin,
    ProtectionCase,
    ProtectionKey,
    ProtectionKind,
    Relationship,
)
from protection.services import PERSON_FIELDS, custodian_memberships
from vault.models import RecoveryKey, UserKey
from vault.services import seal_for_holders
from workcal.workdays import add_working_days

PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
GRANTED, REFUSED = "granted", "refused"
DECISIONS = choice_lookup(
    ((GRANTED, gettext_lazy("Granted")), (REFUSED, gettext_lazy("Refused"))),
    **{"chap thuan": GRANTED, "dong y": GRANTED, "bao ve": GRANTED, "tu choi": REFUSED, "khong chap thuan": REFUSED},
)
RELATIONSHIPS = choice_lookup(
    Relationship.choices, reporter=Relationship.SELF, **{"nguoi to cao": Relationship.SELF, "vo chong": "spouse"}
)
KINDS = choice_lookup(ProtectionKind.choices)

COLUMNS = (
    Column(
        "requested_on",
        pgettext_lazy("import column", "Requested on"),
        required=True,
        help=gettext_lazy("Required. dd/mm/yyyy."),
    ),
    UNIT_COLUMN,
    Column(
        "person",
        pgettext_lazy("import column", "Person to protect"),
        required=True,
        help=gettext_lazy("Required. The reporter, or their spouse, parent or child: a code or name below."),
    ),
    Column(
        "kinds_requested",
        pgettext_lazy("import column", "Protection requested"),
        required=True,
        help=gettext_lazy("Required. One or more kinds below, separated by semicolons (;)."),
    ),
    Column(
        "decision",
        pgettext_lazy("import column", "Decision"),
        required=True,
        help=gettext_lazy("Required. granted (chấp thuận) or refused (từ chối)."),
    ),
    Column(
        "decided_on",
        pgettext_lazy("import column", "Decided on"),
        required=True,
        help=gettext_lazy("Required. dd/mm/yyyy."),
    ),
    Column(
        "kinds_granted",
        pgettext_lazy("import column", "Protection granted"),
        help=gettext_lazy(
            "Required when granted: the kinds of measure, separated by semicolons. Secrecy of information is "
            "always part of it."
        ),
    ),
    Column(
        "ended_on",
        pgettext_lazy("import column", "Protection ended on"),
        help=gettext_lazy("Optional. The day protection ended; empty if it still runs."),
    ),
    SUMMARY_COLUMN,
)


@dataclass
class ProtectionRow:
    line: int
    day: datetime.date
    unit: Unit
    relationship: str
    kinds_requested: list[str]
    granted: bool
    decided_on: datetime.date
    kinds_granted: list[str]
    ended_on: datetime.date | None
    summary: str


def _ordered(kinds) -> list[str]:
    """Each kind once, secrecy of information included, in the order of ``ProtectionKind``."""
    wanted = {*kinds, ProtectionKind.SECRECY}
    return [kind for kind in ProtectionKind.values if kind in wanted]


class ProtectionRegister(Register):
    kind = "protection"
    columns = COLUMNS
    intro = gettext_lazy(
        "One row per person who asked for protection before the system was used: the reporter or a relative. "
        "No name or other detail of the person."
    )
    choice_tables = (
        (gettext_lazy("Person to protect"), Relationship.choices),
        (gettext_lazy("Kinds of protection"), ProtectionKind.choices),
    )

    def example_rows(self, unit_code: str) -> list[list[str]]:
        return [
            [
                "10/05/2020",
                unit_code,
                "Người tố cáo",
                "job;honour",
                "Chấp thuận",
                "20/05/2020",
                "job",
                "31/12/2021",
                "",
            ],
            ["03/02/2021", unit_code, "spouse", "life_health", "refused", "18/02/2021", "", "", ""],
        ]

    def parse(self, row: Row, context: Context) -> ProtectionRow | None:
        day = row.date("requested_on", today=context.today)
        unit = context.unit(row, on=day)
        relationship = row.choice("person", RELATIONSHIPS)
        kinds_requested = row.choices("kinds_requested", KINDS)
        decision = row.choice("decision", DECISIONS)
        decided_on = row.date("decided_on", today=context.today)
        kinds_granted = row.choices("kinds_granted", KINDS, required=decision == GRANTED)
        ended_on = row.date("ended_on", today=context.today)
        summary = row.text("summary", max_length=SUMMARY_LENGTH)
        if decision == REFUSED and row.raw("kinds_granted"):
            row.problem("kinds_granted", _("A refused request has no protection granted; leave it empty."))
        if decision == REFUSED and row.raw("ended_on"):
            row.problem("ended_on", _("A refused request has no end of protection; leave it empty."))
        if day and decided_on and decided_on < day:
            row.problem("decided_on", _("The decision is before the request."))
        if decided_on and ended_on and ended_on < decided_on:
            row.problem("ended_on", _("Protection ends before it was decided."))
        if not row.ok:
            return None
        return ProtectionRow(
            line=row.line,
            day=day,
            unit=unit,
            relationship=relationship,
            kinds_requested=_ordered(kinds_requested),
            granted=decision == GRANTED,
            decided_on=decided_on,
            kinds_granted=_ordered(kinds_granted) if decision == GRANTED else [],
            ended_on=ended_on,
            summary=summary,
        )

    @staticmethod
    def dates_of(parsed: ProtectionRow) -> tuple[datetime.date, datetime.date]:
        return parsed.day, parsed.ended_on or parsed.decided_on

    def create(self, parsed: ProtectionRow, *, actor, batch, cache: dict) -> list:
        note = vietnamese(HISTORICAL_NOTE)
        ended = parsed.granted and parsed.ended_on is not None
        due = add_working_days(parsed.day, settings.PROTECTION_DECISION_WORKING_DAYS)
        pair = crypto.new_key_pair()
        case = ProtectionCase.objects.create(
            reference=uuid.uuid4().hex[:20],
            unit=parsed.unit,
            origin=Origin.STAFF,
            relationship=parsed.relationship,
            kinds_requested=parsed.kinds_requested,
            status=CaseStatus.ENDED if ended else CaseStatus.GRANTED if parsed.granted else CaseStatus.REFUSED,
            pseudonym="LS-" + "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(5)),
            requested_at=at_noon(parsed.day),
            decision_due_on=due,
            decided_at=at_noon(parsed.decided_on),
            decision_reasons=note,
            decided_late=parsed.decided_on > due,
            ended_at=at_noon(parsed.ended_on) if ended else None,
            end_reason=note if ended else "",
            summary=parsed.summary or note,
            public_key=pair.public,
            sealed_person=b"",
        )
        case.reference = f"BV-LS-{parsed.day.year}-{case.pk:06d}"
        person = dict.fromkeys(PERSON_FIELDS, "")
        case.sealed_person = crypto.seal_for(
            json.dumps({"person": person, "reasons": note}, ensure_ascii=False).encode(),
            pair.public,
            context=case.context("person"),
        )
        case.save(update_fields=["reference", "sealed_person"])
        _grant(case, pair.private, cache=cache)
        measures = [
            Measure.objects.create(
                case=case,
                kind=kind,
                body=case.unit.name[:255],
                unit=case.unit,
                description=note,
                starts_on=parsed.decided_on,
                ends_on=parsed.ended_on,
                status=MeasureStatus.ENDED if ended else MeasureStatus.IN_FORCE,
                end_reason=note if ended else "",
            )
            for kind in parsed.kinds_granted
        ]
        return [case, *measures]


def _grant(case: ProtectionCase, private: bytes, *, cache: dict) -> None:
    key = ("protection-recipients", case.unit_id)
    if key not in cache:
        users = custodian_memberships(case.unit).values("user_id")
        cache[key] = list(UserKey.objects.filter(user__in=users))
    if "recovery" not in cache:
        cache["recovery"] = list(RecoveryKey.objects.filter(retired_at__isnull=True))
    sealed = seal_for_holders(
        private, context=case.context("key"), user_keys=cache[key], recovery_keys=cache["recovery"]
    )
    ProtectionKey.objects.bulk_create(ProtectionKey(case=case, **row) for row in sealed)
