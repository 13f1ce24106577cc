"""End to end: each built-in template (reporting's data migration) filled by the engine for a
province and rendered to Word, Excel and PDF.

Word: every section heading of the outline, in order, and each appendix table with its header
texts where the layout puts them. Excel: one sheet per appendix, merged exactly as the layout's
spans say, with the layout's header texts. PDF: produced without fetching any URL.
"""

import datetime
import io

import pytest
from docx import Document
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from exports import layout
from exports.docx import render_docx
from exports.pdf import render_pdf
from exports.tests.test_pdf import RecordingFetcher
from exports.xlsx import TABLE_FIRST_ROW, render_xlsx
from programme.models import DocumentKind
from programme.services import REGULATION_11, document_create
from programme.stats import root_document
from reporting import engine
from reporting.models import Appendix, ReportTemplate

pytestmark = pytest.mark.django_db

BUILTIN = ["d27-review", "r11-review", "c69-review", "d27-plan-periodic"]
FROM, TO = datetime.date(2019, 1, 10), datetime.date(2023, 12, 31)
PLAN = "52-KH/TU"


@pytest.fixture
def filled(units, people):
    """``fill(code)``: the latest version of the built-in template, filled for the province; one plan
    under Regulation 11 in the window, for the list of PHỤ LỤC 4 of the Regulation 11 review."""
    document_create(
        actor=people.reporting,
        kind=DocumentKind.PLAN,
        number=PLAN,
        issued_on=datetime.date(2019, 5, 1),
        title="Kế hoạch thực hiện Quy định số 11-QĐi/TW",
        unit=units.province,
        issuer=units.province,
        implements=root_document(REGULATION_11),
    )

    def fill(code):
        template = ReportTemplate.objects.filter(code=code, is_builtin=True).order_by("-version").first()
        assert template is not None, code
        report = engine.fill(
            template,
            unit=units.province,
            date_from=FROM,
            date_to=TO,
            report_info={"number": "Số 12-BC/TU", "place": "Hòa Bình", "signed_on": datetime.date(2024, 1, 15)},
        )
        return template, report

    return fill


def _layout_cells(appendix: Appendix) -> list[dict]:
    """The template's own header cells (the JSON the seed was typed into), in order."""
    return [cell for row in (appendix.layout or {}).get("header", []) for cell in row]


@pytest.mark.parametrize("code", BUILTIN)
def test_word_has_every_heading_in_order_and_every_appendix_header(filled, code):
    template, report = filled(code)
    document = Document(io.BytesIO(render_docx(report)))
    texts = [paragraph.text for paragraph in document.paragraphs]

    headings = [layout.heading(section) for section in engine.walk(engine.structure(template).sections)]
    headings = [heading for heading in headings if heading]
    assert len(headings) >= 5
    position = 0
    for heading in headings:
        assert heading in texts[position:], f"{heading!r} missing or out of order"
        position = texts.index(heading, position) + 1

    appendices = list(template.appendices.order_by("position", "pk"))
    assert len(report.appendices) == len(appendices)
    tables = document.tables[2:]  # after the header and the signature
    assert len(tables) == len(appendices)
    position = 0
    for appendix, filled_appendix, table in zip(appendices, report.appendices, tables, strict=True):
        heading = layout.appendix_heading(filled_appendix)
        assert heading.startswith("PHỤ LỤC ") and "PHỤ LỤC PHỤ LỤC" not in heading
        position = texts.index(heading, position) + 1
        assert texts[position] == appendix.title.strip()
        laid = layout.grid(filled_appendix)
        header = [placed for placed in laid.cells if placed.header]
        assert [placed.cell.text for placed in header] == [cell["text"] for cell in _layout_cells(appendix)]
        for placed in header:
            assert table.cell(placed.row, placed.column).text == placed.cell.text.strip(), (code, appendix.number)
        assert len(table.rows) == laid.rows


@pytest.mark.parametrize("code", BUILTIN)
def test_excel_has_one_sheet_per_appendix_merged_as_the_layout(filled, code):
    template, report = filled(code)
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    appendices = list(template.appendices.order_by("position", "pk"))
    sheets = [name for name in workbook.sheetnames if name.startswith("Phụ lục")]
    assert sheets == [f"Phụ lục {layout.appendix_number(appendix)}" for appendix in report.appendices]
    assert len(sheets) == len(appendices)

    for appendix, filled_appendix, name in zip(appendices, report.appendices, sheets, strict=True):
        sheet = workbook[name]
        laid = layout.grid(filled_appendix)
        # The layout's spans, none cut: every header and body cell keeps the span the seed gives it.
        spans = [(cell.rowspan, cell.colspan) for row in filled_appendix.header + filled_appendix.rows for cell in row]
        assert [(placed.rowspan, placed.colspan) for placed in laid.cells] == spans
        json_spans = [(cell.get("rowspan", 1), cell.get("colspan", 1)) for cell in _layout_cells(appendix)]
        assert [(placed.rowspan, placed.colspan) for placed in laid.cells if placed.header] == json_spans

        last = get_column_letter(laid.columns)
        expected = {f"A{row}:{last}{row}" for row in (1, 2, 3)} if laid.columns > 1 else set()
        for placed in laid.cells:
            if placed.rowspan > 1 or placed.colspan > 1:
                top, left = TABLE_FIRST_ROW + placed.row, placed.column + 1
                expected.add(
                    f"{get_column_letter(left)}{top}:"
                    f"{get_column_letter(left + placed.colspan - 1)}{top + placed.rowspan - 1}"
                )
        assert {str(cell_range) for cell_range in sheet.merged_cells.ranges} == expected, (code, name)

        texts = [cell["text"] for cell in _layout_cells(appendix)]
        shown = [
            sheet.cell(row=TABLE_FIRST_ROW + placed.row, column=placed.column + 1).value
            for placed in laid.cells
            if placed.header
        ]
        assert shown == [text or None for text in texts], (code, name)
        assert sheet["A1"].value == layout.appendix_heading(filled_appendix)
        assert sheet["A2"].value == appendix.title


def test_the_regulation_11_list_and_italic_words_reach_every_format(filled):
    _template, report = filled("r11-review")
    listing = next(appendix for appendix in report.appendices if appendix.kind == "listing")
    assert listing.error == ""
    assert [cell.text for cell in listing.rows[0]][:3] == ["1", "Tỉnh ủy Hòa Bình", f"{PLAN}, 01/05/2019"]

    document = Document(io.BytesIO(render_docx(report)))
    table = document.tables[2 + report.appendices.index(listing)]
    assert [cell.text for cell in table.rows[1].cells][:3] == ["1", "Tỉnh ủy Hòa Bình", f"{PLAN}, 01/05/2019"]
    italic = [
        run.text
        for table in document.tables[2:]
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.italic
    ]
    assert "không còn" in italic and "còn" in italic

    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    sheet = workbook[f"Phụ lục {layout.appendix_number(listing)}"]
    assert sheet.cell(row=TABLE_FIRST_ROW + 1, column=3).value == f"{PLAN}, 01/05/2019"


@pytest.mark.parametrize("code", BUILTIN)
def test_pdf_is_produced_without_fetching_anything(filled, code):
    _template, report = filled(code)
    fetcher = RecordingFetcher()
    data = render_pdf(report, url_fetcher=fetcher)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert fetcher.urls == []
