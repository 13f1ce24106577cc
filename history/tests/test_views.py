"""The screens: who may import, the templates (importable as they are), batches, undo, aggregates."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role, Scope
from audit.models import AuditEvent
from baove.figures import compute
from cases.models import Petition
from conftest import _person
from history.models import AggregateFigure, BatchStatus, ImportBatch, ImportKind
from history.registers import REGISTERS
from history.services import aggregates_save, register_import

from .conftest import csv_bytes, upload

pytestmark = pytest.mark.django_db

HOME = reverse("history:home")
BATCHES = reverse("history:batch_list")
AGGREGATES = reverse("history:aggregate_list")
ENTER = reverse("history:aggregate_enter")
KEY = "cases.petitions.received"


@pytest.mark.parametrize("kind", list(REGISTERS))
def test_the_templates_have_vietnamese_headers_and_import_as_they_are(kind, people, units, client_for):
    client = client_for(people.reporting)
    response = client.get(reverse("history:template_csv", args=[kind]))
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header = text[1:].split("\r\n", 1)[0]
    assert "Mã đơn vị" in header
    imported = client.post(reverse("history:import", args=[kind]), {"file": upload(response.content, "mau.csv")})
    assert imported.status_code == 302, imported.context and [str(p) for p in imported.context["problems"]]
    batch = ImportBatch.objects.get(kind=kind)
    assert batch.row_count == len(REGISTERS[kind].example_rows("TU-HB"))
    assert AuditEvent.objects.filter(action=f"history.import.{kind}").count() == 1

    workbook = client.get(reverse("history:template_xlsx", args=[kind]))
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert [cell.value for cell in sheet[1]] == next(csv.reader([header]))


def test_the_import_page_shows_every_problem_with_line_and_column(people, units, client_for):
    data = csv_bytes(
        [
            ["Ngày nhận", "Mã đơn vị", "Kênh tiếp nhận", "Loại đơn", "Lĩnh vực", "Kết quả xử lý"],
            ["31/02/2021", "UBND-HB", "post", "feedback", "other", "filed"],
            ["01/03/2021", "TU-LC", "post", "feedback", "other", "nowhere"],
        ]
    )
    response = client_for(people.reporting).post(
        reverse("history:import", args=["petitions"]), {"file": upload(data, "so.csv")}
    )
    assert response.status_code == 400
    assert [(p.line, p.column) for p in response.context["problems"]] == [
        (2, "Ngày nhận"),
        (3, "Mã đơn vị"),
        (3, "Kết quả xử lý"),
    ]
    assert not Petition.objects.exists()


@pytest.mark.parametrize("who", ["head", "intake", "oversight", "outsider", "personnel"])
def test_without_the_reporting_role_the_screens_are_refused(who, people, units, client_for):
    client = client_for(getattr(people, who))
    for url in (HOME, BATCHES, AGGREGATES, ENTER, reverse("history:import", args=["petitions"])):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("history:import", args=["petitions"]), {"file": upload(b"received_on\n01/01/2019\n", "x.csv")}
    )
    assert response.status_code == 403


def test_an_unknown_register_is_not_found(people, client_for):
    assert client_for(people.reporting).get(reverse("history:import", args=["nothing"])).status_code == 404


def _petition_file(*rows):
    header = ["received_on", "unit_code", "channel", "kind", "subject", "outcome"]
    return io.BytesIO(csv_bytes([header, *[[day, code, "post", "feedback", "other", "filed"] for day, code in rows]]))


def test_batches_are_seen_by_the_reporting_officers_above_them_only(people, units, client_for):
    batch = register_import(
        kind="petitions", actor=people.reporting, file=_petition_file(("01/01/2019", "XA-TP")), filename="a.csv"
    )
    detail = reverse("history:batch_detail", args=[batch.pk])
    assert client_for(people.reporting).get(detail).status_code == 200
    assert client_for(people.admin).get(detail).status_code == 200
    commune_officer = _person("baocaoxa", "Lò Văn Xã", units.commune, Role.REPORTING)
    assert client_for(commune_officer).get(detail).status_code == 200
    committee_officer = _person("baocaoubnd", "Mai Thị Ủy", units.committee, Role.REPORTING, Scope.SUBTREE)
    assert client_for(committee_officer).get(detail).status_code == 404
    assert client_for(committee_officer).post(reverse("history:batch_undo", args=[batch.pk])).status_code == 404
    assert client_for(people.outsider).get(detail).status_code == 404
    listed = client_for(committee_officer).get(BATCHES)
    assert list(listed.context["page_obj"]) == []


def test_undo_needs_the_right_to_import_for_every_unit_of_the_batch(people, units, client_for):
    batch = register_import(
        kind="petitions",
        actor=people.admin,
        file=_petition_file(("01/01/2019", "UBND-HB"), ("02/01/2019", "STC-HB")),
        filename="a.csv",
    )
    assert batch.unit == units.committee
    committee_only = _person("baocaoubnd", "Mai Thị Ủy", units.committee, Role.REPORTING)  # not its subtree
    undo = reverse("history:batch_undo", args=[batch.pk])
    assert client_for(committee_only).get(reverse("history:batch_detail", args=[batch.pk])).status_code == 200
    assert client_for(committee_only).post(undo).status_code == 403
    assert Petition.objects.count() == 2

    response = client_for(people.reporting).post(undo, follow=True)
    assert response.status_code == 200
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE and not Petition.objects.exists()
    event = AuditEvent.objects.get(action="history.batch.undo")
    assert event.details == {"kind": "petitions", "records": {"cases.petition": 2}}


def test_the_superuser_imports_for_any_unit(people, units, client_for):
    batch = register_import(
        kind="petitions", actor=people.admin, file=_petition_file(("01/01/2019", "TU-LC")), filename="a.csv"
    )
    assert batch.unit == units.other
    with pytest.raises(Exception) as refused:
        register_import(
            kind="petitions", actor=people.reporting, file=_petition_file(("01/01/2019", "TU-LC")), filename="b.csv"
        )
    assert "TU-LC" in str(refused.value)


def test_batch_list_filters_and_exports(people, units, client_for):
    register_import(
        kind="petitions", actor=people.reporting, file=_petition_file(("01/01/2019", "XA-TP")), filename="a.csv"
    )
    client = client_for(people.reporting)
    assert len(client.get(BATCHES, {"kind": ImportKind.PETITIONS}).context["page_obj"]) == 1
    assert len(client.get(BATCHES, {"kind": ImportKind.PROTECTION}).context["page_obj"]) == 0
    assert len(client.get(BATCHES, {"q": "A.CSV"}).context["page_obj"]) == 1
    assert len(client.get(BATCHES, {"q": "khac"}).context["page_obj"]) == 0
    export = client.get(BATCHES, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.cell(row=2, column=3).value == "a.csv"


def test_the_grid_enters_aggregates_for_a_unit_and_period(people, units, client_for):
    client = client_for(people.reporting)
    assert client.get(ENTER).status_code == 200
    query = {"unit": units.commune.pk, "level": "", "period_from": "01/01/2019", "period_to": "31/12/2019", "all": "1"}
    url = f"{ENTER}?unit={units.commune.pk}&level=&period_from=01/01/2019&period_to=31/12/2019&all=1"
    page = client.get(ENTER, query)
    assert page.status_code == 200
    field = "f__" + KEY.replace(".", "__")
    assert field in page.content.decode()

    response = client.post(url, {field: "25", "note": "Báo cáo 12-BC/ĐU"})
    assert response.status_code == 302
    saved = AggregateFigure.objects.get()
    assert (saved.unit, saved.figure_key, saved.value, saved.note) == (units.commune, KEY, 25, "Báo cáo 12-BC/ĐU")
    review = {"date_from": datetime.date(2019, 1, 1), "date_to": datetime.date(2023, 12, 31)}
    assert compute(KEY, unit=units.province, **review) == 25
    assert AuditEvent.objects.get(action="history.aggregate.save").details["set"] == 1

    with_records = client.get(ENTER, {**query, "records": "1"})
    assert with_records.context["rows"][0]["records"] is not None

    # The same period of the province overlaps the commune's: refused on the figure's row.
    refused = client.post(url.replace(str(units.commune.pk), str(units.province.pk), 1), {field: "3"})
    assert refused.status_code == 400
    assert refused.context["grid"].errors[field]
    assert AggregateFigure.objects.count() == 1


def test_aggregate_list_export_and_delete(people, units, client_for):
    aggregates_save(
        actor=people.reporting,
        unit=units.commune,
        level="",
        period_from=datetime.date(2019, 1, 1),
        period_to=datetime.date(2019, 12, 31),
        values={KEY: 8},
    )
    aggregate = AggregateFigure.objects.get()
    client = client_for(people.reporting)
    listed = client.get(AGGREGATES, {"q": "petitions.RECEIVED"})
    assert list(listed.context["page_obj"]) == [aggregate]
    sheet = load_workbook(io.BytesIO(client.get(AGGREGATES, {"export": "xlsx"}).content)).active
    assert sheet.cell(row=2, column=1).value == "XA-TP" and sheet.cell(row=2, column=8).value == 8

    delete = reverse("history:aggregate_delete", args=[aggregate.pk])
    assert client_for(people.outsider).post(delete).status_code == 404
    assert client.post(delete).status_code == 302
    assert not AggregateFigure.objects.exists()


def test_every_screen_renders_for_a_reporting_officer(people, units, client_for):
    batch = register_import(
        kind="petitions", actor=people.reporting, file=_petition_file(("01/01/2019", "XA-TP")), filename="a.csv"
    )
    client = client_for(people.reporting)
    urls = [HOME, BATCHES, AGGREGATES, ENTER, reverse("history:batch_detail", args=[batch.pk])]
    urls += [reverse("history:import", args=[kind]) for kind in REGISTERS]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["section"] == "history"
    page = client.get(reverse("history:import", args=["inspections"])).content.decode()
    assert "Mã đơn vị thực hiện" in page and "Kiểm tra" in page
    assert "Hủy lô này" in client.get(reverse("history:batch_detail", args=[batch.pk])).content.decode()


def test_the_grid_lists_the_figures_the_report_templates_use_unless_asked_for_all(people, units, client_for):
    from history.selectors import template_figure_keys

    used = template_figure_keys()
    assert KEY in used and "cases.deadlines.late" not in used
    query = {"unit": units.commune.pk, "level": "", "period_from": "01/01/2019", "period_to": "31/12/2019"}
    client = client_for(people.reporting)
    assert {row["key"] for row in client.get(ENTER, query).context["rows"]} == used
    assert "cases.deadlines.late" in {row["key"] for row in client.get(ENTER, {**query, "all": "1"}).context["rows"]}
    by_level = client.get(ENTER, {**query, "level": "commune"}).context["rows"]
    assert by_level and all(row["key"].startswith(("reception.", "d27.", "r11.")) for row in by_level)
