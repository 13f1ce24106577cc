from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import permissions
from baove.forms import apply_validation_error
from baove.lib.xlsx import xlsx_response
from campaigns import consolidation, forms, schedules, selectors, services
from campaigns.exports_builders import RECIPIENT_REPORT
from campaigns.models import CampaignStatus, ReportFile
from exports.services import export_start

SECTION = "campaigns"


def _page(request, rows):
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# The list


def _list_filters(request):
    search = forms.CampaignFilterForm(
        request.GET or None,
        years=selectors.campaign_years(request.user),
        issuers=selectors.issuers_for(request.user),
    )
    return search, search.filters()


def campaign_list(request):
    _require(permissions.can_see_campaigns(request.user))
    search, filters = _list_filters(request)
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "search": search,
            "page_obj": _page(request, selectors.campaigns_for(request.user, **filters)),
            "can_create": permissions.can_create_campaigns(request.user),
            "my_reports": list(selectors.my_reports(request.user)[:20]),
            "to_review": selectors.awaiting_my_review(request.user),
            "query": request.GET.urlencode(),
            "today": timezone.localdate(),
            "section": SECTION,
        },
    )


def campaign_export(request):
    _require(permissions.can_see_campaigns(request.user))
    _search, filters = _list_filters(request)
    header = [
        _("Title"),
        _("Reference document"),
        _("Issuing unit"),
        _("Report template"),
        _("Data from"),
        _("Data to"),
        _("Due on"),
        _("Status"),
        _("Recipients"),
        _("Reports sent"),
    ]
    rows = (
        [
            campaign.title,
            campaign.reference,
            campaign.issuer.name,
            f"{campaign.template.name} (v{campaign.template.version})",
            campaign.date_from,
            campaign.date_to,
            campaign.due_on,
            campaign.get_status_display(),
            campaign.recipient_count,
            campaign.sent_count,
        ]
        for campaign in selectors.campaigns_for(request.user, **filters)
    )
    return xlsx_response("dot-bao-cao", _("Reporting campaigns"), header, rows)


# Creating, changing, starting, closing


def _campaign_data(form) -> dict:
    return {
        name: form.cleaned_data[name]
        for name in (
            "issuer",
            "template",
            "title",
            "reference",
            "date_from",
            "date_to",
            "due_on",
            "reminder_days_before",
            "remind_after_every_days",
        )
    }


def campaign_create(request):
    issuers = permissions.campaign_issuer_units(request.user)
    _require(issuers.exists())
    form = forms.CampaignForm(request.POST or None, issuers=issuers)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, **_campaign_data(form))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Campaign saved as a draft. Now choose its recipients."))
            return redirect("campaigns:campaign_detail", campaign.pk)
    return render(
        request,
        "campaigns/campaign_form.html",
        {"form": form, "campaign": None, "section": SECTION},
        status=400 if form.errors else 200,
    )


