"""The report engine: figures computed once per (key, level), what the unit entered, unknown keys and
failing figures shown as errors, listings, report details, and the checks of entered values."""

import datetime

import pytest
from django.utils import timezone

from baove.figures import FIGURES, LISTINGS, Figure, Listing
from protection.models import CaseStatus, Origin, ProtectionCase, Relationship
from reporting import engine
from reporting.models import Appendix, AppendixKind, Field, FieldKind, ReportTemplate, Section

pytestmark = pytest.mark.django_db

FROM, TO = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)


@pytest.fixture
def calls(monkeypatch):
    """Two test figures: ``test.units`` (1 + the unit's depth, by level) and ``test.boom`` (fails);
    every call is recorded."""
    seen = []

    def units_figure(*, unit, date_from, date_to, level=None):
        seen.append(("test.units", unit.pk, date_from, date_to, level))
        return {"commune": 10, "district": 20}.get(level, 1 + unit.depth)

    def boom(*, unit, date_from, date_to):
        seen.append(("test.boom",))
        raise RuntimeError("selector broke")

    def documents(*, unit, date_from, date_to):
        seen.append(("test.documents",))
        return [
            ["Tỉnh ủy", "Số 162-KH/TU, 09/4/2024", "Kế hoạch sơ kết"],
            ["UBND tỉnh", "Số 12/BC-UBND", "Báo cáo", "x"],
        ]

    monkeypatch.setitem(FIGURES, "test.units", Figure("test.units", "Units", units_figure, by_level=True))
    monkeypatch.setitem(FIGURES, "test.boom", Figure("test.boom", "Boom", boom))
    monkeypatch.setitem(LISTINGS, "test.documents", Listing("test.documents", "Documents", ("a", "b", "c"), documents))
    return seen


@pytest.fixture
def template(people):
    t = ReportTemplate.objects.create(code="test", name="Thử", title="Báo cáo thử", style="party")
    one = Section.objects.create(template=t, position=0, number="I", heading="MỘT", guidance="(gợi ý)")
    two = Section.objects.create(template=t, position=0, parent=one, number="1", heading="Hai")
    three = Section.objects.create(template=t, position=1, parent=one, number="-", heading="Ba")
    Section.objects.create(template=t, position=1, number="II", heading="BỐN")
    f = {
        "story": Field.objects.create(section=two, position=0, kind=FieldKind.NARRATIVE, label="Nội dung"),
        "units": Field.objects.create(
            section=two, position=1, kind=FieldKind.FIGURE, label="Số", figure_key="test.units"
        ),
        "manual": Field.objects.create(section=two, position=2, kind=FieldKind.FIGURE, label="Nhập tay"),
        "unknown": Field.objects.create(
            section=three, position=0, kind=FieldKind.FIGURE, label="Lạ", figure_key="nobody.registered.this"
        ),
        "boom": Field.objects.create(
            section=three, position=1, kind=FieldKind.FIGURE, label="Hỏng", figure_key="test.boom"
        ),
        "no_level": Field.objects.create(
            section=three, position=2, kind=FieldKind.FIGURE, label="Cấp", figure_key="test.boom", level="commune"
        ),
    }
    table = Appendix.objects.create(
        template=t,
        position=0,
        number="PHỤ LỤC 1",
        title="Bảng",
        layout={
            "header": [[{"text": "Nội dung"}, {"text": "Cấp xã"}, {"text": "Tổng"}, {"text": "Ghi chú"}]],
            "rows": [
                [
                    {"text": "Số"},
                    {"text": "", "figure": "test.units", "level": "commune"},
                    {"text": "", "figure": "test.units"},
                    {"text": "", "free_text": True},
                ],
                [{"text": "Tay"}, {"text": "", "manual": True}, {"text": "", "figure": "nobody.either"}, {"text": ""}],
            ],
        },
    )
    listing = Appendix.objects.create(
        template=t,
        position=1,
        number="PHỤ LỤC 2",
        title="Văn bản",
        kind=AppendixKind.LISTING,
        listing_key="test.documents",
        layout={
            "header": [
                [{"text": "STT"}, {"text": "Cơ quan"}, {"text": "Số"}, {"text": "Nội dung"}, {"text": "Ghi chú"}]
            ]
        },
    )
    return type("T", (), {"template": t, "fields": f, "table": table, "listing": listing})


def fill(t, unit, **kwargs):
    return engine.fill(t.template, unit=unit, date_from=FROM, date_to=TO, **kwargs)


