"""Demo citizen reception for the An Giang demo province (called from ``baove.demo``).

- The Economic Zone Management Board (KKT-AG): its head hosts a scheduled session each month, except
  one month four months ago when he delegated an ad hoc session (that month is flagged as missed).
- The commune Party committees of Chợ Mới and Long Xuyên (commune level, from 1/7/2025): two days
  a month; one month with a single day (missed), a delegation of 12 and a refused visitor.
- The Chợ Mới district Party committee (district level) in 2024, for the old "Cấp huyện" column.
- Upcoming published sessions, so that the portal schedule shows something.

No visit becomes a petition here: that needs the vault keys of a signed-in intake officer.
"""

import datetime
import itertools

from cases.models import Subject
from reception import services
from reception.models import (
    Competence,
    MatterKind,
    Outcome,
    ReceptionSession,
    SessionKind,
    SessionStatus,
    VisitKind,
)
from reception.selectors import add_months

MORNING = (datetime.time(7, 30), datetime.time(11, 0))
AFTERNOON = (datetime.time(14, 0), datetime.time(16, 30))

ZONE_VISITS = [
    services.VisitData(
        matter_kind=MatterKind.FEEDBACK,
        subject=Subject.NEGATIVITY,
        summary="Phản ánh một doanh nghiệp trong khu công nghiệp chậm trả lương và chưa đóng bảo hiểm xã hội "
        "cho công nhân trong 3 tháng.",
        competence=Competence.HANDLE,
        outcome=Outcome.RESOLVED_CLOSED,
    ),
    services.VisitData(
        matter_kind=MatterKind.DENUNCIATION,
        subject=Subject.CORRUPTION,
        summary="Tố cáo cán bộ phòng quản lý quy hoạch gợi ý chi tiền để đẩy nhanh việc cấp giấy phép xây dựng "
        "nhà xưởng.",
        degradation=True,
        competence=Competence.HANDLE,
        outcome=Outcome.IN_PROGRESS,
    ),
    services.VisitData(
        matter_kind=MatterKind.COMPLAINT,
        subject=Subject.OTHER,
        summary="Khiếu nại quyết định xử phạt vi phạm hành chính về bảo vệ môi trường của cơ quan khác.",
        competence=Competence.NOT_COMPETENT,
        outcome=Outcome.RESOLVED_CLOSED,
    ),
    services.VisitData(
        matter_kind=MatterKind.RECOMMENDATION,
        subject=Subject.WASTE,
        summary="Kiến nghị rà soát các dự án chậm triển khai, để đất bỏ hoang nhiều năm trong khu kinh tế cửa khẩu.",
        competence=Competence.DIRECT,
        outcome=Outcome.RESOLVED_CONTINUING,
        complex_prolonged=True,
    ),
]
ZONE_DELEGATION = services.VisitData(
    kind=VisitKind.DELEGATION,
    headcount=12,
    matter_kind=MatterKind.RECOMMENDATION,
    subject=Subject.OTHER,
    summary="Đoàn hộ dân kiến nghị xem xét lại mức bồi thường, hỗ trợ khi thu hồi đất làm hạ tầng khu công "
    "nghiệp; vụ việc đã kéo dài từ năm 2021.",
    complex_prolonged=True,
    competence=Competence.DIRECT,
    outcome=Outcome.IN_PROGRESS,
)
REFUSED = services.VisitData(
    matter_kind=MatterKind.COMPLAINT,
    summary="Tiếp tục khiếu nại việc giải quyết tranh chấp hợp đồng lao động đã có quyết định giải quyết lần hai.",
    refused=True,
    refusal_reason="Vụ việc đã được giải quyết đúng pháp luật, đã rà soát, thông báo bằng văn bản và đã được "
    "tiếp, hướng dẫn nhiều lần (Điều 9 Luật Tiếp công dân 2013).",
)
COMMUNE_VISITS = [
    services.VisitData(
        matter_kind=MatterKind.FEEDBACK,
        subject=Subject.NEGATIVITY,
        summary="Phản ánh việc bình xét hộ nghèo ở ấp chưa công khai, có biểu hiện thiên vị người quen.",
        degradation=True,
        competence=Competence.HANDLE,
        outcome=Outcome.RESOLVED_CLOSED,
    ),
    services.VisitData(
        matter_kind=MatterKind.RECOMMENDATION,
        subject=Subject.OTHER,
        summary="Kiến nghị sửa chữa tuyến đường giao thông nông thôn xuống cấp, mùa mưa ngập sâu.",
        competence=Competence.HANDLE,
        outcome=Outcome.IN_PROGRESS,
    ),
    services.VisitData(
        matter_kind=MatterKind.COMPLAINT,
        subject=Subject.OTHER,
        summary="Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất chồng lấn ranh giới với thửa đất liền kề.",
        complex_prolonged=True,
        competence=Competence.DIRECT,
        outcome=Outcome.RESOLVED_CONTINUING,
    ),
    services.VisitData(
        matter_kind=MatterKind.DENUNCIATION,
        subject=Subject.CORRUPTION,
        summary="Tố cáo cán bộ địa chính thu tiền ngoài quy định khi làm thủ tục tách thửa.",
        competence=Competence.NOT_COMPETENT,
        outcome=Outcome.RESOLVED_CLOSED,
    ),
]
COMMUNE_DELEGATION = services.VisitData(
    kind=VisitKind.DELEGATION,
    headcount=12,
    matter_kind=MatterKind.COMPLAINT,
    subject=Subject.OTHER,
    summary="Đoàn 12 hộ dân khiếu nại việc bồi thường giải phóng mặt bằng dự án đê bao; có dấu hiệu bị kích "
    "động, không chấp nhận kết quả giải quyết.",
    complex_prolonged=True,
    exploited_incitement=True,
    competence=Competence.DIRECT,
    outcome=Outcome.IN_PROGRESS,
)


