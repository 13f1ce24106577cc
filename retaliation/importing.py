"""Reading and checking a CSV or XLSX file of personnel actions, before anything is saved.

Follows ``org.importing``: every row is checked and every problem is reported at once with the line
of the file it comes from (the header is line 1); if one row is wrong, nothing is saved. Problems
never repeat an ID number, so that the list can be shown and kept without it.
"""

import csv
import datetime
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.permissions import personnel_units
from baove.lib.text import fold
from org.importing import Problem
from org.models import Unit
from retaliation.models import PersonnelAction, PersonnelActionKind

COLUMNS = ("id_number", "full_name", "action", "effective_date", "unit_code", "note")
REQUIRED_COLUMNS = ("id_number", "full_name", "action", "effective_date", "unit_code")
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# What a workbook's parts may unpack to: far above any real register, far below a zip bomb's gigabytes.
MAX_EXPANDED_BYTES = 50 * 1024 * 1024
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
XLSX_MAGIC = b"PK\x03\x04"
# Excel drops the leading zeros of an ID number typed as a number; a citizen ID card number has 12 digits.
CITIZEN_ID_DIGITS = 12


class ImportRejected(ValidationError):
    """The file cannot be imported; ``problems`` lists every reason, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.line or 0, COLUMNS.index(p.column) if p.column else -1))
        super().__init__([str(problem) for problem in self.problems])


@dataclass
class ActionRow:
    line: int
    id_number: str
    action: str
    effective_date: datetime.date
    unit: Unit
    note: str


@dataclass
class ImportPlan:
    rows: list[ActionRow]
    problems: list[Problem]


def plan_personnel_import(*, actor, file: BinaryIO, filename: str = "") -> ImportPlan:
    """Read ``file`` (binary) and check every row against the database and ``actor``'s units."""
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return _rejected(
            _("The file is larger than %(limit)s; split it into smaller files.") % {"limit": filesizeformat(MAX_BYTES)}
        )
    if not data.strip():
        return _rejected(_("The file is empty."))
    problems: list[Problem] = []
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        raw_rows = _read_xlsx(data, problems)
    else:
        raw_rows = _read_csv(data, problems)
    if raw_rows is None:
        return ImportPlan([], problems)
    if not raw_rows and not problems:
        return _rejected(_("The file has a header but no personnel actions."))
    units = _units(actor)
    actions = _action_codes()
    rows = [row for line, values in raw_rows if (row := _parse_row(line, values, units, actions, problems))]
    return ImportPlan(rows if not problems else [], problems)


def _rejected(message: str) -> ImportPlan:
    return ImportPlan([], [Problem(None, "", message)])


def _short(value: str) -> str:
    return Truncator(value).chars(40)


# Reading


def _read_csv(data: bytes, problems: list[Problem]) -> list[tuple[int, dict[str, str]]] | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(
            Problem(
                None,
                "",
                _(
                    "The file is not UTF-8 (the first byte that is not UTF-8 is on line %(line)d). "
                    "In Excel, save it as “CSV UTF-8 (Comma delimited)” or as an Excel workbook (.xlsx)."
                )
                % {"line": line},
            )
        )
        return None
    text = unicodedata.normalize("NFC", text)
    if "\x00" in text:  # csv reads a NUL as text, and PostgreSQL cannot store one
        line = text[: text.index("\x00")].count("\n") + 1
        message = _("The file cannot be read as CSV from this line on (a stray quote or a control character).")
        problems.append(Problem(line, "", message))
        return None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        numbered = []
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            numbered.append((line, cells))
    except csv.Error:
        problems.append(
            Problem(
                reader.line_num or None,
                "",
                _("The file cannot be read as CSV from this line on (a stray quote or a control character)."),
            )
        )
        return None
    return _rows(header, numbered, problems)


