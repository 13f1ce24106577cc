"""The data the access matrix visits: one object of every kind the staff side shows, made through
each app's services, once INSIDE the province of the root ``conftest.py`` (the committee, UBND-HB,
where the ``people`` fixture's intake officer, handler, head, custodian and personnel officer work)
and once OUTSIDE it, in the other root unit (TU-LC, administered by ``people.outsider``).

Every free text of an inside object carries ``IN``, of an outside object ``OUT``; the people who
work in TU-LC are all called Lò. A page that shows one of the other side's markers (``MARKERS``) to a
person of this side leaks (``foreign_markers``).
"""

import datetime
import io
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils import timezone

from accounts.models import Membership, Role, Scope
from campaigns import services as campaign_services
from campaigns.models import Recipient
from cases import handling
from cases import services as case_services
from cases.files import inspect
from cases.models import Channel, Competence, Condition, Kind, MessageKind, Notification, Subject
from conftest import PASSWORD, _person
from exports import runner
from exports.services import export_start
from history.models import AggregateFigure
from history.services import aggregates_save, register_import
from org.models import UnitKind
from org.services import unit_create
from programme import services as programme_services
from programme.files import check_file
from programme.models import DocumentKind, Timing
from protection import services as protection_services
from protection.models import Origin, PersonRequestKind, ProtectionKind, Relationship
from reception import services as reception_services
from reception.models import Competence as VisitCompetence
from reception.models import MatterKind, Outcome, SessionKind, SessionStatus
from reporting import services as reporting_services
from reporting.models import Appendix, Field, ReportTemplate, Section
from retaliation import services as retaliation_services
from vault.services import user_key_unlock
from workcal import services as workcal_services

IN, OUT = "MXIN", "MXOUT"
# What shows that a page holds something of one side: the marker of its records, the names of its
# units, the names of its people (TU-LC's staff are all called Lò). The superuser, who belongs to
# no province, is in neither list.
MARKERS = {
    IN: {
        "records": (IN,),
        "units": ("Hòa Bình", "Tân Phú"),
        "people": (
            "Trần Thị Nhận",
            "Lê Văn Xử",
            "Phạm Văn Trưởng",
            "Hoàng Thị Mật",
            "Vũ Văn Báo",
            "Đặng Thị Sát",
            "Bùi Văn Tổ",
            "Đỗ Văn Xã",
            "Cao Văn Bộ",
        ),
    },
    OUT: {
        "records": (OUT,),
        "units": ("Lai Châu",),
        "people": ("Ngô Văn Ngoài", "Lò Văn", "Lò Thị"),
    },
}
# Texts of the inside records that only some roles of the committee may read (matrix.CONTENT).
TEXTS = {
    # Identities are shown only on the response to a POST that gave a reason: never on a GET.
    "identity": ("Đinh Thị Tố", "0912000111", "Quách Thị Nhẫn", "0987654321", "001199012345", "002299054321"),
    "working_copy": (f"Bản làm việc {IN}",),
    "visit_summary": (f"Phản ánh chậm giải quyết hồ sơ đất đai {IN}",),
    "case_summary": (f"Người tố cáo lo bị điều chuyển {IN}",),
    "incident": (f"Bị điều chuyển sau khi tố cáo {IN}",),
}

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PROTECTED_ID = {IN: "001199012345", OUT: "002299054321"}


@dataclass
class Side:
    """The objects of one side; ``kwargs`` turns them into URL arguments."""

    marker: str
    unit: object
    objects: dict = field(default_factory=dict)


