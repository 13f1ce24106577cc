"""Every state change of the programme: documents and their chain, tasks and their due items,
progress, dissemination, inspections and propaganda.

Keyword-only, atomic: validate, change, then write the audit event (``programme.*``) in the same
transaction. Audit details carry codes, numbers and the names of the fields that changed, never
the text people typed.
"""

import datetime
import re
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_record_inspection, can_record_programme, can_report_progress
from audit.services import audit_record
from baove.lib.text import fold
from org.models import Unit, UnitKind
from programme.files import CheckedFile
from programme.models import (
    PLAN_KINDS,
    BodyKind,
    Dissemination,
    Document,
    DueItem,
    DueStatus,
    Inspection,
    ProgressUpdate,
    PropagandaItem,
    Task,
    Timing,
    document_path,
)

# Root texts by their number (seeded by migration 0002 with no unit: national texts).
DIRECTIVE_27 = "27-CT/TW"
REGULATION_11 = "11-QĐi/TW"
CONCLUSION_69 = "69-KL/TW"
REGULATION_231 = "231-QĐ/TW"


def _require(allowed: bool) -> None:
    if not allowed:
        raise ValidationError(_("You may not record this for that unit."))


def _attach(obj, file: CheckedFile) -> None:
    """Store the file through the storage API under a random name; keep the person's name apart."""
    content = file.content()
    obj.file.save(content.name, content, save=False)
    obj.file_name = file.name


def _changed(before: dict, after: dict) -> list[str]:
    return sorted(key for key in after if before.get(key) != after[key])


