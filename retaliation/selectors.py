"""Reads of the retaliation screens that are more than a lookup (statistics are in ``stats``)."""

import datetime

from django.db.models import QuerySet

from accounts import permissions


def incidents_for(
    user,
    *,
    q: str = "",
    status: str = "",
    form: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet:
    """The incidents ``user`` may read, filtered, newest first."""
    rows = permissions.incidents_visible_to(user).select_related("unit", "petition", "protection_case")
    if q:
        rows = rows.filter(reference__icontains=q)
    if status:
        rows = rows.filter(status=status)
    if form:
        # ``forms`` is a JSON list of codes; no code is part of another one, quotes included.
        rows = rows.filter(forms__icontains=f'"{form}"')
    if date_from:
        rows = rows.filter(reported_on__gte=date_from)
    if date_to:
        rows = rows.filter(reported_on__lte=date_to)
    return rows.order_by("-reported_on", "-pk")
