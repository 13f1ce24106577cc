"""Shared helpers of the programme tests: the national roots, plans and records made through the
services, and the people who record them."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from accounts.models import Role, Scope
from conftest import _person
from programme import services
from programme.models import DocumentKind
from programme.stats import root_document

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def d27(db):
    return root_document(services.DIRECTIVE_27)


@pytest.fixture
def r11(db):
    return root_document(services.REGULATION_11)


@pytest.fixture
def other_reporting(units):
    """A reporting officer of the other province (TU-LC)."""
    return _person("baocaolc", "Reporting LC", units.other, Role.REPORTING, Scope.SUBTREE)


@pytest.fixture
def commune_head(units):
    """The head of the commune Party committee (XA-TP), unit scope."""
    return _person("bithuxa", "Châu Văn Bí", units.commune, Role.HEAD)


def make_plan(actor, unit, *, number="80-KH/TU", issued_on=datetime.date(2026, 5, 8), implements=None, **extra):
    values = {
        "kind": DocumentKind.PLAN,
        "title": "Kế hoạch thực hiện Chỉ thị số 27-CT/TW",
        "issuer": unit,
        "unit": unit,
        "implements": implements,
    }
    values.update(extra)
    return services.document_create(actor=actor, number=number, issued_on=issued_on, **values)


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]
