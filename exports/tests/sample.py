"""A filled report as the engine or a campaign would hand it over: the Regulation 11 review with
the three appendix tables of Plan 162-KH/TU (Phụ lục 1–3), figures changed by hand, consolidated
contributions, and texts that try formula and markup injection."""

import datetime

from reporting.document import (
    Contribution,
    FilledAppendix,
    FilledCell,
    FilledField,
    FilledReport,
    FilledSection,
)

EVIL_UNIT = '=HYPERLINK("http://example.invalid/steal","Bấm vào đây")'
EVIL_CELL = "=1+1"
EVIL_NARRATIVE = '@SUM(A1) { HYPERLINK "http://example.invalid" } <w:fldSimple w:instr="DATE"/>'
EVIL_MARKUP = '<img src="http://example.invalid/pixel.png"><link rel="stylesheet" href="file:///etc/passwd">'

HEADINGS = [
    "I. ĐẶC ĐIỂM TÌNH HÌNH VÀ VIỆC TỔ CHỨC SƠ KẾT",
    "1. Khái quát đặc điểm tình hình",
    "II. KẾT QUẢ LÃNH ĐẠO, CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN",
    "1. Kết quả tiếp dân",
    "1.1. Tiếp dân định kỳ và đột xuất",
    "III. NHIỆM VỤ, GIẢI PHÁP",
]


def _n(value, computed=None, note="", key=""):
    return FilledCell(
        figure_key="reception.sessions",
        value=value,
        computed=value if computed is None else computed,
        note=note,
        key=key,
    )


def appendix_1() -> FilledAppendix:
    """Phụ lục 1 of Regulation 11: a header cell spanning three columns over three italic ones,
    and one spanning two rows."""
    header = [
        [
            FilledCell("Tổ chức tuyên truyền, phổ biến Quy định", colspan=3, bold=True),
            FilledCell("Số lượng văn bản ban hành để lãnh đạo, chỉ đạo triển khai, thực hiện", rowspan=2, bold=True),
        ],
        [
            FilledCell("Số cuộc hội nghị, lớp tập huấn...", italic=True),
            FilledCell("Số lượng cán bộ, đảng viên tham gia", italic=True),
            FilledCell("Số lượng tài liệu, ấn phẩm được phát hành", italic=True),
        ],
    ]
    rows = [[FilledCell(manual=True, value=14), FilledCell(manual=True, value=2350), _n(600), _n(7)]]
    return FilledAppendix(
        1, "1", "Công tác lãnh đạo, chỉ đạo việc phổ biến, quán triệt thực hiện Quy định", header, rows
    )


def appendix_2() -> FilledAppendix:
    """Phụ lục 2 of Regulation 11, as in the seed: STT | Nội dung (two columns) | Cấp xã | Cấp huyện | Tổng cộng."""
    header = [
        [
            FilledCell("STT", bold=True),
            FilledCell("Nội dung", colspan=2, bold=True),
            FilledCell("Cấp xã", bold=True),
            FilledCell("Cấp huyện", bold=True),
            FilledCell("Tổng cộng", bold=True),
        ]
    ]
    rows = [
        [
            FilledCell("1", rowspan=2),
            FilledCell("Số cuộc tiếp dân", rowspan=2),
            FilledCell("Định kỳ"),
            _n(12, key="r1c3"),
            _n(3, computed=4, note="Một cuộc ghi trùng", key="r1c4"),
            _n(15, computed=16, key="r1c5"),
        ],
        [FilledCell("Đột xuất"), _n(1), _n(0), _n(1)],
        [
            FilledCell("2", rowspan=2),
            FilledCell("Số lượt người được tiếp", rowspan=2),
            FilledCell("Định kỳ"),
            _n(1234),
            _n(56),
            _n(1290),
        ],
        [FilledCell("Đột xuất"), _n(7), _n(None), _n(7)],
        [FilledCell("3"), FilledCell("Số đoàn đông người được tiếp", colspan=2), _n(2), _n(1), _n(3)],
    ]
    return FilledAppendix(2, "2", "Kết quả tiếp dân, đối thoại trực tiếp với dân", header, rows)


