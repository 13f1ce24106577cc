"""The staff side of petitions: the list, intake from other channels, a petition and its sealed part.

Every response carries ``Cache-Control: no-store``: these pages hold confidential matter, and the
identity and the original content are shown on the response that opened them only.
"""

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import permissions
from baove.forms import apply_validation_error
from cases import selectors, services, worklists
from cases.files import ALLOWED_TYPES
from cases.forms import IntakeForm, PetitionFilterForm, ReasonForm, ReplyForm, WorkingCopyForm
from cases.models import Attachment, Petition, Status
from vault.session import unlocked_key

ACCESS_ACTION_LABELS = {
    "cases.original.read": gettext_lazy("Opened the original and the identity"),
    "cases.attachment.read": gettext_lazy("Opened an original file"),
    "cases.attachment.release": gettext_lazy("Released a file to the working copy"),
}
IDENTITY_LABELS = {
    "full_name": gettext_lazy("Full name"),
    "id_number": gettext_lazy("Identity card number"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("E-mail"),
    "address": gettext_lazy("Address"),
    "workplace": gettext_lazy("Workplace"),
}
# Downloads get a generic name: an original file name may itself name the reporter.
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "text/plain": "txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "video/mp4": "mp4",
}
# Intake forms already sent in this session (token → petition id), so that reloading the receipt
# page, which answers the POST, cannot register the same petition twice.
SENT_FORMS_KEY = "cases_intake_sent"
SENT_FORMS_KEPT = 20
LOCKED, NO_COPY = "locked", "no_copy"


def _download_name(attachment: Attachment, content_type: str, *, original: bool = False) -> str:
    suffix = "-ban-goc" if original else ""
    return f"tep-{attachment.pk}{suffix}.{EXTENSIONS.get(content_type, 'bin')}"


# The list


@never_cache
def petition_list(request):
    if not permissions.can_see_petitions(request.user):
        raise PermissionDenied
    form = PetitionFilterForm(request.GET or None, units=permissions.petition_units(request.user), user=request.user)
    filters = form.filters()
    petitions = selectors.petition_listing(user=request.user, **filters)
    # Numbered pages with a capped count: counting every petition of a province costs more than the page.
    # A text search looks at every petition it may match anyway, and counts them as it goes.
    page = worklists.numbered_page(
        petitions, request.GET.get("page"), size=settings.PAGE_SIZE, scans_all=bool(filters.get("query"))
    )
    worklists.with_labels(page.object_list)
    return render(
        request,
        "cases/petition_list.html",
        {
            "form": form,
            "page_obj": page,
            "can_register": permissions.is_intake_officer(request.user),
            "section": "petitions",
        },
    )


# Intake from the other channels


def _refusal_message(reason: str) -> str:
    if reason == "file_too_large":
        return _("A file is larger than %(limit)d MB. Nothing was saved: choose the files again.") % {
            "limit": settings.EVIDENCE_MAX_FILE_BYTES // 2**20
        }
    return _("The files together are larger than %(limit)d MB. Nothing was saved: choose fewer files.") % {
        "limit": settings.EVIDENCE_MAX_TOTAL_BYTES // 2**20
    }


def _submission(form: IntakeForm) -> services.Submission:
    data = form.cleaned_data
    return services.Submission(
        channel=data["channel"],
        kind=data["kind"],
        subject=data["subject"],
        content=data["content"],
        unit=data["unit"],
        incident_time=data["incident_time"],
        incident_place=data["incident_place"],
        accused=form.accused(),
        identity=form.identity(),
        files=data["files"],
        protection_requested=data["protection_requested"],
        received_at=data["received_at"],
        forwarded_from=data["forwarded_from"],
        forwarded_reference=data["forwarded_reference"],
    )


def _remember_sent(request, token: str, petition: Petition) -> None:
    sent = dict(list(request.session.get(SENT_FORMS_KEY, {}).items())[-(SENT_FORMS_KEPT - 1) :])
    sent[token] = petition.pk
    request.session[SENT_FORMS_KEY] = sent


