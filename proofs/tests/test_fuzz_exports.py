"""Hostile text through the official report renderers (Excel and Word) and the list exports.

A filled report whose every text is drawn from the hostile strategies must render; the workbook
must open again with no formula anywhere (no cell of type "f", no <f> element in any sheet) and
hold each text as typed, minus the characters a spreadsheet cannot hold; the Word document must
open again with python-docx and hold each text, with no field but the page number.
"""

import io
import re
import zipfile

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from baove.lib.xlsx import NOT_IN_A_SHEET, workbook_bytes
from exports import layout
from exports.docx import render_docx
from exports.xlsx import render_xlsx
from proofs import strategies as hostile
from proofs.tests.conftest import proof
from reporting.document import (
    Contribution,
    FilledAppendix,
    FilledCell,
    FilledField,
    FilledReport,
    FilledSection,
)

text = hostile.hostile_text(max_parts=5)
line = hostile.hostile_line(max_parts=3)
numbers = st.one_of(st.none(), st.integers(-(10**12), 10**12))


@st.composite
def fields(draw):
    if draw(st.booleans()):
        return FilledField(
            id=None,
            kind="figure",
            label=draw(line),
            figure_key=draw(st.sampled_from(["", "cases.received"])),
            value=draw(numbers),
            computed=draw(numbers),
            note=draw(text),
        )
    contributions = draw(st.lists(st.builds(Contribution, unit_name=line, text=text), max_size=2))
    return FilledField(id=None, kind="narrative", label=draw(line), text=draw(text), contributions=contributions)


@st.composite
def sections(draw, depth: int = 0):
    children = draw(st.lists(sections(depth + 1), max_size=1)) if depth < 1 else []
    return FilledSection(
        id=None,
        number=draw(line),
        heading=draw(line),
        guidance=draw(text),
        fields=draw(st.lists(fields(), min_size=1, max_size=3)),
        children=children,
    )


@st.composite
def cells(draw):
    manual = draw(st.booleans())
    return FilledCell(
        text=draw(text),
        colspan=draw(st.integers(1, 3)),
        rowspan=draw(st.integers(1, 3)),
        italic=draw(st.booleans()),
        bold=draw(st.booleans()),
        manual=manual,
        figure_key=draw(st.sampled_from(["", "cases.received"])) if not manual else "",
        value=draw(numbers),
        computed=draw(numbers),
        note=draw(text),
        emphasis=draw(st.lists(line, max_size=2)),
    )


appendices = st.builds(
    FilledAppendix,
    id=st.none(),
    number=line,
    title=text,
    header=st.lists(st.lists(cells(), min_size=1, max_size=3), min_size=1, max_size=2),
    rows=st.lists(st.lists(cells(), min_size=1, max_size=4), max_size=3),
)
reports = st.builds(
    FilledReport,
    template_name=line,
    title=line,
    style=st.sampled_from(["party", "state"]),
    unit_name=line,
    parent_unit_name=line,
    date_from=st.one_of(st.none(), st.dates()),
    date_to=st.one_of(st.none(), st.dates()),
    number=line,
    place=line,
    signed_on=st.one_of(st.none(), st.dates()),
    signer_title=text,
    signer_name=line,
    recipients=st.lists(line, max_size=3),
    notes=text,
    sections=st.lists(sections(), min_size=1, max_size=2),
    appendices=st.lists(appendices, max_size=2),
)


def _same(value: str) -> str:
    """A text as a file gives it back: line ends become \\n (XML normalises them)."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _narratives(report: FilledReport) -> list[str]:
    out = []
    for _section, field in layout.narrative_fields(report):
        out.append(field.text)
        out.extend(contribution.text for contribution in field.contributions)
    return out


def _appendix_texts(report: FilledReport) -> list[str]:
    return [
        cell.text
        for appendix in report.appendices
        for row in appendix.header + appendix.rows
        for cell in row
        if not cell.is_number
    ]


@proof()
@given(report=reports)
def test_a_workbook_never_holds_a_formula_and_keeps_every_text(report):
    data = render_xlsx(report)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >/]", archive.read(name)), f"a formula in {name}"
    workbook = load_workbook(io.BytesIO(data))
    values = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    values.add(_same(cell.value))
    for typed in _narratives(report) + _appendix_texts(report):
        kept = layout.clean(typed)
        if kept.strip():
            assert _same(kept[:32_767]) in values, f"{typed!r} is missing from the workbook"


def _document_text(document) -> str:
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(parts)


@proof()
@given(report=reports)
def test_a_word_document_opens_again_holds_every_text_and_no_field_of_ours(report):
    data = render_docx(report)

    document = Document(io.BytesIO(data))
    everything = _document_text(document)
    for typed in _narratives(report) + _appendix_texts(report) + [report.notes]:
        for paragraph in layout.paragraphs(typed):
            assert paragraph in everything, f"{paragraph!r} is missing from the document"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml")
        headers = b"".join(archive.read(name) for name in archive.namelist() if name.startswith("word/header"))
    assert b"instrText" not in body and b"fldSimple" not in body and b"fldChar" not in body
    assert headers.count(b"<w:fldSimple") <= 1


@proof()
@given(header=st.lists(line, min_size=1, max_size=3), rows=st.lists(st.lists(text, min_size=1, max_size=3), max_size=4))
def test_a_list_export_keeps_hostile_text_as_text(header, rows):
    """``baove.lib.xlsx``: every list's Excel download (units, sessions, visits, plans …)."""
    workbook = load_workbook(io.BytesIO(workbook_bytes("Danh sách", header, rows)))
    sheet = workbook.active
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            assert cell.data_type != "f"
            assert _same(cell.value or "") == _same(NOT_IN_A_SHEET.sub("", value))


@pytest.mark.parametrize("formula", hostile.FORMULAS)
def test_formulas_in_a_report_stay_text_a_person_can_see(formula):
    report = FilledReport(
        template_name="Mẫu",
        title=formula,
        style="state",
        unit_name=formula,
        sections=[
            FilledSection(
                id=None, number="I.", heading="Kết quả", fields=[FilledField(None, "narrative", formula, text=formula)]
            )
        ],
    )
    sheet = load_workbook(io.BytesIO(render_xlsx(report)))["Thuyết minh"]
    texts = {cell.value for row in sheet.iter_rows() for cell in row}
    assert formula.replace("\r", "\n") in {_same(value) for value in texts if isinstance(value, str)}
