"""The wording shared by the three formats: dates, numbers, file names, and the appendix grid."""

import datetime

import pytest

from exports import layout
from exports.tests.sample import appendix_1, appendix_2, make_report


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 6, 5), "An Giang, ngày 05 tháng 6 năm 2026"),
        (datetime.date(2026, 2, 14), "An Giang, ngày 14 tháng 02 năm 2026"),
        (datetime.date(2026, 1, 9), "An Giang, ngày 09 tháng 01 năm 2026"),
        (datetime.date(2026, 12, 31), "An Giang, ngày 31 tháng 12 năm 2026"),
        (datetime.date(2026, 3, 10), "An Giang, ngày 10 tháng 3 năm 2026"),
    ],
)
def test_date_line_pads_day_below_ten_and_january_february(day, expected):
    assert layout.date_line(make_report(signed_on=day)) == expected


def test_number_lines_of_both_styles():
    assert layout.number_line(make_report("party")) == "Số 162-KH/TU"
    assert layout.number_line(make_report("party", number="162-KH/TU")) == "Số 162-KH/TU"
    assert layout.number_line(make_report("state")) == "Số: 12/BC-UBND"
    assert layout.number_line(make_report("state", number="Số: 12/BC-UBND")) == "Số: 12/BC-UBND"
    assert (
        layout.appendix_reference(make_report("state"))
        == "(Kèm theo Báo cáo số 12/BC-UBND của Ủy ban nhân dân tỉnh An Giang)"
    )


def test_numbers_and_titles():
    assert [layout.number(v) for v in (0, 7, 1234, 1234567, None)] == ["0", "7", "1.234", "1.234.567", "…"]
    assert layout.title_lines(make_report()) == ("BÁO CÁO", "Kết quả sơ kết 05 năm thực hiện Quy định số 11-QĐi/TW")
    assert layout.title_lines(make_report(title="Tình hình tiếp dân")) == ("BÁO CÁO", "Tình hình tiếp dân")
    assert layout.window_line(make_report(date_from=None)) == "(Số liệu đến ngày 31/12/2023)"


def test_file_stem_is_ascii():
    assert layout.file_stem(make_report()) == "bao-cao-ket-qua-so-ket-05-nam-thuc-hien-quy-dinh-so-11-qdi-tw-2026-06-05"
    assert layout.file_stem(make_report(title="", signed_on=None)) == "bao-cao"


def test_control_characters_are_dropped():
    assert layout.paragraphs("Dòng một\x00\x0b\r\nDòng\x1f hai\r\r") == ["Dòng một", "Dòng hai"]


def test_grid_places_cells_under_row_and_column_spans():
    laid = layout.grid(appendix_2())
    assert (laid.rows, laid.columns, laid.header_rows) == (6, 6, 1)
    places = {(c.row, c.column): (c.cell.text or c.cell.value, c.rowspan, c.colspan) for c in laid.cells}
    assert places[(0, 1)] == ("Nội dung", 1, 2)
    assert places[(1, 0)] == ("1", 2, 1)
    assert places[(2, 2)] == ("Đột xuất", 1, 1)  # pushed right of the two cells spanning from above
    assert places[(2, 3)] == (1, 1, 1)
    assert places[(5, 1)] == ("Số đoàn đông người được tiếp", 1, 2)
    laid = layout.grid(appendix_1())
    assert (laid.rows, laid.columns, laid.header_rows) == (3, 4, 2)


def test_a_rowspan_past_the_last_row_is_cut():
    appendix = appendix_2()
    appendix.rows[-1][0].rowspan = 5
    laid = layout.grid(appendix)
    assert laid.rows == 6 and max(c.row + c.rowspan for c in laid.cells) == 6


def test_overlapping_spans_are_cut_so_every_format_renders():
    from exports.docx import render_docx
    from exports.pdf import render_pdf
    from exports.xlsx import render_xlsx
    from reporting.document import FilledAppendix, FilledCell

    # "Nội dung" spans two rows; the body's first cell asks for two columns, the second of which
    # "Nội dung" already covers; the last cell asks for more rows than there are.
    appendix = FilledAppendix(
        9,
        "9",
        "Bảng lỗi",
        header=[[FilledCell("STT"), FilledCell("Nội dung", rowspan=2)]],
        rows=[[FilledCell("Gộp sai", colspan=2)], [FilledCell("1", rowspan=4), FilledCell(manual=True, value=3)]],
    )
    laid = layout.grid(appendix)
    spans = {placed.cell.text or placed.cell.value: (placed.rowspan, placed.colspan) for placed in laid.cells}
    assert spans == {"STT": (1, 1), "Nội dung": (2, 1), "Gộp sai": (1, 1), "1": (1, 1), 3: (1, 1)}
    covered = [
        (r, c)
        for placed in laid.cells
        for r in range(placed.row, placed.row + placed.rowspan)
        for c in range(placed.column, placed.column + placed.colspan)
    ]
    assert len(covered) == len(set(covered))
    report = make_report(appendices=[appendix])
    assert render_docx(report) and render_xlsx(report) and render_pdf(report).startswith(b"%PDF")
