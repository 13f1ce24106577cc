"""Following a report up with its receipt: sign in, read, write, sign out; and guessing limits."""

import datetime
import logging

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Attachment, MessageKind, Petition, PortalSession, PublicEvent, Status
from cases.services import (
    Submission,
    message_from_staff,
    messages_read,
    petition_register,
    petition_submit,
)
from portal.selectors import STATUS_TEXT
from portal.tests.conftest import everything_stored, form_token_in, receipt_in, report_data, sign_in, staff_private

pytestmark = pytest.mark.django_db


def submitted(units, content="Phó giám đốc chỉ định thầu cho doanh nghiệp người nhà."):
    return petition_submit(
        submission=Submission(
            channel="portal", kind="denunciation", subject="corruption", content=content, unit=units.committee
        )
    )


def post_to_report(client, kind, text, **extra):
    html = client.get(reverse("portal:report")).content.decode()
    data = {"form_token": form_token_in(html), "action": kind, f"{kind}-text": text, **extra}
    return client.post(reverse("portal:report"), data)


def test_the_whole_follow_up(portal, units, people):
    response = portal.post(reverse("portal:submit"), report_data(units))
    receipt = receipt_in(response.content.decode())
    petition = Petition.objects.get()
    petition_register(petition=petition, actor=people.intake, working_content="Bản làm việc")
    message_from_staff(petition=petition, actor=people.intake, text="Xin cho biết thêm thời gian cụ thể.")

    signed = sign_in(portal, receipt.replace(" ", "-"))
    assert signed.status_code == 302
    assert signed["Location"] == reverse("portal:report")
    page = portal.get(reverse("portal:report"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "đang được phân loại" in html
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert today in html
    assert html.count('<li><time datetime="') == 3
    assert "Xin cho biết thêm thời gian cụ thể." in html
    assert "Đơn vị tiếp nhận" in html
    assert petition.reference not in html

    sent = post_to_report(portal, MessageKind.MESSAGE, "Việc xảy ra chiều 12/3.")
    assert sent.status_code == 302
    assert sent["Location"] == f"{reverse('portal:report')}?sent=message#sent"
    html = portal.get(sent["Location"]).content.decode()
    assert 'id="sent"' in html
    assert "Việc xảy ra chiều 12/3." in html

    more = post_to_report(
        portal,
        MessageKind.MORE_INFO,
        "Biên bản kèm theo.",
        **{"more_info-evidence": SimpleUploadedFile("bien-ban.txt", "Biên bản họp".encode(), "text/plain")},
    )
    assert more.status_code == 302
    assert Attachment.objects.filter(petition=petition).count() == 1

    assert post_to_report(portal, MessageKind.PROTECTION_REQUEST, "Tôi lo bị điều chuyển công tác.").status_code == 302
    assert post_to_report(portal, MessageKind.RETALIATION, "Tôi bị hạ bậc thi đua.").status_code == 302

    private = staff_private(petition, people.intake)
    thread = [
        (message.kind, message.from_reporter, text)
        for message, text in messages_read(petition=petition, private=private)
    ]
    assert thread == [
        (MessageKind.MESSAGE, False, "Xin cho biết thêm thời gian cụ thể."),
        (MessageKind.MESSAGE, True, "Việc xảy ra chiều 12/3."),
        (MessageKind.MORE_INFO, True, "Biên bản kèm theo."),
        (MessageKind.PROTECTION_REQUEST, True, "Tôi lo bị điều chuyển công tác."),
        (MessageKind.RETALIATION, True, "Tôi bị hạ bậc thi đua."),
    ]

    ended = portal.post(reverse("portal:logout"))
    assert ended.status_code == 302
    assert ended["Location"] == reverse("portal:follow_up") + "?ended=1"
    assert ended.cookies["baove_portal"].value == ""
    assert PortalSession.objects.count() == 0
    assert portal.get(reverse("portal:report"))["Location"] == reverse("portal:follow_up")


def test_the_protection_page_explains_the_kinds_of_protection(portal, units, people):
    sign_in(portal, submitted(units).receipt.text)
    html = portal.get(reverse("portal:report")).content.decode()
    for words in ("việc làm, vị trí công tác", "tính mạng, sức khỏe", "tài sản", "danh dự, nhân phẩm"):
        assert words in html


def test_a_receipt_opens_its_own_report_only(portal, units, people):
    first = submitted(units, content="Báo cáo thứ nhất")
    second = submitted(units, content="Báo cáo thứ hai")
    message_from_staff(petition=second.petition, actor=people.intake, text="Thư cho báo cáo thứ hai")
    sign_in(portal, first.receipt.text)
    post_to_report(portal, MessageKind.MESSAGE, "Tin của người thứ nhất")
    assert "Thư cho báo cáo thứ hai" not in portal.get(reverse("portal:report")).content.decode()
    private = staff_private(second.petition, people.intake)
    assert [text for _m, text in messages_read(petition=second.petition, private=private)] == [
        "Thư cho báo cáo thứ hai"
    ]
    mixed = first.receipt.lookup + second.receipt.secret
    assert Client().post(reverse("portal:follow_up"), {"receipt": mixed}).status_code == 401


def test_a_wrong_and_an_unknown_receipt_get_the_same_page(units, people):
    result = submitted(units)
    wrong = result.receipt.lookup + ("1" if result.receipt.secret[0] != "1" else "2") + result.receipt.secret[1:]
    unknown = "9" * 28 if result.receipt.lookup != "9" * 8 else "8" * 28
    answers = [Client().post(reverse("portal:follow_up"), {"receipt": text}) for text in (wrong, unknown, "12 34")]
    assert [answer.status_code for answer in answers] == [401, 401, 401]
    assert answers[0].content == answers[1].content == answers[2].content
    assert not any(answer.cookies for answer in answers)
    assert wrong not in answers[0].content.decode()


def test_an_empty_receipt_is_asked_for_again(portal):
    response = portal.post(reverse("portal:follow_up"), {"receipt": ""})
    assert response.status_code == 400
    assert 'href="#id_receipt"' in response.content.decode()


def test_guessing_from_one_address_is_stopped(units, people, settings):
    settings.PORTAL_FAILURES_PER_ADDRESS = 3
    result = submitted(units)
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    codes = [guesser.post(reverse("portal:follow_up"), {"receipt": "1" * 28}).status_code for _ in range(5)]
    assert codes == [401, 401, 401, 429, 429]
    refused = guesser.post(reverse("portal:follow_up"), {"receipt": result.receipt.text})
    assert refused.status_code == 429
    assert "Hãy chờ" in refused.content.decode() or "hãy chờ" in refused.content.decode()
    other = Client(REMOTE_ADDR="198.51.100.8")
    assert other.post(reverse("portal:follow_up"), {"receipt": result.receipt.text}).status_code == 302


def test_a_right_receipt_does_not_count_as_a_failure(units, people, settings):
    settings.PORTAL_FAILURES_PER_ADDRESS = 2
    result = submitted(units)
    client = Client()
    for _ in range(4):
        assert client.post(reverse("portal:follow_up"), {"receipt": result.receipt.text}).status_code == 302
    assert client.post(reverse("portal:follow_up"), {"receipt": "1" * 28}).status_code == 401


def test_guessing_across_all_addresses_is_stopped(units, people, settings):
    settings.PORTAL_FAILURES_GLOBAL_PER_MINUTE = 4
    codes = [
        Client(REMOTE_ADDR=f"203.0.113.{n}").post(reverse("portal:follow_up"), {"receipt": "2" * 28}).status_code
        for n in range(6)
    ]
    assert codes == [401, 401, 401, 401, 429, 429]


def test_the_client_address_is_kept_nowhere(units, people, settings, caplog):
    address = "198.51.100.77"
    result = submitted(units)
    client = Client(REMOTE_ADDR=address)
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("portal:follow_up"), {"receipt": "3" * 28})
        client.post(reverse("portal:follow_up"), {"receipt": result.receipt.text})
        post_to_report(client, MessageKind.MESSAGE, "Xin chào")
        client.post(reverse("portal:submit"), report_data(units))
    assert address not in caplog.text
    for key, value in cache._cache.items():
        assert address not in key
        assert address.encode() not in value
    text, blobs = everything_stored(settings.MEDIA_ROOT)
    assert address not in text
    assert address.encode() not in blobs


def test_an_idle_session_is_sent_back_to_the_receipt_form(portal, units, people, settings):
    sign_in(portal, submitted(units).receipt.text)
    later = timezone.now() + datetime.timedelta(minutes=settings.PORTAL_SESSION_IDLE_MINUTES + 1)
    with time_machine.travel(later):
        response = portal.get(reverse("portal:report"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:follow_up") + "?expired=1"
    assert response.cookies["baove_portal"].value == ""
    html = portal.get(response["Location"]).content.decode()
    assert "Phiên làm việc đã kết thúc" in html
    assert 'name="receipt"' in html


def test_without_a_session_the_report_page_asks_for_the_receipt(portal):
    assert portal.get(reverse("portal:report"))["Location"] == reverse("portal:follow_up")
    portal.cookies["baove_portal"] = "not-a-token"
    response = portal.post(reverse("portal:report"), {"action": "message", "message-text": "x"})
    assert response["Location"] == reverse("portal:follow_up") + "?expired=1"


def test_a_form_without_the_session_form_token_is_refused(portal, units, people):
    result = submitted(units)
    sign_in(portal, result.receipt.text)
    response = portal.post(reverse("portal:report"), {"action": "message", "message-text": "Giả mạo"})
    assert response.status_code == 403
    assert result.petition.messages.count() == 0


def test_an_empty_message_is_refused_in_its_own_form(portal, units, people):
    result = submitted(units)
    sign_in(portal, result.receipt.text)
    response = post_to_report(portal, MessageKind.RETALIATION, "   ")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_retaliation-text"' in html
    assert 'href="#retaliation"' in html
    assert result.petition.messages.count() == 0


def test_an_oversized_file_in_the_thread_saves_nothing(portal, units, people, settings):
    result = submitted(units)
    sign_in(portal, result.receipt.text)
    settings.EVIDENCE_MAX_FILE_BYTES = 1024
    response = post_to_report(
        portal,
        MessageKind.MORE_INFO,
        "Tệp lớn",
        **{"more_info-evidence": SimpleUploadedFile("lon.txt", b"y" * 5000, "text/plain")},
    )
    assert response.status_code == 400
    assert 'href="#id_more_info-evidence"' in response.content.decode()
    assert result.petition.messages.count() == 0
    assert Attachment.objects.count() == 0


def test_messages_are_shown_inert(portal, units, people):
    result = submitted(units)
    sign_in(portal, result.receipt.text)
    post_to_report(portal, MessageKind.MESSAGE, "<script>alert(1)</script>")
    html = portal.get(reverse("portal:report")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_a_reply_from_the_unit_shows_in_the_history(portal, units, people):
    result = submitted(units)
    message_from_staff(petition=result.petition, actor=people.intake, text="Đã nhận")
    sign_in(portal, result.receipt.text)
    html = portal.get(reverse("portal:report")).content.decode()
    assert PublicEvent.objects.filter(petition=result.petition).count() == 2
    assert "Đơn vị tiếp nhận đã gửi tin nhắn cho bạn." in html


def test_the_throttle_counts_failures_only_in_the_cache(units, people, settings):
    Client().post(reverse("portal:follow_up"), {"receipt": "4" * 28})
    values = [value for key, value in cache._cache.items() if "receipt-failures" in key]
    assert len(values) == 2


def test_every_status_has_a_sentence_for_the_reporter():
    assert set(STATUS_TEXT) == set(Status.values)


def test_a_notice_shows_its_own_words_and_the_status_its_sentence(portal, units, people):
    result = submitted(units)
    # No service sends notices yet: the row is written as the notice templates will write it.
    PublicEvent.objects.create(
        petition=result.petition, step=PublicEvent.Step.NOTICE, text="Đơn đã được chuyển đến Thanh tra tỉnh."
    )
    Petition.objects.filter(pk=result.petition.pk).update(status=Status.FORWARDED)
    sign_in(portal, result.receipt.text)
    html = portal.get(reverse("portal:report")).content.decode()
    assert "Thông báo về phản ánh, tố cáo của bạn." in html
    assert "Đơn đã được chuyển đến Thanh tra tỉnh." in html
    assert "đã được chuyển đến cơ quan có thẩm quyền" in html


def test_the_status_line_follows_the_matter_to_its_conclusion(people, units):
    from cases import handling
    from cases.models import Outcome
    from cases.tests.test_handling import classify, submit
    from portal.selectors import MATTER_STATUS_TEXT, STATUS_TEXT

    sent = submit(units.committee, receipt=True)
    petition = petition_register(petition=sent.petition, actor=people.intake, working_content="Nội dung đã che tên.")
    classify(petition, people.intake)
    petition.refresh_from_db()
    portal = Client()
    sign_in(portal, sent.receipt.text)
    page = portal.get(reverse("portal:report")).content.decode()
    assert str(STATUS_TEXT[Status.IN_MATTER]) in page

    matter = handling.matter_accept(matter=petition.matter, actor=people.head)
    handling.matter_conclude(matter=matter, actor=people.head, outcome=Outcome.TRUE, conclusion="Tố cáo đúng.")
    page = portal.get(reverse("portal:report")).content.decode()
    assert str(MATTER_STATUS_TEXT["concluded"]) in page
    assert str(STATUS_TEXT[Status.IN_MATTER]) not in page
