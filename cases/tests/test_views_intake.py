"""Registering a petition received by another channel than the portal: /staff/petitions/new/."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role, Scope
from accounts.services import account_create
from audit.models import AuditEvent
from cases import services
from cases.forms import clean_text
from cases.models import Channel, Petition
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = reverse("cases:petition_create")
FULL_NAME = "Đinh Thị Phản Ánh"
ID_NUMBER = "079188001234"
PHONE = "0987654321"
EMAIL = "phan.anh.rieng@example.vn"
MARKERS = (FULL_NAME, ID_NUMBER, PHONE, EMAIL)


def form_data(units, **overrides):
    data = {
        "sent_token": "",
        "unit": units.committee.pk,
        "channel": Channel.HOTLINE,
        "received_at": "20/11/2026 09:30",
        "kind": "denunciation",
        "subject": "corruption",
        "content": "Người gọi báo: phó giám đốc Sở nhận 200 triệu đồng để duyệt hồ sơ thầu.",
        "incident_time": "tháng 10/2026",
        "incident_place": "trụ sở Sở Tài chính",
        "accused_1_name": "Trần Văn Bị",
        "accused_1_position": "Phó Giám đốc",
        "accused_1_unit": "Sở Tài chính",
        "identity_choice": "named",
        "full_name": FULL_NAME,
        "id_number": ID_NUMBER,
        "date_of_birth": "01/02/1988",
        "phone": PHONE,
        "email": EMAIL,
        "address": "12 đường Cù Chính Lan, Hòa Bình",
        "workplace": "Phòng Kế hoạch",
        "protection_requested": "on",
        "issue_receipt": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def every_row_as_text() -> str:
    """Every row of every table, as text: what a database dump would show."""
    parts = []
    for model in apps.get_models():
        for row in model._default_manager.all().values():
            for value in row.values():
                if isinstance(value, bytes | memoryview):
                    parts.append(bytes(value).decode("utf-8", "replace"))
                else:
                    parts.append(str(value))
    return "\n".join(parts)


def test_an_intake_officer_registers_a_hotline_petition_and_gets_a_receipt(people, units, client_for):
    client = client_for(people.intake)
    response = client.post(URL, form_data(units))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    petition = Petition.objects.get()
    assert (petition.channel, petition.unit, petition.anonymous) == (Channel.HOTLINE, units.committee, False)
    assert petition.protection_requested
    assert petition.received_at.strftime("%d/%m/%Y") == "20/11/2026"
    assert list(petition.accused.values_list("name", flat=True)) == ["Trần Văn Bị"]
    assert AuditEvent.objects.filter(action="cases.petition.receive", actor=people.intake).exists()
    page = response.content.decode()
    groups = re.search(r'class="receipt-code"[^>]*>(.*?)</p>', page, re.S).group(1)
    digits = re.findall(r"<span>(\d{4})</span>", groups)
    assert len(digits) == 7
    # The code shown is the real one: it opens this petition on the portal.
    assert services.receipt_check(" ".join(digits)).petition == petition
    assert reverse("cases:petition_detail", args=[petition.pk]) in page


def test_the_identity_is_in_no_table_and_no_stored_file(people, units, client_for):
    client = client_for(people.intake)
    upload = SimpleUploadedFile("to-cao.txt", f"Đơn của {FULL_NAME}, CCCD {ID_NUMBER}".encode(), "text/plain")
    response = client.post(URL, {**form_data(units), "files": [upload]})

    assert response.status_code == 200
    assert Petition.objects.get().attachments.count() == 1
    dump = every_row_as_text()
    for marker in MARKERS:
        assert marker not in dump
    stored = b"".join(path.read_bytes() for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())
    for marker in MARKERS:
        assert marker.encode() not in stored


def test_the_reporter_may_stay_anonymous_and_go_without_a_receipt(people, units, client_for):
    client = client_for(people.intake)
    data = form_data(
        units, identity_choice="anonymous", full_name="", id_number="", date_of_birth="", phone="", email=""
    )
    data.update(address="", workplace="")
    del data["issue_receipt"]
    response = client.post(URL, data)

    petition = Petition.objects.get()
    assert petition.anonymous
    assert petition.receipt_lookup is None
    assert "receipt-code" not in response.content.decode()


def test_details_of_an_anonymous_reporter_are_refused_rather_than_kept(people, units, client_for):
    response = client_for(people.intake).post(URL, form_data(units, identity_choice="anonymous"))

    assert response.status_code == 200
    assert response.context["form"].errors["identity_choice"]
    assert not Petition.objects.exists()


def test_a_forwarded_petition_must_say_who_forwarded_it(people, units, client_for):
    response = client_for(people.intake).post(URL, form_data(units, channel=Channel.FORWARDED, forwarded_from=""))

    assert response.status_code == 200
    assert response.context["form"].errors["forwarded_from"]
    assert 'class="form-errors"' in response.content.decode()
    assert not Petition.objects.exists()


def test_a_forwarded_petition_keeps_the_forwarding_body(people, units, client_for):
    client_for(people.intake).post(
        URL, form_data(units, channel=Channel.FORWARDED, forwarded_from="Thanh tra tỉnh", forwarded_reference="15/TTr")
    )

    petition = Petition.objects.get()
    assert (petition.forwarded_from, petition.forwarded_reference) == ("Thanh tra tỉnh", "15/TTr")


def test_an_oversized_file_is_refused_and_nothing_is_saved(people, units, client_for, settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 2048
    client = client_for(people.intake)
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * 5000, "application/pdf")
    response = client.post(URL, {**form_data(units), "files": [upload]})

    assert response.status_code == 200
    assert response.context["form"].errors["files"]
    assert not Petition.objects.exists()
    # The text fields sent before the file are kept for the second try.
    assert response.context["form"]["content"].value().startswith("Người gọi báo")


def test_a_file_whose_content_is_not_its_name_is_refused(people, units, client_for):
    upload = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not an image", "image/jpeg")
    response = client_for(people.intake).post(URL, {**form_data(units), "files": [upload]})

    assert response.context["form"].errors["files"]
    assert not Petition.objects.exists()


def test_sending_the_same_form_twice_registers_one_petition(people, units, client_for):
    client = client_for(people.intake)
    data = form_data(units, sent_token="token-from-the-form")
    client.post(URL, data)
    again = client.post(URL, data)

    assert Petition.objects.count() == 1
    assert "receipt-code" not in again.content.decode()
    assert reverse("cases:petition_detail", args=[Petition.objects.get().pk]) in again.content.decode()


def test_text_is_normalised_and_capped(people, units, client_for, settings):
    settings.TEXT_FIELD_MAX_CHARS = 50
    response = client_for(people.intake).post(URL, form_data(units, content="x" * 51))
    assert response.context["form"].errors["content"]
    assert clean_text("Ho\u0300a\u0007 Bi\u0300nh\u202e\r\nxa\u0303", multiline=True) == "Hòa Bình\nxã"
    assert clean_text("một\ndòng", multiline=False) == "một dòng"


def test_the_form_offers_only_the_units_where_the_officer_receives(people, units, client_for):
    response = client_for(people.intake).get(URL)

    assert response.status_code == 200
    assert list(response.context["form"].fields["unit"].queryset) == [units.committee]
    channels = dict(response.context["form"].fields["channel"].choices)
    assert Channel.PORTAL not in channels
    response = client_for(people.intake).post(URL, form_data(units, unit=units.other.pk))
    assert response.context["form"].errors["unit"]
    assert not Petition.objects.exists()


@pytest.mark.parametrize("who", ["handler", "head", "custodian", "personnel", "outsider", "admin"])
def test_only_intake_officers_register_petitions(people, units, client_for, who):
    client = client_for(getattr(people, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(units)).status_code == 403
    assert not Petition.objects.exists()


def test_an_intake_officer_of_another_province_cannot_register_for_this_one(people, units, client_for):
    stranger = account_create(
        actor=None,
        username="tiepnhan.lc",
        full_name="Lò Văn Nhận",
        password=PASSWORD,
        unit=units.other,
        role=Role.INTAKE,
        scope=Scope.UNIT,
    )
    response = client_for(stranger).post(URL, form_data(units))
    assert response.context["form"].errors["unit"]
    assert not Petition.objects.exists()
