"""A recipient's report: computed from the records, completed by hand, consolidated from below.

For a recipient, every figure bound to a registered figure is computed by ``reporting.engine`` over
the recipient unit's whole subtree, so that a matter forwarded between two units of the subtree
counts once. The reports its children sent (submitted or accepted) add what they changed by hand
(their value minus the value computed for them, each with its note), and the recipient may change
the result again, with a note. A figure entered by hand (no figure bound) is suggested as the sum
of the children's. Narratives carry the recipient's own text and, per child, the child's text
under the child's name. Children that have not sent their report are listed as missing.

Values are keyed as ``reporting.engine`` reads them: ``f<field id>`` for a field of the outline,
``a<appendix id>:<cell key>`` for a cell of an appendix table.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from campaigns.models import SENT_STATUSES, Recipient
from campaigns.snapshot import report_from_json
from reporting import engine
from reporting.document import Contribution, FilledAppendix, FilledCell, FilledField, FilledReport, FilledSection


@dataclass
class Adjustment:
    """A change by hand that a child made to a computed figure."""

    unit_name: str
    delta: int
    note: str


@dataclass
class Line:
    """One number of the report, as the form shows it."""

    key: str
    label: str
    bound: bool  # computed from the records (a figure key), else entered by hand
    computed: int | None  # what the records give for the recipient's subtree
    suggested: int | None  # computed plus the children's changes (a manual figure: the children's sum)
    value: int | None  # what the report says
    own_note: str = ""
    adjustments: list[Adjustment] = field(default_factory=list)
    children_values: list[tuple[str, int | None]] = field(default_factory=list)  # manual figures

    @property
    def changed_by_hand(self) -> bool:
        """Changed by the recipient itself (a note is required)."""
        return self.bound and self.value != self.suggested


@dataclass
class Consolidation:
    recipient: Recipient
    report: FilledReport
    lines: dict[str, Line]
    sent_children: list[Recipient]
    missing_children: list[Recipient]
    frozen: bool = False  # read from the submission that was sent

    def changed_without_note(self) -> list[Line]:
        return [line for line in self.lines.values() if line.changed_by_hand and not line.own_note.strip()]


# Walking a filled report


def walk_fields(sections: list[FilledSection]) -> Iterator[tuple[FilledSection, FilledField]]:
    for section in sections:
        for item in section.fields:
            yield section, item
        yield from walk_fields(section.children)


def numbers(report: FilledReport) -> Iterator[tuple[str, str, FilledField | FilledCell]]:
    """Every number of the report: (key, label, the field or cell)."""
    for _section, item in walk_fields(report.sections):
        if item.kind == "figure":
            yield f"f{item.id}", item.label, item
    for appendix in report.appendices:
        labels = cell_labels(appendix)
        for row in appendix.rows:
            for cell in row:
                if cell.is_number and cell.key:
                    yield f"a{appendix.id}:{cell.key}", labels.get(cell.key, cell.key), cell


def _is_label(cell: FilledCell) -> bool:
    text = (cell.text or "").strip()
    return bool(text) and not cell.is_number and not getattr(cell, "free_text", False) and not text.isdigit()


def cell_labels(appendix: FilledAppendix) -> dict[str, str]:
    """A readable name for each body cell: the appendix, the row's labels and the column's headings
    (spans followed as a table lays them out)."""
    grid: dict[tuple[int, int], FilledCell] = {}
    places: dict[int, tuple[int, int]] = {}
    for offset, rows in ((0, appendix.header), (len(appendix.header), appendix.rows)):
        for r, row in enumerate(rows):
            column = 0
            for cell in row:
                while (offset + r, column) in grid:
                    column += 1
                for dr in range(max(cell.rowspan, 1)):
                    for dc in range(max(cell.colspan, 1)):
                        grid[offset + r + dr, column + dc] = cell
                places[id(cell)] = (offset + r, column)
                column += max(cell.colspan, 1)
    header_rows = len(appendix.header)
    labels = {}
    for row in appendix.rows:
        for cell in row:
            if not cell.is_number or id(cell) not in places:
                continue
            r, c = places[id(cell)]
            across = [grid[r, col] for col in range(c) if (r, col) in grid]
            down = [grid[h, c] for h in range(header_rows) if (h, c) in grid]
            row_text = " – ".join(dict.fromkeys(x.text.strip() for x in across if _is_label(x)))
            column_text = " – ".join(dict.fromkeys(x.text.strip() for x in down if _is_label(x)))
            parts = [appendix.number.strip(), row_text, f"({column_text})" if column_text else ""]
            labels[cell.key] = " ".join(part for part in parts if part) or cell.key
    return labels


def narratives(report: FilledReport) -> Iterator[tuple[str, FilledSection, FilledField]]:
    for section, item in walk_fields(report.sections):
        if item.kind != "figure":
            yield f"f{item.id}", section, item


def _index(report: FilledReport) -> dict[str, FilledField | FilledCell]:
    found = {key: item for key, _label, item in numbers(report)}
    found.update({key: item for key, _section, item in narratives(report)})
    return found


# Building


def report_info(recipient: Recipient) -> dict:
    """The details printed around the report (engine ``report_info``)."""
    unit = recipient.unit
    return {
        "number": recipient.report_number,
        "place": recipient.report_place,
        "signed_on": recipient.signed_on,
        "signer_title": recipient.signer_title,
        "signer_name": recipient.signer_name,
        "recipients": recipient.report_recipient_lines,
        "parent_unit_name": unit.parent.name if unit.parent_id else "",
    }


def latest_submission(recipient: Recipient):
    return recipient.submissions.order_by("-number").first()


def _child_documents(recipient: Recipient) -> tuple[list[tuple[Recipient, FilledReport]], list[Recipient]]:
    sent, missing = [], []
    children = recipient.children.select_related("unit").order_by("unit__path")
    for child in children:
        submission = latest_submission(child) if child.status in SENT_STATUSES else None
        if submission is None:
            missing.append(child)
        else:
            sent.append((child, report_from_json(submission.document)))
    return sent, missing


def _as_int(value) -> int | None:
    if value is None or value == "":
        return None
    return int(value)


def _apply_number(key: str, label: str, item, values: dict, children: list, own_name: str) -> Line:
    bound = bool(item.figure_key)
    own = values.get(key) or {}
    own_value = _as_int(own.get("value"))
    own_note = (own.get("note") or "").strip()
    line = Line(key=key, label=label, bound=bound, computed=None, suggested=None, value=None, own_note=own_note)
    if bound:
        line.computed = _as_int(item.computed)  # None when the figure could not be computed
        total = line.computed or 0
        for child, index in children:
            theirs = index.get(key)
            if theirs is None or theirs.value is None or theirs.computed is None or theirs.value == theirs.computed:
                continue
            delta = int(theirs.value) - int(theirs.computed)
            line.adjustments.append(Adjustment(child.unit.name, delta, (theirs.note or "").strip()))
            total += delta
        line.suggested = total if line.computed is not None else None
    else:
        given = []
        for child, index in children:
            theirs = index.get(key)
            value = None if theirs is None else _as_int(theirs.value)
            line.children_values.append((child.unit.name, value))
            if value is not None:
                given.append(value)
        line.suggested = sum(given) if given else None
    line.value = own_value if own_value is not None else line.suggested
    # What the document shows: the value, the computed value beside it, and why they differ.
    item.value = line.value
    item.computed = line.computed
    parts = [_adjustment_text(a) for a in line.adjustments]
    if line.changed_by_hand and line.adjustments:
        parts.append(_adjustment_text(Adjustment(own_name, (line.value or 0) - (line.suggested or 0), own_note)))
    elif own_note and (line.changed_by_hand or not bound):
        parts.append(own_note)
    item.note = "; ".join(parts)
    return line


def _adjustment_text(adjustment: Adjustment) -> str:
    text = f"{adjustment.unit_name}: {adjustment.delta:+d}"
    return f"{text} ({adjustment.note})" if adjustment.note else text


def _apply_narrative(key: str, item: FilledField, values: dict, children: list) -> None:
    item.text = ((values.get(key) or {}).get("text") or "").strip()
    contributions = []
    for child, index in children:
        theirs = index.get(key)
        if theirs is None:
            continue
        if (theirs.text or "").strip():
            contributions.append(Contribution(child.unit.name, theirs.text.strip()))
        else:
            # The child wrote nothing itself: what its own children wrote still reaches the top.
            contributions.extend(c for c in theirs.contributions if (c.text or "").strip())
    item.contributions = contributions


def build(recipient: Recipient, *, values: dict | None = None) -> Consolidation:
    """The report as it stands: the sent version once sent, else the draft (or ``values``)."""
    if values is None and recipient.status in SENT_STATUSES:
        submission = latest_submission(recipient)
        if submission is not None:
            return frozen(recipient, submission)
    return compute(recipient, values=recipient.values if values is None else values)


def compute(recipient: Recipient, *, values: dict) -> Consolidation:
    campaign = recipient.campaign
    report = engine.fill(
        campaign.template,
        unit=recipient.unit,
        date_from=campaign.date_from,
        date_to=campaign.date_to,
        values=values,
        report_info=report_info(recipient),
    )
    _fill_details(report, recipient)
    sent, missing = _child_documents(recipient)
    children = [(child, _index(document)) for child, document in sent]
    lines = {}
    for key, label, item in numbers(report):
        lines[key] = _apply_number(key, label, item, values, children, recipient.unit.name)
    for key, _section, item in narratives(report):
        _apply_narrative(key, item, values, children)
    return Consolidation(
        recipient=recipient,
        report=report,
        lines=lines,
        sent_children=[child for child, _document in sent],
        missing_children=missing,
    )


def _fill_details(report: FilledReport, recipient: Recipient) -> None:
    info = report_info(recipient)
    report.unit_name = recipient.unit.name
    report.parent_unit_name = report.parent_unit_name or info["parent_unit_name"]
    report.number = info["number"]
    report.place = info["place"]
    report.signed_on = info["signed_on"]
    report.signer_title = info["signer_title"]
    report.signer_name = info["signer_name"]
    report.recipients = info["recipients"]


def frozen(recipient: Recipient, submission) -> Consolidation:
    """The report as it was sent in ``submission``."""
    report = report_from_json(submission.document)
    lines = {}
    for key, label, item in numbers(report):
        own = (submission.values.get(key) or {}) if submission.values else {}
        lines[key] = Line(
            key=key,
            label=label,
            bound=bool(item.figure_key),
            computed=item.computed,
            suggested=item.computed,
            value=item.value,
            own_note=(own.get("note") or "").strip(),
        )
    children = list(recipient.children.select_related("unit").order_by("unit__path"))
    missing_ids = set(submission.missing_children or [])
    return Consolidation(
        recipient=recipient,
        report=report,
        lines=lines,
        sent_children=[c for c in children if c.pk not in missing_ids],
        missing_children=[c for c in children if c.pk in missing_ids],
        frozen=True,
    )
