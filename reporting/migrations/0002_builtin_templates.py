"""The built-in report templates, word for word from the seed documents.

- ``d27-review``: the outline "Đề cương 3" (Công văn 2074-CV/TU, 22/3/2024; seed 000) and its
  "PHỤ LỤC 1" from Plan 162-KH/TU (09/4/2024; seed 001, which repeats the outline with small
  changes of wording).
- ``r11-review``, ``c69-review``: the second and third outlines of Plan 162-KH/TU (seed 001) and the
  Regulation 11 appendices 1–4.
- ``d27-plan-periodic``: the half-yearly and annual report on a Directive 27 implementation plan.
  Plan 004 has no outline of its own: this one is derived from its tasks and expected results, and
  says so in its notes.

Outline lines: a numbered heading is a section ("II", "2.1"); a bullet "- …" (or "+ …") that asks
for content is a section numbered "-" (or "+") under it. A trailing parenthesis ("(nêu rõ …).") is
the section's guidance, printed in italics after the heading; a parenthesis inside a sentence stays
in the heading. Every leaf section gets a narrative field first; the figures it asks for follow,
bound to a registered figure (``baove.figures``) or entered by hand (no key).
"""

import datetime

from django.db import migrations

NARRATIVE = "Nội dung"


def S(number, heading, guidance="", *items):
    fields = [item for item in items if isinstance(item, tuple)]
    children = [item for item in items if isinstance(item, dict)]
    return {"number": number, "heading": heading, "guidance": guidance, "fields": fields, "children": children}


def F(label, key="", level=""):
    """A figure: computed from ``key``, or entered by hand when the key is blank."""
    return ("figure", label, key, level)


# Appendix cells
def T(text, colspan=1, rowspan=1, italic=False, emphasis=None):
    cell = {"text": text}
    if colspan > 1:
        cell["colspan"] = colspan
    if rowspan > 1:
        cell["rowspan"] = rowspan
    if italic:
        cell["italic"] = True
    if emphasis:
        cell["emphasis"] = list(emphasis)
    return cell


def V(key, level=None):
    cell = {"text": "", "figure": key}
    if level:
        cell["level"] = level
    return cell


def X():
    """A text the unit writes (a "Ghi chú" column), empty in the template."""
    return {"text": "", "free_text": True}


def LEVELS(key):
    """Cấp xã, Cấp huyện, Tổng cộng."""
    return [V(key, "commune"), V(key, "district"), V(key)]


# --- Directive 27 five-year review -------------------------------------------------------------

