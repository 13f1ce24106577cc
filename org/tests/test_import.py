import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from org import importing
from org.importing import UnitImportRejected
from org.models import Unit, UnitKind
from org.services import unit_import_csv

pytestmark = pytest.mark.django_db

IMPORT = reverse("org:unit_import")
HEADER = "code,name,kind,level,parent_code,valid_from,valid_to,published"


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return "\r\n".join([header, *lines, ""]).encode()


def _upload(data: bytes, name: str = "don-vi.csv") -> dict:
    return {"file": SimpleUploadedFile(name, data, content_type="text/csv")}


def _problems(actor, data: bytes) -> set[tuple[int | None, str]]:
    with pytest.raises(UnitImportRejected) as rejected:
        unit_import_csv(actor=actor, file=io.BytesIO(data))
    return {(problem.line, problem.column) for problem in rejected.value.problems}


GOOD = _csv(
    "CB-AB-1,Chi bộ thôn 1,party_committee,division,DU-XA-AB,,,",
    "UBKT-XA-AB,Ủy ban Kiểm tra Đảng ủy xã An Bình,Inspection commission,commune,DU-XA-AB,2025-07-01,,1",
    "DU-XA-AB,Đảng ủy xã An Bình,Cấp ủy đảng,Cấp xã,TU-HB,01/07/2025,,có",
    "UBND-XA-AB,Ủy ban nhân dân xã An Bình,ủy ban nhân dân,COMMUNE,tu-hb,,,không",
)


def test_a_good_file_in_child_before_parent_order_imports_everything(units, people, client_for):
    response = client_for(people.admin).post(IMPORT, _upload(GOOD), follow=True)

    assert "Đã nhập 4 đơn vị" in response.content.decode()
    commune = Unit.objects.get(code="DU-XA-AB")
    branch = Unit.objects.get(code="CB-AB-1")
    inspection = Unit.objects.get(code="UBKT-XA-AB")
    committee = Unit.objects.get(code="UBND-XA-AB")
    assert commune.parent == units.province and commune.chain_ids == [units.province.pk, commune.pk]
    assert branch.parent == commune and branch.chain_ids == [*commune.chain_ids, branch.pk] and branch.depth == 2
    assert inspection.parent == commune and inspection.kind == UnitKind.INSPECTION_COMMISSION
    assert committee.parent == units.province and committee.kind == UnitKind.PEOPLES_COMMITTEE
    assert commune.valid_from == inspection.valid_from
    assert commune.published and not committee.published


def test_an_import_writes_one_audit_event_per_parent_it_hangs_from(units, people):
    unit_import_csv(actor=people.admin, file=io.BytesIO(GOOD))

    event = AuditEvent.objects.get(action="org.unit.import")
    assert event.unit == units.province
    assert event.actor == people.admin
    assert event.details["count"] == 4
    assert sorted(event.details["codes"]) == ["CB-AB-1", "DU-XA-AB", "UBKT-XA-AB", "UBND-XA-AB"]
    assert not AuditEvent.objects.filter(action="org.unit.create", actor=people.admin).exists()


BAD = _csv(
    ",Thiếu mã,party_committee,commune,TU-HB,,,",  # 2: code missing
    "X1,Loại lạ,khong-ro,commune,TU-HB,,,",  # 3: unknown kind
    "X2,Cấp lạ,party_committee,cap-moi,TU-HB,31/02/2025,,",  # 4: unknown level, bad date
    "X3,Ngày ngược,party_committee,commune,TU-HB,01/07/2025,01/01/2025,",  # 5: end before start
    "X1,Trùng mã,party_committee,commune,TU-HB,,,",  # 6: duplicate in the file
    "ubnd-hb,Đã có,party_committee,commune,TU-HB,,,",  # 7: exists already
    "X4,Cha không có,party_committee,commune,KHONG-CO,,,",  # 8: unknown parent
    "X5,Vòng 1,party_committee,commune,X6,,,",  # 9: cycle
    "X6,Vòng 2,party_committee,commune,X5,,,",  # 10: cycle
    "X7,Xuất bản?,party_committee,commune,TU-HB,,,có lẽ",  # 11: published not understood
    f"X8,{'Dài' * 100},party_committee,commune,TU-HB,,,",  # 12: name too long
    "X9,Chính nó,party_committee,commune,X9,,,",  # 13: its own parent
    "X10,Đúng,party_committee,commune,X1,,,",  # 14: fine (its parent row has a mistake)
)


