"""Documents and plans: the chain of texts, who sees what, the screens, the file, the export."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from programme import selectors, services
from programme.models import Document, DocumentKind, Timing
from programme.stats import documents_implementing

from .conftest import PDF_BYTES, make_plan, xlsx_rows

pytestmark = pytest.mark.django_db

D = datetime.date
LIST = reverse("programme:plan_list")
DOCUMENTS = reverse("programme:document_list")
NEW = reverse("programme:document_create")


def detail(document, name="document_detail"):
    return reverse(f"programme:{name}", args=[document.pk])


def test_the_national_texts_are_seeded(d27, r11):
    texts = Document.objects.filter(unit__isnull=True)
    assert set(texts.values_list("number", flat=True)) == {"27-CT/TW", "11-QĐi/TW", "69-KL/TW", "231-QĐ/TW"}
    assert d27.issued_on == D(2019, 1, 10) and d27.issuer_name == "Bộ Chính trị"
    assert all(t.path == f"/{t.pk:010d}/" for t in texts)


def test_the_chain_follows_implements_and_moves_with_it(people, units, d27, r11):
    provincial = make_plan(people.reporting, units.province, implements=d27)
    board = make_plan(people.reporting, units.committee, number="36/KH-UBND", implements=provincial)
    division = make_plan(people.reporting, units.finance, number="12/KH-STC", implements=board)
    assert division.path == f"{d27.path}{provincial.pk:010d}/{board.pk:010d}/{division.pk:010d}/"
    assert set(documents_implementing(d27)) == {d27, provincial, board, division}
    assert set(documents_implementing(board)) == {board, division}

    services.document_update(
        actor=people.reporting,
        document=board,
        kind=board.kind,
        number=board.number,
        issued_on=board.issued_on,
        title=board.title,
        unit=board.unit,
        issuer=board.issuer,
        implements=r11,
    )
    division.refresh_from_db()
    assert division.path.startswith(r11.path) and division.depth == 2
    assert set(documents_implementing(d27)) == {d27, provincial}
    assert set(documents_implementing(r11)) == {r11, board, division}

    with pytest.raises(ValidationError):
        services.document_update(
            actor=people.reporting,
            document=board,
            kind=board.kind,
            number=board.number,
            issued_on=board.issued_on,
            title=board.title,
            unit=board.unit,
            issuer=board.issuer,
            implements=division,
        )


def test_a_unit_sees_the_plans_above_it_and_not_those_of_another_province(
    people, units, d27, client_for, commune_head, other_reporting
):
    provincial = make_plan(people.reporting, units.province, implements=d27)
    finance_plan = make_plan(people.reporting, units.finance, number="12/KH-STC", implements=provincial)
    other = make_plan(other_reporting, units.other, number="16-KH/TU", implements=d27)

    visible = set(selectors.documents_for(commune_head))
    assert {d27, provincial} <= visible
    assert finance_plan not in visible and other not in visible
    applying = set(selectors.documents_for(people.reporting, applies=True))
    assert provincial in applying and finance_plan not in applying  # below the province, not above it

    client = client_for(commune_head)
    page = client.get(detail(provincial)).content.decode()
    assert "27-CT/TW" in page  # the chain above
    assert client.get(detail(other)).status_code == 404
    assert client.get(detail(provincial, "document_edit")).status_code == 403
    assert client_for(people.outsider).get(detail(provincial)).status_code == 404


def test_a_plan_with_a_task_for_the_unit_applies_to_it(people, units, d27, commune_head):
    side = make_plan(people.reporting, units.committee, number="36/KH-UBND", implements=d27)
    assert side not in set(selectors.documents_for(commune_head))
    services.task_create(
        actor=people.reporting,
        plan=side,
        title="Phối hợp tuyên truyền",
        lead_unit=units.committee,
        coordinating_units=[units.commune],
        timing=Timing.ONGOING,
    )
    assert side in set(selectors.documents_for(commune_head, applies=True))


def test_a_reporting_officer_records_a_plan_with_its_file(people, units, d27, client_for):
    client = client_for(people.reporting)
    response = client.post(
        NEW,
        {
            "kind": DocumentKind.PLAN,
            "number": "80-KH/TU",
            "issued_on": "08/05/2026",
            "title": "Kế hoạch thực hiện Chỉ thị số 27-CT/TW",
            "issuer": units.province.pk,
            "is_party": "on",
            "implements": d27.pk,
            "file": SimpleUploadedFile("ke-hoach-80.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    plan = Document.objects.get(number="80-KH/TU")
    assert response.status_code == 302 and response["Location"] == detail(plan)
    assert plan.unit == units.province and plan.implements == d27 and plan.file_name == "ke-hoach-80.pdf"
    assert AuditEvent.objects.filter(action="programme.document.create", object_id=str(plan.pk)).exists()
    download = client.get(detail(plan, "document_file"))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    assert "ke-hoach-80.pdf" in download["Content-Disposition"]

    response = client.post(
        detail(plan, "document_edit"),
        {
            "kind": DocumentKind.PLAN,
            "number": "80-KH/TU",
            "issued_on": "08/05/2026",
            "title": "Kế hoạch thực hiện Chỉ thị số 27-CT/TW (sửa)",
            "summary": "Tóm tắt",
            "issuer": units.province.pk,
            "is_party": "on",
            "implements": d27.pk,
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="programme.document.update", object_id=str(plan.pk))
    assert event.details == {"changed": ["summary", "title"]}


def test_a_file_that_is_not_a_document_is_refused(people, units, client_for):
    response = client_for(people.reporting).post(
        NEW,
        {
            "kind": DocumentKind.DECISION,
            "number": "1/QĐ-UBND",
            "issued_on": "01/02/2026",
            "title": "Quyết định",
            "issuer": units.committee.pk,
            "file": SimpleUploadedFile("quyet-dinh.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 50),
        },
    )
    assert response.status_code == 200
    assert "quyet-dinh.pdf" in response.content.decode()
    assert not Document.objects.filter(number="1/QĐ-UBND").exists()


def test_a_handler_may_read_but_not_record(people, units, d27, client_for):
    plan = make_plan(people.reporting, units.province, implements=d27)
    client = client_for(people.handler)
    assert client.get(detail(plan)).status_code == 200
    assert client.get(NEW).status_code == 403
    assert client.get(reverse("programme:task_create", args=[plan.pk])).status_code == 403


def test_the_list_filters_searches_without_diacritics_and_exports(people, units, d27, client_for):
    make_plan(people.reporting, units.province, implements=d27, title="Kế hoạch thực hiện Chỉ thị 27 năm 2026")
    make_plan(people.reporting, units.province, number="52-KH/TU", issued_on=D(2019, 5, 20), title="Kế hoạch tiếp dân")
    client = client_for(people.reporting)
    page = client.get(LIST, {"q": "chi thi 27"}).content.decode()
    assert "80-KH/TU" in page and "52-KH/TU" not in page
    page = client.get(LIST, {"year": "2019"}).content.decode()
    assert "52-KH/TU" in page and "80-KH/TU" not in page
    rows = xlsx_rows(client.get(DOCUMENTS, {"export": "xlsx", "kind": "plan"}))
    assert len(rows[0]) == 11
    assert sorted(row[0] for row in rows[1:]) == ["52-KH/TU", "80-KH/TU"]
    national = xlsx_rows(client.get(DOCUMENTS, {"export": "xlsx", "kind": "directive"}))
    assert [row[0] for row in national[1:]] == ["27-CT/TW"]


def test_a_duplicate_document_is_refused(people, units):
    make_plan(people.reporting, units.province)
    with pytest.raises(ValidationError):
        make_plan(people.reporting, units.province)


def test_an_outsider_cannot_record_for_another_province(people, units, other_reporting):
    with pytest.raises(ValidationError):
        make_plan(other_reporting, units.province)


def test_a_text_from_an_outside_body_needs_the_unit_it_belongs_to(people, units, d27, client_for):
    data = {
        "kind": DocumentKind.INSTRUCTION,
        "number": "05-HD/BNCTW",
        "issued_on": "12/03/2024",
        "title": "Hướng dẫn sơ kết",
        "issuer_name": "Ban Nội chính Trung ương",
        "implements": d27.pk,
    }
    client = client_for(people.reporting)
    assert client.post(NEW, data).status_code == 200
    assert client.post(NEW, {**data, "unit": units.province.pk}).status_code == 302
    document = Document.objects.get(number="05-HD/BNCTW")
    assert document.unit == units.province and document.issuer is None
    assert document.issuer_label == "Ban Nội chính Trung ương"
