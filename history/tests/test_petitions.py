"""The done-means of issue 7: a past register of 500 petitions with one bad row is refused with that
row's line and reason, nothing saved; fixed, it imports, and the figures for 2019–2023 count it."""

import datetime
import random
from collections import Counter

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from baove.figures import compute
from cases import stats
from cases.models import Competence, Matter, MatterStatus, Petition, PetitionKey, Status
from history.models import BatchStatus, ImportBatch, ImportedRecord
from history.services import batch_undo, register_import
from history.tabular import ImportRejected

from .conftest import csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["received_on", "unit_code", "channel", "kind", "subject", "outcome", "concluded_on", "anonymous", "summary"]
CODES = ("TU-HB", "UBND-HB", "STC-HB", "XA-TP")
RESULTS = ("not_processable", "filed", "forwarded", "guided", "in_progress", "true", "partly_true", "untrue")
CHANNELS = ("post", "hotline", "email", "in_person", "mailbox")
KINDS = ("denunciation", "feedback", "complaint", "crime_report")
SUBJECTS = ("corruption", "waste", "negativity", "other")
WINDOW = (datetime.date(2019, 1, 1), datetime.date(2023, 12, 31))
IMPORT = reverse("history:import", args=["petitions"])


def register_rows(count=500, seed=7):
    """``count`` petitions received from 2019 to 2023 (parsed values kept for the expected counts)."""
    chance = random.Random(seed)
    rows = []
    for _ in range(count):
        received = datetime.date(2019, 1, 1) + datetime.timedelta(days=chance.randrange(0, 1826))
        result = chance.choice(RESULTS)
        concluded = ""
        if result not in ("in_progress",) and chance.random() < 0.8:
            concluded = (received + datetime.timedelta(days=chance.randrange(0, 90))).strftime("%d/%m/%Y")
        if result in ("true", "partly_true", "untrue") and not concluded:
            concluded = received.strftime("%d/%m/%Y")
        rows.append(
            [
                received.strftime("%d/%m/%Y"),
                chance.choice(CODES),
                chance.choice(CHANNELS),
                chance.choice(KINDS),
                chance.choice(SUBJECTS),
                result,
                concluded,
                chance.choice(("", "có", "không")),
                "",
            ]
        )
    # The first and last days of the window.
    rows[0][0], rows[1][0] = "01/01/2019", "31/12/2023"
    rows[0][6] = rows[1][6] = ""
    rows[0][5] = rows[1][5] = "filed"
    return rows


def year(number: int) -> dict:
    return {"date_from": datetime.date(number, 1, 1), "date_to": datetime.date(number, 12, 31)}


def day(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007


def test_one_bad_row_among_500_is_refused_with_its_line_and_nothing_is_saved(people, units, client_for):
    rows = register_rows()
    rows[315][1] = "XA-KHONG-CO"  # line 317 of the file: the header is line 1
    response = client_for(people.reporting).post(IMPORT, {"file": upload(csv_bytes([HEADER, *rows]), "so.csv")})

    assert response.status_code == 400
    [problem] = response.context["problems"]
    assert problem.line == 317
    assert problem.column == "Mã đơn vị"
    assert "XA-KHONG-CO" in problem.message
    page = response.content.decode()
    assert "317" in page and "Không có gì được lưu" in page
    assert not Petition.objects.exists() and not Matter.objects.exists()
    assert not ImportBatch.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="history.").exists()


def test_an_impossible_date_is_refused_with_its_line(people, units):
    rows = register_rows(20)
    rows[9][0] = "31/02/2021"
    with pytest.raises(ImportRejected) as refused:
        register_import(kind="petitions", actor=people.reporting, file=_file([HEADER, *rows]), filename="so.csv")
    [problem] = refused.value.problems
    assert (problem.line, problem.column) == (11, "Ngày nhận")
    assert "31/02/2021" in problem.message
    assert not Petition.objects.exists()


def _review_figure(key, unit):
    """The field of the Directive 27 five-year review bound to ``key``, filled for 2019–2023."""
    from reporting.engine import fill, walk
    from reporting.models import ReportTemplate

    template = ReportTemplate.objects.filter(code="d27-review").order_by("-version").first()
    report = fill(template, unit=unit, date_from=WINDOW[0], date_to=WINDOW[1])
    return next(item for section in walk(report.sections) for item in section.fields if item.figure_key == key)


