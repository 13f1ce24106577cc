"""Reads of petitions and of who opened them. Nothing here opens a sealed record."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts import permissions
from audit.models import AuditEvent
from baove.lib.text import fold
from cases.models import Petition, PetitionKey
from org.models import Unit

# Reading or releasing what the reporter sent: what identity custodians watch.
ACCESS_ACTIONS = ("cases.original.read", "cases.attachment.read", "cases.attachment.release")
PETITION_OBJECT_TYPE = Petition._meta.label_lower
# A longer query adds nothing a person would type, and each word is one more condition.
SEARCH_MAX_WORDS = 8


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def petition_search(query: str, *, prefix: str = "") -> Q:
    """Petitions whose folded working copy holds every word of ``query``, or whose registry number
    is exactly ``query``.

    Both sides are folded (``baove.lib.text.fold``: lower case, no diacritics, NFC and NFD alike), so
    "hoa binh", "HÒA BÌNH" and a decomposed "Hòa Bình" find the same petitions. ``search_text`` is
    written at registration; the exact registry number also finds a petition not registered yet.
    ``prefix`` reaches petitions through a relation, e.g. ``prefix="petition__"``.
    """
    words = fold(query).split()[:SEARCH_MAX_WORDS]
    if not words:
        return Q()
    every_word = Q()
    for word in words:
        every_word &= Q(**{f"{prefix}search_text__contains": word})
    return every_word | Q(**{f"{prefix}reference": query.strip()})


def petition_listing(
    *,
    user,
    channel: str = "",
    kind: str = "",
    subject: str = "",
    status: str = "",
    unit: Unit | None = None,
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    query: str = "",
) -> QuerySet[Petition]:
    """The petitions ``user`` sees, newest first, narrowed by the list's filters.

    The text search is ``petition_search``: folded words, or the exact registry number.
    """
    petitions = permissions.petitions_visible_to(user).select_related("unit")
    exact = {"channel": channel, "kind": kind, "subject": subject, "status": status}
    petitions = petitions.filter(**{name: value for name, value in exact.items() if value})
    if unit is not None:
        petitions = petitions.filter(unit__path__startswith=unit.path)
    if received_from is not None:
        petitions = petitions.filter(received_at__gte=_day_start(received_from))
    if received_to is not None:
        petitions = petitions.filter(received_at__lt=_day_start(received_to + datetime.timedelta(days=1)))
    if query.strip():
        petitions = petitions.filter(petition_search(query))
    return petitions.order_by("-received_at", "-pk")


def holds_sealed_copy(*, petition: Petition, user) -> bool:
    """Whether ``user`` holds a sealed copy of the petition's key (without opening it)."""
    return PetitionKey.objects.filter(petition=petition, user_key__user=user).exists()


def access_events_for(user) -> QuerySet[AuditEvent]:
    """Openings and releases of originals in the units ``user`` keeps identities for, newest first."""
    return (
        AuditEvent.objects.filter(action__in=ACCESS_ACTIONS, object_type=PETITION_OBJECT_TYPE)
        .filter(permissions.access_log_filter(user))
        .select_related("actor")
        .order_by("-seq")
    )


def petition_access_events(petition: Petition) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(
            object_type=PETITION_OBJECT_TYPE, object_id=str(petition.pk), action__in=ACCESS_ACTIONS
        )
        .select_related("actor")
        .order_by("-seq")
    )


def references_by_id(events) -> dict[str, Petition]:
    """The petitions the events name, in one query, keyed by the events' ``object_id``."""
    ids = {int(event.object_id) for event in events if event.object_id.isdigit()}
    return {str(petition.pk): petition for petition in Petition.objects.filter(pk__in=ids).only("pk", "reference")}
