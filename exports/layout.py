"""What the Word, Excel and PDF renderings share: the fixed wording of an official document, how
dates and numbers are written, and the grid an appendix's merged cells occupy.

The wording is Vietnamese whatever the interface language: the documents are official Vietnamese
documents (Guidance 36-HD/VPTW, Decree 30/2020/NĐ-CP), not screens.
"""

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from baove.lib.text import fold
from reporting.document import FilledAppendix, FilledCell, FilledField, FilledReport, FilledSection

PARTY = "party"
STATE = "state"

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_MOTTO = "Độc lập - Tự do - Hạnh phúc"
REPORT_WORD = "BÁO CÁO"
RECIPIENTS = "Nơi nhận:"
NOTES = "Ghi chú:"
APPENDIX = "PHỤ LỤC"
MISSING = "…"
ERROR = "?"  # a figure or list that could not be computed (its ``error`` says why, on the screens)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Text a person typed, without the control characters a Word, Excel or PDF file cannot hold."""
    return _NOT_XML.sub("", text or "")


def is_party(report: FilledReport) -> bool:
    return report.style != STATE


def upper(text: str) -> str:
    return (text or "").strip().upper()


def number_line(report: FilledReport) -> str:
    """ "Số 162-KH/TU" (Party) or "Số: 12/BC-UBND" (State); the report's own text when it has "Số"."""
    number = (report.number or "").strip()
    if fold(number).startswith("so"):
        return number
    prefix = "Số" if is_party(report) else "Số:"
    return f"{prefix} {number}" if number else f"{prefix} {'…' * 3}"


def date_line(report: FilledReport) -> str:
    """ "An Giang, ngày 05 tháng 6 năm 2026": a day below 10 and the months 1 and 2 take a leading zero."""
    place = (report.place or "").strip() or "…" * 3
    day = report.signed_on
    if day is None:
        return f"{place}, ngày {'…' * 2} tháng {'…' * 2} năm {'…' * 3}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def title_lines(report: FilledReport) -> tuple[str, str]:
    """("BÁO CÁO", the title without a leading "Báo cáo")."""
    title = (report.title or "").strip()
    if fold(title).startswith("bao cao "):
        title = title[len("báo cáo ") :].strip()
        title = title[:1].upper() + title[1:]
    return REPORT_WORD, title


def appendix_number(appendix: FilledAppendix) -> str:
    """The appendix's number without a leading "Phụ lục": "PHỤ LỤC 2" → "2"."""
    number = (appendix.number or "").strip()
    if fold(number).startswith("phu luc"):
        number = number[len("phụ lục") :].strip(" .:")
    return number


def appendix_heading(appendix: FilledAppendix) -> str:
    """ "PHỤ LỤC 2", whether the number is "2" or already "PHỤ LỤC 2"."""
    return f"{APPENDIX} {upper(appendix_number(appendix))}".strip()


def appendix_reference(report: FilledReport) -> str:
    """ "(Kèm theo Báo cáo số 12-BC/ĐU của Đảng ủy xã Tân Phú)"."""
    number = (report.number or "").strip()
    if fold(number).startswith("so"):
        number = number[2:].lstrip(": ").strip()
    parts = ["(Kèm theo Báo cáo"]
    if number:
        parts.append(f"số {number}")
    if report.unit_name.strip():
        parts.append(f"của {report.unit_name.strip()}")
    return " ".join(parts) + ")" if len(parts) > 1 else ""