D27_SECTIONS = [
    S(
        "I",
        "ĐẶC ĐIỂM TÌNH HÌNH VÀ VIỆC TỔ CHỨC SƠ KẾT",
        "",
        S(
            "1",
            "Khái quát đặc điểm tình hình của cơ quan, đơn vị, địa phương thuộc phạm vi phụ trách, quản lý và "
            "những thuận lợi, khó khăn liên quan đến việc triển khai thực hiện Chỉ thị số 27-CT/TW.",
        ),
        S("2", "Đánh giá khái quát việc tổ chức sơ kết, xây dựng báo cáo của cơ quan, đơn vị, địa phương."),
    ),
    S(
        "II",
        "KẾT QUẢ LÃNH ĐẠO, CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN CHỈ THỊ SỐ 27-CT/TW",
        "",
        S(
            "1",
            "Công tác lãnh đạo, chỉ đạo, triển khai thực hiện",
            "",
            S(
                "-",
                "Kết quả phổ biến, quán triệt Chỉ thị số 27-CT/TW",
                "(nêu rõ hình thức phổ biến, quán triệt; số cuộc hội nghị, số tài liệu được phát hành, số lượt người "
                "được phổ biến, quán triệt; sự chuyển biến về nhận thức, trách nhiệm của cấp ủy, chính quyền, cán "
                "bộ, công chức đối với công tác bảo vệ người tố cáo).",
                F("Số cuộc hội nghị", "d27.dissemination.sessions"),
                F("Số tài liệu được phát hành", "d27.dissemination.materials"),
                F("Số lượt người được phổ biến, quán triệt", "d27.dissemination.participants"),
            ),
            S(
                "-",
                "Việc ban hành Kế hoạch hoặc văn bản triển khai thực hiện Chỉ thị 27-CT/TW ở cơ quan, đơn vị, "
                "địa phương.",
            ),
            S("-", "Công tác kiểm tra, giám sát việc thực hiện Chỉ thị số 27-CT/TW."),
        ),
        S(
            "2",
            "Kết quả thực hiện các nhiệm vụ, giải pháp nêu trong Chỉ thị số 27-CT/TW",
            "",
            S(
                "2.1",
                "Trách nhiệm của cấp ủy, tổ chức đảng, chính quyền, trước hết là người đứng đầu trong lãnh đạo, chỉ "
                "đạo thực hiện công tác bảo vệ người tố cáo thuộc phạm vi phụ trách",
                "",
                S(
                    "-",
                    "Sự quan tâm lãnh đạo, chỉ đạo của cấp ủy, tổ chức đảng, chính quyền, người đứng đầu trong công "
                    "tác bảo vệ người tố cáo; nhất là lãnh đạo, chỉ đạo tháo gỡ khó khăn, vướng mắc đối với công tác "
                    "này.",
                ),
                S(
                    "-",
                    "Việc xử lý vi phạm khi để xảy ra việc người tố cáo thuộc phạm vi phụ trách bị trả thù, trù dập",
                    "(nêu số lượng, hình thức xử lý).",
                    F("Số quyết định xử lý người có hành vi trả thù, trù dập", "retaliation.sanctions.total"),
                    F(
                        "Số người đứng đầu bị xử lý do để xảy ra việc người tố cáo bị trả thù, trù dập",
                        "retaliation.heads.disciplined",
                    ),
                ),
            ),
            S(
                "2.2",
                "Công tác xây dựng, hoàn thiện thể chế của Đảng, Nhà nước về bảo vệ người tố cáo",
                "",
                S(
                    "-",
                    "Kết quả ban hành hoặc tham mưu ban hành các văn bản, quy định của cấp ủy, tổ chức đảng để cụ "
                    "thể hóa, lãnh đạo, chỉ đạo thực hiện Chỉ thị số 27-CT/TW",
                    "(nêu số lượng, tên một số văn bản tiêu biểu).",
                    F("Số văn bản, quy định của cấp ủy, tổ chức đảng đã ban hành", "d27.documents.leadership"),
                ),
                S(
                    "-",
                    "Kết quả ban hành, tham mưu ban hành theo thẩm quyền các văn bản quy phạm pháp luật về bảo vệ "
                    "người tố cáo",
                    "(nêu số lượng, tên một số văn bản tiêu biểu).",
                    F("Số văn bản quy phạm pháp luật đã ban hành", "d27.documents.legal_normative"),
                ),
                S("-", "Đánh giá tính kịp thời, sự phù hợp, đồng bộ, khả thi của các văn bản được ban hành."),
            ),
            S(
                "2.3",
                "Công tác phòng ngừa, ngăn chặn, xử lý, kiến nghị xử lý hành vi trả thù, trù dập người tố cáo và "
                "phối hợp trong công tác bảo vệ người tố cáo",
                "",
                S(
                    "-",
                    "Kết quả triển khai các nhiệm vụ, giải pháp phòng ngừa, ngăn chặn không để xảy ra các hành vi "
                    "trả thù, trù dập người tố cáo.",
                ),
                S(
                    "-",
                    "Kết quả phát hiện, xử lý, kiến nghị xử lý các hành vi trả thù, trù dập người tố cáo; bao che "
                    "cho người bị tố cáo; không làm tròn trách nhiệm bảo vệ người tố cáo; người lợi dụng quyền phản "
                    "ánh, tố giác, tố cáo để vi phạm",
                    "(nêu số lượng, hình thức xử lý).",
                    F("Số vụ việc trả thù, trù dập người tố cáo được phát hiện", "retaliation.incidents"),
                    F("Số quyết định xử lý hành vi trả thù, trù dập", "retaliation.sanctions.total"),
                    F(
                        "Số trường hợp lợi dụng quyền phản ánh, tố giác, tố cáo để vu khống, tố cáo sai sự thật",
                        "retaliation.false_reports.total",
                    ),
                ),
                S(
                    "-",
                    "Công tác phối hợp giữa các cơ quan chức năng trong bảo vệ người tố cáo",
                    "(đánh giá về tính kịp thời, thường xuyên, chặt chẽ, hiệu quả trong công tác phối hợp; việc xây "
                    "dựng quy chế phối hợp,...).",
                ),
                S(
                    "-",
                    "Việc động viên, khen thưởng kịp thời người tố cáo đúng",
                    "(nêu rõ số lượng người được khen thưởng, hình thức khen thưởng,...).",
                    F("Số người tố cáo được khen thưởng", "retaliation.commendations.reporters"),
                ),
            ),
            S(
                "2.4",
                "Công tác kiểm tra, thanh tra, giám sát về bảo vệ người tố cáo",
                "",
                S(
                    "-",
                    "Kết quả công tác kiểm tra, giám sát của cấp ủy, ủy ban kiểm tra các cấp đối với công tác bảo vệ "
                    "người tố cáo",
                    "(nêu rõ việc xây dựng chương trình, nội dung kiểm tra, giám sát về bảo vệ người tố cáo hằng "
                    "năm; số cuộc kiểm tra, giám sát; kết quả phát hiện xử lý hoặc đề nghị xử lý tổ chức, cá nhân "
                    "không hoàn thành nhiệm vụ bảo vệ người tố cáo, vi phạm quy định về bảo vệ người tố cáo; trả "
                    "thù, trù dập người tố cáo).",
                    F("Số cuộc kiểm tra, giám sát", "d27.inspections.committee"),
                ),
                S(
                    "-",
                    "Kết quả công tác thanh tra việc thực hiện quy định của pháp luật về bảo vệ người tố cáo",
                    "(nêu rõ số cuộc thanh tra; kết quả phát hiện xử lý hoặc kiến nghị xử lý tổ chức, cá nhân không "
                    "hoàn thành nhiệm vụ hoặc vi phạm quy định của pháp luật về bảo vệ người tố cáo; trả thù, trù "
                    "dập người tố cáo).",
                    F("Số cuộc thanh tra"),
                ),
                S(
                    "-",
                    "Công tác hướng dẫn của ủy ban kiểm tra, thanh tra cấp trên với ủy ban kiểm tra, cơ quan thanh "
                    "tra cấp dưới thực hiện công tác kiểm tra, thanh tra về việc bảo vệ người tố cáo.",
                ),
                S(
                    "-",
                    "Kết quả giám sát của Hội đồng nhân dân các cấp đối với việc chấp hành pháp luật về tố cáo và "
                    "bảo vệ người tố cáo.",
                ),
                S(
                    "-",
                    "Kết quả giám sát, phản biện của Mặt trận Tổ quốc Việt Nam và tổ chức chính trị - xã hội các cấp "
                    "đối với công tác bảo vệ người tố cáo (nêu rõ số cuộc giám sát, phản biện; kết quả phát hiện, "
                    "kiến nghị xử lý trách nhiệm đối với tổ chức, cá nhân có hành vi trả thù, trù dập, chưa thực hiện "
                    "tốt trách nhiệm bảo vệ người tố cáo); thực hiện bảo vệ quyền và lợi ích hợp pháp đối với người "
                    "tố cáo theo quy định.",
                    "",
                    F("Số cuộc giám sát, phản biện"),
                ),
            ),
            S(
                "2.5",
                "Chỉ đạo định hướng công tác thông tin, tuyên truyền về bảo vệ người tố cáo; đấu tranh với biểu "
                "hiện bao che, những hành vi trả thù, trù dập người tố cáo và những hành vi vu khống, tố cáo sai sự "
                "thật",
                "(nêu rõ số lượng, chất lượng, nội dung, hình thức tuyên truyền cụ thể,...).",
                F("Số lượng tin, bài, sản phẩm tuyên truyền", "d27.propaganda.items"),
            ),
            S(
                "2.6",
                "Công tác kiện toàn, nâng cao chất lượng hoạt động của cơ quan, đơn vị, địa phương và đội ngũ cán "
                "bộ trực tiếp làm công tác tiếp công dân, giải quyết khiếu nại, tố cáo và bảo vệ người tố cáo",
                "",
                S(
                    "-",
                    "Lãnh đạo, chỉ đạo kiện toàn tổ chức bộ máy, tăng cường số lượng, nâng cao chất lượng đội ngũ "
                    "cán bộ trực tiếp làm công tác giải quyết khiếu nại, tố cáo và bảo vệ người tố cáo.",
                ),
                S(
                    "-",
                    "Việc phân công trách nhiệm cụ thể đối với các cơ quan, đơn vị, địa phương trong việc bảo vệ "
                    "người tố cáo.",
                ),
                S(
                    "-",
                    "Việc quan tâm, tạo điều kiện (về cơ chế, chính sách, cơ sở vật chất, chế độ đãi ngộ,...) để đội "
                    "ngũ cán bộ và cơ quan, đơn vị có chức năng bảo vệ người tố cáo thực hiện tốt nhiệm vụ.",
                ),
                S(
                    "-",
                    "Việc biểu dương, khen thưởng đối với cơ quan, đơn vị, địa phương, cá nhân có thành tích trong "
                    "công tác bảo vệ người tố cáo",
                    "(nêu rõ số lượng tập thể, cá nhân được biểu dương, khen thưởng; hình thức khen thưởng,...).",
                    F("Số tập thể được biểu dương, khen thưởng", "retaliation.commendations.units"),
                    F("Số cá nhân được biểu dương, khen thưởng", "retaliation.commendations.officials"),
                ),
            ),
        ),
        S(
            "3",
            "Kết quả cụ thể trong công tác bảo vệ người tố cáo",
            "",
            S(
                "-",
                "Tổng số đơn thư tố cáo, phản ánh, tố giác liên quan đến hành vi tham nhũng, lãng phí, tiêu cực đã "
                "tiếp nhận, xử lý.",
                "",
                F("Số đơn thư đã tiếp nhận", "cases.petitions.whistleblowing.received"),
                F("Số đơn thư đã xử lý", "cases.petitions.whistleblowing.handled"),
            ),
            S(
                "-",
                "Tổng số người có yêu cầu được bảo vệ",
                "(trong đó nêu rõ số người đề nghị bảo vệ vị trí công tác, việc làm, số người đề nghị bảo vệ tính "
                "mạng, sức khỏe, số người đề nghị bảo vệ tài sản, số người đề nghị bảo vệ danh dự, nhân phẩm).",
                F("Tổng số người có yêu cầu được bảo vệ", "protection.requested.total"),
                F("Số người đề nghị bảo vệ vị trí công tác, việc làm", "protection.requested.job"),
                F("Số người đề nghị bảo vệ tính mạng, sức khỏe", "protection.requested.life_health"),
                F("Số người đề nghị bảo vệ tài sản", "protection.requested.property"),
                F("Số người đề nghị bảo vệ danh dự, nhân phẩm", "protection.requested.honour"),
            ),
            S(
                "-",
                "Số người được cơ quan chức năng áp dụng biện pháp bảo vệ",
                "(Trong đó nêu rõ số người được bảo vệ vị trí công tác, việc làm, số người được bảo vệ tính mạng, "
                "sức khỏe, số người được bảo vệ tài sản, số người được bảo vệ danh dự, nhân phẩm).",
                F("Số người được cơ quan chức năng áp dụng biện pháp bảo vệ", "protection.protected.total"),
                F("Số người được bảo vệ vị trí công tác, việc làm", "protection.protected.job"),
                F("Số người được bảo vệ tính mạng, sức khỏe", "protection.protected.life_health"),
                F("Số người được bảo vệ tài sản", "protection.protected.property"),
                F("Số người được bảo vệ danh dự, nhân phẩm", "protection.protected.honour"),
            ),
            S(
                "-",
                "Số người tố cáo, phản ánh, tố giác liên quan đến hành vi tham nhũng, lãng phí, tiêu cực bị trả "
                "thù, trù dập; các hình thức trả thù, trù dập; kết quả, hình thức xử lý hành vi trả thù, trù dập.",
                "",
                F("Số người tố cáo, phản ánh, tố giác bị trả thù, trù dập", "retaliation.persons"),
                F("Hình thức trả thù, trù dập: Cho thôi việc", "retaliation.forms.dismissal"),
                F("Hình thức trả thù, trù dập: Điều chuyển", "retaliation.forms.transfer"),
                F("Hình thức trả thù, trù dập: Luân chuyển", "retaliation.forms.rotation"),
                F("Hình thức trả thù, trù dập: Biệt phái", "retaliation.forms.secondment"),
                F("Hình thức trả thù, trù dập: Giáng chức", "retaliation.forms.demotion"),
                F("Hình thức trả thù, trù dập: Cắt giảm lương thưởng", "retaliation.forms.pay_cut"),
                F("Hình thức trả thù, trù dập: Kỷ luật", "retaliation.forms.discipline"),
                F("Hình thức trả thù, trù dập: Đánh giá xếp loại thấp", "retaliation.forms.bad_appraisal"),
                F("Hình thức trả thù, trù dập: Không gia hạn hợp đồng", "retaliation.forms.non_renewal"),
                F("Hình thức trả thù, trù dập: Sách nhiễu", "retaliation.forms.harassment"),
                F("Hình thức trả thù, trù dập: Đe dọa", "retaliation.forms.threat"),
                F("Hình thức trả thù, trù dập: Hành hung", "retaliation.forms.assault"),
                F("Hình thức trả thù, trù dập: Phá hoại tài sản", "retaliation.forms.property_damage"),
                F("Hình thức trả thù, trù dập: Vu khống", "retaliation.forms.slander"),
                F("Hình thức trả thù, trù dập: Cô lập", "retaliation.forms.isolation"),
                F("Hình thức trả thù, trù dập: Làm lộ danh tính", "retaliation.forms.identity_leak"),
                F("Số quyết định xử lý hành vi trả thù, trù dập", "retaliation.sanctions.total"),
                F("Hình thức xử lý: Kỷ luật đảng", "retaliation.sanctions.party"),
                F("Hình thức xử lý: Kỷ luật hành chính", "retaliation.sanctions.administrative"),
                F("Hình thức xử lý: Chuyển cơ quan điều tra xử lý hình sự", "retaliation.sanctions.criminal"),
            ),
            S(
                "-",
                "Số người đứng đầu cấp ủy, tổ chức đảng, chính quyền bị xử lý do buông lỏng lãnh đạo, quản lý, "
                "không làm hết thẩm quyền để xảy ra tình trạng người tố cáo, phản ánh, tố giác bị trả thù, trù dập",
                "(nêu rõ hình thức xử lý cụ thể).",
                F("Số người đứng đầu bị xử lý", "retaliation.heads.disciplined"),
                F("Hình thức xử lý: Khiển trách", "retaliation.heads.forms.reprimand"),
                F("Hình thức xử lý: Cảnh cáo", "retaliation.heads.forms.warning"),
                F("Hình thức xử lý: Hạ bậc lương", "retaliation.heads.forms.salary_step_down"),
                F("Hình thức xử lý: Giáng chức", "retaliation.heads.forms.demotion"),
                F("Hình thức xử lý: Cách chức", "retaliation.heads.forms.removal"),
                F("Hình thức xử lý: Buộc thôi việc", "retaliation.heads.forms.forced_dismissal"),
                F("Hình thức xử lý: Khai trừ ra khỏi Đảng", "retaliation.heads.forms.expulsion"),
                F("Hình thức xử lý: Khác", "retaliation.heads.forms.other"),
            ),
        ),
    ),
    S(
        "III",
        "TỒN TẠI, HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC, NGUYÊN NHÂN VÀ KINH NGHIỆM",
        "",
        S("1", "Tồn tại, hạn chế, khó khăn, vướng mắc"),
        S("2", "Nguyên nhân", "", S("-", "Nguyên nhân khách quan."), S("-", "Nguyên nhân chủ quan.")),
        S("3", "Kinh nghiệm trong lãnh đạo, chỉ đạo, tổ chức thực hiện Chỉ thị số 27-CT/TW"),
    ),
    S(
        "IV",
        "NHIỆM VỤ, GIẢI PHÁP VÀ KIẾN NGHỊ, ĐỀ XUẤT",
        "",
        S("1", "Nhiệm vụ, giải pháp tiếp tục thực hiện hiệu quả Chỉ thị số 27-CT/TW"),
        S("2", "Kiến nghị, đề xuất"),
    ),
]

