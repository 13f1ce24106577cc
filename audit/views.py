from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from audit.actions import action_label, object_label
from audit.forms import AuditFilterForm
from audit.selectors import audit_events_for
from audit.services import audit_verify_chain


def event_list(request):
    if not permissions.can_read_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events_for(request.user, **filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page:
        event.action_label = action_label(event.action)
        event.object_label = object_label(event.object_type)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page_obj": page,
            "section": "audit",
            "can_verify": permissions.is_installation_admin(request.user),
        },
    )


@require_POST
def verify(request):
    if not permissions.is_installation_admin(request.user):
        raise PermissionDenied
    report = audit_verify_chain()
    if report.ok:
        messages.success(
            request, _("The audit chain is intact: %(count)d events verified.") % {"count": report.checked}
        )
    else:
        messages.error(request, _("The audit chain is broken at event #%(seq)d.") % {"seq": report.broken_at})
    return redirect("audit:event_list")
