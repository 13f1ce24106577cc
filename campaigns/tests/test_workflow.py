"""Campaign rules: parents, the template version, late flags, reminders, schedules, lists, files."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from campaigns import schedules, services
from campaigns.consolidation import build
from campaigns.models import Campaign, CampaignStatus, RecipientStatus, Reminder
from campaigns.reminders import reminders_send
from reporting import engine
from reporting.services import section_create, template_copy

from .conftest import DUE, make_campaign, recipient_of

pytestmark = pytest.mark.django_db


# Recipients


def test_each_recipient_reports_to_the_nearest_recipient_above(staff, tree, template):
    campaign = make_campaign(staff, tree, template, start=False, units=[tree.commune_a, tree.office])
    assert recipient_of(campaign, tree.commune_a).parent is None
    services.recipients_add(actor=staff.central, campaign=campaign, units=[tree.province])
    assert recipient_of(campaign, tree.commune_a).parent == recipient_of(campaign, tree.province)
    assert recipient_of(campaign, tree.office).parent == recipient_of(campaign, tree.province)
    services.recipient_remove(actor=staff.central, recipient=recipient_of(campaign, tree.province))
    assert recipient_of(campaign, tree.commune_a).parent is None


def test_recipients_must_be_below_the_issuer(staff, tree, template):
    campaign = make_campaign(staff, tree, template, start=False, units=[])
    with pytest.raises(ValidationError):
        services.recipients_add(actor=staff.central, campaign=campaign, units=[tree.other])
    with pytest.raises(ValidationError):
        services.recipients_add(actor=staff.central, campaign=campaign, units=[tree.central])


def test_a_selection_expands_by_kind_and_level(staff, tree, template, levels):
    units = services.units_matching(
        issuer=tree.central, root=tree.province, include_below=True, levels=[levels.commune], on=DUE
    )
    assert set(units) == {tree.commune_a, tree.commune_b}
    units = services.units_matching(
        issuer=tree.central, root=tree.province, include_below=True, kinds=["department"], on=DUE
    )
    assert list(units) == [tree.office]


def test_a_campaign_cannot_start_without_recipients(staff, tree, template):
    campaign = make_campaign(staff, tree, template, start=False, units=[])
    with pytest.raises(ValidationError):
        services.campaign_start(actor=staff.central, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT


# The template version


def test_a_running_campaign_keeps_the_template_version_it_started_with(campaign, tree, staff, template):
    template.refresh_from_db()
    assert template.is_locked
    newer = template_copy(template=template, actor=staff.central)
    section_create(template=newer, actor=staff.central, number="V", heading="Mục mới của phiên bản sau")
    campaign.refresh_from_db()
    assert campaign.template_id == template.pk and newer.version == template.version + 1
    report = build(recipient_of(campaign, tree.commune_a)).report
    headings = [s.heading for s in engine.walk(report.sections)]
    assert "Mục mới của phiên bản sau" not in headings
    assert len(headings) == len(list(engine.walk(engine.structure(template).sections)))


# Late


def test_late_when_the_due_date_passed_without_a_report(campaign, tree):
    commune_a = recipient_of(campaign, tree.commune_a)
    assert not commune_a.is_late_on(DUE)
    assert commune_a.is_late_on(DUE + datetime.timedelta(days=1))


def test_late_when_first_submitted_after_the_due_date(staff, tree, template):
    today = timezone.localdate()
    campaign = make_campaign(staff, tree, template, due_on=today)
    on_time, late = recipient_of(campaign, tree.commune_a), recipient_of(campaign, tree.commune_b)
    services.recipient_set_due(actor=staff.central, recipient=late, due_on=today - datetime.timedelta(days=1))
    for person, recipient in ((staff.commune_a, on_time), (staff.commune_b, late)):
        services.report_submit(actor=person, recipient=recipient)
        recipient.refresh_from_db()
    later = today + datetime.timedelta(days=30)
    assert not on_time.is_late_on(later)
    assert late.is_late_on(later)
    assert late.status == RecipientStatus.SUBMITTED


def test_the_campaign_page_shows_late_recipients_in_the_progress(campaign, tree, staff, client_for):
    assert timezone.localdate() > DUE
    services.report_submit(actor=staff.commune_a, recipient=recipient_of(campaign, tree.commune_a))
    response = client_for(staff.central).get(reverse("campaigns:campaign_detail", args=[campaign.pk]))
    progress = response.context["progress"]
    assert progress.late == 3
    assert progress.counts == {RecipientStatus.NOT_STARTED: 2, RecipientStatus.SUBMITTED: 1}
    assert response.content.decode().count("badge badge-late") == 3


# Reminders


@pytest.fixture
def with_addresses(staff):
    for person in (staff.commune_a, staff.commune_b, staff.province, staff.province_head):
        person.email = f"{person.username}@example.invalid"
        person.save(update_fields=["email"])


def test_reminders_before_the_due_date_go_once_a_day(campaign, tree, staff, with_addresses):
    week_before = DUE - datetime.timedelta(days=7)
    assert reminders_send(today=week_before) == 3
    assert reminders_send(today=week_before) == 0
    addressed = sorted(address for message in mail.outbox for address in message.to)
    assert addressed == sorted(
        f"{p.username}@example.invalid" for p in (staff.commune_a, staff.commune_b, staff.province, staff.province_head)
    )
    assert all(campaign.title in message.subject for message in mail.outbox)
    assert reminders_send(today=DUE - datetime.timedelta(days=6)) == 0
    assert Reminder.objects.count() == 3


def test_reminders_after_the_due_date_every_n_days_until_sent(campaign, tree, staff, with_addresses):
    services.report_submit(actor=staff.commune_b, recipient=recipient_of(campaign, tree.commune_b))
    days = {offset: reminders_send(today=DUE + datetime.timedelta(days=offset)) for offset in range(1, 8)}
    # Commune A and the province: the day after, then every 3 days; commune B sent its report.
    assert days == {1: 2, 2: 0, 3: 0, 4: 2, 5: 0, 6: 0, 7: 2}
    assert not Reminder.objects.filter(recipient__unit=tree.commune_b).exists()


def test_the_reminder_command_is_idempotent(campaign, with_addresses):
    day = (DUE - datetime.timedelta(days=1)).isoformat()
    call_command("campaign_reminders", date=day, stdout=io.StringIO())
    count = len(mail.outbox)
    call_command("campaign_reminders", date=day, stdout=io.StringIO())
    assert count == 4 and len(mail.outbox) == count


def test_a_closed_campaign_sends_no_reminder(campaign, staff, with_addresses):
    services.campaign_close(actor=staff.central, campaign=campaign)
    assert reminders_send(today=DUE - datetime.timedelta(days=1)) == 0


# Built-in schedules


def test_plan_162_creates_its_three_campaigns_once(staff, tree):
    created = schedules.schedule_create(actor=staff.central, issuer=tree.central, planned=schedules.plan_162())
    assert [(c.template.code, c.due_on, c.date_from, c.date_to) for c in created] == [
        ("r11-review", datetime.date(2024, 4, 30), datetime.date(2019, 2, 18), datetime.date(2023, 12, 31)),
        ("d27-review", datetime.date(2024, 5, 30), datetime.date(2019, 1, 10), datetime.date(2023, 12, 31)),
        ("c69-review", datetime.date(2024, 10, 30), datetime.date(2020, 2, 24), datetime.date(2024, 9, 30)),
    ]
    assert all(c.status == CampaignStatus.DRAFT and c.reference.startswith("Kế hoạch số 162-KH/TU") for c in created)
    again = schedules.schedule_create(actor=staff.central, issuer=tree.central, planned=schedules.plan_162())
    assert [c.pk for c in again] == [c.pk for c in created]
    assert Campaign.objects.count() == 3


def test_the_half_yearly_schedule_is_due_on_5_june_and_5_december(staff, tree, client_for):
    response = client_for(staff.central).post(
        reverse("campaigns:schedule_create"), {"issuer": tree.central.pk, "schedule": "half-yearly", "year": 2026}
    )
    assert response.status_code == 302
    rows = list(Campaign.objects.order_by("due_on").values_list("template__code", "due_on"))
    assert rows == [
        ("d27-plan-periodic", datetime.date(2026, 6, 5)),
        ("d27-plan-periodic", datetime.date(2026, 12, 5)),
    ]


# Lists and exports


def test_the_list_searches_without_diacritics_and_filters(campaign, staff, tree, template, client_for):
    other = services.campaign_create(
        actor=staff.central,
        issuer=tree.central,
        template=template,
        title="Báo cáo kết quả thực hiện năm 2025",
        date_from=datetime.date(2024, 12, 1),
        date_to=datetime.date(2025, 11, 30),
        due_on=datetime.date(2025, 12, 15),
    )
    client = client_for(staff.central)
    url = reverse("campaigns:campaign_list")
    found = client.get(url, {"q": "so ket 05 nam thuc hien chi thi"}).context["page_obj"]
    assert [c.pk for c in found] == [campaign.pk]
    assert [c.pk for c in client.get(url, {"status": "draft"}).context["page_obj"]] == [other.pk]
    assert [c.pk for c in client.get(url, {"year": "2024"}).context["page_obj"]] == [campaign.pk]
    response = client.get(reverse("campaigns:campaign_export"), {"year": "2024"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [campaign.title]


def test_the_progress_table_downloads_as_xlsx(campaign, tree, staff, client_for):
    services.report_submit(actor=staff.commune_a, recipient=recipient_of(campaign, tree.commune_a))
    response = client_for(staff.central).get(reverse("campaigns:campaign_status_xlsx", args=[campaign.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["Tỉnh ủy Đồng Tháp", "— Đảng ủy xã An Bình", "— Đảng ủy xã Mỹ Hiệp"]
    assert rows[1][3] == str(RecipientStatus.SUBMITTED.label)


# Evidence files


def test_files_are_checked_by_content_and_kept_with_the_report(campaign, tree, staff, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    commune_a = recipient_of(campaign, tree.commune_a)
    client = client_for(staff.commune_a)
    upload = reverse("campaigns:files_upload", args=[commune_a.pk])
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    client.post(upload, {"files": [fake]})
    assert not commune_a.files.exists()
    note = SimpleUploadedFile("bien-ban.txt", "Biên bản hội nghị quán triệt.".encode(), content_type="text/plain")
    assert client.post(upload, {"files": [note]}).status_code == 302
    file = commune_a.files.get()
    download = client.get(reverse("campaigns:file_download", args=[file.pk]))
    assert b"".join(download.streaming_content).decode() == "Biên bản hội nghị quán triệt."
    assert client_for(staff.commune_b).get(reverse("campaigns:file_download", args=[file.pk])).status_code == 404
    services.report_submit(actor=staff.commune_a, recipient=commune_a)
    assert commune_a.submissions.get().file_names == ["bien-ban.txt"]
    assert client.post(reverse("campaigns:file_delete", args=[file.pk])).status_code == 302
    assert commune_a.files.count() == 1


def test_the_list_query_count_does_not_grow_with_the_campaigns(campaign, staff, tree, template, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff.central)
    url = reverse("campaigns:campaign_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        make_campaign(staff, tree, template)
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)
    assert len(response.context["page_obj"]) == 4
    assert len(four) == len(one)


# E-mails


def test_starting_submitting_and_returning_tell_the_people_concerned(
    staff, tree, template, with_addresses, django_capture_on_commit_callbacks
):
    staff.central.email = "bc.tw@example.invalid"
    staff.central.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        campaign = make_campaign(staff, tree, template)
    started = {address for message in mail.outbox for address in message.to}
    assert started == {
        "bc.an@example.invalid",
        "bc.my@example.invalid",
        "bc.tinh@example.invalid",
        "bithu.tinh@example.invalid",
    }
    mail.outbox.clear()
    commune_a = recipient_of(campaign, tree.commune_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(actor=staff.commune_a, recipient=commune_a)
    assert [message.to for message in mail.outbox] == [["bc.tinh@example.invalid"]]
    assert reverse("campaigns:recipient_detail", args=[commune_a.pk]) in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(actor=staff.province, recipient=commune_a, comment="Thiếu số liệu phụ lục.")
    assert [message.to for message in mail.outbox] == [["bc.an@example.invalid"]]
    assert "Thiếu số liệu" not in mail.outbox[0].body
