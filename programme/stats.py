"""Statistics of the implementation programme for the official reports: Appendix 1 of the
Directive 27-CT/TW review, Appendices 1, 3 and 4 of the Regulation 11-QĐi/TW review (seed 001), and
the propaganda of section 2.5 of the Directive 27 review.

Every selector takes ``(*, unit, date_from, date_to, level=None)``:

- ``unit`` stands for its whole subtree: a record counts when the unit it belongs to (the unit that
  held the event, recorded the document, ran the inspection, published the item) has a
  ``Unit.path`` starting with ``unit.path``;
- the window holds both days, on the record's own date: ``Dissemination.held_on``,
  ``Document.issued_on``, ``Inspection.started_on``, ``PropagandaItem.published_on``;
- ``level`` (an ``AdministrativeLevel.code``) keeps the records whose unit is at that level;
- "concerning a text" means linked to that text or to any text down its chain of ``implements``
  (a dissemination of the board's plan, which implements 80-KH/TU, which implements Directive 27,
  concerns Directive 27). A record linked to several texts of one chain counts once.

Each returns a plain int and costs one or two queries.
"""

import datetime
from typing import NamedTuple

from django.db.models import Count, QuerySet, Sum

from org.models import Unit
from programme.models import (
    COMMITTEE_BODY_KINDS,
    ActivityKind,
    Basis,
    Dissemination,
    Document,
    DocumentKind,
    Inspection,
    PropagandaItem,
)
from programme.services import DIRECTIVE_27, REGULATION_11


def _check(date_from: datetime.date, date_to: datetime.date) -> None:
    if date_to < date_from:
        raise ValueError("date_to is before date_from")


def root_document(number: str) -> Document | None:
    """The national text with this number (seeded with no unit), else any text with it."""
    rows = Document.objects.filter(number=number).order_by("depth", "pk")
    return rows.filter(unit__isnull=True).first() or rows.first()


def documents_implementing(root: Document) -> QuerySet[Document]:
    """``root`` and every text that implements it, directly or down the chain."""
    return Document.objects.filter(path__startswith=root.path)


def _scoped(queryset: QuerySet, *, unit: Unit, level: str | None) -> QuerySet:
    queryset = queryset.filter(unit__path__startswith=unit.path)
    if level:
        queryset = queryset.filter(unit__level__code=level)
    return queryset


def _concerning(model, root_number: str, *, unit, date_from, date_to, level, date_field: str) -> QuerySet:
    """Records of ``model`` in the subtree and window linked to a text of the root's chain."""
    _check(date_from, date_to)
    root = root_document(root_number)
    if root is None:
        return model.objects.none()
    links = model.concerning.through.objects.filter(document__path__startswith=root.path)
    owner = f"{model._meta.model_name}_id"
    rows = model.objects.filter(
        pk__in=links.values(owner), **{f"{date_field}__gte": date_from, f"{date_field}__lte": date_to}
    )
    return _scoped(rows, unit=unit, level=level)


def _sum(queryset: QuerySet, field: str) -> int:
    return int(queryset.aggregate(total=Sum(field))["total"] or 0)


def documents_concerning(
    root_number: str, *, unit: Unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None
) -> QuerySet[Document]:
    """Documents of the subtree issued in the window that implement the text ``root_number``,
    directly or down the chain (the root itself is a national text and never in a subtree)."""
    _check(date_from, date_to)
    root = root_document(root_number)
    if root is None:
        return Document.objects.none()
    rows = documents_implementing(root).filter(issued_on__gte=date_from, issued_on__lte=date_to)
    return _scoped(rows, unit=unit, level=level)


# Dissemination


def d27_dissemination_sessions(*, unit, date_from, date_to, level=None) -> int:
    """D27 Appendix 1, column 1: sum of ``sessions`` of the dissemination events concerning
    Directive 27 that were organised by the Party committee (Ban cán sự đảng, Đảng đoàn, Đảng ủy,
    provincial or city committee) itself (``organised_by_committee``)."""
    rows = _concerning(
        Dissemination, DIRECTIVE_27, unit=unit, date_from=date_from, date_to=date_to, level=level, date_field="held_on"
    )
    return _sum(rows.filter(organised_by_committee=True), "sessions")


def d27_dissemination_sessions_all(*, unit, date_from, date_to, level=None) -> int:
    """Sum of ``sessions`` of every dissemination event concerning Directive 27, whoever organised it."""
    rows = _concerning(
        Dissemination, DIRECTIVE_27, unit=unit, date_from=date_from, date_to=date_to, level=level, date_field="held_on"
    )
    return _sum(rows, "sessions")