def _date(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def window_line(report: FilledReport) -> str:
    """The data window: "(Số liệu từ ngày 10/01/2019 đến ngày 31/12/2023)"."""
    if report.date_from and report.date_to:
        return f"(Số liệu từ ngày {_date(report.date_from)} đến ngày {_date(report.date_to)})"
    if report.date_to:
        return f"(Số liệu đến ngày {_date(report.date_to)})"
    if report.date_from:
        return f"(Số liệu từ ngày {_date(report.date_from)})"
    return ""


def number(value: int | None) -> str:
    """12345 → "12.345" (Vietnamese thousands separator); nothing → "…"."""
    if value is None:
        return MISSING
    return f"{value:,}".replace(",", ".")


def figure_value(field: FilledField) -> str:
    return ERROR if field.error else number(field.value)


def figure_line(field: FilledField) -> str:
    return f"{field.label.strip().rstrip(':')}: {figure_value(field)}"


def override_note(computed: int | None, note: str) -> str:
    """The italic remark under a figure changed by hand."""
    text = f"(số liệu tính từ hồ sơ: {number(computed)}"
    if note.strip():
        text += f"; lý do điều chỉnh: {' '.join(note.split())}"
    return text + ")"


def cell_overridden(cell: FilledCell) -> bool:
    return cell.overridden and not cell.error


def cell_text(cell: FilledCell) -> str:
    """What the cell shows: "?" for a figure that could not be computed, a number, or its text (the
    template's, or what the unit wrote in a free-text cell)."""
    if cell.error:
        return ERROR
    if cell.is_number:
        return "" if cell.value is None else number(cell.value)
    return cell.text


Run = tuple[str, bool]  # (text, italic)


def cell_lines(cell: FilledCell) -> list[list[Run]]:
    """The cell's text as lines of (text, italic) runs: the ``emphasis`` parts of a text in italics,
    a wholly italic cell in italics, one line per non-empty line of the text."""
    if cell.error or cell.is_number:
        text = cell_text(cell)
        return [[(text, cell.italic)]] if text else []
    lines: list[list[Run]] = [[]]
    for text, italic in cell.runs:
        text = clean(text.replace("\r\n", "\n").replace("\r", "\n"))
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append((part, italic))
    result = []
    for line in lines:
        while line and not line[0][0].strip():
            line.pop(0)
        while line and not line[-1][0].strip():
            line.pop()
        if line:
            line[0] = (line[0][0].lstrip(), line[0][1])
            line[-1] = (line[-1][0].rstrip(), line[-1][1])
            result.append(line)
    return result


def has_partial_italics(cell: FilledCell) -> bool:
    return len({italic for line in cell_lines(cell) for _, italic in line}) > 1


def paragraphs(text: str) -> list[str]:
    """A text typed by a person, one paragraph per non-empty line."""
    text = clean((text or "").replace("\r\n", "\n").replace("\r", "\n"))
    return [line.strip() for line in text.split("\n") if line.strip()]


def recipient_lines(report: FilledReport) -> list[str]:
    lines = []
    for recipient in report.recipients:
        recipient = recipient.strip()
        if recipient:
            lines.append(recipient if recipient.startswith(("-", "–", "+")) else f"- {recipient}")
    return lines


def signer_lines(report: FilledReport) -> list[str]:
    return [upper(line) for line in paragraphs(report.signer_title)]


# Sections


@dataclass(frozen=True)
class Placed:
    section: FilledSection
    level: int  # 1 for a top-level section


def walk(sections: list[FilledSection], level: int = 1) -> Iterator[Placed]:
    """Every section in document order, with its depth."""
    for section in sections:
        yield Placed(section, level)
        yield from walk(section.children, level + 1)


# The label the built-in templates give a section's own answer: the heading already says what it is.
GENERIC_NARRATIVE_LABELS = frozenset({fold("Nội dung"), fold("Content")})


def narrative_label(section: FilledSection, field) -> str:
    """The line printed above a narrative, or "" when it would only repeat the heading."""
    label = field.label.strip()
    if not label or fold(label) == fold(section.heading) or fold(label) in GENERIC_NARRATIVE_LABELS:
        return ""
    return label if label.startswith("-") else f"- {label}"


def heading(section: FilledSection) -> str:
    return " ".join(part for part in (section.number.strip(), section.heading.strip()) if part)


def figure_fields(report: FilledReport) -> Iterator[tuple[FilledSection, FilledField]]:
    for placed in walk(report.sections):
        for field in placed.section.fields:
            if field.kind == "figure":
                yield placed.section, field


def narrative_fields(report: FilledReport) -> Iterator[tuple[FilledSection, FilledField]]:
    for placed in walk(report.sections):
        for field in placed.section.fields:
            if field.kind != "figure":
                yield placed.section, field


# Appendix tables


@dataclass(frozen=True)
class GridCell:
    cell: FilledCell
    row: int  # 0-based, header rows first
    column: int
    rowspan: int
    colspan: int
    header: bool


@dataclass(frozen=True)
class Grid:
    cells: list[GridCell]
    rows: int
    columns: int
    header_rows: int

    def origin_at(self) -> dict[tuple[int, int], GridCell]:
        """Each occupied (row, column) → the cell that covers it."""
        covered = {}
        for placed in self.cells:
            for r in range(placed.row, placed.row + placed.rowspan):
                for c in range(placed.column, placed.column + placed.colspan):
                    covered[(r, c)] = placed
        return covered


def header_width(appendix: FilledAppendix) -> int:
    """How many columns the first header row spans."""
    return sum(max(cell.colspan or 1, 1) for cell in appendix.header[0]) if appendix.header else 0


def body_rows(appendix: FilledAppendix) -> list[list[FilledCell]]:
    """The body rows; for a list that could not be drawn, one row of "?" across the table."""
    if appendix.error and not appendix.rows:
        return [[FilledCell(ERROR, colspan=max(header_width(appendix), 1), error=appendix.error)]]
    return appendix.rows


def grid(appendix: FilledAppendix) -> Grid:
    """Lay the header and body rows out as HTML does: each cell takes the next column its row has
    free, and a rowspan reserves the columns below it. A span is cut where it would run past the
    table's end or into a cell already placed, so that no two cells overlap (Word refuses that)."""
    rows = [(row, True) for row in appendix.header] + [(row, False) for row in body_rows(appendix)]
    taken: set[tuple[int, int]] = set()
    placed: list[GridCell] = []
    for r, (row, is_header) in enumerate(rows):
        column = 0
        for cell in row:
            while (r, column) in taken:
                column += 1
            colspan = 1
            while colspan < (cell.colspan or 1) and (r, column + colspan) not in taken:
                colspan += 1
            rowspan = 1
            while rowspan < min(cell.rowspan or 1, len(rows) - r) and not any(
                (r + rowspan, cc) in taken for cc in range(column, column + colspan)
            ):
                rowspan += 1
            for rr in range(r, r + rowspan):
                for cc in range(column, column + colspan):
                    taken.add((rr, cc))
            placed.append(GridCell(cell, r, column, rowspan, colspan, is_header))
            column += colspan
    columns = max((c for _, c in taken), default=-1) + 1
    return Grid(placed, len(rows), columns, len(appendix.header))


def cell_place(grid_: Grid, placed: GridCell) -> str:
    """Where a body cell is, in words: its row's texts, then its column's header text."""
    covered = grid_.origin_at()
    row_texts = []
    for c in range(placed.column):
        other = covered.get((placed.row, c))
        if other and not other.cell.is_number and other.cell.text.strip():
            text = other.cell.text.strip()
            if text not in row_texts:
                row_texts.append(text)
    column_texts = []
    for r in range(grid_.header_rows):
        other = covered.get((r, placed.column))
        if other and other.cell.text.strip() and other.cell.text.strip() not in column_texts:
            column_texts.append(other.cell.text.strip())
    parts = [" – ".join(row_texts), " – ".join(column_texts)]
    return ", ".join(part for part in parts if part) or placed.cell.key


def table_notes(appendix: FilledAppendix) -> list[str]:
    """One remark per cell whose figure was changed by hand."""
    laid = grid(appendix)
    notes = []
    for placed in laid.cells:
        if not placed.header and cell_overridden(placed.cell):
            where = cell_place(laid, placed)
            notes.append(
                f"{where}: {number(placed.cell.value)} {override_note(placed.cell.computed, placed.cell.note)}"
            )
    return notes


# File names

_UNSAFE = re.compile(r"[^a-z0-9]+")


def file_stem(report: FilledReport) -> str:
    """An ASCII file name without extension: "bao-cao-so-ket-05-nam-2026-06-05"."""
    _, title = title_lines(report)
    stem = _UNSAFE.sub("-", fold(f"bao cao {title}")).strip("-")[:80].strip("-") or "bao-cao"
    if report.signed_on:
        stem += f"-{report.signed_on.isoformat()}"
    return stem
