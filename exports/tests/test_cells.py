"""What the engine may hand over beyond numbers and texts: a figure it could not compute ("?"),
words in italics inside a cell (Regulation 11, PHỤ LỤC 2), a text the unit wrote in a free-text
cell, and a list of records (PHỤ LỤC 4), drawn or not."""

import io

from django.template.loader import render_to_string
from docx import Document
from openpyxl import load_workbook

from exports import layout
from exports.docx import render_docx
from exports.pdf import render_pdf, report_context
from exports.tests.sample import make_report
from exports.tests.test_pdf import RecordingFetcher
from exports.xlsx import TABLE_FIRST_ROW, render_xlsx
from reporting.document import FilledAppendix, FilledCell

CLOSED = "Đã xử lý, giải quyết, không còn phản ánh, kiến nghị, KNTC"
CONTINUING = "Đã xử lý, giải quyết, còn phản ánh, kiến nghị, KNTC"
UNKNOWN = "Unknown figure “reception.nothing”."
NOTE = "Số liệu của xã Tân Phú đang được rà soát"


def _cell(key, **extra):
    return FilledCell(figure_key=key, key="r0c3", **extra)


def competent_appendix() -> FilledAppendix:
    """Row 7 of R11 PHỤ LỤC 2 with a "Ghi chú" column: partial italics, a figure that could not be
    computed, a free-text note."""
    header = [
        [
            FilledCell("STT"),
            FilledCell("Nội dung", colspan=2),
            FilledCell("Tổng cộng"),
            FilledCell("Ghi chú"),
        ]
    ]
    rows = [
        [
            FilledCell("7", rowspan=2),
            FilledCell("Số vụ việc thuộc thẩm quyền xử lý, giải quyết", rowspan=2),
            FilledCell(CLOSED, emphasis=["không còn"]),
            _cell("reception.nothing", error=UNKNOWN),
            FilledCell(NOTE, free_text=True, key="r0c4"),
        ],
        [
            FilledCell(CONTINUING, emphasis=["còn"]),
            _cell("reception.cases", value=12, computed=12),
            FilledCell("", free_text=True, key="r1c2"),
        ],
    ]
    return FilledAppendix(7, "PHỤ LỤC 2", "Kết quả tiếp dân", header, rows)


def documents_appendix(*, rows=None, error="") -> FilledAppendix:
    header = [
        [
            FilledCell("STT"),
            FilledCell("Cơ quan ban hành"),
            FilledCell("Số, ngày ban hành văn bản"),
            FilledCell("Khái quát nội dung văn bản"),
            FilledCell("Ghi chú"),
        ]
    ]
    texts = rows or []
    return FilledAppendix(
        8,
        "PHỤ LỤC 4",
        "Văn bản chỉ đạo thực hiện Quy định số 11-QĐi/TW",
        header,
        [[FilledCell(text, key=f"r{r}c{c}") for c, text in enumerate(row)] for r, row in enumerate(texts)],
        kind="listing",
        listing_key="r11.documents.list",
        error=error,
    )


DOCUMENTS = [
    ["1", "Tỉnh ủy Hòa Bình", "52-KH/TU, 01/05/2019", "Kế hoạch thực hiện Quy định số 11-QĐi/TW", "Kế hoạch"],
    ["2", "Sở Tài chính", "15/STC, 01/06/2021", "Triển khai Quy định số 11-QĐi/TW", "Công văn"],
]


def report_with_everything():
    report = make_report("party")
    field = report.sections[1].children[0].fields[0]
    field.value, field.computed, field.error = None, None, "The figure “cases.received” could not be computed."
    report.appendices = [
        competent_appendix(),
        documents_appendix(rows=DOCUMENTS),
        documents_appendix(error="The list “r11.documents.list” could not be drawn."),
    ]
    report.appendices[2].number = "PHỤ LỤC 5"
    return report


# The shared layout


def test_runs_cut_the_text_at_its_italic_words():
    closed, continuing = competent_appendix().rows[0][2], competent_appendix().rows[1][0]
    assert layout.cell_lines(closed) == [
        [("Đã xử lý, giải quyết, ", False), ("không còn", True), (" phản ánh, kiến nghị, KNTC", False)]
    ]
    assert [italic for _, italic in layout.cell_lines(continuing)[0]] == [False, True, False]
    assert layout.has_partial_italics(closed) and not layout.has_partial_italics(FilledCell("Định kỳ"))
    whole = FilledCell("Số cuộc hội nghị", italic=True, emphasis=["hội nghị"])
    assert layout.cell_lines(whole) == [[("Số cuộc hội nghị", True)]]
    assert layout.cell_lines(FilledCell("Dòng một\n\nDòng hai")) == [[("Dòng một", False)], [("Dòng hai", False)]]


def test_an_error_shows_a_question_mark_and_no_override_note():
    cell = _cell("x", value=None, computed=None, error=UNKNOWN)
    assert layout.cell_text(cell) == "?" and layout.cell_lines(cell) == [[("?", False)]]
    report = report_with_everything()
    assert layout.figure_line(report.sections[1].children[0].fields[0]) == "Số đơn, thư tố cáo nhận được: ?"
    assert layout.table_notes(report.appendices[0]) == []


def test_a_list_that_could_not_be_drawn_gets_one_row_of_question_marks():
    laid = layout.grid(documents_appendix(error="The list could not be drawn."))
    assert (laid.rows, laid.columns, laid.header_rows) == (2, 5, 1)
    body = [placed for placed in laid.cells if not placed.header]
    assert [(p.row, p.column, p.colspan, layout.cell_text(p.cell)) for p in body] == [(1, 0, 5, "?")]


