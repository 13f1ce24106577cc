"""``Petition.first_unit``: written by ``petition_submit``, and filled once from the receipt audit
events by migration 0008 for the petitions registered before the column existed (a petition
imported from a past register has no such event: history/tests/test_petitions.py)."""

import datetime
import importlib

import pytest
from django.db import connection

from audit.models import AuditEvent
from cases import stats
from cases.models import Petition
from cases.tests.test_stats import at, forward, intake, submit  # noqa: F401 (fixture)

backfill = importlib.import_module("cases.migrations.0008_petition_first_unit").BACKFILL
pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 10)


def test_the_backfill_takes_the_first_unit_from_the_receipt_event(people, units, intake):  # noqa: F811
    stayed = submit(units.finance, at(DAY, 9))
    moved = forward(submit(units.finance, at(DAY, 10)), units.commune, at(DAY, 11))
    # As before the column: every petition's first unit as wrong as it can be.
    Petition.objects.update(first_unit=units.other)

    with connection.cursor() as cursor:
        cursor.execute(backfill)

    first = dict(Petition.objects.values_list("pk", "first_unit"))
    assert first == {stayed.pk: units.finance.pk, moved.pk: units.finance.pk}
    events = AuditEvent.objects.filter(action="cases.petition.receive")
    assert {int(event.object_id): event.unit_id for event in events} == first


def test_a_forwarded_petition_counts_for_the_first_unit_by_the_column(people, units, intake):  # noqa: F811
    petition = forward(submit(units.finance, at(DAY, 9)), units.commune, at(DAY, 10))
    counted = stats.petitions_received(unit=units.finance, date_from=DAY, date_to=DAY)["total"]
    Petition.objects.filter(pk=petition.pk).update(first_unit=units.commune)
    uncounted = stats.petitions_received(unit=units.finance, date_from=DAY, date_to=DAY)["total"]
    assert (counted, uncounted) == (1, 0)
