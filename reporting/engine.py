"""The report engine: a template filled from the records (``baove.figures``) into a ``FilledReport``.

``structure(template)`` gives the outline and the appendix tables with their bindings and nothing
computed (the template screens show it); ``fill(...)`` computes every figure field and figure cell
for a unit's subtree and a window, draws the listing appendices, and applies what the unit entered
(``values``):

- ``"f<field id>"``: ``{"value": int | None, "note": str, "text": str}``: the text of a narrative;
  the number of a figure entered by hand; for a computed figure, a ``value`` changes the figure
  (``computed`` keeps what the records give, ``note`` says why);
- ``"a<appendix id>:r<row>c<index>"``: ``{"value": int | None, "note": str, "text": str}`` for a
  body cell (see ``reporting.models.Appendix``): the same for a figure or manual cell, ``text`` for
  a free-text cell.

A figure that cannot be computed (a key nobody registered, a level the figure has no breakdown by,
a failing selector) never stops the report: its value stays ``None`` and ``error`` says why; the
screens show "?" and the message. Each distinct (key, level) is computed once per fill.
"""

import datetime
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from baove.figures import FIGURES, LISTINGS, compute, sharing
from reporting.document import FilledAppendix, FilledCell, FilledField, FilledReport, FilledSection
from reporting.models import Appendix, AppendixKind, Field, FieldKind, ReportTemplate, Section

logger = logging.getLogger(__name__)

REPORT_INFO_KEYS = ("number", "place", "signed_on", "signer_title", "signer_name", "recipients", "parent_unit_name")


def field_key(field_id: int) -> str:
    return f"f{field_id}"


def cell_key(appendix_id: int, key: str) -> str:
    return f"a{appendix_id}:{key}"


# The structure of a template


def _cell(spec: Mapping, key: str) -> FilledCell:
    return FilledCell(
        text=str(spec.get("text") or ""),
        colspan=int(spec.get("colspan") or 1),
        rowspan=int(spec.get("rowspan") or 1),
        italic=bool(spec.get("italic")),
        bold=bool(spec.get("bold")),
        key=key,
        figure_key=str(spec.get("figure") or ""),
        level=str(spec.get("level") or ""),
        manual=bool(spec.get("manual")),
        free_text=bool(spec.get("free_text")),
        emphasis=[str(part) for part in spec.get("emphasis") or []],
    )


def appendix_structure(appendix: Appendix) -> FilledAppendix:
    layout = appendix.layout or {}
    return FilledAppendix(
        id=appendix.pk,
        number=appendix.number,
        title=appendix.title,
        kind=appendix.kind,
        listing_key=appendix.listing_key,
        header=[
            [_cell(spec, f"h{r}c{c}") for c, spec in enumerate(row)] for r, row in enumerate(layout.get("header", []))
        ],
        rows=[[_cell(spec, f"r{r}c{c}") for c, spec in enumerate(row)] for r, row in enumerate(layout.get("rows", []))],
    )


def _section_tree(template: ReportTemplate) -> list[FilledSection]:
    """The outline in order: two queries whatever its size."""
    sections = list(Section.objects.filter(template=template).order_by("position", "pk"))
    fields: dict[int, list[Field]] = {}
    for item in Field.objects.filter(section__template=template).order_by("position", "pk"):
        fields.setdefault(item.section_id, []).append(item)
    nodes = {
        section.pk: FilledSection(
            id=section.pk,
            number=section.number,
            heading=section.heading,
            guidance=section.guidance,
            fields=[
                FilledField(id=item.pk, kind=item.kind, label=item.label, figure_key=item.figure_key, level=item.level)
                for item in fields.get(section.pk, [])
            ],
        )
        for section in sections
    }
    roots = []
    for section in sections:
        parent = nodes.get(section.parent_id) if section.parent_id else None
        (parent.children if parent is not None else roots).append(nodes[section.pk])
    return roots


def structure(template: ReportTemplate) -> FilledReport:
    """The template as a report with nothing computed or entered."""
    return FilledReport(
        template_name=template.name,
        title=template.title,
        style=template.style,
        unit_name="",
        date_from=template.default_date_from,
        date_to=template.default_date_to,
        notes=template.notes,
        sections=_section_tree(template),
        appendices=[appendix_structure(appendix) for appendix in template.appendices.order_by("position", "pk")],
    )