def _snapshot(obj, fields: Iterable[str], m2m: Iterable[str] = ()) -> dict:
    data = {field: getattr(obj, field) for field in fields}
    for name in m2m:
        data[name] = sorted(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
    return data


# Documents and their chain


def _document_search_text(document: Document) -> str:
    issuer = document.issuer.name if document.issuer_id else document.issuer_name
    return fold(f"{document.number} {document.title} {document.summary} {issuer}")


def _place_in_chain(document: Document, implements: Document | None) -> None:
    """Set ``implements`` and ``path``, and carry every text below along (their paths change too)."""
    if implements is not None and document.path and implements.path.startswith(document.path):
        raise ValidationError({"implements": _("A text cannot implement itself or a text that implements it.")})
    old_path = document.path
    document.implements = implements
    document.path = document_path(implements.path if implements else None, document.pk)
    document.depth = implements.depth + 1 if implements else 0
    if old_path and old_path != document.path:
        below = list(Document.objects.filter(path__startswith=old_path).exclude(pk=document.pk).only("pk", "path"))
        for child in below:
            child.path = document.path + child.path[len(old_path) :]
            child.depth = child.path.strip("/").count("/")
        Document.objects.bulk_update(below, ["path", "depth"], batch_size=500)


def _check_document(*, number: str, issued_on, title: str, issuer: Unit | None, issuer_name: str, unit, exclude=None):
    errors = {}
    if not number.strip():
        errors["number"] = _("Give the document's number.")
    if not title.strip():
        errors["title"] = _("Give the document's title.")
    if issuer is None and not issuer_name.strip():
        errors["issuer_name"] = _("Choose the issuing unit or write the name of the issuing body.")
    if errors:
        raise ValidationError(errors)
    same = Document.objects.filter(number__iexact=number.strip(), issued_on=issued_on)
    same = same.filter(issuer=issuer) if issuer else same.filter(issuer__isnull=True, issuer_name__iexact=issuer_name)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise ValidationError({"number": _("This document is already recorded.")})


DOCUMENT_FIELDS = (
    "kind",
    "number",
    "issued_on",
    "issuer_id",
    "issuer_name",
    "is_party",
    "is_legal_normative",
    "title",
    "summary",
    "implements_id",
    "unit_id",
    "file_name",
)


@transaction.atomic
def document_create(
    *,
    actor,
    kind: str,
    number: str,
    issued_on: datetime.date,
    title: str,
    unit: Unit | None,
    issuer: Unit | None = None,
    issuer_name: str = "",
    is_party: bool = True,
    is_legal_normative: bool = False,
    summary: str = "",
    implements: Document | None = None,
    file: CheckedFile | None = None,
) -> Document:
    """Record a text. ``unit`` is the unit it belongs to (usually the issuer); ``None`` only for a
    national text, which only the superuser records."""
    unit = unit or issuer
    _require(can_record_programme(actor, unit))
    _check_document(number=number, issued_on=issued_on, title=title, issuer=issuer, issuer_name=issuer_name, unit=unit)
    document = Document(
        kind=kind,
        number=number.strip(),
        issued_on=issued_on,
        issuer=issuer,
        issuer_name="" if issuer else issuer_name.strip(),
        is_party=is_party,
        is_legal_normative=is_legal_normative,
        title=title.strip(),
        summary=summary,
        unit=unit,
        recorded_by=actor,
    )
    document.search_text = _document_search_text(document)
    document.save()
    _place_in_chain(document, implements)
    if file is not None:
        _attach(document, file)
    document.save()
    audit_record(
        actor=actor,
        action="programme.document.create",
        obj=document,
        unit=unit,
        details={"kind": kind, "number": document.number, "implements": implements.pk if implements else None},
    )
    return document


@transaction.atomic
def document_update(
    *,
    actor,
    document: Document,
    kind: str,
    number: str,
    issued_on: datetime.date,
    title: str,
    unit: Unit | None,
    issuer: Unit | None = None,
    issuer_name: str = "",
    is_party: bool = True,
    is_legal_normative: bool = False,
    summary: str = "",
    implements: Document | None = None,
    file: CheckedFile | None = None,
    remove_file: bool = False,
) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    unit = unit or issuer
    _require(can_record_programme(actor, document.unit) and can_record_programme(actor, unit))
    _check_document(
        number=number,
        issued_on=issued_on,
        title=title,
        issuer=issuer,
        issuer_name=issuer_name,
        unit=unit,
        exclude=document,
    )
    if kind not in PLAN_KINDS and document.tasks.exists():
        raise ValidationError({"kind": _("This document has tasks: it must stay a plan or a programme.")})
    before = _snapshot(document, DOCUMENT_FIELDS)
    document.kind, document.number, document.issued_on = kind, number.strip(), issued_on
    document.issuer, document.issuer_name = issuer, "" if issuer else issuer_name.strip()
    document.is_party, document.is_legal_normative = is_party, is_legal_normative
    document.title, document.summary, document.unit = title.strip(), summary, unit
    if implements != document.implements:
        _place_in_chain(document, implements)
    if file is not None:
        _attach(document, file)
    elif remove_file and document.file:
        document.file = ""
        document.file_name = ""
    document.search_text = _document_search_text(document)
    document.save()
    changed = _changed(before, _snapshot(document, DOCUMENT_FIELDS))
    if file is not None and "file_name" not in changed:
        changed.append("file_name")
    if changed:
        audit_record(
            actor=actor,
            action="programme.document.update",
            obj=document,
            unit=document.unit,
            details={"changed": sorted(changed)},
        )
    return document


# Tasks and due items

_PAIR = re.compile(r"^(\d{1,2})\s*/\s*(\d{1,2})$")


def parse_recurrence(text: str) -> list[tuple[int, int]]:
    """ "5/6, 05/12" → [(5, 6), (5, 12)]: days of the year, each valid in a leap year, sorted, once."""
    pairs = set()
    for part in re.split(r"[,;]", text or ""):
        part = part.strip()
        if not part:
            continue
        match = _PAIR.match(part)
        if not match:
            raise ValidationError({"recurrence": _("Write days as dd/mm separated by commas, e.g. 05/06, 05/12.")})
        day, month = int(match.group(1)), int(match.group(2))
        try:
            datetime.date(2024, month, day)  # a leap year: 29/02 is allowed
        except ValueError as error:
            raise ValidationError({"recurrence": _("%(value)s is not a day of the year.") % {"value": part}}) from error
        pairs.add((day, month))
    if not pairs:
        raise ValidationError({"recurrence": _("Give at least one day, e.g. 05/06, 05/12.")})
    return sorted(pairs, key=lambda pair: (pair[1], pair[0]))


def format_recurrence(pairs: Sequence[tuple[int, int]]) -> str:
    return ",".join(f"{day:02d}/{month:02d}" for day, month in pairs)


def _on(year: int, day: int, month: int) -> datetime.date:
    """The day in ``year``; 29/02 falls on 28/02 in other years."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return datetime.date(year, month, day - 1)


def default_horizon(today: datetime.date | None = None) -> datetime.date:
    """Due items are created up to the end of next year; the daily command moves the horizon on."""
    today = today or timezone.localdate()
    return datetime.date(today.year + 1, 12, 31)


def task_units(task: Task) -> list[Unit]:
    """The units that owe the task's due items: its assignees, else its lead unit."""
    assignees = list(task.assignees.all())
    return assignees or [task.lead_unit]


def task_due_dates(task: Task, until: datetime.date) -> list[datetime.date]:
    """The days a unit owes the task: its due date, or every day of its rule up to ``until``
    (from 1 January of ``recurrence_from``, else from the plan's date; up to 31 December of
    ``recurrence_until``)."""
    if task.timing == Timing.DUE_DATE:
        return [task.due_on] if task.due_on else []
    if task.timing != Timing.RECURRING:
        return []
    start = datetime.date(task.recurrence_from, 1, 1) if task.recurrence_from else task.plan.issued_on
    end = until
    if task.recurrence_until:
        end = min(end, datetime.date(task.recurrence_until, 12, 31))
    days = []
    for year in range(start.year, end.year + 1):
        for day, month in task.recurrence_pairs:
            on = _on(year, day, month)
            if start <= on <= end:
                days.append(on)
    return sorted(days)


@transaction.atomic
def task_schedule_due_items(*, task: Task, until: datetime.date | None = None) -> int:
    """Create the due items the task's units owe up to ``until`` (default: end of next year);
    returns how many were created. Idempotent. Open items that no longer follow from the task (a
    unit removed, a day changed) go, unless someone already reported on them."""
    task = Task.objects.select_for_update(of=("self",)).select_related("plan", "lead_unit").get(pk=task.pk)
    until = until or default_horizon()
    existing = DueItem.objects.filter(task=task)
    latest = existing.aggregate(latest=Max("due_on"))["latest"]
    horizon = max(until, latest) if latest else until
    wanted = {(unit.pk, day) for unit in task_units(task) for day in task_due_dates(task, horizon)}
    have = set(existing.values_list("unit_id", "due_on"))
    stale = [
        pk
        for pk, unit_id, due_on in existing.filter(status=DueStatus.OPEN, progress__isnull=True).values_list(
            "pk", "unit_id", "due_on"
        )
        if (unit_id, due_on) not in wanted
    ]
    if stale:
        DueItem.objects.filter(pk__in=stale).delete()
    missing = sorted(wanted - have)
    DueItem.objects.bulk_create(
        [DueItem(task=task, unit_id=unit_id, due_on=day) for unit_id, day in missing], ignore_conflicts=True
    )
    return len(missing)


def schedule_all(*, until: datetime.date | None = None) -> tuple[int, int]:
    """Every dated or recurring task (the ``programme_schedule`` command): (tasks, items created)."""
    tasks = Task.objects.filter(timing__in=(Timing.DUE_DATE, Timing.RECURRING)).order_by("pk")
    count = created = 0
    for task in tasks.iterator():
        count += 1
        created += task_schedule_due_items(task=task, until=until)
    return count, created


def units_below(unit: Unit, *, kind: str = "", whole_subtree: bool = False) -> list[Unit]:
    """The units directly below ``unit`` (or its whole subtree), of ``kind`` if given, in force
    today: the form's "add the units below" helper."""
    rows = Unit.objects.filter(path__startswith=unit.path).exclude(pk=unit.pk).active_on(timezone.localdate())
    if not whole_subtree:
        rows = rows.filter(parent=unit)
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows)


