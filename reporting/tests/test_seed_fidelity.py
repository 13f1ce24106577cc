"""The built-in templates against the seed documents themselves (copied verbatim into ``seeds/``):
every outline line in order, the titles, the closing notes, and every appendix cell of the seed's
markdown tables at its place, with its spans and italics."""

import datetime
import re
from pathlib import Path

import pytest

from reporting import engine
from reporting.models import ReportTemplate

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent / "seeds"
SEED_000 = (SEEDS / "000_d5f00852c3a5b628.txt").read_text(encoding="utf-8").splitlines()
SEED_001 = (SEEDS / "001_fd7165d2b226b9fe.txt").read_text(encoding="utf-8").splitlines()
SEED_004 = (SEEDS / "004_cf732a20109303d2.txt").read_text(encoding="utf-8").splitlines()


def clean(line: str) -> str:
    """Without the markdown emphasis (``*…*``, ``**…**``) and with single spaces."""
    return " ".join(line.replace("*", "").split())


def joined(lines: list[str]) -> list[str]:
    """Non-empty lines; a line cut in two by a page break (the rest starts in lower case) is one."""
    result = []
    for line in map(clean, lines):
        if not line:
            continue
        if result and line[0].islower():
            result[-1] += " " + line
        else:
            result.append(line)
    return result


def outline_block(lines: list[str], start: str) -> list[str]:
    """The outline lines from the line ``start`` to the closing "Ghi chú", excluded."""
    begin = next(i for i, line in enumerate(lines) if clean(line) == start)
    block = []
    for line in joined(lines[begin:]):
        if line.startswith("Ghi chú"):
            break
        block.append(line)
    return block


def template_lines(template: ReportTemplate) -> list[str]:
    """The template's outline printed as the seed prints it: "2.1. Heading (guidance)."."""
    lines = []
    for section in engine.walk(engine.structure(template).sections):
        number = section.number
        line = f"{number} {section.heading}" if number in ("-", "+") else f"{number}. {section.heading}"
        if section.guidance:
            line += " " + section.guidance
        lines.append(line)
    return lines


def builtin(code: str) -> ReportTemplate:
    return ReportTemplate.objects.get(code=code, version=1, is_builtin=True)


def nth_index(lines: list[str], text: str, n: int) -> int:
    return [i for i, line in enumerate(lines) if clean(line) == text][n]


# Directive 27: seed 000 ("Đề cương 3"), word for word


def test_d27_outline_is_seed_000_line_by_line():
    start = nth_index(SEED_000, "-----", 0) + 1
    seed = outline_block(SEED_000[start:], "I. ĐẶC ĐIỂM TÌNH HÌNH VÀ VIỆC TỔ CHỨC SƠ KẾT")
    assert len(seed) == 48
    assert template_lines(builtin("d27-review")) == seed


# Where Plan 162 (seed 001) words its copy of the outline differently from "Đề cương 3" (seed 000).
D27_001_DIFFERENCES = {
    "của địa phương, cơ quan, đơn vị thuộc": "của cơ quan, đơn vị, địa phương thuộc",
    "khi đề xảy ra": "khi để xảy ra",
    "hoàn thiện quy định của Đảng": "hoàn thiện thể chế của Đảng",
    "của cơ quan, tổ chức và đội ngũ": "của cơ quan, đơn vị, địa phương và đội ngũ",
    "các cơ quan, đơn vị trong việc": "các cơ quan, đơn vị, địa phương trong việc",
    "cơ quan, đơn vị, cá nhân có thành tích": "cơ quan, đơn vị, địa phương, cá nhân có thành tích",
    "(trong đó nêu rõ số người được bảo vệ": "(Trong đó nêu rõ số người được bảo vệ",
    "khó khăn, vướng mắc.": "khó khăn, vướng mắc",
    "Chỉ thị số 27-CT/TW.": "Chỉ thị số 27-CT/TW",
}


