"""A reporter with JavaScript switched off sends a named report, keeps the receipt shown once, and
later opens the report with it: the status page says it was received."""

from urllib.parse import urlsplit

import pytest
from django.utils import translation
from selenium.webdriver.common.by import By

from cases.models import Petition, Status
from conftest import requested_urls
from e2e.tests.browser import page_text, portal_follow_up, portal_submit
from portal.selectors import STATUS_TEXT

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CONTENT = "Kế toán trưởng Sở Tài chính yêu cầu doanh nghiệp nộp 50 triệu đồng để được thanh toán công trình."
IDENTITY = {"full_name": "Lương Thị Minh", "id_number": "001190012345", "phone": "0912345678"}


def test_a_report_sent_without_javascript_is_followed_up_with_its_receipt(
    browser_no_js, live_server, people, units, shots
):
    browser = browser_no_js
    browser.get("data:text/html,<title>off</title><script>document.title='on'</script>")
    assert browser.title == "off"  # page scripts really do not run
    requested_urls(browser)

    receipt = portal_submit(
        browser, live_server.url, unit=units.committee, content=CONTENT, identity=IDENTITY, shots=shots
    )
    petition = Petition.objects.get()
    assert (petition.unit, petition.anonymous, petition.status) == (units.committee, False, Status.RECEIVED)
    assert browser.get_cookies() == []  # sending a report sets no cookie

    portal_follow_up(browser, live_server.url, receipt, shots=shots)
    status = browser.find_element(By.CSS_SELECTOR, "#status .status-text").text
    with translation.override("vi"):
        assert status == str(STATUS_TEXT[Status.RECEIVED])
    history = browser.find_element(By.CSS_SELECTOR, "#status .timeline").text
    assert petition.received_at.astimezone().strftime("%d/%m/%Y") in history
    assert IDENTITY["full_name"] not in page_text(browser)  # the identity is sealed, never shown back
    shots(browser, "portal-status")

    hosts = {urlsplit(url).netloc for url in requested_urls(browser) if url.startswith("http")}
    assert hosts == {urlsplit(live_server.url).netloc}
