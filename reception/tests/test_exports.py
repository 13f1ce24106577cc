"""Every list exports to XLSX; a reader without the role sees no summary in the file either."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reception import selectors

from .conftest import delegation, make_session, make_visit

pytestmark = pytest.mark.django_db

SUMMARY = '=HYPERLINK("http://x") Phản ánh chậm chi trả tiền bồi thường.'


def rows_of(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def records(people, units):
    march = make_session(people.intake, units.committee, datetime.date(2026, 3, 17), place="Trụ sở tiếp dân")
    delegation(people.intake, march, headcount=12, summary=SUMMARY)
    april = make_session(people.intake, units.committee, datetime.date(2026, 4, 14), place="Hội trường")
    make_visit(people.intake, april, summary="Kiến nghị sửa đường.")
    return march, april


def test_the_sessions_export_has_the_filtered_rows(people, records, client_for):
    rows = rows_of(client_for(people.reporting).get(reverse("reception:session_export"), {"date_from": "01/04/2026"}))
    assert len(rows) == 2
    row = rows[1]
    assert row[0].date() == datetime.date(2026, 4, 14) and row[6] == "Hội trường"
    all_rows = rows_of(client_for(people.reporting).get(reverse("reception:session_export")))
    march = next(row for row in all_rows if row[6] == "Trụ sở tiếp dân")
    assert (march[12], march[13], march[14]) == (1, 12, 0)  # cases received, people received, refused


def test_the_visits_export_leaves_summaries_out_for_readers_without_the_role(people, records, client_for):
    url = reverse("reception:visit_export")
    for_intake = rows_of(client_for(people.intake).get(url))
    for_reporting = rows_of(client_for(people.reporting).get(url))
    assert len(for_intake) == len(for_reporting) == 3
    column = 7
    assert {row[column] for row in for_intake[1:]} == {SUMMARY, "Kiến nghị sửa đường."}
    assert {row[column] for row in for_reporting[1:]} == {None}
    assert {row[4] for row in for_reporting[1:]} == {12, 1}


def test_the_visits_export_is_filtered(people, records, client_for):
    rows = rows_of(client_for(people.intake).get(reverse("reception:visit_export"), {"kind": "delegation"}))
    assert len(rows) == 2 and rows[1][4] == 12


def test_a_summary_that_looks_like_a_formula_stays_text(people, records, client_for):
    response = client_for(people.intake).get(reverse("reception:visit_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == SUMMARY]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_the_duty_and_rules_exports(people, units, records, client_for):
    first, _last = selectors.last_twelve_months()
    duty = rows_of(client_for(people.reporting).get(reverse("reception:duty_export")))
    assert len(duty[0]) == 3 + 13 and duty[0][3] == f"{first.month:02d}/{first.year}"
    committee = next(row for row in duty if row[0] == units.committee.name)
    assert committee[2] == sum(1 for cell in committee[3:] if str(cell).endswith("✗"))
    rules = rows_of(client_for(people.reporting).get(reverse("reception:duty_rule_export"), {"level": "commune"}))
    assert len(rules) == 2 and rules[1][1] == 2