def campaign_edit(request, campaign_id: int):
    campaign = permissions.get_campaign_for_user(request.user, campaign_id, manage=True)
    if not campaign.is_draft:
        messages.error(request, _("Only a draft campaign can be changed."))
        return redirect("campaigns:campaign_detail", campaign.pk)
    initial = {
        "issuer": campaign.issuer,
        "template": campaign.template,
        "title": campaign.title,
        "reference": campaign.reference,
        "date_from": campaign.date_from,
        "date_to": campaign.date_to,
        "due_on": campaign.due_on,
        "reminder_days_before": campaign.reminder_days_before,
        "remind_after_every_days": campaign.remind_after_every_days,
    }
    form = forms.CampaignForm(
        request.POST or None, initial=initial, issuers=permissions.campaign_issuer_units(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(actor=request.user, campaign=campaign, **_campaign_data(form))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:campaign_detail", campaign.pk)
    return render(
        request,
        "campaigns/campaign_form.html",
        {"form": form, "campaign": campaign, "section": SECTION},
        status=400 if form.errors else 200,
    )


def schedule_create(request):
    issuers = permissions.campaign_issuer_units(request.user)
    _require(issuers.exists())
    form = forms.ScheduleForm(request.POST or None, issuers=issuers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = schedules.schedule_create(
                actor=request.user,
                issuer=data["issuer"],
                planned=schedules.planned_for(data["schedule"], data["year"]),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                ngettext("%(count)d campaign ready as a draft.", "%(count)d campaigns ready as drafts.", len(created))
                % {"count": len(created)},
            )
            return redirect("campaigns:campaign_list")
    return render(
        request,
        "campaigns/schedule_form.html",
        {"form": form, "section": SECTION},
        status=400 if form.errors else 200,
    )


def _status_rows(recipients, today):
    return [
        [
            "— " * recipient.level + recipient.unit.name,
            recipient.parent.unit.name if recipient.parent_id else "",
            recipient.due_on,
            recipient.get_status_display(),
            _("late") if recipient.is_late_on(today) else "",
            timezone.localtime(recipient.first_submitted_at) if recipient.first_submitted_at else None,
            timezone.localtime(recipient.submitted_at) if recipient.submitted_at else None,
        ]
        for recipient in recipients
    ]


def _recipients(request, campaign):
    rows = permissions.campaign_recipients_visible_to(request.user, campaign).select_related(
        "unit", "unit__level", "parent", "parent__unit"
    )
    return selectors.recipient_tree(rows)


def campaign_detail(request, campaign_id: int):
    campaign = permissions.get_campaign_for_user(request.user, campaign_id)
    return _render_detail(request, campaign)


def _render_detail(request, campaign, *, status=200, **bound):
    can_manage = permissions.can_manage_campaign(request.user, campaign)
    recipients = _recipients(request, campaign)
    today = timezone.localdate()
    for recipient in recipients:
        recipient.late = recipient.is_late_on(today)
    draft = campaign.is_draft and can_manage
    context = {
        "campaign": campaign,
        "recipients": recipients,
        "progress": selectors.progress_of(recipients, today),
        "can_manage": can_manage,
        "selection_form": (bound.get("selection_form") or forms.RecipientSelectionForm(issuer=campaign.issuer))
        if draft
        else None,
        "due_form": forms.DueForm() if can_manage and campaign.status != CampaignStatus.CLOSED else None,
        "section": SECTION,
    }
    return render(request, "campaigns/campaign_detail.html", context, status=status)


@require_POST
def recipients_add(request, campaign_id: int):
    campaign = permissions.get_campaign_for_user(request.user, campaign_id, manage=True)
    form = forms.RecipientSelectionForm(request.POST, issuer=campaign.issuer)
    if form.is_valid():
        data = form.cleaned_data
        units = services.units_matching(
            issuer=campaign.issuer,
            root=data["root"],
            include_below=data["include_below"],
            kinds=data["kinds"],
            levels=data["levels"],
            on=campaign.due_on,
        )
        try:
            count = services.recipients_add(actor=request.user, campaign=campaign, units=units)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                ngettext("%(count)d recipient added.", "%(count)d recipients added.", count) % {"count": count},
            )
            return redirect("campaigns:campaign_detail", campaign.pk)
    return _render_detail(request, campaign, status=400, selection_form=form)


def _recipient_for_manager(request, recipient_id: int):
    recipient = permissions.get_recipient_for_user(request.user, recipient_id)
    _require(permissions.can_manage_campaign(request.user, recipient.campaign))
    return recipient


@require_POST
def recipient_remove(request, recipient_id: int):
    recipient = _recipient_for_manager(request, recipient_id)
    try:
        services.recipient_remove(actor=request.user, recipient=recipient)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Recipient removed."))
    return redirect("campaigns:campaign_detail", recipient.campaign_id)


@require_POST
def recipient_due(request, recipient_id: int):
    recipient = _recipient_for_manager(request, recipient_id)
    form = forms.DueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the due date as dd/mm/yyyy."))
    else:
        try:
            services.recipient_set_due(actor=request.user, recipient=recipient, due_on=form.cleaned_data["due_on"])
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Due date changed."))
    return redirect("campaigns:campaign_detail", recipient.campaign_id)


@require_POST
def campaign_start(request, campaign_id: int):
    campaign = permissions.get_campaign_for_user(request.user, campaign_id, manage=True)
    try:
        services.campaign_start(actor=request.user, campaign=campaign)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The campaign has started; the recipients have been told."))
    return redirect("campaigns:campaign_detail", campaign.pk)


@require_POST
def campaign_close(request, campaign_id: int):
    campaign = permissions.get_campaign_for_user(request.user, campaign_id, manage=True)
    try:
        services.campaign_close(actor=request.user, campaign=campaign)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The campaign is closed."))
    return redirect("campaigns:campaign_detail", campaign.pk)


def campaign_status_xlsx(request, campaign_id: int):
    campaign = permissions.get_campaign_for_user(request.user, campaign_id)
    header = [
        _("Unit"),
        _("Reports to"),
        _("Due on"),
        _("Status"),
        _("Late"),
        _("First submitted at"),
        _("Last submitted at"),
    ]
    rows = _status_rows(_recipients(request, campaign), timezone.localdate())
    return xlsx_response(f"tien-do-dot-bao-cao-{campaign.pk}", _("Progress"), header, rows)


# A recipient's report


def _report_forms(request, recipient, built, *, post=False):
    data = request.POST if post else None
    info_initial = {
        "report_number": recipient.report_number,
        "report_place": recipient.report_place,
        "signed_on": recipient.signed_on,
        "signer_title": recipient.signer_title,
        "signer_name": recipient.signer_name,
        "report_recipients": recipient.report_recipients,
    }
    return (
        forms.ReportValuesForm(data, consolidation=built),
        forms.ReportInfoForm(data, initial=info_initial),
    )


def _render_recipient(request, recipient, *, built=None, status=200, **bound):
    user = request.user
    campaign = recipient.campaign
    running = campaign.status == CampaignStatus.RUNNING
    can_edit = running and recipient.is_editable and permissions.can_edit_report(user, recipient)
    can_submit = running and recipient.is_editable and permissions.can_submit_report(user, recipient)
    can_review = running and recipient.status == "submitted" and permissions.can_review_report(user, recipient)
    if built is None:
        built = consolidation.build(recipient)
    values_form = info_form = None
    if can_edit:
        values_form, info_form = bound.get("forms") or _report_forms(request, recipient, built)
    children = list(
        permissions.campaign_recipients_visible_to(user, campaign)
        .filter(parent=recipient)
        .select_related("unit")
        .order_by("unit__path")
    )
    today = timezone.localdate()
    for child in children:
        child.late = child.is_late_on(today)
    context = {
        "campaign": campaign,
        "recipient": recipient,
        "late": recipient.is_late_on(today),
        "built": built,
        "report": built.report,
        "children": children,
        "missing": built.missing_children,
        "values_form": values_form,
        "info_form": info_form,
        "can_edit": can_edit,
        "can_submit": can_submit,
        "can_review": can_review,
        "return_form": bound.get("return_form") or (forms.ReturnForm(prefix="return") if can_review else None),
        "accept_form": forms.AcceptForm(prefix="accept") if can_review else None,
        "files": list(recipient.files.select_related("uploaded_by")),
        "files_form": (bound.get("files_form") or forms.FilesForm()) if can_edit else None,
        "submissions": list(recipient.submissions.select_related("submitted_by", "decided_by")),
        "export_form": forms.ExportForm(),
        "reviewer_unit": permissions.report_reviewer_unit(recipient),
        "section": SECTION,
    }
    return render(request, "campaigns/recipient_detail.html", context, status=status)


def recipient_detail(request, recipient_id: int):
    recipient = permissions.get_recipient_for_user(request.user, recipient_id)
    if request.method != "POST":
        return _render_recipient(request, recipient)
    _require(permissions.can_edit_report(request.user, recipient))
    built = consolidation.build(recipient)
    values_form, info_form = _report_forms(request, recipient, built, post=True)
    if values_form.is_valid() and info_form.is_valid():
        try:
            recipient = services.report_save(
                actor=request.user, recipient=recipient, values=values_form.values(), **info_form.cleaned_data
            )
        except ValidationError as error:
            _error(request, error)
            return _render_recipient(request, recipient, built=built, status=400, forms=(values_form, info_form))
        if request.POST.get("action") != "submit":
            messages.success(request, _("Draft saved."))
            return redirect("campaigns:recipient_detail", recipient.pk)
        try:
            submission = services.report_submit(actor=request.user, recipient=recipient)
        except ValidationError as error:
            messages.warning(request, _("Draft saved, but the report was not submitted:"))
            _error(request, error)
        else:
            _submitted(request, submission)
        return redirect("campaigns:recipient_detail", recipient.pk)
    return _render_recipient(request, recipient, built=built, status=400, forms=(values_form, info_form))


@require_POST
def recipient_submit(request, recipient_id: int):
    recipient = permissions.get_recipient_for_user(request.user, recipient_id)
    _require(permissions.can_submit_report(request.user, recipient))
    try:
        submission = services.report_submit(actor=request.user, recipient=recipient)
    except ValidationError as error:
        _error(request, error)
    else:
        _submitted(request, submission)
    return redirect("campaigns:recipient_detail", recipient.pk)


def _submitted(request, submission) -> None:
    messages.success(request, _("The report was submitted."))
    missing = len(submission.missing_children)
    if missing:
        messages.warning(
            request,
            ngettext(
                "%(count)d unit below had not sent its report: the consolidation did not include it.",
                "%(count)d units below had not sent their reports: the consolidation did not include them.",
                missing,
            )
            % {"count": missing},
        )


@require_POST
def recipient_return(request, recipient_id: int):
    recipient = permissions.get_recipient_for_user(request.user, recipient_id)
    _require(permissions.can_review_report(request.user, recipient))
    form = forms.ReturnForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            services.report_return(actor=request.user, recipient=recipient, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("The report was returned for correction."))
        return redirect("campaigns:recipient_detail", recipient.pk)
    return _render_recipient(request, recipient, status=400, return_form=form)


@require_POST
def recipient_accept(request, recipient_id: int):
    recipient = permissions.get_recipient_for_user(request.user, recipient_id)
    _require(permissions.can_review_report(request.user, recipient))
    form = forms.AcceptForm(request.POST, prefix="accept")
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.report_accept(actor=request.user, recipient=recipient, comment=comment)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The report was accepted."))
    return redirect("campaigns:recipient_detail", recipient.pk)


@require_POST
def recipient_export(request, recipient_id: int):
    recipient = permissions.get_recipient_for_user(request.user, recipient_id)
    form = forms.ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a format from the list."))
        return redirect("campaigns:recipient_detail", recipient.pk)
    label = f"{recipient.campaign.title} – {recipient.unit.name}"
    try:
        job = export_start(
            user=request.user,
            builder=RECIPIENT_REPORT,
            params={"recipient_id": recipient.pk},
            kind=form.cleaned_data["kind"],
            label=label,
            unit=recipient.unit,
        )
    except ValidationError as error:
        _error(request, error)
        return redirect("campaigns:recipient_detail", recipient.pk)
    return redirect(job.get_absolute_url())


# Evidence files


@require_POST
def files_upload(request, recipient_id: int):
    recipient = permissions.get_recipient_for_user(request.user, recipient_id)
    _require(permissions.can_edit_report(request.user, recipient))
    form = forms.FilesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = services.files_add(actor=request.user, recipient=recipient, files=form.cleaned_data["files"])
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(
                request,
                ngettext("%(count)d document added.", "%(count)d documents added.", len(added)) % {"count": len(added)},
            )
        return redirect("campaigns:recipient_detail", recipient.pk)
    return _render_recipient(request, recipient, status=400, files_form=form)


def _file_for(request, file_id: int) -> ReportFile:
    file = ReportFile.objects.select_related("recipient").filter(pk=file_id).first()
    if file is None:
        raise Http404
    permissions.get_recipient_for_user(request.user, file.recipient_id)
    return file


def file_download(request, file_id: int):
    file = _file_for(request, file_id)
    response = FileResponse(
        default_storage.open(file.stored_name, "rb"),
        as_attachment=True,
        filename=file.name,
        content_type=file.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def file_delete(request, file_id: int):
    file = _file_for(request, file_id)
    _require(permissions.can_edit_report(request.user, file.recipient))
    recipient_id = file.recipient_id
    try:
        services.file_remove(actor=request.user, file=file)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Document removed."))
    return redirect("campaigns:recipient_detail", recipient_id)
