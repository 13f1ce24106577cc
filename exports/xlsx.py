"""A filled report as a workbook: the figures ("Số liệu"), the narratives ("Thuyết minh") and one
sheet per appendix ("Phụ lục 1" …) with its header cells merged exactly as in the layout.

Every text goes through ``baove.lib.xlsx.write_cell``: a text that starts with =, +, - or @ stays
text (formula injection). Figures are written as numbers; a figure that could not be computed as
"?". A text with some words in italics ("… *không còn* phản ánh …") is written as rich text.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from baove.lib.xlsx import FORMULA_PREFIXES, XLSX_CONTENT_TYPE, write_cell
from exports import layout
from reporting.document import FilledAppendix, FilledCell, FilledReport

try:  # openpyxl 3.1+
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
except ImportError:  # pragma: no cover - an older openpyxl: plain text
    CellRichText = None

__all__ = ["XLSX_CONTENT_TYPE", "render_xlsx"]

FONT = "Times New Roman"
SIZE = 12
MAX_CELL_CHARS = 32_767
FIGURES_SHEET = "Số liệu"
NARRATIVES_SHEET = "Thuyết minh"
FORBIDDEN_IN_SHEET_NAMES = str.maketrans({char: " " for char in "[]:*?/\\"})
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TABLE_FIRST_ROW = 5


def _text(value: str) -> str:
    return layout.clean(value)[:MAX_CELL_CHARS]


def _put(sheet, row: int, column: int, value, *, bold=False, italic=False, size=SIZE, horizontal="left"):
    if isinstance(value, str):
        value = _text(value)
    cell = write_cell(sheet, row, column, value)
    cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    return cell


def _banner(sheet, row: int, text: str, columns: int, **style) -> None:
    """A line of text across the table's width (title rows)."""
    _put(sheet, row, 1, text, horizontal="center", **style)
    if columns > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)


def _sheet_name(wanted: str, taken: set[str]) -> str:
    base = " ".join(layout.clean(wanted).translate(FORBIDDEN_IN_SHEET_NAMES).split()).strip("'")[:31] or "Sheet"
    name, counter = base, 2
    while name.casefold() in taken:
        suffix = f" ({counter})"
        name = base[: 31 - len(suffix)] + suffix
        counter += 1
    taken.add(name.casefold())
    return name


def _figures(workbook: Workbook, report: FilledReport, taken: set[str]) -> None:
    sheet = workbook.active
    sheet.title = _sheet_name(FIGURES_SHEET, taken)
    header = ("Mục", "Chỉ tiêu", "Số liệu", "Số liệu tính từ hồ sơ", "Lý do điều chỉnh")
    _banner(sheet, 1, layout.clean(report.title), len(header), bold=True, size=13)
    _banner(sheet, 2, report.unit_name, len(header))
    _banner(sheet, 3, layout.window_line(report), len(header), italic=True)
    for column, label in enumerate(header, start=1):
        _put(sheet, TABLE_FIRST_ROW, column, label, bold=True, horizontal="center").border = BOX
    row = TABLE_FIRST_ROW
    for section, field in layout.figure_fields(report):
        row += 1
        value, computed = (layout.ERROR, layout.ERROR) if field.error else (field.value, field.computed)
        values = (section.number, field.label, value, computed, field.note)
        for column, value in enumerate(values, start=1):
            if value is None:
                cell = sheet.cell(row=row, column=column)
            else:
                cell = _put(sheet, row, column, value, horizontal="right" if column in (3, 4) else "left")
            cell.border = BOX
    for column, width in enumerate((10, 60, 12, 14, 40), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=TABLE_FIRST_ROW + 1, column=1)


def _narratives(workbook: Workbook, report: FilledReport, taken: set[str]) -> None:
    rows = []
    for section, field in layout.narrative_fields(report):
        if field.text.strip():
            rows.append((section.number, field.label, "", field.text))
        for contribution in field.contributions:
            rows.append((section.number, field.label, contribution.unit_name, contribution.text))
    if not rows:
        return
    sheet = workbook.create_sheet(_sheet_name(NARRATIVES_SHEET, taken))
    header = ("Mục", "Nội dung", "Đơn vị", "Văn bản")
    _banner(sheet, 1, layout.clean(report.title), len(header), bold=True, size=13)
    _banner(sheet, 2, report.unit_name, len(header))
    for column, label in enumerate(header, start=1):
        _put(sheet, TABLE_FIRST_ROW, column, label, bold=True, horizontal="center").border = BOX
    for row, values in enumerate(rows, start=TABLE_FIRST_ROW + 1):
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value).border = BOX
    for column, width in enumerate((10, 40, 30, 90), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=TABLE_FIRST_ROW + 1, column=1)


