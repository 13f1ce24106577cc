import csv
import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import permissions
from baove.forms import apply_validation_error
from cases.models import Message, MessageKind
from retaliation import forms, importing, selectors, services
from retaliation.models import FINDING_STATUSES, IncidentStatus, PersonnelActionKind

SECTION = "retaliation"


def _page(request, rows):
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# Incidents


def incident_list(request):
    _require(permissions.can_see_retaliation(request.user))
    search = forms.IncidentFilterForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    rows = selectors.incidents_for(request.user, **filters)
    return render(
        request,
        "retaliation/incident_list.html",
        {
            "search": search,
            "page_obj": _page(request, rows),
            "can_record": permissions.retaliation_units(request.user).exists(),
            "section": SECTION,
        },
    )


def _perpetrators(data) -> list[services.PerpetratorData]:
    if not data.get("perpetrator_name"):
        return []
    return [
        services.PerpetratorData(
            name=data["perpetrator_name"],
            position=data["perpetrator_position"],
            unit_text=data["perpetrator_unit"],
            user=data["perpetrator_account"],
        )
    ]


def incident_create(request):
    _require(permissions.retaliation_units(request.user).exists())
    form = forms.IncidentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = services.incident_record(
                actor=request.user,
                unit=data["unit"],
                forms=data["forms"],
                occurred_on=data["occurred_on"],
                occurred_until=data["occurred_until"],
                description=data["description"],
                evidence=data["evidence"],
                perpetrators=_perpetrators(data),
                petition=data["petition_reference"],
                protection_case=data["case_reference"],
                reported_on=data["reported_on"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Incident %(reference)s recorded.") % {"reference": incident.reference})
            return redirect("retaliation:incident_detail", incident.pk)
    return render(request, "retaliation/incident_form.html", {"form": form, "message": None, "section": SECTION})


def incident_from_message(request, message_id: int):
    message = (
        Message.objects.filter(
            pk=message_id,
            kind=MessageKind.RETALIATION,
            from_reporter=True,
            petition__in=permissions.petitions_visible_to(request.user),
        )
        .select_related("petition__unit")
        .first()
    )
    if message is None:
        raise Http404
    _require(permissions.can_open_message_as_incident(request.user, message))
    existing = getattr(message, "retaliation_incident", None)
    if existing is not None:
        return redirect("retaliation:incident_detail", existing.pk)
    form = forms.IncidentFromMessageForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = services.incident_from_message(
                actor=request.user,
                message=message,
                forms=data["forms"],
                occurred_on=data["occurred_on"],
                occurred_until=data["occurred_until"],
                description=data["description"],
                evidence=data["evidence"],
                perpetrators=_perpetrators(data),
                protection_case=data["case_reference"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Incident %(reference)s recorded.") % {"reference": incident.reference})
            return redirect("retaliation:incident_detail", incident.pk)
    return render(request, "retaliation/incident_form.html", {"form": form, "message": message, "section": SECTION})


def _case_url(case_id: int) -> str:
    return reverse("protection:case_detail", args=[case_id])


def _render_detail(request, incident, *, status=200, **bound):
    can_write = permissions.can_record_retaliation(request.user, incident.unit)
    open_finding = incident.status not in FINDING_STATUSES
    confirmed = incident.status == IncidentStatus.CONFIRMED
    context = {
        "incident": incident,
        "perpetrators": list(incident.perpetrators.select_related("user")),
        "sanctions": list(incident.sanctions.select_related("perpetrator")),
        "heads": list(incident.heads_answerable.all()),
        "case_url": _case_url(incident.protection_case_id) if incident.protection_case_id else "",
        "can_write": can_write,
        "can_verify": can_write and incident.status == IncidentStatus.REPORTED,
        "conclude_form": (bound.get("conclude_form") or forms.ConcludeForm()) if can_write and open_finding else None,
        "perpetrator_form": (bound.get("perpetrator_form") or forms.PerpetratorForm()) if can_write else None,
        "sanction_form": (
            (bound.get("sanction_form") or forms.SanctionForm(incident=incident)) if can_write and confirmed else None
        ),
        "head_form": (bound.get("head_form") or forms.HeadForm()) if can_write and confirmed else None,
        "section": SECTION,
    }
    return render(request, "retaliation/incident_detail.html", context, status=status)


def incident_detail(request, incident_id: int):
    incident = permissions.get_incident_for_user(request.user, incident_id)
    return _render_detail(request, incident)


def _done(request, incident, text: str):
    messages.success(request, text)
    return redirect("retaliation:incident_detail", incident.pk)


@require_POST
def incident_verify(request, incident_id: int):
    incident = permissions.get_incident_for_user(request.user, incident_id, write=True)
    try:
        services.incident_verify(actor=request.user, incident=incident)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("retaliation:incident_detail", incident.pk)
    return _done(request, incident, _("The incident is being verified."))


@require_POST
def incident_conclude(request, incident_id: int):
    incident = permissions.get_incident_for_user(request.user, incident_id, write=True)
    form = forms.ConcludeForm(request.POST)
    if form.is_valid():
        try:
            services.incident_conclude(actor=request.user, incident=incident, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _done(request, incident, _("Finding recorded."))
    return _render_detail(request, incident, status=400, conclude_form=form)


@require_POST
def perpetrator_add(request, incident_id: int):
    incident = permissions.get_incident_for_user(request.user, incident_id, write=True)
    form = forms.PerpetratorForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.perpetrator_add(
            actor=request.user,
            incident=incident,
            data=services.PerpetratorData(
                name=data["name"], position=data["position"], unit_text=data["unit_text"], user=data["account"]
            ),
        )
        return _done(request, incident, _("Alleged perpetrator added."))
    return _render_detail(request, incident, status=400, perpetrator_form=form)


@require_POST
def sanction_add(request, incident_id: int):
    incident = permissions.get_incident_for_user(request.user, incident_id, write=True)
    form = forms.SanctionForm(request.POST, incident=incident)
    if form.is_valid():
        try:
            services.sanction_record(actor=request.user, incident=incident, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _done(request, incident, _("Sanction recorded."))
    return _render_detail(request, incident, status=400, sanction_form=form)


@require_POST
def head_add(request, incident_id: int):
    incident = permissions.get_incident_for_user(request.user, incident_id, write=True)
    form = forms.HeadForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["user"] = data.pop("account")
        try:
            services.head_accountability_record(actor=request.user, incident=incident, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _done(request, incident, _("Head held answerable recorded."))
    return _render_detail(request, incident, status=400, head_form=form)


# Personnel actions: the personnel officer learns nothing about who is protected.


def personnel(request):
    _require(permissions.can_record_personnel_actions(request.user))
    form = forms.PersonnelActionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.personnel_action_record(
                actor=request.user,
                id_number=data["id_number"],
                action=data["action"],
                effective_date=data["effective_date"],
                unit=data["unit"],
                note=data["note"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("retaliation:personnel")
    rows = permissions.personnel_actions_visible_to(request.user).select_related("unit")
    return render(
        request,
        "retaliation/personnel.html",
        {"form": form, "page_obj": _page(request, rows), "section": "personnel"},
        status=400 if form.errors else 200,
    )


def personnel_import(request):
    _require(permissions.can_record_personnel_actions(request.user))
    form = forms.PersonnelImportForm(request.POST or None, request.FILES or None)
    problems = []
    if getattr(request, "upload_refused", None):  # baove.uploads stopped the upload: no file reached the form
        limit = filesizeformat(importing.MAX_BYTES)
        problems = [
            importing.Problem(
                None, "", _("The file is larger than %(limit)s; split it into smaller files.") % {"limit": limit}
            )
        ]
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = services.personnel_actions_import(actor=request.user, file=upload, filename=upload.name)
        except importing.ImportRejected as rejected:
            problems = rejected.problems
        else:
            messages.success(
                request, ngettext("%(count)d action saved.", "%(count)d actions saved.", count) % {"count": count}
            )
            return redirect("retaliation:personnel")
    return render(
        request,
        "retaliation/personnel_import.html",
        {
            "form": form,
            "problems": problems,
            "actions": PersonnelActionKind.choices,
            "units": permissions.personnel_units(request.user),
            "max_rows": importing.MAX_ROWS,
            "max_bytes": importing.MAX_BYTES,
            "section": "personnel",
        },
    )


def _template_rows(user) -> list[list[str]]:
    unit = permissions.personnel_units(user).order_by("path").first()
    # Only our own example goes into the file; a code a spreadsheet would run as a formula is left out.
    code = unit.code if unit and not unit.code.startswith(("=", "+", "-", "@")) else ""
    return [
        list(importing.COLUMNS),
        ["001099012345", "Nguyễn Văn A", "điều chuyển", "01/07/2026", code, "Quyết định số 12/QĐ-UBND"],
        ["036199004321", "Trần Thị B", "appraisal", "15/12/2026", code, ""],
    ]


def personnel_template_csv(request):
    _require(permissions.can_record_personnel_actions(request.user))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(_template_rows(request.user))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-bien-dong-nhan-su.csv"'
    return response


def personnel_template_xlsx(request):
    _require(permissions.can_record_personnel_actions(request.user))
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in _template_rows(request.user):
        sheet.append(row)
    # ID numbers as text, so that Excel keeps their leading zeros.
    for cell in sheet["A"]:
        cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-bien-dong-nhan-su.xlsx"'
    return response


# Alerts


def alert_list(request):
    _require(permissions.can_see_alerts(request.user))
    rows = permissions.alerts_visible_to(request.user).select_related("action__unit", "case", "unit")
    page = _page(request, rows)
    for alert in page:
        alert.case_url = _case_url(alert.case_id)
    return render(request, "retaliation/alert_list.html", {"page_obj": page, "section": "alerts"})


# False reports and commendation


def false_report_list(request):
    _require(permissions.can_see_retaliation(request.user))
    rows = permissions.false_reports_visible_to(request.user).select_related("unit", "petition", "matter")
    return render(
        request,
        "retaliation/false_report_list.html",
        {
            "page_obj": _page(request, rows),
            "can_record": permissions.retaliation_units(request.user).exists(),
            "section": SECTION,
        },
    )


def false_report_create(request):
    _require(permissions.retaliation_units(request.user).exists())
    form = forms.FalseReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["petition"], data["matter"] = data.pop("petition_reference"), data.pop("matter_reference")
        try:
            services.false_report_record(actor=request.user, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("False report recorded."))
            return redirect("retaliation:false_report_list")
    return render(
        request,
        "retaliation/record_form.html",
        {
            "form": form,
            "title": _("Record a false report"),
            "back": "retaliation:false_report_list",
            "section": SECTION,
        },
    )


def commendation_list(request):
    _require(permissions.can_see_retaliation(request.user))
    rows = permissions.commendations_visible_to(request.user).select_related("unit", "petition", "recipient_unit")
    return render(
        request,
        "retaliation/commendation_list.html",
        {
            "page_obj": _page(request, rows),
            "can_record": permissions.retaliation_units(request.user).exists(),
            "section": SECTION,
        },
    )


def commendation_create(request):
    _require(permissions.retaliation_units(request.user).exists())
    form = forms.CommendationEntryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["petition"] = data.pop("petition_reference")
        try:
            services.commendation_record(actor=request.user, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Commendation recorded."))
            return redirect("retaliation:commendation_list")
    return render(
        request,
        "retaliation/record_form.html",
        {
            "form": form,
            "title": _("Record a commendation"),
            "back": "retaliation:commendation_list",
            "section": SECTION,
        },
    )