def fields_by_id(report):
    return {item.id: item for section in engine.walk(report.sections) for item in section.fields}


def test_the_outline_keeps_its_tree_and_order(template, units, calls):
    report = fill(template, units.committee)
    assert [(s.number, s.heading) for s in report.sections] == [("I", "MỘT"), ("II", "BỐN")]
    assert [s.heading for s in report.sections[0].children] == ["Hai", "Ba"]
    assert report.sections[0].guidance == "(gợi ý)"
    assert [f.label for f in report.sections[0].children[0].fields] == ["Nội dung", "Số", "Nhập tay"]
    assert (report.unit_name, report.parent_unit_name) == ("Ủy ban nhân dân tỉnh", "Tỉnh ủy Hòa Bình")
    assert (report.date_from, report.date_to, report.title, report.style) == (FROM, TO, "Báo cáo thử", "party")


def test_figures_are_computed_once_per_key_and_level(template, units, calls):
    report = fill(template, units.committee)
    fields = fields_by_id(report)
    units_field = fields[template.fields["units"].pk]
    assert (units_field.value, units_field.computed, units_field.error) == (2, 2, "")
    row = report.appendices[0].rows[0]
    assert (row[1].value, row[2].value) == (10, 2)
    # The field and the total cell share (test.units, all levels): one call; the commune cell another.
    unit_calls = [call for call in calls if call[0] == "test.units"]
    assert sorted(call[4] or "" for call in unit_calls) == ["", "commune"]
    assert unit_calls[0][1:4] == (units.committee.pk, FROM, TO)


def test_unknown_and_failing_figures_are_errors_not_crashes(template, units, calls):
    report = fill(template, units.committee)
    fields = fields_by_id(report)
    unknown = fields[template.fields["unknown"].pk]
    assert unknown.value is None and "nobody.registered.this" in unknown.error
    boom = fields[template.fields["boom"].pk]
    assert boom.value is None and "test.boom" in boom.error
    no_level = fields[template.fields["no_level"].pk]
    assert no_level.value is None
    assert no_level.error == "Chỉ tiêu “test.boom” không tách theo cấp hành chính."
    assert report.appendices[0].rows[1][2].error
    problems = engine.errors_of(report)
    assert len(problems) == 4
    # The failing figure left the rest of the report (and the database connection) working.
    assert fields[template.fields["units"].pk].value == 2
    assert ReportTemplate.objects.filter(pk=template.template.pk).exists()


def test_values_fill_narratives_manual_figures_and_overrides(template, units, calls):
    f, table = template.fields, template.table
    values = {
        f"f{f['story'].pk}": {"text": "Đã triển khai."},
        f"f{f['manual'].pk}": {"value": 7},
        f"f{f['units'].pk}": {"value": 5, "note": "Có 3 đơn vị chưa nhập số liệu."},
        f"a{table.pk}:r0c2": {"value": 9, "note": "Cộng thêm số liệu giấy."},
        f"a{table.pk}:r0c3": {"text": "Số liệu đến 30/6."},
        f"a{table.pk}:r1c1": {"value": 4},
    }
    report = fill(template, units.committee, values=values)
    fields = fields_by_id(report)
    assert fields[f["story"].pk].text == "Đã triển khai."
    manual = fields[f["manual"].pk]
    assert (manual.value, manual.computed, manual.overridden) == (7, None, False)
    changed = fields[f["units"].pk]
    assert (changed.value, changed.computed, changed.overridden) == (5, 2, True)
    assert changed.note == "Có 3 đơn vị chưa nhập số liệu."
    rows = report.appendices[0].rows
    assert (rows[0][2].value, rows[0][2].computed, rows[0][2].overridden) == (9, 2, True)
    assert rows[0][3].text == "Số liệu đến 30/6."
    assert (rows[1][1].value, rows[1][1].manual) == (4, True)
    assert rows[1][3].text == ""  # a plain text cell takes nothing from values
    # Without values the computed figures stand and nothing is overridden.
    plain = fields_by_id(fill(template, units.committee))
    assert plain[f["units"].pk].overridden is False
    assert plain[f["manual"].pk].value is None