@never_cache
def petition_create(request):
    if not permissions.is_intake_officer(request.user):
        raise PermissionDenied
    units = permissions.intake_units(request.user).active_on(timezone.localdate())
    if request.method != "POST":
        form = IntakeForm(units=units)
        return _render_form(request, form, secrets.token_urlsafe(16))
    form = IntakeForm(request.POST, request.FILES, units=units)
    token = request.POST.get("sent_token", "")[:64] or secrets.token_urlsafe(16)
    already = request.session.get(SENT_FORMS_KEY, {}).get(token)
    if already is not None:
        petition = permissions.petitions_visible_to(request.user).filter(pk=already).first()
        return render(request, "cases/petition_resent.html", {"petition": petition, "section": "petitions"})
    refused = getattr(request, "upload_refused", None)
    if refused:
        form.add_error("files", _refusal_message(refused))
        return _render_form(request, form, token)
    if not form.is_valid():
        return _render_form(request, form, token)
    try:
        result = services.petition_submit(
            submission=_submission(form), actor=request.user, issue_receipt=form.cleaned_data["issue_receipt"]
        )
    except services.NoRecipientError:
        form.add_error(None, _("Nobody could open the originals of this unit. Ask the system administrator."))
        return _render_form(request, form, token)
    except ValidationError as error:
        apply_validation_error(form, error)
        return _render_form(request, form, token)
    _remember_sent(request, token, result.petition)
    receipt = result.receipt
    return render(
        request,
        "cases/petition_received.html",
        {
            "petition": result.petition,
            "receipt_groups": receipt.text.split() if receipt else None,
            "portal_url": request.build_absolute_uri(reverse("portal:home")),
            "section": "petitions",
        },
    )


def _render_form(request, form: IntakeForm, token: str):
    return render(request, "cases/petition_form.html", {"form": form, "sent_token": token, "section": "petitions"})


# One petition


def _petition_key(request, petition: Petition) -> tuple[bytes | None, str]:
    """The petition's private key for the signed-in person, or why there is none."""
    user_private = unlocked_key(request)
    if user_private is None:
        return None, LOCKED
    private = services.petition_private_key(petition=petition, user=request.user, user_private=user_private)
    return private, ("" if private else NO_COPY)


def _small_units(petition: Petition) -> list:
    units = [petition.unit]
    if petition.concerned_unit and petition.concerned_unit_id != petition.unit_id:
        units.append(petition.concerned_unit)
    return [
        unit
        for unit in units
        if (headcount := getattr(unit, "headcount", None)) is not None and headcount < settings.SMALL_UNIT_HEADCOUNT
    ]


def _sealed_state(request, petition: Petition) -> str:
    if unlocked_key(request) is None:
        return LOCKED
    return "" if selectors.holds_sealed_copy(petition=petition, user=request.user) else NO_COPY


def _render_detail(
    request,
    petition: Petition,
    *,
    original: dict | None = None,
    thread: list | None = None,
    reason_form: ReasonForm | None = None,
    working_form: WorkingCopyForm | None = None,
    reply_form: ReplyForm | None = None,
    sealed_state: str | None = None,
):
    user = request.user
    can_open = permissions.can_read_original(user, petition)
    can_register = permissions.can_register_petitions(user, petition.unit)
    attachments = list(petition.attachments.all())
    for attachment in attachments:
        attachment.type_label = ALLOWED_TYPES.get(attachment.content_type, (attachment.content_type,))[0]
    if working_form is None and can_register and (original is not None or petition.working_content):
        initial = petition.working_content or services.suggest_working_copy(original)
        working_form = WorkingCopyForm(initial={"working_content": initial})
    context = {
        "petition": petition,
        "accused": list(petition.accused.all()),
        "attachments": attachments,
        "released": [attachment for attachment in attachments if attachment.working_file],
        "small_units": _small_units(petition),
        "small_unit_headcount": settings.SMALL_UNIT_HEADCOUNT,
        "can_open": can_open,
        "can_register": can_register,
        "can_classify": permissions.can_classify(user, petition),
        "matter_link": bool(petition.matter_id)
        and permissions.matters_visible_to(user).filter(pk=petition.matter_id).exists(),
        "section": "petitions",
    }
    if can_open:
        context.update(
            {
                "sealed_state": _sealed_state(request, petition) if sealed_state is None else sealed_state,
                "original": original,
                "identity": _identity_rows(original),
                "thread": thread,
                "message_count": petition.messages.count(),
                "reason_form": reason_form or ReasonForm(),
                "working_form": working_form,
                "reply_form": (reply_form or ReplyForm()) if can_register else None,
            }
        )
    if permissions.can_read_petition_access_log(user, petition):
        events = list(selectors.petition_access_events(petition)[:50])
        context["access_rows"] = [(event, ACCESS_ACTION_LABELS.get(event.action, event.action)) for event in events]
    return render(request, "cases/petition_detail.html", context)


def _identity_rows(original: dict | None) -> list[tuple[str, str]]:
    identity = (original or {}).get("identity") or {}
    return [(label, identity[key]) for key, label in IDENTITY_LABELS.items() if identity.get(key)]


@never_cache
def petition_detail(request, petition_id):
    petition = permissions.get_petition_for_user(request.user, petition_id)
    return _render_detail(request, petition)


def _petition_for_original(request, petition_id) -> Petition:
    petition = permissions.get_petition_for_user(request.user, petition_id)
    if not permissions.can_read_original(request.user, petition):
        raise PermissionDenied
    return petition


