"""The template screens: reading, copying, changing a copy, refusing built-in and locked templates,
the preview, permissions (404 for outsiders, 403 for the wrong role) and the audit trail."""

import pytest
from django.urls import reverse

from accounts.models import Role, Scope
from audit.models import AuditEvent
from conftest import _person
from exports.models import ExportJob
from reporting import services
from reporting.exports_builders import PREVIEW, preview
from reporting.models import Appendix, Field, ReportTemplate, Section

pytestmark = pytest.mark.django_db


def builtin(code="d27-review") -> ReportTemplate:
    return ReportTemplate.objects.get(code=code, version=1, is_builtin=True)


@pytest.fixture
def officer(people, client_for):
    return client_for(people.reporting)


@pytest.fixture
def copy(people):
    return services.template_copy(template=builtin(), actor=people.reporting)


def url(name, *args):
    return reverse(f"reporting:{name}", args=args)


def events(action):
    return AuditEvent.objects.filter(action=action)


# Reading


def test_the_list_shows_the_builtin_templates_searchable_and_filterable(officer):
    page = officer.get(url("template_list")).content.decode()
    for code in ("d27-review", "r11-review", "c69-review", "d27-plan-periodic"):
        assert code in page
    found = officer.get(url("template_list"), {"q": "quy dinh so 11"}).content.decode()
    assert "r11-review" in found and "d27-review" not in found
    state = officer.get(url("template_list"), {"style": "state"}).content.decode()
    assert "d27-plan-periodic" in state and "r11-review" not in state
    copies = officer.get(url("template_list"), {"builtin": "no"}).content.decode()
    assert "d27-review" not in copies