D27_APPENDICES = [
    {
        "number": "PHỤ LỤC 1",
        "title": "Thông kê kết quả công tác lãnh đạo, chỉ đạo thực hiện Chỉ thị số 27-CT/TW",
        "kind": "table",
        "listing_key": "",
        "layout": {
            "header": [
                [
                    T("Phổ biến, quán triệt về Chỉ thị", colspan=3, italic=True),
                    T("Ban hành văn bản lãnh đạo chỉ đạo, thể chế hóa Chỉ thị", colspan=2, italic=True),
                    T("Công tác kiểm tra, giám sát, thanh tra", colspan=2, italic=True),
                ],
                [
                    T(
                        "Số cuộc hội nghị, lớp tập huấn... được BCSD, ĐĐ, ĐU, tỉnh ủy, thành ủy tổ chức",
                        italic=True,
                    ),
                    T("Số lượng cán bộ, đảng viên tham gia", italic=True),
                    T("Số lượng tài liệu, ấn phẩm được phát hành", italic=True),
                    T(
                        "Số lượng văn bản do BCSD, ĐĐ, ĐU, tỉnh ủy, thành ủy ban hành để lãnh đạo, chỉ đạo",
                        italic=True,
                    ),
                    T(
                        "Số lượng văn bản QPPL do bộ, ngành, UBND cấp tỉnh ban hành để cụ thể hóa văn bản của cấp "
                        "trên",
                        italic=True,
                    ),
                    T(
                        "Số cuộc kiểm tra, giám sát, thanh tra của cấp ủy, tổ chức đảng trực thuộc Trung ương",
                        italic=True,
                    ),
                    T("Số cuộc kiểm tra, giám sát, thanh tra của các cơ quan trực thuộc", italic=True),
                ],
            ],
            "rows": [
                [
                    V("d27.dissemination.sessions"),
                    V("d27.dissemination.participants"),
                    V("d27.dissemination.materials"),
                    V("d27.documents.leadership"),
                    V("d27.documents.legal_normative"),
                    V("d27.inspections.committee"),
                    V("d27.inspections.subordinate"),
                ]
            ],
        },
    }
]

D27_NOTES = (
    "- Thời gian lấy số liệu báo cáo: Từ ngày 10/01/2019 đến ngày 31/12/2023.\n"
    "- Đề cương Báo cáo sơ kết chỉ là gợi ý những nội dung chính, các cơ quan, đơn vị căn cứ vào mục đích, yêu "
    "cầu, nội dung sơ kết và chức năng, nhiệm vụ được giao để bổ sung, cụ thể hóa cho phù hợp."
)

# --- Regulation 11 five-year review ------------------------------------------------------------

_DEGRADATION = (
    "(trong đó có bao nhiêu đoàn đông người; bao nhiêu vụ việc phức tạp, kéo dài; bao nhiêu vụ việc phản ánh, "
    "kiến nghị, khiếu nại, tố cáo về biểu hiện suy thoái, “tự diễn biến”, “tự chuyển hóa” trong cán bộ, đảng "
    "viên)."
)

