import csv
import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import permissions
from baove.figures import FIGURES, compute_records
from baove.lib.xlsx import XLSX_CONTENT_TYPE, workbook_bytes, xlsx_response
from history import forms, selectors, services
from history.models import AggregateFigure, BatchStatus, ImportKind
from history.registers import REGISTERS
from history.tabular import MAX_BYTES, MAX_ROWS, ImportRejected

SECTION = "history"
FORMULA_PREFIXES = ("=", "+", "-", "@")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _page(request, rows):
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _register(kind: str):
    register = REGISTERS.get(kind)
    if register is None:
        raise Http404
    return register


def home(request):
    _require(permissions.can_use_history(request.user))
    registers = [(kind, ImportKind(kind).label, REGISTERS[kind].intro) for kind in REGISTERS]
    return render(
        request,
        "history/home.html",
        {
            "registers": registers,
            "batches": selectors.batches_for(request.user)[:10],
            "section": SECTION,
        },
    )


# Importing


def import_register(request, kind):
    _require(permissions.can_use_history(request.user))
    register = _register(kind)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.register_import(kind=kind, actor=request.user, file=upload, filename=upload.name)
        except ImportRejected as rejected:
            problems = rejected.problems
        else:
            messages.success(
                request,
                ngettext("%(count)d row imported.", "%(count)d rows imported.", batch.row_count)
                % {"count": batch.row_count},
            )
            return redirect("history:batch_detail", batch.pk)
    units = permissions.history_units(request.user).select_related("level").order_by("path")
    figures = [FIGURES[key] for key in sorted(FIGURES)] if kind == ImportKind.AGGREGATES else []
    return render(
        request,
        "history/import.html",
        {
            "kind": kind,
            "kind_label": ImportKind(kind).label,
            "register": register,
            "form": form,
            "problems": problems,
            "units": units[:300],
            "more_units": units.count() > 300,
            "figures": figures,
            "max_rows": MAX_ROWS,
            "max_bytes": MAX_BYTES,
            "section": SECTION,
        },
        status=400 if problems else 200,
    )


def _template_rows(request, register) -> list[list[str]]:
    unit = permissions.history_units(request.user).order_by("path").first()
    # Only our own example goes into the file; a code a spreadsheet would run as a formula is left out.
    code = unit.code if unit and not unit.code.startswith(FORMULA_PREFIXES) else ""
    with translation.override("vi"):
        header = [str(column.label) for column in register.columns]
    return [header, *register.example_rows(code)]


def import_template(request, kind, fmt):
    _require(permissions.can_use_history(request.user))
    register = _register(kind)
    rows = _template_rows(request, register)
    filename = f"mau-nhap-lich-su-{kind}"
    if fmt == "xlsx":
        response = HttpResponse(workbook_bytes(str(ImportKind(kind).label), rows[0], rows[1:]), XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


# Batches


def batch_list(request):
    _require(permissions.can_use_history(request.user))
    search = forms.BatchFilterForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    rows = selectors.batches_for(
        request.user, q=filters.get("q", ""), kind=filters.get("kind", ""), status=filters.get("status", "")
    )
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "lo-nhap-du-lieu-lich-su",
            _("Import batches"),
            [_("No."), _("Register"), _("File"), _("Rows"), _("Records"), _("Unit"), _("Imported by"), _("Imported at"),
             _("Status")],
            (
                [batch.pk, batch.get_kind_display(), batch.file_name, batch.row_count, batch.record_count,
                 batch.unit.name if batch.unit else "", str(batch.imported_by),
                 _local(batch.imported_at), batch.get_status_display()]
                for batch in rows
            ),
        )  # fmt: skip
    return render(
        request,
        "history/batch_list.html",
        {"search": search, "page_obj": _page(request, rows), "section": SECTION},
    )


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None)


def batch_detail(request, batch_id):
    batch = permissions.get_import_batch_for_user(request.user, batch_id)
    can_undo = batch.status == BatchStatus.IMPORTED and all(
        permissions.can_import_history_for(request.user, unit) for unit in batch.units.all()
    )
    return render(
        request,
        "history/batch_detail.html",
        {
            "batch": batch,
            "units": batch.units.order_by("path"),
            "counts": selectors.batch_counts(batch),
            "can_undo": can_undo,
            "section": SECTION,
        },
    )