def test_every_bad_row_is_reported_with_its_line_and_column(units, people):
    count = Unit.objects.count()

    problems = _problems(people.admin, BAD)

    assert problems == {
        (2, "code"),
        (3, "kind"),
        (4, "level"),
        (4, "valid_from"),
        (5, "valid_to"),
        (6, "code"),
        (7, "code"),
        (8, "parent_code"),
        (9, "parent_code"),
        (10, "parent_code"),
        (11, "published"),
        (12, "name"),
        (13, "parent_code"),
    }
    assert Unit.objects.count() == count


def test_the_import_page_lists_the_problems_and_saves_nothing(units, people, client_for):
    count = Unit.objects.count()

    response = client_for(people.admin).post(IMPORT, _upload(BAD))
    page = response.content.decode()

    assert response.status_code == 200
    assert Unit.objects.count() == count
    assert "Không có gì được lưu" in page
    assert '<td class="num">6</td><td>code</td>' in page
    assert "đã dùng ở dòng 3" in page
    assert "Cột “kind”: không có loại “khong-ro”" in page
    assert "X5 → X6 → X5" in page or "X6 → X5 → X6" in page
    assert "KHONG-CO" in page


@pytest.mark.parametrize(
    ("text", "bom"),
    [
        ("code;name;kind;level;parent_code\r\nDU-XA-AB;Đảng ủy xã An Bình;party_committee;commune;TU-HB\r\n", True),
        ("code;name;kind;level;parent_code\nDU-XA-AB;Đảng ủy xã An Bình;party_committee;commune;TU-HB\n", False),
        ("code,name,kind,level,parent_code\r\nDU-XA-AB,Đảng ủy xã An Bình,party_committee,commune,TU-HB\r\n", True),
    ],
)
def test_semicolons_and_a_byte_order_mark_are_understood(units, people, client_for, text, bom):
    data = ("\ufeff" if bom else "").encode() + text.encode()

    response = client_for(people.admin).post(IMPORT, _upload(data))

    assert response.status_code == 302
    assert Unit.objects.get(code="DU-XA-AB").name == "Đảng ủy xã An Bình"


def test_quoted_values_may_hold_the_delimiter(units, people):
    data = _csv('DU-XA-AB,"Đảng ủy xã An Bình, huyện cũ",party_committee,commune,TU-HB,,,')

    unit_import_csv(actor=people.admin, file=io.BytesIO(data))

    assert Unit.objects.get(code="DU-XA-AB").name == "Đảng ủy xã An Bình, huyện cũ"


def test_a_file_that_is_not_utf8_gets_a_clear_message(units, people, client_for):
    data = "code,name,kind,level,parent_code\r\nCB-HB,Chi bo Hòa Bình,party_committee,division,TU-HB\r\n"
    count = Unit.objects.count()

    response = client_for(people.admin).post(IMPORT, _upload(data.encode("latin-1")))

    assert "Tệp không phải UTF-8" in response.content.decode()
    assert "dòng 2" in response.content.decode()
    assert Unit.objects.count() == count


def test_a_commune_admin_cannot_import_top_level_units_or_units_under_the_province(units, people, client_for):
    data = _csv(
        "XA-MOI,Xã mới,party_committee,commune,,,,",
        "SO-MOI,Sở mới,department,province,TU-HB,,,",
        "CB-TP-1,Chi bộ thôn 1,party_committee,division,XA-TP,,,",
    )
    count = Unit.objects.count()

    assert _problems(people.commune_admin, data) == {(2, "parent_code"), (3, "parent_code")}
    page = client_for(people.commune_admin).post(IMPORT, _upload(data)).content.decode()
    assert "chỉ quản trị viên toàn hệ thống" in page
    assert "bạn không quản trị đơn vị “TU-HB”" in page
    assert Unit.objects.count() == count


def test_a_commune_admin_imports_under_their_commune(units, people):
    data = _csv("CB-TP-1,Chi bộ thôn 1,party_committee,division,XA-TP,,,")

    unit_import_csv(actor=people.commune_admin, file=io.BytesIO(data))

    assert Unit.objects.get(code="CB-TP-1").parent == units.commune


