"""Notices to the reporter: rendered from the editable templates (``NoticeTemplate``) into the
portal history of every petition of a matter. They say what happened and when, never the content.

A reporter who opted in also gets an e-mail saying only that there is news and that the receipt
opens it on the portal; the address is sealed under the installation's notice key and never logged.
"""

import hashlib
import logging
import string
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from audit.services import audit_record
from baove.lib import crypto
from cases.models import Matter, NoticeTemplate, Petition, PublicEvent

logger = logging.getLogger(__name__)

# What a template may use; ``render_notice`` fills the ones a step gives and leaves the rest empty.
PLACEHOLDERS = {
    "date": gettext_lazy("the date of the step (dd/mm/yyyy)"),
    "due": gettext_lazy("the due date (dd/mm/yyyy)"),
    "reason": gettext_lazy("the reason given"),
    "body": gettext_lazy("the competent body the report goes to"),
    "outcome": gettext_lazy("the outcome of the conclusion"),
}
NOTICE_TEXT_MAX_CHARS = 2000


class _Blank(dict):
    def __missing__(self, key):
        return ""


def render_notice(kind: str, *, language: str = "vi", **values) -> str:
    template = NoticeTemplate.objects.filter(kind=kind, language=language).first()
    if template is None:
        template = NoticeTemplate.objects.get(kind=kind, language="vi")
    shown = {
        key: formats.date_format(value, "SHORT_DATE_FORMAT") if hasattr(value, "year") else value
        for key, value in values.items()
    }
    return template.text.format_map(_Blank(shown))


# Editing the templates


def notice_text_errors(text: str) -> list[str]:
    """What is wrong with a template text: unknown placeholders, broken braces. Empty if it is fine.

    Only bare names are allowed (``{date}``, not ``{date.year}``, ``{0}`` or ``{date!r}``); a literal
    brace is written twice (``{{`` or ``}}``).
    """
    if not text.strip():
        return [_("Write the text of the notice.")]
    try:
        fields = [(name, spec, conversion) for _literal, name, spec, conversion in string.Formatter().parse(text)]
    except ValueError:
        return [
            _("A brace is not closed or not opened. Write placeholders as {date}; write a brace itself as {{ or }}.")
        ]
    errors = []
    known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    for name, spec, conversion in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            message = _("%(placeholder)s is not a placeholder that can be used. Use only: %(known)s.") % {
                "placeholder": shown,
                "known": known,
            }
            if message not in errors:
                errors.append(message)
    return errors


@transaction.atomic
def notice_template_update(*, actor, template: NoticeTemplate, text: str) -> NoticeTemplate:
    text = text.strip()
    errors = notice_text_errors(text)
    if not errors and len(text) > NOTICE_TEXT_MAX_CHARS:
        errors = [_("Keep the notice to %(limit)d characters.") % {"limit": NOTICE_TEXT_MAX_CHARS}]
    if errors:
        raise ValidationError({"text": errors})
    template = NoticeTemplate.objects.select_for_update().get(pk=template.pk)
    before = template.text
    template.text = text
    template.save()
    audit_record(
        actor=actor,
        action="cases.notice_template.update",
        obj=template,
        details={"kind": template.kind, "language": template.language, "before": before, "after": text},
    )
    return template


# The reporter's e-mail address


def _notice_key() -> bytes:
    return hashlib.sha256(settings.NOTICE_EMAIL_KEY.encode()).digest()


def reporter_email_set(*, petition: Petition, email: str | None) -> None:
    """Keep the address a reporter gave for notices, sealed; an empty one withdraws it.

    Not audited: the audit trail is read by oversight, and the choice is the reporter's own.
    """
    email = (email or "").strip()
    sealed = None
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
        sealed = crypto.seal(_notice_key(), email.encode(), context=petition.context("notice-email"))
    Petition.objects.filter(pk=petition.pk).update(notice_email_sealed=sealed)
    petition.notice_email_sealed = sealed


def _unseal_address(petition_id: int, sealed: bytes) -> str | None:
    try:
        return crypto.unseal(_notice_key(), sealed, context=Petition(pk=petition_id).context("notice-email")).decode()
    except crypto.DecryptionError:
        logger.warning("The notice address of petition %s cannot be opened with the current key.", petition_id)
        return None


def reporter_email(petition: Petition) -> str | None:
    """The address for notices, or None (none given, or sealed under another key)."""
    if not petition.notice_email_sealed:
        return None
    return _unseal_address(petition.pk, bytes(petition.notice_email_sealed))


def _portal_url() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + reverse("portal:home")


# The reporter's e-mail says only that news exists and that the receipt opens it: no content, no
# unit, no reference. Vietnamese first, then the English.
REPORTER_SUBJECT = gettext_noop("News about your report")
REPORTER_BODY = gettext_noop(
    "There is news about the report you sent. To read it, go to the portal and enter your receipt code.\n"
    "%(url)s\n\n"
    "This e-mail is sent automatically; do not reply to it."
)


def reporter_email_message() -> tuple[str, str]:
    url = _portal_url()
    with translation.override("vi"):
        vi_subject, vi_body = _(REPORTER_SUBJECT), _(REPORTER_BODY) % {"url": url}
    english = REPORTER_BODY % {"url": url}
    if vi_subject == REPORTER_SUBJECT:
        return REPORTER_SUBJECT, english
    return f"{vi_subject} / {REPORTER_SUBJECT}", f"{vi_body}\n\n---\n{english}"


def _send_reporter_email(petition_id: int, address: str) -> None:
    subject, body = reporter_email_message()
    try:
        send_mail(subject, body, None, [address])
    except Exception as error:
        # Only the type: an SMTP error's text may hold the address.
        logger.warning("A notice e-mail to the reporter of petition %s failed (%s).", petition_id, type(error).__name__)


def notify_reporters(
    *, kind: str, petitions: list[Petition] | None = None, matter: Matter | None = None, **values
) -> int:
    """Add the notice to the portal history of each petition (of the matter), and e-mail the
    reporters who gave an address once the transaction commits; returns how many petitions."""
    targets = list(petitions if petitions is not None else matter.petitions.all())
    text = render_notice(kind, **values)
    PublicEvent.objects.bulk_create(PublicEvent(petition=p, step=PublicEvent.Step.NOTICE, text=text) for p in targets)
    sealed = Petition.objects.filter(pk__in=[p.pk for p in targets], notice_email_sealed__isnull=False)
    for petition_id, blob in sealed.values_list("pk", "notice_email_sealed"):
        address = _unseal_address(petition_id, bytes(blob))
        if address:
            transaction.on_commit(partial(_send_reporter_email, petition_id, address))
    return len(targets)
