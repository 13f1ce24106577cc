"""The public portal: send a report, then follow it up with the receipt.

No page sets a cookie until the reporter signs in with a receipt (the language switch aside, which
they choose). The forms before sign-in are therefore CSRF-exempt: there is no session to forge.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cases.models import MessageKind
from cases.services import (
    NoRecipientError,
    message_from_reporter,
    petition_submit,
    portal_session_end,
    portal_session_resume,
    portal_session_start,
)
from portal import session, wording
from portal.forms import MessageForm, ReceiptForm, ReportForm
from portal.selectors import report_view
from portal.throttle import Throttled, receipt_check_throttled

LANGUAGES = ("vi", "en")
# The forms of the follow-up page, in the order shown: kind → whether files may be attached.
THREAD_FORMS = {
    MessageKind.MESSAGE: False,
    MessageKind.MORE_INFO: True,
    MessageKind.PROTECTION_REQUEST: False,
    MessageKind.RETALIATION: True,
}


def portal_page(view):
    """Every portal page: public, never cached, and no Referer sent onwards."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return login_not_required(wrapped)


def _hotline() -> str:
    return getattr(settings, "PORTAL_HOTLINE", "")


@portal_page
@require_safe
def home(request):
    return render(request, "portal/home.html", {"hotline": _hotline()})


@portal_page
@csrf_exempt
@require_http_methods(["GET", "POST"])
def submit(request):
    if request.method != "POST":
        return render(request, "portal/submit.html", {"form": ReportForm()})
    form = ReportForm(request.POST, request.FILES)
    refused = getattr(request, "upload_refused", None)
    if form.is_valid() and not refused:
        try:
            result = petition_submit(submission=form.submission())
        except NoRecipientError:
            context = {"form": form, "unavailable": wording.unavailable(), "hotline": _hotline()}
            return render(request, "portal/submit.html", context, status=503)
        return render(request, "portal/receipt.html", {"receipt": result.receipt})
    if refused:
        form.add_error("evidence", wording.upload_refused(refused))
    return render(request, "portal/submit.html", {"form": form}, status=400)


@portal_page
@csrf_exempt
@require_http_methods(["GET", "POST"])
def follow_up(request):
    context = {
        "form": ReceiptForm(),
        "expired": request.GET.get("expired") == "1",
        "ended": request.GET.get("ended") == "1",
    }
    if request.method != "POST":
        return render(request, "portal/follow_up.html", context)
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/follow_up.html", {"form": form}, status=400)
    try:
        access = receipt_check_throttled(request, form.cleaned_data["receipt"])
    except Throttled:
        context = {"form": ReceiptForm(), "error": wording.throttled()}
        return render(request, "portal/follow_up.html", context, status=429)
    if access is None:
        # The same page whatever the reason: malformed, unknown, wrong, or the report backing off.
        context = {"form": ReceiptForm(), "error": wording.receipt_refused()}
        return render(request, "portal/follow_up.html", context, status=401)
    response = redirect("portal:report")
    session.cookie_set(response, portal_session_start(access=access))
    return response


def _sent_text(kind: str) -> str | None:
    return {
        MessageKind.MESSAGE: _("Your message was sent."),
        MessageKind.MORE_INFO: _("Your information was added to the report."),
        MessageKind.PROTECTION_REQUEST: _(
            "Your request for protection was sent. The unit will consider it and answer you here."
        ),
        MessageKind.RETALIATION: _("Your report of retaliation was sent. The unit will verify it and answer you here."),
    }.get(kind)


def _thread_forms() -> dict[str, MessageForm]:
    return {kind: MessageForm(kind=kind, allow_files=files, prefix=kind) for kind, files in THREAD_FORMS.items()}


@portal_page
@csrf_exempt
@require_http_methods(["GET", "POST"])
def report(request):
    token = session.token_from(request)
    if not token:
        return redirect("portal:follow_up")
    access = portal_session_resume(token)
    if access is None:
        response = HttpResponseRedirect(reverse("portal:follow_up") + "?expired=1")
        session.cookie_clear(response)
        return response
    forms, failed, status = _thread_forms(), None, 200
    if request.method == "POST":
        if not session.form_token_valid(token, request.POST.get("form_token", "")):
            return render(request, "portal/refused.html", status=403)
        kind = request.POST.get("action", "")
        if kind not in THREAD_FORMS:
            return render(request, "portal/refused.html", status=400)
        form = MessageForm(request.POST, request.FILES, kind=kind, allow_files=THREAD_FORMS[kind], prefix=kind)
        refused = getattr(request, "upload_refused", None)
        if form.is_valid() and not refused:
            message_from_reporter(
                petition=access.petition,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                files=form.cleaned_data.get("evidence") or [],
            )
            return HttpResponseRedirect(f"{reverse('portal:report')}?sent={kind}#sent")
        if refused:
            form.add_error("evidence" if THREAD_FORMS[kind] else None, wording.upload_refused(refused))
        forms[kind], failed, status = form, kind, 400
    context = {
        "view": report_view(access=access),
        "forms": forms,
        "form_token": session.form_token(token),
        "sent": _sent_text(request.GET.get("sent", "")),
        "failed": failed,
        "idle_minutes": settings.PORTAL_SESSION_IDLE_MINUTES,
    }
    return render(request, "portal/report.html", context, status=status)


@portal_page
@csrf_exempt
@require_POST
def logout(request):
    token = session.token_from(request)
    if token:
        portal_session_end(token)
    response = HttpResponseRedirect(reverse("portal:follow_up") + "?ended=1")
    session.cookie_clear(response)
    return response


@portal_page
@require_safe
def language(request, code):
    if code not in LANGUAGES:
        raise Http404
    next_url = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=True)
    if not (safe and next_url.startswith("/portal/")):
        next_url = reverse("portal:home")
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )
    return response