def test_a_listing_appendix_draws_its_rows_numbered_under_the_header(template, units, calls):
    listing = fill(template, units.committee).appendices[1]
    assert [[cell.text for cell in row] for row in listing.rows] == [
        ["1", "Tỉnh ủy", "Số 162-KH/TU, 09/4/2024", "Kế hoạch sơ kết", ""],
        ["2", "UBND tỉnh", "Số 12/BC-UBND", "Báo cáo", "x"],
    ]
    assert listing.error == ""
    Appendix.objects.filter(pk=template.listing.pk).update(listing_key="nobody.list")
    broken = fill(template, units.committee).appendices[1]
    assert broken.rows == [] and "nobody.list" in broken.error


def test_report_info(template, units, calls):
    report = fill(
        template,
        units.commune,
        report_info={
            "number": "Số 12-BC/ĐU",
            "place": "Tân Phú",
            "signed_on": datetime.date(2026, 7, 2),
            "signer_title": "BÍ THƯ",
            "signer": "Nguyễn Văn A",
            "recipients": "Ban Thường vụ Tỉnh ủy\nLưu VP",
            "parent_unit_name": "ĐẢNG BỘ TỈNH HÒA BÌNH",
        },
    )
    assert (report.number, report.place, report.signed_on) == ("Số 12-BC/ĐU", "Tân Phú", datetime.date(2026, 7, 2))
    assert (report.signer_title, report.signer_name) == ("BÍ THƯ", "Nguyễn Văn A")
    assert report.recipients == ["Ban Thường vụ Tỉnh ủy", "Lưu VP"]
    assert report.parent_unit_name == "ĐẢNG BỘ TỈNH HÒA BÌNH"
    with pytest.raises(TypeError):
        fill(template, units.commune, report_info={"signature": "x"})
    with pytest.raises(ValueError):
        engine.fill(template.template, unit=units.commune, date_from=TO, date_to=FROM)


def test_validate_values(template, units, calls):
    f, table = template.fields, template.table
    report = fill(template, units.committee)

    def problems(values, **kwargs):
        return {problem.key for problem in engine.validate_values(template.template, values, **kwargs)}

    assert problems({f"f{f['manual'].pk}": {"value": 3}, f"f{f['story'].pk}": {"text": "x"}}) == set()
    assert problems({f"f{f['manual'].pk}": {"value": -1}}) == {f"f{f['manual'].pk}"}
    assert problems({f"f{f['manual'].pk}": {"value": "3"}}) == {f"f{f['manual'].pk}"}
    assert problems({f"f{f['manual'].pk}": {"value": True}}) == {f"f{f['manual'].pk}"}
    assert problems({"f999999": {"value": 1}, f"a{table.pk}:r9c9": {"value": 1}}) == {"f999999", f"a{table.pk}:r9c9"}
    # A computed figure changed without a note.
    changed = {f"f{f['units'].pk}": {"value": 5}}
    assert problems(changed) == {f"f{f['units'].pk}"}
    assert problems({f"f{f['units'].pk}": {"value": 5, "note": "Lý do"}}) == set()
    assert problems({f"a{table.pk}:r0c2": {"value": 5, "note": "  "}}) == {f"a{table.pk}:r0c2"}
    # With the report filled, the computed value itself is no change.
    assert problems({f"f{f['units'].pk}": {"value": 2}}, report=report) == set()
    assert problems({f"f{f['units'].pk}": {"value": 2}}) == {f"f{f['units'].pk}"}
    message = str(engine.validate_values(template.template, changed)[0])
    assert "Số" in message


def test_a_builtin_template_fills_from_the_records(units, calls):
    """Directive 27: one person asked for protection of their job in the window."""
    ProtectionCase.objects.create(
        reference="BV-E-1",
        unit=units.finance,
        origin=Origin.STAFF,
        relationship=Relationship.SELF,
        status=CaseStatus.REQUESTED,
        pseudonym="BD-E-1",
        kinds_requested=["secrecy", "job"],
        requested_at=datetime.datetime(2026, 3, 3, 9, tzinfo=timezone.get_default_timezone()),
        decision_due_on=datetime.date(2026, 3, 10),
        public_key=b"x" * 32,
        sealed_person=b"x",
    )
    template = ReportTemplate.objects.get(code="d27-review", version=1)
    report = engine.fill(template, unit=units.province, date_from=FROM, date_to=TO)
    values = {
        item.figure_key: item.value
        for section in engine.walk(report.sections)
        for item in section.fields
        if item.figure_key
    }
    assert values["protection.requested.total"] == 1
    assert values["protection.requested.job"] == 1
    assert values["protection.requested.honour"] == 0
    assert values["protection.protected.total"] == 0
