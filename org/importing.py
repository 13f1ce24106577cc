"""Reading and checking a CSV file of new units, before ``org.services.unit_import_csv`` writes anything.

Every row is checked and every problem is reported at once, with the line of the file it comes from
(the header is line 1), so that the person importing can correct the whole file in one pass.
"""

import csv
import datetime
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.permissions import can_create_root_units, can_manage_unit
from baove.lib.text import fold
from org.models import PATH_WIDTH, AdministrativeLevel, Unit, UnitKind

COLUMNS = ("code", "name", "kind", "level", "parent_code", "valid_from", "valid_to", "published")
REQUIRED_COLUMNS = ("code", "name", "kind", "level")
MAX_ROWS = 5000
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
TRUE_WORDS = frozenset({"1", "co", "c", "yes", "y", "true"})
FALSE_WORDS = frozenset({"0", "khong", "k", "no", "n", "false"})
_LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file. ``line`` is None for the file as a whole."""

    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class UnitImportRejected(ValidationError):
    """The file cannot be imported; ``problems`` lists every reason, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.line or 0, COLUMNS.index(p.column) if p.column else -1))
        super().__init__([str(problem) for problem in self.problems])


@dataclass
class UnitRow:
    line: int
    code: str
    name: str
    kind: str
    level: AdministrativeLevel
    parent_code: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    published: bool

    @property
    def key(self) -> str:
        return self.code.casefold()

    @property
    def parent_key(self) -> str:
        return self.parent_code.casefold()


@dataclass
class ImportPlan:
    """Valid rows ordered parents first, and the existing units they hang from (by folded code)."""

    rows: list[UnitRow]
    existing_parents: dict[str, Unit]
    problems: list[Problem]


