"""Every change of a report template: copies (new versions), the outline, fields and appendix cells,
and the lock a campaign puts on a template.

Keyword-only, atomic: validate, change, then write the audit event (``reporting.*``) in the same
transaction. Built-in templates never change (copy them); a locked template never changes (a
campaign uses it; copy it). Audit details carry ids and keys, never the template's text.
"""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from baove.figures import FIGURES
from org.models import AdministrativeLevel
from reporting.models import Appendix, AppendixKind, DocumentStyle, Field, FieldKind, ReportTemplate, Section


def check_editable(template: ReportTemplate) -> None:
    if template.is_builtin:
        raise ValidationError(_("A built-in template cannot be changed: make a copy and change the copy."))
    if template.is_locked:
        raise ValidationError(
            _("This template is used by a reporting campaign and can no longer change: make a copy for a new version.")
        )


def _audit(actor, action: str, template: ReportTemplate, obj=None, **details) -> None:
    audit_record(actor=actor, action=action, obj=obj or template, details={"template": template.pk, **details})


# Templates


@transaction.atomic
def template_copy(*, template: ReportTemplate, actor) -> ReportTemplate:
    """A new, unlocked version of ``template`` (same code, next version number), ``based_on`` it."""
    source = ReportTemplate.objects.get(pk=template.pk)
    # Every version of the code, locked: two copies at once never take the same number.
    versions = list(
        ReportTemplate.objects.select_for_update().filter(code=source.code).values_list("version", flat=True)
    )
    version = max(versions, default=0) + 1
    new = ReportTemplate.objects.create(
        code=source.code,
        version=version,
        name=source.name,
        title=source.title,
        style=source.style,
        notes=source.notes,
        default_date_from=source.default_date_from,
        default_date_to=source.default_date_to,
        based_on=source,
        is_builtin=False,
        created_by=actor,
    )
    sections = list(source.sections.order_by("parent_id", "position", "pk"))
    new_ids: dict[int, Section] = {}
    # Parents first: walk the tree from the roots.
    pending = [section for section in sections if section.parent_id is None]
    children: dict[int, list[Section]] = {}
    for section in sections:
        if section.parent_id is not None:
            children.setdefault(section.parent_id, []).append(section)
    while pending:
        section = pending.pop(0)
        new_ids[section.pk] = Section.objects.create(
            template=new,
            parent=new_ids[section.parent_id] if section.parent_id else None,
            position=section.position,
            number=section.number,
            heading=section.heading,
            guidance=section.guidance,
        )
        pending += children.get(section.pk, [])
    Field.objects.bulk_create(
        Field(
            section=new_ids[item.section_id],
            position=item.position,
            kind=item.kind,
            label=item.label,
            figure_key=item.figure_key,
            level=item.level,
        )
        for item in Field.objects.filter(section__template=source)
    )
    for appendix in source.appendices.all():
        Appendix.objects.create(
            template=new,
            position=appendix.position,
            number=appendix.number,
            title=appendix.title,
            kind=appendix.kind,
            listing_key=appendix.listing_key,
            layout=copy.deepcopy(appendix.layout),
        )
    _audit(actor, "reporting.template.copy", new, source=source.pk, version=version)
    return new


@transaction.atomic
def template_update(
    *,
    template: ReportTemplate,
    actor,
    name: str,
    title: str,
    style: str,
    notes: str = "",
    default_date_from=None,
    default_date_to=None,
) -> ReportTemplate:
    template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    check_editable(template)
    if style not in DocumentStyle.values:
        raise ValidationError({"style": _("Choose a document style from the list.")})
    if default_date_from and default_date_to and default_date_to < default_date_from:
        raise ValidationError({"default_date_to": _("The window ends before it begins.")})
    template.name, template.title, template.style, template.notes = name.strip(), title.strip(), style, notes
    template.default_date_from, template.default_date_to = default_date_from, default_date_to
    template.save()
    _audit(actor, "reporting.template.update", template)
    return template


