"""Screens of the implementation programme: plans and documents, tasks, due items and progress,
dissemination, inspections and propaganda. Thin views: authorise, validate, call one service."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from accounts import permissions
from baove.forms import apply_validation_error
from baove.lib.xlsx import xlsx_response
from programme import forms, selectors, services
from programme.models import (
    PLAN_KINDS,
    Dissemination,
    DocumentKind,
    DueStatus,
    Inspection,
    PropagandaItem,
    Timing,
)

SECTION = "programme"


def _page(request, rows):
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _filters(form) -> dict:
    return (
        {key: value for key, value in form.cleaned_data.items() if value not in (None, "", False)}
        if (form.is_valid())
        else {}
    )


def _upload_ok(request, form) -> bool:
    """False (with the error on the form) when the upload was stopped at the size cap."""
    if getattr(request, "upload_refused", None):
        form.add_error(
            "file",
            _("The file is larger than %(limit)s MB.") % {"limit": settings.EVIDENCE_MAX_FILE_BYTES // 2**20},
        )
        return False
    return True


def _exporting(request) -> bool:
    return request.GET.get("export") == "xlsx"


def _names(units) -> str:
    return ", ".join(unit.name for unit in units)


def _numbers(documents) -> str:
    return ", ".join(document.number for document in documents)


def _timing_label(task) -> str:
    if task.timing == Timing.DUE_DATE and task.due_on:
        return _("By %(date)s") % {"date": task.due_on.strftime("%d/%m/%Y")}
    if task.timing == Timing.RECURRING:
        return _("Every %(days)s") % {"days": task.recurrence.replace(",", ", ")}
    return str(task.get_timing_display())


# Plans and documents


def _document_list(request, *, plans: bool):
    _require(permissions.can_see_programme(request.user))
    search = forms.DocumentFilterForm(request.GET or None, user=request.user, plans=plans)
    rows = selectors.documents_for(request.user, plans_only=plans, **_filters(search))
    if _exporting(request):
        return xlsx_response(
            "ke-hoach" if plans else "van-ban",
            _("Plans") if plans else _("Documents"),
            [
                _("Document number"),
                _("Issued on"),
                _("Kind of text"),
                _("Issuing body"),
                _("Title"),
                _("Summary"),
                _("Party document"),
                _("Legal normative document"),
                _("Implements"),
                _("Unit"),
                _("Overdue items"),
            ],
            (
                [
                    d.number,
                    d.issued_on,
                    d.get_kind_display(),
                    d.issuer_label,
                    d.title,
                    d.summary,
                    d.is_party,
                    d.is_legal_normative,
                    d.implements.number if d.implements_id else "",
                    d.unit.name if d.unit_id else _("National"),
                    d.overdue_count,
                ]
                for d in rows
            ),
        )
    return render(
        request,
        "programme/document_list.html",
        {
            "search": search,
            "page_obj": _page(request, rows),
            "plans": plans,
            "can_record": permissions.programme_units(request.user).exists(),
            "tab": "plans" if plans else "documents",
            "section": SECTION,
        },
    )


def plan_list(request):
    return _document_list(request, plans=True)


def document_list(request):
    return _document_list(request, plans=False)


def _document_kwargs(data: dict) -> dict:
    data = dict(data)
    data.pop("remove_file", None)
    return data


def document_create(request):
    _require(permissions.programme_units(request.user).exists())
    kind = request.GET.get("kind", "")
    initial = {"kind": kind} if kind in DocumentKind.values else {}
    form = forms.DocumentForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and _upload_ok(request, form) and form.is_valid():
        try:
            document = services.document_create(actor=request.user, **_document_kwargs(form.cleaned_data))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Document %(number)s recorded.") % {"number": document.number})
            return redirect("programme:document_detail", document.pk)
    return render(request, "programme/document_form.html", {"form": form, "document": None, "section": SECTION})


def document_edit(request, document_id: int):
    document = permissions.get_document_for_user(request.user, document_id, write=True)
    form = forms.DocumentForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        document=document,
        initial=forms.document_initial(document),
    )
    if request.method == "POST" and _upload_ok(request, form) and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_update(
                actor=request.user,
                document=document,
                remove_file=data.get("remove_file", False),
                **_document_kwargs(data),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Document saved."))
            return redirect("programme:document_detail", document.pk)
    return render(request, "programme/document_form.html", {"form": form, "document": document, "section": SECTION})


def _year(request, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 1945 <= year <= 2100 else default


def document_detail(request, document_id: int):
    document = permissions.get_document_for_user(request.user, document_id)
    today = timezone.localdate()
    below = list(selectors.chain_below(request.user, document, today))
    for child in below:
        child.indent = min(child.depth - document.depth, 4)
    context = {
        "document": document,
        "above": selectors.chain_above(request.user, document),
        "below": below,
        "can_write": permissions.can_record_programme(request.user, document.unit),
        "today": today,
        "tab": "plans" if document.is_plan else "documents",
        "section": SECTION,
    }
    if document.kind in PLAN_KINDS:
        year = _year(request, today.year)
        items = list(selectors.plan_due_items(document).filter(due_on__year=year))
        for item in items:
            item.overdue = item.is_overdue(today)
        tasks = selectors.plan_tasks(document)
        for task in tasks:
            task.timing_label = _timing_label(task)
        context.update(
            tasks=tasks,
            due_items=items,
            year=year,
            years=[year - 1, year + 1],
            overdue_count=selectors.plan_overdue_count(document, today),
        )
    return render(request, "programme/document_detail.html", context)


def _file_response(field, name: str):
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), as_attachment=True, filename=name or field.name.rsplit("/", 1)[-1])


def document_file(request, document_id: int):
    document = permissions.get_document_for_user(request.user, document_id)
    return _file_response(document.file, document.file_name)


# Tasks


def task_list(request):
    _require(permissions.can_see_programme(request.user))
    search = forms.TaskFilterForm(request.GET or None, user=request.user)
    rows = selectors.tasks_for(request.user, **_filters(search))
    if _exporting(request):
        rows = rows.prefetch_related("coordinating_units", "assignees")
        return xlsx_response(
            "nhiem-vu",
            _("Tasks"),
            [
                pgettext("programme", "Plan"),
                _("Order"),
                _("Task"),
                _("Lead unit"),
                _("Coordinating units"),
                _("Units that must do it"),
                _("Time frame"),
                _("Expected result"),
            ],
            (
                [
                    t.plan.number,
                    t.order,
                    t.title,
                    t.lead_unit.name,
                    ", ".join(filter(None, [_names(t.coordinating_units.all()), t.coordinating_note])),
                    _names(t.assignees.all()),
                    _timing_label(t),
                    t.expected_result,
                ]
                for t in rows
            ),
        )
    page = _page(request, rows)
    for task in page:
        task.timing_label = _timing_label(task)
    return render(
        request,
        "programme/task_list.html",
        {"search": search, "page_obj": page, "tab": "tasks", "section": SECTION},
    )


def task_create(request, document_id: int):
    plan = permissions.get_document_for_user(request.user, document_id, write=True)
    if plan.kind not in PLAN_KINDS:
        raise Http404
    form = forms.TaskForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(actor=request.user, plan=plan, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Task added; its due items were created."))
            return redirect("programme:task_detail", task.pk)
    return render(request, "programme/task_form.html", {"form": form, "plan": plan, "task": None, "section": SECTION})


def task_edit(request, task_id: int):
    task = permissions.get_task_for_user(request.user, task_id, write=True)
    form = forms.TaskForm(request.POST or None, plan=task.plan, initial=forms.task_initial(task))
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        kwargs["order"] = kwargs.get("order") or task.order
        try:
            services.task_update(actor=request.user, task=task, **kwargs)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Task saved."))
            return redirect("programme:task_detail", task.pk)
    return render(
        request, "programme/task_form.html", {"form": form, "plan": task.plan, "task": task, "section": SECTION}
    )


def task_detail(request, task_id: int):
    task = permissions.get_task_for_user(request.user, task_id)
    today = timezone.localdate()
    items = list(task.due_items.select_related("unit").order_by("due_on", "unit__path"))
    for item in items:
        item.overdue = item.is_overdue(today)
    progress = list(task.progress.select_related("unit", "due_item", "recorded_by").order_by("-reported_on", "-pk"))
    return render(
        request,
        "programme/task_detail.html",
        {
            "task": task,
            "timing_label": _timing_label(task),
            "coordinating": list(task.coordinating_units.all()),
            "assignees": list(task.assignees.all()),
            "due_items": items,
            "progress": progress,
            "can_write": permissions.can_record_programme(request.user, task.plan.unit),
            "can_report": forms.ProgressForm(user=request.user, task=task).fields["unit"].queryset.exists(),
            "tab": "tasks",
            "section": SECTION,
        },
    )


# Progress and due items


def progress_create(request, task_id: int):
    task = permissions.get_task_for_user(request.user, task_id)
    initial = {"reported_on": timezone.localdate()}
    due = request.GET.get("due", "")
    form = forms.ProgressForm(request.POST or None, request.FILES or None, user=request.user, task=task)
    if due.isdigit():
        item = form.fields["due_item"].queryset.filter(pk=int(due)).first()
        if item is not None:
            initial.update(due_item=item.pk, unit=item.unit_id)
    form.initial = initial
    _require(form.fields["unit"].queryset.exists())
    if request.method == "POST" and _upload_ok(request, form) and form.is_valid():
        try:
            services.progress_report(actor=request.user, task=task, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect("programme:task_detail", task.pk)
    return render(
        request, "programme/progress_form.html", {"form": form, "task": task, "update": None, "section": SECTION}
    )


def progress_edit(request, progress_id: int):
    update = permissions.get_progress_for_user(request.user, progress_id, write=True)
    form = forms.ProgressEditForm(
        request.POST or None,
        request.FILES or None,
        initial={"reported_on": update.reported_on, "text": update.text, "percent": update.percent},
    )
    if request.method == "POST" and _upload_ok(request, form) and form.is_valid():
        try:
            services.progress_update(actor=request.user, update=update, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Progress saved."))
            return redirect("programme:task_detail", update.task_id)
    return render(
        request,
        "programme/progress_form.html",
        {"form": form, "task": update.task, "update": update, "section": SECTION},
    )


def progress_file(request, progress_id: int):
    update = permissions.get_progress_for_user(request.user, progress_id)
    return _file_response(update.file, update.file_name)


def progress_list(request):
    _require(permissions.can_see_programme(request.user))
    search = forms.ProgressFilterForm(request.GET or None, user=request.user)
    rows = selectors.progress_for(request.user, **_filters(search))
    if _exporting(request):
        return xlsx_response(
            "tien-do",
            _("Progress"),
            [
                _("Reported on"),
                pgettext("programme", "Plan"),
                _("Task"),
                _("Unit"),
                _("Due on"),
                _("Percent done"),
                _("Done"),
                _("Work done"),
            ],
            (
                [
                    p.reported_on,
                    p.task.plan.number,
                    p.task.title,
                    p.unit.name,
                    p.due_item.due_on if p.due_item_id else "",
                    p.percent,
                    p.done,
                    p.text,
                ]
                for p in rows
            ),
        )
    return render(
        request,
        "programme/progress_list.html",
        {"search": search, "page_obj": _page(request, rows), "tab": "progress", "section": SECTION},
    )


def _due_page(request, rows, *, title: str, tab: str, search=None, filename: str):
    today = timezone.localdate()
    if _exporting(request):
        return xlsx_response(
            filename,
            title,
            [
                pgettext("programme", "Plan"),
                _("Task"),
                _("Unit"),
                _("Due on"),
                _("Status"),
                _("Done on"),
                _("Overdue"),
                _("Note"),
            ],
            (
                [
                    item.task.plan.number,
                    item.task.title,
                    item.unit.name,
                    item.due_on,
                    item.get_status_display(),
                    item.done_on,
                    item.is_overdue(today),
                    item.note,
                ]
                for item in rows
            ),
        )
    page = _page(request, rows)
    for item in page:
        item.overdue = item.is_overdue(today)
    return render(
        request,
        "programme/due_list.html",
        {"search": search, "page_obj": page, "title": title, "tab": tab, "section": SECTION},
    )


def due_list(request):
    _require(permissions.can_see_programme(request.user))
    search = forms.DueFilterForm(request.GET or None, user=request.user)
    rows = selectors.due_items_for(request.user, **_filters(search))
    return _due_page(request, rows, title=_("Due items"), tab="due", search=search, filename="han-bao-cao")


def overdue_list(request):
    _require(permissions.can_see_programme(request.user))
    rows = selectors.overdue_items(request.user)
    return _due_page(request, rows, title=_("Overdue tasks"), tab="overdue", filename="qua-han")


def due_item_edit(request, item_id: int):
    item = permissions.due_items_visible_to(request.user).select_related("task__plan__unit", "unit").filter(pk=item_id)
    item = item.first()
    if item is None:
        raise Http404
    _require(permissions.can_record_programme(request.user, item.task.plan.unit))
    form = forms.DueItemForm(
        request.POST or None,
        initial={
            "status": DueStatus.OPEN if item.status == DueStatus.OPEN else "closed",
            "done_on": item.done_on,
            "note": item.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.due_item_update(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Due item saved."))
            return redirect("programme:task_detail", item.task_id)
    return render(request, "programme/due_item_form.html", {"form": form, "item": item, "section": SECTION})


# Activities: one shape for dissemination events, inspections and propaganda items


@dataclass(frozen=True)
class Activity:
    name: str
    model: type
    record_form: type
    filter_form: type
    save: Callable
    title: str
    new_label: str
    header: Callable[[], list]
    row: Callable[[object], list]
    facts: Callable[[object], list]
    can_record: Callable
    units: Callable


def _dissemination_row(r) -> list:
    return [
        r.held_on,
        r.unit.name,
        r.get_form_display(),
        r.title,
        r.sessions,
        r.participants,
        r.materials,
        r.organised_by_committee,
        _numbers(r.concerning.all()),
    ]


def _inspection_row(r) -> list:
    return [
        r.started_on,
        r.ended_on,
        r.unit.name,
        r.get_body_kind_display(),
        r.get_activity_kind_display(),
        r.get_basis_display(),
        r.title,
        _numbers(r.concerning.all()),
        _names(r.units_covered.all()),
        r.other_units,
        r.other_units_count,
        r.findings,
        r.heads_disciplined,
        r.heads_not_disciplined,
        r.sanctions_proposed,
        r.sanctions_applied,
    ]


def _propaganda_row(r) -> list:
    return [
        r.published_on,
        r.unit.name,
        r.get_medium_display(),
        r.outlet,
        r.title,
        r.count,
        _numbers(r.concerning.all()),
    ]


def _facts(record, names: list[str]) -> list[tuple[str, object]]:
    facts = []
    for name in names:
        field = record._meta.get_field(name)
        if field.many_to_many:
            value = ", ".join(str(obj) if name == "concerning" else obj.name for obj in getattr(record, name).all())
        elif field.choices:
            value = getattr(record, f"get_{name}_display")()
        elif field.is_relation:
            value = getattr(record, name).name
        else:
            value = getattr(record, name)
        facts.append((field.verbose_name, value))
    return facts


ACTIVITIES = {
    "dissemination": Activity(
        name="dissemination",
        model=Dissemination,
        record_form=forms.DisseminationRecordForm,
        filter_form=forms.DisseminationFilterForm,
        save=services.dissemination_save,
        title=gettext_lazy("Dissemination"),
        new_label=gettext_lazy("Record a dissemination event"),
        header=lambda: [
            _("Held on"),
            _("Unit"),
            _("Form of dissemination"),
            _("Title"),
            _("Number of sessions"),
            _("Participants"),
            _("Materials"),
            _("Organised by the Party committee"),
            _("Texts"),
        ],
        row=_dissemination_row,
        facts=lambda r: _facts(
            r,
            [
                "unit",
                "held_on",
                "form",
                "title",
                "sessions",
                "participants",
                "materials",
                "organised_by_committee",
                "concerning",
                "note",
            ],
        ),
        can_record=permissions.can_record_programme,
        units=permissions.programme_units,
    ),
    "inspection": Activity(
        name="inspection",
        model=Inspection,
        record_form=forms.InspectionRecordForm,
        filter_form=forms.InspectionFilterForm,
        save=services.inspection_save,
        title=gettext_lazy("Inspections and supervision"),
        new_label=gettext_lazy("Record an inspection or supervision"),
        header=lambda: [
            _("Started on"),
            _("Ended on"),
            _("Conducted by"),
            _("Kind of body"),
            _("Activity"),
            _("Planned or ad hoc"),
            _("Title"),
            _("Texts"),
            _("Units covered"),
            _("Other bodies covered"),
            _("Number of other bodies covered"),
            _("Findings"),
            _("Heads disciplined"),
            _("Heads not disciplined"),
            _("Number of sanctions proposed"),
            _("Number of sanctions applied"),
        ],
        row=_inspection_row,
        facts=lambda r: _facts(
            r,
            [
                "unit",
                "body_kind",
                "activity_kind",
                "basis",
                "started_on",
                "ended_on",
                "title",
                "concerning",
                "units_covered",
                "other_units",
                "other_units_count",
                "findings",
                "heads_disciplined",
                "heads_not_disciplined",
                "sanctions_proposed",
                "sanctions_proposed_text",
                "sanctions_applied",
                "sanctions_applied_text",
            ],
        ),
        can_record=permissions.can_record_inspection,
        units=permissions.inspection_units,
    ),
    "propaganda": Activity(
        name="propaganda",
        model=PropagandaItem,
        record_form=forms.PropagandaRecordForm,
        filter_form=forms.PropagandaFilterForm,
        save=services.propaganda_save,
        title=gettext_lazy("Propaganda"),
        new_label=gettext_lazy("Record propaganda items"),
        header=lambda: [_("Published on"), _("Unit"), _("Medium"), _("Outlet"), _("Title"), _("Items"), _("Texts")],
        row=_propaganda_row,
        facts=lambda r: _facts(r, ["unit", "published_on", "medium", "outlet", "title", "count", "concerning"]),
        can_record=permissions.can_record_programme,
        units=permissions.programme_units,
    ),
}


def activity_list(request, spec: Activity):
    _require(permissions.can_see_programme(request.user))
    search = spec.filter_form(request.GET or None, user=request.user)
    rows = selectors.activities_for(request.user, spec.model, **_filters(search))
    if _exporting(request):
        return xlsx_response(spec.name, str(spec.title), spec.header(), (spec.row(r) for r in rows))
    page = _page(request, rows)
    return render(
        request,
        "programme/activity_list.html",
        {
            "spec": spec,
            "search": search,
            "page_obj": page,
            "header": spec.header()[:7],
            "rows": [(record, spec.row(record)[:7]) for record in page],
            "can_record": spec.units(request.user).exists(),
            "tab": spec.name,
            "section": SECTION,
        },
    )


def activity_form(request, spec: Activity, record_id: int | None = None):
    record = None
    if record_id is None:
        _require(spec.units(request.user).exists())
        initial = {}
    else:
        record = permissions.get_programme_record_for_user(request.user, spec.model, record_id, write=True)
        initial = forms.record_initial(record, spec.record_form)
    form = spec.record_form(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = spec.save(actor=request.user, record=record, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"programme:{spec.name}_detail", saved.pk)
    return render(
        request,
        "programme/activity_form.html",
        {"spec": spec, "form": form, "record": record, "tab": spec.name, "section": SECTION},
    )


def activity_detail(request, spec: Activity, record_id: int):
    record = permissions.get_programme_record_for_user(request.user, spec.model, record_id)
    return render(
        request,
        "programme/activity_detail.html",
        {
            "spec": spec,
            "record": record,
            "facts": spec.facts(record),
            "can_write": spec.can_record(request.user, record.unit),
            "tab": spec.name,
            "section": SECTION,
        },
    )
