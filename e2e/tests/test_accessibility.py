"""Accessibility of the portal and of the main staff pages, checked with axe-core in Chromium: no
violation of "serious" or "critical" impact. axe-core comes from node_modules (``npm ci``) and is
injected into each page by the test; the pages themselves load nothing of it.

Each page has data in it (a petition, its matter, a protection case, a reception session, a plan,
a campaign), so that tables, badges and forms are checked, not empty states only."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from selenium.webdriver.common.by import By

from accounts.models import Role
from cases import handling, services
from cases.models import Channel, Competence, Condition, Kind, Subject
from conftest import PASSWORD, _person
from e2e.tests.browser import (
    axe_violations,
    click_and_wait,
    current_code,
    fill,
    path_of,
    portal_follow_up,
    portal_submit,
    submit_form,
)
from programme import services as programme_services
from programme.models import DocumentKind
from protection.tests.helpers import open_case
from reception import services as reception_services
from reception.models import SessionKind, SessionStatus
from reporting.models import ReportTemplate
from vault.services import user_key_unlock

# The server under test runs in another thread: the database is shared, not rolled back.
live_database = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def check(browser, shots, found: dict, name: str) -> None:
    """Run axe-core on the page shown; keep its blocking violations under ``name``."""
    shots(browser, name)
    violations = axe_violations(browser)
    if violations:
        found[f"{name} ({browser.current_url})"] = violations


def assert_none(found: dict) -> None:
    assert not found, "Serious or critical accessibility violations:\n" + json.dumps(
        found, ensure_ascii=False, indent=2
    )


def test_axe_finds_what_it_should(browser):
    """The check itself: a page without a title, a language, an image text or a field label fails."""
    browser.get("data:text/html,<html><body><main><h1>x</h1><img src='a.png'><input type='text'></main></body></html>")
    assert {"document-title", "html-has-lang", "image-alt", "label"} <= {v["id"] for v in axe_violations(browser)}


@live_database
def test_the_portal_pages(browser, live_server, people, units, shots):
    base, found = live_server.url, {}
    browser.get(f"{base}{reverse('portal:home')}")
    check(browser, shots, found, "portal-home")
    browser.get(f"{base}{reverse('portal:submit')}")
    check(browser, shots, found, "portal-report-form")
    submit_form(browser, "form.report-form")  # nothing filled in: the error summary and the marked fields
    check(browser, shots, found, "portal-report-form-errors")

    receipt = portal_submit(
        browser, base, unit=units.committee, content="Cán bộ địa chính đòi tiền khi làm thủ tục đất đai."
    )
    check(browser, shots, found, "portal-receipt")
    browser.get(f"{base}{reverse('portal:follow_up')}")
    check(browser, shots, found, "portal-follow-up")
    portal_follow_up(browser, base, receipt)
    check(browser, shots, found, "portal-report-status")
    browser.get(f"{base}{reverse('reception_public:schedule')}")
    check(browser, shots, found, "portal-reception-schedule")
    assert_none(found)


@pytest.fixture
def records(people, units):
    """A registered petition classified as ours (a matter awaiting the head), a protection case, a
    reception session, a plan and a running campaign asking the committee for a report."""
    petition = services.petition_submit(
        submission=services.Submission(
            channel=Channel.MAILBOX,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            unit=units.committee,
            content="Phó giám đốc Sở nhận 200 triệu đồng để duyệt hồ sơ thầu.",
            accused=[{"name": "Trần Văn Bị", "position": "Phó Giám đốc", "unit": "Sở Tài chính"}],
            identity={"full_name": "Đinh Thị Phản Ánh"},
        ),
        issue_receipt=False,
    ).petition
    petition = services.petition_register(
        petition=petition, actor=people.intake, working_content="Phó giám đốc Sở nhận tiền để duyệt hồ sơ thầu."
    )
    handling.petition_classify(
        petition=petition,
        actor=people.intake,
        kind=Kind.DENUNCIATION,
        subject=Subject.CORRUPTION,
        condition=Condition.PROCESSABLE,
        competence=Competence.OURS,
        actor_private=user_key_unlock(user=people.intake, password=PASSWORD),
    )
    petition.refresh_from_db()
    case = open_case(units, people, petition=petition)
    today = timezone.localdate()
    session = reception_services.session_create(
        actor=people.intake,
        data=reception_services.SessionData(
            unit=units.committee,
            kind=SessionKind.SCHEDULED,
            date=today + datetime.timedelta(days=3),
            place="Phòng tiếp công dân, số 1 đường Trần Hưng Đạo",
            host_title="Chủ tịch Ủy ban nhân dân tỉnh",
            status=SessionStatus.PLANNED,
            published=True,
        ),
    )
    plan = programme_services.document_create(
        actor=people.head,
        kind=DocumentKind.PLAN,
        number="80-KH/UBND",
        issued_on=today - datetime.timedelta(days=30),
        title="Kế hoạch thực hiện Chỉ thị số 27-CT/TW",
        issuer=units.committee,
        unit=units.committee,
    )
    template = ReportTemplate.objects.filter(code="d27-review").order_by("-version").first()
    from campaigns import services as campaign_services

    reporting = _person("bc.tinh", "Lâm Thị Tỉnh", units.province, Role.REPORTING)
    campaign = campaign_services.campaign_create(
        actor=reporting,
        issuer=units.province,
        template=template,
        title="Sơ kết 05 năm thực hiện Chỉ thị số 27-CT/TW",
        date_from=today.replace(month=1, day=1),
        date_to=today,
        due_on=today + datetime.timedelta(days=30),
    )
    campaign_services.recipients_add(actor=reporting, campaign=campaign, units=[units.committee, units.finance])
    campaign_services.campaign_start(actor=reporting, campaign=campaign)
    return petition, case, session, plan, campaign, template


@live_database
def test_the_main_staff_pages(browser, live_server, people, units, records, shots):
    petition, case, session, plan, campaign, template = records
    base, found = live_server.url, {}
    browser.get(f"{base}{reverse('accounts:login')}")
    check(browser, shots, found, "staff-login")
    fill(browser, "username", people.head.username)
    fill(browser, "password", "sai-mat-khau")
    submit_form(browser, "main form")
    check(browser, shots, found, "staff-login-error")
    device = TOTPDevice.objects.create(user=people.head, name="điện thoại", confirmed=True)
    fill(browser, "password", PASSWORD)
    submit_form(browser, "main form")
    check(browser, shots, found, "staff-2fa")
    fill(browser, "token", current_code(device))
    submit_form(browser, "main form")
    assert path_of(browser) == reverse("home")

    matter = petition.matter
    pages = [  # name, address, a text the page must show (so that axe checks a real page with data)
        ("staff-overview", reverse("home"), people.head.full_name),
        ("petitions", reverse("cases:petition_list"), petition.reference),
        ("petition", reverse("cases:petition_detail", args=[petition.pk]), petition.reference),
        ("matter", reverse("cases:matter_detail", args=[matter.pk]), matter.reference),
        ("worklist-decisions", reverse("cases:worklist", args=["decisions"]), matter.reference),
        ("protection-cases", reverse("protection:case_list"), case.reference),
        ("protection-case", reverse("protection:case_detail", args=[case.pk]), case.reference),
        ("reception-sessions", reverse("reception:session_list"), session.place),
        ("programme-plans", reverse("programme:plan_list"), plan.number),
        ("campaign", reverse("campaigns:campaign_detail", args=[campaign.pk]), campaign.title),
        ("report-template", reverse("reporting:template_detail", args=[template.pk]), template.name),
        ("dashboard", reverse("dashboards:home"), units.committee.name),
    ]
    for name, path, expected in pages:
        browser.get(f"{base}{path}")
        assert expected in browser.find_element(By.TAG_NAME, "body").text, name
        check(browser, shots, found, name)

    # A form sent back with errors: the decision without its reasons.
    browser.get(f"{base}{reverse('protection:case_detail', args=[case.pk])}")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/decide/'] button[type=submit]"))
    check(browser, shots, found, "protection-decision-errors")
    assert_none(found)
