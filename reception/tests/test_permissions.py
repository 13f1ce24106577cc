"""Who sees and changes what: outsiders get 404, readers without the role for a change 403, and only the
reception staff of the unit read what a visitor raised."""

import datetime

import pytest
from django.urls import reverse

from .conftest import make_session, make_visit

pytestmark = pytest.mark.django_db

SUMMARY = "Tố cáo trưởng phòng nhận tiền của doanh nghiệp."


@pytest.fixture
def visit(people, units):
    session = make_session(people.intake, units.committee, datetime.date(2026, 3, 17))
    return make_visit(people.intake, session, summary=SUMMARY)


def urls(visit):
    session = visit.session
    return {
        "session": reverse("reception:session_detail", args=[session.pk]),
        "session_edit": reverse("reception:session_edit", args=[session.pk]),
        "visit_create": reverse("reception:visit_create", args=[session.pk]),
        "visit": reverse("reception:visit_detail", args=[visit.pk]),
        "visit_edit": reverse("reception:visit_edit", args=[visit.pk]),
    }


def test_an_outsider_cannot_learn_that_a_session_or_visit_exists(people, visit, client_for):
    client = client_for(people.outsider)
    for url in urls(visit).values():
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("reception:visit_to_petition", args=[visit.pk]), {}).status_code == 404
    for name in ("session_list", "visit_list", "duty", "session_create"):
        assert client.get(reverse(f"reception:{name}")).status_code == 403, name


def test_people_without_a_reception_role_are_refused_the_lists(people, client_for):
    for person in (people.handler, people.personnel, people.commune_admin):
        assert client_for(person).get(reverse("reception:session_list")).status_code == 403


@pytest.mark.parametrize("reader", ["reporting", "wide_oversight"])
def test_reporting_and_oversight_read_sessions_and_flags_but_never_summaries(
    reader, people, wide_oversight, visit, client_for
):
    person = wide_oversight if reader == "wide_oversight" else getattr(people, reader)
    client = client_for(person)
    listing = client.get(reverse("reception:session_list"))
    assert listing.status_code == 200 and visit.session in list(listing.context["page_obj"])
    for url in (urls(visit)["session"], urls(visit)["visit"], reverse("reception:visit_list")):
        response = client.get(url)
        assert response.status_code == 200
        assert SUMMARY not in response.content.decode()
    for name in ("session_edit", "visit_create", "visit_edit"):
        assert client.get(urls(visit)[name]).status_code == 403, name
        assert client.post(urls(visit)[name], {}).status_code == 403, name
    assert client.get(reverse("reception:session_create")).status_code == 403


def test_the_reception_staff_of_the_unit_read_the_summary(people, visit, client_for):
    for person in (people.intake, people.head, people.custodian):
        response = client_for(person).get(urls(visit)["visit"])
        assert SUMMARY in response.content.decode()
        assert response["Cache-Control"].count("no-store") == 1


def test_a_commune_officer_does_not_see_the_province_committees_sessions(commune_staff, visit, client_for):
    client = client_for(commune_staff.intake)
    assert client.get(urls(visit)["session"]).status_code == 404
    assert visit.session not in list(client.get(reverse("reception:session_list")).context["page_obj"])


def test_a_session_cannot_be_moved_to_a_unit_the_person_does_not_record_for(people, units, visit, client_for):
    from .test_records import session_form

    response = client_for(people.intake).post(urls(visit)["session_edit"], session_form(units, unit=units.commune.pk))
    assert response.status_code == 400
    visit.session.refresh_from_db()
    assert visit.session.unit == units.committee


def test_once_a_visit_is_a_petition_accusing_the_head_the_head_no_longer_reads_it(people, visit, client_for):
    from reception import services

    result = services.visit_to_petition(
        actor=people.intake,
        visit=visit,
        kind="denunciation",
        subject="corruption",
        content="Nội dung tố cáo người đứng đầu.",
        accused=[{"name": "Phạm Văn Trưởng", "position": "Chủ tịch", "unit": ""}],
        issue_receipt=False,
    )
    result.petition.accused.update(user=people.head)  # the intake officer linked the accused to the account

    head = client_for(people.head)
    for url in (urls(visit)["session"], urls(visit)["visit"], reverse("reception:visit_list")):
        response = head.get(url)
        assert response.status_code == 200 and SUMMARY not in response.content.decode()
    assert head.get(urls(visit)["visit_edit"]).status_code == 403
    assert SUMMARY in client_for(people.intake).get(urls(visit)["visit"]).content.decode()