def test_d27_outline_differs_from_seed_001_only_where_the_two_seeds_differ():
    start = nth_index(SEED_001, "ĐỀ CƯƠNG", 0)
    seed = outline_block(SEED_001[start:], "I. ĐẶC ĐIỂM TÌNH HÌNH VÀ VIỆC TỔ CHỨC SƠ KẾT")
    ours = template_lines(builtin("d27-review"))
    assert len(seed) == len(ours) == 48
    used = set()
    for line_001, line in zip(seed, ours, strict=True):
        if line_001 == line:
            continue
        fixes = [
            theirs
            for theirs, mine in D27_001_DIFFERENCES.items()
            if theirs in line_001 and mine.join(line_001.rsplit(theirs, 1)) == line
        ]
        assert len(fixes) == 1, line_001
        used.update(fixes)
    assert used == set(D27_001_DIFFERENCES)


def test_d27_title_notes_and_window():
    template = builtin("d27-review")
    start = nth_index(SEED_000, "ĐỀ CƯƠNG 3", 0) + 1
    title = " ".join(clean(line) for line in SEED_000[start : start + 4])
    assert template.title == title[0].upper() + title[1:]
    notes_start = next(i for i, line in enumerate(SEED_000) if clean(line).startswith("Ghi chú"))
    notes = joined(SEED_000[notes_start + 1 :])
    assert template.notes.splitlines() == notes
    assert (template.default_date_from, template.default_date_to) == (
        datetime.date(2019, 1, 10),
        datetime.date(2023, 12, 31),
    )
    assert template.style == "party"
    assert template.name == "Báo cáo sơ kết 05 năm thực hiện Chỉ thị số 27-CT/TW"


# Regulation 11 and Conclusion 69: seed 001


def test_r11_outline_is_seed_001_line_by_line():
    start = nth_index(SEED_001, "ĐỀ CƯƠNG", 1)
    seed = outline_block(SEED_001[start:], "I. ĐẶC ĐIỂM TÌNH HÌNH VÀ TỔ CHỨC SƠ KẾT")
    assert template_lines(builtin("r11-review")) == seed
    assert "+ Số cuộc tiếp dân định kỳ/số lượt công dân được tiếp" in " ".join(seed)


def test_c69_outline_is_seed_001_line_by_line():
    start = nth_index(SEED_001, "ĐỀ CƯƠNG BÁO CÁO", 0)
    seed = outline_block(SEED_001[start:], "I. ĐẶC ĐIỂM TÌNH HÌNH VÀ VIỆC TỔ CHỨC SƠ KẾT")
    assert template_lines(builtin("c69-review")) == seed
    # The line cut by a page break in the seed is one heading here.
    assert any("Đảng đoàn Liên đoàn luật sư Việt Nam" in line for line in seed)


@pytest.mark.parametrize(
    ("code", "marker", "n", "cut", "window"),
    [
        ("r11-review", "ĐỀ CƯƠNG", 1, " (kèm theo", (datetime.date(2019, 2, 18), datetime.date(2023, 12, 31))),
        (
            "c69-review",
            "ĐỀ CƯƠNG BÁO CÁO",
            0,
            " (ban hành kèm theo",
            (datetime.date(2020, 2, 24), datetime.date(2024, 9, 30)),
        ),
    ],
)
def test_titles_notes_and_windows_of_seed_001(code, marker, n, cut, window):
    template = builtin(code)
    start = nth_index(SEED_001, marker, n)
    title = next(line for line in joined(SEED_001[start + 1 :]))
    assert template.title == title[: title.index(cut)]
    after = joined(SEED_001[start:])
    notes_at = next(i for i, line in enumerate(after) if line.startswith("Ghi chú"))
    note_line = after[notes_at].removeprefix("Ghi chú:").strip() or after[notes_at + 1]
    assert template.notes == note_line
    assert (template.default_date_from, template.default_date_to) == window


