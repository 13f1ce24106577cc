import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import permissions
from accounts.models import Role
from baove.forms import apply_validation_error
from org import forms, importing, selectors, services
from org.models import AdministrativeLevel, Unit, UnitKind

MAX_INDENT = 4  # staff.css has indent-1 … indent-4


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    indent: int
    status: str  # "active", "ended" or "future"


def _status(unit: Unit, today) -> str:
    if unit.valid_to is not None and unit.valid_to < today:
        return "ended"
    if unit.valid_from is not None and unit.valid_from > today:
        return "future"
    return "active"


def _filters(form: forms.UnitSearchForm) -> dict:
    if not form.is_bound:
        return {}
    form.is_valid()  # a filter with a bad value is ignored, the others still apply
    return form.cleaned_data


def unit_list(request):
    search = forms.UnitSearchForm(request.GET or None)
    filters = _filters(search)
    today = timezone.localdate()
    listing = selectors.unit_listing(
        user=request.user,
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        level=filters.get("level"),
        status=filters.get("status", ""),
        today=today,
    )
    page = Paginator(listing.ids, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        UnitRow(unit, min(unit.depth - listing.base_depth, MAX_INDENT), _status(unit, today))
        for unit in selectors.units_in_order(list(page.object_list))
    ]
    return render(
        request,
        "org/unit_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "search": search,
            "can_create": permissions.can_create_units(request.user),
            "section": "units",
        },
    )


def unit_detail(request, unit_id):
    unit = permissions.get_unit_for_user(request.user, unit_id)
    can_manage = permissions.can_manage_unit(request.user, unit)
    parent_visible = (
        unit.parent_id is not None and permissions.visible_units(request.user).filter(pk=unit.parent_id).exists()
    )
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "status": _status(unit, timezone.localdate()),
            "parent_visible": parent_visible,
            "children": selectors.unit_children(user=request.user, unit=unit),
            "can_manage": can_manage,
            "role_holders": selectors.unit_role_holders(unit=unit) if can_manage else None,
            "section": "units",
        },
    )


def _unit_fields(data: dict) -> dict:
    names = ("code", "name", "kind", "level", "parent", "valid_from", "valid_to", "published", "headcount")
    return {name: data[name] for name in names}


def _require_unit_creator(user) -> None:
    if not permissions.can_create_units(user):
        raise PermissionDenied


def unit_create(request):
    _require_unit_creator(request.user)
    parents = permissions.units_with_role(request.user, Role.ADMIN)
    initial = {"published": True}
    parent_id = request.GET.get("parent", "")
    if parent_id.isdigit() and parents.filter(pk=parent_id).exists():
        initial["parent"] = int(parent_id)
    form = forms.UnitForm(
        request.POST or None,
        initial=initial,
        parents=parents,
        allow_root=permissions.can_create_root_units(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, **_unit_fields(form.cleaned_data))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Unit %(name)s created.") % {"name": unit.name})
            return redirect("org:unit_detail", unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": None, "section": "units"})


def unit_edit(request, unit_id):
    unit = permissions.get_unit_for_user(request.user, unit_id, manage=True)
    # Any unit the user administers outside this unit's own subtree, and the current parent even if not.
    parents = (permissions.units_with_role(request.user, Role.ADMIN) | Unit.objects.filter(pk=unit.parent_id)).exclude(
        path__startswith=unit.path
    )
    initial = {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "level": unit.level_id,
        "parent": unit.parent_id,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "published": unit.published,
        "headcount": unit.headcount,
    }
    form = forms.UnitForm(
        request.POST or None,
        initial=initial,
        parents=parents,
        allow_root=permissions.can_create_root_units(request.user) or unit.parent_id is None,
        with_reason=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(
                actor=request.user, unit=unit, reason=form.cleaned_data["reason"], **_unit_fields(form.cleaned_data)
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Unit %(name)s saved.") % {"name": form.cleaned_data["name"]})
            return redirect("org:unit_detail", unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit, "section": "units"})


def unit_import(request):
    _require_unit_creator(request.user)
    form = forms.UnitImportForm(request.POST or None, request.FILES or None)
    problems: list[importing.Problem] = []
    if getattr(request, "upload_refused", None):  # baove.uploads stopped the upload: no file reached the form
        limit = filesizeformat(settings.UNIT_IMPORT_MAX_BYTES)
        problems = [
            importing.Problem(
                None, "", _("The file is larger than %(limit)s; split it into smaller files.") % {"limit": limit}
            )
        ]
    if request.method == "POST" and form.is_valid():
        try:
            created = services.unit_import_csv(actor=request.user, file=form.cleaned_data["file"])
        except importing.UnitImportRejected as rejected:
            problems = rejected.problems
        else:
            count = len(created)
            messages.success(
                request,
                ngettext("%(count)d unit imported.", "%(count)d units imported.", count) % {"count": count},
            )
            return redirect("org:unit_list")
    return render(
        request,
        "org/unit_import.html",
        {
            "form": form,
            "problems": problems,
            "kinds": UnitKind.choices,
            "levels": AdministrativeLevel.objects.all(),
            "max_rows": importing.MAX_ROWS,
            "max_bytes": settings.UNIT_IMPORT_MAX_BYTES,
            "section": "units",
        },
    )


def unit_import_template(request):
    _require_unit_creator(request.user)
    parent = permissions.units_with_role(request.user, Role.ADMIN).order_by("depth", "pk").first()
    # Only our own example goes into the file; a code that a spreadsheet would run as a formula is left out.
    parent_code = parent.code if parent and not parent.code.startswith(("=", "+", "-", "@")) else ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(importing.COLUMNS)
    writer.writerow(["DU-XA-AB", "Đảng ủy xã An Bình", "Cấp ủy đảng", "Cấp xã", parent_code, "01/07/2025", "", "có"])
    writer.writerow(
        [
            "UBKT-XA-AB",
            "Ủy ban Kiểm tra Đảng ủy xã An Bình",
            "inspection_commission",
            "commune",
            "DU-XA-AB",
            "",
            "",
            "1",
        ]
    )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-don-vi.csv"'
    return response
