"""Importing past registers, undoing an import, and entering aggregate figures.

An import is all or nothing: the whole file is read and every row checked first
(``history.tabular``, ``history.registers``); one problem anywhere and nothing is written, and the
person importing sees every problem with its line and column. A clean file is written in one
transaction with its ``ImportBatch``, an ``ImportedRecord`` for each record made, and one audit event
``history.import.<kind>`` that holds counts only.
"""

import datetime
import hashlib
from collections import Counter
from typing import BinaryIO

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_import_history_for, can_use_history
from audit.services import audit_record
from baove.figures import FIGURES
from cases.models import PetitionKey
from history import aggregates
from history.models import AggregateFigure, BatchStatus, ImportBatch, ImportedRecord
from history.registers import REGISTERS
from history.registers.aggregates import level_problem
from history.registers.base import Context
from history.tabular import MAX_BYTES, ImportRejected, Row, read_bytes
from org.importing import Problem
from org.models import AdministrativeLevel, Unit
from protection.models import ProtectionKey

# Rows that belong to a record and go with it: the sealed copies of its key.
OWNED_BY_RECORD = (PetitionKey, ProtectionKey)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def common_unit(units) -> Unit | None:
    """The narrowest unit holding all ``units`` (None when they lie in different trees)."""
    chains = [unit.chain_ids for unit in units]
    if not chains:
        return None
    common = []
    for ids in zip(*chains, strict=False):
        if len(set(ids)) != 1:
            break
        common.append(ids[0])
    return Unit.objects.get(pk=common[-1]) if common else None


# Importing


def plan_import(*, kind: str, actor, data: bytes, filename: str) -> tuple[list, list[Problem]]:
    """Read and check the file; returns the checked rows and every problem (nothing is written)."""
    register = REGISTERS[kind]
    table = read_bytes(data, filename=filename, columns=register.columns)
    if table.problems:
        return [], table.problems
    context = Context.for_actor(actor)
    problems: list[Problem] = []
    parsed = []
    for line, values in table.rows:
        item = register.parse(Row(line, values, register.columns, problems), context)
        if item is not None:
            parsed.append(item)
    if not problems:
        register.check_rows(parsed, context, problems)
    earlier = ImportBatch.objects.filter(
        kind=kind, sha256=hashlib.sha256(data).hexdigest(), status=BatchStatus.IMPORTED
    ).first()
    if earlier is not None:
        problems.append(
            Problem(
                None,
                "",
                _(
                    "This file was already imported on %(date)s (batch no. %(batch)d). Undo that batch first to "
                    "import the file again."
                )
                % {"date": _date(timezone.localdate(earlier.imported_at)), "batch": earlier.pk},
            )
        )
    return parsed, problems


@transaction.atomic
def register_import(*, kind: str, actor, file: BinaryIO, filename: str) -> ImportBatch:
    """Import a past register (``kind``, see ``history.registers``) from a CSV or XLSX file, or
    nothing: ``ImportRejected`` lists every problem by line and column."""
    _require(can_use_history(actor))
    if kind not in REGISTERS:
        raise ValidationError(_("Unknown register."))
    data = file.read(MAX_BYTES + 1)
    parsed, problems = plan_import(kind=kind, actor=actor, data=data, filename=filename)
    if problems:
        raise ImportRejected(problems)
    register = REGISTERS[kind]
    units = {row.unit.pk: row.unit for row in parsed}
    spans = [register.dates_of(row) for row in parsed]
    batch = ImportBatch.objects.create(
        kind=kind,
        file_name=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        row_count=len(parsed),
        unit=common_unit(units.values()),
        date_from=min(span[0] for span in spans),
        date_to=max(span[1] for span in spans),
        imported_by=actor,
    )
    batch.units.set(units.values())
    cache: dict = {}
    records = []
    for row in parsed:
        records.extend(register.create(row, actor=actor, batch=batch, cache=cache))
    types = ContentType.objects.get_for_models(*{type(record) for record in records})
    ImportedRecord.objects.bulk_create(
        ImportedRecord(batch=batch, content_type=types[type(record)], object_id=record.pk) for record in records
    )
    batch.record_count = len(records)
    batch.save(update_fields=["record_count"])
    audit_record(
        actor=actor,
        action=f"history.import.{kind}",
        obj=batch,
        unit=batch.unit,
        details={
            "rows": batch.row_count,
            "records": dict(Counter(type(record)._meta.label_lower for record in records)),
            "units": len(units),
            "date_from": batch.date_from.isoformat(),
            "date_to": batch.date_to.isoformat(),
        },
    )
    return batch


# Undoing


def _records_by_model(batch: ImportBatch) -> dict:
    """{model: [ids]} of the batch's records."""
    by_model: dict = {}
    for content_type_id, object_id in batch.records.order_by("pk").values_list("content_type_id", "object_id"):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        by_model.setdefault(model, []).append(object_id)
    return by_model


def _dependents(by_model: dict) -> Counter:
    """Records made since the import that point at the batch's records (by model, verbose name)."""
    found = Counter()
    for model, ids in by_model.items():
        for relation in model._meta.related_objects:
            related = relation.related_model
            if related in OWNED_BY_RECORD or not getattr(relation.field, "concrete", False):
                continue
            rows = related._base_manager.filter(**{f"{relation.field.name}__in": ids})
            if related in by_model:
                rows = rows.exclude(pk__in=by_model[related])
            count = rows.count()
            if count:
                found[str(related._meta.verbose_name_plural)] += count
    return found