TASK_FIELDS = (
    "order",
    "title",
    "description",
    "lead_unit_id",
    "coordinating_note",
    "timing",
    "due_on",
    "recurrence",
    "recurrence_from",
    "recurrence_until",
    "timing_note",
    "expected_result",
)


def _check_task(*, plan: Document, title: str, timing: str, due_on, recurrence: str, years) -> str:
    if plan.kind not in PLAN_KINDS:
        raise ValidationError(_("Only a plan or a programme has tasks."))
    if not title.strip():
        raise ValidationError({"title": _("Say what the task is.")})
    if timing == Timing.DUE_DATE and due_on is None:
        raise ValidationError({"due_on": _("Give the date by which the task is due.")})
    if timing == Timing.RECURRING:
        recurrence = format_recurrence(parse_recurrence(recurrence))
        start, end = years
        if start and end and end < start:
            raise ValidationError({"recurrence_until": _("The last year is before the first.")})
        return recurrence
    return ""


def _set_task_units(task: Task, coordinating: Iterable[Unit], assignees: Iterable[Unit]) -> None:
    task.coordinating_units.set(list(coordinating))
    task.assignees.set(list(assignees))


@transaction.atomic
def task_create(
    *,
    actor,
    plan: Document,
    title: str,
    lead_unit: Unit,
    order: int | None = None,
    description: str = "",
    coordinating_units: Iterable[Unit] = (),
    coordinating_note: str = "",
    assignees: Iterable[Unit] = (),
    timing: str = Timing.ONGOING,
    due_on: datetime.date | None = None,
    recurrence: str = "",
    recurrence_from: int | None = None,
    recurrence_until: int | None = None,
    timing_note: str = "",
    expected_result: str = "",
    until: datetime.date | None = None,
) -> Task:
    """Add a task to a plan and create its due items."""
    _require(can_record_programme(actor, plan.unit))
    recurrence = _check_task(
        plan=plan,
        title=title,
        timing=timing,
        due_on=due_on,
        recurrence=recurrence,
        years=(recurrence_from, recurrence_until),
    )
    if order is None:
        order = (plan.tasks.aggregate(top=Max("order"))["top"] or 0) + 1
    task = Task.objects.create(
        plan=plan,
        order=order,
        title=title.strip(),
        description=description,
        lead_unit=lead_unit,
        coordinating_note=coordinating_note,
        timing=timing,
        due_on=due_on if timing == Timing.DUE_DATE else None,
        recurrence=recurrence,
        recurrence_from=recurrence_from if timing == Timing.RECURRING else None,
        recurrence_until=recurrence_until if timing == Timing.RECURRING else None,
        timing_note=timing_note,
        expected_result=expected_result,
        search_text=fold(f"{title} {description}"),
        created_by=actor,
    )
    _set_task_units(task, coordinating_units, assignees)
    created = task_schedule_due_items(task=task, until=until)
    audit_record(
        actor=actor,
        action="programme.task.create",
        obj=task,
        unit=plan.unit,
        details={"plan": plan.pk, "timing": timing, "recurrence": recurrence, "due_items": created},
    )
    return task


