import datetime
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from baove.figures import FIGURES, LISTINGS
from baove.forms import apply_validation_error
from baove.lib.text import fold
from baove.lib.xlsx import xlsx_response
from exports.models import ExportKind
from exports.services import export_start
from org.models import AdministrativeLevel
from reporting import engine, forms, services
from reporting.exports_builders import PREVIEW
from reporting.models import Appendix, AppendixKind, Field, FieldKind, ReportTemplate, Section

SECTION = "report_templates"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _templates(request, filters: dict) -> list[ReportTemplate]:
    rows = permissions.templates_visible_to(request.user).select_related("based_on", "created_by")
    if filters.get("style"):
        rows = rows.filter(style=filters["style"])
    if filters.get("builtin") == "yes":
        rows = rows.filter(is_builtin=True)
    elif filters.get("builtin") == "no":
        rows = rows.filter(is_builtin=False)
    rows = list(rows.order_by("code", "-version"))
    words = fold(filters.get("q") or "")
    if words:
        rows = [row for row in rows if words in fold(f"{row.code} {row.name} {row.title}")]
    return rows


def template_list(request):
    _require(permissions.can_read_templates(request.user))
    search = forms.TemplateFilterForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    rows = _templates(request, filters)
    return render(
        request,
        "reporting/template_list.html",
        {
            "search": search,
            "page_obj": Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page")),
            "query": request.GET.urlencode(),
            "section": SECTION,
        },
    )


def template_export(request):
    _require(permissions.can_read_templates(request.user))
    search = forms.TemplateFilterForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    header = [
        _("Code"),
        _("Version"),
        _("Name"),
        _("Document style"),
        _("Built in"),
        _("Locked at"),
        _("Based on"),
        _("Created by"),
        _("Created at"),
    ]
    rows = (
        [
            row.code,
            row.version,
            row.name,
            row.get_style_display(),
            row.is_builtin,
            timezone.localtime(row.locked_at) if row.locked_at else "",
            str(row.based_on) if row.based_on else "",
            str(row.created_by) if row.created_by else "",
            timezone.localtime(row.created_at),
        ]
        for row in _templates(request, filters)
    )
    return xlsx_response("mau-bao-cao", _("Report templates"), header, rows)


# Reading a template


def _level_names() -> dict[str, str]:
    return dict(AdministrativeLevel.objects.values_list("code", "name"))


def _describe(report, levels: dict[str, str]) -> None:
    """Name each binding for the screens: ``binding`` (the figure's label) and ``unknown``."""

    def describe(item, key: str, level: str) -> None:
        spec = FIGURES.get(key) if key else None
        item.binding = str(spec.label) if spec else ""
        item.unknown = bool(key) and spec is None
        item.level_name = levels.get(level, level)

    for section in engine.walk(report.sections):
        for item in section.fields:
            describe(item, item.figure_key, item.level)
    for appendix in report.appendices:
        spec = LISTINGS.get(appendix.listing_key) if appendix.listing_key else None
        appendix.binding = str(spec.label) if spec else ""
        appendix.unknown = bool(appendix.listing_key) and spec is None
        for row in appendix.rows:
            for cell in row:
                describe(cell, cell.figure_key, cell.level)


def template_detail(request, template_id: int):
    template = permissions.get_template_for_user(request.user, template_id)
    report = engine.structure(template)
    _describe(report, _level_names())
    can_manage = permissions.can_manage_templates(request.user)
    return render(
        request,
        "reporting/template_detail.html",
        {
            "template": template,
            "report": report,
            "appendix_ids": {appendix.pk for appendix in template.appendices.all()},
            "can_manage": can_manage,
            "can_edit": can_manage and not template.is_builtin and not template.is_locked,
            "can_preview": permissions.can_preview_reports(request.user),
            "versions": ReportTemplate.objects.filter(code=template.code).exclude(pk=template.pk).order_by("-version"),
            "section": SECTION,
        },
    )


@require_POST
def template_copy(request, template_id: int):
    template = permissions.get_template_for_user(request.user, template_id, write=True)
    copy = services.template_copy(template=template, actor=request.user)
    messages.success(
        request,
        _("Version %(version)d made from %(template)s: change it here.")
        % {"version": copy.version, "template": template},
    )
    return redirect("reporting:template_detail", copy.pk)


# Changing a template


def _editable(request, template_id: int) -> ReportTemplate | None:
    """The template if ``request.user`` may change it and it may change; else None after saying why."""
    template = permissions.get_template_for_user(request.user, template_id, write=True)
    try:
        services.check_editable(template)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    return template


def _refused(template_id: int):
    return redirect("reporting:template_detail", template_id)


def _form_page(request, template, form, title: str, *, status: int = 200, **extra):
    return render(
        request,
        "reporting/form.html",
        {"template": template, "form": form, "title": title, "section": SECTION, **extra},
        status=status,
    )


