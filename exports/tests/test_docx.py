"""The Word document, opened again with python-docx: what Word would show."""

import io
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from exports.docx import render_docx
from exports.tests.sample import EVIL_NARRATIVE, EVIL_UNIT, HEADINGS, make_report


def _open(report):
    return Document(io.BytesIO(render_docx(report)))


def _cell_lines(cell):
    return [p.text for p in cell.paragraphs if p.text]


def _run(paragraphs, text):
    """The run holding exactly ``text``."""
    for paragraph in paragraphs:
        for run in paragraph.runs:
            if run.text == text:
                return run
    raise AssertionError(f"no run {text!r}")


def _body_texts(document):
    return [p.text for p in document.paragraphs]


def _index(texts, wanted):
    return next(i for i, text in enumerate(texts) if text == wanted)


def test_party_header_follows_guidance_36():
    document = _open(make_report("party"))
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert _cell_lines(left) == ["ĐẢNG BỘ TỈNH AN GIANG", "BAN THƯỜNG VỤ TỈNH ỦY", "*", "Số 162-KH/TU"]
    assert _run(left.paragraphs, "BAN THƯỜNG VỤ TỈNH ỦY").bold
    assert not _run(left.paragraphs, "ĐẢNG BỘ TỈNH AN GIANG").bold
    assert _cell_lines(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "An Giang, ngày 05 tháng 6 năm 2026"]
    party = _run(right.paragraphs, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert party.bold and party.underline
    assert _run(right.paragraphs, "An Giang, ngày 05 tháng 6 năm 2026").italic
    # Borderless: every border of the header table is switched off.
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_state_header_follows_decree_30():
    document = _open(make_report("state"))
    left, right = document.tables[0].rows[0].cells
    assert _cell_lines(left) == ["TỈNH AN GIANG", "ỦY BAN NHÂN DÂN TỈNH AN GIANG", "Số: 12/BC-UBND"]
    assert _run(left.paragraphs, "ỦY BAN NHÂN DÂN TỈNH AN GIANG").bold
    # The short line under the body's name: a paragraph with a bottom border, narrower than the cell.
    ruled = [p for p in left.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None]
    assert len(ruled) == 1 and ruled[0].paragraph_format.left_indent > 0
    assert _cell_lines(right) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "An Giang, ngày 05 tháng 6 năm 2026",
    ]
    assert _run(right.paragraphs, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold
    motto = _run(right.paragraphs, "Độc lập - Tự do - Hạnh phúc")
    assert motto.bold and motto.underline
    assert _run(right.paragraphs, "An Giang, ngày 05 tháng 6 năm 2026").italic


@pytest.mark.parametrize("style", ["party", "state"])
def test_page_is_a4_with_decree_margins(style):
    section = _open(make_report(style)).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [
        20,
        20,
        30,
        15,
    ]


def test_title_window_and_sections_in_order():
    document = _open(make_report("party"))
    texts = _body_texts(document)
    title = _index(texts, "BÁO CÁO")
    assert texts[title + 1] == "Kết quả sơ kết 05 năm thực hiện Quy định số 11-QĐi/TW"
    assert texts[title + 2] == "(Số liệu từ ngày 18/02/2019 đến ngày 31/12/2023)"
    for paragraph in document.paragraphs[title : title + 2]:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold for run in paragraph.runs)
    assert all(run.italic for run in document.paragraphs[title + 2].runs)
    positions = [_index(texts, heading) for heading in HEADINGS]
    assert positions == sorted(positions) and positions[0] > title
    level_one = document.paragraphs[_index(texts, HEADINGS[0])]
    assert all(run.bold for run in level_one.runs)


def test_guidance_is_italic_and_figures_show_their_values():
    document = _open(make_report("party"))
    texts = _body_texts(document)
    guidance = document.paragraphs[_index(texts, "Nêu số cuộc tiếp dân, số lượt người được tiếp.")]
    assert all(run.italic for run in guidance.runs)
    assert "Số đơn, thư tố cáo nhận được: 1.234" in texts
    # A figure changed by hand: the value shown, then where it came from and why, in italics.
    changed = _index(texts, "Số người được bảo vệ: 5")
    remark = document.paragraphs[changed + 1]
    assert remark.text == "(số liệu tính từ hồ sơ: 7; lý do điều chỉnh: Hai trường hợp nhập trùng)"
    assert all(run.italic for run in remark.runs)
    # An unchanged figure has no remark.
    assert texts[_index(texts, "Số đơn, thư tố cáo nhận được: 1.234") + 1] == "Số người được bảo vệ: 5"