def test_an_appendix_numbered_phu_luc_is_not_named_twice():
    appendix = documents_appendix()
    assert layout.appendix_number(appendix) == "4"
    assert layout.appendix_heading(appendix) == "PHỤ LỤC 4"
    appendix.number = "2"
    assert layout.appendix_heading(appendix) == "PHỤ LỤC 2"


# Word


def _table_rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_docx_shows_errors_italic_words_free_texts_and_lists():
    document = Document(io.BytesIO(render_docx(report_with_everything())))
    texts = [p.text for p in document.paragraphs]
    assert "Số đơn, thư tố cáo nhận được: ?" in texts
    assert texts.count("PHỤ LỤC 2") == 1 and "PHỤ LỤC PHỤ LỤC 2" not in texts
    competent, documents, failed = document.tables[-3:]
    rows = _table_rows(competent)
    assert rows[1] == ["7", "Số vụ việc thuộc thẩm quyền xử lý, giải quyết", CLOSED, "?", NOTE]
    assert rows[2] == ["7", "Số vụ việc thuộc thẩm quyền xử lý, giải quyết", CONTINUING, "12", ""]
    runs = [(run.text, bool(run.italic)) for run in competent.cell(1, 2).paragraphs[0].runs]
    assert "".join(text for text, _ in runs) == CLOSED
    assert [text for text, italic in runs if italic] == ["không còn"]
    runs = [(run.text, bool(run.italic)) for run in competent.cell(2, 2).paragraphs[0].runs]
    assert [text for text, italic in runs if italic] == ["còn"]
    assert not any(run.italic for run in competent.cell(1, 1).paragraphs[0].runs)

    assert _table_rows(documents) == [
        ["STT", "Cơ quan ban hành", "Số, ngày ban hành văn bản", "Khái quát nội dung văn bản", "Ghi chú"],
        *DOCUMENTS,
    ]
    assert _table_rows(failed)[1] == ["?"] * 5  # one merged cell across the table
    assert failed.cell(1, 0)._tc is failed.cell(1, 4)._tc


# Excel


def test_xlsx_shows_errors_italic_words_free_texts_and_lists():
    data = render_xlsx(report_with_everything())
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Số liệu", "Thuyết minh", "Phụ lục 2", "Phụ lục 4", "Phụ lục 5"]
    figures = workbook["Số liệu"]
    assert [figures.cell(row=TABLE_FIRST_ROW + 1, column=c).value for c in range(2, 5)] == [
        "Số đơn, thư tố cáo nhận được",
        "?",
        "?",
    ]
    sheet = workbook["Phụ lục 2"]
    assert sheet["A1"].value == "PHỤ LỤC 2"
    first = TABLE_FIRST_ROW + 1
    assert [sheet.cell(row=first, column=c).value for c in range(1, 6)] == [
        "7",
        "Số vụ việc thuộc thẩm quyền xử lý, giải quyết",
        CLOSED,
        "?",
        NOTE,
    ]
    assert sheet.cell(row=first + 1, column=3).value == CONTINUING
    assert sheet.cell(row=first + 1, column=4).value == 12

    # The italic words, as rich text.
    rich = load_workbook(io.BytesIO(data), rich_text=True)["Phụ lục 2"]
    value = rich.cell(row=first, column=3).value
    assert str(value) == CLOSED
    assert [block.text for block in value if not isinstance(block, str) and block.font.i] == ["không còn"]
    assert all(block.font.rFont == "Times New Roman" for block in value if not isinstance(block, str))
    value = rich.cell(row=first + 1, column=3).value
    assert [block.text for block in value if not isinstance(block, str) and block.font.i] == ["còn"]
    assert isinstance(rich.cell(row=first, column=2).value, str)  # no italics: plain text

    documents = workbook["Phụ lục 4"]
    rows = [
        [documents.cell(row=r, column=c).value for c in range(1, 6)]
        for r in range(TABLE_FIRST_ROW, TABLE_FIRST_ROW + 3)
    ]
    assert rows[1:] == DOCUMENTS
    failed = workbook["Phụ lục 5"]
    assert failed.cell(row=TABLE_FIRST_ROW + 1, column=1).value == "?"
    assert f"A{TABLE_FIRST_ROW + 1}:E{TABLE_FIRST_ROW + 1}" in {str(r) for r in failed.merged_cells.ranges}


# PDF


def test_pdf_shows_errors_italic_words_free_texts_and_lists():
    report = report_with_everything()
    html = render_to_string("exports/report_pdf.html", report_context(report))
    assert "Số đơn, thư tố cáo nhận được: ?" in html
    assert "<h2>PHỤ LỤC 2</h2>" in html and "PHỤ LỤC PHỤ LỤC" not in html
    assert '<td class="">Đã xử lý, giải quyết, <em>không còn</em> phản ánh, kiến nghị, KNTC</td>' in html
    assert '<td class="">Đã xử lý, giải quyết, <em>còn</em> phản ánh, kiến nghị, KNTC</td>' in html
    assert '<td class="number">?</td>' in html
    assert f'<td class="">{NOTE}</td>' in html
    assert '<td class="">Kế hoạch thực hiện Quy định số 11-QĐi/TW</td>' in html
    assert '<td colspan="5" class="c">?</td>' in html
    fetcher = RecordingFetcher()
    assert render_pdf(report, url_fetcher=fetcher).startswith(b"%PDF-")
    assert fetcher.urls == []
