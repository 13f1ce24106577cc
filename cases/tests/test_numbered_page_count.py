"""A text search sorts every match to find its newest page: its count comes with the page's keys
(``numbered_page(..., scans_all=True)``), not from a query of its own."""

import pytest

from cases.worklists import numbered_page
from org.models import Unit

pytestmark = pytest.mark.django_db


def test_the_count_comes_with_the_keys_when_the_list_is_scanned_anyway(units, django_assert_num_queries):
    ordered = Unit.objects.order_by("path", "pk")
    total = ordered.count()
    assert total >= 5

    with django_assert_num_queries(3):  # keys, rows, count
        plain = numbered_page(ordered, "1", size=2)
    with django_assert_num_queries(2):  # keys with the count, rows
        scanned = numbered_page(ordered, "1", size=2, scans_all=True)

    assert (
        [unit.pk for unit in scanned] == [unit.pk for unit in plain] == list(ordered.values_list("pk", flat=True)[:2])
    )
    assert (
        (scanned.paginator.count, scanned.paginator.more)
        == (plain.paginator.count, plain.paginator.more)
        == (
            total,
            False,
        )
    )
    capped = numbered_page(ordered, "2", size=2, cap=3, scans_all=True)
    assert (capped.paginator.count, capped.paginator.more) == (3, True)
    assert [unit.pk for unit in capped] == list(ordered.values_list("pk", flat=True)[2:4])
