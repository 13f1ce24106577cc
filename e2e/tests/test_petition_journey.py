"""A report's whole journey through the screens: the reporter sends it on the portal; the intake
officer opens the original, writes the working copy and classifies it as ours; the head accepts it
and concludes; the reporter reads the conclusion with the receipt."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By

from cases.models import Matter, MatterStatus, Petition, PublicEvent, Status
from e2e.tests.browser import (
    click_and_wait,
    fill,
    page_text,
    path_of,
    portal_follow_up,
    portal_submit,
    sign_in,
    submit_form,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CONTENT = (
    "Ông Trần Văn Bị, trưởng phòng quản lý đô thị, chia nhỏ gói thầu sửa chữa trụ sở năm 2026 "
    "để chỉ định thầu cho công ty của em vợ. Tôi là Lương Thị Minh, kế toán của ban."
)
IDENTITY = {"full_name": "Lương Thị Minh", "id_number": "001190012345", "phone": "0912345678"}
CONCLUSION = "Tố cáo đúng: gói thầu bị chia nhỏ để chỉ định thầu trái quy định."


def test_intake_classification_acceptance_conclusion_and_the_reporter_reads_it(
    browser, live_server, people, units, shots
):
    base = live_server.url

    # The reporter sends a named report.
    receipt = portal_submit(browser, base, unit=units.committee, content=CONTENT, identity=IDENTITY, shots=shots)
    petition = Petition.objects.get()

    # The intake officer finds it in the worklist, opens the original with a reason and writes the
    # working copy (prefilled with the reporter's own details hidden): the petition is registered.
    sign_in(browser, base, people.intake, shots)
    browser.get(f"{base}{reverse('cases:worklist', args=['to_classify'])}")
    shots(browser, "intake-worklist")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, petition.reference))
    assert path_of(browser) == reverse("cases:petition_detail", args=[petition.pk])
    fill(browser, "reason", "Đọc đơn để lập bản làm việc")
    submit_form(browser, "form[action$='/original/']")
    assert IDENTITY["full_name"] in page_text(browser)  # the original, shown to the intake officer only
    working = browser.find_element(By.NAME, "working_content").get_attribute("value")
    assert "Trần Văn Bị" in working and IDENTITY["full_name"] not in working
    shots(browser, "intake-original-and-working-copy")
    submit_form(browser, "form[action$='/working-copy/']")
    petition.refresh_from_db()
    assert petition.status == Status.REGISTERED and IDENTITY["full_name"] not in petition.working_content
    shots(browser, "intake-registered")

    # Classification: a denunciation within our competence opens a matter awaiting the head.
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main a[href$='/classify/']"))
    shots(browser, "intake-classify")
    submit_form(browser, "form[action$='/classify/']")
    matter = Matter.objects.get()
    assert matter.status == MatterStatus.AWAITING_DECISION
    assert path_of(browser) == reverse("cases:matter_detail", args=[matter.pk])
    shots(browser, "intake-matter-opened")

    # The head accepts it from the decisions worklist, then concludes.
    sign_in(browser, base, people.head, shots)
    browser.get(f"{base}{reverse('cases:worklist', args=['decisions'])}")
    shots(browser, "head-worklist")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, matter.reference))
    fill(browser, "accept-complexity", "normal")
    shots(browser, "head-matter")
    submit_form(browser, "form[action$='/accept/']")
    matter.refresh_from_db()
    assert matter.status == MatterStatus.ACCEPTED
    fill(browser, "conclude-outcome", "true")
    fill(browser, "conclude-conclusion", CONCLUSION)
    shots(browser, "head-accepted")
    submit_form(browser, "form[action$='/conclude/']")
    matter.refresh_from_db()
    assert (matter.status, matter.outcome, matter.conclusion) == (MatterStatus.CONCLUDED, "true", CONCLUSION)
    assert CONCLUSION in page_text(browser)
    shots(browser, "head-concluded")

    # The reporter reads the notices with the receipt: the acceptance and the conclusion.
    notices = list(
        PublicEvent.objects.filter(petition=petition, step=PublicEvent.Step.NOTICE)
        .order_by("pk")
        .values_list("text", flat=True)
    )
    assert len(notices) == 2 and "kết luận" in notices[1]
    portal_follow_up(browser, base, receipt, shots=shots)
    history = browser.find_element(By.CSS_SELECTOR, "#status .timeline").text
    for notice in notices:
        assert notice.splitlines()[0] in history
    shots(browser, "portal-conclusion")
