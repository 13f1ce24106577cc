"""The workbook, opened again with openpyxl: sheets, merged header cells, numbers, inert formulas."""

import io
import re
import zipfile

from openpyxl import load_workbook

from exports.tests.sample import EVIL_CELL, EVIL_NARRATIVE, EVIL_UNIT, make_report
from exports.xlsx import TABLE_FIRST_ROW, render_xlsx


def _open(report=None):
    return load_workbook(io.BytesIO(render_xlsx(report or make_report())))


def test_one_sheet_per_appendix_after_figures_and_narratives():
    workbook = _open()
    assert workbook.sheetnames == ["Số liệu", "Thuyết minh", "Phụ lục 1", "Phụ lục 2", "Phụ lục 3"]


def test_sheet_names_stay_unique_short_and_valid():
    report = make_report()
    first, second, third = report.appendices
    first.number = second.number = "2"
    third.number = "3/2024: [bảng tổng hợp rất dài của các đơn vị]"
    names = _open(report).sheetnames[2:]
    assert names[0] == "Phụ lục 2" and names[1] == "Phụ lục 2 (2)"
    assert len(names[2]) <= 31 and not set("[]:*?/\\") & set(names[2])


def test_appendix_2_header_merged_as_in_the_layout():
    sheet = _open()["Phụ lục 2"]
    first = TABLE_FIRST_ROW
    merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}
    assert merged == {
        "A1:F1",
        "A2:F2",
        "A3:F3",
        f"B{first}:C{first}",  # Nội dung
        f"A{first + 1}:A{first + 2}",  # STT 1
        f"B{first + 1}:B{first + 2}",  # Số cuộc tiếp dân
        f"A{first + 3}:A{first + 4}",
        f"B{first + 3}:B{first + 4}",
        f"B{first + 5}:C{first + 5}",  # Số đoàn đông người được tiếp
        f"A{first + 7}:F{first + 7}",  # the two remarks under the table
        f"A{first + 8}:F{first + 8}",
    }
    assert sheet["A1"].value == "PHỤ LỤC 2"
    assert sheet["A2"].value == "Kết quả tiếp dân, đối thoại trực tiếp với dân"
    assert [sheet.cell(row=first, column=c).value for c in (1, 2, 4, 5, 6)] == [
        "STT",
        "Nội dung",
        "Cấp xã",
        "Cấp huyện",
        "Tổng cộng",
    ]
    assert sheet.cell(row=first, column=2).font.b
    assert sheet.cell(row=first + 1, column=2).value == "Số cuộc tiếp dân"
    assert sheet.cell(row=first + 2, column=3).value == "Đột xuất"
    assert sheet.cell(row=first + 1, column=1).border.left.style == "thin"
    assert sheet.cell(row=first + 1, column=2).alignment.wrap_text


def test_figures_are_numbers_and_missing_ones_empty():
    sheet = _open()["Phụ lục 2"]
    first = TABLE_FIRST_ROW
    row = [sheet.cell(row=first + 3, column=c) for c in (4, 5, 6)]
    assert [cell.value for cell in row] == [1234, 56, 1290]
    assert {cell.data_type for cell in row} == {"n"}
    assert sheet.cell(row=first + 3, column=4).alignment.horizontal == "right"
    assert sheet.cell(row=first + 4, column=5).value is None
    # The figures changed by hand are explained under the table.
    notes = [sheet.cell(row=r, column=1).value for r in range(first + 7, first + 9)]
    assert notes == [
        "1 – Số cuộc tiếp dân – Định kỳ, Cấp huyện: 3 (số liệu tính từ hồ sơ: 4; lý do điều chỉnh: Một cuộc ghi trùng)",
        "1 – Số cuộc tiếp dân – Định kỳ, Tổng cộng: 15 (số liệu tính từ hồ sơ: 16)",
    ]


def test_appendix_1_header_spans_and_italics():
    sheet = _open()["Phụ lục 1"]
    first = TABLE_FIRST_ROW
    merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}
    assert {f"A{first}:C{first}", f"D{first}:D{first + 1}"} <= merged
    assert sheet.cell(row=first, column=1).value == "Tổ chức tuyên truyền, phổ biến Quy định"
    italic = sheet.cell(row=first + 1, column=1)
    assert italic.value == "Số cuộc hội nghị, lớp tập huấn..." and italic.font.i and not italic.font.b
    assert [sheet.cell(row=first + 2, column=c).value for c in range(1, 5)] == [14, 2350, 600, 7]


def test_figures_sheet_lists_every_figure_field():
    sheet = _open()["Số liệu"]
    first = TABLE_FIRST_ROW
    assert [sheet.cell(row=first, column=c).value for c in range(1, 6)] == [
        "Mục",
        "Chỉ tiêu",
        "Số liệu",
        "Số liệu tính từ hồ sơ",
        "Lý do điều chỉnh",
    ]
    rows = [[sheet.cell(row=r, column=c).value for c in range(1, 6)] for r in (first + 1, first + 2)]
    assert rows == [
        ["1.", "Số đơn, thư tố cáo nhận được", 1234, 1234, None],
        ["1.", "Số người được bảo vệ", 5, 7, "Hai trường hợp nhập trùng"],
    ]
    assert sheet.cell(row=first + 3, column=1).value is None


def test_formula_injection_stays_text():
    workbook = _open()
    unit = workbook["Số liệu"]["A2"]
    assert unit.value == "Ban Thường vụ Tỉnh ủy"
    evil_report = make_report(unit_name=EVIL_UNIT)
    evil = load_workbook(io.BytesIO(render_xlsx(evil_report)))
    assert evil["Số liệu"]["A2"].value == EVIL_UNIT and evil["Số liệu"]["A2"].data_type == "s"
    cell = workbook["Phụ lục 3"].cell(row=TABLE_FIRST_ROW + 2, column=5)
    assert cell.value == EVIL_CELL and cell.data_type == "s"
    narratives = workbook["Thuyết minh"]
    found = {
        (narratives.cell(row=r, column=3).value, narratives.cell(row=r, column=4).value): narratives.cell(
            row=r, column=4
        ).data_type
        for r in range(TABLE_FIRST_ROW + 1, narratives.max_row + 1)
    }
    assert found[(EVIL_UNIT, EVIL_NARRATIVE)] == "s"
    assert narratives.cell(row=TABLE_FIRST_ROW + 1, column=4).value.startswith("Tỉnh có 102")
    # No sheet of the file holds a formula at all.
    with zipfile.ZipFile(io.BytesIO(render_xlsx(evil_report))) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), name