R11_SECTIONS = [
    S(
        "I",
        "ĐẶC ĐIỂM TÌNH HÌNH VÀ TỔ CHỨC SƠ KẾT",
        "",
        S(
            "1",
            "Khái quát đặc điểm tình hình của địa phương thuộc phạm vi quản lý, phụ trách và những thuận lợi, khó "
            "khăn liên quan đến việc thực hiện Quy định số 11-QĐi/TW.",
        ),
        S("2", "Đánh giá khái quát việc tổ chức sơ kết, xây dựng báo cáo của địa phương."),
    ),
    S(
        "II",
        "KẾT QUẢ LÃNH ĐẠO, CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN CÁC NỘI DUNG CỦA QUY ĐỊNH SỐ 11-QĐi/TW",
        "",
        S(
            "1",
            "Công tác lãnh đạo, chỉ đạo, triển khai thực hiện",
            "",
            S(
                "1.1",
                "Kết quả phổ biến, quán triệt",
                "(nêu rõ hình thức phổ biến, quán triệt; số cuộc hội nghị, lớp tập huấn được tổ chức; số cán bộ, "
                "đảng viên tham gia; số lượng tài liệu được phát hành; sự chuyển biến trong nhận thức, trách nhiệm "
                "của người đứng đầu cấp ủy trong việc tiếp dân, đối thoại trực tiếp với dân và xử lý những phản "
                "ánh, kiến nghị của dân).",
                F("Số cuộc hội nghị, lớp tập huấn được tổ chức", "r11.dissemination.sessions"),
                F("Số cán bộ, đảng viên tham gia", "r11.dissemination.participants"),
                F("Số lượng tài liệu được phát hành", "r11.dissemination.materials"),
            ),
            S(
                "1.2",
                "Công tác ban hành văn bản, chương trình, kế hoạch... lãnh đạo, chỉ đạo thực hiện",
                "(nêu rõ số lượng văn bản đã ban hành, cấp ban hành; liệt kê một số văn bản tiêu biểu; đánh giá "
                "tính kịp thời, phù hợp, khả thi của văn bản).",
                F("Số lượng văn bản đã ban hành", "r11.documents"),
            ),
        ),
        S(
            "2",
            "Kết quả thực hiện các nội dung cụ thể của Quy định số 11-QĐi/TW",
            "",
            S(
                "2.1",
                "Kết quả thực hiện trách nhiệm của người đứng đầu cấp ủy trong việc tiếp dân, đối thoại, xử lý, "
                "giải quyết phản ánh, kiến nghị, khiếu nại, tố cáo trong dân",
                "",
                S(
                    "-",
                    "Việc thực hiện sự lãnh đạo, chỉ đạo, yêu cầu của cấp ủy, người đứng đầu cấp ủy cấp trên trong "
                    "công tác tiếp dân, đối thoại, xử lý, giải quyết phản ánh, kiến nghị, khiếu nại, tố cáo của dân.",
                ),
                S(
                    "-",
                    "Việc lãnh đạo, chỉ đạo, kiểm tra, giám sát, đôn đốc người đứng đầu cấp ủy, tổ chức, cơ quan nhà "
                    "nước, người có thẩm quyền chấp hành quy định về công tác tiếp dân, đối thoại trực tiếp với dân "
                    "và xử lý, giải quyết phản ánh, kiến nghị, khiếu nại, tố cáo của dân",
                    "(nêu rõ số cuộc kiểm tra, giám sát, kết quả phát hiện, chỉ đạo xử lý vi phạm, khuyết điểm...)",
                    F("Số cuộc kiểm tra, giám sát theo chương trình, kế hoạch", "r11.inspections.planned"),
                    F("Số cuộc kiểm tra, giám sát đột xuất", "r11.inspections.ad_hoc"),
                ),
                S(
                    "-",
                    "Việc ban hành và tổ chức thực hiện nội quy, quy chế tiếp dân, đối thoại trực tiếp với dân; phân "
                    "công trách nhiệm cho các cơ quan liên quan trong công tác tham mưu cho người đứng đầu cấp ủy "
                    "thực hiện tiếp dân, đối thoại, xử lý, giải quyết phản ánh, kiến nghị, khiếu nại, tố cáo của "
                    "dân; bố trí địa điểm, điều kiện vật chất, kỹ thuật cho người dân đến phản ánh, kiến nghị.",
                ),
                S(
                    "-",
                    "Việc chỉ đạo hoặc phối hợp với các cơ quan, tổ chức, người có thẩm quyền bảo đảm trật tự, an "
                    "toàn cho việc tiếp dân; bảo vệ người phản ánh, kiến nghị, khiếu nại, tố cáo.",
                ),
                S("-", "Việc thông báo thời gian, địa điểm tiếp dân của người đứng đầu cấp ủy."),
                S(
                    "-",
                    "Việc định kỳ hoặc đột xuất làm việc với bí thư cấp ủy cấp dưới trực tiếp và thủ trưởng cơ quan, "
                    "tổ chức, đơn vị cùng cấp có liên quan về công tác tiếp dân, đối thoại, xử lý, giải quyết phản "
                    "ánh, kiến nghị, khiếu nại, tố cáo của dân.",
                ),
                S(
                    "-",
                    "Việc thực hiện chế độ báo cáo của người đứng đầu cấp ủy về tình hình, kết quả tiếp dân, đối "
                    "thoại, xử lý, giải quyết phản ánh, kiến nghị, khiếu nại, tố cáo của dân theo Quy định số "
                    "11-QĐi/TW.",
                ),
                S(
                    "-",
                    "Kết quả trực tiếp tiếp dân, đối thoại với dân",
                    "(định kỳ và đột xuất):",
                    F("Số đoàn đông người được tiếp", "reception.delegations"),
                    F("Số vụ việc phức tạp, kéo dài đã tiếp", "reception.cases.complex_prolonged"),
                    F(
                        "Số vụ việc phản ánh, kiến nghị, KNTC về suy thoái, “tự diễn biến”, “tự chuyển hóa” trong "
                        "cán bộ, đảng viên: Đã xử lý/chỉ đạo xử lý",
                        "reception.cases.degradation.handled",
                    ),
                    F(
                        "Số vụ việc phản ánh, kiến nghị, KNTC về suy thoái, “tự diễn biến”, “tự chuyển hóa” trong "
                        "cán bộ, đảng viên: Chưa xử lý/chỉ đạo xử lý",
                        "reception.cases.degradation.unhandled",
                    ),
                    S(
                        "+",
                        "Số cuộc tiếp dân định kỳ/số lượt công dân được tiếp",
                        _DEGRADATION,
                        F("Số cuộc tiếp dân định kỳ", "reception.sessions.scheduled"),
                        F("Số lượt công dân được tiếp định kỳ", "reception.visitors.scheduled"),
                    ),
                    S(
                        "+",
                        "Số cuộc tiếp dân đột xuất/số lượt công dân được tiếp",
                        _DEGRADATION,
                        F("Số cuộc tiếp dân đột xuất", "reception.sessions.ad_hoc"),
                        F("Số lượt công dân được tiếp đột xuất", "reception.visitors.ad_hoc"),
                    ),
                    S(
                        "+",
                        "Nội dung khiếu nại, tố cáo đông người, phức tạp, kéo dài; phản ánh, kiến nghị, khiếu nại, tố "
                        "cáo về biểu hiện suy thoái, “tự diễn biến”, “tự chuyển hóa” trong cán bộ, đảng viên nói "
                        "riêng.",
                    ),
                ),
            ),
            S(
                "2.2",
                "Kết quả tiếp nhận, xử lý phản ánh, kiến nghị, khiếu nại, tố cáo của người đứng đầu cấp ủy",
                "",
                S(
                    "-",
                    "Tổng số phản ánh, kiến nghị, khiếu nại, tố cáo đã tiếp nhận, xử lý:",
                    "",
                    S(
                        "+",
                        "Số phản ánh, kiến nghị, khiếu nại, tố cáo thuộc thẩm quyền xử lý, chỉ đạo xử lý; kết quả xử "
                        "lý, chỉ đạo xử lý.",
                        "",
                        F(
                            "Thuộc thẩm quyền xử lý, giải quyết: Đã xử lý, giải quyết, không còn phản ánh, kiến nghị, "
                            "KNTC",
                            "reception.cases.competent.resolved_closed",
                        ),
                        F(
                            "Thuộc thẩm quyền xử lý, giải quyết: Đã xử lý, giải quyết, còn phản ánh, kiến nghị, KNTC",
                            "reception.cases.competent.resolved_continuing",
                        ),
                        F(
                            "Thuộc thẩm quyền xử lý, giải quyết: Đang xử lý, giải quyết",
                            "reception.cases.competent.in_progress",
                        ),
                        F(
                            "Thuộc thẩm quyền chỉ đạo xử lý, giải quyết: Số vụ việc phản ánh, kiến nghị, KNTC đã chỉ "
                            "đạo xử lý, giải quyết",
                            "reception.cases.directed",
                        ),
                        F(
                            "Thuộc thẩm quyền chỉ đạo xử lý, giải quyết: Số vụ việc KNTC đông người, phức tạp, kéo "
                            "dài đã chỉ đạo xử lý, giải quyết",
                            "reception.cases.directed.complex_mass",
                        ),
                        F(
                            "Thuộc thẩm quyền chỉ đạo xử lý, giải quyết: Số vụ việc bị lợi dụng kích động KNTC phức "
                            "tạp, chây ì, không chấp nhận kết quả giải quyết của cấp có thẩm quyền; gây rối, mất an "
                            "ninh, trật tự địa phương được chỉ đạo, phối hợp xử lý, giải quyết",
                            "reception.cases.directed.exploited",
                        ),
                    ),
                    S(
                        "+",
                        "Số phản ánh, kiến nghị, khiếu nại, tố cáo không thuộc thẩm quyền xử lý, chỉ đạo xử lý.",
                        "",
                        F(
                            "Số vụ việc hướng dẫn người phản ánh, kiến nghị, KNTC đến cơ quan chức năng, người có "
                            "thẩm quyền",
                            "reception.cases.guided",
                        ),
                    ),
                ),
                S(
                    "-",
                    "Đánh giá việc thực hiện quy định về thời hạn xử lý, giải quyết phản ánh, kiến nghị, khiếu nại, tố "
                    "cáo.",
                ),
            ),
            S(
                "2.3",
                "Kết quả xử lý trách nhiệm trong công tác tiếp dân",
                "",
                S(
                    "-",
                    "Xử lý trách nhiệm đối với người đứng đầu cấp ủy không lãnh đạo, chỉ đạo, vi phạm quy định về "
                    "tiếp dân, đối thoại trực tiếp với dân và xử lý những phản ánh, kiến nghị của dân",
                    "(nêu rõ số lượng và hình thức xử lý).",
                    F("Số người đứng đầu cấp ủy vi phạm đến mức bị xử lý kỷ luật", "r11.heads.disciplined"),
                ),
                S(
                    "-",
                    "Xử lý vi phạm của người phản ánh, kiến nghị, khiếu nại, tố cáo",
                    "(nêu rõ số lượng và hình thức xử lý).",
                    F("Số người phản ánh, kiến nghị, khiếu nại, tố cáo bị xử lý vi phạm"),
                ),
            ),
        ),
    ),
    S(
        "III",
        "TỒN TẠI, HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC, NGUYÊN NHÂN VÀ KINH NGHIỆM",
        "",
        S(
            "1",
            "Tồn tại, hạn chế, khó khăn, vướng mắc",
            "",
            S(
                "1.1",
                "Tồn tại, hạn chế, khó khăn, vướng mắc trong việc lãnh đạo, chỉ đạo, tổ chức thực hiện Quy định số "
                "11-QĐi/TW",
            ),
            S("1.2", "Hạn chế, bất cập trong Quy định số 11-QĐi/TW", "(nếu có)."),
        ),
        S("2", "Nguyên nhân", "", S("-", "Nguyên nhân khách quan"), S("-", "Nguyên nhân chủ quan")),
        S("3", "Kinh nghiệm trong lãnh đạo, chỉ đạo, thực hiện Quy định số 11-QĐi/TW"),
    ),
    S(
        "IV",
        "NHIỆM VỤ, GIẢI PHÁP VÀ KIẾN NGHỊ, ĐỀ XUẤT",
        "",
        S("1", "Nhiệm vụ, giải pháp tiếp tục thực hiện hiệu quả Quy định số 11-QĐi/TW"),
        S(
            "2",
            "Kiến nghị, đề xuất",
            "",
            S("2.1", "Kiến nghị, đề xuất đối với Bộ Chính trị, Ban Bí thư và các cơ quan chức năng ở Trung ương"),
            S(
                "2.2",
                "Kiến nghị, đề xuất về những nội dung cần sửa đổi, bổ sung trong Quy định số 11-QĐi/TW",
                "(nếu có).",
            ),
        ),
    ),
]

