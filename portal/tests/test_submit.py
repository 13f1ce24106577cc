"""Sending a report through the web form."""

import secrets
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Membership
from cases.models import Accused, Attachment, Petition
from cases.services import attachment_read_original, petition_read_original
from portal.tests.conftest import (
    PDF_BYTES,
    everything_stored,
    png_bytes,
    receipt_in,
    report_data,
    staff_private,
)

pytestmark = pytest.mark.django_db


def test_a_named_report_is_sealed_and_only_the_intake_officer_can_read_it(portal, units, people, settings):
    marker = secrets.token_hex(6)
    name, id_number, phone = f"Nguyễn Thị Tên{marker}", f"0011{marker}", f"09{marker}"
    content = f"Nội dung mật {marker}: giám đốc nhận phong bì."
    data = report_data(
        units,
        content=content,
        reporter="named",
        full_name=name,
        id_number=id_number,
        phone=phone,
        date_of_birth="02/09/1985",
        email="to.cao@example.vn",
        address="Tổ 5, phường Phương Lâm",
        workplace="Sở Tài chính",
        protection_requested="on",
        evidence=SimpleUploadedFile("anh.png", png_bytes(), content_type="image/png"),
    )
    response = portal.post(reverse("portal:submit"), data)

    assert response.status_code == 200
    html = response.content.decode()
    receipt = receipt_in(html)
    assert "không thể khôi phục" in html
    petition = Petition.objects.get()
    assert petition.unit == units.committee and petition.concerned_unit == units.committee
    assert not petition.anonymous and petition.protection_requested
    assert list(Accused.objects.values_list("name", "position", "unit_text")) == [
        ("Trần Văn Bị", "Trưởng phòng", "Sở Tài chính")
    ]

    text, blobs = everything_stored(settings.MEDIA_ROOT)
    for secret in (marker, name, id_number, phone, content, receipt, receipt.replace(" ", "")):
        assert secret not in text
        assert secret.encode() not in blobs

    private = staff_private(petition, people.intake)
    original = petition_read_original(petition=petition, actor=people.intake, private=private, reason="Vào sổ")
    assert original["content"] == content
    assert original["identity"] == {
        "full_name": name,
        "id_number": id_number,
        "date_of_birth": "1985-09-02",
        "phone": phone,
        "email": "to.cao@example.vn",
        "address": "Tổ 5, phường Phương Lâm",
        "workplace": "Sở Tài chính",
    }
    file_name, content_type, file_data = attachment_read_original(
        attachment=Attachment.objects.get(), actor=people.intake, private=private, reason="Xem tài liệu"
    )
    assert (file_name, content_type, file_data) == ("anh.png", "image/png", png_bytes())
    assert staff_private(petition, people.handler) is None


def test_a_report_to_a_unit_without_intake_officers_goes_up(portal, units, people):
    portal.post(reverse("portal:submit"), report_data(units, unit=units.finance.code))
    petition = Petition.objects.get()
    assert petition.concerned_unit == units.finance
    assert petition.unit == units.committee


def test_i_dont_know_the_unit_means_no_unit(portal, units, people, settings):
    settings.PORTAL_DEFAULT_UNIT = "UBND-HB"
    response = portal.post(reverse("portal:submit"), report_data(units, unit="-"))
    assert response.status_code == 200
    petition = Petition.objects.get()
    assert petition.concerned_unit is None
    assert petition.unit == units.committee


def test_an_anonymous_report_keeps_no_identity(portal, units, people):
    response = portal.post(reverse("portal:submit"), report_data(units))
    assert response.status_code == 200
    petition = Petition.objects.get()
    assert petition.anonymous
    original = petition_read_original(
        petition=petition, actor=people.intake, private=staff_private(petition, people.intake), reason="Vào sổ"
    )
    assert original["identity"] is None


