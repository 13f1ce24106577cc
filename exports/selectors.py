"""Reads of the export screens."""

from django.db.models import QuerySet

from accounts import permissions
from baove.lib.text import fold


def jobs_for(user, *, q: str = "", status: str = "") -> QuerySet:
    """The exports ``user`` started, newest first (nobody sees another person's)."""
    rows = permissions.export_jobs_visible_to(user)
    if q:
        rows = rows.filter(search_text__contains=fold(q))
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-pk")