@transaction.atomic
def task_update(
    *,
    actor,
    task: Task,
    title: str,
    lead_unit: Unit,
    order: int,
    description: str = "",
    coordinating_units: Iterable[Unit] = (),
    coordinating_note: str = "",
    assignees: Iterable[Unit] = (),
    timing: str = Timing.ONGOING,
    due_on: datetime.date | None = None,
    recurrence: str = "",
    recurrence_from: int | None = None,
    recurrence_until: int | None = None,
    timing_note: str = "",
    expected_result: str = "",
    until: datetime.date | None = None,
) -> Task:
    task = Task.objects.select_for_update(of=("self",)).select_related("plan", "plan__unit").get(pk=task.pk)
    _require(can_record_programme(actor, task.plan.unit))
    recurrence = _check_task(
        plan=task.plan,
        title=title,
        timing=timing,
        due_on=due_on,
        recurrence=recurrence,
        years=(recurrence_from, recurrence_until),
    )
    m2m = ("coordinating_units", "assignees")
    before = _snapshot(task, TASK_FIELDS, m2m)
    task.order, task.title, task.description, task.lead_unit = order, title.strip(), description, lead_unit
    task.coordinating_note, task.timing = coordinating_note, timing
    task.due_on = due_on if timing == Timing.DUE_DATE else None
    task.recurrence = recurrence
    task.recurrence_from = recurrence_from if timing == Timing.RECURRING else None
    task.recurrence_until = recurrence_until if timing == Timing.RECURRING else None
    task.timing_note, task.expected_result = timing_note, expected_result
    task.search_text = fold(f"{task.title} {task.description}")
    task.save()
    _set_task_units(task, coordinating_units, assignees)
    changed = _changed(before, _snapshot(task, TASK_FIELDS, m2m))
    created = task_schedule_due_items(task=task, until=until)
    if changed:
        audit_record(
            actor=actor,
            action="programme.task.update",
            obj=task,
            unit=task.plan.unit,
            details={"changed": changed, "due_items": created},
        )
    return task


