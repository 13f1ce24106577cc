"""Demo historical data for the An Giang demo province (``baove.demo``): the registers the province
kept on paper and in Excel from 2019 to 2023, imported by the reporting officer, and aggregate figures
of a district for 2019 and 2020 where only the old reports remain.

Everything goes through ``history.services``, as an import from the screen would. Idempotent: a
second run finds the petitions register's batch and stops.
"""

import csv
import datetime
import io
import random

from django.db import transaction

from history.models import ImportBatch, ImportKind
from history.services import aggregates_save, register_import

PETITIONS_FILE = "so-theo-doi-don-thu-2019-2023.csv"
PETITION_UNITS = ("UBND-AG", "KKT-AG", "STC-AG", "HU-CM", "DU-X-KA")
RESULTS = ("true", "partly_true", "untrue", "forwarded", "guided", "filed", "not_processable")
SUMMARIES = (
    "Phản ánh việc thu tiền sai quy định khi cấp giấy phép xây dựng trong khu công nghiệp.",
    "Tố cáo cán bộ phòng quản lý đất đai gây khó khăn khi giải quyết hồ sơ.",
    "Kiến nghị làm rõ việc sử dụng kinh phí sửa chữa trụ sở.",
    "Phản ánh tình trạng lãng phí trong mua sắm thiết bị văn phòng.",
    "Tố cáo việc nhận tiền để bố trí việc làm.",
)


def _csv(rows) -> io.BytesIO:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


def _petition_rows() -> list[list[str]]:
    chance = random.Random(2019)  # noqa: S311 (demo data, not a secret)
    rows = [["Ngày nhận", "Mã đơn vị", "Kênh tiếp nhận", "Loại đơn", "Lĩnh vực", "Kết quả xử lý", "Ngày kết luận",
             "Nặc danh", "Tóm tắt"]]  # fmt: skip
    for _ in range(60):
        received = datetime.date(2019, 1, 2) + datetime.timedelta(days=chance.randrange(0, 1800))
        result = chance.choice(RESULTS)
        concluded = received + datetime.timedelta(days=chance.randrange(5, 80))
        rows.append(
            [
                received.strftime("%d/%m/%Y"),
                chance.choice(PETITION_UNITS),
                chance.choice(("post", "in_person", "hotline", "mailbox", "email")),
                chance.choice(("denunciation", "feedback", "feedback", "complaint")),
                chance.choice(("corruption", "waste", "negativity", "other")),
                result,
                min(concluded, datetime.date(2023, 12, 29)).strftime("%d/%m/%Y"),
                chance.choice(("không", "không", "có")),
                chance.choice(SUMMARIES),
            ]
        )
    return rows


PROTECTION_ROWS = [
    ["Ngày đề nghị", "Mã đơn vị", "Người được đề nghị bảo vệ", "Nội dung đề nghị bảo vệ", "Quyết định",
     "Ngày quyết định", "Biện pháp bảo vệ đã áp dụng", "Ngày kết thúc bảo vệ", "Tóm tắt"],
    ["14/05/2020", "KKT-AG", "self", "job;honour", "granted", "22/05/2020", "job", "30/06/2021",
     "Người tố cáo lo ngại bị điều chuyển công tác sau khi tố cáo."],
    ["03/02/2021", "UBND-AG", "spouse", "life_health", "refused", "19/02/2021", "", "",
     "Đề nghị bảo vệ vợ của người tố cáo; chưa có căn cứ về nguy cơ bị xâm hại."],
    ["09/08/2022", "HU-CM", "self", "job", "granted", "17/08/2022", "job", "31/12/2023", ""],
]  # fmt: skip

RETALIATION_ROWS = [
    ["Ngày phản ánh", "Mã đơn vị", "Hình thức trù dập, trả thù", "Ngày xảy ra", "Kết quả xác minh", "Ngày kết luận",
     "Xử lý vi phạm", "Ngày quyết định xử lý", "Người đứng đầu bị xử lý", "Ngày xử lý người đứng đầu", "Tóm tắt"],
    ["20/09/2020", "KKT-AG", "transfer;bad_appraisal", "01/09/2020", "confirmed", "30/11/2020", "party",
     "20/12/2020", "reprimand", "20/12/2020", "Người tố cáo bị điều chuyển và xếp loại thấp sau khi tố cáo."],
    ["11/04/2022", "DU-X-KA", "threat", "05/04/2022", "unfounded", "25/05/2022", "", "", "", "", ""],
]  # fmt: skip

# Huyện ủy Chợ Mới kept no register of its reception before 2021: the figures of its annual reports.
AGGREGATES = (
    (
        "HU-CM",
        datetime.date(2019, 1, 1),
        datetime.date(2019, 12, 31),
        {"reception.sessions.scheduled": 24, "reception.visitors.scheduled": 131, "reception.delegations": 2},
    ),
    (
        "HU-CM",
        datetime.date(2020, 1, 1),
        datetime.date(2020, 12, 31),
        {"reception.sessions.scheduled": 22, "reception.visitors.scheduled": 97, "reception.delegations": 1},
    ),
)


@transaction.atomic
def load_demo(ctx) -> bool:
    """Load the demo historical data; False if it was already there or the demo units are missing."""
    needed = {*PETITION_UNITS, "UBND-AG", "KKT-AG", "HU-CM", "DU-X-KA"}
    if needed - set(ctx.units) or "baocao" not in ctx.accounts:
        return False
    if ImportBatch.objects.filter(kind=ImportKind.PETITIONS, file_name=PETITIONS_FILE).exists():
        return False
    officer = ctx.accounts["baocao"]
    register_import(kind=ImportKind.PETITIONS, actor=officer, file=_csv(_petition_rows()), filename=PETITIONS_FILE)
    register_import(
        kind=ImportKind.PROTECTION, actor=officer, file=_csv(PROTECTION_ROWS), filename="so-bao-ve-2020-2023.csv"
    )
    register_import(
        kind=ImportKind.RETALIATION, actor=officer, file=_csv(RETALIATION_ROWS), filename="so-tru-dap-2020-2023.csv"
    )
    for code, period_from, period_to, values in AGGREGATES:
        aggregates_save(
            actor=officer,
            unit=ctx.units[code],
            level="",
            period_from=period_from,
            period_to=period_to,
            values=values,
            note="Báo cáo công tác tiếp công dân năm của Huyện ủy Chợ Mới",
        )
    return True