def _petition_for_register(request, petition_id) -> Petition:
    petition = permissions.get_petition_for_user(request.user, petition_id)
    if not permissions.can_register_petitions(request.user, petition.unit):
        raise PermissionDenied
    return petition


@never_cache
@require_POST
def petition_original(request, petition_id):
    """Open the identity and the original content, with a reason; shown on this response only."""
    petition = _petition_for_original(request, petition_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, petition, reason_form=form)
    private, problem = _petition_key(request, petition)
    if private is None:
        return _render_detail(request, petition, reason_form=form, sealed_state=problem)
    try:
        original = services.petition_read_original(
            petition=petition, actor=request.user, private=private, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        apply_validation_error(form, error)
        return _render_detail(request, petition, reason_form=form)
    # The thread is the reporter's own words too: it is shown only with an audited opening.
    thread = services.messages_read(petition=petition, private=private)
    return _render_detail(request, petition, original=original, thread=thread, sealed_state="")


def _attachment(petition: Petition, attachment_id) -> Attachment:
    attachment = petition.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return attachment


def _sealed_problem_message(problem: str) -> str:
    if problem == LOCKED:
        return _("Sign in again to open sealed records.")
    return _("You do not hold a sealed copy of this petition yet. You get one when a colleague who holds it signs in.")


@never_cache
@require_POST
def attachment_original(request, petition_id, attachment_id):
    """The original file, decrypted, as a download; needs a reason and is recorded."""
    petition = _petition_for_original(request, petition_id)
    attachment = _attachment(petition, attachment_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for opening the original file."))
        return redirect("cases:petition_detail", petition.pk)
    private, problem = _petition_key(request, petition)
    if private is None:
        messages.error(request, _sealed_problem_message(problem))
        return redirect("cases:petition_detail", petition.pk)
    _name, content_type, data = services.attachment_read_original(
        attachment=attachment, actor=request.user, private=private, reason=form.cleaned_data["reason"]
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{_download_name(attachment, content_type, original=True)}"'
    )
    return response


@never_cache
@require_POST
def attachment_release(request, petition_id, attachment_id):
    """Put a reviewed file into the working copy (images lose their metadata)."""
    petition = _petition_for_register(request, petition_id)
    attachment = _attachment(petition, attachment_id)
    if attachment.working_file:
        messages.info(request, _("This file is already in the working copy."))
        return redirect("cases:petition_detail", petition.pk)
    private, problem = _petition_key(request, petition)
    if private is None:
        messages.error(request, _sealed_problem_message(problem))
        return redirect("cases:petition_detail", petition.pk)
    services.attachment_release(attachment=attachment, actor=request.user, private=private)
    messages.success(request, _("The file was added to the working copy."))
    return redirect("cases:petition_detail", petition.pk)


@never_cache
def attachment_working(request, petition_id, attachment_id):
    """A released file, for everyone who sees the petition."""
    petition = permissions.get_petition_for_user(request.user, petition_id)
    attachment = _attachment(petition, attachment_id)
    if not attachment.working_file:
        raise Http404
    content_type = attachment.working_content_type or "application/octet-stream"
    return FileResponse(
        default_storage.open(attachment.working_file, "rb"),
        as_attachment=True,
        filename=_download_name(attachment, content_type),
        content_type=content_type,
    )


@never_cache
@require_POST
def petition_register(request, petition_id):
    """Write (or correct) the working copy; the first time, the petition is registered."""
    petition = _petition_for_register(request, petition_id)
    form = WorkingCopyForm(request.POST)
    if form.is_valid():
        first = petition.status == Status.RECEIVED
        try:
            services.petition_register(
                petition=petition, actor=request.user, working_content=form.cleaned_data["working_content"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if first:
                messages.success(request, _("Petition %(reference)s registered.") % {"reference": petition.reference})
            else:
                messages.success(request, _("Working copy saved."))
            return redirect("cases:petition_detail", petition.pk)
    return _render_detail(request, petition, working_form=form)


@never_cache
@require_POST
def petition_reply(request, petition_id):
    petition = _petition_for_register(request, petition_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.message_from_staff(petition=petition, actor=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Message sent. The reporter reads it on the portal."))
            return redirect("cases:petition_detail", petition.pk)
    return _render_detail(request, petition, reply_form=form)


# Who opened what


@never_cache
def access_log(request):
    if not permissions.can_read_access_log(request.user):
        raise PermissionDenied
    page = Paginator(selectors.access_events_for(request.user), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    petitions = selectors.references_by_id(page.object_list)
    rows = [
        (event, ACCESS_ACTION_LABELS.get(event.action, event.action), petitions.get(event.object_id))
        for event in page.object_list
    ]
    return render(request, "cases/access_log.html", {"page_obj": page, "rows": rows, "section": "petitions"})
