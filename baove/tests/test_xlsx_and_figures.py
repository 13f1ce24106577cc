import datetime
import io

import pytest
from openpyxl import load_workbook

from baove import figures
from baove.lib.xlsx import workbook_bytes, xlsx_response


def test_text_that_looks_like_a_formula_stays_text():
    data = workbook_bytes(
        "Danh sách",
        ["Tên", "Số"],
        [['=HYPERLINK("http://x","y")', 3], ["+1+1", -2], ["@SUM(A1)", None], ["-x", datetime.date(2024, 4, 30)]],
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Danh sách"
    assert [c.value for c in sheet[1]] == ["Tên", "Số"]
    for row in range(2, 6):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s"
        assert cell.quotePrefix is True
    assert sheet.cell(row=2, column=1).value.startswith("=HYPERLINK")
    assert sheet.cell(row=2, column=2).value == 3
    assert sheet.cell(row=3, column=2).value == -2
    assert sheet.cell(row=5, column=2).value.date() == datetime.date(2024, 4, 30)


def test_xlsx_response_is_a_download():
    response = xlsx_response("tiep-cong-dan", "Tiếp công dân", ["a"], [["b"]])
    assert response["Content-Disposition"] == 'attachment; filename="tiep-cong-dan.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).active["A2"].value == "b"


def test_a_figure_key_cannot_be_registered_twice_with_another_function():
    @figures.figure("test.only.once", "once")
    def first(*, unit, date_from, date_to):
        return 1

    try:
        with pytest.raises(ValueError, match="registered twice"):
            figures.figure("test.only.once", "again")(lambda **kw: 2)
        with pytest.raises(ValueError, match="no breakdown by administrative level"):
            figures.compute(
                "test.only.once",
                unit=None,
                date_from=datetime.date(2024, 1, 1),
                date_to=datetime.date(2024, 1, 2),
                level="commune",
            )
        with pytest.raises(ValueError, match="before"):
            figures.compute(
                "test.only.once", unit=None, date_from=datetime.date(2024, 1, 2), date_to=datetime.date(2024, 1, 1)
            )
    finally:
        figures.FIGURES.pop("test.only.once")
