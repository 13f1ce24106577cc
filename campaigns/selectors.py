"""Reads of the campaign screens that are more than a lookup."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts import permissions
from accounts.models import Role
from baove.lib.text import fold
from campaigns.models import EDITABLE_STATUSES, SENT_STATUSES, CampaignStatus, Recipient, RecipientStatus
from org.models import Unit


def campaigns_for(
    user, *, q: str = "", status: str = "", year: int | None = None, issuer: Unit | None = None
) -> QuerySet:
    """The campaigns ``user`` may read, filtered, latest due date first, with their progress."""
    rows = permissions.campaigns_visible_to(user).select_related("issuer", "template")
    if q:
        rows = rows.filter(search_text__contains=fold(q))
    if status:
        rows = rows.filter(status=status)
    if year:
        rows = rows.filter(due_on__year=year)
    if issuer is not None:
        rows = rows.filter(issuer=issuer)
    return rows.annotate(
        recipient_count=Count("recipients", distinct=True),
        sent_count=Count("recipients", filter=Q(recipients__status__in=SENT_STATUSES), distinct=True),
    ).order_by("-due_on", "-pk")


def campaign_years(user) -> list[int]:
    dates = permissions.campaigns_visible_to(user).dates("due_on", "year", order="DESC")
    return [d.year for d in dates]


def issuers_for(user) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=permissions.campaigns_visible_to(user).values("issuer_id")).order_by("path")


@dataclass
class Progress:
    total: int = 0
    late: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[str, str, int]]:
        return [(value, label, self.counts.get(value, 0)) for value, label in RecipientStatus.choices]

    @property
    def sent(self) -> int:
        return sum(self.counts.get(s, 0) for s in SENT_STATUSES)


def progress_of(recipients: list[Recipient], today: datetime.date | None = None) -> Progress:
    today = today or timezone.localdate()
    result = Progress(total=len(recipients))
    for recipient in recipients:
        result.counts[recipient.status] = result.counts.get(recipient.status, 0) + 1
        result.late += recipient.is_late_on(today)
    return result


def recipient_tree(recipients: QuerySet | list[Recipient]) -> list[Recipient]:
    """The recipients in tree order (each under the recipient it reports to), with ``level`` set
    for the indentation."""
    rows = list(recipients)
    by_parent: dict[int | None, list[Recipient]] = {}
    ids = {r.pk for r in rows}
    for recipient in rows:
        parent = recipient.parent_id if recipient.parent_id in ids else None
        by_parent.setdefault(parent, []).append(recipient)
    ordered: list[Recipient] = []

    def visit(parent_id, level):
        for recipient in sorted(by_parent.get(parent_id, []), key=lambda r: r.unit.path):
            recipient.level = level
            ordered.append(recipient)
            visit(recipient.pk, level + 1)

    visit(None, 0)
    return ordered


def my_reports(user) -> QuerySet[Recipient]:
    """Reports of running campaigns that ``user`` writes or submits and that are not sent yet."""
    units = Unit.objects.filter(permissions.unit_filter(user, *permissions.CAMPAIGN_SUBMIT_ROLES))
    # The issuer's own officers follow those campaigns on the campaign's page instead.
    issuing = Unit.objects.filter(permissions.unit_filter(user, Role.REPORTING))
    return (
        Recipient.objects.filter(campaign__status=CampaignStatus.RUNNING, status__in=EDITABLE_STATUSES, unit__in=units)
        .exclude(campaign__issuer__in=issuing)
        .select_related("campaign", "unit")
        .order_by("due_on", "unit__path")
    )


def awaiting_my_review(user) -> list[Recipient]:
    """Submitted reports that ``user`` may accept or return."""
    rows = Recipient.objects.filter(
        campaign__status=CampaignStatus.RUNNING, status=RecipientStatus.SUBMITTED
    ).select_related("campaign", "campaign__issuer", "unit", "parent__unit")
    reviewing = Unit.objects.filter(permissions.unit_filter(user, Role.REPORTING))
    rows = rows.filter(Q(parent__unit__in=reviewing) | Q(parent__isnull=True, campaign__issuer__in=reviewing))
    return list(rows.order_by("submitted_at")[:50])
