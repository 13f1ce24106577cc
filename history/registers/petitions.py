"""The past register of petitions: one row per petition, with how it was classified and concluded.

Each row becomes a ``cases.Petition`` and, when it was handled here, its ``cases.Matter``, with the
register's dates, so that ``cases.stats`` counts them exactly as live ones. The live services are
not used: they date every step today, start legal time limits and send notices to a reporter; a
past petition has none of these. What is written is what those services would have left:

- the petition: channel, kind, subject, receiving unit, ``received_at``; registered (its working
  copy is the register's summary), classified on the outcome's date with the condition and the
  competence of the outcome; no accused person, no time limit, no notice;
- no identity: the sealed original holds the summary and ``identity: None``, sealed like any other
  to a new key of the petition, for the intake officers and custodians of the unit and the recovery
  keys; no receipt is issued;
- "forwarded" petitions keep ``forwarded_at`` empty: in ``cases.stats`` a forwarding date would move
  the petition's entry into the subtree to that date, and the forwarded worklist follows only live
  forwardings;
- handled here ("accepted", "in progress", or concluded true, partly true, untrue): a matter opened
  and accepted on the day received (a check of an anonymous denunciation when anonymous), concluded
  on the concluded date with the outcome.
"""

import datetime
import json
import secrets
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from baove.lib import crypto
from baove.lib.text import fold
from cases.models import (
    Channel,
    Competence,
    Condition,
    Kind,
    Matter,
    MatterStatus,
    Outcome,
    Petition,
    PetitionKey,
    Status,
    Subject,
)
from cases.services import entitled_memberships
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
from vault.models import RecoveryKey, UserKey
from vault.services import seal_for_holders

PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


class Result:
    """What became of a petition, as a register says it."""

    NOT_PROCESSABLE = "not_processable"
    FILED = "filed"
    FORWARDED = "forwarded"
    GUIDED = "guided"
    IN_PROGRESS = "in_progress"
    TRUE = Outcome.TRUE.value
    PARTLY_TRUE = Outcome.PARTLY_TRUE.value
    UNTRUE = Outcome.UNTRUE.value

    choices = (
        (NOT_PROCESSABLE, gettext_lazy("Not processable")),
        (FILED, gettext_lazy("Kept on file")),
        (FORWARDED, gettext_lazy("Forwarded to the competent body")),
        (GUIDED, gettext_lazy("Reporter guided to the competent body")),
        (IN_PROGRESS, gettext_lazy("Accepted, being handled")),
        (TRUE, gettext_lazy("Concluded: true")),
        (PARTLY_TRUE, gettext_lazy("Concluded: partly true")),
        (UNTRUE, gettext_lazy("Concluded: untrue")),
    )
    HANDLED_HERE = (IN_PROGRESS, TRUE, PARTLY_TRUE, UNTRUE)
    CONCLUDED = (TRUE, PARTLY_TRUE, UNTRUE)


RESULTS = choice_lookup(
    Result.choices,
    **{
        "khong du dieu kien": Result.NOT_PROCESSABLE,
        "luu don": Result.FILED,
        "chuyen don": Result.FORWARDED,
        "huong dan": Result.GUIDED,
        "dang giai quyet": Result.IN_PROGRESS,
        "thu ly": Result.IN_PROGRESS,
        "accepted": Result.IN_PROGRESS,
        "dung": Result.TRUE,
        "dung mot phan": Result.PARTLY_TRUE,
        "sai": Result.UNTRUE,
        "sai su that": Result.UNTRUE,
    },
)