def _run(request, form, call, success: str) -> bool:
    """Call the service; show its ValidationError on the form. True when it succeeded."""
    try:
        call()
    except ValidationError as error:
        apply_validation_error(form, error)
        return False
    messages.success(request, success)
    return True


def template_edit(request, template_id: int):
    template = _editable(request, template_id)
    if template is None:
        return _refused(template_id)
    initial = {
        "name": template.name,
        "title": template.title,
        "style": template.style,
        "notes": template.notes,
        "default_date_from": template.default_date_from,
        "default_date_to": template.default_date_to,
    }
    form = forms.TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        call = partial(services.template_update, template=template, actor=request.user, **form.cleaned_data)
        if _run(request, form, call, _("Template saved.")):
            return redirect("reporting:template_detail", template.pk)
    return _form_page(request, template, form, _("Template details"))


def _section_of(template: ReportTemplate, section_id: int) -> Section:
    section = Section.objects.filter(template=template, pk=section_id).first()
    if section is None:
        raise Http404
    return section


def _sections(template: ReportTemplate) -> list[Section]:
    return list(Section.objects.filter(template=template))


def _descendants(sections: list[Section], section: Section) -> set[int]:
    found, frontier = {section.pk}, [section.pk]
    while frontier:
        parent = frontier.pop()
        for other in sections:
            if other.parent_id == parent and other.pk not in found:
                found.add(other.pk)
                frontier.append(other.pk)
    return found


def section_create(request, template_id: int):
    template = _editable(request, template_id)
    if template is None:
        return _refused(template_id)
    sections = _sections(template)
    form = forms.SectionForm(request.POST or None, sections=sections, initial={"parent": request.GET.get("parent", "")})
    if request.method == "POST" and form.is_valid():
        call = partial(services.section_create, template=template, actor=request.user, **form.cleaned_data)
        if _run(request, form, call, _("Section added.")):
            return redirect("reporting:template_detail", template.pk)
    return _form_page(request, template, form, _("Add a section"))