def d27_dissemination_participants(*, unit, date_from, date_to, level=None) -> int:
    """D27 Appendix 1, column 2: sum of ``participants`` (officials and Party members) of every
    dissemination event concerning Directive 27, whoever organised it."""
    rows = _concerning(
        Dissemination, DIRECTIVE_27, unit=unit, date_from=date_from, date_to=date_to, level=level, date_field="held_on"
    )
    return _sum(rows, "participants")


def d27_dissemination_materials(*, unit, date_from, date_to, level=None) -> int:
    """D27 Appendix 1, column 3: sum of ``materials`` issued at every dissemination event
    concerning Directive 27."""
    rows = _concerning(
        Dissemination, DIRECTIVE_27, unit=unit, date_from=date_from, date_to=date_to, level=level, date_field="held_on"
    )
    return _sum(rows, "materials")


def r11_dissemination_sessions(*, unit, date_from, date_to, level=None) -> int:
    """R11 Appendix 1, column 1: sum of ``sessions`` of every dissemination event concerning
    Regulation 11 (conferences, training courses…), whoever organised it."""
    rows = _concerning(
        Dissemination, REGULATION_11, unit=unit, date_from=date_from, date_to=date_to, level=level, date_field="held_on"
    )
    return _sum(rows, "sessions")


def r11_dissemination_participants(*, unit, date_from, date_to, level=None) -> int:
    """R11 Appendix 1, column 2: sum of ``participants`` of the events concerning Regulation 11."""
    rows = _concerning(
        Dissemination, REGULATION_11, unit=unit, date_from=date_from, date_to=date_to, level=level, date_field="held_on"
    )
    return _sum(rows, "participants")


def r11_dissemination_materials(*, unit, date_from, date_to, level=None) -> int:
    """R11 Appendix 1, column 3: sum of ``materials`` of the events concerning Regulation 11."""
    rows = _concerning(
        Dissemination, REGULATION_11, unit=unit, date_from=date_from, date_to=date_to, level=level, date_field="held_on"
    )
    return _sum(rows, "materials")


# Documents issued


def d27_documents_leadership(*, unit, date_from, date_to, level=None) -> int:
    """D27 Appendix 1, column 4: documents of the subtree issued in the window down the chain of
    Directive 27 that are Party documents (``is_party``), not legal normative documents, and not
    reports: the texts by which the committees lead and direct."""
    rows = documents_concerning(DIRECTIVE_27, unit=unit, date_from=date_from, date_to=date_to, level=level)
    return rows.filter(is_party=True, is_legal_normative=False).exclude(kind=DocumentKind.REPORT).count()


def d27_documents_legal_normative(*, unit, date_from, date_to, level=None) -> int:
    """D27 Appendix 1, column 5: legal normative documents (``is_legal_normative``) of the subtree
    issued in the window down the chain of Directive 27."""
    rows = documents_concerning(DIRECTIVE_27, unit=unit, date_from=date_from, date_to=date_to, level=level)
    return rows.filter(is_legal_normative=True).count()


def r11_documents(*, unit, date_from, date_to, level=None) -> int:
    """R11 Appendix 1, column 4: documents of the subtree issued in the window down the chain of
    Regulation 11 to lead and direct its implementation (every kind but reports; Party and State)."""
    rows = documents_concerning(REGULATION_11, unit=unit, date_from=date_from, date_to=date_to, level=level)
    return rows.exclude(kind=DocumentKind.REPORT).count()


class DocumentRow(NamedTuple):
    """One row of R11 Appendix 4: issuing body, "number, date", summary, note."""

    issuer: str
    number_date: str
    summary: str
    note: str


def r11_documents_list(*, unit, date_from, date_to, level=None) -> list[DocumentRow]:
    """R11 Appendix 4: the documents counted by ``r11_documents``, oldest first; the summary is the
    document's summary, else its title; the note names its kind (and "QPPL" when legal normative)."""
    rows = (
        documents_concerning(REGULATION_11, unit=unit, date_from=date_from, date_to=date_to, level=level)
        .exclude(kind=DocumentKind.REPORT)
        .select_related("issuer")
        .order_by("issued_on", "pk")
    )
    result = []
    for document in rows:
        note = str(document.get_kind_display())
        if document.is_legal_normative:
            note = f"{note}, QPPL"
        result.append(
            DocumentRow(
                issuer=document.issuer_label,
                number_date=f"{document.number}, {document.issued_on:%d/%m/%Y}",
                summary=document.summary or document.title,
                note=note,
            )
        )
    return result


# Inspections and supervision


