"""A visit becomes a petition in one step: the identity is sealed in the petition and nowhere else."""

import datetime
import re

import pytest
from django.apps import apps
from django.urls import reverse

from audit.models import AuditEvent
from cases import services as case_services
from cases.models import Channel, Petition
from reception import services
from reception.models import Visit

from .conftest import make_session, make_visit, refused

pytestmark = pytest.mark.django_db

FULL_NAME = "Huỳnh Thị Dân Tiếp"
ID_NUMBER = "089190007777"
PHONE = "0912345678"
ADDRESS = "ấp Mỹ Phú, xã Tân Phú"
MARKERS = (FULL_NAME, ID_NUMBER, PHONE, ADDRESS)


@pytest.fixture
def visit(people, units):
    session = make_session(people.intake, units.committee, datetime.date(2026, 3, 17), start_time=datetime.time(8, 30))
    return make_visit(
        people.intake, session, summary="Tố cáo cán bộ nhận tiền khi cấp phép.", matter_kind="denunciation"
    )


def petition_form(**overrides):
    data = {
        "kind": "denunciation",
        "subject": "corruption",
        "content": "Ông Ngô Văn Bị, cán bộ Sở, nhận 50 triệu đồng khi cấp phép xây dựng.",
        "incident_time": "tháng 2/2026",
        "incident_place": "",
        "accused_name": "Ngô Văn Bị",
        "accused_position": "Chuyên viên",
        "accused_unit": "Sở Xây dựng",
        "identity_choice": "named",
        "full_name": FULL_NAME,
        "id_number": ID_NUMBER,
        "date_of_birth": "",
        "phone": PHONE,
        "email": "",
        "address": ADDRESS,
        "workplace": "",
        "protection_requested": "on",
        "issue_receipt": "on",
    }
    data.update(overrides)
    return data


def url(visit):
    return reverse("reception:visit_to_petition", args=[visit.pk])


def every_row_of(*models) -> str:
    return "\n".join(str(row) for model in models for row in model._default_manager.all().values())


def test_an_intake_officer_turns_a_visit_into_a_petition_and_sees_the_receipt_once(people, units, visit, client_for):
    client = client_for(people.intake)
    page = client.get(reverse("reception:visit_detail", args=[visit.pk])).content.decode()
    assert 'action="' + url(visit) + '"' in page and "Tố cáo cán bộ nhận tiền khi cấp phép." in page

    response = client.post(url(visit), petition_form())

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    petition = Petition.objects.get()
    visit.refresh_from_db()
    assert visit.petition == petition
    assert (petition.channel, petition.unit, petition.anonymous) == (Channel.RECEPTION, units.committee, False)
    assert petition.protection_requested
    assert petition.received_at.date() == datetime.date(2026, 3, 17)
    assert list(petition.accused.values_list("name", flat=True)) == ["Ngô Văn Bị"]
    digits = re.findall(r"<span>(\d{4})</span>", response.content.decode())
    assert len(digits) == 7
    assert case_services.receipt_check(" ".join(digits)).petition == petition
    event = AuditEvent.objects.get(action="reception.visit.to_petition")
    assert event.details["petition"] == petition.reference and event.object_id == str(visit.pk)


def test_the_identity_is_in_no_visit_session_or_audit_row(people, visit, client_for):
    client_for(people.intake).post(url(visit), petition_form())
    from reception.models import ReceptionSession

    dump = every_row_of(Visit, ReceptionSession, AuditEvent)
    for marker in MARKERS:
        assert marker not in dump
    # And nowhere else in clear: the petition's original is sealed.
    everything = every_row_of(*apps.get_models())
    for marker in (ID_NUMBER, PHONE):
        assert marker not in everything


def test_a_visit_becomes_a_petition_once(people, visit, client_for):
    client = client_for(people.intake)
    client.post(url(visit), petition_form())
    again = client.post(url(visit), petition_form())

    assert again.status_code == 200
    assert Petition.objects.count() == 1
    page = again.content.decode()
    assert "receipt-code" not in page and Petition.objects.get().reference in page
    visit.refresh_from_db()
    with pytest.raises(services.ValidationError):
        services.visit_to_petition(actor=people.intake, visit=visit, kind="feedback", subject="other", content="x")
    detail = client.get(reverse("reception:visit_detail", args=[visit.pk])).content.decode()
    assert url(visit) not in detail


def test_a_refused_visit_does_not_become_a_petition(people, visit, client_for):
    other = refused(people.intake, visit.session)
    response = client_for(people.intake).post(url(other), petition_form())
    assert response.status_code == 400 and not Petition.objects.exists()


def test_an_anonymous_visitor_gets_an_anonymous_petition(people, visit, client_for):
    form = petition_form(identity_choice="anonymous", full_name="", id_number="", phone="", address="")
    del form["issue_receipt"]
    response = client_for(people.intake).post(url(visit), form)
    petition = Petition.objects.get()
    assert petition.anonymous and petition.receipt_lookup is None
    assert "receipt-code" not in response.content.decode()


def test_details_of_an_anonymous_visitor_are_refused_rather_than_kept(people, visit, client_for):
    response = client_for(people.intake).post(url(visit), petition_form(identity_choice="anonymous"))
    assert response.status_code == 400 and "identity_choice" in response.context["petition_form"].errors
    assert not Petition.objects.exists()


def test_only_an_intake_officer_of_the_unit_converts(people, visit, client_for):
    for person in (people.head, people.custodian, people.reporting):
        assert client_for(person).post(url(visit), petition_form()).status_code == 403
        page = client_for(person).get(reverse("reception:visit_detail", args=[visit.pk])).content.decode()
        assert url(visit) not in page
    assert not Petition.objects.exists()
