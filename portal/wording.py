"""Sentences the web pages and the API share, so both say the same thing."""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def unavailable() -> str:
    return _(
        "The system cannot accept reports right now. Nothing was saved. Please try again later, "
        "or use the hotline or the citizen reception office of the agency."
    )


def receipt_refused() -> str:
    return _(
        "This receipt does not open a report. Check the 28 digits and try again. "
        "After several wrong tries you will have to wait before trying again."
    )


def throttled() -> str:
    return _(
        "Too many wrong receipts were tried. For the safety of every report, wait a few minutes "
        "and try again. Your report is not affected."
    )


def upload_refused(reason: str) -> str:
    if reason == "file_too_large":
        return _("A file is larger than %(size)s. Nothing was sent: choose smaller files and send again.") % {
            "size": filesizeformat(settings.EVIDENCE_MAX_FILE_BYTES)
        }
    return _("The files together are larger than %(size)s. Nothing was sent: send fewer files at a time.") % {
        "size": filesizeformat(settings.EVIDENCE_MAX_TOTAL_BYTES)
    }