def walk(sections: list[FilledSection]):
    """Every section of the outline, depth first, in order."""
    for section in sections:
        yield section
        yield from walk(section.children)


# Computing


@dataclass
class _Result:
    value: int | None
    error: str = ""


class _Figures:
    """Computes each (key, level) once for one unit and window."""

    def __init__(self, *, unit, date_from: datetime.date, date_to: datetime.date):
        self.unit, self.date_from, self.date_to = unit, date_from, date_to
        self.cache: dict[tuple[str, str], _Result] = {}

    def get(self, key: str, level: str = "") -> _Result:
        if (key, level) not in self.cache:
            self.cache[key, level] = self._compute(key, level)
        return self.cache[key, level]

    def _compute(self, key: str, level: str) -> _Result:
        spec = FIGURES.get(key)
        if spec is None:
            return _Result(None, _("Unknown figure “%(key)s”.") % {"key": key})
        if level and not spec.by_level:
            return _Result(None, _("The figure “%(key)s” has no breakdown by administrative level.") % {"key": key})
        try:
            # A savepoint: a failing query must not break the rest of the report on PostgreSQL.
            with transaction.atomic():
                value = compute(
                    key, unit=self.unit, date_from=self.date_from, date_to=self.date_to, level=level or None
                )
        except Exception:
            logger.exception("figure %s (level %r) failed", key, level)
            return _Result(None, _("The figure “%(key)s” could not be computed.") % {"key": key})
        return _Result(int(value))


def _entry(values: Mapping, key: str) -> Mapping:
    entry = values.get(key)
    return entry if isinstance(entry, Mapping) else {}


def _apply_number(target, result: _Result | None, entry: Mapping) -> None:
    """``target`` (a FilledField or FilledCell): the computed figure, or the one entered."""
    given = entry.get("value")
    if result is not None:
        target.computed, target.error = result.value, result.error
        target.value = given if given is not None else result.value
    else:
        target.value = given
    target.note = str(entry.get("note") or "")


def _fill_listing(appendix: FilledAppendix, *, unit, date_from, date_to) -> None:
    spec = LISTINGS.get(appendix.listing_key)
    if spec is None:
        appendix.error = _("Unknown list “%(key)s”.") % {"key": appendix.listing_key}
        return
    try:
        with transaction.atomic():
            rows = spec.fn(unit=unit, date_from=date_from, date_to=date_to)
    except Exception:
        logger.exception("listing %s failed", appendix.listing_key)
        appendix.error = _("The list “%(key)s” could not be drawn.") % {"key": appendix.listing_key}
        return
    # The first header row spans every column.
    width = sum(cell.colspan for cell in appendix.header[0]) if appendix.header else 0
    numbered = bool(appendix.header) and appendix.header[0][0].text.strip().upper() == "STT"
    appendix.rows = []
    for number, row in enumerate(rows, start=1):
        texts = ["" if value is None else str(value) for value in row]
        if numbered and len(texts) < width:
            texts.insert(0, str(number))
        texts += [""] * (width - len(texts))
        appendix.rows.append([FilledCell(text=text, key=f"r{number - 1}c{c}") for c, text in enumerate(texts)])


def fill(
    template: ReportTemplate,
    *,
    unit,
    date_from: datetime.date,
    date_to: datetime.date,
    values: Mapping | None = None,
    report_info: Mapping | None = None,
) -> FilledReport:
    """The report of ``unit`` (its subtree) for the window, from ``template``."""
    if date_to < date_from:
        raise ValueError("date_to is before date_from")
    values = values or {}
    info = dict(report_info or {})
    if "signer" in info:  # a shorter name for the signer's name
        info.setdefault("signer_name", info.pop("signer"))
    unknown = set(info) - set(REPORT_INFO_KEYS)
    if unknown:
        raise TypeError(f"unknown report_info keys: {sorted(unknown)}")
    recipients = info.get("recipients") or []
    if isinstance(recipients, str):
        recipients = [line.strip() for line in recipients.splitlines() if line.strip()]

    report = structure(template)
    report.unit_name = unit.name
    report.parent_unit_name = info.get("parent_unit_name") or (unit.parent.name if unit.parent_id else "")
    report.date_from, report.date_to = date_from, date_to
    report.number = info.get("number") or ""
    report.place = info.get("place") or ""
    report.signed_on = info.get("signed_on")
    report.signer_title = info.get("signer_title") or ""
    report.signer_name = info.get("signer_name") or ""
    report.recipients = list(recipients)

    with sharing():
        figures = _Figures(unit=unit, date_from=date_from, date_to=date_to)
        for section in walk(report.sections):
            for item in section.fields:
                entry = _entry(values, field_key(item.id))
                if item.kind == FieldKind.NARRATIVE:
                    item.text = str(entry.get("text") or "")
                    continue
                _apply_number(item, figures.get(item.figure_key, item.level) if item.figure_key else None, entry)

        for appendix in report.appendices:
            if appendix.kind == AppendixKind.LISTING:
                _fill_listing(appendix, unit=unit, date_from=date_from, date_to=date_to)
                continue
            for row in appendix.rows:
                for cell in row:
                    entry = _entry(values, cell_key(appendix.id, cell.key))
                    if cell.figure_key:
                        _apply_number(cell, figures.get(cell.figure_key, cell.level), entry)
                    elif cell.manual:
                        _apply_number(cell, None, entry)
                    elif cell.free_text:
                        cell.text = str(entry.get("text") or "")
    return report


