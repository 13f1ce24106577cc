"""Report builder for ``exports``: a template filled from the records (the preview screen)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from exports.builders import register
from org.models import Unit
from reporting import engine
from reporting.document import FilledReport
from reporting.models import ReportTemplate

PREVIEW = "reporting.preview"


@register(PREVIEW)
def preview(params: dict, progress) -> FilledReport:
    """``params``: ``{"template_id", "unit_id", "date_from", "date_to"}`` (ISO dates); the view that
    starts the export checked that the person may preview that unit."""
    progress(1, 2, _("Computing the figures"))
    template = ReportTemplate.objects.filter(pk=params.get("template_id")).first()
    unit = Unit.objects.select_related("parent").filter(pk=params.get("unit_id")).first()
    if template is None or unit is None:
        raise ValidationError(_("This report no longer exists."))
    report = engine.fill(
        template,
        unit=unit,
        date_from=datetime.date.fromisoformat(params["date_from"]),
        date_to=datetime.date.fromisoformat(params["date_to"]),
    )
    progress(2, 2, _("Figures ready"))
    return report
