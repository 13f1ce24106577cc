# ruff: noqa: F811 (the campaigns fixtures are imported, then named as arguments)
"""Campaigns' builder (``campaigns.recipient_report``) through a PDF export job: a province's
consolidated Directive 27 review, with a commune's text under it, as PDF."""

import pytest

from campaigns import services as campaign_services
from campaigns.exports_builders import RECIPIENT_REPORT
from campaigns.tests.conftest import make_campaign, recipient_of, staff, template, tree  # noqa: F401 (fixtures)
from exports import builders, layout
from exports import services as export_services
from exports.models import ExportKind, ExportStatus
from exports.pdf import render_pdf
from exports.tests.test_pdf import RecordingFetcher
from reporting.models import Field

pytestmark = pytest.mark.django_db

TEXT = "Đảng ủy xã An Bình đã tổ chức 12 hội nghị quán triệt Chỉ thị số 27-CT/TW."


@pytest.fixture
def province_recipient(staff, tree, template):
    campaign = make_campaign(staff, tree, template)
    narrative = Field.objects.filter(section__template=template, kind="narrative").order_by("pk").first()
    commune = recipient_of(campaign, tree.commune_a)
    campaign_services.report_save(actor=staff.commune_a, recipient=commune, values={f"f{narrative.pk}": {"text": TEXT}})
    campaign_services.report_submit(actor=staff.commune_a, recipient=commune)
    return recipient_of(campaign, tree.province)


def test_the_builder_gives_a_report_the_pdf_renders_without_fetching(province_recipient, template):
    steps = []
    report = builders.get(RECIPIENT_REPORT)({"recipient_id": province_recipient.pk}, lambda *a: steps.append(a))
    assert steps and steps[-1][:2] == (2, 2)
    assert report.unit_name == "Tỉnh ủy Đồng Tháp"
    contributions = [c.text for _s, field in layout.narrative_fields(report) for c in field.contributions]
    assert TEXT in contributions
    fetcher = RecordingFetcher()
    data = render_pdf(report, url_fetcher=fetcher)
    assert data.startswith(b"%PDF-") and fetcher.urls == []


def test_a_pdf_export_job_of_a_recipient_report_is_done(
    province_recipient,
    staff,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORTS_RUN_INLINE = True
    with django_capture_on_commit_callbacks(execute=True):
        job = export_services.export_start(
            user=staff.province,
            builder=RECIPIENT_REPORT,
            params={"recipient_id": province_recipient.pk},
            kind=ExportKind.PDF,
            label="Sơ kết Chỉ thị 27 – Tỉnh ủy Đồng Tháp",
            unit=province_recipient.unit,
        )
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.message
    assert job.filename.endswith(".pdf")
    assert job.result.read().startswith(b"%PDF-")
