"""The past register of citizen reception: one row per session held, with the counts of what it received.

Each row becomes a held ``reception.ReceptionSession`` and one ``Visit`` per case received or
refused, so that ``reception.stats`` (Appendix 2 of the Regulation 11 review) counts them as live
sessions. The register gives counts, not cases, so the visits are laid out from the counts:

- the mass delegations first (their people shared out among them, at least the legal minimum each),
  then one visit per individual, then the refused visits;
- the received visits take, in that order, the competence and outcome of the columns "handled, no
  further feedback", "handled, still pursued", "being handled", "handling directed" and "guided",
  whose sum must equal the visits received;
- the first received visits are flagged complex or prolonged, as many as the register says.

The rows of Appendix 2 that cross two counts (a directed case that is also a delegation) follow from
that layout, not from the register; where they matter, enter them as aggregate figures instead.
No visitor is named; each visit's summary says it came from a register.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, pgettext_lazy

from baove.lib.text import fold
from history.registers.base import HISTORICAL_NOTE, UNIT_COLUMN, Context, Register, vietnamese
from history.tabular import Column, Row, choice_lookup
from org.models import Unit
from reception.models import (
    Competence,
    MatterKind,
    Outcome,
    ReceptionSession,
    SessionKind,
    SessionStatus,
    Visit,
    VisitKind,
)
from reception.services import delegation_min_people

HOST_HEAD = gettext_noop("Head of the unit")
HOST_DELEGATE = gettext_noop("Person delegated by the head")
KINDS = choice_lookup(SessionKind.choices, **{"dinh ky": SessionKind.SCHEDULED, "dot xuat": SessionKind.AD_HOC})

# The columns that share out the received visits, in the order they are given to them.
SPLIT = (
    ("handled_closed", Competence.HANDLE, Outcome.RESOLVED_CLOSED),
    ("handled_continuing", Competence.HANDLE, Outcome.RESOLVED_CONTINUING),
    ("in_progress", Competence.HANDLE, Outcome.IN_PROGRESS),
    ("directed", Competence.DIRECT, Outcome.IN_PROGRESS),
    ("guided", Competence.NOT_COMPETENT, Outcome.RESOLVED_CLOSED),
)


OPTIONAL_COUNT = gettext_lazy("Optional. A whole number; 0 if empty.")
COLUMNS = (
    Column("date", pgettext_lazy("import column", "Date"), required=True, help=gettext_lazy("Required. dd/mm/yyyy.")),
    UNIT_COLUMN,
    Column(
        "kind",
        pgettext_lazy("import column", "Kind of session"),
        required=True,
        help=gettext_lazy("Required. scheduled (định kỳ) or ad_hoc (đột xuất)."),
    ),
    Column(
        "hosted_by_head",
        pgettext_lazy("import column", "Head hosted in person"),
        help=gettext_lazy("Optional. có if the head of the unit received citizens in person; có by default."),
    ),
    Column("individuals", pgettext_lazy("import column", "Individuals received"), help=OPTIONAL_COUNT),
    Column("delegations", pgettext_lazy("import column", "Mass delegations received"), help=OPTIONAL_COUNT),
    Column(
        "delegation_people",
        pgettext_lazy("import column", "People in the delegations"),
        help=gettext_lazy("Required when there are delegations: their people in all."),
    ),
    Column("refused", pgettext_lazy("import column", "Cases refused"), help=OPTIONAL_COUNT),
    Column(
        "complex",
        pgettext_lazy("import column", "Complex or prolonged cases"),
        help=gettext_lazy("Optional. Of the cases received; 0 if empty."),
    ),
    Column(
        "handled_closed",
        pgettext_lazy("import column", "Handled, no further feedback"),
        help=gettext_lazy(
            "The cases received are shared out among this column and the four next; their sum is the number of "
            "cases received (individuals and delegations)."
        ),
    ),
    Column("handled_continuing", pgettext_lazy("import column", "Handled, still pursued"), help=OPTIONAL_COUNT),
    Column("in_progress", pgettext_lazy("import column", "Being handled"), help=OPTIONAL_COUNT),
    Column("directed", pgettext_lazy("import column", "Handling directed"), help=OPTIONAL_COUNT),
    Column("guided", pgettext_lazy("import column", "Guided to the competent body"), help=OPTIONAL_COUNT),
)


@dataclass
class SessionRow:
    line: int
    day: datetime.date
    unit: Unit
    kind: str
    hosted_by_head: bool
    individuals: int
    delegations: int
    delegation_people: int
    refused: int
    complex: int
    split: dict


class ReceptionRegister(Register):
    kind = "reception"
    columns = COLUMNS
    intro = gettext_lazy(
        "One row per citizen reception session held before the system was used, with the number of people, "
        "delegations and cases it received, and how the cases were handled. No visitor's name."
    )
    choice_tables = ((gettext_lazy("Kind of session"), SessionKind.choices),)

    def example_rows(self, unit_code: str) -> list[list[str]]:
        return [
            ["15/01/2020", unit_code, "Định kỳ", "có", "6", "1", "12", "1", "2", "3", "1", "2", "1", "0"],
            ["04/03/2021", unit_code, "ad_hoc", "không", "2", "", "", "", "", "", "", "", "", "2"],
        ]

    def parse(self, row: Row, context: Context) -> SessionRow | None:
        day = row.date("date", today=context.today)
        unit = context.unit(row, on=day)
        kind = row.choice("kind", KINDS)
        hosted_by_head = row.boolean("hosted_by_head", default=True)
        counts = {
            key: row.integer(key)
            for key in ("individuals", "delegations", "delegation_people", "refused", "complex")
            + tuple(column for column, _competence, _outcome in SPLIT)
        }
        if not row.ok:
            return None
        received = counts["individuals"] + counts["delegations"]
        minimum = delegation_min_people()
        if counts["delegations"] and counts["delegation_people"] < counts["delegations"] * minimum:
            row.problem(
                "delegation_people",
                _("%(delegations)d delegations have at least %(people)d people (%(minimum)d each).")
                % {"delegations": counts["delegations"], "people": counts["delegations"] * minimum, "minimum": minimum},
            )
        if not counts["delegations"] and counts["delegation_people"]:
            row.problem("delegation_people", _("There are people in delegations but no delegation."))
        if counts["complex"] > received:
            row.problem("complex", _("More complex cases than cases received (%(received)d).") % {"received": received})
        shared = sum(counts[column] for column, _competence, _outcome in SPLIT)
        if shared != received:
            row.problem(
                "handled_closed",
                _("The cases by handling add up to %(shared)d, but %(received)d cases were received.")
                % {"shared": shared, "received": received},
            )
        if not received and not counts["refused"]:
            row.problem("individuals", _("The session received nobody: leave it out of the register."))
        if not row.ok:
            return None
        return SessionRow(
            line=row.line,
            day=day,
            unit=unit,
            kind=kind,
            hosted_by_head=hosted_by_head,
            individuals=counts["individuals"],
            delegations=counts["delegations"],
            delegation_people=counts["delegation_people"],
            refused=counts["refused"],
            complex=counts["complex"],
            split={column: counts[column] for column, _competence, _outcome in SPLIT},
        )

    def create(self, parsed: SessionRow, *, actor, batch, cache: dict) -> list:
        note = vietnamese(HISTORICAL_NOTE)
        session = ReceptionSession(
            unit=parsed.unit,
            kind=parsed.kind,
            date=parsed.day,
            place=parsed.unit.name[:255],
            host_title=vietnamese(HOST_HEAD if parsed.hosted_by_head else HOST_DELEGATE),
            hosted_by_head=parsed.hosted_by_head,
            delegated_reason="" if parsed.hosted_by_head else note,
            status=SessionStatus.HELD,
            notes=note,
        )
        session.search_text = fold(" ".join((parsed.unit.name, session.place, session.host_title, session.notes)))
        session.save()
        sizes = _delegation_sizes(parsed.delegations, parsed.delegation_people)
        received = [(VisitKind.DELEGATION, size) for size in sizes] + [(VisitKind.INDIVIDUAL, 1)] * parsed.individuals
        handling = [(competence, outcome) for column, competence, outcome in SPLIT for _ in range(parsed.split[column])]
        visits = [
            Visit(
                session=session,
                kind=kind,
                headcount=size,
                matter_kind=MatterKind.FEEDBACK,
                summary=note,
                complex_prolonged=index < parsed.complex,
                competence=handling[index][0],
                outcome=handling[index][1],
            )
            for index, (kind, size) in enumerate(received)
        ]
        visits += [
            Visit(session=session, matter_kind=MatterKind.FEEDBACK, summary=note, refused=True, refusal_reason=note)
            for _ in range(parsed.refused)
        ]
        created = Visit.objects.bulk_create(visits)
        return [session, *created]


def _delegation_sizes(delegations: int, people: int) -> list[int]:
    """``people`` shared out among ``delegations`` as evenly as possible."""
    if not delegations:
        return []
    base, extra = divmod(people, delegations)
    return [base + (1 if index < extra else 0) for index in range(delegations)]