def _file(rows, *, xlsx=False):
    import io

    return io.BytesIO(xlsx_bytes(rows) if xlsx else csv_bytes(rows))


def expected(rows, *, unit_codes=CODES, date_from=WINDOW[0], date_to=WINDOW[1]):
    chosen = [row for row in rows if row[1] in unit_codes and date_from <= day(row[0]) <= date_to]
    return {
        "received": len(chosen),
        "by_kind": Counter(row[3] for row in chosen),
        # Classified on the concluded date (or the day received): later than the window, still pending there.
        "forwarded": sum(row[5] == "forwarded" and day(row[6] or row[0]) <= date_to for row in chosen),
        "ours": sum(row[5] in ("in_progress", "true", "partly_true", "untrue") for row in chosen),
    }


def test_the_fixed_register_imports_and_the_review_2019_2023_counts_it(people, units, client_for):
    rows = register_rows()
    response = client_for(people.reporting).post(
        IMPORT, {"file": upload(csv_bytes([HEADER, *rows]), "so.csv")}, follow=True
    )
    batch = ImportBatch.objects.get()
    assert response.redirect_chain[-1][0] == reverse("history:batch_detail", args=[batch.pk])
    assert (batch.row_count, batch.status, batch.unit) == (500, BatchStatus.IMPORTED, units.province)
    assert Petition.objects.count() == 500

    whole = expected(rows)
    province = {"unit": units.province, "date_from": WINDOW[0], "date_to": WINDOW[1]}
    assert compute("cases.petitions.received", **province) == whole["received"] == 500
    assert compute("cases.petitions.denunciations", **province) == whole["by_kind"]["denunciation"]
    assert compute("cases.petitions.forwarded", **province) == whole["forwarded"]
    assert compute("cases.petitions.ours", **province) == whole["ours"]

    # One unit, one year: first and last day included, a day outside left out.
    commune_2021 = expected(rows, unit_codes=("XA-TP",), **year(2021))
    assert compute("cases.petitions.received", unit=units.commune, **year(2021)) == commune_2021["received"]
    committee = expected(rows, unit_codes=("UBND-HB", "STC-HB"))
    assert (
        compute("cases.petitions.received", unit=units.committee, date_from=WINDOW[0], date_to=WINDOW[1])
        == (committee["received"])
    )
    first_day = {"unit": units.province, "date_from": WINDOW[0], "date_to": WINDOW[0]}
    assert compute("cases.petitions.received", **first_day) == expected(rows, date_to=WINDOW[0])["received"] >= 1
    last_day = {"unit": units.province, "date_from": WINDOW[1], "date_to": WINDOW[1]}
    assert compute("cases.petitions.received", **last_day) >= 1
    assert compute("cases.petitions.received", unit=units.province, **year(2024)) == 0

    # The Directive 27 five-year review for 2019–2023, filled by the report engine, shows them
    # (section II.3: denunciations, feedback and crime reports about corruption, waste or negativity).
    whistleblowing = sum(
        row[3] in ("denunciation", "feedback", "crime_report") and row[4] in ("corruption", "waste", "negativity")
        for row in rows
    )
    received = _review_figure("cases.petitions.whistleblowing.received", units.province)
    assert received.value == received.computed == whistleblowing > 0 and not received.error

    event = AuditEvent.objects.get(action="history.import.petitions")
    assert event.details["rows"] == 500 and event.details["records"]["cases.petition"] == 500
    assert "summary" not in str(event.details)


def test_an_imported_petition_was_first_received_where_it_is_also_for_the_backfill(people, units):
    import importlib

    from django.db import connection

    rows = [["15/03/2019", "XA-TP", "post", "denunciation", "corruption", "filed", "20/03/2019", "", ""]]
    register_import(kind="petitions", actor=people.reporting, file=_file([HEADER, *rows]), filename="so.csv")
    petition = Petition.objects.get()
    assert petition.first_unit == petition.unit == units.commune
    assert not AuditEvent.objects.filter(action="cases.petition.receive").exists()

    # Migration 0008 fills the column of petitions registered before it: without a receipt event,
    # from the unit that holds the petition.
    Petition.objects.update(first_unit=units.province)
    with connection.cursor() as cursor:
        cursor.execute(importlib.import_module("cases.migrations.0008_petition_first_unit").BACKFILL)
    assert Petition.objects.get().first_unit == units.commune


