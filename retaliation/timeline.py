"""Retaliation incidents on a protected person's timeline (protection.timeline)."""

from django.utils.translation import gettext as _

from protection.timeline import Entry
from retaliation.models import Incident


def incident_entries(case):
    for incident in Incident.objects.filter(protection_case=case).order_by("reported_on", "pk"):
        yield Entry(
            at=incident.reported_on,
            kind="retaliation",
            label=_("Retaliation reported: %(reference)s") % {"reference": incident.reference},
            detail=incident.get_status_display(),
        )
