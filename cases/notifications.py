"""Staff notifications: the in-app inbox and the e-mails sent by ``manage.py send_notifications``.

``notifications_generate`` scans open deadlines and matters waiting for a head and creates one
``Notification`` per (thing, person); ``dedupe_key`` makes a second run create nothing. People
accused in the matter and their recorded relatives are never notified.

``notifications_send`` claims pending rows in a short transaction (``SELECT … FOR UPDATE SKIP
LOCKED`` on PostgreSQL; on SQLite the IMMEDIATE transaction mode takes the write lock at ``BEGIN``),
marks them sent and commits before sending, so that several workers running at once never send one
twice; a row whose e-mail fails goes back to pending. E-mails name the kind and the reference and
link to the staff page: no content, nothing about the reporter.
"""

import datetime
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Membership, Role, User
from accounts.permissions import conflicted_user_ids
from cases.deadlines import open_deadlines
from cases.models import Accused, Assignment, Deadline, Matter, MatterStatus, Notification, Petition
from cases.services import entitled_memberships
from workcal.workdays import add_working_days

logger = logging.getLogger(__name__)
Kind = Notification.Kind

T = TypeVar("T")
DECIDING_ROLES = (Role.HEAD, Role.DEPUTY_HEAD)
CLOSED_MATTER_STATUSES = (MatterStatus.REFUSED, MatterStatus.CONCLUDED)


# SQLite's shared cache (the test suite's in-memory database) refuses a second writer at once
# ("database table is locked") where a database file waits for the lock; such a transaction is
# simply tried again. PostgreSQL and SQLite files never raise this.
_LOCKED_RETRIES = 100


def _in_transaction(func: Callable[..., T], *args) -> T:
    attempts = 0
    while True:
        try:
            with transaction.atomic():
                return func(*args)
        except OperationalError as error:
            attempts += 1
            shared_cache_busy = connection.vendor == "sqlite" and "table is locked" in str(error)
            if not shared_cache_busy or attempts >= _LOCKED_RETRIES or connection.in_atomic_block:
                raise
            time.sleep(0.01)


# Who is told


def _excluded_for(matter_id: int | None, petition_id: int | None) -> set[int]:
    """The accused of the matter (any of its petitions) or of the petition, and their relatives."""
    if matter_id is None:
        matter_id = Petition.objects.filter(pk=petition_id).values_list("matter_id", flat=True).first()
    owner = Q(petition__matter_id=matter_id) if matter_id is not None else Q(petition_id=petition_id)
    excluded: set[int] = set()
    for user_id in set(Accused.objects.filter(owner, user__isnull=False).values_list("user_id", flat=True)):
        excluded |= conflicted_user_ids(User(pk=user_id))
    return excluded


def _deciders(matter: Matter) -> set[int]:
    """Heads and deputy heads of the matter's own unit."""
    return set(
        Membership.objects.active()
        .filter(unit_id=matter.unit_id, role__in=DECIDING_ROLES, user__is_active=True)
        .values_list("user_id", flat=True)
    )


def _handlers(matter: Matter) -> set[int]:
    return set(
        Assignment.objects.filter(matter=matter, ended_at__isnull=True, handler__is_active=True).values_list(
            "handler_id", flat=True
        )
    )


def _intake_officers(petition: Petition) -> set[int]:
    return set(entitled_memberships(petition.unit).filter(role=Role.INTAKE).values_list("user_id", flat=True))


def deadline_recipients(deadline: Deadline) -> set[int]:
    """A matter's deadline goes to its active handlers (its heads while nobody is assigned); a
    petition's deadline goes to the intake officers of the receiving unit."""
    if deadline.matter_id is not None:
        return _handlers(deadline.matter) or _deciders(deadline.matter)
    return _intake_officers(deadline.petition)


# Creating notifications


@dataclass(frozen=True)
class Notice:
    user_id: int
    kind: str
    key: str
    matter_id: int | None = None
    petition_id: int | None = None


def _excluded(notice: Notice, cache: dict) -> set[int]:
    owner = (notice.matter_id, None) if notice.matter_id is not None else (None, notice.petition_id)
    if owner not in cache:
        cache[owner] = _excluded_for(*owner)
    return cache[owner]


def _create(notices: Iterable[Notice]) -> int:
    """Create the notifications that do not exist yet; returns how many were new."""
    cache: dict = {}
    wanted = {n.key: n for n in notices if n.user_id not in _excluded(n, cache)}
    return _in_transaction(_insert_new, wanted) if wanted else 0


def _insert_new(wanted: dict[str, Notice]) -> int:
    keys, existing = list(wanted), set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        existing.update(Notification.objects.filter(dedupe_key__in=chunk).values_list("dedupe_key", flat=True))
    rows = [
        Notification(user_id=n.user_id, kind=n.kind, matter_id=n.matter_id, petition_id=n.petition_id, dedupe_key=n.key)
        for key, n in wanted.items()
        if key not in existing
    ]
    # A concurrent run may have created some meanwhile: the unique key makes those a no-op.
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


def notify_staff(*, users: Iterable, kind: str, key: str, matter: Matter | None = None, petition=None) -> int:
    """One notification of ``kind`` about a matter or a petition for each of ``users`` (once per
    ``key``, e.g. ``f"assigned:{assignment.pk}"``), except the accused and their relatives."""
    return _create(
        Notice(
            user_id=getattr(user, "pk", user),
            kind=kind,
            key=f"{key}:{getattr(user, 'pk', user)}",
            matter_id=matter.pk if matter else None,
            petition_id=petition.pk if petition else None,
        )
        for user in users
    )