# Progress and due items


def _close(item: DueItem, on: datetime.date) -> None:
    item.status = DueStatus.DONE if on <= item.due_on else DueStatus.LATE_DONE
    item.done_on = on
    item.save(update_fields=["status", "done_on", "updated_at"])


@transaction.atomic
def progress_report(
    *,
    actor,
    task: Task,
    unit: Unit,
    text: str,
    reported_on: datetime.date | None = None,
    due_item: DueItem | None = None,
    percent: int | None = None,
    done: bool = False,
    file: CheckedFile | None = None,
) -> ProgressUpdate:
    """A unit reports what it did on a task. "Done" closes the due item: on time when reported on
    or before its day, late after it."""
    reported_on = reported_on or timezone.localdate()
    _require(can_report_progress(actor, task, unit))
    owing = {u.pk for u in task_units(task)} | {task.lead_unit_id}
    owing |= set(task.coordinating_units.values_list("pk", flat=True))
    if unit.pk not in owing:
        raise ValidationError({"unit": _("This unit has no part in the task.")})
    if not text.strip():
        raise ValidationError({"text": _("Say what was done.")})
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Give a percentage between 0 and 100.")})
    if due_item is not None:
        due_item = DueItem.objects.select_for_update().get(pk=due_item.pk)
        if due_item.task_id != task.pk or due_item.unit_id != unit.pk:
            raise ValidationError({"due_item": _("This due item is not the unit's for this task.")})
    update = ProgressUpdate(
        task=task,
        due_item=due_item,
        unit=unit,
        reported_on=reported_on,
        text=text,
        percent=100 if done and percent is None else percent,
        done=done,
        recorded_by=actor,
        search_text=fold(text),
    )
    if file is not None:
        _attach(update, file)
    update.save()
    if done and due_item is not None and due_item.status == DueStatus.OPEN:
        _close(due_item, reported_on)
    audit_record(
        actor=actor,
        action="programme.progress.report",
        obj=update,
        unit=unit,
        details={
            "task": task.pk,
            "due_item": due_item.pk if due_item else None,
            "done": done,
            "status": due_item.status if due_item else None,
        },
    )
    return update


PROGRESS_FIELDS = ("reported_on", "text", "percent", "file_name")