def test_the_list_exports_to_excel(officer):
    response = officer.get(url("template_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mau-bao-cao.xlsx"'


def test_any_staff_member_with_a_role_reads_templates(people, client_for):
    for person in (people.handler, people.outsider, people.personnel):
        response = client_for(person).get(url("template_detail", builtin().pk))
        assert response.status_code == 200


def test_someone_without_a_role_reads_nothing(units, client_for):
    from accounts import services as account_services

    nobody = account_services.account_create(
        actor=None,
        username="khong",
        full_name="Không Vai Trò",
        password="x" * 12,
        unit=units.committee,
        role=Role.HANDLER,
    )
    nobody.memberships.update(valid_to="2020-01-02", valid_from="2020-01-01")
    client = client_for(nobody, "x" * 12)
    assert client.get(url("template_list")).status_code == 403
    assert client.get(url("template_detail", builtin().pk)).status_code == 404


def test_the_detail_shows_the_outline_guidance_bindings_and_spanned_tables(officer):
    page = officer.get(url("template_detail", builtin("r11-review").pk)).content.decode()
    assert "KẾT QUẢ LÃNH ĐẠO, CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN CÁC NỘI DUNG CỦA QUY ĐỊNH SỐ 11-QĐi/TW" in page
    assert '<em class="outline-guidance">(nếu có).</em>' in page
    assert "reception.sessions.scheduled" in page
    assert '<th scope="col" colspan="2">Nội dung</th>' in page
    assert '<td rowspan="3">Số vụ việc phản ánh, kiến nghị, KNTC thuộc thẩm quyền xử lý, giải quyết</td>' in page
    assert "Đã xử lý, giải quyết, <em>không còn</em> phản ánh, kiến nghị, KNTC" in page
    assert '<th scope="col" rowspan="2">Số lượng văn bản ban hành' in page
    # A built-in template offers a copy, not changes.
    assert url("template_copy", builtin("r11-review").pk) in page
    assert url("section_create", builtin("r11-review").pk) not in page


# Copying


def test_a_reporting_officer_copies_a_template_into_a_new_version(people, officer):
    source = builtin()
    response = officer.post(url("template_copy", source.pk))
    new = ReportTemplate.objects.get(code="d27-review", version=2)
    assert response.status_code == 302 and response["Location"] == url("template_detail", new.pk)
    assert (new.based_on, new.is_builtin, new.locked_at, new.created_by) == (source, False, None, people.reporting)
    assert new.sections.count() == source.sections.count()
    assert Field.objects.filter(section__template=new).count() == Field.objects.filter(section__template=source).count()
    assert list(new.appendices.values_list("layout", flat=True)) == list(
        source.appendices.values_list("layout", flat=True)
    )
    # The tree is the same tree.
    assert sorted(s.parent.heading if s.parent else "" for s in new.sections.select_related("parent")) == sorted(
        s.parent.heading if s.parent else "" for s in source.sections.select_related("parent")
    )
    event = events("reporting.template.copy").get()
    assert (event.object_id, event.actor, event.details) == (
        str(new.pk),
        people.reporting,
        {"template": new.pk, "source": source.pk, "version": 2},
    )
    # A second copy is version 3.
    officer.post(url("template_copy", source.pk))
    assert ReportTemplate.objects.filter(code="d27-review", version=3).exists()


def test_only_reporting_officers_copy(people, client_for):
    for person in (people.handler, people.head, people.oversight):
        assert client_for(person).post(url("template_copy", builtin().pk)).status_code == 403
    assert ReportTemplate.objects.filter(code="d27-review").count() == 1
    assert client_for(people.handler).get(url("template_copy", builtin().pk)).status_code == 405


# Built-in and locked templates refuse changes


def test_a_builtin_template_refuses_every_change(officer):
    template = builtin()
    section = template.sections.first()
    item = Field.objects.filter(section__template=template).first()
    appendix = template.appendices.first()
    before = (template.sections.count(), Field.objects.filter(section__template=template).count())
    for response in (
        officer.get(url("template_edit", template.pk)),
        officer.get(url("section_create", template.pk)),
        officer.post(url("section_create", template.pk), {"number": "V", "heading": "MỚI"}),
        officer.post(url("section_delete", template.pk, section.pk)),
        officer.post(url("section_move", template.pk, section.pk), {"direction": "down"}),
        officer.post(url("field_delete", template.pk, item.pk)),
        officer.get(url("appendix_cells", template.pk, appendix.pk)),
        officer.post(url("appendix_cell_edit", template.pk, appendix.pk, "r0c0"), {"content": "manual"}),
    ):
        assert response.status_code == 302 and response["Location"] == url("template_detail", template.pk)
    page = officer.get(url("template_detail", template.pk)).content.decode()
    assert "Mẫu có sẵn không sửa được: hãy sao một bản và sửa bản sao." in page
    assert (template.sections.count(), Field.objects.filter(section__template=template).count()) == before
    assert not AuditEvent.objects.filter(action__startswith="reporting.").exists()


def test_a_locked_copy_refuses_changes(people, officer, copy):
    services.template_lock(copy, actor=people.reporting)
    services.template_lock(copy, actor=people.reporting)  # locking twice changes nothing
    copy.refresh_from_db()
    assert copy.is_locked
    assert events("reporting.template.lock").count() == 1
    response = officer.post(url("section_create", copy.pk), {"number": "V", "heading": "MỚI"}, follow=True)
    assert not copy.sections.filter(heading="MỚI").exists()
    assert "Mẫu này đã được dùng cho một đợt báo cáo nên không sửa được nữa" in response.content.decode()
    with pytest.raises(services.ValidationError):
        services.section_create(template=copy, actor=people.reporting, number="V", heading="MỚI")


# Changing a copy


def test_changing_a_copy_section_by_section(people, officer, copy):
    response = officer.post(
        url("section_create", copy.pk), {"parent": "", "number": "V", "heading": "PHẦN MỚI", "guidance": "(gợi ý)"}
    )
    assert response.status_code == 302
    new = copy.sections.get(heading="PHẦN MỚI")
    assert (new.parent, new.number, new.guidance, new.position) == (None, "V", "(gợi ý)", 4)
    officer.post(url("section_create", copy.pk), {"parent": str(new.pk), "number": "-", "heading": "Ý một"})
    officer.post(url("section_create", copy.pk), {"parent": str(new.pk), "number": "-", "heading": "Ý hai"})
    first, second = new.children.order_by("position")
    officer.post(url("section_move", copy.pk, second.pk), {"direction": "up"})
    assert list(new.children.order_by("position").values_list("heading", flat=True)) == ["Ý hai", "Ý một"]
    officer.post(
        url("section_edit", copy.pk, first.pk), {"parent": str(new.pk), "number": "+", "heading": "Ý một, sửa"}
    )
    first.refresh_from_db()
    assert (first.number, first.heading) == ("+", "Ý một, sửa")
    # A section cannot go under itself: the choice is not even offered.
    response = officer.post(
        url("section_edit", copy.pk, new.pk), {"parent": str(first.pk), "number": "V", "heading": "X"}
    )
    assert response.status_code == 200
    new.refresh_from_db()
    assert new.parent is None and new.heading == "PHẦN MỚI"
    officer.post(url("section_delete", copy.pk, new.pk))
    assert not copy.sections.filter(heading__in=["PHẦN MỚI", "Ý hai", "Ý một, sửa"]).exists()
    actions = list(events("reporting.section.create").values_list("details", flat=True))
    assert len(actions) == 3 and all(set(details) == {"template"} for details in actions)
    assert events("reporting.section.move").count() == 1
    assert events("reporting.section.update").count() == 1
    assert events("reporting.section.delete").count() == 1


def test_changing_a_field_binding(people, officer, copy):
    section = copy.sections.get(heading="Tổng số người có yêu cầu được bảo vệ")
    item = section.fields.get(figure_key="protection.requested.job")
    response = officer.post(
        url("field_edit", copy.pk, item.pk),
        {"kind": "figure", "label": "Số người đề nghị bảo vệ việc làm", "figure_key": "protection.protected.job"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.label, item.figure_key) == ("Số người đề nghị bảo vệ việc làm", "protection.protected.job")
    event = events("reporting.field.update").get()
    assert event.details == {
        "template": copy.pk,
        "figure": "protection.protected.job",
        "previous_figure": "protection.requested.job",
    }
    # A figure nobody registered is refused; a level the figure has no breakdown by too.
    bad = officer.post(
        url("field_edit", copy.pk, item.pk), {"kind": "figure", "label": "x", "figure_key": "nobody.this"}
    )
    assert bad.status_code == 200
    assert "nobody.this" not in Field.objects.values_list("figure_key", flat=True)
    no_level = officer.post(
        url("field_edit", copy.pk, item.pk),
        {"kind": "figure", "label": "x", "figure_key": "protection.protected.job", "level": "commune"},
    )
    assert no_level.status_code == 200
    assert "Chỉ tiêu này không tách theo cấp hành chính." in no_level.content.decode()
    item.refresh_from_db()
    assert item.level == ""
    # Add, move and delete.
    officer.post(url("field_create", copy.pk, section.pk), {"kind": "figure", "label": "Nhập tay", "figure_key": ""})
    added = section.fields.get(label="Nhập tay")
    assert added.figure_key == "" and added.position == section.fields.count() - 1
    officer.post(url("field_move", copy.pk, added.pk), {"direction": "up"})
    added.refresh_from_db()
    assert added.position == section.fields.count() - 2
    officer.post(url("field_delete", copy.pk, added.pk))
    assert not section.fields.filter(label="Nhập tay").exists()
    assert events("reporting.field.create").count() == events("reporting.field.delete").count() == 1


def test_changing_an_appendix_cell(people, officer, copy):
    appendix = copy.appendices.get()
    page = officer.get(url("appendix_cells", copy.pk, appendix.pk)).content.decode()
    assert "r0c6" in page and "h0c0" in page
    response = officer.post(url("appendix_cell_edit", copy.pk, appendix.pk, "r0c6"), {"content": "manual", "text": ""})
    assert response.status_code == 302
    officer.post(
        url("appendix_cell_edit", copy.pk, appendix.pk, "r0c0"),
        {"content": "figure", "figure_key": "r11.dissemination.sessions", "level": "commune"},
    )
    officer.post(
        url("appendix_cell_edit", copy.pk, appendix.pk, "h0c0"), {"content": "text", "text": "Phổ biến", "italic": "on"}
    )
    appendix.refresh_from_db()
    assert appendix.layout["rows"][0][6] == {"text": "", "manual": True}
    assert appendix.layout["rows"][0][0] == {"text": "", "figure": "r11.dissemination.sessions", "level": "commune"}
    assert appendix.layout["header"][0][0] == {"text": "Phổ biến", "colspan": 3, "italic": True}
    # A header cell holds text only; a cell that does not exist is a 404.
    officer.post(url("appendix_cell_edit", copy.pk, appendix.pk, "h1c0"), {"content": "manual"})
    appendix.refresh_from_db()
    assert "manual" not in appendix.layout["header"][1][0]
    assert officer.get(url("appendix_cell_edit", copy.pk, appendix.pk, "r5c0")).status_code == 404
    assert events("reporting.appendix.cell").count() == 3
    assert events("reporting.appendix.cell").order_by("seq").first().details["cell"] == "r0c6"


def test_another_templates_parts_are_not_found(officer, copy):
    other = builtin("r11-review")
    section = other.sections.first()
    item = Field.objects.filter(section__template=other).first()
    appendix = Appendix.objects.filter(template=other).first()
    assert officer.get(url("section_edit", copy.pk, section.pk)).status_code == 404
    assert officer.get(url("field_edit", copy.pk, item.pk)).status_code == 404
    assert officer.get(url("appendix_cells", copy.pk, appendix.pk)).status_code == 404
    assert officer.get(url("template_detail", 999999)).status_code == 404


def test_wrong_role_cannot_change_a_copy(people, client_for, copy):
    section = copy.sections.first()
    for person in (people.head, people.handler, people.outsider):
        client = client_for(person)
        assert client.get(url("template_edit", copy.pk)).status_code == 403
        assert client.post(url("section_delete", copy.pk, section.pk)).status_code == 403
    assert Section.objects.filter(pk=section.pk).exists()


def test_template_details_change(people, officer, copy):
    response = officer.post(
        url("template_edit", copy.pk),
        {
            "name": "Báo cáo sơ kết (bản sửa)",
            "title": copy.title,
            "style": "state",
            "notes": "",
            "default_date_from": "01/01/2024",
            "default_date_to": "31/12/2024",
        },
    )
    assert response.status_code == 302
    copy.refresh_from_db()
    assert (copy.name, copy.style, str(copy.default_date_from)) == ("Báo cáo sơ kết (bản sửa)", "state", "2024-01-01")
    assert events("reporting.template.update").get().details == {"template": copy.pk}


# Preview


def test_the_preview_fills_the_report_for_a_unit(people, units, officer):
    template = builtin()
    response = officer.get(
        url("template_preview", template.pk),
        {"unit": units.committee.pk, "date_from": "10/01/2019", "date_to": "31/12/2023"},
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert report.unit_name == units.committee.name
    page = response.content.decode()
    assert "Tổng số người có yêu cầu được bảo vệ" in page
    assert "Số người được bảo vệ vị trí công tác, việc làm" in page


def test_the_preview_shows_unknown_figures_as_question_marks(people, units, officer, copy):
    item = Field.objects.filter(section__template=copy, figure_key="protection.requested.job").get()
    Field.objects.filter(pk=item.pk).update(figure_key="nobody.registered.this")
    response = officer.get(
        url("template_preview", copy.pk),
        {"unit": units.province.pk, "date_from": "01/01/2026", "date_to": "30/06/2026"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<strong class="figure-value">?</strong>' in page
    assert "nobody.registered.this" in page


def test_the_preview_is_for_reporting_officers_heads_and_oversight_of_their_units(people, units, client_for):
    template = builtin()
    params = {"unit": units.committee.pk, "date_from": "01/01/2026", "date_to": "30/06/2026"}
    assert client_for(people.handler).get(url("template_preview", template.pk), params).status_code == 403
    assert client_for(people.head).get(url("template_preview", template.pk), params).context["report"] is not None
    # The oversight officer of the inspection commission may not compute the committee's figures.
    response = client_for(people.oversight).get(url("template_preview", template.pk), params)
    assert response.status_code == 200 and response.context["report"] is None
    other = _person("baocaolc", "Báo cáo LC", units.other, Role.REPORTING, Scope.SUBTREE)
    assert client_for(other).get(url("template_preview", template.pk), params).context["report"] is None


def test_the_preview_is_exported_through_the_exports_app(people, units, officer, client_for):
    template = builtin()
    response = officer.post(
        url("template_preview_export", template.pk),
        {"unit": units.committee.pk, "date_from": "10/01/2019", "date_to": "31/12/2023", "kind": "docx"},
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.builder, job.kind, job.created_by, job.unit) == (PREVIEW, "docx", people.reporting, units.committee)
    assert job.params == {
        "template_id": template.pk,
        "unit_id": units.committee.pk,
        "date_from": "2019-01-10",
        "date_to": "2023-12-31",
    }
    report = preview(job.params, lambda *args, **kwargs: None)
    assert (report.unit_name, report.date_from.year, report.template_name) == (
        units.committee.name,
        2019,
        template.name,
    )
    # A unit the person may not preview is refused, and so is someone who previews nothing.
    officer.post(
        url("template_preview_export", template.pk),
        {"unit": units.other.pk, "date_from": "10/01/2019", "date_to": "31/12/2023", "kind": "docx"},
    )
    assert ExportJob.objects.count() == 1
    assert client_for(people.handler).post(url("template_preview_export", template.pk), {}).status_code == 403


def test_the_list_costs_the_same_queries_for_more_templates(people, officer, django_assert_max_num_queries):
    officer.get(url("template_list"))
    with django_assert_max_num_queries(12) as few:
        officer.get(url("template_list"))
    for _ in range(5):
        services.template_copy(template=builtin(), actor=people.reporting)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer.get(url("template_list"))