R11_APPENDICES = [
    {
        "number": "PHỤ LỤC 1",
        "title": "Công tác lãnh đạo, chỉ đạo việc phổ biến, quán triệt thực hiện Quy định số 11-QĐ/TW",
        "kind": "table",
        "listing_key": "",
        "layout": {
            "header": [
                [
                    T("Tổ chức tuyên truyền, phổ biến Quy định", colspan=3),
                    T("Số lượng văn bản ban hành để lãnh đạo, chỉ đạo triển khai, thực hiện", rowspan=2),
                ],
                [
                    T("Số cuộc hội nghị, lớp tập huấn...", italic=True),
                    T("Số lượng cán bộ, đảng viên tham gia", italic=True),
                    T("Số lượng tài liệu, ấn phẩm được phát hành", italic=True),
                ],
            ],
            "rows": [
                [
                    V("r11.dissemination.sessions"),
                    V("r11.dissemination.participants"),
                    V("r11.dissemination.materials"),
                    V("r11.documents"),
                ]
            ],
        },
    },
    {
        "number": "PHỤ LỤC 2",
        "title": "Kết quả tiếp dân, đối thoại trực tiếp với dân và xử lý phản ánh, kiến nghị của người đứng đầu cấp "
        "ủy theo Quy định số 11-QĐi/TW",
        "kind": "table",
        "listing_key": "",
        "layout": {
            "header": [[T("STT"), T("Nội dung", colspan=2), T("Cấp xã"), T("Cấp huyện"), T("Tổng cộng")]],
            "rows": [
                [
                    T("1", rowspan=2),
                    T("Số cuộc tiếp dân", rowspan=2),
                    T("Định kỳ"),
                    *LEVELS("reception.sessions.scheduled"),
                ],
                [T("Đột xuất"), *LEVELS("reception.sessions.ad_hoc")],
                [
                    T("2", rowspan=2),
                    T("Số lượt người được tiếp", rowspan=2),
                    T("Định kỳ"),
                    *LEVELS("reception.visitors.scheduled"),
                ],
                [T("Đột xuất"), *LEVELS("reception.visitors.ad_hoc")],
                [T("3"), T("Số đoàn đông người được tiếp", colspan=2), *LEVELS("reception.delegations")],
                [
                    T("4"),
                    T("Số vụ việc phức tạp, kéo dài đã tiếp", colspan=2),
                    *LEVELS("reception.cases.complex_prolonged"),
                ],
                [T("5"), T("Số vụ việc từ chối tiếp", colspan=2), *LEVELS("reception.cases.refused")],
                [
                    T("6", rowspan=2),
                    T(
                        "Số vụ việc phản ánh, kiến nghị, KNTC về suy thoái, “tự diễn biến”, “tự chuyển hóa” trong "
                        "cán bộ, đảng viên",
                        rowspan=2,
                    ),
                    T("Đã xử lý/chỉ đạo xử lý"),
                    *LEVELS("reception.cases.degradation.handled"),
                ],
                [T("Chưa xử lý/chỉ đạo xử lý"), *LEVELS("reception.cases.degradation.unhandled")],
                [
                    T("7", rowspan=3),
                    T("Số vụ việc phản ánh, kiến nghị, KNTC thuộc thẩm quyền xử lý, giải quyết", rowspan=3),
                    T("Đã xử lý, giải quyết, không còn phản ánh, kiến nghị, KNTC", emphasis=["không còn"]),
                    *LEVELS("reception.cases.competent.resolved_closed"),
                ],
                [
                    T("Đã xử lý, giải quyết, còn phản ánh, kiến nghị, KNTC", emphasis=["còn"]),
                    *LEVELS("reception.cases.competent.resolved_continuing"),
                ],
                [T("Đang xử lý, giải quyết"), *LEVELS("reception.cases.competent.in_progress")],
                [
                    T("8", rowspan=3),
                    T("Số vụ việc phản ánh, kiến nghị, KNTC thuộc thẩm quyền chỉ đạo xử lý, giải quyết", rowspan=3),
                    T("Số vụ việc phản ánh, kiến nghị, KNTC đã chỉ đạo xử lý, giải quyết"),
                    *LEVELS("reception.cases.directed"),
                ],
                [
                    T("Số vụ việc KNTC đông người, phức tạp, kéo dài đã chỉ đạo xử lý, giải quyết"),
                    *LEVELS("reception.cases.directed.complex_mass"),
                ],
                [
                    T(
                        "Số vụ việc bị lợi dụng kích động KNTC phức tạp, chây ì, không chấp nhận kết quả giải quyết "
                        "của cấp có thẩm quyền; gây rối, mất an ninh, trật tự địa phương được chỉ đạo, phối hợp xử "
                        "lý, giải quyết"
                    ),
                    *LEVELS("reception.cases.directed.exploited"),
                ],
                [
                    T("9"),
                    T("Số vụ việc không thuộc thẩm quyền chỉ đạo xử lý, giải quyết"),
                    T(
                        "Số vụ việc hướng dẫn người phản ánh, kiến nghị, KNTC đến cơ quan chức năng, người có thẩm "
                        "quyền"
                    ),
                    *LEVELS("reception.cases.guided"),
                ],
            ],
        },
    },
    {
        "number": "PHỤ LỤC 3",
        "title": "Kết quả kiểm tra, giám sát người đứng đầu cấp ủy trong việc tiếp dân, đối thoại trực tiếp với dân "
        "và xử lý những phản ánh, kiến nghị của dân",
        "kind": "table",
        "listing_key": "",
        "layout": {
            "header": [[T("STT"), T("Nội dung", colspan=2), T("Số cuộc"), T("Ghi chú")]],
            "rows": [
                [
                    T("1", rowspan=2),
                    T("Số cuộc kiểm tra, giám sát", rowspan=2),
                    T("Theo chương trình, kế hoạch"),
                    V("r11.inspections.planned"),
                    X(),
                ],
                [T("Đột xuất"), V("r11.inspections.ad_hoc"), X()],
                [T("2"), T("Số cơ quan, tổ chức, đơn vị được kiểm tra", colspan=2), V("r11.units.inspected"), X()],
                [T("3"), T("Số cơ quan, tổ chức, đơn vị được giám sát", colspan=2), V("r11.units.supervised"), X()],
                [
                    T("4", rowspan=2),
                    T(
                        "Số người đứng đầu cấp ủy vi phạm trong việc tiếp dân, đối thoại trực tiếp với dân và xử lý "
                        "những phản ánh, kiến nghị của dân",
                        rowspan=2,
                    ),
                    T("Vi phạm đến mức bị xử lý kỷ luật"),
                    V("r11.heads.disciplined"),
                    X(),
                ],
                [T("Vi phạm nhưng chưa đến mức bị xử lý"), V("r11.heads.not_disciplined"), X()],
            ],
        },
    },
    {
        "number": "PHỤ LỤC 4",
        "title": "Văn bản chỉ đạo thực hiện Quy định số 11-QĐi/TW",
        "kind": "listing",
        "listing_key": "r11.documents.list",
        "layout": {
            "header": [
                [
                    T("STT"),
                    T("Cơ quan ban hành"),
                    T("Số, ngày ban hành văn bản"),
                    T("Khái quát nội dung văn bản"),
                    T("Ghi chú"),
                ]
            ],
            "rows": [],
        },
    },
]

R11_NOTES = "Thời gian lấy số liệu báo cáo: Từ ngày 18/02/2019 đến ngày 31/12/2023."

# --- Conclusion 69 (lawyers) five-year review: figures entered by hand -------------------------