def _expands_too_much(data: bytes) -> bool:
    """True when the workbook's parts unpack to more than ``MAX_EXPANDED_BYTES`` (a zip bomb). The
    sizes a zip declares can be trusted: Python's zipfile stops reading a part at its declared size."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        return sum(member.file_size for member in members) > MAX_EXPANDED_BYTES or len(members) > 5000


def _read_xlsx(data: bytes, problems: list[Problem]) -> list[tuple[int, dict[str, str]]] | None:
    from openpyxl import load_workbook

    try:
        if _expands_too_much(data):
            problems.append(Problem(None, "", _("The archive inside this document expands too much to be safe.")))
            return None
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            numbered = []
            header: list[str] | None = None
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(value) for value in values]
                if header is None:
                    header = cells
                    continue
                numbered.append((line, cells))
                if len(numbered) > MAX_ROWS + 1000:  # blank rows are skipped later; stop reading a runaway sheet
                    break
        finally:
            workbook.close()
    except Exception:  # a damaged workbook can fail anywhere in zipfile, zlib, the XML parsers or openpyxl
        problems.append(Problem(None, "", _("The file cannot be read as an Excel workbook (.xlsx).")))
        return None
    if header is None:
        problems.append(Problem(None, "", _("The file is empty.")))
        return None
    return _rows(header, numbered, problems)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value))


def _rows(
    header_cells: list[str], numbered: list[tuple[int, list[str]]], problems: list[Problem]
) -> list[tuple[int, dict[str, str]]] | None:
    header = [name.strip().casefold() for name in header_cells]
    _check_header(header, problems)
    if problems:
        return None
    rows: list[tuple[int, dict[str, str]]] = []
    for line, cells in numbered:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) == MAX_ROWS:
            problems.append(
                Problem(
                    None,
                    "",
                    _("The file has more than %(limit)d rows; split it into smaller files.") % {"limit": MAX_ROWS},
                )
            )
            return None
        if any(cell.strip() for index, cell in enumerate(cells) if index >= len(header) or not header[index]):
            problems.append(
                Problem(line, "", _("This row has more values than there are columns; check the delimiter and quotes."))
            )
            continue
        cells = cells + [""] * (len(header) - len(cells))
        rows.append((line, {name: cells[index].strip() for index, name in enumerate(header) if name}))
    return rows


def _check_header(header: list[str], problems: list[Problem]) -> None:
    known = ", ".join(COLUMNS)
    for index, name in enumerate(header):
        if not name:
            continue
        if name not in COLUMNS:
            problems.append(
                Problem(
                    1,
                    "",
                    _("Unknown column “%(column)s”. The columns are: %(columns)s.")
                    % {"column": _short(name), "columns": known},
                )
            )
        elif name in header[:index]:
            problems.append(Problem(1, name, _("Column “%(column)s” appears twice.") % {"column": name}))
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(Problem(1, name, _("Required column “%(column)s” is missing.") % {"column": name}))


# One row


def _parse_row(
    line: int, values: dict[str, str], units: dict[str, Unit], actions: dict[str, str], problems: list[Problem]
) -> ActionRow | None:
    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(Problem(line, column, message))

    for column in REQUIRED_COLUMNS:
        if not values.get(column):
            problem(column, _("Column “%(column)s” must not be empty.") % {"column": column})

    id_number = _id_number(values.get("id_number", ""))
    if values.get("id_number") and id_number is None:
        problem("id_number", _("Column “id_number”: an ID number has 9 or 12 digits."))

    action = actions.get(fold(values.get("action", "")))
    if values.get("action") and action is None:
        problem(
            "action",
            _("Column “action”: unknown action “%(value)s”. Use one of: %(codes)s (or its name).")
            % {"value": _short(values["action"]), "codes": ", ".join(PersonnelActionKind.values)},
        )

    effective_date = _date(values.get("effective_date", ""))
    if values.get("effective_date") and effective_date is None:
        problem(
            "effective_date",
            _("Column “effective_date”: “%(value)s” is not a date; write dd/mm/yyyy or yyyy-mm-dd.")
            % {"value": _short(values["effective_date"])},
        )

    code = values.get("unit_code", "")
    unit = units.get(code.casefold()) if code else None
    if code and unit is None:
        problem(
            "unit_code",
            _("Column “unit_code”: you are not a personnel officer of a unit with code “%(code)s”.")
            % {"code": _short(code)},
        )

    note = " ".join(values.get("note", "").split())
    limit = PersonnelAction._meta.get_field("note").max_length
    if len(note) > limit:
        problem(
            "note",
            _("Column “note” holds at most %(limit)d characters; this value has %(length)d.")
            % {"limit": limit, "length": len(note)},
        )

    if len(problems) > before:
        return None
    return ActionRow(line=line, id_number=id_number, action=action, effective_date=effective_date, unit=unit, note=note)


def _id_number(value: str) -> str | None:
    digits = "".join(value.split()).replace(".", "").replace("-", "")
    if not digits.isascii() or not digits.isdigit():
        return None
    if len(digits) in (CITIZEN_ID_DIGITS - 2, CITIZEN_ID_DIGITS - 1):
        digits = digits.zfill(CITIZEN_ID_DIGITS)
    return digits if len(digits) in (9, CITIZEN_ID_DIGITS) else None


def _date(value: str) -> datetime.date | None:
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, date_format).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    return None


def _action_codes() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in PersonnelActionKind.choices:
        lookup[fold(value)] = value
        for language in ("vi", "en"):
            with translation.override(language):
                lookup.setdefault(fold(str(label)), value)
    return lookup


def _units(actor) -> dict[str, Unit]:
    """Folded code → each unit where ``actor`` is a personnel officer."""
    return {unit.code.casefold(): unit for unit in personnel_units(actor)}
