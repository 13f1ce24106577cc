"""Hostile files through the two importers: units (CSV) and personnel actions (CSV or XLSX).

Each drawn file is a good file, or a good file with one thing broken (a byte that is not UTF-8, a
NUL, an unknown value, a duplicate, a stray quote, random bytes, a damaged or bombed workbook). A
good file must be imported whole, with its Vietnamese text stored in NFC and its formulas as plain
text; a broken one must come back as a list of problems with nothing saved. Never a server error.
"""

import csv
import io
import re
import unicodedata
import zipfile

import pytest
from django.urls import reverse
from hypothesis import assume, event, given
from hypothesis import strategies as st
from openpyxl import Workbook

from audit.models import AuditEvent
from conftest import signed_in
from org.models import Unit
from proofs import strategies as hostile
from proofs.tests.conftest import proof, rolled_back
from retaliation import importing
from retaliation.models import PersonnelAction, PersonnelActionKind

pytestmark = pytest.mark.django_db

NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
UNIT_IMPORT = reverse("org:unit_import")
PERSONNEL_IMPORT = reverse("retaliation:personnel_import")
UNIT_COLUMNS = ("code", "name", "kind", "level", "parent_code", "valid_from", "valid_to", "published")
ACTION_COLUMNS = ("id_number", "full_name", "action", "effective_date", "unit_code", "note")
# Text for a unit's name or a note: every trap but NUL (a NUL is one of the breakages below).
names = hostile.hostile_line(
    max_parts=4,
    fragments=hostile.VIETNAMESE
    + hostile.MARKUP
    + hostile.FORMULAS
    + hostile.PATHS
    + hostile.BIDI
    + hostile.ODD
    + ("\x01", "\x1b", "\t"),
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
)


def _csv_bytes(rows: list[list[str]], *, delimiter: str, bom: bool, crlf: bool) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n").writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode()