def _deadline_notices(today: datetime.date) -> list[Notice]:
    horizon = add_working_days(today, settings.NOTIFY_DUE_SOON_WORKING_DAYS)
    notices = []
    deadlines = open_deadlines().filter(due_on__lte=horizon).select_related("matter", "petition__unit")
    for deadline in deadlines:
        kind = Kind.OVERDUE if deadline.due_on < today else Kind.DUE_SOON
        for user_id in deadline_recipients(deadline):
            notices.append(
                Notice(
                    user_id=user_id,
                    kind=kind,
                    key=f"{kind}:{deadline.pk}:{user_id}",
                    matter_id=deadline.matter_id,
                    petition_id=None if deadline.matter_id else deadline.petition_id,
                )
            )
    return notices


def _decision_notices() -> list[Notice]:
    waiting = Matter.objects.filter(
        Q(status=MatterStatus.AWAITING_DECISION)
        | ((Q(flag_complex=True) | Q(flag_mass=True) | Q(flag_over_level=True)) & ~Q(status__in=CLOSED_MATTER_STATUSES))
    )
    notices = []
    for matter in waiting:
        why = "awaiting" if matter.status == MatterStatus.AWAITING_DECISION else "escalated"
        for user_id in _deciders(matter):
            notices.append(
                Notice(
                    user_id=user_id,
                    kind=Kind.DECISION_NEEDED,
                    key=f"{Kind.DECISION_NEEDED}:{why}:{matter.pk}:{user_id}",
                    matter_id=matter.pk,
                )
            )
    return notices


def notifications_generate(*, today: datetime.date | None = None) -> int:
    """Due soon (within ``NOTIFY_DUE_SOON_WORKING_DAYS`` working days, today included), overdue,
    and decisions needed; returns how many notifications were created."""
    today = today or timezone.localdate()
    return _create([*_deadline_notices(today), *_decision_notices()])


# Sending


SUBJECTS = {
    Kind.ASSIGNED: gettext_noop("A matter was assigned to you: %(reference)s"),
    Kind.DUE_SOON: gettext_noop("A time limit is near: %(reference)s"),
    Kind.OVERDUE: gettext_noop("A time limit has passed: %(reference)s"),
    Kind.REPORTER_MESSAGE: gettext_noop("The reporter wrote: %(reference)s"),
    Kind.DECISION_NEEDED: gettext_noop("Awaiting your decision: %(reference)s"),
}
MAIL_BODY = gettext_noop(
    "%(kind)s: %(reference)s\n\n"
    "Open it in the system (after signing in):\n%(url)s\n\n"
    "This e-mail says nothing of the matter on purpose. Your notifications: %(inbox)s"
)


def target_url(notification: Notification) -> str:
    """The staff page a notification is about (the inbox when it is about neither)."""
    if notification.kind == Notification.Kind.PERSONNEL_ALERT:
        return reverse("retaliation:alert_list")
    if notification.matter_id is not None:
        return reverse("cases:matter_detail", args=[notification.matter_id])
    if notification.petition_id is not None:
        return reverse("cases:petition_detail", args=[notification.petition_id])
    return reverse("cases:inbox")


def reference_of(notification: Notification) -> str:
    if notification.matter_id is not None:
        return notification.matter.reference
    if notification.petition_id is not None:
        return notification.petition.reference
    return ""


def _message(notification: Notification) -> tuple[str, str]:
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    reference = reference_of(notification)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _(SUBJECTS[notification.kind]) % {"reference": reference}
        body = _(MAIL_BODY) % {
            "kind": notification.get_kind_display(),
            "reference": reference,
            "url": site + target_url(notification),
            "inbox": site + reverse("cases:inbox"),
        }
    return subject, body


def _claim(batch: int) -> list[Notification]:
    """Mark up to ``batch`` pending rows sent (or skipped) and return those to e-mail; the caller's
    transaction must commit before any leaves."""
    pending = Notification.objects.filter(mail=Notification.Mail.PENDING).order_by("created_at", "pk")
    if connection.features.has_select_for_update_skip_locked:
        pending = pending.select_for_update(skip_locked=True)
    ids = list(pending.values_list("pk", flat=True)[:batch])
    if not ids:
        return []
    rows = list(
        Notification.objects.filter(pk__in=ids, mail=Notification.Mail.PENDING)
        .select_related("user", "matter", "petition")
        .order_by("created_at", "pk")
    )
    to_send = {n.pk for n in rows if n.user.email and n.user.is_active}
    Notification.objects.filter(pk__in=to_send).update(mail=Notification.Mail.SENT, mailed_at=timezone.now())
    Notification.objects.filter(pk__in=[n.pk for n in rows if n.pk not in to_send]).update(
        mail=Notification.Mail.SKIPPED
    )
    return [n for n in rows if n.pk in to_send]


def _release(rows: list[Notification]) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in rows], mail=Notification.Mail.SENT).update(
        mail=Notification.Mail.PENDING, mailed_at=None
    )


def notifications_send(*, batch: int = 100) -> int:
    """Send the pending e-mails, ``batch`` claimed at a time; returns how many were sent.

    Call it outside a transaction: each claim must commit before its e-mails leave.
    """
    sent = 0
    mail_connection = get_connection()
    while claimed := _in_transaction(_claim, batch):
        for index, notification in enumerate(claimed):
            subject, body = _message(notification)
            try:
                send_mail(subject, body, None, [notification.user.email], connection=mail_connection)
            except Exception as error:
                # The mail server is failing: what is not sent goes back for the next run.
                _release(claimed[index:])
                logger.error(
                    "Sending notifications stopped (%s); %d left pending.", type(error).__name__, len(claimed) - index
                )
                return sent
            sent += 1
    return sent


# The inbox


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, notifications) -> int:
    """``notifications``: the reader's own queryset (``accounts.permissions.notifications_for``)."""
    return notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
