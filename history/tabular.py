"""Reading a CSV or XLSX file into numbered rows, before any importer checks the values.

One helper for every importer: the file is refused as a whole when it is too large, not UTF-8
(CSV), not a readable workbook (XLSX), has an unknown, repeated or missing column, or too many rows;
otherwise every non-blank row comes back with the line it is on in the file (the header is line 1),
as ``{column key: text}``. Problems carry the line, the column and a message (``org.importing.Problem``),
so that the person importing corrects the whole file in one pass.

- CSV: UTF-8 with or without a byte order mark, commas or semicolons (whichever the header uses
  more), quotes as Excel writes them.
- XLSX: the first sheet; dates become ``yyyy-mm-dd``, whole numbers lose their ``.0``. A formula is
  never computed: its text (``=SUM(A1:A3)``) is read as a plain value, so nothing a file holds runs.

A column is named in the header by its key (``received_on``) or by its label in Vietnamese or
English, whatever the case, diacritics and spacing (``baove.lib.text.fold``).
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from baove.lib.text import fold
from org.importing import Problem

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# An XLSX is a zip: refuse one that would expand past this (a "zip bomb") before opening it.
MAX_XLSX_EXPANDED_BYTES = 100 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # lazy; the header of the templates, in the reader's language
    required: bool = False
    help: str = ""

    @property
    def names(self) -> set[str]:
        """The folded names the header may use for this column."""
        names = {fold(self.key)}
        for language in ("vi", "en"):
            with translation.override(language):
                names.add(fold(str(self.label)))
        return names


@dataclass
class Table:
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def short(value: str) -> str:
    return Truncator(value).chars(40)


def read_table(
    file, *, filename: str, columns: Sequence[Column], max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES
) -> Table:
    """Read ``file`` (binary file object) whole; see the module's docstring."""
    data = file.read(max_bytes + 1)
    return read_bytes(data, filename=filename, columns=columns, max_rows=max_rows, max_bytes=max_bytes)