def foreign_markers(home: str, allowed: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What a person of ``home`` (IN or OUT) must never read, but for the kinds ``allowed``."""
    other = MARKERS[OUT if home == IN else IN]
    return tuple(marker for kind, markers in other.items() if kind not in allowed for marker in markers)


def _key(user) -> bytes:
    return user_key_unlock(user=user, password=PASSWORD)


def outside_staff(units) -> SimpleNamespace:
    """The people of TU-LC who make its records (the ``people`` fixture has only its administrator),
    and a committee below it that receives its reporting campaign."""
    committee = unit_create(
        actor=None,
        code="UBND-LC",
        name="Ủy ban nhân dân tỉnh Lai Châu",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=units.other.level,
        parent=units.other,
    )
    other = units.other
    return SimpleNamespace(
        committee=committee,
        intake=_person("lc.tiepnhan", "Lò Thị Nhận", other, Role.INTAKE),
        handler=_person("lc.xuly", "Lò Văn Xử", other, Role.HANDLER),
        head=_person("lc.thutruong", "Lò Văn Trưởng", other, Role.HEAD),
        custodian=_person("lc.baomat", "Lò Thị Mật", other, Role.CUSTODIAN),
        reporting=_person("lc.baocao", "Lò Văn Báo", other, Role.REPORTING, Scope.SUBTREE),
        personnel=_person("lc.tochuc", "Lò Văn Tổ", other, Role.PERSONNEL),
        target=_person("lc.canbo", "Lò Văn Bộ", other, Role.HANDLER),
    )


def _petition(unit, marker, *, protection_requested=True):
    return case_services.petition_submit(
        submission=case_services.Submission(
            channel=Channel.MAILBOX,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            unit=unit,
            content=f"Giám đốc ban quản lý dự án chia nhỏ gói thầu {marker}.",
            accused=[{"name": f"Lã Văn Thầu {marker}", "position": "Giám đốc"}],
            identity={"full_name": f"Đinh Thị Tố {marker}", "phone": "0912000111"},
            files=[inspect("bang-chung.pdf", PDF)],
            protection_requested=protection_requested,
        ),
        issue_receipt=False,
    ).petition


def _cases(side: Side, staff) -> None:
    """A petition registered, classified into a matter, accepted and assigned to the handler, who
    declared no conflict; its file released to the working copy; a report of retaliation and a
    request for protection from the reporter; a relation between two people."""
    unit, marker = side.unit, side.marker
    petition = _petition(unit, marker)
    petition = case_services.petition_register(
        petition=petition, actor=staff.intake, working_content=f"Bản làm việc {marker}: chia nhỏ gói thầu."
    )
    intake_key = _key(staff.intake)
    private = case_services.petition_private_key(petition=petition, user=staff.intake, user_private=intake_key)
    attachment = petition.attachments.get()
    case_services.attachment_release(attachment=attachment, actor=staff.intake, private=private)
    handling.petition_classify(
        petition=petition,
        actor=staff.intake,
        kind=petition.kind,
        subject=petition.subject,
        condition=Condition.PROCESSABLE,
        competence=Competence.OURS,
        actor_private=intake_key,
    )
    petition.refresh_from_db()
    matter = petition.matter
    handling.matter_accept(matter=matter, actor=staff.head)
    assignment = handling.matter_assign(matter=matter, actor=staff.head, handler=staff.handler)
    handling.assignment_declare(assignment=assignment, actor=staff.handler, conflict=False)
    retaliation_message = case_services.message_from_reporter(
        petition=petition, kind=MessageKind.RETALIATION, text=f"Tôi bị dọa đuổi việc {marker}."
    )
    protection_message = case_services.message_from_reporter(
        petition=petition, kind=MessageKind.PROTECTION_REQUEST, text=f"Xin được bảo vệ {marker}."
    )
    relation = handling.relation_record(
        actor=staff.personnel, person=staff.target, related=staff.intake, kind=f"anh em {marker}"
    )
    notification = Notification.objects.filter(user=staff.handler).order_by("pk").first()
    assert notification is not None, "the assignment notified the handler"
    side.objects.update(
        petition=petition,
        attachment=attachment,
        matter=matter,
        retaliation_message=retaliation_message,
        protection_message=protection_message,
        relation=relation,
        notification=notification,
    )


def _protection(side: Side, staff) -> None:
    """A case granted with a measure, a pending request of the person and a planned check-in."""
    marker = side.marker
    case = protection_services.protection_open(
        unit=side.unit,
        origin=Origin.STAFF,
        relationship=Relationship.SELF,
        kinds=[ProtectionKind.JOB],
        person={
            "full_name": f"Quách Thị Nhẫn {marker}",
            "id_number": PROTECTED_ID[marker],
            "date_of_birth": datetime.date(1988, 4, 2),
            "phone": "0987654321",
            "address": "Tổ 5, phường Phương Lâm",
            "relationship_details": "",
        },
        reasons=f"Bị dọa điều chuyển công tác {marker}.",
        summary=f"Người tố cáo lo bị điều chuyển {marker}.",
        actor=staff.custodian,
    )
    case = protection_services.protection_decide(
        case=case,
        actor=staff.head,
        grant=True,
        reasons=f"Có căn cứ {marker}",
        measures=[{"kind": ProtectionKind.JOB, "body": f"Sở Nội vụ {marker}"}],
    )
    request = protection_services.person_request(
        case=case, actor=staff.custodian, kind=PersonRequestKind.ADD, summary=f"Xin thêm bảo vệ {marker}"
    )
    checkin = protection_services.checkin_schedule(
        case=case, actor=staff.custodian, due_on=timezone.localdate() + datetime.timedelta(days=7)
    )
    side.objects.update(
        case=case,
        measure=case.measures.get(kind=ProtectionKind.JOB),
        person_request=request,
        checkin=checkin,
    )


def _retaliation(side: Side, staff) -> None:
    """An incident, a personnel action matching the protected person (which raises an alert), a
    false report and a commendation."""
    unit, marker = side.unit, side.marker
    incident = retaliation_services.incident_record(
        actor=staff.custodian,
        unit=unit,
        forms=["transfer"],
        occurred_on=datetime.date(2026, 1, 5),
        description=f"Bị điều chuyển sau khi tố cáo {marker}.",
    )
    action = retaliation_services.personnel_action_record(
        actor=staff.personnel,
        id_number=PROTECTED_ID[marker],
        action="transfer",
        effective_date=datetime.date(2026, 2, 1),
        unit=unit,
        note=f"Quyết định điều chuyển {marker}",
    )
    assert action.alerts.exists(), "the personnel action matched the protected person"
    false_report = retaliation_services.false_report_record(
        actor=staff.head,
        unit=unit,
        finding=f"Tố cáo sai sự thật {marker}.",
        found_on=datetime.date(2026, 1, 10),
        handling="reminder",
        matter=side.objects["matter"],
    )
    commendation = retaliation_services.commendation_record(
        actor=staff.head,
        unit=unit,
        recipient_kind="official",
        form="certificate",
        deciding_body=f"Chủ tịch {marker}",
        decided_on=datetime.date(2026, 1, 15),
        recipient_name=f"Cán bộ được khen {marker}",
    )
    side.objects.update(
        incident=incident, personnel_action=action, false_report=false_report, commendation=commendation
    )


def _reception(side: Side, staff) -> None:
    marker = side.marker
    session = reception_services.session_create(
        actor=staff.intake,
        data=reception_services.SessionData(
            unit=side.unit,
            kind=SessionKind.SCHEDULED,
            date=datetime.date(2026, 3, 5),
            place=f"Phòng tiếp công dân {marker}",
            host_title="Chủ tịch",
            status=SessionStatus.HELD,
            start_time=datetime.time(8, 0),
            end_time=datetime.time(11, 0),
        ),
    )
    visit = reception_services.visit_record(
        actor=staff.intake,
        session=session,
        data=reception_services.VisitData(
            matter_kind=MatterKind.FEEDBACK,
            summary=f"Phản ánh chậm giải quyết hồ sơ đất đai {marker}.",
            competence=VisitCompetence.HANDLE,
            outcome=Outcome.IN_PROGRESS,
        ),
    )
    side.objects.update(session=session, visit=visit)


def _programme(side: Side, staff) -> None:
    """A plan with its file, a task due on a date (its due item) and a progress report with a file;
    a dissemination event, an inspection and a propaganda item."""
    unit, marker, actor = side.unit, side.marker, staff.reporting
    plan = programme_services.document_create(
        actor=actor,
        kind=DocumentKind.PLAN,
        number=f"80-KH/{marker}",
        issued_on=datetime.date(2026, 1, 8),
        title=f"Kế hoạch thực hiện Chỉ thị 27 {marker}",
        unit=unit,
        issuer=unit,
        file=check_file("ke-hoach.pdf", PDF),
    )
    task = programme_services.task_create(
        actor=actor,
        plan=plan,
        title=f"Tổ chức quán triệt {marker}",
        lead_unit=unit,
        timing=Timing.DUE_DATE,
        due_on=datetime.date(2026, 6, 30),
    )
    due_item = task.due_items.get()
    progress = programme_services.progress_report(
        actor=actor,
        task=task,
        unit=unit,
        due_item=due_item,
        text=f"Đã tổ chức hội nghị {marker}.",
        reported_on=datetime.date(2026, 2, 1),
        percent=50,
        file=check_file("tien-do.pdf", PDF),
    )
    dissemination = programme_services.dissemination_save(
        actor=actor,
        unit=unit,
        held_on=datetime.date(2026, 2, 3),
        form="conference",
        title=f"Hội nghị quán triệt {marker}",
    )
    inspection = programme_services.inspection_save(
        actor=actor,
        unit=unit,
        activity_kind="supervision",
        started_on=datetime.date(2026, 2, 4),
        title=f"Giám sát việc tiếp dân {marker}",
    )
    propaganda = programme_services.propaganda_save(
        actor=actor,
        unit=unit,
        published_on=datetime.date(2026, 2, 5),
        medium="press",
        title=f"Bài viết về phòng chống tham nhũng {marker}",
    )
    side.objects.update(
        plan=plan,
        task=task,
        due_item=due_item,
        progress=progress,
        dissemination=dissemination,
        inspection=inspection,
        propaganda=propaganda,
    )


def builtin_template() -> ReportTemplate:
    return ReportTemplate.objects.filter(code="d27-review", is_builtin=True).order_by("-version").first()


def _reporting(side: Side, staff, issuer, recipient_unit) -> None:
    """A copy of a built-in template (editable, with its sections, fields and appendices); a running
    campaign asking ``recipient_unit`` for a report, with a file; an export of a preview, done;
    an imported register and an aggregate figure."""
    marker, actor = side.marker, staff.reporting
    template = builtin_template()
    copy = reporting_services.template_copy(template=template, actor=actor)
    section = Section.objects.filter(template=copy).order_by("pk").first()
    field_ = Field.objects.filter(section__template=copy).order_by("pk").first()
    appendix = Appendix.objects.filter(template=copy).order_by("pk").first()
    assert section and field_ and appendix, "the built-in template has sections, fields and appendices"
    campaign = campaign_services.campaign_create(
        actor=actor,
        issuer=issuer,
        template=template,
        title=f"Sơ kết Chỉ thị 27 {marker}",
        reference=f"Kế hoạch 162-KH/{marker}",
        date_from=datetime.date(2025, 1, 1),
        date_to=datetime.date(2025, 12, 31),
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    campaign_services.recipients_add(actor=actor, campaign=campaign, units=[recipient_unit])
    campaign_services.campaign_start(actor=actor, campaign=campaign)
    campaign.refresh_from_db()
    recipient = Recipient.objects.select_related("campaign").get(campaign=campaign, unit=recipient_unit)
    (report_file,) = campaign_services.files_add(
        actor=actor, recipient=recipient, files=[inspect(f"phu-luc-{marker}.pdf", PDF)]
    )
    job = export_start(
        user=actor,
        builder="reporting.preview",
        params={
            "template_id": template.pk,
            "unit_id": side.unit.pk,
            "date_from": "2025-01-01",
            "date_to": "2025-12-31",
        },
        kind="xlsx",
        label=f"Xem trước {marker}",
        unit=side.unit,
    )
    runner.export_run(job.pk)  # the commit that would start it never comes inside a test
    job.refresh_from_db()
    assert job.is_downloadable, job.message
    code = side.unit.code
    header = ["received_on", "unit_code", "channel", "kind", "subject", "outcome"]
    rows = [header, ["05/01/2019", code, "post", "feedback", "other", "filed"]]
    data = "\r\n".join(",".join(row) for row in rows).encode()
    batch = register_import(kind="petitions", actor=actor, file=io.BytesIO(data), filename=f"{marker}.csv")
    aggregates_save(
        actor=actor,
        unit=side.unit,
        level="",
        period_from=datetime.date(2018, 1, 1),
        period_to=datetime.date(2018, 12, 31),
        values={"cases.petitions.received": 7},
        note=f"Sổ cũ {marker}",
    )
    aggregate = AggregateFigure.objects.get(unit=side.unit)
    side.objects.update(
        template=copy,
        section=section,
        field=field_,
        appendix=appendix,
        campaign=campaign,
        recipient=recipient,
        report_file=report_file,
        export_job=job,
        batch=batch,
        aggregate=aggregate,
    )


def build(units, people) -> SimpleNamespace:
    """Both sides, and what belongs to neither (the calendar, time-limit rules, notice templates)."""
    lc = outside_staff(units)
    inside_staff = SimpleNamespace(
        intake=people.intake,
        handler=people.handler,
        head=people.head,
        custodian=people.custodian,
        reporting=people.reporting,
        personnel=people.personnel,
        target=_person("canbo", "Cao Văn Bộ", units.committee, Role.HANDLER),
    )
    inside, outside = Side(IN, units.committee), Side(OUT, units.other)
    for side, staff in ((inside, inside_staff), (outside, lc)):
        _cases(side, staff)
        _protection(side, staff)
        _retaliation(side, staff)
        _reception(side, staff)
        _programme(side, staff)
        side.objects.update(
            account=staff.target,
            membership=Membership.objects.get(user=staff.target),
        )
    _reporting(inside, inside_staff, units.province, units.committee)
    _reporting(outside, lc, units.other, lc.committee)
    calendar_day = workcal_services.calendar_day_set(
        actor=people.admin, day=datetime.date(2026, 8, 14), kind="day_off", name="Nghỉ bù", reason="Thử"
    )
    return SimpleNamespace(inside=inside, outside=outside, calendar_day=calendar_day, lc=lc)