def _column_widths(laid: layout.Grid) -> list[float]:
    widths = [6.0] * laid.columns
    for placed in laid.cells:
        if placed.colspan == 1:
            longest = max((len(line) for line in layout.cell_text(placed.cell).split("\n")), default=0)
            widths[placed.column] = max(widths[placed.column], min(longest * 1.1 + 2, 50))
        if placed.cell.is_number:
            widths[placed.column] = max(widths[placed.column], 12)
    return widths


def _rich_text(source: FilledCell):
    """The cell's text with its italic parts, or ``None`` when it has none (or openpyxl cannot)."""
    if CellRichText is None or source.error or source.is_number or not layout.has_partial_italics(source):
        return None
    blocks = []
    for index, line in enumerate(layout.cell_lines(source)):
        for position, (text, italic) in enumerate(line):
            if index and not position:
                text = "\n" + text
            font = InlineFont(rFont=FONT, sz=SIZE, b=source.bold or None, i=italic or None)
            blocks.append(TextBlock(font, text[:MAX_CELL_CHARS]))
    return CellRichText(blocks)


def _appendix_cell(sheet, row: int, column: int, source: FilledCell, horizontal: str):
    rich = _rich_text(source)
    if rich is not None:
        cell = sheet.cell(row=row, column=column)
        cell.value = rich
        if str(rich).startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    elif source.error:
        return _put(sheet, row, column, layout.ERROR, bold=source.bold, horizontal=horizontal)
    else:
        value = source.value if source.is_number else source.text  # a number may be missing: an empty cell
        if value is not None:
            return _put(sheet, row, column, value, bold=source.bold, italic=source.italic, horizontal=horizontal)
        cell = sheet.cell(row=row, column=column)
    cell.font = Font(name=FONT, size=SIZE, bold=source.bold, italic=source.italic)
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    return cell


def _appendix(workbook: Workbook, report: FilledReport, appendix: FilledAppendix, index: int, taken: set[str]) -> None:
    number = layout.appendix_number(appendix) or str(index)
    sheet = workbook.create_sheet(_sheet_name(f"Phụ lục {number}", taken))
    laid = layout.grid(appendix)
    width = max(laid.columns, 1)
    _banner(sheet, 1, f"{layout.APPENDIX} {layout.upper(number)}", width, bold=True, size=13)
    _banner(sheet, 2, appendix.title, width, bold=True, size=13)
    _banner(sheet, 3, layout.appendix_reference(report), width, italic=True)
    sheet.row_dimensions[2].height = 36

    for placed in laid.cells:
        source = placed.cell
        row = TABLE_FIRST_ROW + placed.row
        column = 1 + placed.column
        if placed.header:
            horizontal = "center"
        elif source.is_number:
            horizontal = "right"
        else:
            horizontal = "left"
        cell = _appendix_cell(sheet, row, column, source, horizontal)
        cell.border = BOX
        if placed.rowspan > 1 or placed.colspan > 1:
            # openpyxl draws the range's outer border from the first cell's.
            sheet.merge_cells(
                start_row=row,
                start_column=column,
                end_row=row + placed.rowspan - 1,
                end_column=column + placed.colspan - 1,
            )
    for column, column_width in enumerate(_column_widths(laid), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = column_width

    notes = layout.table_notes(appendix)
    row = TABLE_FIRST_ROW + laid.rows + 1
    for note in notes:
        _put(sheet, row, 1, note, italic=True, size=11)
        if width > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1

    if laid.header_rows:
        # By its address: the cell there may be part of a header cell spanning into the body.
        sheet.freeze_panes = f"A{TABLE_FIRST_ROW + laid.header_rows}"
        sheet.print_title_rows = f"{TABLE_FIRST_ROW}:{TABLE_FIRST_ROW + laid.header_rows - 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if laid.columns > 6 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def render_xlsx(report: FilledReport) -> bytes:
    workbook = Workbook()
    taken: set[str] = set()
    _figures(workbook, report, taken)
    _narratives(workbook, report, taken)
    for index, appendix in enumerate(report.appendices, start=1):
        _appendix(workbook, report, appendix, index, taken)
    properties = workbook.properties
    properties.creator = layout.clean(report.unit_name)[:255] or None
    properties.title = layout.clean(report.title)[:255] or None
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
