"""Spreadsheet exports: one sheet of a header and rows, as an HTTP download.

Every text cell is written as a string, never a formula: a value a user typed that starts with
``=``, ``+``, ``-`` or ``@`` stays text in Excel and LibreOffice (formula injection).
"""

import datetime
import io
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What a worksheet's XML cannot hold: control characters (but tab and line ends), lone surrogates, U+FFFE/U+FFFF.
NOT_IN_A_SHEET = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, (int, float, datetime.date, datetime.datetime)):
        return value
    # Stored text may hold them (from an import, say); openpyxl would refuse the whole file.
    return NOT_IN_A_SHEET.sub("", str(value))


def write_cell(sheet, row: int, column: int, value):
    """Write ``value`` at (row, column); text is always stored as text, never as a formula."""
    value = _plain(value)
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, datetime.datetime):
        value = value.replace(tzinfo=None)
    cell.value = value
    if isinstance(value, str):
        # openpyxl reads a leading "=" as a formula: force the string type, and mark the cell
        # quote-prefixed so that editing it in a spreadsheet does not turn it into one either.
        cell.data_type = TYPE_STRING
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    if isinstance(value, datetime.date):
        cell.number_format = "DD/MM/YYYY"
    return cell


def workbook_bytes(title: str, header: Sequence, rows: Iterable[Sequence]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for column, label in enumerate(header, start=1):
        cell = write_cell(sheet, 1, column, label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(str(label)) for label in header]
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            write_cell(sheet, row_number, column, value)
            if column <= len(widths):
                widths[column - 1] = max(widths[column - 1], min(len(str(_plain(value))), 60))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(10, width + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, title: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A download of ``rows`` under ``header``; ``filename`` without extension, ASCII."""
    response = HttpResponse(workbook_bytes(title, header, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