@transaction.atomic
def progress_update(
    *,
    actor,
    update: ProgressUpdate,
    reported_on: datetime.date,
    text: str,
    percent: int | None = None,
    file: CheckedFile | None = None,
) -> ProgressUpdate:
    """Correct a progress report (whether it closed a due item stays as it was)."""
    update = ProgressUpdate.objects.select_for_update(of=("self",)).select_related("task__plan").get(pk=update.pk)
    _require(can_report_progress(actor, update.task, update.unit))
    if not text.strip():
        raise ValidationError({"text": _("Say what was done.")})
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Give a percentage between 0 and 100.")})
    before = _snapshot(update, PROGRESS_FIELDS)
    update.reported_on, update.text, update.percent = reported_on, text, percent
    update.search_text = fold(text)
    if file is not None:
        _attach(update, file)
    update.save()
    if update.done and update.due_item_id and update.due_item.done_on != reported_on:
        item = DueItem.objects.select_for_update().get(pk=update.due_item_id)
        if item.status != DueStatus.OPEN:
            _close(item, reported_on)
    changed = _changed(before, _snapshot(update, PROGRESS_FIELDS))
    if changed:
        audit_record(
            actor=actor, action="programme.progress.update", obj=update, unit=update.unit, details={"changed": changed}
        )
    return update


@transaction.atomic
def due_item_update(
    *, actor, item: DueItem, status: str, done_on: datetime.date | None = None, note: str = ""
) -> DueItem:
    """The unit that issued the plan corrects a due item: reopen it, or mark it done on a day (on
    time or late follows from the day)."""
    item = DueItem.objects.select_for_update(of=("self",)).select_related("task__plan__unit").get(pk=item.pk)
    _require(can_record_programme(actor, item.task.plan.unit))
    before = _snapshot(item, ("status", "done_on", "note"))
    if status == DueStatus.OPEN:
        item.status, item.done_on = DueStatus.OPEN, None
    else:
        if done_on is None:
            raise ValidationError({"done_on": _("Give the day it was done.")})
        item.status = DueStatus.DONE if done_on <= item.due_on else DueStatus.LATE_DONE
        item.done_on = done_on
    item.note = note
    item.save()
    changed = _changed(before, _snapshot(item, ("status", "done_on", "note")))
    if changed:
        audit_record(
            actor=actor,
            action="programme.due_item.update",
            obj=item,
            unit=item.unit,
            details={"changed": changed, "status": item.status},
        )
    return item


# Activities: dissemination events, inspections, propaganda items


def default_body_kind(unit: Unit) -> str:
    """The kind of body an inspection is by, from the kind of the unit that ran it."""
    return unit.kind if unit.kind in BodyKind.values else BodyKind.OTHER


def default_organised_by_committee(unit: Unit) -> bool:
    return unit.kind == UnitKind.PARTY_COMMITTEE


def _check_dates(start: datetime.date, end: datetime.date | None, field: str = "ended_on") -> None:
    if end is not None and end < start:
        raise ValidationError({field: _("The end is before the start.")})


def _record_save(*, actor, obj, fields: dict, m2m: dict, action: str, create: bool, search: str):
    """Shared create/update of an activity record: set, save, set relations, audit."""
    names = tuple(fields)
    before = None if create else _snapshot(obj, [*names], m2m)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.search_text = fold(search)
    obj.save()
    for name, values in m2m.items():
        getattr(obj, name).set(list(values))
    if create:
        audit_record(actor=actor, action=f"{action}.create", obj=obj, unit=obj.unit, details={})
    else:
        changed = _changed(before, _snapshot(obj, [*names], m2m))
        if changed:
            audit_record(actor=actor, action=f"{action}.update", obj=obj, unit=obj.unit, details={"changed": changed})
    return obj