def section_edit(request, template_id: int, section_id: int):
    template = _editable(request, template_id)
    if template is None:
        return _refused(template_id)
    section = _section_of(template, section_id)
    sections = _sections(template)
    initial = {
        "parent": str(section.parent_id or ""),
        "number": section.number,
        "heading": section.heading,
        "guidance": section.guidance,
    }
    form = forms.SectionForm(
        request.POST or None, sections=sections, exclude=_descendants(sections, section), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        call = partial(services.section_update, section=section, actor=request.user, **form.cleaned_data)
        if _run(request, form, call, _("Section saved.")):
            return redirect("reporting:template_detail", template.pk)
    return _form_page(request, template, form, _("Change a section"))


def _post_action(request, template_id: int, act, success: str):
    template = _editable(request, template_id)
    if template is None:
        return _refused(template_id)
    try:
        act(template)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("reporting:template_detail", template_id)


@require_POST
def section_move(request, template_id: int, section_id: int):
    def act(template):
        section = _section_of(template, section_id)
        services.section_move(section=section, actor=request.user, direction=request.POST.get("direction", ""))

    return _post_action(request, template_id, act, _("Section moved."))


@require_POST
def section_delete(request, template_id: int, section_id: int):
    def act(template):
        services.section_delete(section=_section_of(template, section_id), actor=request.user)

    return _post_action(request, template_id, act, _("Section deleted, with its fields and the sections under it."))


def _field_of(template: ReportTemplate, field_id: int) -> Field:
    item = Field.objects.select_related("section__template").filter(section__template=template, pk=field_id).first()
    if item is None:
        raise Http404
    return item


def field_create(request, template_id: int, section_id: int):
    template = _editable(request, template_id)
    if template is None:
        return _refused(template_id)
    section = _section_of(template, section_id)
    form = forms.FieldForm(request.POST or None, initial={"kind": FieldKind.FIGURE})
    if request.method == "POST" and form.is_valid():
        call = partial(services.field_create, section=section, actor=request.user, **form.cleaned_data)
        if _run(request, form, call, _("Field added.")):
            return redirect("reporting:template_detail", template.pk)
    return _form_page(request, template, form, _("Add a field"), target=section)


def field_edit(request, template_id: int, field_id: int):
    template = _editable(request, template_id)
    if template is None:
        return _refused(template_id)
    item = _field_of(template, field_id)
    initial = {"kind": item.kind, "label": item.label, "figure_key": item.figure_key, "level": item.level}
    form = forms.FieldForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        call = partial(services.field_update, field=item, actor=request.user, **form.cleaned_data)
        if _run(request, form, call, _("Field saved.")):
            return redirect("reporting:template_detail", template.pk)
    return _form_page(request, template, form, _("Change a field"), target=item.section)


@require_POST
def field_move(request, template_id: int, field_id: int):
    def act(template):
        item = _field_of(template, field_id)
        services.field_move(field=item, actor=request.user, direction=request.POST.get("direction", ""))

    return _post_action(request, template_id, act, _("Field moved."))


@require_POST
def field_delete(request, template_id: int, field_id: int):
    def act(template):
        services.field_delete(field=_field_of(template, field_id), actor=request.user)

    return _post_action(request, template_id, act, _("Field deleted."))


def _appendix_of(template: ReportTemplate, appendix_id: int) -> Appendix:
    appendix = Appendix.objects.filter(template=template, pk=appendix_id).first()
    if appendix is None:
        raise Http404
    return appendix


def appendix_cells(request, template_id: int, appendix_id: int):
    template = _editable(request, template_id)
    if template is None:
        return _refused(template_id)
    appendix = _appendix_of(template, appendix_id)
    structure = engine.appendix_structure(appendix)
    levels = _level_names()
    report = engine.FilledReport(template_name="", title="", style="", unit_name="", appendices=[structure])
    _describe(report, levels)
    cells = [(_("Header"), cell) for row in structure.header for cell in row]
    if appendix.kind == AppendixKind.TABLE:
        cells += [(_("Body"), cell) for row in structure.rows for cell in row]
    return render(
        request,
        "reporting/appendix_cells.html",
        {"template": template, "appendix": structure, "cells": cells, "section": SECTION},
    )


def appendix_cell_edit(request, template_id: int, appendix_id: int, cell: str):
    template = _editable(request, template_id)
    if template is None:
        return _refused(template_id)
    appendix = _appendix_of(template, appendix_id)
    structure = engine.appendix_structure(appendix)
    current = next((c for row in structure.header + structure.rows for c in row if c.key == cell), None)
    if current is None:
        raise Http404
    header = cell.startswith("h") or appendix.kind == AppendixKind.LISTING
    content = (
        "figure" if current.figure_key else "manual" if current.manual else "free_text" if current.free_text else "text"
    )
    initial = {
        "content": content,
        "text": current.text,
        "figure_key": current.figure_key,
        "level": current.level,
        "italic": current.italic,
        "bold": current.bold,
    }
    form = forms.CellForm(request.POST or None, initial=initial, header=header)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def call():
            services.appendix_cell_update(
                appendix=appendix,
                actor=request.user,
                cell=cell,
                text=data["text"],
                figure_key=data["figure_key"] if data["content"] == "figure" else "",
                level=data["level"] if data["content"] == "figure" else "",
                manual=data["content"] == "manual",
                free_text=data["content"] == "free_text",
                italic=data["italic"],
                bold=data["bold"],
            )

        if _run(request, form, call, _("Cell saved.")):
            return redirect("reporting:appendix_cells", template.pk, appendix.pk)
    title = _("Cell %(cell)s of %(appendix)s") % {"cell": cell, "appendix": appendix.number}
    return _form_page(request, template, form, title, appendix=appendix)


# Preview: the figures now


def _default_window(template: ReportTemplate) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    date_from = template.default_date_from or today.replace(month=1, day=1)
    date_to = template.default_date_to or today
    return date_from, max(date_from, date_to)


def _preview_form(request, template, data):
    _require(permissions.can_preview_reports(request.user))
    units = permissions.report_preview_units(request.user).select_related("parent").order_by("path")
    date_from, date_to = _default_window(template)
    return forms.PreviewForm(
        data, units=units, initial={"unit": units.first(), "date_from": date_from, "date_to": date_to}
    )


def template_preview(request, template_id: int):
    template = permissions.get_template_for_user(request.user, template_id)
    form = _preview_form(request, template, request.GET or None)
    report = problems = None
    if form.is_valid():
        data = form.cleaned_data
        report = engine.fill(template, unit=data["unit"], date_from=data["date_from"], date_to=data["date_to"])
        _describe(report, _level_names())
        problems = engine.errors_of(report)
    return render(
        request,
        "reporting/preview.html",
        {
            "template": template,
            "form": form,
            "report": report,
            "problems": problems,
            "export_kinds": ExportKind.choices,
            "section": SECTION,
        },
    )


@require_POST
def template_preview_export(request, template_id: int):
    """Export the preview (Word, Excel appendices, PDF) through the exports app."""
    template = permissions.get_template_for_user(request.user, template_id)
    form = _preview_form(request, template, request.POST)
    kind = request.POST.get("kind", "")
    if not form.is_valid():
        messages.error(request, _("Choose a unit and a window first."))
        return redirect("reporting:template_preview", template.pk)
    data = form.cleaned_data
    try:
        job = export_start(
            user=request.user,
            builder=PREVIEW,
            params={
                "template_id": template.pk,
                "unit_id": data["unit"].pk,
                "date_from": data["date_from"].isoformat(),
                "date_to": data["date_to"].isoformat(),
            },
            kind=kind,
            label=f"{template.name} – {data['unit'].name}",
            unit=data["unit"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reporting:template_preview", template.pk)
    return redirect(job.get_absolute_url())
