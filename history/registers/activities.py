"""Past registers of the programme's activities: documents issued, dissemination events, inspections
and supervision. Each row becomes the ``programme`` record a live entry makes, so that
``programme.stats`` (Appendix 1 of the Directive 27 review, Appendices 1, 3 and 4 of the Regulation
11 review) counts it.

The reviews count what concerns a text (Directive 27-CT/TW, Regulation 11-QĐi/TW) down its chain of
implementing texts; a row names those texts by their numbers. A number is looked up among the texts
that apply to the row's unit: national texts and texts of the unit or of a unit above it (the
nearest wins). A document may implement a text of an earlier row of the same file.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from baove.lib.text import fold
from history.registers.base import SUMMARY_LENGTH, UNIT_COLUMN, Context, Register
from history.tabular import Column, Row, choice_lookup, short
from org.models import Unit
from programme.models import (
    ActivityKind,
    Basis,
    BodyKind,
    Dissemination,
    DisseminationForm,
    Document,
    DocumentKind,
    Inspection,
    document_path,
)

TEXTS_HELP = gettext_lazy(
    "Required. The numbers of the texts concerned, e.g. 27-CT/TW or the number of a plan implementing it, "
    "separated by semicolons."
)
OPTIONAL_COUNT = gettext_lazy("Optional. A whole number; 0 if empty.")
REQUIRED_DATE = gettext_lazy("Required. dd/mm/yyyy.")
REQUIRED_CHOICE = gettext_lazy("Required. A code or name below.")


def _lookup_texts(row: Row, key: str, unit: Unit | None, context: Context, *, required: bool) -> list:
    """The texts a cell names (each a ``Document``, or the number of an earlier row of the file)."""
    value = row.raw(key)
    if not value:
        if required:
            row.problem(key, _("This column must not be empty."))
        return []
    found = []
    for number in (part.strip() for part in value.replace("|", ";").split(";")):
        if not number:
            continue
        text = resolve_text(number, unit, context)
        if text is None:
            row.problem(key, _("No text numbered “%(number)s” applies to this unit.") % {"number": short(number)})
        elif text == "ambiguous":
            row.problem(
                key,
                _("Several texts numbered “%(number)s” apply to this unit; record the activity by hand.")
                % {"number": short(number)},
            )
        else:
            found.append(text)
    return found


def resolve_text(number: str, unit: Unit | None, context: Context):
    """A Document, the folded number of an earlier row of the file, None, or "ambiguous"."""
    folded = fold(number)
    if folded in context.cache.get("file_numbers", {}):
        return folded
    candidates = [
        document
        for document in Document.objects.filter(number__iexact=number).select_related("unit")
        if document.unit_id is None or (unit is not None and document.unit_id in unit.chain_ids)
    ]
    if not candidates:
        return None
    nearest = max(candidates, key=lambda document: document.unit.depth if document.unit_id else -1)
    closest = [d for d in candidates if d.unit_id == nearest.unit_id]
    return nearest if len(closest) == 1 else "ambiguous"


def _concerning(texts: list, cache: dict) -> list[Document]:
    return [cache["documents"][text] if isinstance(text, str) else text for text in texts]


# Documents issued


DOCUMENT_KINDS = choice_lookup(
    DocumentKind.choices,
    **{"ke hoach": DocumentKind.PLAN, "chi thi": DocumentKind.DIRECTIVE, "huong dan": "instruction"},
)
DOCUMENT_COLUMNS = (
    Column(
        "issued_on",
        pgettext_lazy("import column", "Issued on"),
        required=True,
        help=gettext_lazy("Required. dd/mm/yyyy."),
    ),
    UNIT_COLUMN,
    Column(
        "kind",
        pgettext_lazy("import column", "Kind of text"),
        required=True,
        help=gettext_lazy("Required. A code or name below."),
    ),
    Column(
        "number",
        pgettext_lazy("import column", "Document number"),
        required=True,
        help=gettext_lazy("Required. As printed, e.g. 80-KH/TU."),
    ),
    Column("title", pgettext_lazy("import column", "Title"), required=True, help=gettext_lazy("Required.")),
    Column(
        "implements",
        pgettext_lazy("import column", "Implements"),
        help=gettext_lazy(
            "Optional. The number of the text it implements (e.g. 27-CT/TW, or a plan of a unit above, or of an "
            "earlier row of the file)."
        ),
    ),
    Column(
        "is_party",
        pgettext_lazy("import column", "Party document"),
        help=gettext_lazy("Optional. có or không; có by default."),
    ),
    Column(
        "is_legal_normative",
        pgettext_lazy("import column", "Legal normative document"),
        help=gettext_lazy("Optional. có or không; không by default."),
    ),
    Column(
        "issuer_name",
        pgettext_lazy("import column", "Issuing body"),
        help=gettext_lazy("Optional. The issuing body when it is not the unit itself."),
    ),
    Column("summary", pgettext_lazy("import column", "Summary"), help=gettext_lazy("Optional.")),
)


@dataclass
class DocumentRow:
    line: int
    day: datetime.date
    unit: Unit
    kind: str
    number: str
    title: str
    implements: object
    is_party: bool
    is_legal_normative: bool
    issuer_name: str
    summary: str


class DocumentRegister(Register):
    kind = "documents"
    columns = DOCUMENT_COLUMNS
    intro = gettext_lazy(
        "One row per document issued before the system was used to lead and direct the implementation (plans, "
        "directives, guidance, reports…), with the text it implements."
    )
    choice_tables = ((gettext_lazy("Kinds of text"), DocumentKind.choices),)

    def example_rows(self, unit_code: str) -> list[list[str]]:
        return [
            ["12/03/2019", unit_code, "Kế hoạch", "45-KH/LS", "Kế hoạch thực hiện Chỉ thị 27-CT/TW", "27-CT/TW",
             "có", "không", "", ""],
            ["20/04/2019", unit_code, "instruction", "12-HD/LS", "Hướng dẫn thực hiện Kế hoạch 45-KH/LS", "45-KH/LS",
             "có", "", "", ""],
        ]  # fmt: skip

    def parse(self, row: Row, context: Context) -> DocumentRow | None:
        day = row.date("issued_on", today=context.today)
        unit = context.unit(row, on=day)
        kind = row.choice("kind", DOCUMENT_KINDS)
        number = row.text("number", max_length=Document._meta.get_field("number").max_length)
        title = row.text("title", max_length=Document._meta.get_field("title").max_length)
        implements = _lookup_texts(row, "implements", unit, context, required=False)
        if len(implements) > 1:
            row.problem("implements", _("A text implements one text only."))
        is_party = row.boolean("is_party", default=True)
        is_legal_normative = row.boolean("is_legal_normative")
        issuer_name = row.text("issuer_name", max_length=Document._meta.get_field("issuer_name").max_length)
        summary = row.text("summary", max_length=SUMMARY_LENGTH)
        numbers = context.cache.setdefault("file_numbers", {})
        if number and day and unit:
            same = Document.objects.filter(number__iexact=number, issued_on=day)
            same = (
                same.filter(issuer__isnull=True, issuer_name__iexact=issuer_name)
                if issuer_name
                else same.filter(issuer=unit)
            )
            if same.exists():
                row.problem("number", _("This document is already recorded."))
            if fold(number) in numbers:
                row.problem(
                    "number",
                    _("This number is already on line %(line)d of the file.") % {"line": numbers[fold(number)]},
                )
        if not row.ok:
            return None
        numbers[fold(number)] = row.line
        return DocumentRow(
            row.line, day, unit, kind, number, title, implements[0] if implements else None, is_party,
            is_legal_normative, issuer_name, summary,
        )  # fmt: skip

    def create(self, parsed: DocumentRow, *, actor, batch, cache: dict) -> list:
        documents = cache.setdefault("documents", {})
        implements = _concerning([parsed.implements], cache)[0] if parsed.implements is not None else None
        document = Document(
            kind=parsed.kind,
            number=parsed.number,
            issued_on=parsed.day,
            issuer=None if parsed.issuer_name else parsed.unit,
            issuer_name=parsed.issuer_name,
            is_party=parsed.is_party,
            is_legal_normative=parsed.is_legal_normative,
            title=parsed.title,
            summary=parsed.summary,
            implements=implements,
            unit=parsed.unit,
            recorded_by=actor,
        )
        issuer = parsed.issuer_name or parsed.unit.name
        document.search_text = fold(f"{document.number} {document.title} {document.summary} {issuer}")
        document.save()
        document.path = document_path(implements.path if implements else None, document.pk)
        document.depth = implements.depth + 1 if implements else 0
        document.save(update_fields=["path", "depth"])
        documents[fold(parsed.number)] = document
        return [document]


# Dissemination events


FORMS = choice_lookup(DisseminationForm.choices, **{"hoi nghi": DisseminationForm.CONFERENCE})
DISSEMINATION_COLUMNS = (
    Column(
        "held_on", pgettext_lazy("import column", "Held on"), required=True, help=gettext_lazy("Required. dd/mm/yyyy.")
    ),
    UNIT_COLUMN,
    Column(
        "form",
        pgettext_lazy("import column", "Form of dissemination"),
        required=True,
        help=gettext_lazy("Required. A code or name below."),
    ),
    Column("title", pgettext_lazy("import column", "Title"), required=True, help=gettext_lazy("Required.")),
    Column("concerning", pgettext_lazy("import column", "Texts disseminated"), required=True, help=TEXTS_HELP),
    Column("sessions", pgettext_lazy("import column", "Sessions"), help=gettext_lazy("Optional. 1 if empty.")),
    Column("participants", pgettext_lazy("import column", "Participants"), help=OPTIONAL_COUNT),
    Column("materials", pgettext_lazy("import column", "Materials issued"), help=OPTIONAL_COUNT),
    Column(
        "organised_by_committee",
        pgettext_lazy("import column", "Organised by the Party committee"),
        help=gettext_lazy("Optional. có if the Party committee itself organised it; không by default."),
    ),
    Column("note", pgettext_lazy("import column", "Note"), help=gettext_lazy("Optional.")),
)


@dataclass
class DisseminationRow:
    line: int
    day: datetime.date
    unit: Unit
    form: str
    title: str
    concerning: list = field(default_factory=list)
    sessions: int = 1
    participants: int = 0
    materials: int = 0
    organised_by_committee: bool = False
    note: str = ""


class DisseminationRegister(Register):
    kind = "dissemination"
    columns = DISSEMINATION_COLUMNS
    intro = gettext_lazy(
        "One row per conference, training course or other dissemination event held before the system was used, "
        "with the texts disseminated."
    )
    choice_tables = ((gettext_lazy("Forms of dissemination"), DisseminationForm.choices),)

    def example_rows(self, unit_code: str) -> list[list[str]]:
        return [
            ["25/04/2019", unit_code, "Hội nghị", "Hội nghị quán triệt Chỉ thị 27-CT/TW", "27-CT/TW", "1", "120",
             "150", "có", ""],
            ["10/09/2021", unit_code, "training", "Tập huấn Quy định 11-QĐi/TW", "11-QĐi/TW", "2", "80", "80", "",
             ""],
        ]  # fmt: skip

    def parse(self, row: Row, context: Context) -> DisseminationRow | None:
        day = row.date("held_on", today=context.today)
        unit = context.unit(row, on=day)
        parsed = DisseminationRow(
            line=row.line,
            day=day,
            unit=unit,
            form=row.choice("form", FORMS),
            title=row.text("title", max_length=Dissemination._meta.get_field("title").max_length),
            concerning=_lookup_texts(row, "concerning", unit, context, required=True),
            sessions=row.integer("sessions", minimum=1, default=1),
            participants=row.integer("participants"),
            materials=row.integer("materials"),
            organised_by_committee=row.boolean("organised_by_committee"),
            note=row.text("note", max_length=SUMMARY_LENGTH),
        )
        return parsed if row.ok else None

    def create(self, parsed: DisseminationRow, *, actor, batch, cache: dict) -> list:
        event = Dissemination.objects.create(
            unit=parsed.unit,
            held_on=parsed.day,
            form=parsed.form,
            title=parsed.title,
            sessions=parsed.sessions,
            participants=parsed.participants,
            materials=parsed.materials,
            organised_by_committee=parsed.organised_by_committee,
            note=parsed.note,
            recorded_by=actor,
            search_text=fold(f"{parsed.title} {parsed.note} {parsed.unit.name}"),
        )
        event.concerning.set(_concerning(parsed.concerning, cache))
        return [event]


# Inspections and supervision


BODY_KINDS = choice_lookup(BodyKind.choices)
ACTIVITY_KINDS = choice_lookup(ActivityKind.choices, **{"kiem tra": "inspection", "giam sat": "supervision"})
BASES = choice_lookup(Basis.choices, **{"theo ke hoach": Basis.PLANNED, "dot xuat": Basis.AD_HOC})
INSPECTION_COLUMNS = (
    Column(
        "started_on",
        pgettext_lazy("import column", "Started on"),
        required=True,
        help=gettext_lazy("Required. dd/mm/yyyy."),
    ),
    Column("ended_on", pgettext_lazy("import column", "Ended on"), help=gettext_lazy("Optional. dd/mm/yyyy.")),
    Column(
        "unit_code",
        pgettext_lazy("import column", "Conducted by (unit code)"),
        required=True,
        help=gettext_lazy("Required. The code of the unit that conducted it, among the units you may import for."),
    ),
    Column(
        "body_kind",
        pgettext_lazy("import column", "Kind of body"),
        required=True,
        help=gettext_lazy("Required. A code or name below."),
    ),
    Column(
        "activity_kind",
        pgettext_lazy("import column", "Activity"),
        required=True,
        help=gettext_lazy("Required. inspection (kiểm tra), supervision (giám sát), state_inspection or audit."),
    ),
    Column(
        "basis",
        pgettext_lazy("import column", "Planned or ad hoc"),
        help=gettext_lazy("Optional. planned (theo kế hoạch) or ad_hoc (đột xuất); planned by default."),
    ),
    Column("title", pgettext_lazy("import column", "Title"), required=True, help=gettext_lazy("Required.")),
    Column(
        "concerning",
        pgettext_lazy("import column", "Texts whose implementation is checked"),
        required=True,
        help=TEXTS_HELP,
    ),
    Column(
        "units_covered",
        pgettext_lazy("import column", "Units covered"),
        help=gettext_lazy("Optional. The codes of the units of the system covered, separated by semicolons."),
    ),
    Column("other_units_count", pgettext_lazy("import column", "Other bodies covered"), help=OPTIONAL_COUNT),
    Column("heads_disciplined", pgettext_lazy("import column", "Number of heads disciplined"), help=OPTIONAL_COUNT),
    Column(
        "heads_not_disciplined", pgettext_lazy("import column", "Number of heads not disciplined"), help=OPTIONAL_COUNT
    ),
    Column("sanctions_proposed", pgettext_lazy("import column", "Sanctions proposed"), help=OPTIONAL_COUNT),
    Column("sanctions_applied", pgettext_lazy("import column", "Sanctions applied"), help=OPTIONAL_COUNT),
    Column("findings", pgettext_lazy("import column", "Findings"), help=gettext_lazy("Optional.")),
)
INSPECTION_COUNTS = (
    "other_units_count",
    "heads_disciplined",
    "heads_not_disciplined",
    "sanctions_proposed",
    "sanctions_applied",
)


@dataclass
class InspectionRow:
    line: int
    day: datetime.date
    ended_on: datetime.date | None
    unit: Unit
    body_kind: str
    activity_kind: str
    basis: str
    title: str
    concerning: list
    units_covered: list
    counts: dict
    findings: str


class InspectionRegister(Register):
    kind = "inspections"
    columns = INSPECTION_COLUMNS
    intro = gettext_lazy(
        "One row per inspection, supervision, state inspection or audit carried out before the system was used, "
        "with the texts whose implementation it checked and the units it covered."
    )
    choice_tables = (
        (gettext_lazy("Kinds of body"), BodyKind.choices),
        (gettext_lazy("Activities"), ActivityKind.choices),
        (gettext_lazy("Planned or ad hoc"), Basis.choices),
    )

    def example_rows(self, unit_code: str) -> list[list[str]]:
        return [
            ["05/06/2020", "30/06/2020", unit_code, "inspection_commission", "Kiểm tra", "theo kế hoạch",
             "Kiểm tra việc thực hiện Chỉ thị 27-CT/TW", "27-CT/TW", "", "3", "0", "0", "1", "1", ""],
        ]  # fmt: skip

    @staticmethod
    def dates_of(parsed: InspectionRow) -> tuple[datetime.date, datetime.date]:
        return parsed.day, parsed.ended_on or parsed.day

    def parse(self, row: Row, context: Context) -> InspectionRow | None:
        day = row.date("started_on", today=context.today)
        ended_on = row.date("ended_on", today=context.today)
        unit = context.unit(row, on=day)
        if day and ended_on and ended_on < day:
            row.problem("ended_on", _("It ends before it starts."))
        covered = []
        all_units = context.cache.setdefault("all_units", None)
        for code in (part.strip() for part in row.raw("units_covered").replace("|", ";").split(";")):
            if not code:
                continue
            if all_units is None:
                all_units = context.cache["all_units"] = {u.code.casefold(): u for u in Unit.objects.all()}
            if code.casefold() not in all_units:
                row.problem("units_covered", _("No unit has code “%(code)s”.") % {"code": short(code)})
            else:
                covered.append(all_units[code.casefold()])
        parsed = InspectionRow(
            line=row.line,
            day=day,
            ended_on=ended_on,
            unit=unit,
            body_kind=row.choice("body_kind", BODY_KINDS),
            activity_kind=row.choice("activity_kind", ACTIVITY_KINDS),
            basis=row.choice("basis", BASES) or Basis.PLANNED,
            title=row.text("title", max_length=Inspection._meta.get_field("title").max_length),
            concerning=_lookup_texts(row, "concerning", unit, context, required=True),
            units_covered=covered,
            counts={key: row.integer(key) for key in INSPECTION_COUNTS},
            findings=row.text("findings", max_length=SUMMARY_LENGTH),
        )
        return parsed if row.ok else None

    def create(self, parsed: InspectionRow, *, actor, batch, cache: dict) -> list:
        inspection = Inspection.objects.create(
            unit=parsed.unit,
            body_kind=parsed.body_kind,
            activity_kind=parsed.activity_kind,
            basis=parsed.basis,
            started_on=parsed.day,
            ended_on=parsed.ended_on,
            title=parsed.title,
            findings=parsed.findings,
            recorded_by=actor,
            search_text=fold(f"{parsed.title} {parsed.findings} {parsed.unit.name}"),
            **parsed.counts,
        )
        inspection.concerning.set(_concerning(parsed.concerning, cache))
        inspection.units_covered.set(parsed.units_covered)
        return [inspection]