def read_bytes(
    data: bytes, *, filename: str, columns: Sequence[Column], max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES
) -> Table:
    table = Table()
    if len(data) > max_bytes:
        return _refused(
            _("The file is larger than %(limit)s; split it into smaller files.") % {"limit": filesizeformat(max_bytes)}
        )
    if not data.strip():
        return _refused(_("The file is empty."))
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        numbered = _xlsx_lines(data, table.problems, max_rows)
    else:
        numbered = _csv_lines(data, table.problems)
    if numbered is None:
        return table
    if not numbered:
        return _refused(_("The file is empty."))
    header_cells = numbered[0][1]
    keys = _header(header_cells, columns, table.problems)
    if table.problems:
        return table
    for line, cells in numbered[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        if len(table.rows) == max_rows:
            return _refused(
                _("The file has more than %(limit)d rows; split it into smaller files.") % {"limit": max_rows}
            )
        # Spreadsheets often add empty columns at the end; they are fine as long as they stay empty.
        if any(cell.strip() for index, cell in enumerate(cells) if index >= len(keys) or keys[index] is None):
            table.problems.append(
                Problem(line, "", _("This row has more values than there are columns; check the delimiter and quotes."))
            )
            continue
        cells = cells + [""] * (len(keys) - len(cells))
        table.rows.append((line, {key: cells[index].strip() for index, key in enumerate(keys) if key}))
    if not table.rows and not table.problems:
        return _refused(_("The file has a header but no rows."))
    return table


def _refused(message: str) -> Table:
    return Table(problems=[Problem(None, "", message)])


def _csv_lines(data: bytes, problems: list[Problem]) -> list[tuple[int, list[str]]] | None:
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
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered: list[tuple[int, list[str]]] = []
    try:
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
    return numbered


def _xlsx_lines(data: bytes, problems: list[Problem], max_rows: int) -> list[tuple[int, list[str]]] | None:
    from openpyxl import load_workbook

    unreadable = Problem(None, "", _("The file cannot be read as an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        problems.append(unreadable)
        return None
    if expanded > MAX_XLSX_EXPANDED_BYTES:
        problems.append(Problem(None, "", _("The workbook is too large once unpacked; split it into smaller files.")))
        return None
    try:
        # Not data_only: a formula comes back as its text and is never computed or trusted.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        problems.append(unreadable)
        return None
    try:
        if not workbook.worksheets:
            problems.append(unreadable)
            return None
        numbered: list[tuple[int, list[str]]] = []
        for line, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            numbered.append((line, [cell_text(value) for value in values]))
            if len(numbered) > max_rows + 1000:  # blank rows are skipped later; stop reading a runaway sheet
                break
    finally:
        workbook.close()
    return numbered


def cell_text(value) -> str:
    """A workbook cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = getattr(value, "text", value)  # an array formula keeps its text in ``text``
    return unicodedata.normalize("NFC", str(text))


def _header(cells: list[str], columns: Sequence[Column], problems: list[Problem]) -> list[str | None]:
    """The column key of each header cell (None for an empty one)."""
    by_name = {name: column for column in columns for name in column.names}
    keys: list[str | None] = []
    known = ", ".join(str(column.label) for column in columns)
    for cell in cells:
        name = fold(cell)
        if not name:
            keys.append(None)
            continue
        column = by_name.get(name)
        if column is None:
            problems.append(
                Problem(
                    1,
                    "",
                    _("Unknown column “%(column)s”. The columns are: %(columns)s.")
                    % {"column": short(cell.strip()), "columns": known},
                )
            )
            keys.append(None)
        elif column.key in keys:
            problems.append(Problem(1, str(column.label), _("This column appears twice.")))
            keys.append(None)
        else:
            keys.append(column.key)
    for column in columns:
        if column.required and column.key not in keys:
            problems.append(
                Problem(1, str(column.label), _("Required column “%(column)s” is missing.") % {"column": column.label})
            )
    return keys


class ImportRejected(ValidationError):
    """The file cannot be imported; ``problems`` lists every reason, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda problem: problem.line or 0)
        super().__init__([str(problem) for problem in self.problems])


# Values of one row


WHOLE_NUMBER = re.compile(r"[0-9]+|[0-9]{1,3}(?:[., ][0-9]{3})+")
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
TRUE_WORDS = frozenset({"1", "co", "c", "x", "yes", "y", "true"})
FALSE_WORDS = frozenset({"0", "khong", "k", "no", "n", "false"})
LIST_SEPARATORS = (";", "|", "\n")


def choice_lookup(choices, **aliases: str) -> dict[str, str]:
    """Folded code, Vietnamese label and English label of each choice (and ``aliases``) → its value."""
    lookup: dict[str, str] = {}
    for value, label in choices:
        lookup[fold(value)] = value
        for language in ("vi", "en"):
            with translation.override(language):
                lookup.setdefault(fold(str(label)), value)
    for alias, value in aliases.items():
        lookup.setdefault(fold(alias.replace("_", " ")), value)
    return lookup


class Row:
    """One row's values, read column by column; each problem is recorded with the line and column."""

    def __init__(self, line: int, values: dict[str, str], columns: Sequence[Column], problems: list[Problem]):
        self.line, self.values, self.problems = line, values, problems
        self.labels = {column.key: str(column.label) for column in columns}
        self.required = {column.key for column in columns if column.required}
        self._before = len(problems)

    @property
    def ok(self) -> bool:
        return len(self.problems) == self._before

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.line, self.labels.get(key, key), message))

    def raw(self, key: str) -> str:
        return self.values.get(key, "")

    def _present(self, key: str, required: bool | None) -> bool:
        value = self.raw(key)
        if not value and (key in self.required if required is None else required):
            self.problem(key, _("This column must not be empty."))
        return bool(value)

    def text(self, key: str, *, max_length: int, required: bool | None = None) -> str:
        if not self._present(key, required):
            return ""
        value = " ".join(self.raw(key).split())
        if len(value) > max_length:
            self.problem(
                key,
                _("At most %(limit)d characters; this value has %(length)d.")
                % {"limit": max_length, "length": len(value)},
            )
        return value

    def date(self, key: str, *, required: bool | None = None, today: datetime.date | None = None):
        if not self._present(key, required):
            return None
        value = self.raw(key)
        for date_format in DATE_FORMATS:
            try:
                day = datetime.datetime.strptime(value, date_format).date()  # noqa: DTZ007 (a date, no time)
            except ValueError:
                continue
            if today is not None and day > today:
                self.problem(key, _("“%(value)s” is in the future.") % {"value": short(value)})
                return None
            return day
        self.problem(
            key, _("“%(value)s” is not a valid date; write dd/mm/yyyy, e.g. 31/12/2020.") % {"value": short(value)}
        )
        return None

    def integer(self, key: str, *, required: bool | None = None, minimum: int = 0, default: int = 0) -> int:
        if not self._present(key, required):
            return default
        # Digits, with dots, commas or spaces between groups of three (1.250, 1,250, 1 250).
        text = self.raw(key)
        value = re.sub(r"[., ]", "", text) if WHOLE_NUMBER.fullmatch(text) else ""
        if not value or int(value) < minimum:
            self.problem(
                key,
                _("“%(value)s” is not a whole number of at least %(minimum)d.")
                % {"value": short(self.raw(key)), "minimum": minimum},
            )
            return default
        return int(value)

    def boolean(self, key: str, *, default: bool = False) -> bool:
        word = fold(self.raw(key))
        if not word:
            return default
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.problem(
            key,
            _("“%(value)s” is not understood; write có or không (1 or 0, yes or no).")
            % {"value": short(self.raw(key))},
        )
        return default

    def choice(self, key: str, lookup: dict[str, str], *, required: bool | None = None) -> str:
        if not self._present(key, required):
            return ""
        value = lookup.get(fold(self.raw(key)))
        if value is None:
            self._unknown(key, self.raw(key), lookup)
            return ""
        return value

    def choices(self, key: str, lookup: dict[str, str], *, required: bool | None = None) -> list[str]:
        """Several values in one cell, separated by semicolons (or | or line breaks); repeats kept."""
        if not self._present(key, required):
            return []
        text = self.raw(key)
        for separator in LIST_SEPARATORS[1:]:
            text = text.replace(separator, LIST_SEPARATORS[0])
        chosen = []
        for part in (part.strip() for part in text.split(LIST_SEPARATORS[0])):
            if not part:
                continue
            value = lookup.get(fold(part))
            if value is None:
                self._unknown(key, part, lookup)
                return []
            chosen.append(value)
        if not chosen:
            self.problem(key, _("This column must not be empty."))
        return chosen

    def _unknown(self, key: str, value: str, lookup: dict[str, str]) -> None:
        codes = sorted(set(lookup.values()))
        self.problem(
            key,
            _("Unknown value “%(value)s”. Use one of: %(codes)s (or its name).")
            % {"value": short(value), "codes": ", ".join(codes)},
        )