@transaction.atomic
def template_lock(template: ReportTemplate, *, actor=None) -> ReportTemplate:
    """Lock ``template`` for good (a campaign uses it). Locking a locked template changes nothing."""
    template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    if template.locked_at is None:
        template.locked_at = timezone.now()
        template.save(update_fields=["locked_at"])
        _audit(actor, "reporting.template.lock", template)
    return template


# Sections


def _siblings(template: ReportTemplate, parent: Section | None):
    return Section.objects.filter(template=template, parent=parent)


def _check_parent(template: ReportTemplate, section: Section | None, parent: Section | None) -> None:
    if parent is None:
        return
    if parent.template_id != template.pk:
        raise ValidationError({"parent": _("Choose a section of this template.")})
    node = parent
    while node is not None:
        if section is not None and node.pk == section.pk:
            raise ValidationError({"parent": _("A section cannot be placed under itself.")})
        node = node.parent


def _check_heading(heading: str) -> str:
    if not heading.strip():
        raise ValidationError({"heading": _("Write the heading.")})
    return heading.strip()


@transaction.atomic
def section_create(
    *, template: ReportTemplate, actor, number: str, heading: str, guidance: str = "", parent: Section | None = None
) -> Section:
    check_editable(template)
    _check_parent(template, None, parent)
    position = (_siblings(template, parent).aggregate(top=Max("position"))["top"] or -1) + 1
    section = Section.objects.create(
        template=template,
        parent=parent,
        position=position,
        number=number.strip(),
        heading=_check_heading(heading),
        guidance=guidance.strip(),
    )
    _audit(actor, "reporting.section.create", template, section)
    return section


@transaction.atomic
def section_update(
    *, section: Section, actor, number: str, heading: str, guidance: str = "", parent: Section | None = None
) -> Section:
    template = section.template
    check_editable(template)
    _check_parent(template, section, parent)
    if (parent.pk if parent else None) != section.parent_id:
        section.parent = parent
        section.position = (_siblings(template, parent).aggregate(top=Max("position"))["top"] or -1) + 1
    section.number, section.heading, section.guidance = number.strip(), _check_heading(heading), guidance.strip()
    section.save()
    _audit(actor, "reporting.section.update", template, section)
    return section


def _swap(items: list, item, direction: str) -> bool:
    """Move ``item`` one place up or down in ``items`` and renumber them; False at an end."""
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
    return True


@transaction.atomic
def section_move(*, section: Section, actor, direction: str) -> Section:
    template = section.template
    check_editable(template)
    siblings = list(_siblings(template, section.parent).order_by("position", "pk"))
    if _swap(siblings, section, direction):
        _audit(actor, "reporting.section.move", template, section, direction=direction)
    return section


@transaction.atomic
def section_delete(*, section: Section, actor) -> None:
    """Delete the section with its fields and every section under it."""
    template = section.template
    check_editable(template)
    section_id = section.pk
    _audit(actor, "reporting.section.delete", template, section, section=section_id)
    section.delete()


# Fields


def _check_binding(kind: str, figure_key: str, level: str) -> tuple[str, str]:
    if kind not in FieldKind.values:
        raise ValidationError({"kind": _("Choose a kind from the list.")})
    if kind == FieldKind.NARRATIVE:
        return "", ""
    if figure_key and figure_key not in FIGURES:
        raise ValidationError({"figure_key": _("Choose a figure from the list.")})
    if level:
        if not AdministrativeLevel.objects.filter(code=level).exists():
            raise ValidationError({"level": _("Choose an administrative level from the list.")})
        if not figure_key or not FIGURES[figure_key].by_level:
            raise ValidationError({"level": _("This figure has no breakdown by administrative level.")})
    return figure_key, level


