"""Importing personnel actions from CSV and XLSX: every row checked, by line, nothing half-imported."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from audit.models import AuditEvent
from retaliation.models import Alert, EntrySource, PersonnelAction

from .conftest import make_case

pytestmark = pytest.mark.django_db

IMPORT = reverse("retaliation:personnel_import")
HEADER = "id_number,full_name,action,effective_date,unit_code,note\n"


def csv_file(text: str, name="actions.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="actions.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


GOOD_ROWS = (
    "001199012345,Đinh Thị Một,transfer,01/12/2026,UBND-HB,QĐ 1\n"
    "036199004321,Trần Văn Hai,Luân chuyển,2026-12-02,ubnd-hb,\n"
    "024088001111,Lê Thị Ba,appraisal,15/12/2026,UBND-HB,Xếp loại năm\n"
)


def test_one_bad_row_refuses_the_file_with_its_line_and_saves_nothing(people, units, client_for):
    bad = HEADER + GOOD_ROWS + "0241,Phạm Bốn,promotion,31/02/2026,TU-LC,\n"
    response = client_for(people.personnel).post(IMPORT, {"file": csv_file(bad)})

    assert response.status_code == 200
    problems = response.context["problems"]
    assert {(p.line, p.column) for p in problems} == {
        (5, "id_number"),
        (5, "action"),
        (5, "effective_date"),
        (5, "unit_code"),
    }
    page = response.content.decode()
    assert "Không có gì được lưu" in page
    assert not PersonnelAction.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="retaliation.").exists()


def test_the_fixed_file_imports_and_alerts_on_the_protected_person(people, units, client_for):
    case = make_case(units.committee)
    response = client_for(people.personnel).post(IMPORT, {"file": csv_file(HEADER + GOOD_ROWS)}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("retaliation:personnel")
    assert "3 " in response.content.decode()
    actions = PersonnelAction.objects.order_by("effective_date")
    assert [a.action for a in actions] == ["transfer", "rotation", "appraisal"]
    assert {a.source for a in actions} == {EntrySource.IMPORT}
    assert actions[1].effective_date == datetime.date(2026, 12, 2)
    assert Alert.objects.get().case == case
    assert AuditEvent.objects.get(action="retaliation.personnel_action.import").details == {"count": 3}


def test_semicolons_and_a_byte_order_mark_are_fine(people, units, client_for):
    text = "\ufeff" + (HEADER + GOOD_ROWS).replace(",", ";")
    client_for(people.personnel).post(IMPORT, {"file": csv_file(text)})
    assert PersonnelAction.objects.count() == 3


def test_a_bad_header_is_reported_on_line_one(people, client_for):
    response = client_for(people.personnel).post(IMPORT, {"file": csv_file("cccd,ten\n1,2\n")})
    problems = response.context["problems"]
    assert {p.line for p in problems} == {1}
    assert not PersonnelAction.objects.exists()


def test_xlsx_imports_with_dates_and_numbers_as_excel_keeps_them(people, units, client_for):
    make_case(units.committee)
    rows = [
        ["id_number", "full_name", "action", "effective_date", "unit_code", "note"],
        # Typed as a number, Excel dropped the leading zeros of 001199012345.
        [1199012345, "Đinh Thị Một", "điều chuyển", datetime.datetime(2026, 12, 1), "UBND-HB", None],  # noqa: DTZ001 (an Excel date cell),
        ["036199004321", "Trần Văn Hai", "discipline", "03/12/2026", "UBND-HB", "Kỷ luật"],
    ]
    response = client_for(people.personnel).post(IMPORT, {"file": xlsx_file(rows)})

    assert response.status_code == 302
    assert PersonnelAction.objects.count() == 2
    assert Alert.objects.count() == 1


def test_xlsx_problems_carry_the_row_number(people, units, client_for):
    rows = [
        ["id_number", "full_name", "action", "effective_date", "unit_code", "note"],
        ["036199004321", "Trần Văn Hai", "discipline", "03/12/2026", "UBND-HB", ""],
        [None, None, None, None, None, None],
        ["036199004321", "", "discipline", "03/12/2026", "UBND-HB", ""],
    ]
    response = client_for(people.personnel).post(IMPORT, {"file": xlsx_file(rows)})
    assert [(p.line, p.column) for p in response.context["problems"]] == [(4, "full_name")]
    assert not PersonnelAction.objects.exists()


def test_a_file_that_is_neither_is_refused(people, client_for):
    response = client_for(people.personnel).post(IMPORT, {"file": xlsx_file([], name="x.xlsx")})
    assert response.context["problems"]
    junk = SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not really a workbook")
    response = client_for(people.personnel).post(IMPORT, {"file": junk})
    assert response.context["problems"][0].line is None


def test_the_templates_download_and_import_back(people, units, client_for):
    client = client_for(people.personnel)
    response = client.get(reverse("retaliation:personnel_template_csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffid_number,full_name,action,effective_date,unit_code,note")
    assert "UBND-HB" in text

    response = client.get(reverse("retaliation:personnel_template_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == [
        "id_number",
        "full_name",
        "action",
        "effective_date",
        "unit_code",
        "note",
    ]

    client.post(IMPORT, {"file": SimpleUploadedFile("t.xlsx", response.content)})
    assert PersonnelAction.objects.count() == 2


def test_the_problem_list_never_repeats_an_id_number(people, units, client_for):
    bad = HEADER + "0011990123456789,Đinh Thị Một,transfer,01/12/2026,UBND-HB,\n"
    page = client_for(people.personnel).post(IMPORT, {"file": csv_file(bad)}).content.decode()
    assert "0011990123456789" not in page
