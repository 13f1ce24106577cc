"""A ``FilledReport`` as JSON and back: what a ``Submission`` keeps of the report it sent."""

import dataclasses
import datetime
import json
from typing import Any

from reporting.document import (
    Contribution,
    FilledAppendix,
    FilledCell,
    FilledField,
    FilledReport,
    FilledSection,
)

_DATE_FIELDS = ("date_from", "date_to", "signed_on")


def report_to_json(report: FilledReport) -> dict[str, Any]:
    return json.loads(json.dumps(dataclasses.asdict(report), default=_default, ensure_ascii=False))


def _default(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _known(cls, data: dict) -> dict:
    names = {f.name for f in dataclasses.fields(cls)}
    return {key: value for key, value in data.items() if key in names}


def _field(data: dict) -> FilledField:
    data = _known(FilledField, data)
    data["contributions"] = [Contribution(**_known(Contribution, c)) for c in data.get("contributions", [])]
    return FilledField(**data)


def _section(data: dict) -> FilledSection:
    data = _known(FilledSection, data)
    data["fields"] = [_field(f) for f in data.get("fields", [])]
    data["children"] = [_section(s) for s in data.get("children", [])]
    return FilledSection(**data)


def _cells(rows) -> list[list[FilledCell]]:
    return [[FilledCell(**_known(FilledCell, cell)) for cell in row] for row in rows or []]


def _appendix(data: dict) -> FilledAppendix:
    data = _known(FilledAppendix, data)
    data["header"] = _cells(data.get("header"))
    data["rows"] = _cells(data.get("rows"))
    return FilledAppendix(**data)


def report_from_json(data: dict[str, Any]) -> FilledReport:
    data = _known(FilledReport, data)
    for name in _DATE_FIELDS:
        if data.get(name):
            data[name] = datetime.date.fromisoformat(data[name])
    data["sections"] = [_section(s) for s in data.get("sections", [])]
    data["appendices"] = [_appendix(a) for a in data.get("appendices", [])]
    data["recipients"] = list(data.get("recipients") or [])
    return FilledReport(**data)
