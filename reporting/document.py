"""A filled report: what the exports render and the screens show, whatever produced it (a
preview computed from the records, a unit's submission, a consolidation of several).

The engine (``reporting.engine``) fills it from a template; campaigns fill it from a submission;
the exports (``reporting.exports``) turn it into Word, Excel and PDF. Nothing here touches the
database.
"""

import datetime
from dataclasses import dataclass, field


@dataclass
class Contribution:
    """One unit's text in a consolidated narrative."""

    unit_name: str
    text: str


@dataclass
class FilledField:
    id: int | None
    kind: str  # "narrative" or "figure"
    label: str
    figure_key: str = ""
    level: str = ""
    value: int | None = None  # the figure shown
    computed: int | None = None  # the figure the records give (differs when changed by hand)
    note: str = ""  # why a figure was changed by hand
    text: str = ""  # a narrative
    contributions: list[Contribution] = field(default_factory=list)
    error: str = ""  # why the figure could not be computed (unknown key, …): shown as "?"

    @property
    def overridden(self) -> bool:
        return self.kind == "figure" and self.computed is not None and self.value != self.computed


@dataclass
class FilledSection:
    id: int | None
    number: str
    heading: str
    guidance: str = ""
    fields: list[FilledField] = field(default_factory=list)
    children: list["FilledSection"] = field(default_factory=list)


@dataclass
class FilledCell:
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    italic: bool = False
    bold: bool = False
    key: str = ""  # "r3c2": the cell's place in the layout, for overrides
    figure_key: str = ""
    level: str = ""
    manual: bool = False
    value: int | None = None
    computed: int | None = None
    note: str = ""
    free_text: bool = False  # a text the unit writes (e.g. "Ghi chú"), in ``text``
    emphasis: list[str] = field(default_factory=list)  # parts of ``text`` printed in italics
    error: str = ""  # why the figure could not be computed (unknown key, …): shown as "?"

    @property
    def is_number(self) -> bool:
        return bool(self.figure_key) or self.manual

    @property
    def overridden(self) -> bool:
        return bool(self.figure_key) and self.computed is not None and self.value != self.computed

    @property
    def runs(self) -> list[tuple[str, bool]]:
        """``text`` cut into (part, italic) runs: the whole text when the cell is italic, else the
        ``emphasis`` parts in italics ("Đã xử lý, giải quyết, *không còn* phản ánh…")."""
        if self.italic or not self.emphasis:
            return [(self.text, self.italic)] if self.text else []
        runs, rest = [], self.text
        while rest:
            found = [(rest.find(part), part) for part in self.emphasis if part and part in rest]
            if not found:
                runs.append((rest, False))
                break
            start, part = min(found)
            if start:
                runs.append((rest[:start], False))
            runs.append((part, True))
            rest = rest[start + len(part) :]
        return runs


@dataclass
class FilledAppendix:
    id: int | None
    number: str
    title: str
    header: list[list[FilledCell]] = field(default_factory=list)
    rows: list[list[FilledCell]] = field(default_factory=list)
    kind: str = "table"  # reporting.models.AppendixKind
    listing_key: str = ""
    error: str = ""  # why the listing could not be drawn


@dataclass
class FilledReport:
    template_name: str
    title: str
    style: str  # reporting.models.DocumentStyle
    unit_name: str  # the reporting unit
    parent_unit_name: str = ""  # the body above it, printed over the unit's name
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    number: str = ""  # "Số 12-BC/ĐU" or "Số: 12/BC-UBND"
    place: str = ""  # "An Giang"
    signed_on: datetime.date | None = None
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận"
    notes: str = ""
    sections: list[FilledSection] = field(default_factory=list)
    appendices: list[FilledAppendix] = field(default_factory=list)
