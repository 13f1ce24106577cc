"""Every portal page: plain HTML forms, no script, no cookie before one is needed, strict headers."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cases.services import Submission, petition_submit
from portal.tests.conftest import receipt_in, report_data, sign_in

pytestmark = pytest.mark.django_db

OUTSIDE = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def assert_plain_page(response):
    html = response.content.decode()
    assert "<script" not in html.lower()
    assert " style=" not in html.lower()
    assert "<style" not in html.lower()
    assert not OUTSIDE.search(html), "the page loads or links something from another site"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    for form in re.findall(r"<form[^>]*>", html):
        assert 'method="post"' in form
        assert 'action="/portal/' in form
    return html


@pytest.mark.parametrize("name", ["portal:home", "portal:submit", "portal:follow_up"])
def test_the_public_pages_are_plain_html_and_set_no_cookie(portal, name):
    response = portal.get(reverse(name))
    assert response.status_code == 200
    assert_plain_page(response)
    assert not response.cookies


def test_the_site_root_leads_to_the_portal(portal):
    response = portal.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_the_home_page_says_what_is_secret_and_where_to_go(portal):
    html = portal.get(reverse("portal:home")).content.decode()
    assert 'lang="vi"' in html
    assert f'href="{reverse("portal:submit")}"' in html
    assert f'href="{reverse("portal:follow_up")}"' in html
    assert "Cán bộ tiếp nhận" in html or "cán bộ tiếp nhận" in html
    assert "đường dây nóng" in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html


def test_the_hotline_is_shown_when_configured(portal, settings):
    settings.PORTAL_HOTLINE = "1800 1234"
    assert "1800 1234" in portal.get(reverse("portal:home")).content.decode()


def test_a_submission_sets_no_cookie_and_the_receipt_page_is_not_cached(portal, units):
    response = portal.post(reverse("portal:submit"), report_data(units))
    assert response.status_code == 200
    html = assert_plain_page(response)
    receipt_in(html)
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"


def test_the_submission_form_has_no_csrf_token(portal):
    html = portal.get(reverse("portal:submit")).content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert 'enctype="multipart/form-data"' in html
    assert '<input type="file" name="evidence" multiple' in html


def test_the_submission_form_has_fieldsets_for_its_radio_groups_and_a_secrecy_box(portal):
    html = portal.get(reverse("portal:submit")).content.decode()
    assert html.count("<fieldset") >= 6
    assert "<legend>" in html
    secrecy = html.index('id="secret-title"')
    assert secrecy < html.index('type="submit"')
    assert "mã hóa" in html[secrecy:]
    assert "địa chỉ IP" in html[secrecy:]


def test_the_unit_list_is_the_published_tree_active_today_indented_by_depth(portal, units):
    units.commune.published = False
    units.commune.save()
    html = portal.get(reverse("portal:submit")).content.decode()
    select = html[html.index('<select name="unit"') : html.index("</select>")]
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    values = [value for value, _label in options]
    assert values[:2] == ["", "-"]
    assert values[2:] == ["TU-HB", "UBKT-HB", "UBND-HB", "STC-HB", "TU-LC"]
    labels = dict(options)
    assert labels["TU-HB"] == "Tỉnh ủy Hòa Bình"
    assert labels["STC-HB"].startswith("\u00a0" * 6)
    assert labels["UBND-HB"].startswith("\u00a0" * 3) and not labels["UBND-HB"].startswith("\u00a0" * 4)


def test_the_follow_up_pages_are_plain_html_and_not_cached(portal, units):
    receipt = petition_submit(
        submission=Submission(
            channel="portal", kind="feedback", subject="waste", content="Lãng phí.", unit=units.committee
        )
    ).receipt
    response = sign_in(portal, receipt.text)
    cookie = response.cookies["baove_portal"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/portal/"
    assert not cookie["max-age"] and not cookie["expires"]
    page = portal.get(reverse("portal:report"))
    html = assert_plain_page(page)
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in page.cookies


def test_the_portal_cookie_is_secure_when_sessions_are(portal, units, settings):
    settings.SESSION_COOKIE_SECURE = True
    receipt = petition_submit(
        submission=Submission(
            channel="portal", kind="feedback", subject="waste", content="Lãng phí.", unit=units.committee
        )
    ).receipt
    assert sign_in(portal, receipt.text).cookies["baove_portal"]["secure"]


def test_the_language_is_vietnamese_whatever_the_browser_says(portal):
    html = portal.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="vi"' in html
    assert "Gửi phản ánh, tố cáo" in html


def test_the_language_switch_sets_the_cookie_and_returns_to_the_portal_page(portal):
    response = portal.get(reverse("portal:language", args=["en"]), {"next": reverse("portal:follow_up")})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:follow_up")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = portal.get(reverse("portal:follow_up")).content.decode()
    assert 'lang="en"' in html
    assert "Follow up your report" in html
    portal.get(reverse("portal:language", args=["vi"]))
    assert 'lang="vi"' in portal.get(reverse("portal:home")).content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/portal/", "//evil.example/portal/", "/staff/", "", "/x"])
def test_the_language_switch_never_leaves_the_portal(portal, target):
    response = portal.get(reverse("portal:language", args=["en"]), {"next": target})
    assert response["Location"] == reverse("portal:home")


def test_the_language_switch_knows_only_vietnamese_and_english(portal):
    response = portal.get(reverse("portal:language", args=["fr"]))
    assert response.status_code == 404
    assert not response.cookies


def test_pages_answer_only_their_methods(portal):
    assert portal.post(reverse("portal:home")).status_code == 405
    assert portal.get(reverse("portal:logout")).status_code == 405


def test_every_form_works_with_csrf_checks_on_and_without_a_csrf_cookie(units, people):
    browser = Client(enforce_csrf_checks=True)
    submitted = browser.post(reverse("portal:submit"), report_data(units))
    assert submitted.status_code == 200
    receipt = receipt_in(submitted.content.decode())
    assert sign_in(browser, receipt).status_code == 302
    html = browser.get(reverse("portal:report")).content.decode()
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', html).group(1)
    sent = browser.post(
        reverse("portal:report"),
        {"form_token": token, "action": "message", "message-text": "Xin chào"},
        HTTP_ORIGIN="null",
    )
    assert sent.status_code == 302
    assert browser.post(reverse("portal:logout"), HTTP_ORIGIN="null").status_code == 302
    api = Client(enforce_csrf_checks=True)
    body = '{"kind": "feedback", "subject": "waste", "content": "Lãng phí", "unit": "UBND-HB"}'
    assert api.post(reverse("api:reports"), body, content_type="application/json").status_code == 201
    assert "csrftoken" not in browser.cookies
