"""A reporting campaign through the screens: the province issues it to the provincial People's
Committee and two departments below it; both departments submit; the committee reads the
consolidation, accepts both reports and exports its consolidated report to Word."""

import datetime
import io
import urllib.request

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from selenium.webdriver.common.by import By

from accounts.models import Role
from campaigns.models import Campaign, CampaignStatus, RecipientStatus
from conftest import _person
from e2e.tests.browser import choose, click_and_wait, fill, page_text, path_of, sign_in, submit_form
from exports.models import ExportJob, ExportStatus
from org.models import UnitKind
from org.services import unit_create
from reporting.models import ReportTemplate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Sơ kết 05 năm thực hiện Chỉ thị số 27-CT/TW"
TEXTS = {
    "finance": "Sở Tài chính đã quán triệt Chỉ thị tới 100% công chức.",
    "home_affairs": "Sở Nội vụ đã rà soát việc điều chuyển người tố cáo.",
}


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def open_from_campaign_list(driver, base, section: str, link_text: str) -> None:
    """From the campaigns page, follow a link of the section "mine" (reports my units owe) or
    "review" (reports awaiting my review)."""
    driver.get(f"{base}{reverse('campaigns:campaign_list')}")
    listing = driver.find_element(By.CSS_SELECTOR, f"section[aria-labelledby='{section}-heading']")
    click_and_wait(driver, listing.find_element(By.LINK_TEXT, link_text))


def test_two_units_submit_the_parent_consolidates_and_exports_word(
    browser, live_server, people, units, levels, shots, settings
):
    settings.EXPORTS_RUN_INLINE = True  # the export runs in the request, after its commit
    base = live_server.url
    home_affairs = unit_create(
        actor=None,
        code="SNV-HB",
        name="Sở Nội vụ",
        kind=UnitKind.DEPARTMENT,
        level=levels.province,
        parent=units.committee,
    )
    departments = {"finance": units.finance, "home_affairs": home_affairs}
    officers = {
        "committee": _person("bc.ubnd", "Hà Văn Tổng", units.committee, Role.REPORTING),
        "finance": _person("bc.stc", "Kiều Thị Tài", units.finance, Role.REPORTING),
        "home_affairs": _person("bc.snv", "Tống Văn Vụ", home_affairs, Role.REPORTING),
    }
    template = ReportTemplate.objects.filter(code="d27-review").order_by("-version").first()
    assert template is not None, "the built-in template d27-review is missing"
    today = timezone.localdate()

    # The province's reporting officer issues the campaign to the committee and the departments below.
    sign_in(browser, base, people.reporting, shots)
    browser.get(f"{base}{reverse('campaigns:campaign_create')}")
    fill(browser, "issuer", str(units.province.pk))
    fill(browser, "template", str(template.pk))
    fill(browser, "title", TITLE)
    fill(browser, "reference", "Kế hoạch số 162-KH/TU")
    fill(browser, "date_from", dmy(today.replace(month=1, day=1)))
    fill(browser, "date_to", dmy(today))
    fill(browser, "due_on", dmy(today + datetime.timedelta(days=30)))
    shots(browser, "issuer-campaign-form")
    submit_form(browser, "main form")
    campaign = Campaign.objects.get()
    assert path_of(browser) == reverse("campaigns:campaign_detail", args=[campaign.pk])
    fill(browser, "root", str(units.committee.pk))
    choose(browser, "include_below")
    choose(browser, "kinds", UnitKind.PEOPLES_COMMITTEE)
    choose(browser, "kinds", UnitKind.DEPARTMENT)
    submit_form(browser, f"form[action='{reverse('campaigns:recipients_add', args=[campaign.pk])}']")
    assert set(campaign.recipients.values_list("unit__code", flat=True)) == {"UBND-HB", "STC-HB", "SNV-HB"}
    shots(browser, "issuer-recipients")
    submit_form(browser, f"form[action='{reverse('campaigns:campaign_start', args=[campaign.pk])}']")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.RUNNING
    shots(browser, "issuer-started")
    parent = campaign.recipients.get(unit=units.committee)
    children = {key: campaign.recipients.get(unit=unit) for key, unit in departments.items()}
    assert all(child.parent == parent for child in children.values())

    # Each department finds the report it owes, writes its text and submits it.
    for key in departments:
        sign_in(browser, base, officers[key], shots)
        open_from_campaign_list(browser, base, "mine", TITLE)
        assert path_of(browser) == reverse("campaigns:recipient_detail", args=[children[key].pk])
        browser.find_element(By.CSS_SELECTOR, "main textarea[name^='t_f']").send_keys(TEXTS[key])
        shots(browser, f"{key}-report")
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[name=action][value=submit]"))
        children[key].refresh_from_db()
        assert children[key].status == RecipientStatus.SUBMITTED, page_text(browser)
        shots(browser, f"{key}-submitted")

    # The committee reads the consolidation of its report (each department's text under its name),
    # accepts both reports and exports its consolidated report to Word.
    sign_in(browser, base, officers["committee"], shots)
    open_from_campaign_list(browser, base, "mine", TITLE)
    assert path_of(browser) == reverse("campaigns:recipient_detail", args=[parent.pk])
    page = page_text(browser)
    assert all(f"{unit.name}: {TEXTS[key]}" in page for key, unit in departments.items())
    shots(browser, "committee-consolidation")
    for key, unit in departments.items():
        open_from_campaign_list(browser, base, "review", unit.name)
        submit_form(browser, f"form[action='{reverse('campaigns:recipient_accept', args=[children[key].pk])}']")
        children[key].refresh_from_db()
        assert children[key].status == RecipientStatus.ACCEPTED
        shots(browser, f"committee-accepted-{key}")
    open_from_campaign_list(browser, base, "mine", TITLE)
    fill(browser, "kind", "docx")
    submit_form(browser, f"form[action='{reverse('campaigns:recipient_export', args=[parent.pk])}']")
    job = ExportJob.objects.get(kind="docx")
    assert (job.status, job.created_by) == (ExportStatus.DONE, officers["committee"]), job.message
    assert path_of(browser) == reverse("exports:job_detail", args=[job.pk])
    link = browser.find_element(By.CSS_SELECTOR, f"main a[href='{reverse('exports:job_download', args=[job.pk])}']")
    shots(browser, "committee-export-ready")

    # The link downloads the Word file, with both departments' texts in it.
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    download = urllib.request.Request(link.get_attribute("href"), headers={"Cookie": cookies})  # noqa: S310
    with urllib.request.urlopen(download) as response:  # noqa: S310 (the live test server, over http)
        assert response.headers["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.wordprocessingml"
        )
        document = Document(io.BytesIO(response.read()))
    texts = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert all(text in texts for text in TEXTS.values())
