import datetime
import hashlib
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from org.importing import Problem, UnitImportRejected, plan_unit_import
from org.models import AdministrativeLevel, Unit, child_path


def _check_dates(valid_from: datetime.date | None, valid_to: datetime.date | None) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end date is before the start date.")})


def _unit_snapshot(unit: Unit) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "level": unit.level.code,
        "parent": unit.parent.code if unit.parent_id else None,
        "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
        "published": unit.published,
        "headcount": unit.headcount,
    }


@transaction.atomic
def unit_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    level: AdministrativeLevel,
    parent: Unit | None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    published: bool = True,
    headcount: int | None = None,
    audit: bool = True,
) -> Unit:
    _check_dates(valid_from, valid_to)
    code = code.strip()
    if Unit.objects.filter(code__iexact=code).exists():
        raise ValidationError({"code": _("A unit with this code already exists.")})
    unit = Unit.objects.create(
        code=code,
        name=name.strip(),
        kind=kind,
        level=level,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        published=published,
        headcount=headcount,
    )
    unit.path = child_path(parent.path if parent else None, unit.pk)
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    if audit:
        audit_record(actor=actor, action="org.unit.create", obj=unit, unit=unit, details=_unit_snapshot(unit))
    return unit


@transaction.atomic
def unit_update(
    *,
    actor,
    unit: Unit,
    code: str,
    name: str,
    kind: str,
    level: AdministrativeLevel,
    parent: Unit | None,
    valid_from: datetime.date | None,
    valid_to: datetime.date | None,
    published: bool,
    headcount: int | None = None,
    reason: str = "",
) -> Unit:
    _check_dates(valid_from, valid_to)
    code = code.strip()
    if Unit.objects.filter(code__iexact=code).exclude(pk=unit.pk).exists():
        raise ValidationError({"code": _("A unit with this code already exists.")})
    if parent is not None and parent.path.startswith(unit.path):
        raise ValidationError({"parent": _("A unit cannot be placed under itself or one of its own units.")})
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = _unit_snapshot(unit)
    unit.code, unit.name, unit.kind, unit.level = code, name.strip(), kind, level
    unit.valid_from, unit.valid_to, unit.published = valid_from, valid_to, published
    unit.headcount = headcount
    if parent != unit.parent:
        _move(unit, parent)
    unit.save()
    after = _unit_snapshot(unit)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changes:
        audit_record(actor=actor, action="org.unit.update", obj=unit, unit=unit, reason=reason, details=changes)
    return unit


def _move(unit: Unit, parent: Unit | None) -> None:
    old_path = unit.path
    unit.parent = parent
    unit.path = child_path(parent.path if parent else None, unit.pk)
    unit.depth = parent.depth + 1 if parent else 0
    descendants = list(Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).only("pk", "path"))
    for child in descendants:
        child.path = unit.path + child.path[len(old_path) :]
        child.depth = child.path.strip("/").count("/")
    Unit.objects.bulk_update(descendants, ["path", "depth"], batch_size=500)


class _HashingReader:
    """Reads a file while hashing what was read, so the audit event can name the exact file."""

    def __init__(self, file: BinaryIO):
        self.file, self.digest = file, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.digest.update(data)
        return data


@transaction.atomic
def unit_import_csv(*, actor, file: BinaryIO) -> list[Unit]:
    """Create every unit of a CSV file, or none: all rows are checked first (see ``org.importing``).

    Raises ``UnitImportRejected`` listing every problem. Writes one ``org.unit.import`` event per place the
    new units hang from (an existing parent unit, or a new top-level unit), so that whoever oversees that
    part of the tree sees the import.
    """
    reader = _HashingReader(file)
    plan = plan_unit_import(actor=actor, file=reader)
    if plan.problems:
        raise UnitImportRejected(plan.problems)
    created: dict[str, Unit] = {}
    anchors: dict[str, Unit] = {}
    imported: dict[int, tuple[Unit, list[str]]] = {}
    for row in plan.rows:  # parents come first
        parent = None
        if row.parent_code:
            parent = created.get(row.parent_key) or plan.existing_parents[row.parent_key]
        try:
            unit = unit_create(
                actor=actor,
                code=row.code,
                name=row.name,
                kind=row.kind,
                level=row.level,
                parent=parent,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                published=row.published,
                audit=False,
            )
        except ValidationError as error:  # e.g. the same code created by someone else meanwhile
            raise UnitImportRejected([Problem(row.line, "code", message) for message in error.messages]) from error
        created[row.key] = unit
        anchor = anchors.get(row.parent_key) if row.parent_key in created else (parent or unit)
        anchors[row.key] = anchor
        imported.setdefault(anchor.pk, (anchor, []))[1].append(unit.code)
    for anchor, codes in imported.values():
        audit_record(
            actor=actor,
            action="org.unit.import",
            obj=anchor,
            unit=anchor,
            details={"count": len(codes), "codes": codes, "file_sha256": reader.digest.hexdigest()},
        )
    return list(created.values())