C69_SECTIONS = [
    S(
        "I",
        "ĐẶC ĐIỂM TÌNH HÌNH VÀ VIỆC TỔ CHỨC SƠ KẾT",
        "",
        S(
            "1",
            "Khái quát đặc điểm tình hình của địa phương, đơn vị và những thuận lợi, khó khăn liên quan đến việc "
            "triển khai thực hiện Kết luận số 69-KL/TW.",
        ),
        S("2", "Đánh giá khái quát việc tổ chức sơ kết, xây dựng báo cáo của địa phương, đơn vị."),
    ),
    S(
        "II",
        "KẾT QUẢ LÃNH ĐẠO, CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN KẾT LUẬN 69-KL/TW",
        "",
        S(
            "1",
            "Công tác lãnh đạo, chỉ đạo, triển khai thực hiện",
            "",
            S(
                "-",
                "Kết quả phổ biến, quán triệt Kết luận số 69-KL/TW",
                "(hình thức, số cuộc hội nghị, số tài liệu được phát hành, số lượt người được phổ biến, quán "
                "triệt...).",
                F("Số cuộc hội nghị"),
                F("Số tài liệu được phát hành"),
                F("Số lượt người được phổ biến, quán triệt"),
            ),
            S(
                "-",
                "Công tác ban hành văn bản, chương trình, kế hoạch... lãnh đạo, chỉ đạo thực hiện Kết luận số "
                "69-KL/TW",
                "(nêu số lượng văn bản đã ban hành và tên, nội dung một số văn bản tiêu biểu; đánh giá tính kịp "
                "thời, phù hợp, khả thi của văn bản).",
                F("Số lượng văn bản đã ban hành"),
            ),
            S("-", "Công tác kiểm tra, giám sát việc thực hiện Kết luận số 69-KL/TW."),
        ),
        S(
            "2",
            "Kết quả thực hiện các nhiệm vụ, giải pháp, quy định nêu trong Kết luận số 69-KL/TW",
            "",
            S(
                "2.1",
                "Việc nâng cao nhận thức về vị trí, vai trò, trách nhiệm xã hội của luật sư",
                "",
                S(
                    "-",
                    "Công tác tuyên truyền, giáo dục, nâng cao nhận thức của cán bộ, đảng viên, Nhân dân và đội ngũ "
                    "luật sư về vị trí, vai trò, trách nhiệm xã hội của luật sư",
                    "(nội dung, hình thức tuyên truyền, giáo dục; sự chuyển biến trong nhận thức của cán bộ, đảng "
                    "viên, Nhân dân).",
                ),
                S(
                    "-",
                    "Việc biểu dương, khen thưởng những luật sư, tổ chức hành nghề luật sư có thành tích",
                    "(nêu rõ số lượng; hình thức khen thưởng);",
                    F("Số luật sư được biểu dương, khen thưởng"),
                    F("Số tổ chức hành nghề luật sư được biểu dương, khen thưởng"),
                ),
                S(
                    "-",
                    "Việc đấu tranh, lên án, phê phán những hành vi lợi dụng hoạt động luật sư làm phương hại đến "
                    "quyền và lợi ích hợp pháp của tổ chức, cá nhân, lợi ích của Đảng và Nhà nước.",
                ),
            ),
            S(
                "2.2",
                "Công tác xây dựng, hoàn thiện thể chế về luật sư và hành nghề luật sư",
                "",
                S(
                    "2.2.1",
                    "Trách nhiệm của cơ quan có thẩm quyền:",
                    "",
                    S(
                        "-",
                        "Việc tham mưu ban hành hoặc ban hành theo thẩm quyền các văn bản của Đảng, quy định của pháp "
                        "luật về luật sư và hành nghề luật sư",
                        "(nêu số lượng văn bản; đánh giá tính kịp thời, sự phù hợp, khả thi của các văn bản được ban "
                        "hành);",
                        F("Số lượng văn bản"),
                    ),
                    S(
                        "-",
                        "Việc hoàn thiện cơ chế, chính sách khuyến khích, thu hút sự tham gia hoạt động tư vấn pháp "
                        "luật, nhất là hoạt động giải quyết tranh chấp quốc tế; tư vấn các chính sách thu hút đầu "
                        "tư, dự án kinh tế - xã hội ở địa phương; trợ giúp pháp lý cho đối tượng chính sách và các "
                        "công tác xã hội khác.",
                    ),
                ),
                S(
                    "2.2.2",
                    "Trách nhiệm của luật sư, tổ chức xã hội - nghề nghiệp của luật sư, tổ chức hành nghề của luật "
                    "sư:",
                    "",
                    S(
                        "-",
                        "Việc xây dựng, sửa đổi, bổ sung, hoàn thiện các quy định, quy chế, quy trình công tác theo "
                        "thẩm quyền nhằm nâng cao hiệu quả tự quản của luật sư và tổ chức xã hội - nghề nghiệp của "
                        "luật sư",
                        "(nêu số lượng văn bản; liệt kê một số văn bản tiêu biểu; đánh giá tính kịp thời, sự phù "
                        "hợp, khả thi của các văn bản được ban hành).",
                        F("Số lượng văn bản"),
                    ),
                    S(
                        "-",
                        "Việc tham gia xây dựng, góp ý đối với các chính sách, pháp luật về luật sư và hành nghề luật "
                        "sư",
                        "(nêu rõ số lượng văn bản tham gia xây dựng, góp ý; chất lượng tham gia xây dựng, góp ý; "
                        "...).",
                        F("Số lượng văn bản tham gia xây dựng, góp ý"),
                    ),
                ),
            ),
            S(
                "2.3",
                "Công tác quản lý nhà nước đối với tổ chức và hoạt động của luật sư; trách nhiệm tự quản của tổ "
                "chức xã hội - nghề nghiệp của luật sư",
                "",
                S(
                    "2.3.1",
                    "Công tác quản lý nhà nước đối với tổ chức và hoạt động của luật sư theo quy định của pháp luật:",
                    "",
                    S(
                        "-",
                        "Quản lý việc thành lập, giải thể Đoàn Luật sư; phê duyệt đề án tổ chức đại hội Đoàn Luật "
                        "sư;",
                    ),
                    S(
                        "-",
                        "Tổ chức cấp, thu hồi Giấy đăng ký hoạt động của tổ chức hành nghề luật sư, tổ chức hành "
                        "nghề luật sư nước ngoài tại Việt Nam",
                        "(nêu số lượng cụ thể).",
                        F("Số Giấy đăng ký hoạt động được cấp"),
                        F("Số Giấy đăng ký hoạt động bị thu hồi"),
                    ),
                    S(
                        "-",
                        "Công tác thanh tra, kiểm tra đối với tổ chức và hoạt động của luật sư",
                        "(số cuộc thanh tra, kiểm tra; nội dung thanh tra, kiểm tra; số kiến nghị qua thanh tra, "
                        "kiểm tra; số tổ chức, cá nhân vi phạm và kết quả xử lý hoặc đề nghị xử lý và hình thức xử "
                        "lý).",
                        F("Số cuộc thanh tra, kiểm tra"),
                        F("Số kiến nghị qua thanh tra, kiểm tra"),
                        F("Số tổ chức, cá nhân vi phạm"),
                    ),
                    S("-", "Việc thực hiện các biện pháp hỗ trợ phát triển nghề luật sư tại địa phương."),
                    S("-", "Thực hiện chế độ báo cáo về tổ chức và hoạt động của luật sư với cơ quan có thẩm quyền."),
                ),
                S(
                    "2.3.2",
                    "Trách nhiệm tự quản của tổ chức xã hội - nghề nghiệp của luật sư, tổ chức hành nghề luật sư "
                    "theo quy định:",
                    "",
                    S(
                        "-",
                        "Việc thực hiện trách nhiệm đại diện, bảo vệ quyền, lợi ích hợp pháp của luật sư; tập hợp, "
                        "phản ánh tâm tư, nguyện vọng, ý kiến đóng góp, kiến nghị của luật sư.",
                    ),
                    S(
                        "-",
                        "Giám sát luật sư, tổ chức hành nghề luật sư trong việc tuân thủ pháp luật, tuân theo Điều "
                        "lệ của Liên đoàn Luật sư Việt Nam và Quy tắc đạo đức và ứng xử nghề nghiệp của luật sư",
                        "(nêu số lượng, kết quả cụ thể).",
                        F("Số luật sư, tổ chức hành nghề luật sư được giám sát"),
                    ),
                    S(
                        "-",
                        "Việc cấp Giấy chứng nhận người tập sự hành nghề luật sư và giám sát người tập sự hành nghề "
                        "luật sư; kiểm tra kết quả tập sự hành nghề luật sư",
                        "(nêu số lượng cụ thể).",
                        F("Số Giấy chứng nhận người tập sự hành nghề luật sư được cấp"),
                        F("Số người được kiểm tra kết quả tập sự hành nghề luật sư"),
                    ),
                    S(
                        "-",
                        "Việc tổ chức đăng ký gia nhập Đoàn luật sư; chuyên, tiếp nhận luật sư; đề nghị cấp, đổi, "
                        "thu hồi Thẻ luật sư",
                        "(nêu số lượng cụ thể).",
                        F("Số luật sư đăng ký gia nhập Đoàn luật sư"),
                        F("Số luật sư chuyển đi, tiếp nhận"),
                        F("Số Thẻ luật sư đề nghị cấp, đổi, thu hồi"),
                    ),
                    S(
                        "-",
                        "Tổ chức bồi dưỡng về chuyên môn, nghiệp vụ, kỹ năng cho luật sư",
                        "(nêu số lượng, hình thức cụ thể).",
                        F("Số lớp bồi dưỡng"),
                        F("Số lượt luật sư được bồi dưỡng"),
                    ),
                    S(
                        "-",
                        "Việc hoà giải tranh chấp giữa người tập sự hành nghề luật sư, luật sư với tổ chức hành nghề "
                        "luật sư; giữa khách hàng với tổ chức hành nghề luật sư và luật sư.",
                    ),
                    S(
                        "-",
                        "Việc giải quyết khiếu nại, tố cáo, xử lý kỷ luật luật sư",
                        "(số lượng tiếp nhận và giải quyết đơn khiếu nại, tố cáo, kiến nghị, phản ánh liên quan đến "
                        "hoạt động của luật sư, tổ chức hành nghề luật sư; số luật sư bị xử lý kỷ luật và hình thức "
                        "xử lý; số luật sư đề nghị cơ quan có thẩm quyền xử lý).",
                        F("Số đơn khiếu nại, tố cáo, kiến nghị, phản ánh đã tiếp nhận"),
                        F("Số đơn khiếu nại, tố cáo, kiến nghị, phản ánh đã giải quyết"),
                        F("Số luật sư bị xử lý kỷ luật"),
                        F("Số luật sư đề nghị cơ quan có thẩm quyền xử lý"),
                    ),
                    S(
                        "-",
                        "Phối hợp với các cơ quan quản lý nhà nước trong quản lý luật sư và hành nghề luật sư tại địa "
                        "phương.",
                    ),
                    S(
                        "-",
                        "Việc thực hiện chế độ báo cáo về tình hình, kết quả hoạt động với cơ quan có thẩm quyền theo "
                        "quy định.",
                    ),
                ),
            ),
            S(
                "2.4",
                "Công tác xây dựng Đảng trong đội ngũ luật sư",
                "",
                S(
                    "-",
                    "Việc thành lập, củng cố, kiện toàn tổ chức đảng ở Đoàn luật sư tỉnh (nếu có); hiệu quả lãnh "
                    "đạo, chỉ đạo của tổ chức đảng trong luật sư.",
                ),
                S(
                    "-",
                    "Công tác bồi dưỡng, phát triển đảng viên trong đội ngũ luật sư; việc sinh hoạt đảng của các đảng "
                    "viên là luật sư",
                    "(tổng số luật sư là đảng viên; thành phần; số luật sư được kết nạp đảng từ khi ban hành Kết "
                    "luận 69-KL/TW đến nay...).",
                    F("Tổng số luật sư là đảng viên"),
                    F("Số luật sư được kết nạp đảng từ khi ban hành Kết luận 69-KL/TW đến nay"),
                ),
                S(
                    "-",
                    "Công tác giáo dục chính trị, tư tưởng, phát huy vai trò tiên phong, gương mẫu của đảng viên là "
                    "luật sư; ngăn chặn, đẩy lùi những biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, "
                    "“tự diễn biến”, “tự chuyển hóa” trong đội ngũ luật sư.",
                ),
                S(
                    "-",
                    "Công tác tham mưu cho Tỉnh ủy phối hợp với Đảng đoàn Liên đoàn luật sư Việt Nam trong lãnh đạo, "
                    "chỉ đạo Đoàn luật sư tỉnh",
                    "(nếu có).",
                ),
            ),
            S(
                "2.5",
                "Công tác giám sát của các cơ quan dân cử, Mặt trận Tổ quốc, các tổ chức chính trị - xã hội và nhân "
                "dân đối với tổ chức và hoạt động của luật sư",
                "",
                S("-", "Số lượng các cuộc giám sát.", "", F("Số lượng các cuộc giám sát")),
                S("-", "Nội dung, hình thức giám sát."),
                S(
                    "-",
                    "Kết quả giám sát",
                    "(số kiến nghị qua giám sát; số tổ chức, cá nhân vi phạm đề nghị xử lý và hình thức xử lý).",
                    F("Số kiến nghị qua giám sát"),
                    F("Số tổ chức, cá nhân vi phạm đề nghị xử lý"),
                ),
            ),
            S(
                "2.6",
                "Công tác đào tạo, bồi dưỡng, xây dựng và phát triển đội ngũ luật sư",
                "",
                S(
                    "-",
                    "Tổng số luật sư và tổ chức hành nghề luật sư.",
                    "",
                    F("Tổng số luật sư"),
                    F("Tổng số tổ chức hành nghề luật sư"),
                ),
                S("-", "Nội dung, hình thức đào tạo, bồi dưỡng."),
                S(
                    "-",
                    "Số lượng luật sư được đào tạo, bồi dưỡng; số lượng luật sư được đào tạo tại các cơ sở uy tín ở "
                    "nước ngoài nhằm phát triển đội ngũ luật sư có khả năng tư vấn, tranh tụng trong lĩnh vực thương "
                    "mại quốc tế và các vấn đề pháp lý có yếu tố nước ngoài.",
                    "",
                    F("Số lượng luật sư được đào tạo, bồi dưỡng"),
                    F("Số lượng luật sư được đào tạo tại các cơ sở uy tín ở nước ngoài"),
                ),
                S("-", "Việc nâng cao chất lượng tập sự hành nghề luật sư."),
            ),
        ),
    ),
    S(
        "III",
        "TỒN TẠI, HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC, NGUYÊN NHÂN VÀ KINH NGHIỆM",
        "",
        S("1", "Tồn tại, hạn chế, khó khăn, vướng mắc"),
        S("2", "Nguyên nhân", "", S("-", "Nguyên nhân khách quan."), S("-", "Nguyên nhân chủ quan.")),
        S("3", "Kinh nghiệm trong lãnh đạo, chỉ đạo, tổ chức thực hiện Kết luận 69-KL/TW"),
    ),
    S(
        "IV",
        "NHIỆM VỤ, GIẢI PHÁP, KIẾN NGHỊ, ĐỀ XUẤT",
        "",
        S("1", "Nhiệm vụ, giải pháp tiếp tục thực hiện hiệu quả Kết luận số 69-KL/TW"),
        S("2", "Kiến nghị, đề xuất"),
    ),
]

