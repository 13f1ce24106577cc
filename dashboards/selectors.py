"""What the dashboard counts: plain numbers for one person, one unit's subtree and one window.

Each selector starts from what the person may see (``accounts.permissions``: the same helpers as the
lists, so a matter accusing the person or a relative is never counted for them), keeps the records
of the unit's subtree, and aggregates in a fixed number of queries, grouped by period with
``TruncMonth``/``TruncQuarter`` in Asia/Ho_Chi_Minh. The counts are raw here; ``panels`` hides the
small ones before anything is shown.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum

from accounts import permissions
from cases import worklists
from cases.handling import RESOLUTION_STEPS
from cases.models import Deadline, Matter, MatterStatus, Petition
from cases.stats import window as day_window
from dashboards.periods import Window, as_start, trunc
from org.models import Unit


def _key(row: dict, window: Window) -> datetime.date:
    return as_start(row["period"], window.period)


def visible_petitions(user, unit: Unit):
    """Petitions ``user`` sees, held by the unit or a unit below it."""
    return Petition.objects.filter(
        pk__in=permissions.petitions_visible_to(user).values("pk"), unit__path__startswith=unit.path
    )


def visible_matters(user, unit: Unit):
    """Matters ``user`` sees, handled by the unit or a unit below it."""
    return Matter.objects.filter(
        pk__in=permissions.matters_visible_to(user).values("pk"), unit__path__startswith=unit.path
    )


@dataclass(frozen=True)
class PetitionCounts:
    by_period_kind: Counter  # (period start, kind) -> n
    by_subject: Counter
    by_channel: Counter


def petitions(*, user, unit: Unit, window: Window) -> PetitionCounts:
    """Petitions received in the window (``received_at``, both days entirely). One query."""
    start, end = day_window(window.date_from, window.date_to)
    groups = (
        visible_petitions(user, unit)
        .filter(received_at__gte=start, received_at__lt=end)
        .annotate(period=trunc("received_at", window.period, datetime_field=True))
        .order_by()
        .values("period", "kind", "subject", "channel")
        .annotate(n=Count("pk"))
    )
    by_period_kind, by_subject, by_channel = Counter(), Counter(), Counter()
    for group in groups:
        by_period_kind[(_key(group, window), group["kind"])] += group["n"]
        by_subject[group["subject"]] += group["n"]
        by_channel[group["channel"]] += group["n"]
    return PetitionCounts(by_period_kind=by_period_kind, by_subject=by_subject, by_channel=by_channel)


@dataclass(frozen=True)
class HandlingCounts:
    resolved: Counter  # (period start, "on_time" | "late") -> n: resolution time limits met or not
    all_steps: Counter  # "on_time" | "late" -> n: every time limit done in the window
    open_by_status: Counter  # status -> n: matters not concluded nor refused, today
    overdue: int  # time limits past due today
    overdue_more: bool  # more than ``cases.worklists.COUNT_CAP``


def _visible_deadlines(user, unit: Unit):
    """Time limits of the petitions and matters ``user`` sees (as the worklists), owned by the
    subtree: by their matter's handling unit, or their petition's receiving unit without a matter
    (as ``cases.stats.deadlines_met``)."""
    seen_petitions = permissions.petitions_visible_to(user).values("pk")
    seen_matters = permissions.matters_visible_to(user).values("pk")
    owned = Q(matter__isnull=False, matter__unit__path__startswith=unit.path) | Q(
        matter__isnull=True, petition__unit__path__startswith=unit.path
    )
    return (
        Deadline.objects.filter(owned, cancelled=False)
        .filter(Q(petition__isnull=True) | Q(petition__in=seen_petitions))
        .filter(Q(matter__isnull=True) | Q(matter__in=seen_matters))
    )


def handling(*, user, unit: Unit, window: Window, today: datetime.date) -> HandlingCounts:
    """Time limits done in the window, on time (by their due date) or late, as
    ``cases.stats.deadlines_met`` counts them; the resolution steps (resolving an accepted matter
    and its extensions) make the on-time rate of the matters concluded. Open matters by status
    today, and the time limits overdue today as on the "Overdue" worklist. Four queries."""
    done = (
        _visible_deadlines(user, unit)
        .filter(done_on__gte=window.date_from, done_on__lte=window.date_to)
        .annotate(period=trunc("done_on", window.period, datetime_field=False))
        .order_by()
        .values("period", "step")
        .annotate(
            on_time=Count("pk", filter=Q(done_on__lte=F("due_on"))), late=Count("pk", filter=Q(done_on__gt=F("due_on")))
        )
    )
    resolved, all_steps = Counter(), Counter()
    for group in done:
        for outcome in ("on_time", "late"):
            all_steps[outcome] += group[outcome]
            if group["step"] in RESOLUTION_STEPS:
                resolved[(_key(group, window), outcome)] += group[outcome]
    statuses = (
        visible_matters(user, unit)
        .exclude(status__in=(MatterStatus.CONCLUDED, MatterStatus.REFUSED))
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    )
    page = worklists.worklist_page(user=user, name="overdue", filters=worklists.Filters(unit=unit), today=today, size=1)
    return HandlingCounts(
        resolved=resolved,
        all_steps=all_steps,
        open_by_status=Counter({group["status"]: group["n"] for group in statuses}),
        overdue=page.count,
        overdue_more=page.more,
    )


@dataclass(frozen=True)
class ProtectionCounts:
    requests_by_period: Counter  # period start -> n (cases requested)
    decisions: Counter  # "granted" | "refused" -> n
    measures_by_kind: Counter  # kind -> n (measures in force on a day of the window)


def protection(*, user, unit: Unit, window: Window) -> ProtectionCounts:
    """Protection cases ``user`` sees, decided by a unit of the subtree: requested in the window by
    period; decisions taken in it (granted or refused, as ``protection.stats.protection_decisions``);
    measures in force on at least one day of it by kind (as ``protection.stats.people_protected``).
    Three queries."""
    from protection.models import CaseStatus, Measure, ProtectionCase

    start, end = day_window(window.date_from, window.date_to)
    cases = ProtectionCase.objects.filter(
        pk__in=permissions.protection_cases_visible_to(user).values("pk"), unit__path__startswith=unit.path
    )
    requests = (
        cases.filter(requested_at__gte=start, requested_at__lt=end)
        .annotate(period=trunc("requested_at", window.period, datetime_field=True))
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
    )
    decided = (
        cases.filter(decided_at__gte=start, decided_at__lt=end).order_by().values("status").annotate(n=Count("pk"))
    )
    decisions = Counter()
    for group in decided:
        decisions["refused" if group["status"] == CaseStatus.REFUSED else "granted"] += group["n"]
    measures = (
        Measure.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=window.date_from),
            starts_on__lte=window.date_to,
            case__in=cases.filter(decided_at__isnull=False, status__in=(CaseStatus.GRANTED, CaseStatus.ENDED)),
        )
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
    )
    requests_by_period = Counter()
    for group in requests:
        requests_by_period[_key(group, window)] += group["n"]
    return ProtectionCounts(
        requests_by_period=requests_by_period,
        decisions=decisions,
        measures_by_kind=Counter({group["kind"]: group["n"] for group in measures}),
    )


@dataclass(frozen=True)
class RetaliationCounts:
    by_period: Counter  # period start -> incidents
    by_form: Counter  # form -> incidents (an incident of several forms counts under each)
    by_finding: Counter  # status -> incidents


def retaliation(*, user, unit: Unit, window: Window) -> RetaliationCounts:
    """Incidents ``user`` sees, recorded by a unit of the subtree and reported in the window (as
    ``retaliation.stats.retaliation_incidents``). One query: the forms are a list in each row."""
    rows = (
        permissions.incidents_visible_to(user)
        .filter(unit__path__startswith=unit.path, reported_on__gte=window.date_from, reported_on__lte=window.date_to)
        .order_by()
        .values_list("reported_on", "forms", "status")
    )
    by_period, by_form, by_finding = Counter(), Counter(), Counter()
    for reported_on, forms, status in rows:
        by_period[as_start(reported_on, window.period)] += 1
        by_form.update(set(forms))
        by_finding[status] += 1
    return RetaliationCounts(by_period=by_period, by_form=by_form, by_finding=by_finding)


@dataclass(frozen=True)
class ReceptionCounts:
    sessions: Counter  # (period start, session kind) -> held sessions
    visitors: Counter  # (period start, session kind) -> people received
    delegations: int  # mass delegations received
    refused: int  # cases refused


def reception(*, user, unit: Unit, window: Window) -> ReceptionCounts:
    """Citizen reception of the sessions ``user`` may read, held by a unit of the subtree in the
    window, counted as the figures of the Regulation 11 appendix count them (``reception.stats``:
    held sessions only; people received = the headcounts of the visits not refused; a delegation is
    one case whatever its size). Two queries, however long the window: the figures would take one
    query per figure and period."""
    from reception.models import ReceptionSession, SessionStatus, Visit, VisitKind

    held = ReceptionSession.objects.filter(
        pk__in=permissions.reception_sessions_visible_to(user).values("pk"),
        unit__path__startswith=unit.path,
        status=SessionStatus.HELD,
        date__gte=window.date_from,
        date__lte=window.date_to,
    )
    sessions = Counter()
    for group in (
        held.annotate(period=trunc("date", window.period, datetime_field=False))
        .order_by()
        .values("period", "kind")
        .annotate(n=Count("pk"))
    ):
        sessions[(_key(group, window), group["kind"])] += group["n"]
    visitors, delegations, refused = Counter(), 0, 0
    for group in (
        Visit.objects.filter(session__in=held)
        .annotate(period=trunc("session__date", window.period, datetime_field=False))
        .order_by()
        .values("period", "session__kind", "refused")
        .annotate(
            people=Sum("headcount"), cases=Count("pk"), delegations=Count("pk", filter=Q(kind=VisitKind.DELEGATION))
        )
    ):
        if group["refused"]:
            refused += group["cases"]
        else:
            visitors[(_key(group, window), group["session__kind"])] += group["people"]
            delegations += group["delegations"]
    return ReceptionCounts(sessions=sessions, visitors=visitors, delegations=delegations, refused=refused)


@dataclass(frozen=True)
class CampaignProgress:
    campaign: object
    counts: dict  # recipient status -> units
    late: int
    total: int


MAX_CAMPAIGNS = 10


def campaigns(*, user, unit: Unit, today: datetime.date) -> list[CampaignProgress]:
    """Running campaigns ``user`` sees that ask a unit of the subtree for a report (the ten due
    first): for each, the recipients of the subtree ``user`` sees, by status, and how many are late
    (``Recipient.is_late_on``). Units, not people: nothing here needs hiding. Two queries a campaign."""
    from campaigns.models import CampaignStatus, Recipient
    from campaigns.selectors import progress_of

    running = (
        permissions.campaigns_visible_to(user)
        .filter(
            status=CampaignStatus.RUNNING,
            pk__in=Recipient.objects.filter(unit__path__startswith=unit.path).values("campaign_id"),
        )
        .order_by("due_on", "pk")[:MAX_CAMPAIGNS]
    )
    result = []
    for campaign in running:
        recipients = list(
            permissions.campaign_recipients_visible_to(user, campaign)
            .filter(unit__path__startswith=unit.path)
            .only("status", "due_on", "first_submitted_at")
        )
        if not recipients:
            continue
        progress = progress_of(recipients, today)
        result.append(
            CampaignProgress(campaign=campaign, counts=progress.counts, late=progress.late, total=progress.total)
        )
    return result
