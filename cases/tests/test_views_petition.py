"""One petition on the staff side: its details, the sealed part, files, the thread and the working copy."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from accounts.models import Role, Scope
from accounts.services import account_create
from audit.models import AuditEvent
from cases import services
from cases.files import inspect
from cases.models import Channel, Kind, Message, Status, Subject
from conftest import PASSWORD
from org.models import Unit
from vault.services import user_key_unlock
from vault.session import COOKIE_NAME

pytestmark = pytest.mark.django_db

IDENTITY = {"full_name": "Phan Thị Kín", "id_number": "001199005555", "phone": "0911222333", "email": ""}
CONTENT = "Bà Phan Thị Kín (0911222333) báo: kế toán trưởng lập chứng từ khống <script>alert('x')</script>."


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "navy")
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh của người tố cáo"
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 2.0), 3: "E", 4: (105.0, 50.0, 3.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def submit(units, *, files=(), identity=IDENTITY, content=CONTENT, unit=None):
    return services.petition_submit(
        submission=services.Submission(
            channel=Channel.MAILBOX,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            unit=unit or units.committee,
            content=content,
            accused=[{"name": "Ngô Văn Bị", "position": "Kế toán trưởng", "unit": "Sở Tài chính"}],
            identity=identity,
            files=list(files),
        )
    ).petition


def private_for(user, petition) -> bytes:
    user_private = user_key_unlock(user=user, password=PASSWORD)
    return services.petition_private_key(petition=petition, user=user, user_private=user_private)


def url(name, petition, *extra):
    return reverse(f"cases:{name}", args=[petition.pk, *extra])


def test_the_intake_officer_opens_the_original_with_a_reason(people, units, client_for):
    petition = submit(units)
    client = client_for(people.intake)
    page = client.get(url("petition_detail", petition)).content.decode()
    assert "Phan Thị Kín" not in page
    assert url("petition_original", petition) in page

    response = client.post(url("petition_original", petition), {"reason": "Vào sổ, viết bản làm việc"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Phan Thị Kín" in page and "001199005555" in page
    event = AuditEvent.objects.get(action="cases.original.read")
    assert (event.actor, event.reason, event.object_id) == (
        people.intake,
        "Vào sổ, viết bản làm việc",
        str(petition.pk),
    )
    # The working copy form comes prefilled, without the reporter's own details.
    suggestion = response.context["working_form"]["working_content"].value()
    assert "kế toán trưởng lập chứng từ khống" in suggestion
    assert "Phan Thị Kín" not in suggestion and "0911222333" not in suggestion
    # The next plain visit shows nothing of it again.
    assert "001199005555" not in client.get(url("petition_detail", petition)).content.decode()


def test_the_custodians_access_log_shows_the_opening(people, units, client_for):
    petition = submit(units)
    client_for(people.intake).post(url("petition_original", petition), {"reason": "Kiểm tra trùng đơn"})

    log = client_for(people.custodian).get(reverse("cases:access_log"))
    assert log.status_code == 200
    page = log.content.decode()
    assert "Kiểm tra trùng đơn" in page and petition.reference in page and str(people.intake) in page
    detail = client_for(people.custodian).get(url("petition_detail", petition)).content.decode()
    assert "Kiểm tra trùng đơn" in detail


def test_opening_the_original_needs_a_reason(people, units, client_for):
    petition = submit(units)
    response = client_for(people.intake).post(url("petition_original", petition), {"reason": "   "})

    assert response.status_code == 200
    assert response.context["reason_form"].errors["reason"]
    assert "Phan Thị Kín" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="cases.original.read").exists()


def test_without_an_unlocked_key_the_officer_is_asked_to_sign_in_again(people, units, client_for):
    petition = submit(units)
    client = client_for(people.intake)
    del client.cookies[COOKIE_NAME]

    response = client.post(url("petition_original", petition), {"reason": "Vào sổ"})

    assert response.context["sealed_state"] == "locked"
    assert "Phan Thị Kín" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="cases.original.read").exists()


@pytest.mark.parametrize("who", ["head"])
def test_heads_see_the_working_copy_but_not_the_sealed_part(people, units, client_for, who):
    petition = submit(units, files=[inspect("chung-tu.txt", "Chứng từ khống số 12".encode())])
    services.petition_register(petition=petition, actor=people.intake, working_content="Bản làm việc: chứng từ khống.")
    client = client_for(getattr(people, who))

    response = client.get(url("petition_detail", petition))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Bản làm việc: chứng từ khống." in page and "Ngô Văn Bị" in page
    assert "Phan Thị Kín" not in page
    assert url("petition_original", petition) not in page
    assert "can_open" in response.context and not response.context["can_open"]
    attachment = petition.attachments.get()
    forged = [
        url("petition_original", petition),
        url("attachment_original", petition, attachment.pk),
        url("attachment_release", petition, attachment.pk),
        url("petition_register", petition),
        url("petition_reply", petition),
    ]
    for address in forged:
        assert client.post(address, {"reason": "tò mò", "working_content": "x", "text": "x"}).status_code == 403
    assert not AuditEvent.objects.filter(action__in=["cases.original.read", "cases.attachment.read"]).exists()
    assert client.get(url("attachment_working", petition, attachment.pk)).status_code == 404


def test_a_custodian_reads_the_original_but_does_not_write_the_working_copy(people, units, client_for):
    petition = submit(units)
    client = client_for(people.custodian)

    response = client.post(url("petition_original", petition), {"reason": "Xác minh yêu cầu bảo vệ"})

    assert "Phan Thị Kín" in response.content.decode()
    assert response.context["working_form"] is None
    assert client.post(url("petition_register", petition), {"working_content": "x"}).status_code == 403
    assert client.post(url("petition_reply", petition), {"text": "x"}).status_code == 403


def petition_addresses(petition, attachment=None):
    addresses = [
        ("get", url("petition_detail", petition)),
        ("post", url("petition_original", petition)),
        ("post", url("petition_register", petition)),
        ("post", url("petition_reply", petition)),
    ]
    if attachment is not None:
        addresses += [
            ("get", url("attachment_working", petition, attachment.pk)),
            ("post", url("attachment_original", petition, attachment.pk)),
            ("post", url("attachment_release", petition, attachment.pk)),
        ]
    return addresses


@pytest.mark.parametrize("who", ["outsider", "personnel", "admin", "oversight", "reporting"])
def test_people_without_a_petition_role_in_the_unit_get_404(people, units, client_for, who):
    petition = submit(units, files=[inspect("a.txt", b"evidence")])
    attachment = petition.attachments.get()
    services.attachment_release(
        attachment=attachment, actor=people.intake, private=private_for(people.intake, petition)
    )
    client = client_for(getattr(people, who))
    for method, address in petition_addresses(petition, attachment):
        response = getattr(client, method)(address, {"reason": "x", "working_content": "x", "text": "x"})
        assert response.status_code == 404, (method, address)
    assert not Message.objects.exists()


def test_an_intake_officer_of_another_province_gets_404(people, units, client_for):
    stranger = account_create(
        actor=None, username="tn.lc", full_name="Lò Thị A", password=PASSWORD, unit=units.other, role=Role.INTAKE
    )
    petition = submit(units)
    client = client_for(stranger)
    for method, address in petition_addresses(petition):
        assert getattr(client, method)(address, {"reason": "x"}).status_code == 404


def test_a_subtree_head_above_sees_the_petition(people, units, client_for):
    chief = account_create(
        actor=None,
        username="bithu",
        full_name="Bí Thư",
        password=PASSWORD,
        unit=units.province,
        role=Role.HEAD,
        scope=Scope.SUBTREE,
    )
    petition = submit(units)
    assert client_for(chief).get(url("petition_detail", petition)).status_code == 200


def test_script_tags_are_shown_escaped(people, units, client_for):
    petition = submit(units)
    services.petition_register(petition=petition, actor=people.intake, working_content="<script>alert(2)</script>")
    client = client_for(people.intake)

    plain = client.get(url("petition_detail", petition)).content.decode()
    opened = client.post(url("petition_original", petition), {"reason": "Đọc"}).content.decode()

    assert "<script>alert(2)</script>" not in plain and "&lt;script&gt;alert(2)&lt;/script&gt;" in plain
    assert "<script>alert('x')</script>" not in opened and "&lt;script&gt;" in opened


def test_writing_the_working_copy_registers_the_petition(people, units, client_for):
    petition = submit(units)
    client = client_for(people.intake)

    response = client.post(url("petition_register", petition), {"working_content": "Nội dung đã che tên."})

    assert response.status_code == 302
    petition.refresh_from_db()
    assert (petition.status, petition.registered_by) == (Status.REGISTERED, people.intake)
    assert petition.working_content == "Nội dung đã che tên."
    assert "Nội dung đã che tên." in client_for(people.head).get(url("petition_detail", petition)).content.decode()
    again = client.post(url("petition_register", petition), {"working_content": ""})
    assert again.context["working_form"].errors["working_content"]


def test_releasing_a_photo_removes_its_exif_and_place(people, units, client_for):
    photo = jpeg_with_gps()
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)
    petition = submit(units, files=[inspect("IMG_2026.jpg", photo)])
    attachment = petition.attachments.get()

    response = client_for(people.intake).post(url("attachment_release", petition, attachment.pk))

    assert response.status_code == 302
    download = client_for(people.head).get(url("attachment_working", petition, attachment.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="tep-{attachment.pk}.jpg"'
    assert "no-store" in download["Cache-Control"]
    working = b"".join(download.streaming_content)
    image = Image.open(io.BytesIO(working))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert AuditEvent.objects.filter(action="cases.attachment.release", actor=people.intake).exists()


def test_an_original_file_is_downloaded_with_a_reason_and_recorded(people, units, client_for):
    petition = submit(units, files=[inspect("Don_cua_Phan_Thi_Kin.txt", "Nội dung gốc".encode())])
    attachment = petition.attachments.get()
    client = client_for(people.custodian)
    address = url("attachment_original", petition, attachment.pk)

    refused = client.post(address, {"reason": ""})
    response = client.post(address, {"reason": "Đối chiếu chữ ký"})

    assert refused.status_code == 302
    assert response.status_code == 200
    assert response.content == "Nội dung gốc".encode()
    assert response["Content-Disposition"] == f'attachment; filename="tep-{attachment.pk}-ban-goc.txt"'
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="cases.attachment.read")
    assert (event.actor, event.reason, event.details) == (
        people.custodian,
        "Đối chiếu chữ ký",
        {"attachment": attachment.pk},
    )


def test_the_thread_is_read_with_the_original_and_the_reply_reaches_the_reporter(people, units, client_for):
    result = services.petition_submit(
        submission=services.Submission(
            channel=Channel.HOTLINE,
            kind=Kind.FEEDBACK,
            subject=Subject.WASTE,
            content="Lãng phí xe công",
            unit=units.committee,
        )
    )
    petition = result.petition
    services.message_from_reporter(petition=petition, kind="message", text="Tôi bổ sung biển số xe 28A-123.45")
    client = client_for(people.intake)

    closed = client.get(url("petition_detail", petition)).content.decode()
    opened = client.post(url("petition_original", petition), {"reason": "Đọc tin nhắn mới"}).content.decode()
    sent = client.post(url("petition_reply", petition), {"text": "Đã nhận thông tin bổ sung."})

    assert "28A-123.45" not in closed
    assert "28A-123.45" in opened
    assert sent.status_code == 302
    access = services.receipt_check(result.receipt.text)
    texts = [text for _message, text in services.messages_read(petition=petition, private=access.private)]
    assert texts[-1] == "Đã nhận thông tin bổ sung."


def test_a_small_unit_carries_a_warning(people, units, client_for, settings):
    petition = submit(units)
    settings.SMALL_UNIT_HEADCOUNT = 20
    page = client_for(people.head).get(url("petition_detail", petition))
    assert not page.context["small_units"]
    Unit.objects.filter(pk=units.committee.pk).update(headcount=7)
    page = client_for(people.head).get(url("petition_detail", petition))
    assert page.context["small_units"] == [units.committee]


def test_a_handler_sees_nothing_of_a_petition_not_assigned_to_them(people, units, client_for):
    petition = submit(units)
    assert client_for(people.handler).get(url("petition_detail", petition)).status_code == 404
    assert petition.reference not in client_for(people.handler).get(reverse("cases:petition_list")).content.decode()
