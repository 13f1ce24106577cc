"""Aggregate figures: records where they exist, aggregates otherwise, never both for one unit and period."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError

from baove import figures
from baove.figures import aggregate_warnings, compute
from cases.models import Petition
from history.models import AggregateFigure, BatchStatus
from history.services import aggregates_save, batch_undo, register_import
from history.tabular import ImportRejected

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db

KEY = "cases.petitions.received"
HEADER = ["received_on", "unit_code", "channel", "kind", "subject", "outcome"]
REVIEW = {"date_from": datetime.date(2019, 1, 1), "date_to": datetime.date(2023, 12, 31)}


def d(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007


def petitions(actor, *rows):
    """Import petitions ``(received_on, unit_code)`` as records."""
    lines = [[received, code, "post", "feedback", "other", "filed"] for received, code in rows]
    register_import(kind="petitions", actor=actor, file=io.BytesIO(csv_bytes([HEADER, *lines])), filename="p.csv")


def aggregate(actor, unit, value, period_from, period_to, *, key=KEY, level=""):
    aggregates_save(
        actor=actor, unit=unit, level=level, period_from=d(period_from), period_to=d(period_to), values={key: value}
    )


@pytest.fixture
def records(people, units):
    """Three petitions of the committee in 2019, one of the finance department (below it) in 2019,
    two of the commune in 2020, and one of the committee on 01/01/2019 (first day)."""
    petitions(
        people.reporting,
        ("01/01/2019", "UBND-HB"),
        ("15/06/2019", "UBND-HB"),
        ("31/12/2019", "UBND-HB"),
        ("10/10/2019", "STC-HB"),
        ("01/02/2020", "XA-TP"),
        ("01/03/2020", "XA-TP"),
    )
    assert Petition.objects.count() == 6


def test_records_only(records, units):
    assert compute(KEY, unit=units.province, **REVIEW) == 6
    assert compute(KEY, unit=units.committee, date_from=d("01/01/2019"), date_to=d("31/12/2019")) == 4
    assert aggregate_warnings(KEY, unit=units.province, **REVIEW) == []


def test_an_aggregate_alone_where_no_record_exists(people, units):
    aggregate(people.reporting, units.commune, 40, "01/01/2019", "31/12/2019")
    assert compute(KEY, unit=units.province, **REVIEW) == 40
    assert compute(KEY, unit=units.commune, **REVIEW) == 40
    assert compute(KEY, unit=units.committee, **REVIEW) == 0
    # Records only where the window does not hold the aggregate's period.
    assert compute(KEY, unit=units.commune, date_from=d("01/01/2020"), date_to=d("31/12/2023")) == 0


def test_the_aggregate_replaces_the_records_of_its_unit_subtree_and_period(records, people, units):
    aggregate(people.reporting, units.committee, 10, "01/01/2019", "31/12/2019")
    # The committee's four 2019 records (its own three and the finance department's) are replaced.
    assert compute(KEY, unit=units.committee, **REVIEW) == 10
    assert compute(KEY, unit=units.province, **REVIEW) == 10 + 2
    # The records of the figure stay what they are.
    assert figures.compute_records(KEY, unit=units.province, **REVIEW) == 6


def test_an_aggregate_of_a_sibling_unit_adds(records, people, units):
    aggregate(people.reporting, units.inspection, 7, "01/01/2019", "31/12/2019")
    assert compute(KEY, unit=units.province, **REVIEW) == 6 + 7
    assert compute(KEY, unit=units.committee, **REVIEW) == 4


def test_an_aggregate_straddling_the_window_is_not_used_and_said(records, people, units):
    aggregate(people.reporting, units.committee, 99, "01/07/2018", "30/06/2019")
    assert compute(KEY, unit=units.province, **REVIEW) == 6
    [warning] = aggregate_warnings(KEY, unit=units.province, **REVIEW)
    assert "Ủy ban nhân dân tỉnh" in warning and "01/07/2018" in warning and "99" in warning
    # A window that holds it uses it, in place of the two records of its period (01/01 and 15/06/2019).
    assert compute(KEY, unit=units.province, date_from=d("01/01/2018"), date_to=d("31/12/2019")) == 99 + 2


def test_an_aggregate_of_a_unit_above_is_not_split_and_said(records, people, units):
    aggregate(people.reporting, units.province, 50, "01/01/2019", "31/12/2019")
    assert compute(KEY, unit=units.committee, **REVIEW) == 4
    [warning] = aggregate_warnings(KEY, unit=units.committee, **REVIEW)
    assert "Tỉnh ủy Hòa Bình" in warning
    assert compute(KEY, unit=units.province, **REVIEW) == 50 + 2


def test_overlapping_aggregates_are_refused(people, units):
    aggregate(people.reporting, units.committee, 10, "01/01/2019", "31/12/2019")
    with pytest.raises(ValidationError) as same:
        aggregate(people.reporting, units.committee, 5, "01/07/2019", "30/06/2020")
    assert KEY in same.value.message_dict
    with pytest.raises(ValidationError):  # a unit below, overlapping days
        aggregate(people.reporting, units.finance, 5, "01/12/2019", "31/12/2020")
    with pytest.raises(ValidationError):  # a unit above
        aggregate(people.reporting, units.province, 5, "01/01/2019", "31/01/2019")
    # Next period, a sibling, another figure: fine.
    aggregate(people.reporting, units.committee, 5, "01/01/2020", "31/12/2020")
    aggregate(people.reporting, units.commune, 5, "01/01/2019", "31/12/2019")
    aggregate(people.reporting, units.committee, 3, "01/01/2019", "31/12/2019", key="cases.petitions.complaints")
    assert AggregateFigure.objects.count() == 4


def test_saving_the_same_period_again_changes_or_removes_the_figure(people, units):
    aggregate(people.reporting, units.committee, 10, "01/01/2019", "31/12/2019")
    aggregate(people.reporting, units.committee, 12, "01/01/2019", "31/12/2019")
    assert AggregateFigure.objects.get().value == 12
    aggregate(people.reporting, units.committee, None, "01/01/2019", "31/12/2019")
    assert not AggregateFigure.objects.exists()


def test_someone_without_the_reporting_role_cannot_enter_aggregates(people, units):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        aggregate(people.head, units.committee, 10, "01/01/2019", "31/12/2019")
    with pytest.raises(PermissionDenied):
        aggregate(people.reporting, units.other, 10, "01/01/2019", "31/12/2019")
    aggregate(people.admin, units.other, 10, "01/01/2019", "31/12/2019")  # the superuser
    assert AggregateFigure.objects.count() == 1


@pytest.fixture
def level_figure():
    """A figure broken down by level: petitions received by units of that level."""
    from cases.stats import window

    def count(*, unit, date_from, date_to, level=None):
        start, end = window(date_from, date_to)
        rows = Petition.objects.filter(unit__path__startswith=unit.path, received_at__gte=start, received_at__lt=end)
        return rows.filter(unit__level__code=level).count() if level else rows.count()

    figures.figure("history.test.by_level", "test", by_level=True)(count)
    yield "history.test.by_level"
    del figures.FIGURES["history.test.by_level"]


def test_an_aggregate_for_one_level_replaces_that_level_only(records, people, units, level_figure):
    aggregate(people.reporting, units.province, 9, "01/01/2020", "31/12/2020", key=level_figure, level="commune")
    assert compute(level_figure, unit=units.province, level="commune", **REVIEW) == 9
    assert compute(level_figure, unit=units.province, level="province", **REVIEW) == 4
    assert compute(level_figure, unit=units.province, **REVIEW) == 6
    [warning] = aggregate_warnings(level_figure, unit=units.province, **REVIEW)
    assert "9" in warning
    with pytest.raises(ValidationError):  # the level of a figure without a breakdown
        aggregate(people.reporting, units.province, 1, "01/01/2020", "31/12/2020", level="commune")


AGGREGATE_HEADER = ["Mã đơn vị", "Chỉ tiêu", "Cấp hành chính", "Từ ngày", "Đến ngày", "Giá trị", "Nguồn số liệu"]


def test_aggregates_import_from_a_file_and_undo(people, units):
    rows = [
        ["XA-TP", KEY, "", "01/01/2019", "31/12/2019", "12", "Báo cáo 45-BC/TU"],
        ["UBND-HB", KEY, "", "01/01/2019", "31/12/2019", "30", ""],
    ]
    batch = register_import(
        kind="aggregates",
        actor=people.reporting,
        file=io.BytesIO(csv_bytes([AGGREGATE_HEADER, *rows])),
        filename="a.csv",
    )
    assert compute(KEY, unit=units.province, **REVIEW) == 42
    assert set(AggregateFigure.objects.values_list("batch", flat=True)) == {batch.pk}

    batch_undo(batch=batch, actor=people.reporting)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE
    assert not AggregateFigure.objects.exists()
    assert compute(KEY, unit=units.province, **REVIEW) == 0


def test_an_aggregates_file_is_refused_when_its_rows_overlap_or_a_key_is_unknown(people, units):
    rows = [
        ["XA-TP", KEY, "", "01/01/2019", "31/12/2019", "12", ""],
        ["TU-HB", KEY, "", "01/06/2019", "31/12/2019", "30", ""],
        ["XA-TP", "cases.khong.co", "", "01/01/2019", "31/12/2019", "1", ""],
        ["XA-TP", KEY, "commune", "01/01/2020", "31/12/2020", "-1", ""],
    ]
    with pytest.raises(ImportRejected) as refused:
        register_import(
            kind="aggregates",
            actor=people.reporting,
            file=io.BytesIO(csv_bytes([AGGREGATE_HEADER, *rows])),
            filename="a.csv",
        )
    found = {(problem.line, problem.column) for problem in refused.value.problems}
    assert found == {(4, "Chỉ tiêu"), (5, "Cấp hành chính"), (5, "Giá trị")}
    assert not AggregateFigure.objects.exists()

    with pytest.raises(ImportRejected) as overlapping:
        register_import(
            kind="aggregates",
            actor=people.reporting,
            file=io.BytesIO(csv_bytes([AGGREGATE_HEADER, *rows[:2]])),
            filename="a.csv",
        )
    [problem] = overlapping.value.problems
    assert problem.line == 3 and "2" in problem.message
