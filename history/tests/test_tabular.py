"""The shared reader of CSV and XLSX files: rows with their lines, or the file refused with a reason."""

import io
import zipfile

import pytest

from history.registers.base import SUMMARY_COLUMN, UNIT_COLUMN
from history.registers.petitions import COLUMNS as PETITION_COLUMNS
from history.tabular import read_bytes

from .conftest import csv_bytes, xlsx_bytes

COLUMNS = (PETITION_COLUMNS[0], UNIT_COLUMN, SUMMARY_COLUMN)


def read(data: bytes, name="file.csv", **kwargs):
    return read_bytes(data, filename=name, columns=COLUMNS, **kwargs)


def test_csv_rows_come_with_their_line_and_blank_rows_are_skipped():
    data = csv_bytes(
        [["received_on", "unit_code", "summary"], ["01/02/2019", "A", "x"], ["", "", ""], ["02/02/2019", "B", ""]]
    )
    table = read(data)
    assert table.problems == []
    assert table.rows == [
        (2, {"received_on": "01/02/2019", "unit_code": "A", "summary": "x"}),
        (4, {"received_on": "02/02/2019", "unit_code": "B", "summary": ""}),
    ]


def test_vietnamese_headers_with_a_byte_order_mark_and_semicolons_are_read():
    data = "\ufeffNgày nhận;mã đơn vị\n01/02/2019;A\n".encode()
    table = read(data)
    assert table.problems == []
    assert table.rows == [(2, {"received_on": "01/02/2019", "unit_code": "A"})]


def test_a_quoted_value_spanning_lines_keeps_the_line_where_its_row_starts():
    data = b'received_on,unit_code,summary\n01/02/2019,A,"two\nlines"\n02/02/2019,B,\n'
    table = read(data)
    assert [line for line, _values in table.rows] == [2, 4]
    assert table.rows[0][1]["summary"] == "two\nlines"


def test_broken_utf8_is_refused_with_the_line_of_the_first_bad_byte():
    data = (
        b"received_on,unit_code\n01/02/2019,A\n" + b"02/02/2019,H\xf2a B\xecnh\n"
    )  # Windows-1252, as an old Excel saves it
    table = read(data)
    assert table.rows == []
    [problem] = table.problems
    assert problem.line is None
    assert "UTF-8" in problem.message and "3" in problem.message


def test_unknown_duplicate_and_missing_columns_are_reported_on_line_one():
    table = read(csv_bytes([["received_on", "colour", "Ngày nhận"], ["01/02/2019", "x", "y"]]))
    assert table.rows == []
    messages = [(problem.line, problem.message) for problem in table.problems]
    assert len(messages) == 3
    assert all(line == 1 for line, _message in messages)
    assert any("colour" in message for _line, message in messages)


def test_too_many_rows_or_bytes_refuse_the_file():
    rows = [["received_on", "unit_code"]] + [["01/02/2019", "A"]] * 6
    assert "5" in read(csv_bytes(rows), max_rows=5).problems[0].message
    assert read(csv_bytes(rows), max_bytes=20).problems[0].line is None


def test_an_extra_value_beyond_the_columns_is_a_problem_of_its_row():
    table = read(csv_bytes([["received_on", "unit_code"], ["01/02/2019", "A", "stray"]]))
    assert [(problem.line, problem.column) for problem in table.problems] == [(2, "")]


def test_xlsx_dates_numbers_and_formulas_become_plain_text():
    import datetime

    data = xlsx_bytes(
        [["Ngày nhận", "Mã đơn vị", "Tóm tắt"], [datetime.date(2020, 3, 1), 12.0, '=HYPERLINK("http://x","y")']]
    )
    table = read(data, name="file.xlsx")
    assert table.problems == []
    assert table.rows == [
        (2, {"received_on": "2020-03-01", "unit_code": "12", "summary": '=HYPERLINK("http://x","y")'})
    ]


def test_a_file_that_is_not_a_workbook_is_refused():
    assert read(b"PK\x03\x04 not a zip", name="x.xlsx").problems[0].line is None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "Excel" in read(buffer.getvalue(), name="x.xlsx").problems[0].message


@pytest.mark.parametrize("data", [b"", b"   \n", b"received_on,unit_code\n"])
def test_an_empty_file_or_a_header_alone_is_refused(data):
    table = read(data)
    assert table.rows == [] and len(table.problems) == 1


@pytest.mark.parametrize(
    ("text", "value"), [("12", 12), ("1.250", 1250), ("1,250", 1250), ("1 250 000", 1250000), ("", 0)]
)
def test_whole_numbers_may_group_their_thousands(text, value):
    from history.tabular import Row

    problems = []
    assert Row(2, {"n": text}, (), problems).integer("n") == value
    assert problems == []


@pytest.mark.parametrize("text", ["12.5", "1,5", "-3", "=1+1", "mười"])
def test_anything_else_is_not_a_whole_number(text):
    from history.tabular import Row

    problems = []
    Row(2, {"n": text}, (), problems).integer("n")
    assert [(problem.line, problem.column) for problem in problems] == [(2, "n")]