def test_narratives_and_contributions():
    document = _open(make_report("party"))
    texts = _body_texts(document)
    assert "Tỉnh có 102 đơn vị hành chính cấp xã." in texts
    assert "Công tác tiếp dân được duy trì thường xuyên." in texts
    contribution = document.paragraphs[_index(texts, "Đảng ủy xã Tân Phú: Đã tổ chức 4 cuộc tiếp dân định kỳ.")]
    assert contribution.runs[0].text == "Đảng ủy xã Tân Phú:" and contribution.runs[0].bold
    assert not contribution.runs[1].bold
    assert f"{EVIL_UNIT}: {EVIL_NARRATIVE}" in texts


def test_user_text_stays_plain_text():
    data = render_docx(make_report("party"))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    for element in ("<w:fldSimple", "<w:instrText", "<w:fldChar", "<w:hyperlink"):
        assert element not in xml
    assert "&lt;w:fldSimple" in xml and "{ HYPERLINK" in xml
    # The only field of the file is the page number in the page header.
    header = zipfile.ZipFile(io.BytesIO(data)).read("word/header1.xml").decode()
    assert '<w:fldSimple w:instr="PAGE">' in header


def test_fonts_are_times_new_roman():
    for style, allowed in (("party", {14}), ("state", {13, 14})):
        document = _open(make_report(style))
        normal = document.styles["Normal"].font
        assert normal.name == "Times New Roman" and normal.size.pt == 14
        header_runs = [run for cell in document.tables[0].rows[0].cells for p in cell.paragraphs for run in p.runs]
        main_text = document.paragraphs[: _index(_body_texts(document), "PHỤ LỤC 1")]
        body_runs = [run for p in main_text for run in p.runs if run.text]
        assert len(body_runs) > 20
        for run in header_runs + body_runs:
            assert run.font.name == "Times New Roman"
            fonts = run._r.rPr.find(qn("w:rFonts"))
            assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
        sizes = {run.font.size.pt for run in body_runs}
        assert sizes == {14}
        header_sizes = {run.font.size.pt for run in header_runs if run.text}
        if style == "party":
            assert header_sizes == allowed
        else:
            # Decree 30 sets the national title at 12–13; the rest of the header is 13 or 14.
            title = _run(document.tables[0].rows[0].cells[1].paragraphs, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
            assert title.font.size.pt in (12, 13)
            assert header_sizes - {title.font.size.pt} <= allowed


def test_recipients_and_signature_at_the_bottom():
    document = _open(make_report("party"))
    signature = document.tables[1]
    left, right = signature.rows[0].cells
    assert _cell_lines(left) == [
        "Nơi nhận:",
        "- Ban Nội chính Trung ương (báo cáo)",
        "- Thường trực Tỉnh ủy",
        "- Lưu Văn phòng Tỉnh ủy.",
    ]
    assert _cell_lines(right) == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Phạm Hoàng Sơn"]
    assert _run(right.paragraphs, "Phạm Hoàng Sơn").bold
    # The signature comes after the notes, before the appendices.
    body = list(document.element.body.iterchildren())
    notes = next(p for p in document.paragraphs if p.text == "Ghi chú:")
    assert body.index(notes._p) < body.index(signature._tbl) < body.index(document.tables[2]._tbl)


def test_each_appendix_on_a_new_page_with_its_title():
    document = _open(make_report("party"))
    texts = _body_texts(document)
    for number, title in (
        ("1", "Công tác lãnh đạo, chỉ đạo việc phổ biến, quán triệt thực hiện Quy định"),
        ("2", "Kết quả tiếp dân, đối thoại trực tiếp với dân"),
        ("3", "Kết quả kiểm tra, giám sát người đứng đầu cấp ủy"),
    ):
        index = _index(texts, f"PHỤ LỤC {number}")
        assert document.paragraphs[index].paragraph_format.page_break_before
        assert texts[index + 1] == title
    assert len(document.tables) == 2 + 3


def _tcs(table):
    """The table's cells as stored: per row, (text, gridSpan, vMerge) of each <w:tc>."""
    rows = []
    for tr in table._tbl.tr_lst:
        row = []
        for tc in tr.tc_lst:
            tc_pr = tc.tcPr
            span = tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None
            merge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            row.append(
                (
                    text,
                    int(span.get(qn("w:val"))) if span is not None else 1,
                    None if merge is None else (merge.get(qn("w:val")) or "continue"),
                )
            )
        rows.append(row)
    return rows


def test_appendix_2_merges_cells_as_in_the_seed():
    document = _open(make_report("party"))
    table = document.tables[3]
    rows = _tcs(table)
    assert rows[0] == [
        ("STT", 1, None),
        ("Nội dung", 2, None),
        ("Cấp xã", 1, None),
        ("Cấp huyện", 1, None),
        ("Tổng cộng", 1, None),
    ]
    assert rows[1][:3] == [("1", 1, "restart"), ("Số cuộc tiếp dân", 1, "restart"), ("Định kỳ", 1, None)]
    assert rows[2][:3] == [("", 1, "continue"), ("", 1, "continue"), ("Đột xuất", 1, None)]
    assert rows[3][:2] == [("2", 1, "restart"), ("Số lượt người được tiếp", 1, "restart")]
    assert rows[5][:2] == [("3", 1, None), ("Số đoàn đông người được tiếp", 2, None)]
    assert [text for text, _, _ in rows[1][3:]] == ["12", "3", "15"]
    assert [text for text, _, _ in rows[3][3:]] == ["1.234", "56", "1.290"]
    assert [text for text, _, _ in rows[4][3:]] == ["7", "", "7"]
    # Header cells as given (bold), numbers right-aligned, texts left-aligned.
    assert all(run.bold for run in table.cell(0, 1).paragraphs[0].runs)
    assert table.cell(1, 3).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.cell(1, 1).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert table.cell(1, 0).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER  # STT
    # The header row repeats on every page.
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # The figures changed by hand are explained under the table.
    texts = _body_texts(document)
    assert (
        "1 – Số cuộc tiếp dân – Định kỳ, Cấp huyện: 3 (số liệu tính từ hồ sơ: 4; lý do điều chỉnh: Một cuộc ghi trùng)"
        in texts
    )
    assert "1 – Số cuộc tiếp dân – Định kỳ, Tổng cộng: 15 (số liệu tính từ hồ sơ: 16)" in texts


def test_appendix_1_spans_columns_and_rows_in_the_header():
    table = _open(make_report("party")).tables[2]
    rows = _tcs(table)
    assert rows[0] == [
        ("Tổ chức tuyên truyền, phổ biến Quy định", 3, None),
        ("Số lượng văn bản ban hành để lãnh đạo, chỉ đạo triển khai, thực hiện", 1, "restart"),
    ]
    assert [cell[0] for cell in rows[1]] == [
        "Số cuộc hội nghị, lớp tập huấn...",
        "Số lượng cán bộ, đảng viên tham gia",
        "Số lượng tài liệu, ấn phẩm được phát hành",
        "",
    ]
    assert rows[1][3] == ("", 1, "continue")
    assert [cell[0] for cell in rows[2]] == ["14", "2.350", "600", "7"]
    italic = table.cell(1, 0).paragraphs[0].runs[0]
    assert italic.italic and not italic.bold


def test_a_report_without_appendices_or_signer_still_renders():
    report = make_report("state", appendices=[], signer_name="", recipients=[], signed_on=None, number="", notes="")
    document = _open(report)
    left, right = document.tables[0].rows[0].cells
    assert "Số: ………" in _cell_lines(left)
    assert _cell_lines(right)[-1] == "An Giang, ngày …… tháng …… năm ………"
    assert len(document.tables) == 2
    assert round(document.sections[0].left_margin.mm) == round(Mm(30).mm)
