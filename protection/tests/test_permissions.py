"""Every endpoint: an outsider gets 404 on anything that names a case, request or petition (403 on
the list and the opening form), a person of the unit with the wrong role 403; personnel officers
and administrators see nothing of protection."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CUSTODIAN_ONLY = [
    ("case_person", "POST", lambda w: [w.case.pk]),
    ("request_add", "POST", lambda w: [w.case.pk]),
    ("checkin_add", "POST", lambda w: [w.case.pk]),
    ("checkin_record", "POST", lambda w: [w.case.pk, w.checkin.pk]),
    ("case_timeline", "GET", lambda w: [w.case.pk]),
    ("portal_request", "GET", lambda w: [w.message.pk]),
    ("petition_request", "GET", lambda w: [w.petition.pk]),
]
DECIDER_ONLY = [
    ("case_decide", "POST", lambda w: [w.case.pk]),
    ("measure_add", "POST", lambda w: [w.case.pk]),
    ("measure_change", "POST", lambda w: [w.case.pk, w.measure.pk]),
    ("request_decide", "POST", lambda w: [w.case.pk, w.request.pk]),
    ("case_end", "POST", lambda w: [w.case.pk]),
]
ON_A_CASE = [("case_detail", "GET", lambda w: [w.case.pk])] + [
    endpoint for endpoint in CUSTODIAN_ONLY + DECIDER_ONLY if endpoint[0] not in ("portal_request", "petition_request")
]
ALL_OBJECTS = [("case_detail", "GET", lambda w: [w.case.pk])] + CUSTODIAN_ONLY + DECIDER_ONLY


def call(client, name, method, args):
    url = reverse(f"protection:{name}", args=args)
    return client.post(url, {}) if method == "POST" else client.get(url)


@pytest.mark.parametrize(("name", "method", "args"), ALL_OBJECTS, ids=[e[0] for e in ALL_OBJECTS])
def test_an_outsider_gets_404(world, people, client_for, name, method, args):
    assert call(client_for(people.outsider), name, method, args(world)).status_code == 404


@pytest.mark.parametrize(("name", "method", "args"), CUSTODIAN_ONLY, ids=[e[0] for e in CUSTODIAN_ONLY])
def test_a_head_gets_403_on_custodian_pages(world, people, client_for, name, method, args):
    assert call(client_for(people.head), name, method, args(world)).status_code == 403


@pytest.mark.parametrize(("name", "method", "args"), DECIDER_ONLY, ids=[e[0] for e in DECIDER_ONLY])
def test_a_custodian_gets_403_on_decisions(world, people, client_for, name, method, args):
    assert call(client_for(people.custodian), name, method, args(world)).status_code == 403


@pytest.mark.parametrize(("name", "method", "args"), ON_A_CASE, ids=[e[0] for e in ON_A_CASE])
@pytest.mark.parametrize("who", ["personnel", "admin", "handler", "intake", "oversight"])
def test_others_of_the_province_learn_nothing_of_a_case(world, people, client_for, name, method, args, who):
    assert call(client_for(getattr(people, who)), name, method, args(world)).status_code == 404


@pytest.mark.parametrize("who", ["personnel", "admin", "handler", "intake", "outsider"])
def test_the_list_and_the_opening_form_are_refused_without_a_protection_role(world, people, client_for, who):
    client = client_for(getattr(people, who))
    assert client.get(reverse("protection:case_list")).status_code == 403
    assert client.get(reverse("protection:case_create")).status_code == 403
    assert reverse("protection:case_list") not in client.get(reverse("home")).content.decode()


def test_the_head_sees_the_list_but_cannot_open_a_case(world, people, client_for):
    client = client_for(people.head)
    assert client.get(reverse("protection:case_list")).status_code == 200
    assert client.get(reverse("protection:case_create")).status_code == 403


def test_the_pages_answer_their_own_people(world, people, client_for):
    custodian, head = client_for(people.custodian), client_for(people.head)
    assert custodian.get(reverse("protection:case_timeline", args=[world.case.pk])).status_code == 200
    assert custodian.get(reverse("protection:case_create")).status_code == 200
    assert head.get(reverse("protection:case_detail", args=[world.case.pk])).status_code == 200
    assert reverse("protection:case_list") in head.get(reverse("home")).content.decode()
