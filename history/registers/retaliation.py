"""The past register of retaliation: one row per incident, with its finding, the sanctions decided and
the heads held answerable.

Each row becomes a ``retaliation.Incident`` reported on the register's date and, once confirmed, one
``Sanction`` per sanction listed and one ``HeadAccountability`` per head disciplined, dated as the
register says, so that ``retaliation.stats`` counts them as live ones. Nobody is named: the person
retaliated against stands alone (no petition, no protection case), and a head held answerable is
recorded without a name.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, pgettext_lazy

from history.registers.base import (
    HISTORICAL_NOTE,
    SUMMARY_COLUMN,
    SUMMARY_LENGTH,
    UNIT_COLUMN,
    Context,
    Register,
    vietnamese,
)
from history.tabular import Column, Row, choice_lookup
from org.models import Unit
from retaliation.models import (
    DisciplineForm,
    HeadAccountability,
    Incident,
    IncidentSource,
    IncidentStatus,
    RetaliationForm,
    Sanction,
    SanctionKind,
)

# A head held answerable is recorded without a name (the register's heads are not imported).
UNNAMED_HEAD = gettext_noop("Head of the unit (not named in the register)")
HEAD_POSITION = gettext_noop("Head of the unit")

FORMS = choice_lookup(RetaliationForm.choices)
FINDINGS = choice_lookup(
    IncidentStatus.choices,
    **{"xac minh": IncidentStatus.VERIFYING, "co tra thu": IncidentStatus.CONFIRMED, "khong co": "unfounded"},
)
SANCTIONS = choice_lookup(SanctionKind.choices)
DISCIPLINE = choice_lookup(DisciplineForm.choices)

COLUMNS = (
    Column(
        "reported_on",
        pgettext_lazy("import column", "Reported on"),
        required=True,
        help=gettext_lazy("Required. dd/mm/yyyy."),
    ),
    UNIT_COLUMN,
    Column(
        "forms",
        pgettext_lazy("import column", "Forms of retaliation"),
        required=True,
        help=gettext_lazy("Required. One or more forms below, separated by semicolons (;)."),
    ),
    Column(
        "occurred_on",
        pgettext_lazy("import column", "Happened on"),
        help=gettext_lazy("Optional. The day it happened; the day reported if empty."),
    ),
    Column(
        "finding",
        pgettext_lazy("import column", "Finding"),
        required=True,
        help=gettext_lazy("Required. reported, verifying, confirmed or unfounded (or their names)."),
    ),
    Column(
        "concluded_on",
        pgettext_lazy("import column", "Concluded on"),
        help=gettext_lazy("Required when confirmed or unfounded: the day of the finding."),
    ),
    Column(
        "sanctions",
        pgettext_lazy("import column", "Sanctions"),
        help=gettext_lazy(
            "Optional, for a confirmed incident: one kind per sanction decided, separated by semicolons "
            "(party;administrative counts two)."
        ),
    ),
    Column(
        "sanctioned_on",
        pgettext_lazy("import column", "Sanctions decided on"),
        help=gettext_lazy("Required when there are sanctions."),
    ),
    Column(
        "heads",
        pgettext_lazy("import column", "Heads disciplined"),
        help=gettext_lazy(
            "Optional, for a confirmed incident: one form of discipline per head held answerable, separated "
            "by semicolons."
        ),
    ),
    Column(
        "heads_on",
        pgettext_lazy("import column", "Heads disciplined on"),
        help=gettext_lazy("Required when heads were disciplined."),
    ),
    SUMMARY_COLUMN,
)


@dataclass
class IncidentRow:
    line: int
    day: datetime.date
    unit: Unit
    forms: list[str]
    occurred_on: datetime.date
    finding: str
    concluded_on: datetime.date | None
    sanctions: list[str]
    sanctioned_on: datetime.date | None
    heads: list[str]
    heads_on: datetime.date | None
    summary: str


class RetaliationRegister(Register):
    kind = "retaliation"
    columns = COLUMNS
    intro = gettext_lazy(
        "One row per incident of retaliation recorded before the system was used, with its finding, the "
        "sanctions and the heads held answerable. No name of anyone."
    )
    choice_tables = (
        (gettext_lazy("Forms of retaliation"), RetaliationForm.choices),
        (gettext_lazy("Finding"), IncidentStatus.choices),
        (gettext_lazy("Sanctions"), SanctionKind.choices),
        (gettext_lazy("Heads disciplined"), DisciplineForm.choices),
    )

    def example_rows(self, unit_code: str) -> list[list[str]]:
        return [
            ["12/08/2020", unit_code, "transfer;harassment", "01/08/2020", "confirmed", "30/10/2020",
             "party;administrative", "15/12/2020", "reprimand", "15/12/2020", ""],
            ["05/03/2022", unit_code, "Đe dọa", "", "Không có căn cứ", "20/04/2022", "", "", "", "", ""],
        ]  # fmt: skip

    def parse(self, row: Row, context: Context) -> IncidentRow | None:
        day = row.date("reported_on", today=context.today)
        unit = context.unit(row, on=day)
        forms = row.choices("forms", FORMS)
        occurred_on = row.date("occurred_on", today=context.today)
        finding = row.choice("finding", FINDINGS)
        concluded_on = row.date("concluded_on", today=context.today)
        sanctions = row.choices("sanctions", SANCTIONS, required=False)
        sanctioned_on = row.date("sanctioned_on", today=context.today, required=bool(row.raw("sanctions")))
        heads = row.choices("heads", DISCIPLINE, required=False)
        heads_on = row.date("heads_on", today=context.today, required=bool(row.raw("heads")))
        summary = row.text("summary", max_length=SUMMARY_LENGTH)
        with_finding = finding in (IncidentStatus.CONFIRMED, IncidentStatus.UNFOUNDED)
        if with_finding and not row.raw("concluded_on"):
            row.problem("concluded_on", _("A confirmed or unfounded incident needs the day of the finding."))
        if finding and not with_finding and row.raw("concluded_on"):
            row.problem("concluded_on", _("An incident without a finding has no conclusion date; leave it empty."))
        if finding and finding != IncidentStatus.CONFIRMED:
            for key in ("sanctions", "heads"):
                if row.raw(key):
                    row.problem(key, _("Sanctions are recorded once the retaliation is confirmed."))
        if day and occurred_on and occurred_on > day:
            row.problem("occurred_on", _("It happened after it was reported."))
        for key, value in (("concluded_on", concluded_on), ("sanctioned_on", sanctioned_on), ("heads_on", heads_on)):
            if day and value and value < day:
                row.problem(key, _("This is before the incident was reported."))
        if not row.ok:
            return None
        return IncidentRow(
            line=row.line,
            day=day,
            unit=unit,
            forms=[form for form in RetaliationForm.values if form in forms],
            occurred_on=occurred_on or day,
            finding=finding,
            concluded_on=concluded_on,
            sanctions=sanctions,
            sanctioned_on=sanctioned_on,
            heads=heads,
            heads_on=heads_on,
            summary=summary,
        )

    @staticmethod
    def dates_of(parsed: IncidentRow) -> tuple[datetime.date, datetime.date]:
        days = [day for day in (parsed.concluded_on, parsed.sanctioned_on, parsed.heads_on) if day]
        return parsed.occurred_on, max([parsed.day, *days])

    def create(self, parsed: IncidentRow, *, actor, batch, cache: dict) -> list:
        note = vietnamese(HISTORICAL_NOTE)
        incident = Incident.objects.create(
            reference=uuid.uuid4().hex[:20],
            unit=parsed.unit,
            source=IncidentSource.STAFF,
            forms=parsed.forms,
            occurred_on=parsed.occurred_on,
            reported_on=parsed.day,
            description=parsed.summary or note,
            status=parsed.finding,
            finding=note if parsed.concluded_on else "",
            concluded_on=parsed.concluded_on,
            recorded_by=actor,
        )
        incident.reference = f"TT-LS-{parsed.day.year}-{incident.pk:06d}"
        incident.save(update_fields=["reference"])
        sanctions = [
            Sanction.objects.create(
                incident=incident,
                kind=kind,
                form=vietnamese(SanctionKind(kind).label)[:200],
                decided_by=note[:255],
                decided_on=parsed.sanctioned_on,
                recorded_by=actor,
            )
            for kind in parsed.sanctions
        ]
        heads = [
            HeadAccountability.objects.create(
                incident=incident,
                name=vietnamese(UNNAMED_HEAD),
                position=vietnamese(HEAD_POSITION),
                unit_text=parsed.unit.name[:255],
                form=form,
                form_detail=note[:200] if form == DisciplineForm.OTHER else "",
                decided_by=note[:255],
                decided_on=parsed.heads_on,
                recorded_by=actor,
            )
            for form in parsed.heads
        ]
        return [incident, *sanctions, *heads]