C69_NOTES = "Thời gian lấy số liệu báo cáo: Từ ngày 24/02/2020 đến ngày 30/9/2024."

# --- Periodic report on a Directive 27 implementation plan (derived from plan 004) -------------

PLAN_SECTIONS = [
    S(
        "I",
        "KẾT QUẢ THỰC HIỆN NHIỆM VỤ VÀ GIẢI PHÁP TRỌNG TÂM",
        "",
        S(
            "1",
            "Quán triệt, tuyên truyền, tổ chức hội nghị triển khai Chỉ thị 27-CT/TW và Kế hoạch 80-KH/TU.",
            "- Tổ chức phổ biến, quán triệt Chỉ thị số 27-CT/TW, Quy định số 231-QĐ/TW và các quy định liên quan "
            "trong các cuộc họp cơ quan, sinh hoạt chi bộ, sinh hoạt chuyên môn.\n"
            "- Lồng ghép nội dung tuyên truyền về trách nhiệm bảo vệ người phản ánh, tố giác trong công tác cải "
            "cách hành chính, thực thi công vụ và phòng, chống tham nhũng, tiêu cực.\n"
            "- Tuyên truyền trách nhiệm của công chức, viên chức trong việc giữ bí mật thông tin người phản ánh, tố "
            "giác; không lợi dụng việc phản ánh, tố giác để cung cấp thông tin sai sự thật hoặc gây mất đoàn kết nội "
            "bộ.",
            F("Số cuộc họp, hội nghị phổ biến, quán triệt", "d27.dissemination.sessions_all"),
            F("Số lượt người được phổ biến, quán triệt", "d27.dissemination.participants"),
            F("Số tài liệu được phát hành", "d27.dissemination.materials"),
            F("Số tin, bài, sản phẩm tuyên truyền", "d27.propaganda.items"),
        ),
        S(
            "2",
            "Công khai thông tin tiếp nhận, cập nhật đường dây nóng, hòm thư góp ý và quy trình bảo mật thông tin "
            "người tố cáo",
            "- Thực hiện tiếp nhận phản ánh, kiến nghị, tố giác của tổ chức, cá nhân thuộc phạm vi quản lý theo đúng "
            "quy định của pháp luật và quy chế làm việc của cơ quan.\n"
            "- Công khai số điện thoại, địa chỉ thư điện tử tiếp nhận thông tin phản ánh, kiến nghị để tạo điều kiện "
            "thuận lợi cho tổ chức, cá nhân liên hệ công tác.\n"
            "- Thực hiện phân loại, xử lý hoặc tham mưu chuyển cơ quan có thẩm quyền xử lý đối với các nội dung vượt "
            "thẩm quyền; theo dõi kết quả xử lý các vụ việc đã tiếp nhận.\n"
            "- Quản lý, lưu trữ hồ sơ, tài liệu liên quan công tác tiếp nhận và xử lý phản ánh, tố giác theo quy "
            "định; bảo đảm bí mật thông tin người cung cấp thông tin, người phản ánh, tố giác.\n"
            "- Kịp thời báo cáo Lãnh đạo Ban đối với các vụ việc phức tạp, kéo dài hoặc có dấu hiệu phát sinh khiếu "
            "nại, tố cáo đông người, vượt cấp.",
            F("Số phản ánh, kiến nghị, tố giác đã tiếp nhận", "cases.petitions.received"),
            F("Trong đó: qua đường dây nóng", "cases.petitions.channel.hotline"),
            F("Trong đó: qua thư điện tử", "cases.petitions.channel.email"),
            F("Trong đó: qua hòm thư góp ý", "cases.petitions.channel.mailbox"),
            F("Trong đó: qua cổng thông tin điện tử", "cases.petitions.channel.portal"),
            F("Số đã phân loại, xử lý", "cases.petitions.handled"),
            F("Số thuộc thẩm quyền xử lý", "cases.petitions.ours"),
            F("Số đã chuyển cơ quan có thẩm quyền xử lý", "cases.petitions.forwarded"),
            F("Số đã hướng dẫn người phản ánh đến cơ quan có thẩm quyền", "cases.petitions.guided"),
            F("Số vụ việc đã có kết quả xử lý", "cases.matters.concluded"),
            F(
                "Số vụ việc phức tạp, kéo dài, đông người, vượt cấp đã báo cáo Lãnh đạo",
                "cases.matters.escalated",
            ),
        ),
        S(
            "3",
            "Tiếp dân và đối thoại, người đứng đầu thực hiện tiếp dân định kỳ để lắng nghe phản ánh về tham nhũng, "
            "tiêu cực",
            "- Thực hiện tiếp công dân định kỳ theo quy định; kịp thời lắng nghe, tiếp nhận các phản ánh, kiến nghị "
            "liên quan hành vi tham nhũng, lãng phí, tiêu cực thuộc phạm vi quản lý.\n"
            "- Tăng cường đối thoại, trao đổi trực tiếp với công chức, viên chức và người lao động nhằm kịp thời nắm "
            "bắt tình hình, phản ánh phát sinh trong quá trình thực hiện nhiệm vụ.\n"
            "- Thực hiện tiếp nhận, phân loại, xử lý hoặc tham mưu chuyển cơ quan có thẩm quyền xử lý đối với các "
            "phản ánh, tố giác thuộc phạm vi quản lý; theo dõi kết quả xử lý các vụ việc đã tiếp nhận.\n"
            "- Rà soát việc thực hiện quy trình tiếp nhận, xử lý phản ánh, tố giác tại các phòng, đơn vị trực thuộc; "
            "kịp thời chấn chỉnh các biểu hiện gây phiền hà, né tránh trách nhiệm hoặc xử lý công việc không đúng "
            "quy định.\n"
            "- Kịp thời báo cáo Lãnh đạo Ban đối với các vụ việc phức tạp, kéo dài hoặc có dấu hiệu phát sinh khiếu "
            "nại, tố cáo vượt cấp; phối hợp xử lý hoặc tham mưu xử lý theo quy định.\n"
            "- Thực hiện nghiêm việc quản lý hồ sơ, tài liệu và bảo mật thông tin người phản ánh, tố giác trong quá "
            "trình tiếp nhận, xử lý vụ việc.",
            F("Số ngày người đứng đầu trực tiếp tiếp công dân", "reception.head_days"),
            F("Số cuộc tiếp công dân định kỳ", "reception.sessions.scheduled"),
            F("Số cuộc tiếp công dân đột xuất", "reception.sessions.ad_hoc"),
            F("Số lượt người được tiếp định kỳ", "reception.visitors.scheduled"),
            F("Số lượt người được tiếp đột xuất", "reception.visitors.ad_hoc"),
            F("Số đoàn đông người được tiếp", "reception.delegations"),
            F("Số vụ việc phức tạp, kéo dài đã tiếp", "reception.cases.complex_prolonged"),
        ),
        S(
            "4",
            "Trách nhiệm người đứng đầu",
            "- Người đứng đầu các phòng, đơn vị trực thuộc chịu trách nhiệm tổ chức triển khai thực hiện Kế hoạch "
            "trong phạm vi quản lý; thường xuyên theo dõi, kiểm tra việc thực hiện nhiệm vụ của công chức, viên "
            "chức thuộc đơn vị phụ trách.\n"
            "- Chủ động nắm tình hình nội bộ; kịp thời phát hiện các biểu hiện gây khó khăn, né tránh trách nhiệm, "
            "thiếu tinh thần phối hợp hoặc có dấu hiệu tiết lộ thông tin người phản ánh, tố giác.\n"
            "- Thực hiện nghiêm trách nhiệm tiếp công dân, xử lý phản ánh, kiến nghị thuộc phạm vi quản lý; không để "
            "phát sinh vụ việc phức tạp kéo dài do chậm xử lý hoặc thiếu trách nhiệm trong quản lý, điều hành.\n"
            "- Chịu trách nhiệm trước Lãnh đạo Ban nếu để xảy ra tình trạng: chậm xử lý phản ánh, kiến nghị; gây "
            "phiền hà trong giải quyết công việc; tiết lộ thông tin người phản ánh, tố giác; bao che hoặc không kịp "
            "thời xử lý hành vi vi phạm thuộc phạm vi quản lý.",
            F(
                "Số người đứng đầu bị xử lý do để xảy ra việc người phản ánh, tố giác bị trả thù, trù dập",
                "retaliation.heads.disciplined",
            ),
        ),
        S(
            "5",
            "Công tác bảo mật thông tin và xử lý vi phạm",
            "- Thực hiện nghiêm các quy định về quản lý, lưu trữ hồ sơ, tài liệu liên quan người phản ánh, tố giác; "
            "bảo đảm bí mật thông tin trong quá trình tiếp nhận, xử lý và báo cáo vụ việc.\n"
            "- Kịp thời phát hiện, chấn chỉnh hoặc đề xuất xử lý đối với các trường hợp: tiết lộ thông tin người "
            "phản ánh, tố giác; gây khó khăn, phiền hà trong giải quyết công việc; né tránh trách nhiệm; bao che "
            "hành vi vi phạm; lợi dụng việc phản ánh, tố giác để cung cấp thông tin sai sự thật hoặc gây mất đoàn "
            "kết nội bộ.\n"
            "- Phối hợp cơ quan, đơn vị có liên quan xử lý theo quy định đối với các vụ việc phát sinh vượt thẩm "
            "quyền.\n"
            "- Kịp thời biểu dương, đề xuất khen thưởng tập thể, cá nhân có tinh thần trách nhiệm trong phát hiện, "
            "phản ánh, cung cấp thông tin liên quan hành vi tham nhũng, lãng phí, tiêu cực.",
            F("Số vụ việc làm lộ thông tin người phản ánh, tố giác", "retaliation.forms.identity_leak"),
            F("Số người đề nghị được bảo vệ", "protection.requested.total"),
            F("Số người được áp dụng biện pháp bảo vệ", "protection.protected.total"),
            F("Số người phản ánh, tố giác bị trả thù, trù dập", "retaliation.persons"),
            F("Số quyết định xử lý hành vi trả thù, trù dập", "retaliation.sanctions.total"),
            F(
                "Số trường hợp lợi dụng việc phản ánh, tố giác để cung cấp thông tin sai sự thật",
                "retaliation.false_reports.total",
            ),
            F("Số tập thể, cá nhân được biểu dương, khen thưởng", "retaliation.commendations.total"),
        ),
    ),
    S(
        "II",
        "ĐÁNH GIÁ KẾT QUẢ SO VỚI KẾT QUẢ CẦN ĐẠT",
        "",
        S(
            "-",
            "Tổ chức triển khai, quán triệt đầy đủ nội dung Chỉ thị số 27-CT/TW và các quy định liên quan đến toàn "
            "thể công chức, viên chức và người lao động thuộc Ban Quản lý Khu kinh tế.",
        ),
        S("-", "Thực hiện công khai, tiếp nhận, xử lý phản ánh, kiến nghị, tố giác thuộc phạm vi quản lý theo đúng quy định."),
        S(
            "-",
            "Nâng cao trách nhiệm của người đứng đầu, công chức, viên chức trong thực hiện nhiệm vụ, công vụ; kịp "
            "thời phát hiện, chấn chỉnh các hành vi gây phiền hà, né tránh trách nhiệm hoặc xử lý công việc không "
            "đúng quy định.",
        ),
        S(
            "-",
            "Bảo đảm thực hiện nghiêm quy định về bảo mật thông tin người phản ánh, tố giác; không để xảy ra trường "
            "hợp tiết lộ thông tin thuộc phạm vi quản lý của cơ quan.",
        ),
        S(
            "-",
            "Kịp thời xử lý hoặc báo cáo xử lý các vụ việc phát sinh liên quan hành vi tham nhũng, lãng phí, tiêu "
            "cực theo quy định.",
        ),
        S("-", "Thực hiện đầy đủ chế độ theo dõi, tổng hợp và báo cáo kết quả thực hiện theo quy định."),
    ),
    S(
        "III",
        "KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ",
        "",
        S("1", "Khó khăn, vướng mắc"),
        S("2", "Đề xuất, kiến nghị"),
    ),
]

