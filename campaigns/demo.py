"""Demo: a running half-yearly campaign on the plan implementing Directive 27, from the provincial
Party committee (TU-AG) to the Economic Zone board, the provincial People's Committee and two
communes; one report submitted, one draft, one late. Idempotent: a second run finds the campaign.
"""

import datetime

from django.db import transaction

from campaigns import services
from campaigns.consolidation import compute as consolidate
from campaigns.consolidation import narratives
from campaigns.models import Campaign, Recipient
from campaigns.schedules import PERIODIC_TEMPLATE, latest_template

TITLE = "Báo cáo 6 tháng thực hiện Chỉ thị số 27-CT/TW (số liệu demo)"
REFERENCE = "Kế hoạch số 80-KH/TU ngày 08/5/2026"
RECIPIENTS = ("UBND-AG", "KKT-AG", "DU-X-CM", "DU-P-LX")

TEXTS = [
    "Ban Quản lý Khu kinh tế đã quán triệt Chỉ thị số 27-CT/TW đến toàn thể công chức, viên chức; "
    "công khai đường dây nóng, hộp thư điện tử và hòm thư góp ý tại trụ sở.",
    "Không phát sinh trường hợp người phản ánh, tố giác bị trả thù, trù dập trong kỳ báo cáo.",
]
DRAFT_TEXT = "Đảng ủy xã đã tổ chức hội nghị quán triệt cho cán bộ chủ chốt; đang tổng hợp số liệu các chi bộ."


def _get(ctx, name):
    return ctx[name] if isinstance(ctx, dict) else getattr(ctx, name)


def _half_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The data window of the half-yearly report due next (05/6 or 05/12), up to today."""
    year = today.year
    if today <= datetime.date(year, 6, 5):
        window = datetime.date(year - 1, 12, 1), datetime.date(year, 5, 31)
    elif today <= datetime.date(year, 12, 5):
        window = datetime.date(year, 6, 1), datetime.date(year, 11, 30)
    else:
        window = datetime.date(year, 12, 1), datetime.date(year + 1, 5, 31)
    return window[0], min(window[1], today)


def _texts(recipient: Recipient, texts: list[str]) -> dict:
    report = consolidate(recipient, values={}).report
    keys = [key for key, _section, _item in narratives(report)]
    return {key: {"text": text} for key, text in zip(keys, texts, strict=False)}


@transaction.atomic
def load_demo(ctx) -> Campaign | None:
    units, accounts, today = _get(ctx, "units"), _get(ctx, "accounts"), _get(ctx, "today")
    issuer = units["TU-AG"]
    existing = Campaign.objects.filter(issuer=issuer, title=TITLE).first()
    if existing is not None:
        return existing
    template = latest_template(PERIODIC_TEMPLATE)
    if template is None:
        return None
    officer, head = accounts["baocao"], accounts["truongban"]
    date_from, date_to = _half_year(today)
    campaign = services.campaign_create(
        actor=officer,
        issuer=issuer,
        template=template,
        title=TITLE,
        reference=REFERENCE,
        date_from=date_from,
        date_to=date_to,
        due_on=today + datetime.timedelta(days=10),
        reminder_days_before="7,1",
        remind_after_every_days=3,
    )
    services.recipients_add(actor=officer, campaign=campaign, units=[units[code] for code in RECIPIENTS])
    by_code = {r.unit.code: r for r in campaign.recipients.select_related("unit")}
    # The People's Committee consolidates the Economic Zone board's report: it gets a later date.
    services.recipient_set_due(actor=officer, recipient=by_code["UBND-AG"], due_on=today + datetime.timedelta(days=20))
    # The ward was asked earlier, for its review conference; it has not reported.
    services.recipient_set_due(actor=officer, recipient=by_code["DU-P-LX"], due_on=today - datetime.timedelta(days=3))
    campaign = services.campaign_start(actor=officer, campaign=campaign)

    board = Recipient.objects.select_related("campaign", "unit").get(pk=by_code["KKT-AG"].pk)
    services.report_save(
        actor=officer,
        recipient=board,
        values=_texts(board, TEXTS),
        report_number="Số 45/BC-BQLKKT",
        report_place="An Giang",
        signed_on=today,
        signer_title="TRƯỞNG BAN",
        signer_name=head.full_name,
        report_recipients="Ủy ban nhân dân tỉnh\nBan Nội chính Tỉnh ủy\nLưu: VT",
    )
    services.report_submit(actor=head, recipient=board)

    commune = Recipient.objects.select_related("campaign", "unit").get(pk=by_code["DU-X-CM"].pk)
    services.report_save(actor=officer, recipient=commune, values=_texts(commune, [DRAFT_TEXT]))
    return campaign
