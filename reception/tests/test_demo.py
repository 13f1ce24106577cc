"""The demo: reception in the An Giang demo province, idempotent, with a missed month and a schedule."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from baove import demo as baove_demo
from org.models import Unit
from reception import selectors
from reception.demo import load_demo
from reception.models import ReceptionSession, Visit

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_a_missed_month_and_a_public_schedule():
    baove_demo.load()
    ctx = SimpleNamespace(
        units={unit.code: unit for unit in Unit.objects.all()},
        accounts={user.username: user for user in User.objects.all()},
        today=timezone.localdate(),
    )
    load_demo(ctx)
    count = ReceptionSession.objects.count()
    load_demo(ctx)
    assert ReceptionSession.objects.count() == count > 20

    zone = ctx.units["KKT-AG"]
    first, last = selectors.last_twelve_months(ctx.today)
    months = selectors.duty_overview([zone], first, last, today=ctx.today)[zone.pk]
    assert sum(1 for month in months if month.missed) == 1
    assert Visit.objects.filter(session__unit=zone, kind="delegation", headcount=12).exists()
    assert Visit.objects.filter(refused=True).exists()
    assert ReceptionSession.objects.filter(unit__code="HU-CM", date__year=2024).count() == 2
    assert ReceptionSession.objects.filter(unit__level__code="commune").exists()

    page = Client().get(reverse("reception_public:schedule")).content.decode()
    assert zone.name in page and ctx.units["DU-X-CM"].name in page