def appendix_3() -> FilledAppendix:
    header = [
        [
            FilledCell("STT", bold=True),
            FilledCell("Nội dung", colspan=2, bold=True),
            FilledCell("Số cuộc", bold=True),
            FilledCell("Ghi chú", bold=True),
        ]
    ]
    rows = [
        [
            FilledCell("1", rowspan=2),
            FilledCell("Số cuộc kiểm tra, giám sát", rowspan=2),
            FilledCell("Theo chương trình, kế hoạch"),
            _n(4),
            FilledCell("Đúng kế hoạch"),
        ],
        [FilledCell("Đột xuất"), _n(1), FilledCell(EVIL_CELL)],
        [FilledCell("2"), FilledCell("Số cơ quan, tổ chức, đơn vị được kiểm tra", colspan=2), _n(9), FilledCell("")],
    ]
    return FilledAppendix(3, "3", "Kết quả kiểm tra, giám sát người đứng đầu cấp ủy", header, rows)


def make_report(style: str = "party", **changes) -> FilledReport:
    party = style == "party"
    sections = [
        FilledSection(
            1,
            "I.",
            "ĐẶC ĐIỂM TÌNH HÌNH VÀ VIỆC TỔ CHỨC SƠ KẾT",
            children=[
                FilledSection(
                    2,
                    "1.",
                    "Khái quát đặc điểm tình hình",
                    guidance="Nêu những thuận lợi, khó khăn liên quan đến việc triển khai thực hiện.",
                    fields=[
                        FilledField(
                            1,
                            "narrative",
                            "",
                            text="Tỉnh có 102 đơn vị hành chính cấp xã.\nCông tác tiếp dân được duy trì thường xuyên.",
                        )
                    ],
                )
            ],
        ),
        FilledSection(
            3,
            "II.",
            "KẾT QUẢ LÃNH ĐẠO, CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN",
            children=[
                FilledSection(
                    4,
                    "1.",
                    "Kết quả tiếp dân",
                    guidance="Nêu số cuộc tiếp dân, số lượt người được tiếp.",
                    fields=[
                        FilledField(
                            2,
                            "figure",
                            "Số đơn, thư tố cáo nhận được",
                            figure_key="cases.received",
                            value=1234,
                            computed=1234,
                        ),
                        FilledField(
                            3,
                            "figure",
                            "Số người được bảo vệ",
                            figure_key="protection.people",
                            value=5,
                            computed=7,
                            note="Hai trường hợp nhập trùng",
                        ),
                        FilledField(
                            4,
                            "narrative",
                            "Đánh giá của các đơn vị",
                            contributions=[
                                Contribution("Đảng ủy xã Tân Phú", "Đã tổ chức 4 cuộc tiếp dân định kỳ."),
                                Contribution(EVIL_UNIT, EVIL_NARRATIVE),
                            ],
                        ),
                    ],
                    children=[
                        FilledSection(
                            5,
                            "1.1.",
                            "Tiếp dân định kỳ và đột xuất",
                            fields=[FilledField(5, "narrative", "", text=EVIL_MARKUP)],
                        )
                    ],
                )
            ],
        ),
        FilledSection(6, "III.", "NHIỆM VỤ, GIẢI PHÁP", fields=[FilledField(6, "narrative", "", text=EVIL_NARRATIVE)]),
    ]
    values = {
        "template_name": "Đề cương sơ kết Quy định 11-QĐi/TW",
        "title": "Báo cáo kết quả sơ kết 05 năm thực hiện Quy định số 11-QĐi/TW",
        "style": style,
        "unit_name": "Ban Thường vụ Tỉnh ủy" if party else "Ủy ban nhân dân tỉnh An Giang",
        "parent_unit_name": "Đảng bộ tỉnh An Giang" if party else "Tỉnh An Giang",
        "date_from": datetime.date(2019, 2, 18),
        "date_to": datetime.date(2023, 12, 31),
        "number": "Số 162-KH/TU" if party else "12/BC-UBND",
        "place": "An Giang",
        "signed_on": datetime.date(2026, 6, 5),
        "signer_title": "T/M Ban Thường vụ\nPhó Bí thư Thường trực" if party else "KT. Chủ tịch\nPhó Chủ tịch",
        "signer_name": "Phạm Hoàng Sơn",
        "recipients": ["Ban Nội chính Trung ương (báo cáo)", "Thường trực Tỉnh ủy", "Lưu Văn phòng Tỉnh ủy."],
        "notes": "Thời gian lấy số liệu báo cáo: từ ngày 18/02/2019 đến ngày 31/12/2023.",
        "sections": sections,
        "appendices": [appendix_1(), appendix_2(), appendix_3()],
    }
    values.update(changes)
    return FilledReport(**values)
