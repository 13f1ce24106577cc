"""Report builders for ``exports``: a recipient's report (its draft, or the version it sent)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns import consolidation
from campaigns.models import Recipient
from exports.builders import register
from reporting.document import FilledReport

RECIPIENT_REPORT = "campaigns.recipient_report"


@register(RECIPIENT_REPORT)
def recipient_report(params: dict, progress) -> FilledReport:
    """``params``: ``{"recipient_id": id}``; the view that starts the export checked the reader."""
    progress(1, 2, _("Computing the figures"))
    recipient = (
        Recipient.objects.select_related("campaign", "campaign__template", "unit", "unit__parent")
        .filter(pk=params.get("recipient_id"))
        .first()
    )
    if recipient is None:
        raise ValidationError(_("This report no longer exists."))
    report = consolidation.build(recipient).report
    progress(2, 2, _("Figures ready"))
    return report
