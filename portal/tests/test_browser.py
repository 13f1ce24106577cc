"""The portal in a real headless Chromium with JavaScript turned off (Tor Browser "Safest"):
a report is sent, the receipt read off the page, and the report followed up with it. Every request
the browser makes must go to this server; the pages arrive with the security headers."""

import json
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from cases.models import Message, Petition
from conftest import chromium, requested_urls, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def browser():
    driver = chromium(javascript=False)
    yield driver
    driver.quit()


def document_headers(driver) -> list[dict]:
    """Response headers of every document (page) the browser received since the last call."""
    headers = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.responseReceived" and message["params"]["type"] == "Document":
            headers.append({key.lower(): value for key, value in message["params"]["response"]["headers"].items()})
    return headers


def test_report_and_follow_up_with_javascript_off(browser, live_server, people, units):
    host = urlsplit(live_server.url).netloc
    browser.get("data:text/html,<title>off</title><script>document.title='on'</script>")
    assert browser.title == "off"  # page scripts really do not run
    requested_urls(browser)
    browser.get(f"{live_server.url}/portal/")
    headers = document_headers(browser)
    assert headers and all("unsafe-inline" not in h["content-security-policy"] for h in headers)
    assert all(h["x-frame-options"] == "DENY" and h["referrer-policy"] == "no-referrer" for h in headers)
    screenshot(browser, "portal-1-home")

    browser.get(f"{live_server.url}/portal/report/")
    browser.find_element(By.CSS_SELECTOR, "input[name=kind][value=denunciation]").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=subject][value=corruption]").click()
    browser.find_element(By.CSS_SELECTOR, f"select[name=unit] option[value='{units.committee.code}']").click()
    browser.find_element(By.NAME, "content").send_keys("Cán bộ phòng tài chính yêu cầu nộp thêm tiền ngoài quy định.")
    browser.find_element(By.CSS_SELECTOR, "input[name=reporter][value=anonymous]").click()
    screenshot(browser, "portal-2-form")
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    # The submission hashes the receipt before answering: wait for the page rather than race it.
    receipt = WebDriverWait(browser, 30).until(lambda driver: driver.find_element(By.CLASS_NAME, "receipt-digits")).text
    assert len(receipt.replace(" ", "")) == 28
    assert browser.get_cookies() == []
    screenshot(browser, "portal-3-receipt")
    petition = Petition.objects.get()
    assert petition.unit == units.committee and petition.anonymous

    browser.get(f"{live_server.url}/portal/follow-up/")
    browser.find_element(By.NAME, "receipt").send_keys(receipt)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda driver: "/portal/follow-up/report/" in driver.current_url)
    screenshot(browser, "portal-4-report")
    message_box = browser.find_element(By.CSS_SELECTOR, "form.thread-form textarea")
    message_box.send_keys("Tôi bổ sung: việc này xảy ra từ tháng 3.")
    message_box.find_element(By.XPATH, "./ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda driver: "sent=" in driver.current_url)
    screenshot(browser, "portal-5-sent")
    assert Message.objects.filter(petition=petition, from_reporter=True).count() == 1

    hosts = {urlsplit(url).netloc for url in requested_urls(browser) if url.startswith("http")}
    assert hosts == {host}