COLUMNS = (
    Column(
        "received_on",
        pgettext_lazy("import column", "Received on"),
        required=True,
        help=gettext_lazy("Required. dd/mm/yyyy."),
    ),
    UNIT_COLUMN,
    Column(
        "channel",
        pgettext_lazy("import column", "Channel"),
        required=True,
        help=gettext_lazy("Required. A code or name below."),
    ),
    Column(
        "kind",
        pgettext_lazy("import column", "Kind"),
        required=True,
        help=gettext_lazy("Required. A code or name below."),
    ),
    Column(
        "subject",
        pgettext_lazy("import column", "Subject"),
        required=True,
        help=gettext_lazy("Required. A code or name below."),
    ),
    Column(
        "outcome",
        pgettext_lazy("import column", "Outcome"),
        required=True,
        help=gettext_lazy("Required. How it was classified, and how it was concluded if handled here."),
    ),
    Column(
        "concluded_on",
        pgettext_lazy("import column", "Concluded on"),
        help=gettext_lazy(
            "Required for a conclusion (true, partly true, untrue); for the other outcomes, the day it was "
            "classified (the day received if empty). Empty while in progress."
        ),
    ),
    Column(
        "anonymous",
        pgettext_lazy("import column", "Anonymous"),
        help=gettext_lazy("Optional. có if the petition was anonymous (no name); không by default."),
    ),
    Column(
        "reporters",
        pgettext_lazy("import column", "Number of reporters"),
        help=gettext_lazy("Optional. 1 by default."),
    ),
    Column(
        "body",
        pgettext_lazy("import column", "Forwarded or guided to"),
        help=gettext_lazy("Optional. The competent body, for forwarded or guided petitions."),
    ),
    SUMMARY_COLUMN,
)

CHANNELS = choice_lookup(
    Channel.choices, **{"buu chinh": Channel.POST, "buu dien": Channel.POST, "thu dien tu": Channel.EMAIL}
)
KINDS = choice_lookup(Kind.choices)
SUBJECTS = choice_lookup(Subject.choices)


@dataclass
class PetitionRow:
    line: int
    day: datetime.date
    unit: Unit
    channel: str
    kind: str
    subject: str
    result: str
    concluded_on: datetime.date | None
    anonymous: bool
    reporters: int
    body: str
    summary: str


class PetitionRegister(Register):
    kind = "petitions"
    columns = COLUMNS
    intro = gettext_lazy(
        "One row per petition received before the system was used. No name or other detail of the "
        "reporter: the register's petitions carry no identity."
    )
    choice_tables = (
        (gettext_lazy("Channel"), Channel.choices),
        (gettext_lazy("Kind"), Kind.choices),
        (gettext_lazy("Subject"), Subject.choices),
        (gettext_lazy("Outcome"), Result.choices),
    )

    def example_rows(self, unit_code: str) -> list[list[str]]:
        return [
            [
                "15/03/2019",
                unit_code,
                "Bưu chính",
                "Tố cáo",
                "Tham nhũng",
                "Đúng một phần",
                "20/06/2019",
                "",
                "1",
                "",
                "",
            ],
            [
                "02/04/2019",
                unit_code,
                "hotline",
                "feedback",
                "waste",
                "forwarded",
                "09/04/2019",
                "có",
                "",
                "Sở Xây dựng",
                "",
            ],
            ["20/11/2023", unit_code, "in_person", "denunciation", "negativity", "in_progress", "", "", "2", "", ""],
        ]

    def parse(self, row: Row, context: Context) -> PetitionRow | None:
        day = row.date("received_on", today=context.today)
        unit = context.unit(row, on=day)
        channel = row.choice("channel", CHANNELS)
        kind = row.choice("kind", KINDS)
        subject = row.choice("subject", SUBJECTS)
        result = row.choice("outcome", RESULTS)
        concluded_on = row.date("concluded_on", today=context.today)
        anonymous = row.boolean("anonymous")
        reporters = row.integer("reporters", minimum=1, default=1)
        body = row.text("body", max_length=255)
        summary = row.text("summary", max_length=SUMMARY_LENGTH)
        if result in Result.CONCLUDED and not row.raw("concluded_on"):
            row.problem("concluded_on", _("A concluded petition needs the date of its conclusion."))
        if result == Result.IN_PROGRESS and row.raw("concluded_on"):
            row.problem("concluded_on", _("A petition still in progress has no conclusion date; leave it empty."))
        if day and concluded_on and concluded_on < day:
            row.problem("concluded_on", _("The conclusion is before the petition was received."))
        if not row.ok:
            return None
        return PetitionRow(
            line=row.line,
            day=day,
            unit=unit,
            channel=channel,
            kind=kind,
            subject=subject,
            result=result,
            concluded_on=concluded_on,
            anonymous=anonymous,
            reporters=reporters,
            body=body,
            summary=summary,
        )

    @staticmethod
    def dates_of(parsed: PetitionRow) -> tuple[datetime.date, datetime.date]:
        return parsed.day, parsed.concluded_on or parsed.day

    def create(self, parsed: PetitionRow, *, actor, batch, cache: dict) -> list:
        received = at_noon(parsed.day)
        decided = at_noon(parsed.concluded_on or parsed.day)
        working = parsed.summary or vietnamese(HISTORICAL_NOTE)
        created = []
        matter = None
        if parsed.result in Result.HANDLED_HERE:
            matter = _matter(parsed, received=received, decided=decided, summary=working)
            created.append(matter)
        condition, competence, status = _classification(parsed.result)
        pair = crypto.new_key_pair()
        petition = Petition.objects.create(
            reference=uuid.uuid4().hex[:20],
            channel=parsed.channel,
            kind=parsed.kind,
            subject=parsed.subject,
            status=status,
            unit=parsed.unit,
            first_unit=parsed.unit,
            concerned_unit=parsed.unit,
            received_at=received,
            registered_at=received,
            anonymous=parsed.anonymous,
            pseudonym="LS-" + "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(5)),
            matter=matter,
            condition=condition,
            condition_reason=vietnamese(HISTORICAL_NOTE) if condition == Condition.NOT_PROCESSABLE else "",
            competence=competence,
            forward_body=parsed.body if competence in (Competence.FORWARD, Competence.GUIDE) else "",
            reporter_count=parsed.reporters,
            classified_at=decided if parsed.result not in Result.HANDLED_HERE else received,
            public_key=pair.public,
            sealed_original=b"",
            working_content=working,
            working_updated_at=received,
        )
        petition.reference = f"LS-{parsed.day.year}-{petition.pk:06d}"
        petition.search_text = fold(f"{petition.reference} {working}")
        petition.sealed_original = crypto.seal_for(
            json.dumps(
                {"identity": None, "content": working, "incident_time": "", "incident_place": "", "accused": []},
                ensure_ascii=False,
            ).encode(),
            pair.public,
            context=petition.context("original"),
        )
        petition.save(update_fields=["reference", "search_text", "sealed_original"])
        _grant(petition, pair.private, cache=cache)
        created.append(petition)
        return created


