"""A reporter asks for protection on the portal; the identity custodian opens a protection case
from the request; the head grants it with a measure; the reporter reads the decision with the
receipt, and the case shows as granted."""

import pytest
from django.urls import reverse
from django.utils import translation
from selenium.webdriver.common.by import By

from cases.models import Message, MessageKind, Petition, PublicEvent
from e2e.tests.browser import (
    choose,
    click_and_wait,
    fill,
    page_text,
    path_of,
    portal_follow_up,
    portal_submit,
    sign_in,
    submit_form,
)
from protection.models import CaseStatus, Measure, ProtectionCase, ProtectionKind

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

IDENTITY = {"full_name": "Quách Thị Nhẫn", "id_number": "079188004321", "phone": "0987654321"}
CONTENT = "Trưởng phòng Kế hoạch nhận tiền của nhà thầu để nghiệm thu khống công trình kè sông."
REQUEST = "Sau khi tôi tố cáo, trưởng phòng dọa điều chuyển tôi xuống xã. Tôi đề nghị được bảo vệ vị trí công tác."
BODY = "Sở Nội vụ tỉnh Hòa Bình"


def test_a_protection_request_is_granted_and_the_reporter_reads_it(browser, live_server, people, units, shots):
    base = live_server.url

    # The reporter sends a named report, then asks for protection when following it up.
    receipt = portal_submit(browser, base, unit=units.committee, content=CONTENT, identity=IDENTITY, shots=shots)
    petition = Petition.objects.get()
    portal_follow_up(browser, base, receipt, shots=shots)
    fill(browser, "protection_request-text", REQUEST)
    shots(browser, "portal-protection-request")
    submit_form(browser, "#protection_request form")
    assert "sent=protection_request" in browser.current_url
    message = Message.objects.get(petition=petition, kind=MessageKind.PROTECTION_REQUEST, from_reporter=True)
    shots(browser, "portal-request-sent")

    # The identity custodian sees the request waiting and opens the case from it, with a reason:
    # the form comes prefilled with the reporter's identity from the sealed original.
    sign_in(browser, base, people.custodian, shots)
    browser.get(f"{base}{reverse('protection:case_list')}")
    shots(browser, "custodian-case-list")
    request_url = reverse("protection:portal_request", args=[message.pk])
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"main a[href='{request_url}']"))
    fill(browser, "reason", "Mở hồ sơ bảo vệ theo đề nghị của người tố cáo")
    submit_form(browser, "main form")
    assert REQUEST in page_text(browser)
    assert browser.find_element(By.NAME, "full_name").get_attribute("value") == IDENTITY["full_name"]
    assert browser.find_element(By.NAME, "id_number").get_attribute("value") == IDENTITY["id_number"]
    choose(browser, "kinds", ProtectionKind.JOB)
    fill(browser, "summary", "Người tố cáo bị dọa điều chuyển công tác sau khi tố cáo.")
    fill(browser, "reasons", REQUEST)
    shots(browser, "custodian-case-form")
    submit_form(browser, "main form")
    case = ProtectionCase.objects.get()
    assert (case.petition, case.source_message, case.status) == (petition, message, CaseStatus.REQUESTED)
    assert path_of(browser) == reverse("protection:case_detail", args=[case.pk])
    shots(browser, "custodian-case-opened")

    # The head decides on the pseudonymised summary: protection granted, with a job measure.
    sign_in(browser, base, people.head, shots)
    browser.get(f"{base}{reverse('protection:case_list')}")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, case.reference))
    assert IDENTITY["full_name"] not in page_text(browser)  # heads never see the identity
    choose(browser, "decision-decision", "grant")
    fill(browser, "decision-reasons", "Có căn cứ về nguy cơ bị điều chuyển để trù dập.")
    fill(browser, "measures-0-kind", ProtectionKind.JOB)
    fill(browser, "measures-0-body", BODY)
    fill(browser, "measures-0-description", "Không điều chuyển, luân chuyển trong thời gian bảo vệ")
    shots(browser, "head-decision")
    submit_form(browser, f"form[action='{reverse('protection:case_decide', args=[case.pk])}']")
    case.refresh_from_db()
    assert case.status == CaseStatus.GRANTED
    assert Measure.objects.filter(case=case, kind=ProtectionKind.JOB, body=BODY).exists()
    with translation.override("vi"):
        assert str(CaseStatus.GRANTED.label) in browser.find_element(By.CSS_SELECTOR, "main .actions .badge").text
    assert BODY in page_text(browser)
    shots(browser, "head-granted")

    # The reporter reads the decision with the receipt.
    decision = PublicEvent.objects.filter(petition=petition, step=PublicEvent.Step.NOTICE).order_by("pk").last()
    assert decision is not None and BODY in decision.text
    portal_follow_up(browser, base, receipt, shots=shots)
    history = browser.find_element(By.CSS_SELECTOR, "#status .timeline").text
    assert decision.text.splitlines()[0] in history and BODY in history
    shots(browser, "portal-decision")
