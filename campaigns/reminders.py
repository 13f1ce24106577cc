"""Reminders to recipients that have not sent their report (``manage.py campaign_reminders``, run
daily by cron).

Before the due date on the days the campaign names (e.g. 7 and 1 days before); after it, on the
first day late and then every ``remind_after_every_days`` days, while the report is not sent. A
``Reminder`` row (one per recipient and day, unique) is committed before the e-mail leaves, so a
second run the same day, or two runs at once, send nothing more.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns import mail
from campaigns.models import EDITABLE_STATUSES, CampaignStatus, Recipient, Reminder

BEFORE, OVERDUE = "before", "overdue"


def reminder_kind(recipient: Recipient, today: datetime.date) -> str | None:
    """What reminder ``recipient`` gets ``today``, if any."""
    campaign = recipient.campaign
    days_left = (recipient.due_on - today).days
    if days_left >= 0:
        return BEFORE if days_left in campaign.reminder_days else None
    every = campaign.remind_after_every_days
    if every and (-days_left - 1) % every == 0:
        return OVERDUE
    return None


def due_reminders(today: datetime.date) -> list[tuple[Recipient, str]]:
    pending = (
        Recipient.objects.filter(campaign__status=CampaignStatus.RUNNING, status__in=EDITABLE_STATUSES)
        .select_related("campaign", "unit")
        .order_by("campaign_id", "unit__path")
    )
    found = []
    for recipient in pending:
        kind = reminder_kind(recipient, today)
        if kind:
            found.append((recipient, kind))
    return found


def _claim(recipient: Recipient, today: datetime.date, kind: str) -> Reminder | None:
    try:
        with transaction.atomic():
            return Reminder.objects.create(recipient=recipient, sent_on=today, kind=kind)
    except IntegrityError:
        return None


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Send today's reminders; returns how many recipients were reminded. Call it outside a
    transaction: each claim commits before its e-mails leave."""
    today = today or timezone.localdate()
    reminded = 0
    for recipient, kind in due_reminders(today):
        claimed = _claim(recipient, today, kind)
        if claimed is None:
            continue
        count = mail.reminder(recipient, overdue=kind == OVERDUE)
        Reminder.objects.filter(pk=claimed.pk).update(addressees=count)
        reminded += 1
    return reminded
