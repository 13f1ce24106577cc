import datetime

from django.db.models import QuerySet
from django.utils import timezone

from accounts import permissions
from audit.models import AuditEvent


def audit_events_for(
    user, *, action="", actor="", object_type="", object_id="", date_from=None, date_to=None
) -> QuerySet:
    events = AuditEvent.objects.filter(permissions.audit_scope_filter(user)).select_related("unit")
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor_label__iexact=actor)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if date_from:
        events = events.filter(created_at__gte=_start_of(date_from))
    if date_to:
        events = events.filter(created_at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    return events.order_by("-seq")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