def _inspections(root_number: str, *, unit, date_from, date_to, level) -> QuerySet:
    return _concerning(
        Inspection, root_number, unit=unit, date_from=date_from, date_to=date_to, level=level, date_field="started_on"
    )


def d27_inspections_committee(*, unit, date_from, date_to, level=None) -> int:
    """D27 Appendix 1, column 6: inspections, supervisions, state inspections and audits
    concerning Directive 27, started in the window, run by a Party committee or an inspection
    commission (body kind ``party_committee`` or ``inspection_commission``)."""
    rows = _inspections(DIRECTIVE_27, unit=unit, date_from=date_from, date_to=date_to, level=level)
    return rows.filter(body_kind__in=COMMITTEE_BODY_KINDS).count()


def d27_inspections_subordinate(*, unit, date_from, date_to, level=None) -> int:
    """D27 Appendix 1, column 7: the same, run by any other body (inspectorate, People's Council,
    Fatherland Front, trade union, other)."""
    rows = _inspections(DIRECTIVE_27, unit=unit, date_from=date_from, date_to=date_to, level=level)
    return rows.exclude(body_kind__in=COMMITTEE_BODY_KINDS).count()


HEAD_CHECKS = (ActivityKind.INSPECTION, ActivityKind.SUPERVISION)


def _r11_checks(*, unit, date_from, date_to, level) -> QuerySet:
    """R11 Appendix 3 counts inspections (kiểm tra) and supervisions (giám sát) only."""
    rows = _inspections(REGULATION_11, unit=unit, date_from=date_from, date_to=date_to, level=level)
    return rows.filter(activity_kind__in=HEAD_CHECKS)


def r11_inspections_planned(*, unit, date_from, date_to, level=None) -> int:
    """R11 Appendix 3, row 1: inspections and supervisions concerning Regulation 11, started in the
    window, under a programme or plan (``basis`` planned)."""
    rows = _r11_checks(unit=unit, date_from=date_from, date_to=date_to, level=level)
    return rows.filter(basis=Basis.PLANNED).count()


def r11_inspections_ad_hoc(*, unit, date_from, date_to, level=None) -> int:
    """R11 Appendix 3, row 1: the same, ad hoc (``basis`` ad hoc)."""
    rows = _r11_checks(unit=unit, date_from=date_from, date_to=date_to, level=level)
    return rows.filter(basis=Basis.AD_HOC).count()


def _units_reached(rows: QuerySet) -> int:
    """Units of the system covered (each once, however many times) plus the other bodies counted
    on each record (they have no identity here, so they add up)."""
    in_system = rows.aggregate(n=Count("units_covered", distinct=True))["n"] or 0
    return int(in_system) + _sum(rows, "other_units_count")


def r11_units_inspected(*, unit, date_from, date_to, level=None) -> int:
    """R11 Appendix 3, row 2: bodies inspected (kiểm tra) concerning Regulation 11 in the window:
    distinct units of the system covered, plus ``other_units_count`` of each inspection."""
    rows = _r11_checks(unit=unit, date_from=date_from, date_to=date_to, level=level)
    return _units_reached(rows.filter(activity_kind=ActivityKind.INSPECTION))


def r11_units_supervised(*, unit, date_from, date_to, level=None) -> int:
    """R11 Appendix 3, row 3: the same for supervisions (giám sát)."""
    rows = _r11_checks(unit=unit, date_from=date_from, date_to=date_to, level=level)
    return _units_reached(rows.filter(activity_kind=ActivityKind.SUPERVISION))


def r11_heads_disciplined(*, unit, date_from, date_to, level=None) -> int:
    """R11 Appendix 3, row 4: heads of Party committees found violating who were disciplined:
    sum of ``heads_disciplined`` of the inspections and supervisions concerning Regulation 11."""
    return _sum(_r11_checks(unit=unit, date_from=date_from, date_to=date_to, level=level), "heads_disciplined")


def r11_heads_not_disciplined(*, unit, date_from, date_to, level=None) -> int:
    """R11 Appendix 3, row 4: heads found violating, not to the level of discipline: sum of
    ``heads_not_disciplined``."""
    return _sum(_r11_checks(unit=unit, date_from=date_from, date_to=date_to, level=level), "heads_not_disciplined")


# Propaganda


def d27_propaganda_items(*, unit, date_from, date_to, level=None) -> int:
    """D27 section 2.5: sum of ``count`` of the propaganda items (press, web pages, broadcasts…)
    concerning Directive 27 published in the window."""
    rows = _concerning(
        PropagandaItem,
        DIRECTIVE_27,
        unit=unit,
        date_from=date_from,
        date_to=date_to,
        level=level,
        date_field="published_on",
    )
    return _sum(rows, "count")
