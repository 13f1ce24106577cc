"""The session and visit lists: filtered, searched without diacritics, paged, without a query per row."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reception.models import Competence, SessionKind

from .conftest import delegation, make_session, make_visit, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(people, units):
    march = make_session(people.intake, units.committee, datetime.date(2026, 3, 17), place="Nhà văn hóa Tân Phú")
    delegation(people.intake, march, headcount=12, complex_prolonged=True, competence=Competence.DIRECT)
    refused(people.intake, march)
    april = make_session(
        people.intake,
        units.committee,
        datetime.date(2026, 4, 14),
        kind=SessionKind.AD_HOC,
        hosted_by_head=False,
        place="Hội trường",
    )
    make_visit(people.intake, april, degradation=True)
    return march, april


def listed(client, name, **params):
    response = client.get(reverse(f"reception:{name}"), params)
    assert response.status_code == 200
    return list(response.context["page_obj"])


def test_the_session_list_is_filtered_and_searched(people, sessions, client_for):
    march, april = sessions
    client = client_for(people.reporting)
    assert listed(client, "session_list") == [april, march]
    assert listed(client, "session_list", kind="ad_hoc") == [april]
    assert listed(client, "session_list", hosted_by_head="yes") == [march]
    assert listed(client, "session_list", q="tan phu") == [march]
    assert listed(client, "session_list", date_from="01/04/2026", date_to="30/04/2026") == [april]
    march_row = listed(client, "session_list", date_to="31/03/2026")[0]
    assert (march_row.visit_count, march_row.people, march_row.refused_count) == (1, 12, 1)


def test_the_visit_list_is_filtered_by_flags_and_refusal(people, sessions, client_for):
    client = client_for(people.reporting)
    assert [visit.kind for visit in listed(client, "visit_list", flag="complex_prolonged")] == ["delegation"]
    assert [visit.refused for visit in listed(client, "visit_list", refused="yes")] == [True]
    assert [visit.degradation for visit in listed(client, "visit_list", flag="degradation")] == [True]
    assert len(listed(client, "visit_list", competence="direct")) == 1
    assert len(listed(client, "visit_list", q="hoi truong")) == 1


@pytest.mark.parametrize("name", ["session_list", "visit_list"])
def test_a_list_costs_the_same_queries_for_more_rows(name, people, units, sessions, client_for):
    client = client_for(people.intake)
    client.get(reverse(f"reception:{name}"))  # warm the session and the memberships
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(f"reception:{name}"))
    for day in (5, 6, 7):
        session = make_session(people.intake, units.committee, datetime.date(2026, 5, day))
        make_visit(people.intake, session)
        refused(people.intake, session)
    with CaptureQueriesContext(connection) as more:
        client.get(reverse(f"reception:{name}"))
    assert len(more) == len(few)