def test_c69_figures_are_entered_by_hand():
    fields = [f for s in engine.walk(engine.structure(builtin("c69-review")).sections) for f in s.fields]
    figures = [f for f in fields if f.kind == "figure"]
    assert len(figures) >= 20
    assert all(f.figure_key == "" for f in figures)
    assert "Tổng số luật sư" in [f.label for f in figures]


# Appendices: the markdown tables of seed 001, cell by cell


def markdown_tables(lines: list[str]) -> list[dict]:
    """Each table of the seed with the two lines above it ("PHỤ LỤC n", its title)."""
    tables, current, before = [], None, []
    for line in lines:
        if line.startswith("|"):
            if current is None:
                titles = [clean(text) for text in before if clean(text)]
                current = {"number": titles[-2], "title": titles[-1], "rows": []}
                tables.append(current)
            if not ("-" in line and set(line.strip()) <= set("|-: ")):  # not the separator row
                current["rows"].append([cell.strip() for cell in line.strip()[1:-1].split("|")])
        else:
            current = None
            before.append(line)
    return tables


def expand(rows) -> dict[tuple[int, int], tuple]:
    """(row, column) → (cell, is_its_top_left): the HTML table model."""
    grid = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    grid[r + dr, c + dc] = (cell, dr == 0 and dc == 0)
            c += cell.colspan
    return grid


def marked(cell) -> str:
    return "".join(f"<i>{text}</i>" if italic else text for text, italic in cell.runs)


def assert_same_table(appendix, seed_rows):
    header = expand(appendix.header)
    body = expand(appendix.rows)
    height = len(appendix.header)
    for r, row in enumerate(seed_rows):
        for c, text in enumerate(row):
            grid, at = (header, r) if r < height else (body, r - height)
            assert (at, c) in grid, (appendix.number, r, c)
            cell, origin = grid[at, c]
            if text:
                assert origin, (appendix.number, r, c, text)
                assert marked(cell) == text, (appendix.number, r, c)
                assert not cell.figure_key
            else:
                assert not origin or cell.figure_key or cell.manual or cell.free_text, (appendix.number, r, c)
    width = len(seed_rows[0])
    assert {c for (_r, c) in header} == set(range(width))
    if appendix.rows:
        assert {c for (_r, c) in body} == set(range(width))
        assert max(r for (r, _c) in body) + 1 == len(seed_rows) - height


def test_appendices_are_the_seed_tables_cell_by_cell():
    tables = markdown_tables(SEED_001)
    assert [t["number"] for t in tables] == ["PHỤ LỤC 1", "PHỤ LỤC 1", "PHỤ LỤC 2", "PHỤ LỤC 3", "PHỤ LỤC 4"]
    d27 = engine.structure(builtin("d27-review")).appendices
    r11 = engine.structure(builtin("r11-review")).appendices
    assert [a.number for a in d27] == ["PHỤ LỤC 1"]
    assert [a.number for a in r11] == ["PHỤ LỤC 1", "PHỤ LỤC 2", "PHỤ LỤC 3", "PHỤ LỤC 4"]
    for appendix, table in zip([*d27, *r11], tables, strict=True):
        assert appendix.title == table["title"]
        rows = table["rows"]
        if appendix.kind == "listing":
            rows = rows[:1]  # the seed's numbered rows are examples: the listing draws the rows
            assert appendix.rows == []
        assert_same_table(appendix, rows)


