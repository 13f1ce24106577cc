"""Issue 7's done-means: a three-level campaign (two communes → a province → a central body) runs
from start to acceptance through the screens, and the province's consolidated report exports to
Word and Excel with every heading, figure and appendix of the built-in Directive 27 outline."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from accounts.models import Role
from accounts.services import account_create
from audit.models import AuditEvent
from baove.figures import compute
from campaigns.models import CampaignStatus, Recipient, RecipientStatus, Submission
from cases import services as case_services
from cases.models import Channel, Kind, Subject
from conftest import PASSWORD
from exports import layout
from exports.models import ExportJob, ExportStatus
from reporting import engine
from reporting.models import Field

from .conftest import DUE, WINDOW_FROM, WINDOW_TO, recipient_of

pytestmark = pytest.mark.django_db

RECEIVED = "cases.petitions.whistleblowing.received"


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def petition(unit, day):
    return case_services.petition_submit(
        submission=case_services.Submission(
            channel=Channel.HOTLINE,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            content="Cán bộ địa chính đòi tiền khi làm thủ tục.",
            unit=unit,
            received_at=at(day),
        ),
        issue_receipt=False,
    ).petition


@pytest.fixture
def records(tree):
    """Two petitions in commune A, one in commune B inside the window; one in A after it."""
    for code, unit in (("an", tree.commune_a), ("my", tree.commune_b)):
        account_create(
            actor=None, username=f"tn.{code}", full_name=code, password=PASSWORD, unit=unit, role=Role.INTAKE
        )
    petition(tree.commune_a, WINDOW_FROM)
    petition(tree.commune_a, datetime.date(2022, 6, 1))
    petition(tree.commune_b, WINDOW_TO)
    petition(tree.commune_a, WINDOW_TO + datetime.timedelta(days=1))


def page(recipient):
    return reverse("campaigns:recipient_detail", args=[recipient.pk])


def first_narrative(template):
    return Field.objects.filter(section__template=template, kind="narrative").order_by("section__position").first()


def test_a_three_level_campaign_runs_end_to_end(
    staff, tree, template, records, client_for, settings, django_capture_on_commit_callbacks
):
    central = client_for(staff.central)

    # The central body creates the campaign, chooses the province and its communes, starts it.
    response = central.post(
        reverse("campaigns:campaign_create"),
        {
            "issuer": tree.central.pk,
            "template": template.pk,
            "title": "Sơ kết 05 năm thực hiện Chỉ thị số 27-CT/TW",
            "reference": "Kế hoạch số 162-KH/TU",
            "date_from": "10/01/2019",
            "date_to": "31/12/2023",
            "due_on": "30/05/2024",
            "reminder_days_before": "7,1",
            "remind_after_every_days": "3",
        },
    )
    assert response.status_code == 302
    campaign = tree.central.issued_campaigns.get()
    assert campaign.status == CampaignStatus.DRAFT
    response = central.post(
        reverse("campaigns:recipients_add", args=[campaign.pk]),
        {"root": tree.province.pk, "include_below": "on", "kinds": ["party_committee"]},
    )
    assert response.status_code == 302
    assert set(campaign.recipients.values_list("unit__code", flat=True)) == {"TU-DT", "DU-X-AN", "DU-X-MY"}
    response = central.post(reverse("campaigns:campaign_start", args=[campaign.pk]))
    campaign.refresh_from_db()
    template.refresh_from_db()
    assert campaign.status == CampaignStatus.RUNNING and template.is_locked
    province, commune_a, commune_b = (
        recipient_of(campaign, u) for u in (tree.province, tree.commune_a, tree.commune_b)
    )
    assert province.parent is None and commune_a.parent == province and commune_b.parent == province
    assert province.due_on == DUE

    received = Field.objects.get(section__template=template, figure_key=RECEIVED)
    narrative = first_narrative(template)
    value_name, note_name, text_name = f"n_f{received.pk}", f"note_f{received.pk}", f"t_f{narrative.pk}"

    # Commune A sees its computed figure (its own subtree), saves a draft, then submits.
    client_a = client_for(staff.commune_a)
    response = client_a.get(page(commune_a))
    assert response.status_code == 200
    assert response.context["built"].lines[f"f{received.pk}"].computed == 2
    assert client_a.post(page(commune_a), {"action": "save", text_name: "Xã An Bình đã quán triệt."}).status_code == 302
    commune_a.refresh_from_db()
    assert commune_a.status == RecipientStatus.DRAFT
    assert (
        client_a.post(page(commune_a), {"action": "submit", text_name: "Xã An Bình đã quán triệt."}).status_code == 302
    )
    commune_a.refresh_from_db()
    assert commune_a.status == RecipientStatus.SUBMITTED

    # Commune B changes a figure by hand: refused without a note, accepted with one.
    client_b = client_for(staff.commune_b)
    data = {"action": "submit", text_name: "Xã Mỹ Hiệp đã triển khai.", value_name: "3"}
    response = client_b.post(page(commune_b), data, follow=True)
    assert "write a note saying why" in response.content.decode() or "ghi chú" in response.content.decode()
    commune_b.refresh_from_db()
    assert commune_b.status == RecipientStatus.DRAFT
    data[note_name] = "Hai đơn nhận trực tiếp chưa nhập vào hệ thống."
    client_b.post(page(commune_b), data)
    commune_b.refresh_from_db()
    assert commune_b.status == RecipientStatus.SUBMITTED
    sent_b = commune_b.submissions.get()
    assert sent_b.values[f"f{received.pk}"]["value"] == 3
    assert sent_b.values[f"f{received.pk}"]["note"] == data[note_name]

    # The province sees the consolidation: the subtree computed once, plus B's change with its note;
    # the narratives of each commune under its name.
    client_p = client_for(staff.province)
    response = client_p.get(page(province))
    built = response.context["built"]
    subtree = compute(RECEIVED, unit=tree.province, date_from=WINDOW_FROM, date_to=WINDOW_TO)
    assert subtree == 3
    line = built.lines[f"f{received.pk}"]
    assert line.computed == subtree
    assert [(a.unit_name, a.delta, a.note) for a in line.adjustments] == [("Đảng ủy xã Mỹ Hiệp", 2, data[note_name])]
    assert line.value == subtree + 2
    item = next(i for key, _s, i in _narratives(built.report) if key == f"f{narrative.pk}")
    assert [(c.unit_name, c.text) for c in item.contributions] == [
        ("Đảng ủy xã An Bình", "Xã An Bình đã quán triệt."),
        ("Đảng ủy xã Mỹ Hiệp", "Xã Mỹ Hiệp đã triển khai."),
    ]
    assert built.missing_children == []

    # The province returns A's report; A corrects and resubmits; the province accepts both.
    response = client_p.post(
        reverse("campaigns:recipient_return", args=[commune_a.pk]), {"return-comment": "Bổ sung số liệu tuyên truyền."}
    )
    commune_a.refresh_from_db()
    assert commune_a.status == RecipientStatus.RETURNED
    assert commune_a.submissions.get().decision == "returned"
    corrected = "Xã An Bình đã quán triệt tới 100% chi bộ."
    client_a.post(page(commune_a), {"action": "submit", text_name: corrected})
    commune_a.refresh_from_db()
    assert commune_a.status == RecipientStatus.SUBMITTED
    assert commune_a.submissions.count() == 2
    for child in (commune_a, commune_b):
        assert client_p.post(reverse("campaigns:recipient_accept", args=[child.pk])).status_code == 302
        child.refresh_from_db()
        assert child.status == RecipientStatus.ACCEPTED

    # The province writes its own text and submits upward; the central body accepts.
    own = "Ban Thường vụ Tỉnh ủy đã ban hành kế hoạch thực hiện."
    client_p.post(page(province), {"action": "submit", text_name: own, "report_number": "Số 120-BC/TU"})
    province.refresh_from_db()
    assert province.status == RecipientStatus.SUBMITTED
    sent = province.submissions.get()
    assert sent.missing_children == []
    assert central.post(reverse("campaigns:recipient_accept", args=[province.pk])).status_code == 302
    province.refresh_from_db()
    assert province.status == RecipientStatus.ACCEPTED
    actions = set(AuditEvent.objects.filter(action__startswith="campaigns.").values_list("action", flat=True))
    assert {
        "campaigns.campaign.create",
        "campaigns.campaign.start",
        "campaigns.report.save",
        "campaigns.report.submit",
        "campaigns.report.return",
        "campaigns.report.accept",
    } <= actions

    # The province's consolidated report, exported to Word: every heading of the outline in order,
    # every figure, the communes' texts under their names.
    settings.EXPORTS_RUN_INLINE = True
    with django_capture_on_commit_callbacks(execute=True):
        response = client_p.post(reverse("campaigns:recipient_export", args=[province.pk]), {"kind": "docx"})
    job = ExportJob.objects.filter(created_by=staff.province, kind="docx").get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ExportStatus.DONE, job.message
    document = Document(io.BytesIO(job.result.read()))
    texts = [p.text.strip() for p in document.paragraphs]
    position = 0
    for section in engine.walk(engine.structure(template).sections):
        heading = layout.heading(section)
        if not heading:
            continue
        position = texts.index(heading, position) + 1
    report = _frozen_report(province)
    for _section, field in layout.figure_fields(report):
        assert layout.figure_line(field) in texts
    assert layout.figure_line(_field(report, received.pk)).endswith(f": {subtree + 2}")
    assert f"Đảng ủy xã An Bình: {corrected}" in texts
    assert own in texts

    # And the appendices to Excel: one sheet per appendix with the seed's header texts.
    with django_capture_on_commit_callbacks(execute=True):
        client_p.post(reverse("campaigns:recipient_export", args=[province.pk]), {"kind": "xlsx"})
    job = ExportJob.objects.filter(created_by=staff.province, kind="xlsx").get()
    assert job.status == ExportStatus.DONE, job.message
    workbook = load_workbook(io.BytesIO(job.result.read()))
    sheets = {sheet.title: {str(c.value) for row in sheet.iter_rows() for c in row if c.value} for sheet in workbook}
    for appendix in report.appendices:
        headers = {cell.text for row in appendix.header for cell in row if cell.text}
        matching = [title for title, values in sheets.items() if headers <= values]
        assert len(matching) == 1, appendix.number
    assert "Phổ biến, quán triệt về Chỉ thị" in set().union(*sheets.values())
    assert (
        "Số lượng văn bản QPPL do bộ, ngành, UBND cấp tỉnh ban hành để cụ thể hóa văn bản của cấp trên"
        in set().union(*sheets.values())
    )


def _narratives(report):
    from campaigns.consolidation import narratives

    return narratives(report)


def _frozen_report(recipient: Recipient):
    from campaigns.snapshot import report_from_json

    return report_from_json(Submission.objects.filter(recipient=recipient).order_by("-number").first().document)


def _field(report, field_id):
    return next(field for _section, field in layout.figure_fields(report) if field.id == field_id)
