"""Reads of the programme screens that are more than a lookup (report figures are in ``stats``)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import permissions
from baove.lib.text import fold
from org.models import Unit
from programme.models import (
    PLAN_KINDS,
    Dissemination,
    Document,
    DueItem,
    DueStatus,
    Inspection,
    ProgressUpdate,
    PropagandaItem,
    Task,
)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """Open and past its day: the due item is late."""
    return Q(**{f"{prefix}status": DueStatus.OPEN, f"{prefix}due_on__lt": today})


def _overdue_per_plan(today: datetime.date) -> Subquery:
    rows = (
        DueItem.objects.filter(overdue_q(today), task__plan=OuterRef("pk"))
        .order_by()
        .values("task__plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def applying_to(user) -> Q:
    """Documents that apply to the units ``user`` holds a role in: national texts, texts of those
    units and of every unit above them, and plans with a task for one of the units they cover."""
    if permissions.is_installation_admin(user) and not permissions.active_memberships(user):
        return Q()
    covered = Unit.objects.filter(permissions.unit_filter(user))
    tasked = Task.objects.filter(
        Q(lead_unit__in=covered) | Q(assignees__in=covered) | Q(coordinating_units__in=covered)
    ).values("plan_id")
    return Q(unit__isnull=True) | Q(unit_id__in=permissions.programme_chain_unit_ids(user)) | Q(pk__in=tasked)


def documents_for(
    user,
    *,
    q: str = "",
    kind: str = "",
    plans_only: bool = False,
    issuer: Unit | None = None,
    year: int | None = None,
    applies: bool = False,
    overdue: bool = False,
    legal_normative: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Document]:
    """The documents ``user`` may read, filtered, newest first, each with ``overdue_count``."""
    today = _today(today)
    rows = permissions.documents_visible_to(user).select_related("unit", "issuer", "implements")
    if plans_only:
        rows = rows.filter(kind__in=PLAN_KINDS)
    if q:
        rows = rows.filter(search_text__contains=fold(q))
    if kind:
        rows = rows.filter(kind=kind)
    if issuer is not None:
        rows = rows.filter(issuer=issuer)
    if year:
        rows = rows.filter(issued_on__year=year)
    if applies:
        rows = rows.filter(applying_to(user))
    if legal_normative:
        rows = rows.filter(is_legal_normative=True)
    rows = rows.annotate(overdue_count=_overdue_per_plan(today))
    if overdue:
        rows = rows.filter(overdue_count__gt=0)
    return rows.order_by("-issued_on", "-pk")


def issuers_for(user) -> QuerySet[Unit]:
    """Units that issued a document ``user`` may read (the list's issuer filter)."""
    return Unit.objects.filter(issued_documents__in=permissions.documents_visible_to(user)).distinct()


@dataclass(frozen=True)
class ChainLink:
    document: Document
    visible: bool


def chain_above(user, document: Document) -> list[ChainLink]:
    """The texts ``document`` implements, from the root text down to its direct parent. Their
    number and title are shown to whoever reads the document; a link only where they may read it."""
    ids = document.chain_ids[:-1]
    if not ids:
        return []
    visible = set(permissions.documents_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    rows = Document.objects.filter(pk__in=ids).select_related("issuer").order_by("depth")
    return [ChainLink(row, row.pk in visible) for row in rows]


def chain_below(user, document: Document, today: datetime.date | None = None) -> QuerySet[Document]:
    """The texts ``user`` may read that implement ``document``, directly or down the chain."""
    return (
        permissions.documents_visible_to(user)
        .filter(path__startswith=document.path)
        .exclude(pk=document.pk)
        .select_related("unit", "issuer")
        .annotate(overdue_count=_overdue_per_plan(_today(today)))
        .order_by("path")
    )


def plan_tasks(plan: Document) -> list[Task]:
    return list(
        plan.tasks.select_related("lead_unit").prefetch_related("coordinating_units", "assignees").order_by("order")
    )


def plan_due_items(plan: Document, *, unit_ids: set[int] | None = None) -> QuerySet[DueItem]:
    rows = DueItem.objects.filter(task__plan=plan).select_related("task", "unit").order_by("due_on", "unit__path")
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return rows


def plan_overdue_count(plan: Document, today: datetime.date | None = None) -> int:
    return DueItem.objects.filter(overdue_q(_today(today)), task__plan=plan).count()


def tasks_for(
    user, *, q: str = "", plan: Document | None = None, timing: str = "", unit: Unit | None = None
) -> QuerySet[Task]:
    rows = Task.objects.filter(plan__in=permissions.documents_visible_to(user)).select_related(
        "plan", "lead_unit", "plan__unit"
    )
    if q:
        folded = fold(q)
        rows = rows.filter(Q(search_text__contains=folded) | Q(plan__search_text__contains=folded))
    if plan is not None:
        rows = rows.filter(plan=plan)
    if timing:
        rows = rows.filter(timing=timing)
    if unit is not None:
        rows = rows.filter(
            pk__in=Task.objects.filter(Q(lead_unit=unit) | Q(assignees=unit) | Q(coordinating_units=unit)).values("pk")
        )
    return rows.order_by("-plan__issued_on", "plan_id", "order", "pk")


def due_items_for(
    user,
    *,
    status: str = "",
    overdue: bool = False,
    unit: Unit | None = None,
    plan: Document | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    today: datetime.date | None = None,
) -> QuerySet[DueItem]:
    """Due items of the units ``user`` covers and of the plans their units follow up, by day."""
    rows = permissions.due_items_visible_to(user).select_related("task", "task__plan", "unit")
    if status:
        rows = rows.filter(status=status)
    if overdue:
        rows = rows.filter(overdue_q(_today(today)))
    if unit is not None:
        rows = rows.filter(unit=unit)
    if plan is not None:
        rows = rows.filter(task__plan=plan)
    if date_from:
        rows = rows.filter(due_on__gte=date_from)
    if date_to:
        rows = rows.filter(due_on__lte=date_to)
    return rows.order_by("due_on", "unit__path", "pk")


def overdue_items(user, today: datetime.date | None = None) -> QuerySet[DueItem]:
    """The "overdue tasks" worklist: open due items past their day, of the units ``user`` covers."""
    return due_items_for(user, overdue=True, today=today)


def progress_for(
    user,
    *,
    q: str = "",
    unit: Unit | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    done: bool = False,
) -> QuerySet[ProgressUpdate]:
    rows = permissions.progress_visible_to(user).select_related("task", "task__plan", "unit", "due_item")
    if q:
        folded = fold(q)
        rows = rows.filter(Q(search_text__contains=folded) | Q(task__search_text__contains=folded))
    if unit is not None:
        rows = rows.filter(unit=unit)
    if date_from:
        rows = rows.filter(reported_on__gte=date_from)
    if date_to:
        rows = rows.filter(reported_on__lte=date_to)
    if done:
        rows = rows.filter(done=True)
    return rows.order_by("-reported_on", "-pk")


# Activities

DATE_FIELDS = {Dissemination: "held_on", Inspection: "started_on", PropagandaItem: "published_on"}


def activities_for(
    user,
    model,
    *,
    q: str = "",
    unit: Unit | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    concerning: Document | None = None,
    **choices,
) -> QuerySet:
    """Dissemination events, inspections or propaganda items ``user`` may read, filtered, newest
    first. ``unit`` stands for its subtree; ``concerning`` follows the text's chain; ``choices``
    are exact matches on choice fields (``form``, ``activity_kind``, ``medium``…)."""
    date_field = DATE_FIELDS[model]
    rows = permissions.programme_records_visible_to(user, model).select_related("unit")
    if q:
        rows = rows.filter(search_text__contains=fold(q))
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if date_from:
        rows = rows.filter(**{f"{date_field}__gte": date_from})
    if date_to:
        rows = rows.filter(**{f"{date_field}__lte": date_to})
    if concerning is not None:
        links = model.concerning.through.objects.filter(document__path__startswith=concerning.path)
        rows = rows.filter(pk__in=links.values(f"{model._meta.model_name}_id"))
    for field, value in choices.items():
        if value:
            rows = rows.filter(**{field: value})
    related = ["concerning", "units_covered"] if model is Inspection else ["concerning"]
    return rows.prefetch_related(*related).order_by(f"-{date_field}", "-pk")