@transaction.atomic
def field_create(*, section: Section, actor, kind: str, label: str, figure_key: str = "", level: str = "") -> Field:
    template = section.template
    check_editable(template)
    if not label.strip():
        raise ValidationError({"label": _("Write the label.")})
    figure_key, level = _check_binding(kind, figure_key, level)
    position = (section.fields.aggregate(top=Max("position"))["top"] or -1) + 1
    item = Field.objects.create(
        section=section, position=position, kind=kind, label=label.strip(), figure_key=figure_key, level=level
    )
    _audit(actor, "reporting.field.create", template, item, figure=figure_key)
    return item


@transaction.atomic
def field_update(*, field: Field, actor, kind: str, label: str, figure_key: str = "", level: str = "") -> Field:
    template = field.section.template
    check_editable(template)
    if not label.strip():
        raise ValidationError({"label": _("Write the label.")})
    previous = field.figure_key
    field.figure_key, field.level = _check_binding(kind, figure_key, level)
    field.kind, field.label = kind, label.strip()
    field.save()
    _audit(actor, "reporting.field.update", template, field, figure=field.figure_key, previous_figure=previous)
    return field


@transaction.atomic
def field_move(*, field: Field, actor, direction: str) -> Field:
    template = field.section.template
    check_editable(template)
    siblings = list(field.section.fields.order_by("position", "pk"))
    if _swap(siblings, field, direction):
        _audit(actor, "reporting.field.move", template, field, direction=direction)
    return field


@transaction.atomic
def field_delete(*, field: Field, actor) -> None:
    template = field.section.template
    check_editable(template)
    _audit(actor, "reporting.field.delete", template, field, field=field.pk)
    field.delete()


# Appendix cells


def _locate(layout: dict, key: str) -> tuple[str, int, int]:
    """``"h0c2"`` → ("header", 0, 2); ``"r3c1"`` → ("rows", 3, 1); ValidationError when absent."""
    part = {"h": "header", "r": "rows"}.get(key[:1])
    try:
        row, index = (int(number) for number in key[1:].split("c"))
        if part is None or row < 0 or index < 0:
            raise ValueError
        layout[part][row][index]
    except (ValueError, KeyError, IndexError, TypeError):
        raise ValidationError(_("There is no such cell in this appendix.")) from None
    return part, row, index


@transaction.atomic
def appendix_cell_update(
    *,
    appendix: Appendix,
    actor,
    cell: str,
    text: str = "",
    figure_key: str = "",
    level: str = "",
    manual: bool = False,
    free_text: bool = False,
    italic: bool = False,
    bold: bool = False,
) -> Appendix:
    """Change one cell: its text and style; a body cell of a table may instead be bound to a figure
    (for a level, or all), be a number entered by hand, or a text the unit writes. Spans stay."""
    appendix = Appendix.objects.select_for_update().get(pk=appendix.pk)
    template = appendix.template
    check_editable(template)
    layout = copy.deepcopy(appendix.layout)
    part, row, index = _locate(layout, cell)
    kinds = sum((bool(figure_key), manual, free_text))
    if kinds > 1:
        raise ValidationError(_("A cell is either a figure, a number entered by hand or a text entered by hand."))
    if kinds and (part == "header" or appendix.kind == AppendixKind.LISTING):
        raise ValidationError(_("Only a body cell of a table can hold a figure or an entry."))
    figure_key, level = _check_binding(FieldKind.FIGURE, figure_key, level) if figure_key else ("", "")
    old = layout[part][row][index]
    new = {"text": "" if kinds else text.strip()}
    for name in ("colspan", "rowspan"):
        if int(old.get(name) or 1) > 1:
            new[name] = int(old[name])
    if old.get("emphasis") and not kinds and new["text"] == old.get("text"):
        new["emphasis"] = list(old["emphasis"])
    if italic:
        new["italic"] = True
    if bold:
        new["bold"] = True
    if figure_key:
        new["figure"] = figure_key
        if level:
            new["level"] = level
    if manual:
        new["manual"] = True
    if free_text:
        new["free_text"] = True
    layout[part][row][index] = new
    appendix.layout = layout
    appendix.save(update_fields=["layout"])
    _audit(actor, "reporting.appendix.cell", template, appendix, cell=cell, figure=figure_key, level=level)
    return appendix
