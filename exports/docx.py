"""A filled report as the official Word document.

Party documents follow Guidance 36-HD/VPTW, State documents Decree 30/2020/NĐ-CP: A4, margins
20/20/30/15 mm, Times New Roman 14 (13 in a State header), the two-column header, the title, the
sections, the notes, "Nơi nhận" and the signature, then each appendix on a page of its own.

Everything a person typed is added as plain runs: Word never reads it as a field or markup.
"""

import io

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from exports import layout
from reporting.document import FilledAppendix, FilledField, FilledReport, FilledSection

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
BODY_SIZE = 14
STATE_HEADER_SIZE = 13
NATIONAL_TITLE_SIZE = 12  # Decree 30: 12–13, and 12 keeps it on one line
TABLE_SIZE = 12
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH_MM = 210 - 30 - 15
FIRST_LINE_INDENT = Mm(10)
MIN_COLUMN_MM = 13  # "STT" in bold 12 pt fits on one line
SHORT_TEXT = 5  # "1", "2.1", "a)": a numbering cell, centred


def _set_font(target, size: int | None = None) -> None:
    """Times New Roman for every script (Word picks the East Asian or complex-script slot for some
    characters), on a style or a run."""
    target.font.name = FONT
    if size is not None:
        target.font.size = Pt(size)
    r_pr = target.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _run(paragraph, text: str, *, size: int = BODY_SIZE, bold=False, italic=False, underline=False):
    run = paragraph.add_run(layout.clean(text))
    _set_font(run, size)
    run.bold = bold or None
    run.italic = italic or None
    run.underline = underline or None
    return run


def _paragraph(container, text: str = "", *, align=None, space_after: int = 0, indent=False, **style):
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = FIRST_LINE_INDENT
    if text:
        _run(paragraph, text, **style)
    return paragraph


def _cell_paragraph(cell, text: str = "", *, align=WD_ALIGN_PARAGRAPH.CENTER, **style):
    """The cell's first paragraph while it is still empty, then a new one; always with a run, so
    that an empty line counts as a line."""
    first = cell.paragraphs[0]
    if len(cell.paragraphs) == 1 and not first.runs:
        paragraph = first
        paragraph.paragraph_format.space_before = Pt(0)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.alignment = align
    else:
        paragraph = _paragraph(cell, align=align)
    _run(paragraph, text, **style)
    return paragraph


def _cell_runs(cell, runs: list[layout.Run], *, align, size: int, bold=False):
    """A paragraph of ``runs`` in the cell, each in italics or not (partial italics)."""
    paragraph = _cell_paragraph(
        cell, runs[0][0] if runs else "", align=align, size=size, bold=bold, italic=bool(runs) and runs[0][1]
    )
    for text, italic in runs[1:]:
        _run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _fixed_layout(table) -> None:
    layout_element = OxmlElement("w:tblLayout")
    layout_element.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout_element)
    table.autofit = False


def _two_columns(document, left_mm: int):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_layout(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Mm(left_mm), Mm(TEXT_WIDTH_MM - left_mm))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
    return table.rows[0].cells


def _short_rule(cell, width_mm: int) -> None:
    """The short line under a State body's name: an empty paragraph with a bottom border."""
    paragraph = _cell_paragraph(cell)
    fmt = paragraph.paragraph_format
    side = Mm(max(0, (width_mm - 30) / 2))
    fmt.left_indent = side
    fmt.right_indent = side
    fmt.line_spacing = Pt(4)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    p_pr.append(borders)


def _header(document, report: FilledReport) -> None:
    party = layout.is_party(report)
    left_mm = 75 if party else 62
    left, right = _two_columns(document, left_mm)
    size = BODY_SIZE if party else STATE_HEADER_SIZE
    left_lines = 0
    if report.parent_unit_name.strip():
        _cell_paragraph(left, layout.upper(report.parent_unit_name), size=size)
        left_lines += 1
    _cell_paragraph(left, layout.upper(report.unit_name), size=size, bold=True)
    if party:
        _cell_paragraph(left, "*", size=size)
    else:
        _short_rule(left, left_mm)
    _cell_paragraph(left, layout.number_line(report), size=size)
    left_lines += 3

    if party:
        _cell_paragraph(right, layout.PARTY_NAME, size=BODY_SIZE, bold=True, underline=True)
        right_lines = 1
    else:
        _cell_paragraph(right, layout.STATE_NAME, size=NATIONAL_TITLE_SIZE, bold=True)
        _cell_paragraph(right, layout.STATE_MOTTO, size=BODY_SIZE, bold=True, underline=True)
        right_lines = 2
    for _ in range(max(0, left_lines - right_lines - 1)):
        _cell_paragraph(right, "", size=size)
    _cell_paragraph(right, layout.date_line(report), size=BODY_SIZE, italic=True)