PLAN_NOTES = (
    "- Đề cương này không có trong văn bản gốc: được xây dựng từ nội dung Kế hoạch triển khai thực hiện công tác "
    "bảo vệ người phát hiện, tố giác, đấu tranh chống tham nhũng, lãng phí, tiêu cực của Ban Quản lý Khu kinh tế "
    "tỉnh An Giang (thực hiện Kế hoạch số 80-KH/TU ngày 08/5/2026 của Ban Thường vụ Tỉnh ủy An Giang): mục I theo "
    "các nhiệm vụ và giải pháp trọng tâm (nguyên văn tên nhiệm vụ, nội dung nhiệm vụ in nghiêng làm gợi ý), mục "
    "II theo Kết quả cần đạt (nguyên văn), mục III theo yêu cầu báo cáo khó khăn, vướng mắc, đề xuất.\n"
    "- Định kỳ trước ngày 05/6 và ngày 05/12 hằng năm, các phòng, đơn vị gửi báo cáo kết quả thực hiện về Văn phòng "
    "Ban để tổng hợp, báo cáo Lãnh đạo Ban."
)

TEMPLATES = [
    {
        "code": "d27-review",
        "name": "Báo cáo sơ kết 05 năm thực hiện Chỉ thị số 27-CT/TW",
        "title": "Báo cáo kết quả sơ kết 05 năm thực hiện Chỉ thị số 27-CT/TW ngày 10/01/2019 của Bộ Chính trị về "
        "tăng cường sự lãnh đạo của Đảng đối với công tác bảo vệ người phát hiện, tố giác, người đấu tranh chống "
        "tham nhũng, lãng phí, tiêu cực",
        "style": "party",
        "notes": D27_NOTES,
        "window": (datetime.date(2019, 1, 10), datetime.date(2023, 12, 31)),
        "sections": D27_SECTIONS,
        "appendices": D27_APPENDICES,
    },
    {
        "code": "r11-review",
        "name": "Báo cáo sơ kết 05 năm thực hiện Quy định số 11-QĐi/TW",
        "title": "Báo cáo sơ kết 05 năm thực hiện Quy định số 11-QĐi/TW, ngày 18/02/2019 của Bộ Chính trị về trách "
        "nhiệm của người đứng đầu cấp ủy trong việc tiếp dân, đối thoại trực tiếp với dân và xử lý những phản ánh, "
        "kiến nghị của dân",
        "style": "party",
        "notes": R11_NOTES,
        "window": (datetime.date(2019, 2, 18), datetime.date(2023, 12, 31)),
        "sections": R11_SECTIONS,
        "appendices": R11_APPENDICES,
    },
    {
        "code": "c69-review",
        "name": "Báo cáo sơ kết 05 năm thực hiện Kết luận số 69-KL/TW",
        "title": "Sơ kết 05 năm thực hiện Kết luận số 69-KL/TW, ngày 24/02/2020 của Ban Bí thư về tiếp tục thực hiện "
        "Chỉ thị số 33-CT/TW của Ban Bí thư về tăng cường sự lãnh đạo của Đảng đối với tổ chức và hoạt động của "
        "luật sư",
        "style": "party",
        "notes": C69_NOTES,
        "window": (datetime.date(2020, 2, 24), datetime.date(2024, 9, 30)),
        "sections": C69_SECTIONS,
        "appendices": [],
    },
    {
        "code": "d27-plan-periodic",
        "name": "Báo cáo định kỳ (6 tháng, năm) kết quả thực hiện Kế hoạch triển khai Chỉ thị số 27-CT/TW",
        "title": "Báo cáo kết quả thực hiện Kế hoạch triển khai thực hiện công tác bảo vệ người phát hiện, tố giác, "
        "đấu tranh chống tham nhũng, lãng phí, tiêu cực",
        "style": "state",
        "notes": PLAN_NOTES,
        "window": (None, None),
        "sections": PLAN_SECTIONS,
        "appendices": [],
    },
]


def _add_sections(Section, Field, template, nodes, parent=None):
    for position, node in enumerate(nodes):
        section = Section.objects.create(
            template=template,
            parent=parent,
            position=position,
            number=node["number"],
            heading=node["heading"],
            guidance=node["guidance"],
        )
        fields = list(node["fields"])
        if not node["children"]:
            fields.insert(0, ("narrative", NARRATIVE, "", ""))
        for index, (kind, label, key, level) in enumerate(fields):
            Field.objects.create(section=section, position=index, kind=kind, label=label, figure_key=key, level=level)
        _add_sections(Section, Field, template, node["children"], section)


def load(apps, schema_editor):
    ReportTemplate = apps.get_model("reporting", "ReportTemplate")
    Section = apps.get_model("reporting", "Section")
    Field = apps.get_model("reporting", "Field")
    Appendix = apps.get_model("reporting", "Appendix")
    for spec in TEMPLATES:
        template = ReportTemplate.objects.create(
            code=spec["code"],
            version=1,
            name=spec["name"],
            title=spec["title"],
            style=spec["style"],
            notes=spec["notes"],
            default_date_from=spec["window"][0],
            default_date_to=spec["window"][1],
            is_builtin=True,
        )
        _add_sections(Section, Field, template, spec["sections"])
        for position, appendix in enumerate(spec["appendices"]):
            Appendix.objects.create(template=template, position=position, **appendix)


def unload(apps, schema_editor):
    ReportTemplate = apps.get_model("reporting", "ReportTemplate")
    for template in ReportTemplate.objects.filter(is_builtin=True, code__in=[spec["code"] for spec in TEMPLATES]):
        template.appendices.all().delete()
        template.sections.filter(parent__isnull=False).delete()
        template.sections.all().delete()
        template.delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
