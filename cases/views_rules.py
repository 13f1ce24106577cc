"""Time-limit rules and notice templates (the installation administrator), and everyone's inbox."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import permissions
from baove.forms import apply_validation_error
from cases import notifications
from cases.forms_rules import NoticeTemplateForm, RuleForm
from cases.models import NoticeKind, NoticeTemplate, StepKind
from cases.notices import PLACEHOLDERS, notice_template_update
from cases.rules import deadline_rule_change, rules_by_step

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _require_time_limits_admin(user) -> None:
    if not permissions.can_manage_time_limits(user):
        raise PermissionDenied


# Time-limit rules


def rule_list(request):
    _require_time_limits_admin(request.user)
    return render(request, "cases/rules/rule_list.html", {"steps": rules_by_step(), "section": "rules"})


def rule_change(request, step: str):
    _require_time_limits_admin(request.user)
    if step not in StepKind.values:
        raise Http404
    current = next(entry for entry in rules_by_step() if entry["step"] == step)
    in_force = current["in_force"]
    initial = {"days": in_force.days, "count": in_force.count, "starts": in_force.starts} if in_force else {}
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            deadline_rule_change(
                actor=request.user,
                step=step,
                days=data["days"],
                count=data["count"],
                starts=data["starts"],
                note=data["note"],
                valid_from=data["valid_from"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The new time limit is saved. Deadlines already running keep their due dates."))
            return redirect(f"{reverse('cases:rule_list')}#step-{step}")
    return render(request, "cases/rules/rule_form.html", {"form": form, "entry": current, "section": "rules"})


# Notice templates


def _kind_order(template: NoticeTemplate) -> tuple[int, int]:
    kinds, languages = NoticeKind.values, list(LANGUAGE_NAMES)
    return (
        kinds.index(template.kind) if template.kind in kinds else len(kinds),
        languages.index(template.language) if template.language in languages else len(languages),
    )


def _decorate(template: NoticeTemplate) -> NoticeTemplate:
    template.kind_label = NoticeKind(template.kind).label if template.kind in NoticeKind.values else template.kind
    template.language_label = LANGUAGE_NAMES.get(template.language, template.language)
    return template


def notice_list(request):
    _require_time_limits_admin(request.user)
    templates = sorted((_decorate(t) for t in NoticeTemplate.objects.all()), key=_kind_order)
    return render(
        request,
        "cases/rules/notice_list.html",
        {"templates": templates, "placeholders": PLACEHOLDERS.items(), "section": "rules"},
    )


def notice_edit(request, template_id: int):
    _require_time_limits_admin(request.user)
    template = _decorate(get_object_or_404(NoticeTemplate, pk=template_id))
    form = NoticeTemplateForm(request.POST or None, initial={"text": template.text})
    if request.method == "POST" and form.is_valid():
        try:
            notice_template_update(actor=request.user, template=template, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_validation_error(form, error, default_field="text")
        else:
            messages.success(request, _("The notice text is saved; it is used for notices sent from now on."))
            return redirect(f"{reverse('cases:notice_list')}#notice-{template.pk}")
    return render(
        request,
        "cases/rules/notice_form.html",
        {"form": form, "template": template, "placeholders": PLACEHOLDERS.items(), "section": "rules"},
    )


# The inbox


@never_cache
def inbox(request):
    if not permissions.has_staff_inbox(request.user):
        raise PermissionDenied
    rows = (
        permissions.notifications_for(request.user).select_related("matter", "petition").order_by("-created_at", "-pk")
    )
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    for notification in page:
        notification.url = notifications.target_url(notification)
        notification.reference = notifications.reference_of(notification)
    return render(request, "cases/inbox/inbox.html", {"page_obj": page, "section": "inbox"})


def _back_to_inbox(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("cases:inbox")


@require_POST
def notification_read(request, notification_id: int):
    notification = permissions.get_notification_for_user(request.user, notification_id)
    notifications.notification_mark_read(notification=notification)
    return _back_to_inbox(request)


@require_POST
def notifications_read_all(request):
    if not permissions.has_staff_inbox(request.user):
        raise PermissionDenied
    count = notifications.notifications_mark_all_read(notifications=permissions.notifications_for(request.user))
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return _back_to_inbox(request)