def _stored(text: str) -> str:
    """How an importer keeps a text cell: NFC, trimmed, inner spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


BREAKAGES = ("not UTF-8", "NUL", "unknown value", "duplicate", "stray quote", "random bytes", "too long")


def _break(draw, data: bytes, rows: list[list[str]], breakage: str, rebuild, long_column: int) -> bytes:
    if breakage == "not UTF-8":
        at = draw(st.integers(0, 1000)) * len(data) // 1000  # workbooks differ in length from run to run
        return data[:at] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xc0\xaf"])) + data[at:]
    if breakage == "random bytes":
        return draw(st.binary(min_size=1, max_size=300))
    if breakage == "truncated":
        return data[: draw(st.integers(50, 950)) * len(data) // 1000]
    row = draw(st.integers(1, len(rows) - 1))
    column = draw(st.integers(0, len(rows[0]) - 1))
    rows = [list(r) for r in rows]
    if breakage == "NUL":
        rows[row][column] = rows[row][column][:1] + "\x00" + rows[row][column][1:]
    elif breakage == "unknown value":
        rows[row][2] = "không rõ loại"
    elif breakage == "duplicate":
        rows.append(list(rows[row]))
    elif breakage == "too long":
        rows[row][long_column] = "Đ" * 600
    elif breakage == "stray quote":
        return data + b'"' + "dòng chưa đóng, ngoặc kép".encode()
    return rebuild(rows)


@st.composite
def unit_files(draw, breakage: str | None):
    count = draw(st.integers(1, 4))
    rows = [list(UNIT_COLUMNS)]
    for index in range(count):
        code = f"FZ-{index}-" + draw(st.from_regex(r"[A-Z0-9]{1,6}", fullmatch=True))
        name = draw(st.one_of(names, st.sampled_from(hostile.FORMULAS[:6] + hostile.VIETNAMESE)))
        name = name if _stored(name) else name + "Chi bộ"
        level = draw(st.sampled_from(["commune", "Cấp xã", "division"]))
        rows.append([code, name, draw(st.sampled_from(["party_committee", "Cấp ủy đảng"])), level, "TU-HB", "", "", ""])
    layout = {"delimiter": draw(st.sampled_from([",", ";"])), "bom": draw(st.booleans()), "crlf": draw(st.booleans())}

    def rebuild(new_rows):
        return _csv_bytes(new_rows, **layout)

    data = rebuild(rows)
    if breakage:
        data = _break(draw, data, rows, breakage, rebuild, long_column=1)
    return data, rows[1:], breakage


@pytest.fixture
def admin_client(people):
    return signed_in(people.admin)


@pytest.mark.parametrize("breakage", [None, *BREAKAGES])
@proof(max_examples=8)
@given(data=st.data())
def test_a_unit_file_is_imported_whole_or_refused_whole(admin_client, breakage, data):
    drawn = data.draw(unit_files(breakage))
    with rolled_back():
        _check_unit_file(admin_client, *drawn)


def _check_unit_file(admin_client, data, rows, breakage):
    before = Unit.objects.count(), AuditEvent.objects.filter(action="org.unit.import").count()
    event(f"breakage: {breakage}")
    response = admin_client.post(UNIT_IMPORT, {"file": io.BytesIO(data)})

    if breakage:
        assert response.status_code == 200, response.content
        assert response.context["problems"], "a broken file was neither imported nor explained"
        assert all(str(problem).strip() for problem in response.context["problems"])
        assert (Unit.objects.count(), AuditEvent.objects.filter(action="org.unit.import").count()) == before
        for markup in hostile.MARKUP:
            assert markup not in response.content.decode()
    else:
        assert response.status_code == 302, response.context and response.context["problems"]
        stored = dict(Unit.objects.filter(code__in=[row[0] for row in rows]).values_list("code", "name"))
        assert stored == {row[0]: _stored(row[1]) for row in rows}
        # Formulas and markup are names like any other, shown as text.
        page = admin_client.get(reverse("org:unit_list"), {"q": rows[0][0]})
        assert page.status_code == 200
        for markup in hostile.MARKUP:
            assert markup not in page.content.decode()


def _workbook(rows: list[list[str]]) -> bytes:
    """A workbook of text cells, as a person who typed them would save it (a leading = is text)."""
    workbook = Workbook()
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            workbook.active.cell(row=row_number, column=column, value=value).data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@st.composite
def action_files(draw, as_xlsx: bool, breakage: str | None):
    count = draw(st.integers(1, 4))
    rows = [list(ACTION_COLUMNS)]
    for _index in range(count):
        note = draw(st.one_of(names, st.sampled_from(hostile.FORMULAS[:6])))
        full_name = draw(st.one_of(st.sampled_from([hostile.NAME_NFC, hostile.NAME_NFD]), names))
        assume(full_name.strip() and len(_stored(note)) <= 500)
        rows.append(
            [
                draw(st.from_regex(r"0[0-9]{11}", fullmatch=True)),
                full_name,
                draw(st.sampled_from(list(PersonnelActionKind.values) + ["Luân chuyển"])),
                draw(st.sampled_from(["01/12/2026", "2026-12-02", "29/02/2028"])),
                draw(st.sampled_from(["UBND-HB", "ubnd-hb"])),
                note,
            ]
        )
    if as_xlsx:
        # A workbook cannot hold control characters or U+FFFE/U+FFFF: spreadsheets refuse to write them.
        rows = [[NOT_IN_XML.sub("", value) for value in row] for row in rows]
        assume(all(row[1].strip() for row in rows))
    layout = {"delimiter": draw(st.sampled_from([",", ";"])), "bom": draw(st.booleans()), "crlf": draw(st.booleans())}

    def rebuild(new_rows):
        return _workbook(new_rows) if as_xlsx else _csv_bytes(new_rows, **layout)

    data = rebuild(rows)
    if breakage:
        data = _break(draw, data, rows, breakage, rebuild, long_column=5)
    return data, rows[1:], breakage, "actions.xlsx" if as_xlsx else "actions.csv"


@pytest.fixture
def personnel_client(people):
    return signed_in(people.personnel)


def _import(client, data: bytes, name: str):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(PERSONNEL_IMPORT, {"file": upload})


# Several actions of one person on one day are allowed: a duplicate row is no breakage here; and a
# workbook cannot hold a NUL or a stray quote, and a zip does not mind a stray byte in front of it.
ACTION_CASES = [("csv", b) for b in (None, *BREAKAGES) if b != "duplicate"] + [
    ("xlsx", b) for b in (None, "truncated", "unknown value", "random bytes", "too long")
]


@pytest.mark.parametrize(("file_format", "breakage"), ACTION_CASES)
@proof(max_examples=6)
@given(data=st.data())
def test_a_personnel_file_is_imported_whole_or_refused_whole(personnel_client, file_format, breakage, data):
    drawn = data.draw(action_files(file_format == "xlsx", breakage))
    with rolled_back():
        _check_personnel_file(personnel_client, *drawn)


def _check_personnel_file(personnel_client, data, rows, breakage, name):
    before = PersonnelAction.objects.count()
    event(f"{name}, breakage: {breakage}")
    response = _import(personnel_client, data, name)

    if breakage:
        assert response.status_code == 200, response.content
        assert response.context["problems"], "a broken file was neither imported nor explained"
        assert PersonnelAction.objects.count() == before
    else:
        assert response.status_code == 302, response.context and response.context["problems"]
        notes = list(PersonnelAction.objects.order_by("-pk")[: len(rows)].values_list("note", flat=True))
        assert sorted(notes) == sorted(_stored(row[5]) for row in rows)


def _xlsx_with(member: str, old: bytes, new: bytes) -> bytes:
    """A good personnel workbook with one part's XML changed."""
    workbook = Workbook()
    for row in ([*ACTION_COLUMNS], ["001199012345", "Lê Thị Ba", "transfer", "01/12/2026", "UBND-HB", "NOTE"]):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    good = buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, data.replace(old, new) if info.filename == member else data)
    return out.getvalue()