def test_appendix_bindings():
    d27 = engine.structure(builtin("d27-review")).appendices[0]
    assert [cell.figure_key for cell in d27.rows[0]] == [
        "d27.dissemination.sessions",
        "d27.dissemination.participants",
        "d27.dissemination.materials",
        "d27.documents.leadership",
        "d27.documents.legal_normative",
        "d27.inspections.committee",
        "d27.inspections.subordinate",
    ]
    pl1, pl2, pl3, pl4 = engine.structure(builtin("r11-review")).appendices
    assert [cell.figure_key for cell in pl1.rows[0]] == [
        "r11.dissemination.sessions",
        "r11.dissemination.participants",
        "r11.dissemination.materials",
        "r11.documents",
    ]
    # PHỤ LỤC 2: the last three cells of every row are commune, district, total.
    keys = []
    for row in pl2.rows:
        commune, district, total = row[-3:]
        assert (commune.level, district.level, total.level) == ("commune", "district", "")
        assert commune.figure_key == district.figure_key == total.figure_key
        keys.append(total.figure_key)
    assert keys == [
        "reception.sessions.scheduled",
        "reception.sessions.ad_hoc",
        "reception.visitors.scheduled",
        "reception.visitors.ad_hoc",
        "reception.delegations",
        "reception.cases.complex_prolonged",
        "reception.cases.refused",
        "reception.cases.degradation.handled",
        "reception.cases.degradation.unhandled",
        "reception.cases.competent.resolved_closed",
        "reception.cases.competent.resolved_continuing",
        "reception.cases.competent.in_progress",
        "reception.cases.directed",
        "reception.cases.directed.complex_mass",
        "reception.cases.directed.exploited",
        "reception.cases.guided",
    ]
    assert [row[-2].figure_key for row in pl3.rows] == [
        "r11.inspections.planned",
        "r11.inspections.ad_hoc",
        "r11.units.inspected",
        "r11.units.supervised",
        "r11.heads.disciplined",
        "r11.heads.not_disciplined",
    ]
    assert all(row[-1].free_text and row[-1].text == "" for row in pl3.rows)
    assert (pl4.kind, pl4.listing_key) == ("listing", "r11.documents.list")


def test_d27_section_ii_3_asks_each_figure_separately():
    sections = engine.structure(builtin("d27-review")).sections
    ii = next(s for s in sections if s.number == "II")
    ii_3 = next(s for s in ii.children if s.number == "3")
    keys = [f.figure_key for bullet in ii_3.children for f in bullet.fields if f.kind == "figure"]
    for key in (
        "cases.petitions.whistleblowing.received",
        "cases.petitions.whistleblowing.handled",
        "protection.requested.total",
        "protection.requested.job",
        "protection.requested.life_health",
        "protection.requested.property",
        "protection.requested.honour",
        "protection.protected.total",
        "protection.protected.job",
        "protection.protected.life_health",
        "protection.protected.property",
        "protection.protected.honour",
        "retaliation.persons",
        "retaliation.forms.transfer",
        "retaliation.sanctions.total",
        "retaliation.heads.disciplined",
    ):
        assert key in keys
    # Every bullet also asks for prose.
    assert all(bullet.fields[0].kind == "narrative" for bullet in ii_3.children)


# The periodic report: derived from plan 004, which has no outline of its own


def _items_under(lines: list[str], heading: str, stop: str) -> list[str]:
    block = joined(lines)
    begin = block.index(heading) + 1
    end = next(i for i in range(begin, len(block)) if block[i].startswith(stop))
    return block[begin:end]


def test_periodic_report_is_derived_from_plan_004_tasks_and_results():
    template = builtin("d27-plan-periodic")
    tasks_block = _items_under(SEED_004, "II. NHIỆM VỤ VÀ GIẢI PHÁP TRỌNG TÂM", "III.")
    tasks, bullets = [], {}
    for line in tasks_block:
        if re.match(r"^\d+\. ", line):
            tasks.append(line)
            bullets[line] = []
        elif line.startswith("- "):
            bullets[tasks[-1]].append(line)
    results = _items_under(SEED_004, "III. KẾT QUẢ CẦN ĐẠT", "IV.")

    sections = engine.structure(template).sections
    first, second = sections[0], sections[1]
    assert [f"{s.number}. {s.heading}" for s in first.children] == tasks
    for section, task in zip(first.children, tasks, strict=True):
        assert section.guidance.splitlines() == bullets[task]
        assert section.fields[0].kind == "narrative"
    assert [f"- {s.heading}" for s in second.children] == results
    assert "không có trong văn bản gốc" in template.notes
    assert "05/6" in template.notes and "05/12" in template.notes
    assert template.style == "state"