def test_outcomes_become_classifications_and_matters_as_the_statistics_read_them(people, units):
    rows = [
        ["15/03/2019", "UBND-HB", "post", "denunciation", "corruption", "partly_true", "20/06/2019", "", "Tóm tắt"],
        ["02/04/2019", "UBND-HB", "hotline", "feedback", "waste", "forwarded", "09/04/2019", "có", ""],
        ["20/11/2023", "XA-TP", "in_person", "denunciation", "negativity", "in_progress", "", "có", ""],
        ["05/05/2020", "XA-TP", "email", "complaint", "other", "not_processable", "", "", ""],
    ]
    register_import(kind="petitions", actor=people.reporting, file=_file([HEADER, *rows]), filename="so.csv")

    concluded, forwarded, refused, checking = Petition.objects.order_by("received_at")
    assert concluded.matter.status == MatterStatus.CONCLUDED and concluded.matter.outcome == "partly_true"
    assert concluded.status == Status.IN_MATTER and not concluded.anonymous
    assert concluded.working_content == "Tóm tắt" and concluded.reference.startswith("LS-2019-")
    assert forwarded.competence == Competence.FORWARD and forwarded.forwarded_at is None and forwarded.matter is None
    assert checking.matter.status == MatterStatus.CHECKING and checking.matter.anonymous_check
    assert refused.status == Status.NOT_PROCESSABLE
    # No identity: sealed like a live petition for the unit's intake officer and custodian, nothing else.
    assert set(PetitionKey.objects.filter(petition=concluded).values_list("user_key__user", flat=True)) == {
        people.intake.pk,
        people.custodian.pk,
    }
    handled = stats.matters_handled(
        unit=units.province, date_from=datetime.date(2019, 1, 1), date_to=datetime.date(2019, 12, 31)
    )
    assert handled["concluded"] == 1 and handled["by_outcome"]["partly_true"] == 1
    assert not concluded.deadlines.exists() and not concluded.public_events.exists()


def test_the_xlsx_register_imports_the_same_and_formula_like_text_stays_text(people, units):
    rows = register_rows(30, seed=3)
    rows[4][8] = '=HYPERLINK("http://evil.example","bấm")'
    rows[5][8] = "+84 là mã vùng"
    register_import(
        kind="petitions", actor=people.reporting, file=_file([HEADER, *rows], xlsx=True), filename="so.xlsx"
    )

    assert compute("cases.petitions.received", unit=units.province, date_from=WINDOW[0], date_to=WINDOW[1]) == 30
    texts = set(Petition.objects.values_list("working_content", flat=True))
    assert '=HYPERLINK("http://evil.example","bấm")' in texts and "+84 là mã vùng" in texts


def test_the_same_file_is_not_imported_twice_until_its_batch_is_undone(people, units):
    data = [HEADER, *register_rows(10)]
    batch = register_import(kind="petitions", actor=people.reporting, file=_file(data), filename="so.csv")
    with pytest.raises(ImportRejected) as refused:
        register_import(kind="petitions", actor=people.reporting, file=_file(data), filename="so-lai.csv")
    assert f"{batch.pk}" in refused.value.problems[0].message
    assert Petition.objects.count() == 10

    assert batch_undo(batch=batch, actor=people.reporting) == batch.record_count >= 10
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE
    assert not Petition.objects.exists() and not Matter.objects.exists() and not PetitionKey.objects.exists()
    assert not ImportedRecord.objects.exists()
    register_import(kind="petitions", actor=people.reporting, file=_file(data), filename="so.csv")
    assert Petition.objects.count() == 10


def test_a_register_that_is_not_utf8_is_refused_whole(people, units, client_for):
    text = "\n".join(",".join(row) for row in [HEADER, *register_rows(5)]) + "\n"
    data = text.encode("utf-8") + "15/03/2019,XA-TP,post,feedback,other,filed,,,Hòa Bình\n".encode("utf-16-le")
    response = client_for(people.reporting).post(IMPORT, {"file": upload(data, "so.csv")})
    [problem] = response.context["problems"]
    assert problem.line is None and "UTF-8" in problem.message and "7" in problem.message
    assert not Petition.objects.exists()
