"""The head's reception duty: days required by level (data), days hosted in person, missed months."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from reception import selectors, services
from reception.models import ReceptionDutyRule, SessionKind
from reception.selectors import DutyState, add_months

from .conftest import make_session

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 7, 15)


def test_the_seeded_rules_are_one_day_at_province_and_two_at_commune_and_district(levels):
    rules = {rule.level.code: rule.days_per_month for rule in ReceptionDutyRule.objects.select_related("level")}
    assert rules == {"province": 1, "district": 2, "commune": 2}


def test_a_month_with_fewer_head_days_than_required_is_missed(units, commune_staff):
    actor = commune_staff.intake
    for day in (datetime.date(2026, 4, 7), datetime.date(2026, 4, 21)):  # April: two days, met
        make_session(actor, units.commune, day)
    make_session(actor, units.commune, datetime.date(2026, 5, 5))  # May: one day, missed
    make_session(actor, units.commune, datetime.date(2026, 5, 5), start_time=datetime.time(13, 0), end_time=None)
    make_session(actor, units.commune, datetime.date(2026, 5, 19), hosted_by_head=False)  # delegated: not counted
    make_session(actor, units.commune, datetime.date(2026, 6, 2), kind=SessionKind.AD_HOC)  # June: ad hoc counts
    make_session(actor, units.commune, datetime.date(2026, 6, 16))
    make_session(actor, units.commune, datetime.date(2026, 7, 7))  # July: still running

    months = {entry.month.month: entry for entry in selectors.duty_months(units.commune, 2026, today=TODAY)}

    assert (months[4].required, months[4].days, months[4].state) == (2, 2, DutyState.MET)
    assert (months[5].days, months[5].missed) == (1, True)
    assert months[5].dates == (datetime.date(2026, 5, 5),)
    assert months[6].state == DutyState.MET
    assert (months[7].days, months[7].state) == (1, DutyState.CURRENT)
    assert months[8].state == DutyState.FUTURE and not months[8].missed
    assert months[1].missed  # nothing in January


def test_the_province_needs_one_day_and_a_unit_counts_only_while_it_exists(people, units):
    make_session(people.intake, units.committee, datetime.date(2026, 3, 10))
    units.committee.valid_from = datetime.date(2026, 2, 15)
    units.committee.save()
    months = selectors.duty_months(units.committee, 2026, today=TODAY)
    assert months[0].state == DutyState.NONE and months[0].required is None  # January: did not exist
    assert months[1].missed  # February: existed from the 15th
    assert months[2].state == DutyState.MET and months[2].required == 1


def test_a_new_rule_applies_to_the_months_ending_after_it(people, units, levels):
    services.duty_rule_create(
        actor=people.admin, level=levels.province, days_per_month=2, valid_from=datetime.date(2026, 4, 30)
    )
    make_session(people.intake, units.committee, datetime.date(2026, 3, 10))
    make_session(people.intake, units.committee, datetime.date(2026, 4, 10))
    march, april = selectors.duty_months(units.committee, 2026, today=TODAY)[2:4]
    assert (march.required, march.missed) == (1, False)
    assert (april.required, april.missed) == (2, True)
    assert AuditEvent.objects.filter(action="reception.duty_rule.create").exists()


def test_units_whose_heads_do_not_receive_citizens_have_no_duty(people, units):
    listed = set(selectors.duty_units(people.reporting))
    assert {units.province, units.committee, units.finance, units.commune} <= listed
    assert units.inspection not in listed and units.other not in listed


def test_the_duty_screen_flags_units_with_a_missed_month(people, units, commune_staff, client_for):
    first, last = selectors.last_twelve_months()
    for month in (first, last):
        make_session(people.intake, units.committee, month.replace(day=10))
    response = client_for(people.reporting).get(reverse("reception:duty"), {"missed": "on"})
    rows = {row["unit"]: row for row in response.context["page_obj"]}
    assert response.status_code == 200
    assert rows[units.committee]["missed"] == 10
    assert rows[units.commune]["missed"] == 12
    assert 'class="badge error"' in response.content.decode()
    assert response.context["months"][0] == first and response.context["months"][-1] == add_months(last, 1)

    own = client_for(commune_staff.head).get(reverse("reception:duty"))
    assert [row["unit"] for row in own.context["page_obj"]] == [units.commune]


def test_the_duty_page_of_a_unit_shows_the_year(people, units, client_for):
    last_month = add_months(timezone.localdate().replace(day=1), -1)
    make_session(people.intake, units.committee, last_month.replace(day=3))
    url = reverse("reception:duty_unit", args=[units.committee.pk])
    response = client_for(people.head).get(url, {"year": last_month.year})
    assert response.status_code == 200
    entry = response.context["months"][last_month.month - 1]
    assert entry.days == 1 and entry.state == DutyState.MET
    assert client_for(people.head).get(reverse("reception:duty_unit", args=[units.commune.pk])).status_code == 404


def test_only_the_superuser_changes_the_days_required(people, levels, client_for):
    url = reverse("reception:duty_rules")
    data = {"level": levels.commune.pk, "days_per_month": "4", "valid_from": "01/01/2027", "basis": "Quy định mới."}
    assert client_for(people.reporting).get(url).status_code == 200
    assert client_for(people.reporting).post(url, data).status_code == 403
    response = client_for(people.admin).post(url, data)
    assert response.status_code == 302
    rule = ReceptionDutyRule.objects.get(level=levels.commune, valid_from=datetime.date(2027, 1, 1))
    assert rule.days_per_month == 4 and rule.created_by == people.admin

    edit = reverse("reception:duty_rule_edit", args=[rule.pk])
    assert client_for(people.reporting).get(edit).status_code == 403
    response = client_for(people.admin).post(edit, {**data, "days_per_month": "3"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.days_per_month == 3
    event = AuditEvent.objects.get(action="reception.duty_rule.change")
    assert event.details["changed"] == ["days_per_month"]