def _weekday_on_or_after(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _session(actor, unit, day, *, host_title, place, kind=SessionKind.SCHEDULED, host=None, today, **extra):
    start, end = AFTERNOON if extra.pop("afternoon", False) else MORNING
    status = SessionStatus.HELD if day <= today else SessionStatus.PLANNED
    return services.session_create(
        actor=actor,
        data=services.SessionData(
            unit=unit,
            kind=kind,
            date=day,
            start_time=start,
            end_time=end,
            place=place,
            host=host,
            host_title=host_title,
            status=extra.pop("status", status),
            published=extra.pop("published", day >= today),
            **extra,
        ),
    )


def _visits(actor, session, visits) -> None:
    for data in visits:
        services.visit_record(actor=actor, session=session, data=data)


def _economic_zone(unit, accounts, today) -> None:
    actor, head = accounts.get("tiepnhan"), accounts.get("truongban")
    place = "Phòng tiếp công dân, trụ sở Ban Quản lý Khu kinh tế, TP. Long Xuyên"
    title = "Trưởng Ban Quản lý Khu kinh tế Phạm Thanh Tùng"
    cycle = itertools.cycle(ZONE_VISITS)
    current = today.replace(day=1)
    for back in range(12, 0, -1):
        month = add_months(current, -back)
        if back == 4:
            # The head was away: a deputy hosted an ad hoc session; the month is missed.
            day = _weekday_on_or_after(month.replace(day=14))
            session = _session(
                actor,
                unit,
                day,
                host_title="Phó Trưởng Ban Quản lý Khu kinh tế Nguyễn Hoàng Minh",
                place=place,
                kind=SessionKind.AD_HOC,
                hosted_by_head=False,
                delegated_reason="Trưởng Ban đi công tác tại Hà Nội.",
                today=today,
            )
            _visits(actor, session, [next(cycle)])
            continue
        day = _weekday_on_or_after(month.replace(day=10))
        session = _session(actor, unit, day, host_title=title, host=head, place=place, today=today)
        visits = [next(cycle), next(cycle)]
        if back == 2:
            visits += [ZONE_DELEGATION, REFUSED]
        _visits(actor, session, visits)
    upcoming = _weekday_on_or_after(add_months(current, 1).replace(day=10))
    _session(actor, unit, upcoming, host_title=title, host=head, place=place, today=today)


def _commune(unit, today, *, host_title, place, missed_month: int, delegated_second: bool) -> None:
    start = max(datetime.date(2025, 7, 1), add_months(today.replace(day=1), -8))
    cycle = itertools.cycle(COMMUNE_VISITS)
    month = start
    index = 0
    while month < today.replace(day=1):
        for number, day_of_month in enumerate((8, 22)):
            day = _weekday_on_or_after(month.replace(day=day_of_month))
            if index == missed_month and number == 1:
                if not delegated_second:
                    continue
                session = _session(
                    None,
                    unit,
                    day,
                    host_title="Phó Bí thư Thường trực Đảng ủy",
                    place=place,
                    hosted_by_head=False,
                    delegated_reason="Bí thư dự hội nghị của Tỉnh ủy.",
                    today=today,
                )
            else:
                session = _session(None, unit, day, host_title=host_title, place=place, today=today)
            visits = [next(cycle)]
            if index == 1 and number == 0:
                visits += [COMMUNE_DELEGATION, REFUSED]
            _visits(None, session, visits)
        month = add_months(month, 1)
        index += 1
    _session(
        None,
        unit,
        _weekday_on_or_after(today + datetime.timedelta(days=7)),
        host_title=host_title,
        place=place,
        today=today,
    )


def _district(unit, today) -> None:
    place = "Trụ sở tiếp công dân huyện Chợ Mới"
    march = _session(
        None,
        unit,
        datetime.date(2024, 3, 12),
        host_title="Bí thư Huyện ủy Chợ Mới",
        place=place,
        today=today,
        published=False,
    )
    _visits(
        None,
        march,
        [
            services.VisitData(
                kind=VisitKind.DELEGATION,
                headcount=15,
                matter_kind=MatterKind.COMPLAINT,
                summary="Đoàn hộ dân khiếu nại việc thu hồi đất làm cụm công nghiệp, yêu cầu tái định cư tại chỗ.",
                complex_prolonged=True,
                competence=Competence.DIRECT,
                outcome=Outcome.RESOLVED_CONTINUING,
            ),
            COMMUNE_VISITS[0],
        ],
    )
    august = _session(
        None,
        unit,
        datetime.date(2024, 8, 20),
        host_title="Phó Bí thư Thường trực Huyện ủy",
        place=place,
        kind=SessionKind.AD_HOC,
        hosted_by_head=False,
        delegated_reason="Bí thư bận họp Ban Thường vụ Tỉnh ủy.",
        today=today,
        published=False,
        afternoon=True,
    )
    _visits(None, august, [COMMUNE_VISITS[3], REFUSED])


def load_demo(ctx) -> None:
    """``ctx.units`` (code → Unit), ``ctx.accounts`` (username → User), ``ctx.today``. Idempotent."""
    if ReceptionSession.objects.exists():
        return
    units, today = ctx.units, ctx.today
    if "KKT-AG" in units:
        _economic_zone(units["KKT-AG"], ctx.accounts, today)
    if "DU-X-CM" in units:
        _commune(
            units["DU-X-CM"],
            today,
            host_title="Bí thư Đảng ủy xã Chợ Mới Trần Văn Hòa",
            place="Hội trường Đảng ủy xã Chợ Mới",
            missed_month=2,
            delegated_second=False,
        )
    if "DU-P-LX" in units:
        _commune(
            units["DU-P-LX"],
            today,
            host_title="Bí thư Đảng ủy phường Long Xuyên Lê Thị Mai",
            place="Trụ sở tiếp công dân phường Long Xuyên",
            missed_month=3,
            delegated_second=True,
        )
    if "HU-CM" in units:
        _district(units["HU-CM"], today)