def _classification(result: str) -> tuple[str, str, str]:
    """(condition, competence, status) of a petition with this result."""
    return {
        Result.NOT_PROCESSABLE: (Condition.NOT_PROCESSABLE, Competence.FILE, Status.NOT_PROCESSABLE),
        Result.FILED: (Condition.PROCESSABLE, Competence.FILE, Status.FILED),
        Result.FORWARDED: (Condition.PROCESSABLE, Competence.FORWARD, Status.FORWARDED),
        Result.GUIDED: (Condition.PROCESSABLE, Competence.GUIDE, Status.GUIDED),
    }.get(result, (Condition.PROCESSABLE, Competence.OURS, Status.IN_MATTER))


def _matter(parsed: PetitionRow, *, received, decided, summary: str) -> Matter:
    concluded = parsed.result in Result.CONCLUDED
    if concluded:
        status = MatterStatus.CONCLUDED
    else:
        status = MatterStatus.CHECKING if parsed.anonymous else MatterStatus.ACCEPTED
    matter = Matter.objects.create(
        reference=uuid.uuid4().hex[:20],
        unit=parsed.unit,
        kind=parsed.kind,
        subject=parsed.subject,
        summary=summary[:300],
        status=status,
        anonymous_check=parsed.anonymous,
        opened_at=received,
        accepted_at=None if parsed.anonymous else received,
        outcome=parsed.result if concluded else "",
        conclusion=vietnamese(HISTORICAL_NOTE) if concluded else "",
        concluded_at=decided if concluded else None,
    )
    matter.reference = f"VV-LS-{parsed.day.year}-{matter.pk:06d}"
    matter.save(update_fields=["reference"])
    return matter


def _grant(petition: Petition, private: bytes, *, cache: dict) -> None:
    """The petition's key sealed, as for a live one, for those entitled to the unit's originals."""
    key = ("petition-recipients", petition.unit_id)
    if key not in cache:
        users = entitled_memberships(petition.unit).values("user_id")
        cache[key] = list(UserKey.objects.filter(user__in=users))
    if "recovery" not in cache:
        cache["recovery"] = list(RecoveryKey.objects.filter(retired_at__isnull=True))
    sealed = seal_for_holders(
        private, context=petition.context("key"), user_keys=cache[key], recovery_keys=cache["recovery"]
    )
    PetitionKey.objects.bulk_create(PetitionKey(petition=petition, **row) for row in sealed)