def plan_unit_import(*, actor, file) -> ImportPlan:
    """Read ``file`` (a binary file object) and check every row against the database and ``actor``'s rights."""
    limit = settings.UNIT_IMPORT_MAX_BYTES
    data = file.read(limit + 1)
    if len(data) > limit:
        return _rejected(
            _("The file is larger than %(limit)s; split it into smaller files.") % {"limit": filesizeformat(limit)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return _rejected(
            _(
                "The file is not UTF-8 (the first byte that is not UTF-8 is on line %(line)d). "
                "In Excel, save it as “CSV UTF-8 (Comma delimited)” and try again."
            )
            % {"line": line}
        )
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        return _rejected(_("The file is empty."))

    problems: list[Problem] = []
    raw_rows = _read_rows(text, problems)
    if raw_rows is None:
        return ImportPlan([], {}, problems)
    if not raw_rows and not problems:
        return _rejected(_("The file has a header but no units."))

    lookups = _Lookups(kinds=_kind_codes(), levels=_levels())
    rows = [row for line, values in raw_rows if (row := _parse_row(line, values, lookups, problems)) is not None]
    existing_parents = _check_codes_and_parents(actor, raw_rows, problems)
    ordered = _order_parents_first(rows, existing_parents, problems)
    return ImportPlan(ordered if not problems else [], existing_parents, problems)


def _rejected(message: str) -> ImportPlan:
    return ImportPlan([], {}, [Problem(None, "", message)])


def _short(value: str) -> str:
    return Truncator(value).chars(40)


# Reading


def _read_rows(text: str, problems: list[Problem]) -> list[tuple[int, dict[str, str]]] | None:
    """The non-blank data rows as (line of the file, {column: value}).

    None when the file cannot be read further (a bad header, broken CSV, too many rows).
    """
    if "\x00" in text:  # csv reads a NUL as text, and PostgreSQL cannot store one
        line = text[: text.index("\x00")].count("\n") + 1
        message = _("The file cannot be read as CSV from this line on (a stray quote or a control character).")
        problems.append(Problem(line, "", message))
        return None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = [name.strip().casefold() for name in next(reader)]
        _check_header(header, problems)
        if problems:
            return None
        for line, cells in _numbered(reader):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == MAX_ROWS:
                problems.append(
                    Problem(
                        None,
                        "",
                        _("The file has more than %(limit)d units; split it into smaller files.") % {"limit": MAX_ROWS},
                    )
                )
                return None
            # Spreadsheets often add empty columns at the end; they are fine as long as they stay empty.
            if any(cell.strip() for index, cell in enumerate(cells) if index >= len(header) or not header[index]):
                problems.append(
                    Problem(
                        line, "", _("This row has more values than there are columns; check the delimiter and quotes.")
                    )
                )
                continue
            cells = cells + [""] * (len(header) - len(cells))
            rows.append((line, {name: cells[index].strip() for index, name in enumerate(header) if name}))
    except csv.Error:
        problems.append(
            Problem(
                reader.line_num or None,
                "",
                _("The file cannot be read as CSV from this line on (a stray quote or a control character)."),
            )
        )
        return None
    return rows


def _numbered(reader) -> Iterator[tuple[int, list[str]]]:
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        yield line, cells


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


# One row on its own


@dataclass(frozen=True)
class _Lookups:
    kinds: dict[str, str]
    levels: dict[str, AdministrativeLevel]


def _parse_row(line: int, values: dict[str, str], lookups: _Lookups, problems: list[Problem]) -> UnitRow | None:
    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(Problem(line, column, message))

    for column in REQUIRED_COLUMNS:
        if not values.get(column):
            problem(column, _("Column “%(column)s” must not be empty.") % {"column": column})
    for column in ("code", "name", "parent_code"):
        limit = Unit._meta.get_field("code" if column == "parent_code" else column).max_length
        value = values.get(column, "")
        if len(value) > limit:
            problem(
                column,
                _("Column “%(column)s” holds at most %(limit)d characters; this value has %(length)d.")
                % {"column": column, "limit": limit, "length": len(value)},
            )

    kind = lookups.kinds.get(fold(values.get("kind", "")))
    if values.get("kind") and kind is None:
        problem(
            "kind",
            _("Column “kind”: unknown kind “%(value)s”. Use one of: %(codes)s (or its name).")
            % {"value": _short(values["kind"]), "codes": ", ".join(UnitKind.values)},
        )
    level = lookups.levels.get(fold(values.get("level", "")))
    if values.get("level") and level is None:
        codes = sorted({level.code for level in lookups.levels.values()})
        problem(
            "level",
            _("Column “level”: unknown administrative level “%(value)s”. Use one of: %(codes)s (or its name).")
            % {"value": _short(values["level"]), "codes": ", ".join(codes)},
        )

    valid_from = _date(values, "valid_from", problem)
    valid_to = _date(values, "valid_to", problem)
    if valid_from and valid_to and valid_to < valid_from:
        problem("valid_to", _("Column “valid_to”: the end date is before the start date (valid_from)."))

    published = True
    word = fold(values.get("published", ""))
    if word in FALSE_WORDS:
        published = False
    elif word and word not in TRUE_WORDS:
        problem(
            "published",
            _("Column “published”: “%(value)s” is not understood; write 1 or 0, có or không, yes or no, true or false.")
            % {"value": _short(values["published"])},
        )

    if len(problems) > before:
        return None
    return UnitRow(
        line=line,
        code=values["code"],
        name=" ".join(values["name"].split()),
        kind=kind,
        level=level,
        parent_code=values.get("parent_code", ""),
        valid_from=valid_from,
        valid_to=valid_to,
        published=published,
    )


def _date(values: dict[str, str], column: str, problem) -> datetime.date | None:
    value = values.get(column, "")
    if not value:
        return None
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, date_format).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    problem(
        column,
        _("Column “%(column)s”: “%(value)s” is not a date; write dd/mm/yyyy or yyyy-mm-dd.")
        % {"column": column, "value": _short(value)},
    )
    return None


def _kind_codes() -> dict[str, str]:
    """Folded code, Vietnamese label and English label of each kind → its code."""
    lookup: dict[str, str] = {}
    for value, label in UnitKind.choices:
        lookup[fold(value)] = value
        for language in ("vi", "en"):
            with translation.override(language):
                lookup.setdefault(fold(str(label)), value)
    return lookup


def _levels() -> dict[str, AdministrativeLevel]:
    lookup: dict[str, AdministrativeLevel] = {}
    for level in AdministrativeLevel.objects.all():
        lookup[fold(level.code)] = level
        lookup.setdefault(fold(level.name), level)
    return lookup


# Rows against each other and against the database


def _check_codes_and_parents(actor, raw_rows: list[tuple[int, dict[str, str]]], problems: list[Problem]) -> dict:
    """Duplicate and existing codes, unknown parents, and the right to add under each existing parent.

    Works on the raw values, so that a row with a bad kind still has its parent checked, and a row whose
    parent row has a mistake is not told that its parent is unknown.
    """
    existing_codes = {code.casefold(): pk for pk, code in Unit.objects.values_list("pk", "code")}
    first_line: dict[str, int] = {}
    for line, values in raw_rows:
        code = values.get("code", "")
        if not code:
            continue
        key = code.casefold()
        if key in first_line:
            problems.append(
                Problem(
                    line,
                    "code",
                    _("Column “code”: code “%(code)s” is already used on line %(line)d of this file.")
                    % {"code": _short(code), "line": first_line[key]},
                )
            )
        else:
            first_line[key] = line
        if key in existing_codes:
            problems.append(
                Problem(
                    line,
                    "code",
                    _("Column “code”: a unit with code “%(code)s” already exists.") % {"code": _short(code)},
                )
            )

    wanted = {values["parent_code"].casefold() for _line, values in raw_rows if values.get("parent_code")}
    existing_parents = _units_by_pk(
        {key: existing_codes[key] for key in wanted - first_line.keys() if key in existing_codes}
    )
    may_create_roots = can_create_root_units(actor)
    for line, values in raw_rows:
        parent_code = values.get("parent_code", "")
        parent_key = parent_code.casefold()
        if not parent_code:
            if not may_create_roots:
                problems.append(
                    Problem(
                        line,
                        "parent_code",
                        _(
                            "Column “parent_code”: only an installation administrator can create top-level units; "
                            "give the code of the unit this one belongs to."
                        ),
                    )
                )
        elif parent_key == values.get("code", "").casefold():
            problems.append(Problem(line, "parent_code", _("Column “parent_code”: a unit cannot be its own parent.")))
        elif parent_key in first_line:
            continue
        elif parent_key not in existing_parents:
            problems.append(
                Problem(
                    line,
                    "parent_code",
                    _("Column “parent_code”: no unit has code “%(code)s”, neither in the system nor in this file.")
                    % {"code": _short(parent_code)},
                )
            )
        elif not can_manage_unit(actor, existing_parents[parent_key]):
            problems.append(
                Problem(
                    line,
                    "parent_code",
                    _("Column “parent_code”: you do not administer unit “%(code)s”, so you cannot add units under it.")
                    % {"code": existing_parents[parent_key].code},
                )
            )
    return existing_parents


def _units_by_pk(pks_by_key: dict[str, int]) -> dict[str, Unit]:
    units: dict[int, Unit] = {}
    pks = sorted(pks_by_key.values())
    for start in range(0, len(pks), _LOOKUP_CHUNK):
        units.update(Unit.objects.in_bulk(pks[start : start + _LOOKUP_CHUNK]))
    return {key: units[pk] for key, pk in pks_by_key.items()}


def _order_parents_first(
    rows: list[UnitRow], existing_parents: dict[str, Unit], problems: list[Problem]
) -> list[UnitRow]:
    """Rows sorted so that each parent comes before its children; cycles and over-deep nesting are problems."""
    by_key = {row.key: row for row in rows}
    depth: dict[str, int] = {}
    top: dict[str, str] = {}  # the row at the head of each chain inside the file
    in_cycle: set[str] = set()
    for row in rows:
        chain: list[str] = []
        seen: set[str] = set()
        key = row.key
        while key in by_key and key not in depth and key not in in_cycle and key not in seen:
            chain.append(key)
            seen.add(key)
            key = by_key[key].parent_key
        if key in seen:
            cycle = chain[chain.index(key) :]
            names = " → ".join(by_key[member].code for member in [*cycle, key])
            for member in cycle if len(cycle) > 1 else []:  # a unit naming itself is reported already
                problems.append(
                    Problem(
                        by_key[member].line,
                        "parent_code",
                        _("Column “parent_code”: the parent codes form a cycle: %(cycle)s.") % {"cycle": _short(names)},
                    )
                )
            in_cycle.update(chain)
            continue
        if key in in_cycle:
            in_cycle.update(chain)
            continue
        base, head = (depth[key] + 1, top[key]) if key in depth else (0, chain[-1] if chain else row.key)
        for offset, member in enumerate(reversed(chain)):
            depth[member], top[member] = base + offset, head

    path_limit = Unit._meta.get_field("path").max_length
    pk_width = PATH_WIDTH + 1
    for row in rows:
        if row.key not in depth:
            continue
        anchor = existing_parents.get(by_key[top[row.key]].parent_key)
        if len(anchor.path if anchor else "/") + (depth[row.key] + 1) * pk_width > path_limit:
            problems.append(
                Problem(row.line, "parent_code", _("Column “parent_code”: the units are nested too deeply."))
            )
    return sorted((row for row in rows if row.key in depth), key=lambda row: (depth[row.key], row.line))
