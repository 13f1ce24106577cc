"""Demo records of the implementation programme for the An Giang demo province (``baove.demo``).

Plan 80-KH/TU of the provincial standing committee implements Directive 27-CT/TW; the Economic Zone
board's 2026 plan implements 80-KH/TU with the tasks of seed 004, including the half-yearly reports
due 05/6 and 05/12 (one division reported on time, one late, one not at all). Around them: older
plans, a legal normative decision, dissemination events, inspections and supervision by the
inspection commission, the People's Council and the trade union, and propaganda items, 2019–2026.
Everything goes through the services. Idempotent: a second run finds plan 80-KH/TU and stops.
"""

import datetime

from django.db import transaction

from programme import services
from programme.models import (
    ActivityKind,
    Basis,
    DisseminationForm,
    Document,
    DocumentKind,
    DueStatus,
    Medium,
    Timing,
)
from programme.stats import root_document

D = datetime.date
D27_TITLE = (
    "về tăng cường sự lãnh đạo của Đảng đối với công tác bảo vệ người phát hiện, tố giác, người đấu tranh "
    "chống tham nhũng, lãng phí, tiêu cực"
)


@transaction.atomic
def load_demo(ctx) -> bool:
    """Load the demo programme; returns False if it was already there or the demo units are missing."""
    units, accounts, today = ctx.units, ctx.accounts, ctx.today
    needed = ("TU-AG", "UBND-AG", "KKT-AG", "KKT-AG-VP", "KKT-AG-DN", "KKT-AG-QH", "UBKT-AG", "HDND-AG", "LDLD-AG")
    if any(code not in units for code in needed) or "baocao" not in accounts:
        return False
    if Document.objects.filter(number="80-KH/TU", unit=units["TU-AG"]).exists():
        return False
    reporting = accounts["baocao"]
    head = accounts.get("truongban", reporting)
    oversight = accounts.get("giamsat", reporting)
    d27, r11, r231 = (root_document(n) for n in (services.DIRECTIVE_27, services.REGULATION_11, "231-QĐ/TW"))
    u = units

    def document(**kwargs):
        kwargs.setdefault("actor", reporting)
        kwargs.setdefault("unit", None)
        return services.document_create(**kwargs)

    # Provincial texts, 2019–2026
    plan_2019 = document(
        kind=DocumentKind.PLAN,
        number="45-KH/TU",
        issued_on=D(2019, 4, 15),
        issuer=u["TU-AG"],
        title=f"Kế hoạch thực hiện Chỉ thị số 27-CT/TW ngày 10/01/2019 của Bộ Chính trị {D27_TITLE}",
        summary="Quán triệt Chỉ thị; thiết lập đường dây nóng; phân công các cơ quan bảo vệ người tố cáo; "
        "báo cáo hằng năm trước ngày 15/12 qua Ban Nội chính Tỉnh ủy.",
        implements=d27,
    )
    document(
        kind=DocumentKind.DECISION,
        number="25/2020/QĐ-UBND",
        issued_on=D(2020, 7, 2),
        issuer=u["UBND-AG"],
        is_party=False,
        is_legal_normative=True,
        title="Quyết định ban hành Quy chế phối hợp trong công tác tiếp công dân, giải quyết khiếu nại, tố cáo "
        "và bảo vệ người tố cáo trên địa bàn tỉnh An Giang",
        implements=plan_2019,
    )
    plan_r11 = document(
        kind=DocumentKind.PLAN,
        number="52-KH/TU",
        issued_on=D(2019, 5, 20),
        issuer=u["TU-AG"],
        title="Kế hoạch thực hiện Quy định số 11-QĐi/TW ngày 18/02/2019 của Bộ Chính trị về trách nhiệm của "
        "người đứng đầu cấp ủy trong việc tiếp dân, đối thoại trực tiếp với dân và xử lý những phản ánh, kiến "
        "nghị của dân",
        implements=r11,
    )
    document(
        kind=DocumentKind.INSTRUCTION,
        number="08-HD/BNCTU",
        issued_on=D(2019, 8, 12),
        issuer=u.get("BNC-AG", u["TU-AG"]),
        title="Hướng dẫn thông báo lịch tiếp dân của Bí thư cấp ủy và chế độ báo cáo theo Quy định số 11-QĐi/TW",
        implements=plan_r11,
    )
    document(
        kind=DocumentKind.PLAN,
        number="162-KH/TU",
        issued_on=D(2024, 4, 9),
        issuer=u["TU-AG"],
        title="Kế hoạch sơ kết 05 năm thực hiện Chỉ thị số 27-CT/TW, Quy định số 11-QĐi/TW và Kết luận số 69-KL/TW",
        summary="Báo cáo sơ kết Chỉ thị 27 trước ngày 30/5/2024, Quy định 11 trước ngày 30/4/2024, "
        "Kết luận 69 trước ngày 30/10/2024, qua Ban Nội chính Tỉnh ủy.",
        implements=d27,
    )
    document(
        kind=DocumentKind.REPORT,
        number="210-BC/TU",
        issued_on=D(2024, 6, 20),
        issuer=u["TU-AG"],
        title="Báo cáo sơ kết 05 năm thực hiện Chỉ thị số 27-CT/TW",
        implements=d27,
    )
    plan_80 = document(
        kind=DocumentKind.PLAN,
        number="80-KH/TU",
        issued_on=D(2026, 5, 8),
        issuer=u["TU-AG"],
        title=f"Kế hoạch thực hiện Chỉ thị số 27-CT/TW ngày 10/01/2019 của Bộ Chính trị {D27_TITLE}",
        summary="Tiếp tục quán triệt Chỉ thị 27-CT/TW gắn với Quy định 231-QĐ/TW; các cơ quan, đơn vị xây dựng kế "
        "hoạch cụ thể; báo cáo kết quả hằng năm trước ngày 15/12.",
        implements=d27,
    )
    provincial_bodies = [u[code] for code in ("UBND-AG", "UBKT-AG", "HDND-AG", "LDLD-AG") if code in u]
    services.task_create(
        actor=reporting,
        plan=plan_80,
        title="Các cơ quan, đơn vị xây dựng kế hoạch cụ thể và tổ chức quán triệt Kế hoạch",
        lead_unit=u.get("BNC-AG", u["TU-AG"]),
        assignees=provincial_bodies,
        timing=Timing.DUE_DATE,
        due_on=D(2026, 6, 30),
        expected_result="Kế hoạch cụ thể của từng cơ quan, đơn vị gửi Ban Nội chính Tỉnh ủy.",
    )
    services.task_create(
        actor=reporting,
        plan=plan_80,
        title="Báo cáo kết quả thực hiện hằng năm (qua Ban Nội chính Tỉnh ủy)",
        lead_unit=u.get("BNC-AG", u["TU-AG"]),
        assignees=provincial_bodies,
        timing=Timing.RECURRING,
        recurrence="15/12",
        recurrence_from=2026,
        expected_result="Báo cáo tình hình, kết quả thực hiện và các vấn đề phát sinh.",
    )

    # The Economic Zone board's 2026 plan (seed 004)
    board = services.document_create(
        actor=head,
        kind=DocumentKind.PLAN,
        number="36/KH-BQLKKT",
        issued_on=D(2026, 5, 20),
        issuer=u["KKT-AG"],
        unit=None,
        is_party=False,
        title="Kế hoạch triển khai thực hiện công tác bảo vệ người phát hiện, tố giác, đấu tranh chống tham nhũng, "
        "lãng phí, tiêu cực",
        summary="Thực hiện Kế hoạch số 80-KH/TU ngày 08/5/2026 của Ban Thường vụ Tỉnh ủy An Giang thực hiện Chỉ thị "
        "số 27-CT/TW và Quy định số 231-QĐ/TW.",
        implements=plan_80,
    )
    office, firms, planning = u["KKT-AG-VP"], u["KKT-AG-DN"], u["KKT-AG-QH"]
    divisions = [office, firms, planning]
    ongoing = [
        (
            "Quán triệt, tuyên truyền, tổ chức hội nghị triển khai Chỉ thị 27-CT/TW và Kế hoạch 80-KH/TU",
            office,
            [firms, planning],
            "",
            "Toàn thể công chức, viên chức và người lao động được quán triệt đầy đủ nội dung Chỉ thị số 27-CT/TW.",
        ),
        (
            "Công khai số điện thoại, thư điện tử, hòm thư góp ý; tiếp nhận, phân loại, xử lý hoặc chuyển cơ quan có "
            "thẩm quyền các phản ánh, tố giác",
            office,
            [firms, planning],
            "",
            "Thông tin tiếp nhận được công khai; phản ánh, kiến nghị, tố giác được tiếp nhận, xử lý đúng quy định.",
        ),
        (
            "Người đứng đầu tiếp công dân định kỳ, đối thoại để lắng nghe phản ánh về tham nhũng, tiêu cực",
            u["KKT-AG"],
            divisions,
            "Thường xuyên và theo lịch tiếp công dân định kỳ",
            "Kịp thời tiếp nhận, xử lý phản ánh; không để phát sinh vụ việc phức tạp, kéo dài.",
        ),
        (
            "Quản lý, lưu trữ hồ sơ và bảo đảm bí mật thông tin người phản ánh, tố giác; xử lý vi phạm",
            u["KKT-AG"],
            divisions,
            "Thường xuyên và theo vụ việc phát sinh",
            "Không để xảy ra trường hợp tiết lộ thông tin người phản ánh, tố giác.",
        ),
    ]
    for title, lead, coordinating, note, result in ongoing:
        services.task_create(
            actor=head,
            plan=board,
            title=title,
            lead_unit=lead,
            coordinating_units=coordinating,
            coordinating_note="Các phòng, đơn vị trực thuộc",
            timing=Timing.ONGOING,
            timing_note=note,
            expected_result=result,
        )
    reports = services.task_create(
        actor=head,
        plan=board,
        title="Báo cáo kết quả thực hiện Kế hoạch định kỳ về Văn phòng Ban",
        lead_unit=office,
        assignees=divisions,
        timing=Timing.RECURRING,
        recurrence="05/06, 05/12",
        recurrence_from=2026,
        expected_result="Văn phòng Ban tổng hợp, báo cáo Lãnh đạo Ban.",
    )
    first_due = D(2026, 6, 5)
    for unit, on in ((office, D(2026, 6, 3)), (firms, D(2026, 6, 9))):
        if on > today:
            continue
        item = reports.due_items.get(unit=unit, due_on=first_due, status=DueStatus.OPEN)
        services.progress_report(
            actor=head,
            task=reports,
            unit=unit,
            due_item=item,
            reported_on=on,
            done=True,
            text="Đã quán triệt Kế hoạch đến toàn thể công chức; chưa phát sinh phản ánh, tố giác liên quan "
            "tham nhũng, tiêu cực trong kỳ; hồ sơ được lưu trữ, bảo mật theo quy định.",
        )

    # Dissemination
    for actor, unit, held_on, form, title, sessions, people, materials, texts in (
        (
            reporting,
            u["TU-AG"],
            D(2019, 3, 20),
            DisseminationForm.CONFERENCE,
            "Hội nghị quán triệt Chỉ thị số 27-CT/TW của Bộ Chính trị",
            1,
            320,
            350,
            [d27, plan_2019],
        ),
        (
            reporting,
            u.get("DU-X-KA", u["TU-AG"]),
            D(2019, 6, 10),
            DisseminationForm.CELL_MEETING,
            "Lồng ghép quán triệt Chỉ thị 27-CT/TW trong sinh hoạt chi bộ",
            12,
            240,
            60,
            [d27],
        ),
        (
            reporting,
            u.get("HU-CM", u["TU-AG"]),
            D(2019, 7, 5),
            DisseminationForm.CONFERENCE,
            "Hội nghị quán triệt Quy định số 11-QĐi/TW về trách nhiệm người đứng đầu cấp ủy trong tiếp dân",
            1,
            180,
            200,
            [r11, plan_r11],
        ),
        (
            reporting,
            u["TU-AG"],
            D(2025, 3, 18),
            DisseminationForm.ONLINE,
            "Hội nghị trực tuyến quán triệt Quy định số 231-QĐ/TW về bảo vệ người đấu tranh chống tham nhũng",
            1,
            1250,
            0,
            [r231],
        ),
        (
            reporting,
            u.get("DU-X-CM", u["TU-AG"]),
            D(2025, 9, 12),
            DisseminationForm.TRAINING,
            "Lớp tập huấn nghiệp vụ tiếp dân, xử lý phản ánh cho cán bộ xã",
            2,
            95,
            95,
            [r11],
        ),
        (
            head,
            u["KKT-AG"],
            D(2026, 6, 15),
            DisseminationForm.CONFERENCE,
            "Hội nghị triển khai Kế hoạch bảo vệ người phát hiện, tố giác tham nhũng, lãng phí, tiêu cực",
            1,
            85,
            90,
            [board],
        ),
    ):
        if held_on <= today:
            services.dissemination_save(
                actor=actor,
                unit=unit,
                held_on=held_on,
                form=form,
                title=title,
                sessions=sessions,
                participants=people,
                materials=materials,
                concerning=texts,
            )

    # Inspections and supervision
    for kwargs in (
        {
            "unit": u["UBKT-AG"],
            "activity_kind": ActivityKind.INSPECTION,
            "basis": Basis.PLANNED,
            "started_on": D(2022, 8, 8),
            "ended_on": D(2022, 9, 30),
            "title": "Kiểm tra việc lãnh đạo, chỉ đạo thực hiện Chỉ thị số 27-CT/TW",
            "concerning": [d27, plan_2019],
            "units_covered": [u[c] for c in ("HU-CM", "UBND-AG") if c in u],
            "findings": "Cơ bản triển khai đầy đủ; một số nơi chưa công khai đường dây nóng.",
            "sanctions_proposed": 1,
            "sanctions_proposed_text": "Đề nghị kiểm điểm rút kinh nghiệm 01 tập thể.",
            "sanctions_applied": 1,
        },
        {
            "unit": u["UBKT-AG"],
            "activity_kind": ActivityKind.INSPECTION,
            "basis": Basis.PLANNED,
            "started_on": D(2023, 4, 3),
            "ended_on": D(2023, 5, 12),
            "title": "Kiểm tra trách nhiệm người đứng đầu cấp ủy trong tiếp dân, đối thoại và xử lý phản ánh",
            "concerning": [r11],
            "units_covered": [u[c] for c in ("HU-CM", "DU-X-KA") if c in u],
            "findings": "Một đồng chí bí thư chưa bố trí tiếp dân định kỳ theo quy định.",
            "heads_not_disciplined": 1,
        },
        {
            "unit": u["HDND-AG"],
            "activity_kind": ActivityKind.SUPERVISION,
            "basis": Basis.PLANNED,
            "started_on": D(2023, 10, 2),
            "ended_on": D(2023, 11, 15),
            "title": "Giám sát việc chấp hành pháp luật về tố cáo và bảo vệ người tố cáo",
            "concerning": [d27],
            "units_covered": [u[c] for c in ("UBND-AG", "TTR-AG", "STC-AG") if c in u],
            "findings": "Kiến nghị hoàn thiện quy trình bảo mật thông tin người tố cáo tại trụ sở tiếp công dân.",
        },
        {
            "unit": u["LDLD-AG"],
            "activity_kind": ActivityKind.SUPERVISION,
            "basis": Basis.AD_HOC,
            "started_on": D(2024, 11, 4),
            "title": "Giám sát việc bảo vệ đoàn viên, người lao động phản ánh, tố giác tiêu cực",
            "concerning": [d27],
            "units_covered": [u["KKT-AG"]],
            "other_units": "02 doanh nghiệp trong khu kinh tế",
            "other_units_count": 2,
        },
    ):
        if kwargs["started_on"] <= today:
            services.inspection_save(actor=oversight, **kwargs)

    # Propaganda
    for actor, unit, published_on, medium, title, outlet, count, texts in (
        (
            reporting,
            u["TU-AG"],
            D(2019, 5, 2),
            Medium.PRESS,
            "Loạt bài: Bảo vệ người tố cáo – trách nhiệm của cả hệ thống chính trị",
            "Báo An Giang",
            6,
            [d27],
        ),
        (
            reporting,
            u["UBND-AG"],
            D(2024, 3, 14),
            Medium.TELEVISION,
            "Phóng sự: Đường dây nóng tiếp nhận phản ánh tham nhũng, tiêu cực",
            "Đài Phát thanh và Truyền hình An Giang",
            4,
            [d27],
        ),
        (
            head,
            u["KKT-AG"],
            D(2026, 6, 20),
            Medium.WEB,
            "Công khai đường dây nóng, hộp thư tiếp nhận phản ánh, tố giác",
            "Trang thông tin điện tử Ban Quản lý Khu kinh tế",
            3,
            [board],
        ),
    ):
        if published_on <= today:
            services.propaganda_save(
                actor=actor,
                unit=unit,
                published_on=published_on,
                medium=medium,
                title=title,
                outlet=outlet,
                count=count,
                concerning=texts,
            )
    return True