def test_an_outsider_cannot_import_under_another_province(units, people):
    data = _csv("SO-MOI,Sở mới,department,province,UBND-HB,,,")

    assert _problems(people.outsider, data) == {(2, "parent_code")}


def test_a_handler_cannot_open_the_import(units, people, client_for):
    client = client_for(people.handler)

    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, _upload(GOOD)).status_code == 403
    assert client.get(reverse("org:unit_import_template")).status_code == 403
    assert not Unit.objects.filter(code="DU-XA-AB").exists()


def test_formula_and_script_text_is_stored_as_is_and_shown_escaped(units, people, client_for):
    formula = '=HYPERLINK("http://example.invalid","bấm")'
    script = "<script>alert(1)</script>"
    data = _csv(
        f'CT-1,"{formula.replace(chr(34), chr(34) * 2)}",other,division,TU-HB,,,',
        f"CT-2,{script},other,division,TU-HB,,,",
    )

    unit_import_csv(actor=people.admin, file=io.BytesIO(data))
    page = client_for(people.admin).get(reverse("org:unit_list")).content.decode()

    assert Unit.objects.get(code="CT-1").name == formula
    assert Unit.objects.get(code="CT-2").name == script
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert script not in page
    assert "=HYPERLINK(&quot;http://example.invalid&quot;,&quot;bấm&quot;)" in page


def test_script_text_in_a_bad_file_is_shown_escaped_in_the_problems(units, people, client_for):
    data = _csv("X1,Tên,<script>alert(1)</script>,commune,TU-HB,,,")

    page = client_for(people.admin).post(IMPORT, _upload(data)).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_a_header_with_unknown_or_missing_columns_is_refused(units, people):
    data = _csv("X1,Tên,other", header="code,ten,kind")

    assert _problems(people.admin, data) == {(1, ""), (1, "name"), (1, "level")}


def test_too_many_rows_are_refused(units, people, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    data = _csv(*(f"CB-{n},Chi bộ {n},party_committee,division,TU-HB,,," for n in range(3)))

    assert _problems(people.admin, data) == {(None, "")}
    assert not Unit.objects.filter(code__startswith="CB-").exists()


def test_a_file_that_is_too_large_is_refused(units, people, settings):
    settings.UNIT_IMPORT_MAX_BYTES = 100

    assert _problems(people.admin, GOOD) == {(None, "")}


def test_an_empty_file_and_a_header_alone_are_refused(units, people):
    assert _problems(people.admin, b"\xef\xbb\xbf") == {(None, "")}
    assert _problems(people.admin, _csv()) == {(None, "")}


def test_the_template_downloads_and_imports_as_it_is(units, people, client_for):
    client = client_for(people.admin)

    response = client.get(reverse("org:unit_import_template"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf" + HEADER.encode())
    assert "Đảng ủy xã An Bình" in response.content.decode("utf-8-sig")
    imported = client.post(IMPORT, _upload(response.content))
    assert imported.status_code == 302
    assert Unit.objects.get(code="UBKT-XA-AB").parent == Unit.objects.get(code="DU-XA-AB")


def test_checking_a_file_takes_the_same_number_of_queries_for_few_or_many_rows(units, people):
    def queries_for(count: int) -> int:
        data = _csv(*(f"CB-{n},Chi bộ {n},party_committee,division,XA-TP,,," for n in range(count)))
        with CaptureQueriesContext(connection) as queries:
            plan = importing.plan_unit_import(actor=people.admin, file=io.BytesIO(data))
        assert not plan.problems and len(plan.rows) == count
        return len(queries)

    assert queries_for(3) == queries_for(60)


def test_a_row_with_too_many_values_does_not_hide_the_other_problems(units, people):
    data = _csv("X1,Tên,other,division,TU-HB,,,,thừa", "X2,Tên,other,cap-moi,TU-HB,,,")

    assert _problems(people.admin, data) == {(2, ""), (3, "level")}


def test_empty_columns_added_by_a_spreadsheet_are_ignored(units, people):
    data = _csv(
        "DU-XA-AB;Đảng ủy xã An Bình;party_committee;commune;TU-HB;;", header="code;name;kind;level;parent_code;;"
    )

    unit_import_csv(actor=people.admin, file=io.BytesIO(data))

    assert Unit.objects.get(code="DU-XA-AB").parent == units.province