def _deletion_order(by_model: dict) -> list:
    """The batch's models, each before the models it points to (a petition before its matter)."""
    remaining, order = list(by_model), []
    while remaining:
        for model in remaining:
            pointing = {relation.related_model for relation in model._meta.related_objects} - {model}
            if not pointing & set(remaining):
                break
        else:
            model = remaining[0]  # a cycle: the database refuses if it matters
        remaining.remove(model)
        order.append(model)
    return order


@transaction.atomic
def batch_undo(*, batch: ImportBatch, actor) -> int:
    """Delete exactly the records the batch created, if nothing was attached to them since."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _require(all(can_import_history_for(actor, unit) for unit in batch.units.all()))
    if batch.status != BatchStatus.IMPORTED:
        raise ValidationError(_("This batch was already undone."))
    by_model = _records_by_model(batch)
    dependents = _dependents(by_model)
    if dependents:
        listed = ", ".join(f"{name} ({count})" for name, count in sorted(dependents.items()))
        raise ValidationError(
            _(
                "The batch cannot be undone: records were added to its records since the import (%(records)s). "
                "Nothing was deleted."
            )
            % {"records": listed}
        )
    deleted = Counter()
    for model in _deletion_order(by_model):
        ids = by_model[model]
        try:
            model._base_manager.filter(pk__in=ids).delete()
        except ProtectedError:
            # Records of one model pointing at each other (a plan implementing an earlier row's plan):
            # the newest first. Nothing was deleted when the collector refused.
            for pk in sorted(ids, reverse=True):
                model._base_manager.filter(pk=pk).delete()
        deleted[model._meta.label_lower] = len(ids)
    batch.records.all().delete()
    batch.status, batch.undone_by, batch.undone_at = BatchStatus.UNDONE, actor, timezone.now()
    batch.save(update_fields=["status", "undone_by", "undone_at"])
    audit_record(
        actor=actor,
        action="history.batch.undo",
        obj=batch,
        unit=batch.unit,
        details={"kind": batch.kind, "records": dict(deleted)},
    )
    return sum(deleted.values())


# Aggregate figures typed in


def _level_codes() -> set[str]:
    return set(AdministrativeLevel.objects.values_list("code", flat=True))


@transaction.atomic
def aggregates_save(
    *,
    actor,
    unit: Unit,
    level: str,
    period_from: datetime.date,
    period_to: datetime.date,
    values: dict[str, int | None],
    note: str = "",
) -> dict[str, int]:
    """Set the aggregate figures of ``unit`` for one level ("" for all) and one period: a number sets
    the figure's aggregate, None removes it. Every figure is checked before anything changes;
    ``ValidationError`` names each figure that cannot be set. Returns ``{"set": n, "removed": n}``."""
    _require(can_import_history_for(actor, unit))
    if period_to < period_from:
        raise ValidationError({"period_to": _("The period ends before it starts.")})
    if level and level not in _level_codes():
        raise ValidationError({"level": _("Unknown administrative level.")})
    note = " ".join((note or "").split())[: AggregateFigure._meta.get_field("note").max_length]
    existing = {
        aggregate.figure_key: aggregate
        for aggregate in AggregateFigure.objects.select_for_update().filter(
            unit=unit, level=level, period_from=period_from, period_to=period_to
        )
    }
    errors: dict[str, list[str]] = {}
    for key, value in values.items():
        if key not in FIGURES:
            errors[key] = [_("No figure has this key.")]
            continue
        if value is None:
            continue
        if value < 0:
            errors[key] = [_("A figure cannot be negative.")]
            continue
        problem = level_problem(key, level, _level_codes()) if level else ""
        if problem:
            errors[key] = [problem]
            continue
        current = existing.get(key)
        messages = aggregates.conflicts(
            unit=unit,
            key=key,
            level=level,
            period_from=period_from,
            period_to=period_to,
            exclude=[current.pk] if current else [],
        )
        if messages:
            errors[key] = messages
    if errors:
        raise ValidationError(errors)
    counts = {"set": 0, "removed": 0}
    for key, value in values.items():
        current = existing.get(key)
        if value is None:
            if current is not None:
                current.delete()
                counts["removed"] += 1
            continue
        if current is not None and current.value == value and current.note == (note or current.note):
            continue
        if current is None:
            current = AggregateFigure(
                unit=unit, figure_key=key, level=level, period_from=period_from, period_to=period_to
            )
        current.value, current.entered_by = value, actor
        current.note = note or current.note
        current.save()
        counts["set"] += 1
    if counts["set"] or counts["removed"]:
        audit_record(
            actor=actor,
            action="history.aggregate.save",
            unit=unit,
            details={
                "level": level,
                "period_from": period_from.isoformat(),
                "period_to": period_to.isoformat(),
                **counts,
            },
        )
    return counts


@transaction.atomic
def aggregate_delete(*, actor, aggregate: AggregateFigure) -> None:
    aggregate = AggregateFigure.objects.select_for_update().select_related("unit").get(pk=aggregate.pk)
    _require(can_import_history_for(actor, aggregate.unit))
    audit_record(
        actor=actor,
        action="history.aggregate.delete",
        obj=aggregate,
        unit=aggregate.unit,
        details={
            "figure": aggregate.figure_key,
            "level": aggregate.level,
            "period_from": aggregate.period_from.isoformat(),
            "period_to": aggregate.period_to.isoformat(),
            "value": aggregate.value,
        },
    )
    aggregate.delete()