def test_missing_answers_are_listed_at_the_top_with_links_to_the_fields(portal, units, people):
    response = portal.post(reverse("portal:submit"), {"content": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[html.index('class="error-summary"') : html.index("</div>", html.index('class="error-summary"'))]
    for anchor in ("#id_kind_0", "#id_subject_0", "#id_unit", "#id_content", "#id_reporter_0"):
        assert f'href="{anchor}"' in summary
    assert 'aria-invalid="true"' in html
    assert Petition.objects.count() == 0


def test_a_named_report_needs_the_full_name(portal, units, people):
    response = portal.post(reverse("portal:submit"), report_data(units, reporter="named", phone="0912345678"))
    assert response.status_code == 400
    assert 'href="#id_full_name"' in response.content.decode()
    assert Petition.objects.count() == 0


def test_details_given_while_anonymous_are_not_silently_dropped(portal, units, people):
    response = portal.post(reverse("portal:submit"), report_data(units, full_name="Lê Văn Lộ"))
    assert response.status_code == 400
    assert 'href="#id_reporter_0"' in response.content.decode()
    assert Petition.objects.count() == 0


def test_an_accused_row_needs_a_name(portal, units, people):
    response = portal.post(reverse("portal:submit"), report_data(units, accused_1_position="Kế toán"))
    assert response.status_code == 400
    assert 'href="#id_accused_1_name"' in response.content.decode()


def test_a_unit_that_is_not_published_cannot_be_chosen(portal, units, people):
    units.commune.published = False
    units.commune.save()
    response = portal.post(reverse("portal:submit"), report_data(units, unit=units.commune.code))
    assert response.status_code == 400
    assert 'href="#id_unit"' in response.content.decode()


def test_a_text_over_the_limit_gets_a_clear_error_and_nothing_is_saved(portal, units, people, settings):
    response = portal.post(reverse("portal:submit"), report_data(units, content="a" * 100_000))
    assert response.status_code == 400
    html = response.content.decode()
    assert "100000" in html and str(settings.TEXT_FIELD_MAX_CHARS) in html
    assert Petition.objects.count() == 0
    assert 'maxlength="' not in html[html.index('name="content"') - 200 : html.index('name="content"') + 200]


def test_a_file_whose_content_does_not_match_its_name_is_refused(portal, units, people):
    data = report_data(units, evidence=SimpleUploadedFile("photo.jpg", PDF_BYTES, content_type="image/jpeg"))
    response = portal.post(reverse("portal:submit"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "photo.jpg" in html and "PDF" in html
    assert 'href="#id_evidence"' in html
    assert Petition.objects.count() == 0


def test_an_oversized_file_stops_the_upload_and_nothing_is_saved(portal, units, people, settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 1024
    data = report_data(units, evidence=SimpleUploadedFile("ghi-chu.txt", b"x" * 5000, content_type="text/plain"))
    response = portal.post(reverse("portal:submit"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "1,0\u00a0KB" in html
    assert 'href="#id_evidence"' in html
    assert Petition.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_too_many_files_are_refused(portal, units, people, settings):
    settings.EVIDENCE_MAX_FILES = 1
    files = [SimpleUploadedFile(f"{n}.txt", b"ghi chu", content_type="text/plain") for n in range(2)]
    response = portal.post(reverse("portal:submit"), report_data(units, evidence=files))
    assert response.status_code == 400
    assert Petition.objects.count() == 0


def test_text_is_stored_as_nfc_without_control_characters(portal, units, people):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hằng báo cáo sai phạm")
    assert nfd != unicodedata.normalize("NFC", nfd)
    content = f"{nfd}\x00\x07\u202e\r\ndòng hai\tcột"
    response = portal.post(reverse("portal:submit"), report_data(units, content=content, accused_0_name=nfd))
    assert response.status_code == 200
    petition = Petition.objects.get()
    original = petition_read_original(
        petition=petition, actor=people.intake, private=staff_private(petition, people.intake), reason="Vào sổ"
    )
    assert original["content"] == "Nguyễn Thị Hằng báo cáo sai phạm\ndòng hai\tcột"
    assert Accused.objects.get().name == "Nguyễn Thị Hằng báo cáo sai phạm"


def test_script_tags_are_stored_as_text_and_shown_inert(portal, units, people):
    content = '<script>alert("x")</script> <img src=x onerror=alert(1)>'
    response = portal.post(reverse("portal:submit"), report_data(units, content=content, accused_0_name="<b>B</b>"))
    assert response.status_code == 200
    petition = Petition.objects.get()
    original = petition_read_original(
        petition=petition, actor=people.intake, private=staff_private(petition, people.intake), reason="Vào sổ"
    )
    assert original["content"] == content
    again = portal.post(reverse("portal:submit"), report_data(units, content=content, kind=""))
    html = again.content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_when_nobody_can_receive_reports_the_reporter_is_told_calmly(portal, units, people):
    Membership.objects.all().delete()
    response = portal.post(reverse("portal:submit"), report_data(units, content="Nội dung cần giữ lại"))
    assert response.status_code == 503
    html = response.content.decode()
    assert "đường dây nóng" in html
    assert "Nội dung cần giữ lại" in html
    assert Petition.objects.count() == 0