@require_POST
def batch_undo(request, batch_id):
    batch = permissions.get_import_batch_for_user(request.user, batch_id, write=True)
    try:
        count = services.batch_undo(batch=batch, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        text = ngettext(
            "The batch was undone: %(count)d record deleted.", "The batch was undone: %(count)d records deleted.", count
        )
        messages.success(request, text % {"count": count})
    return redirect("history:batch_detail", batch.pk)


# Aggregate figures


def aggregate_list(request):
    _require(permissions.can_use_history(request.user))
    search = forms.AggregateFilterForm(request.GET or None, user=request.user)
    filters = search.cleaned_data if search.is_valid() else {}
    rows = selectors.aggregates_for(
        request.user, q=filters.get("q", ""), unit=filters.get("unit"), year=filters.get("year")
    )
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "so-lieu-tong-hop-lich-su",
            _("Aggregate figures"),
            [_("Unit code"), _("Unit"), _("Figure"), _("Key"), _("Administrative level"), _("From"), _("To"),
             _("Value"), _("Source")],
            (
                [row.unit.code, row.unit.name, _label(row.figure_key), row.figure_key, row.level, row.period_from,
                 row.period_to, row.value, row.note]
                for row in rows
            ),
        )  # fmt: skip
    page = _page(request, rows)
    for row in page:
        row.figure_label = _label(row.figure_key)
    return render(
        request,
        "history/aggregate_list.html",
        {
            "search": search,
            "page_obj": page,
            "can_enter": permissions.history_units(request.user).exists(),
            "section": SECTION,
        },
    )


def _label(key: str) -> str:
    spec = FIGURES.get(key)
    return str(spec.label) if spec else key


def aggregate_enter(request):
    """Choose a unit, a level and a period; then type the figures of that period in a grid."""
    _require(permissions.can_use_history(request.user))
    period = forms.AggregatePeriodForm(request.GET or None, user=request.user)
    context = {"period": period, "section": SECTION}
    if not period.is_valid():
        return render(request, "history/aggregate_enter.html", context)
    unit, level = period.cleaned_data["unit"], period.cleaned_data["level"]
    date_from, date_to = period.cleaned_data["period_from"], period.cleaned_data["period_to"]
    used = selectors.template_figure_keys()
    show_all = request.GET.get("all") == "1" or not used
    keys = [key for key in sorted(FIGURES) if (show_all or key in used) and (not level or FIGURES[key].by_level)]
    existing = {
        aggregate.figure_key: aggregate
        for aggregate in AggregateFigure.objects.filter(
            unit=unit, level=level, period_from=date_from, period_to=date_to
        )
    }
    initial = {forms.AggregateGridForm.field_name(key): existing[key].value for key in existing if key in keys}
    if existing:
        initial["note"] = next(iter(existing.values())).note
    grid = forms.AggregateGridForm(request.POST or None, keys=keys, initial=initial)
    if request.method == "POST":
        _require(permissions.can_import_history_for(request.user, unit))
        if grid.is_valid():
            try:
                counts = services.aggregates_save(
                    actor=request.user,
                    unit=unit,
                    level=level,
                    period_from=date_from,
                    period_to=date_to,
                    values=grid.values(),
                    note=grid.cleaned_data["note"],
                )
            except ValidationError as error:
                for key, errors in error.message_dict.items():
                    field = forms.AggregateGridForm.field_name(key) if key in keys else None
                    grid.add_error(field if field in grid.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("Saved: %(set)d figures set, %(removed)d removed.") % counts,
                )
                return redirect(request.get_full_path())
    show_records = request.GET.get("records") == "1"
    rows = []
    for key in keys:
        rows.append(
            {
                "key": key,
                "field": grid[forms.AggregateGridForm.field_name(key)],
                "records": compute_records(key, unit=unit, date_from=date_from, date_to=date_to, level=level or None)
                if show_records
                else None,
            }
        )
    context.update(
        grid=grid,
        rows=rows,
        unit=unit,
        show_records=show_records,
        show_all=show_all,
        can_save=permissions.can_import_history_for(request.user, unit),
    )
    return render(request, "history/aggregate_enter.html", context, status=400 if grid.errors else 200)


@require_POST
def aggregate_delete(request, aggregate_id):
    aggregate = permissions.get_aggregate_for_user(request.user, aggregate_id, write=True)
    services.aggregate_delete(actor=request.user, aggregate=aggregate)
    messages.success(request, _("The aggregate figure was deleted."))
    return redirect("history:aggregate_list")