@transaction.atomic
def dissemination_save(
    *,
    actor,
    unit: Unit,
    held_on: datetime.date,
    form: str,
    title: str,
    sessions: int = 1,
    participants: int = 0,
    materials: int = 0,
    concerning: Iterable[Document] = (),
    organised_by_committee: bool | None = None,
    note: str = "",
    record: Dissemination | None = None,
) -> Dissemination:
    """Record a dissemination event, or change ``record``. ``organised_by_committee`` defaults to
    whether the unit is a Party committee."""
    _require(can_record_programme(actor, unit) and (record is None or can_record_programme(actor, record.unit)))
    if not title.strip():
        raise ValidationError({"title": _("Give a title.")})
    if organised_by_committee is None:
        organised_by_committee = default_organised_by_committee(unit)
    concerning = list(concerning)
    obj = record or Dissemination(recorded_by=actor)
    return _record_save(
        actor=actor,
        obj=obj,
        fields={
            "unit": unit,
            "held_on": held_on,
            "form": form,
            "title": title.strip(),
            "sessions": sessions,
            "participants": participants,
            "materials": materials,
            "organised_by_committee": organised_by_committee,
            "note": note,
        },
        m2m={"concerning": concerning},
        action="programme.dissemination",
        create=record is None,
        search=" ".join([title, unit.name, *(d.number for d in concerning)]),
    )


@transaction.atomic
def inspection_save(
    *,
    actor,
    unit: Unit,
    activity_kind: str,
    started_on: datetime.date,
    title: str,
    body_kind: str = "",
    basis: str = "planned",
    ended_on: datetime.date | None = None,
    concerning: Iterable[Document] = (),
    units_covered: Iterable[Unit] = (),
    other_units: str = "",
    other_units_count: int = 0,
    findings: str = "",
    heads_disciplined: int = 0,
    heads_not_disciplined: int = 0,
    sanctions_proposed: int = 0,
    sanctions_proposed_text: str = "",
    sanctions_applied: int = 0,
    sanctions_applied_text: str = "",
    record: Inspection | None = None,
) -> Inspection:
    """Record an inspection, supervision, state inspection or audit, or change ``record``.
    ``body_kind`` defaults from the kind of the unit that ran it."""
    _require(can_record_inspection(actor, unit) and (record is None or can_record_inspection(actor, record.unit)))
    if not title.strip():
        raise ValidationError({"title": _("Give a title.")})
    _check_dates(started_on, ended_on)
    concerning, units_covered = list(concerning), list(units_covered)
    obj = record or Inspection(recorded_by=actor)
    return _record_save(
        actor=actor,
        obj=obj,
        fields={
            "unit": unit,
            "body_kind": body_kind or default_body_kind(unit),
            "activity_kind": activity_kind,
            "basis": basis,
            "started_on": started_on,
            "ended_on": ended_on,
            "title": title.strip(),
            "other_units": other_units,
            "other_units_count": other_units_count,
            "findings": findings,
            "heads_disciplined": heads_disciplined,
            "heads_not_disciplined": heads_not_disciplined,
            "sanctions_proposed": sanctions_proposed,
            "sanctions_proposed_text": sanctions_proposed_text,
            "sanctions_applied": sanctions_applied,
            "sanctions_applied_text": sanctions_applied_text,
        },
        m2m={"concerning": concerning, "units_covered": units_covered},
        action="programme.inspection",
        create=record is None,
        search=" ".join([title, unit.name, other_units, *(d.number for d in concerning)]),
    )


@transaction.atomic
def propaganda_save(
    *,
    actor,
    unit: Unit,
    published_on: datetime.date,
    medium: str,
    title: str,
    outlet: str = "",
    count: int = 1,
    concerning: Iterable[Document] = (),
    record: PropagandaItem | None = None,
) -> PropagandaItem:
    """Record press articles, web pages, broadcasts… or change ``record``."""
    _require(can_record_programme(actor, unit) and (record is None or can_record_programme(actor, record.unit)))
    if not title.strip():
        raise ValidationError({"title": _("Give a title.")})
    if count < 1:
        raise ValidationError({"count": _("Give at least one item.")})
    concerning = list(concerning)
    obj = record or PropagandaItem(recorded_by=actor)
    return _record_save(
        actor=actor,
        obj=obj,
        fields={
            "unit": unit,
            "published_on": published_on,
            "medium": medium,
            "title": title.strip(),
            "outlet": outlet,
            "count": count,
        },
        m2m={"concerning": concerning},
        action="programme.propaganda",
        create=record is None,
        search=" ".join([title, outlet, unit.name, *(d.number for d in concerning)]),
    )