def errors_of(report: FilledReport) -> list[str]:
    """Every figure or listing the report could not compute, once each, in order."""
    messages = []
    for section in walk(report.sections):
        messages += [item.error for item in section.fields if item.error]
    for appendix in report.appendices:
        messages += [appendix.error] if appendix.error else []
        messages += [cell.error for row in appendix.rows for cell in row if cell.error]
    return list(dict.fromkeys(messages))


# Checking what a unit entered


@dataclass(frozen=True)
class Problem:
    key: str
    message: str

    def __str__(self):
        return self.message


def _numbers_of(template: ReportTemplate) -> dict[str, tuple[str, str, bool]]:
    """Every key a unit may give a value for: key → (kind, label, computed?). kind is "narrative",
    "number" or "text"."""
    keys = {}
    for item in Field.objects.filter(section__template=template).order_by("position", "pk"):
        kind = "narrative" if item.kind == FieldKind.NARRATIVE else "number"
        keys[field_key(item.pk)] = (kind, item.label, bool(item.figure_key))
    for appendix in template.appendices.filter(kind=AppendixKind.TABLE):
        for row in appendix_structure(appendix).rows:
            for cell in row:
                label = f"{appendix.number}, {cell.key}"
                if cell.figure_key or cell.manual:
                    keys[cell_key(appendix.pk, cell.key)] = ("number", label, bool(cell.figure_key))
                elif cell.free_text:
                    keys[cell_key(appendix.pk, cell.key)] = ("text", label, False)
    return keys


def _computed_in(report: FilledReport) -> dict[str, int | None]:
    computed = {}
    for section in walk(report.sections):
        for item in section.fields:
            computed[field_key(item.id)] = item.computed
    for appendix in report.appendices:
        for row in appendix.rows:
            for cell in row:
                computed[cell_key(appendix.id, cell.key)] = cell.computed
    return computed


def validate_values(template: ReportTemplate, values: Mapping, *, report: FilledReport | None = None) -> list[Problem]:
    """What is wrong with ``values`` for ``template``: unknown keys, numbers that are not whole
    numbers or are negative, and computed figures changed without a note saying why.

    With ``report`` (the template filled for the same unit and window), a figure counts as changed
    when its value differs from the computed one; without it, any value given for a computed figure
    is a change.
    """
    keys = _numbers_of(template)
    computed = _computed_in(report) if report is not None else None
    problems = []
    for key, entry in values.items():
        if key not in keys:
            problems.append(Problem(key, _("“%(key)s” is not a field or a cell of this template.") % {"key": key}))
            continue
        kind, label, is_computed = keys[key]
        if not isinstance(entry, Mapping):
            problems.append(Problem(key, _("%(label)s: the value is not readable.") % {"label": label}))
            continue
        value = entry.get("value")
        if value is None:
            continue
        if kind != "number" or isinstance(value, bool) or not isinstance(value, int):
            problems.append(Problem(key, _("%(label)s: enter a whole number.") % {"label": label}))
            continue
        if value < 0:
            problems.append(Problem(key, _("%(label)s: a figure cannot be negative.") % {"label": label}))
            continue
        changed = is_computed and (computed is None or computed.get(key) != value)
        if changed and not str(entry.get("note") or "").strip():
            problems.append(Problem(key, _("%(label)s: say why the computed figure was changed.") % {"label": label}))
    return problems