DAMAGED_WORKBOOKS = {
    "a character reference XML forbids": ("xl/worksheets/sheet1.xml", b"NOTE", b"a&#1;b"),
    "a broken tag in a cell": ("xl/worksheets/sheet1.xml", b"NOTE", b"a<b"),
    "a forbidden character in the sheet": (
        "xl/worksheets/sheet1.xml",
        b"<sheetData>",
        b'<sheetData><row r="9"><c r="A9" t="inlineStr"><is><t>x&#0;</t></is></c></row>',
    ),
    "an entity expansion": (
        "xl/worksheets/sheet1.xml",
        b"<sheetData>",
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><sheetData>',
    ),
    "a truncated sheet": ("xl/worksheets/sheet1.xml", b"</sheetData>", b""),
    "no workbook part": ("xl/workbook.xml", b"<workbook", b"<notebook"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGED_WORKBOOKS))
def test_a_damaged_workbook_is_refused_with_a_problem(personnel_client, damage):
    response = _import(personnel_client, _xlsx_with(*DAMAGED_WORKBOOKS[damage]), "actions.xlsx")

    assert response.status_code == 200
    assert response.context["problems"]
    assert not PersonnelAction.objects.exists()


def test_a_workbook_that_expands_too_much_is_refused_before_it_is_read(personnel_client, monkeypatch):
    monkeypatch.setattr(importing, "MAX_EXPANDED_BYTES", 1024 * 1024)
    bomb = _xlsx_with("xl/worksheets/sheet1.xml", b"<sheetData>", b"<sheetData>" + b" " * (1024 * 1024))

    response = _import(personnel_client, bomb, "actions.xlsx")

    assert len(bomb) < 20_000
    assert response.status_code == 200
    assert response.context["problems"]
    assert not PersonnelAction.objects.exists()


@proof(max_examples=20)
@given(at=st.integers(0, 10_000), junk=st.binary(min_size=1, max_size=40))
def test_any_damage_to_a_workbook_gets_an_answer_never_a_crash(personnel_client, at, junk):
    good = _workbook([list(ACTION_COLUMNS), ["001199012345", "Lê Thị Ba", "transfer", "01/12/2026", "UBND-HB", ""]])
    at = at % len(good)
    before = PersonnelAction.objects.count()
    response = _import(personnel_client, good[:at] + junk + good[at + len(junk) :], "actions.xlsx")

    assert response.status_code in (200, 302)
    event(f"status {response.status_code}")
    if response.status_code == 200:
        assert response.context["problems"]
        assert PersonnelAction.objects.count() == before


@pytest.mark.parametrize("importer", ["units", "personnel"])
def test_a_file_over_the_upload_cap_gets_a_problem_not_a_blank_form(people, settings, importer):
    """Past the upload cap the upload stops before the form sees a file (baove.uploads): the page must
    still say why nothing was imported."""
    settings.EVIDENCE_MAX_FILE_BYTES = 64 * 1024
    url, user, model = {
        "units": (UNIT_IMPORT, people.admin, Unit),
        "personnel": (PERSONNEL_IMPORT, people.personnel, PersonnelAction),
    }[importer]
    before = model.objects.count()
    big = b"code,name,kind,level\r\n" + b"X,Chi bo,party_committee,commune\r\n" * 3000

    response = signed_in(user).post(url, {"file": io.BytesIO(big)})

    assert response.status_code == 200
    problems = response.context["problems"]
    assert problems, "a blank form and no word of why"
    assert all(problem.message in response.content.decode() for problem in problems)
    assert model.objects.count() == before
