"""The issue's "done means": a reporter asks for job protection through the portal, the custodian
sees the request and opens the case, the head decides within the limit, the measure is recorded,
and the reporter reads the decision with their receipt."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from cases import services as case_services
from cases.models import MessageKind
from protection.models import CaseStatus, Measure, Origin, ProtectionCase, ProtectionKind
from protection.tests.helpers import ID_NUMBER, NAME, submit_petition

pytestmark = pytest.mark.django_db

REQUEST_TEXT = "Tôi đề nghị được bảo vệ vị trí công tác: trưởng phòng dọa điều chuyển tôi."


def test_a_reporter_is_protected_through_the_portal(people, units, client_for):
    submitted = submit_petition(units)
    petition, receipt = submitted.petition, submitted.receipt
    message = case_services.message_from_reporter(
        petition=petition, kind=MessageKind.PROTECTION_REQUEST, text=REQUEST_TEXT
    )

    # The custodian sees the request waiting and opens the case from it.
    custodian = client_for(people.custodian)
    listing = custodian.get(reverse("protection:case_list")).content.decode()
    url = reverse("protection:portal_request", args=[message.pk])
    assert url in listing
    opened = custodian.post(url, {"reason": "Mở hồ sơ bảo vệ theo đề nghị"})
    html = opened.content.decode()
    assert REQUEST_TEXT in html
    assert NAME in html and ID_NUMBER in html  # prefilled from the petition's original
    assert AuditEvent.objects.filter(action="cases.original.read", reason="Mở hồ sơ bảo vệ theo đề nghị").exists()
    created = custodian.post(
        url,
        {
            "step": "create",
            "relationship": "self",
            "kinds": [ProtectionKind.JOB],
            "summary": "Người tố cáo bị dọa điều chuyển công tác.",
            "full_name": NAME,
            "id_number": ID_NUMBER,
            "reasons": REQUEST_TEXT,
        },
    )
    case = ProtectionCase.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse("protection:case_detail", args=[case.pk])
    assert case.origin == Origin.PORTAL and case.source_message == message and case.petition == petition
    assert url not in custodian.get(reverse("protection:case_list")).content.decode()

    # The head decides within the limit, with a job measure by the provincial department of home affairs.
    head = client_for(people.head)
    decided = head.post(
        reverse("protection:case_decide", args=[case.pk]),
        {
            "decision-decision": "grant",
            "decision-reasons": "Có căn cứ về nguy cơ bị điều chuyển để trù dập.",
            "measures-TOTAL_FORMS": "3",
            "measures-INITIAL_FORMS": "0",
            "measures-0-kind": ProtectionKind.JOB,
            "measures-0-body": "Sở Nội vụ tỉnh Hòa Bình",
            "measures-0-description": "Không điều chuyển, luân chuyển trong thời gian bảo vệ",
        },
    )
    assert decided.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.GRANTED and not case.decided_late
    measure = Measure.objects.get(case=case, kind=ProtectionKind.JOB)
    assert measure.body == "Sở Nội vụ tỉnh Hòa Bình"

    # The reporter reads the decision with the receipt.
    access = case_services.receipt_check(receipt.text)
    notices = [event.text for event in access.petition.public_events.all() if event.text]
    assert any("đã được tiếp nhận" in text for text in notices)
    assert any("quyết định áp dụng biện pháp bảo vệ" in text and "Sở Nội vụ tỉnh Hòa Bình" in text for text in notices)

    portal = Client()
    assert portal.post(reverse("portal:follow_up"), {"receipt": receipt.text}).status_code == 302
    page = portal.get(reverse("portal:report")).content.decode()
    assert "quyết định áp dụng biện pháp bảo vệ" in page
    assert "Bảo vệ vị trí công tác, việc làm, do Sở Nội vụ tỉnh Hòa Bình thực hiện" in page


def test_a_protection_asked_for_when_reporting_waits_for_a_case(people, units, client_for):
    submitted = case_services.petition_submit(
        submission=case_services.Submission(
            channel="portal",
            kind="denunciation",
            subject="corruption",
            unit=units.committee,
            content="Nội dung",
            identity={"full_name": NAME, "id_number": ID_NUMBER},
            protection_requested=True,
        )
    )
    custodian = client_for(people.custodian)
    url = reverse("protection:petition_request", args=[submitted.petition.pk])
    assert url in custodian.get(reverse("protection:case_list")).content.decode()
    custodian.post(url, {"reason": "Mở hồ sơ bảo vệ"})
    response = custodian.post(
        url,
        {
            "step": "create",
            "relationship": "spouse",
            "kinds": [ProtectionKind.HONOUR],
            "summary": "Vợ của người tố cáo bị bôi nhọ.",
            "full_name": "Người Thân",
            "reasons": "Bị bôi nhọ trên mạng xã hội.",
        },
    )
    assert response.status_code == 302
    case = ProtectionCase.objects.get()
    assert case.petition == submitted.petition and case.relationship == "spouse"
    assert url not in custodian.get(reverse("protection:case_list")).content.decode()