def _title(document, report: FilledReport) -> None:
    word, title = layout.title_lines(report)
    first = _paragraph(document, word, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    first.paragraph_format.space_before = Pt(18)
    if title:
        _paragraph(document, title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    window = layout.window_line(report)
    if window:
        _paragraph(document, window, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True)
    _paragraph(document, "", space_after=6)


def _body(document, text: str, **style):
    return _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6, indent=True, **style)


def _figure(document, field: FilledField) -> None:
    _body(document, layout.figure_line(field))
    if field.overridden:
        _body(document, layout.override_note(field.computed, field.note), italic=True)


def _narrative(document, section: FilledSection, field: FilledField) -> None:
    label = layout.narrative_label(section, field)
    if label:
        _body(document, label)
    for text in layout.paragraphs(field.text):
        _body(document, text)
    for contribution in field.contributions:
        lines = layout.paragraphs(contribution.text) or [layout.MISSING]
        first = _body(document, f"{contribution.unit_name.strip()}:", bold=True)
        _run(first, " " + lines[0])
        for line in lines[1:]:
            _body(document, line)


def _sections(document, report: FilledReport) -> None:
    for placed in layout.walk(report.sections):
        section = placed.section
        title = layout.heading(section)
        if title:
            _body(document, title, bold=True, italic=placed.level >= 3)
        for line in layout.paragraphs(section.guidance):
            _body(document, line, italic=True)
        for field in section.fields:
            if field.kind == "figure":
                _figure(document, field)
            else:
                _narrative(document, section, field)


def _notes(document, report: FilledReport) -> None:
    lines = layout.paragraphs(report.notes)
    if not lines:
        return
    _body(document, layout.NOTES, bold=True, italic=True)
    for line in lines:
        _body(document, line, italic=True)


def _signature(document, report: FilledReport) -> None:
    party = layout.is_party(report)
    _paragraph(document, "", space_after=6)
    left, right = _two_columns(document, 80)
    if party:
        _cell_paragraph(left, layout.RECIPIENTS, align=WD_ALIGN_PARAGRAPH.LEFT, size=BODY_SIZE, underline=True)
        item_size = 12
    else:
        _cell_paragraph(left, layout.RECIPIENTS, align=WD_ALIGN_PARAGRAPH.LEFT, size=12, bold=True, italic=True)
        item_size = 11
    for line in layout.recipient_lines(report):
        _cell_paragraph(left, line, align=WD_ALIGN_PARAGRAPH.LEFT, size=item_size)
    for line in layout.signer_lines(report):
        _cell_paragraph(right, line, bold=True)
    for _ in range(4):
        _cell_paragraph(right, "")
    if report.signer_name.strip():
        _cell_paragraph(right, report.signer_name.strip(), bold=True)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _column_widths(laid: layout.Grid) -> list[int]:
    """Millimetres per column, from the longest text of the cells that sit in one column."""
    weights = [4] * laid.columns
    for placed in laid.cells:
        if placed.colspan == 1:
            length = len(layout.cell_text(placed.cell)) or 1
            weights[placed.column] = max(weights[placed.column], min(length, 40))
    total = sum(weights)
    widths = [max(MIN_COLUMN_MM, round(TEXT_WIDTH_MM * weight / total)) for weight in weights]
    excess = sum(widths) - TEXT_WIDTH_MM
    if excess > 0:
        widest = widths.index(max(widths))
        widths[widest] = max(MIN_COLUMN_MM, widths[widest] - excess)
    return widths


def _appendix(document, report: FilledReport, appendix: FilledAppendix) -> None:
    heading = _paragraph(document, layout.appendix_heading(appendix), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    heading.paragraph_format.page_break_before = True
    if appendix.title.strip():
        _paragraph(document, appendix.title.strip(), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    reference = layout.appendix_reference(report)
    if reference:
        _paragraph(document, reference, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True)
    _paragraph(document, "", space_after=6)

    laid = layout.grid(appendix)
    if not laid.rows or not laid.columns:
        return
    table = document.add_table(rows=laid.rows, cols=laid.columns)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_layout(table)
    widths = [Mm(width) for width in _column_widths(laid)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for index in range(laid.header_rows):
        _repeat_header(table.rows[index])

    for placed in laid.cells:
        cell = table.cell(placed.row, placed.column)
        if placed.rowspan > 1 or placed.colspan > 1:
            cell = cell.merge(table.cell(placed.row + placed.rowspan - 1, placed.column + placed.colspan - 1))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        source = placed.cell
        if placed.header:
            align = WD_ALIGN_PARAGRAPH.CENTER
        elif source.is_number:
            align = WD_ALIGN_PARAGRAPH.RIGHT
        elif len(layout.cell_text(source).strip()) <= SHORT_TEXT:
            align = WD_ALIGN_PARAGRAPH.CENTER
        else:
            align = WD_ALIGN_PARAGRAPH.LEFT
        for runs in layout.cell_lines(source) or [[]]:
            _cell_runs(cell, runs, align=align, size=TABLE_SIZE, bold=source.bold)

    notes = layout.table_notes(appendix)
    if notes:
        _paragraph(document, "", space_after=0)
        for note in notes:
            _paragraph(document, note, align=WD_ALIGN_PARAGRAPH.JUSTIFY, size=TABLE_SIZE, italic=True)


def _page_number(section) -> None:
    """The page number at the top centre from the second page on (Decree 30)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run("2")
    _set_font(run, STATE_HEADER_SIZE)
    field.append(run._r)
    paragraph._p.append(field)


def _page_setup(document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        _page_number(section)


def render_docx(report: FilledReport) -> bytes:
    document = Document()
    _page_setup(document)
    normal = document.styles["Normal"]
    _set_font(normal, BODY_SIZE)
    properties = document.core_properties
    properties.title = layout.clean(report.title)[:255]
    properties.author = layout.clean(report.unit_name)[:255]
    properties.last_modified_by = ""
    properties.comments = ""
    properties.keywords = ""
    properties.subject = ""

    _header(document, report)
    _title(document, report)
    _sections(document, report)
    _notes(document, report)
    _signature(document, report)
    for appendix in report.appendices:
        _appendix(document, report, appendix)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
