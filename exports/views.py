from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from exports import forms, selectors, services

SECTION = "exports"
REFRESH_SECONDS = 2


def job_list(request):
    if not permissions.can_see_exports(request.user):
        raise PermissionDenied
    search = forms.JobFilterForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    rows = selectors.jobs_for(request.user, **filters)
    page_obj = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "exports/job_list.html",
        {
            "search": search,
            "page_obj": page_obj,
            "refresh": REFRESH_SECONDS if any(job.is_active for job in page_obj) else None,
            "section": SECTION,
        },
    )


def job_detail(request, job_id: int):
    job = permissions.get_export_job_for_user(request.user, job_id)
    return render(
        request,
        "exports/job_detail.html",
        {"job": job, "refresh": REFRESH_SECONDS if job.is_active else None, "section": SECTION},
    )


def job_download(request, job_id: int):
    job = permissions.get_export_job_for_user(request.user, job_id)
    if not job.is_downloadable:
        messages.error(request, _("This export is no longer available. Start it again."))
        return redirect(job.get_absolute_url())
    try:
        handle = job.result.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    try:
        services.export_download(job=job, actor=request.user)
    except ValidationError as error:
        handle.close()
        messages.error(request, " ".join(error.messages))
        return redirect(job.get_absolute_url())
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type=job.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def job_delete(request, job_id: int):
    job = permissions.get_export_job_for_user(request.user, job_id)
    try:
        services.export_delete(job=job, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(job.get_absolute_url())
    messages.success(request, _("The export was deleted."))
    return redirect("exports:job_list")
