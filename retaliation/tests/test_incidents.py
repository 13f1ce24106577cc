"""Retaliation incidents: recorded by staff or from the portal, verified, sanctioned; heads held answerable."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role, Scope
from audit.models import AuditEvent
from cases import services as case_services
from cases.models import Channel, Kind, MessageKind, Subject
from conftest import _person
from retaliation import services
from retaliation.models import HeadAccountability, Incident, IncidentSource, IncidentStatus, Sanction

from .conftest import make_case

pytestmark = pytest.mark.django_db

LIST = reverse("retaliation:incident_list")
NEW = reverse("retaliation:incident_create")
REPORTER = "Phan Thị Kín"


def submit(units):
    return case_services.petition_submit(
        submission=case_services.Submission(
            channel=Channel.PORTAL,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            unit=units.committee,
            content="Kế toán trưởng lập chứng từ khống.",
            accused=[{"name": "Ngô Văn Bị", "position": "Kế toán trưởng", "unit": "Sở Tài chính"}],
            identity={"full_name": REPORTER, "id_number": "001199005555", "phone": "", "email": ""},
            files=[],
        )
    ).petition


def record(people, units, **extra):
    return services.incident_record(
        actor=people.custodian,
        unit=units.committee,
        forms=["transfer", "threat"],
        occurred_on=datetime.date(2026, 10, 1),
        description="Bị điều chuyển sang bộ phận khác sau khi tố cáo.",
        **extra,
    )


def detail(incident, name="incident_detail"):
    return reverse(f"retaliation:{name}", args=[incident.pk])


def test_a_custodian_records_an_incident_linked_to_a_protection_case(people, units, client_for):
    case = make_case(units.committee)
    response = client_for(people.custodian).post(
        NEW,
        {
            "unit": units.committee.pk,
            "forms": ["transfer", "pay_cut"],
            "occurred_on": "05/10/2026",
            "description": "Bị điều chuyển và cắt thưởng.",
            "evidence": "Quyết định điều chuyển số 7.",
            "case_reference": case.reference,
            "perpetrator_name": "Ngô Văn Bị",
            "perpetrator_position": "Kế toán trưởng",
            "perpetrator_unit": "Sở Tài chính",
            "perpetrator_account": "",
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(incident)
    assert incident.reference.startswith("TT-") and incident.source == IncidentSource.STAFF
    assert incident.forms == ["transfer", "pay_cut"] and incident.protection_case == case
    assert incident.perpetrators.get().name == "Ngô Văn Bị"
    assert AuditEvent.objects.filter(action="retaliation.incident.record", object_id=str(incident.pk)).exists()

    page = client_for(people.custodian).get(detail(incident)).content.decode()
    assert case.pseudonym in page and "05/10/2026" in page and "Điều chuyển" in page


def test_a_protection_case_of_another_unit_cannot_be_linked(people, units, client_for):
    case = make_case(units.other)
    response = client_for(people.custodian).post(
        NEW,
        {
            "unit": units.committee.pk,
            "forms": ["transfer"],
            "occurred_on": "05/10/2026",
            "description": "x",
            "case_reference": case.reference,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["case_reference"]
    assert not Incident.objects.exists()


def test_the_full_cycle_verification_finding_sanction_and_head(people, units, client_for):
    incident = record(people, units)
    perpetrator = services.perpetrator_add(
        actor=people.custodian, incident=incident, data=services.PerpetratorData(name="Ngô Văn Bị")
    )
    client = client_for(people.head)

    assert client.post(detail(incident, "incident_verify")).status_code == 302
    assert (
        client.post(
            detail(incident, "sanction_add"),
            {"kind": "party", "form": "khiển trách", "decided_by": "x", "decided_on": "01/11/2026"},
        ).status_code
        == 400
    )  # not confirmed yet
    response = client.post(
        detail(incident, "incident_conclude"),
        {"status": "confirmed", "finding": "Có trả thù.", "concluded_on": "20/10/2026"},
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.status, incident.concluded_on) == (IncidentStatus.CONFIRMED, datetime.date(2026, 10, 20))

    response = client.post(
        detail(incident, "sanction_add"),
        {
            "perpetrator": perpetrator.pk,
            "kind": "party",
            "form": "khiển trách",
            "decided_by": "Ủy ban Kiểm tra Tỉnh ủy",
            "decided_on": "01/11/2026",
        },
    )
    assert response.status_code == 302
    assert Sanction.objects.get().perpetrator == perpetrator
    response = client.post(
        detail(incident, "head_add"),
        {
            "name": "Trần Văn Trưởng",
            "account": "",
            "position": "Giám đốc",
            "unit_text": "Sở Tài chính",
            "form": "warning",
            "form_detail": "",
            "decided_by": "Ban Thường vụ Tỉnh ủy",
            "decided_on": "05/11/2026",
        },
    )
    assert response.status_code == 302
    assert HeadAccountability.objects.get().form == "warning"
    page = client.get(detail(incident)).content.decode()
    assert "khiển trách" in page and "Trần Văn Trưởng" in page and "05/11/2026" in page
    actions = set(AuditEvent.objects.filter(object_id=str(incident.pk)).values_list("action", flat=True))
    assert {
        "retaliation.incident.verify",
        "retaliation.incident.conclude",
        "retaliation.sanction.record",
        "retaliation.head.record",
        "retaliation.perpetrator.add",
    } <= actions


def test_a_finding_is_given_once(people, units):
    incident = record(people, units)
    services.incident_conclude(actor=people.head, incident=incident, status="unfounded", finding="Không có căn cứ.")
    with pytest.raises(ValidationError):
        services.incident_conclude(actor=people.head, incident=incident, status="confirmed", finding="x")
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.UNFOUNDED


def test_services_refuse_people_who_do_not_handle_the_unit(people, units):
    incident = record(people, units)
    for actor in (people.oversight, people.personnel, people.outsider):
        with pytest.raises(ValidationError):
            services.incident_verify(actor=actor, incident=incident)
    with pytest.raises(ValidationError):
        services.personnel_action_record(
            actor=people.custodian,
            id_number="001199012345",
            action="transfer",
            effective_date=datetime.date(2026, 1, 1),
            unit=units.committee,
        )


def test_a_portal_report_of_retaliation_becomes_an_incident(people, units, client_for):
    petition = submit(units)
    message = case_services.message_from_reporter(
        petition=petition, kind=MessageKind.RETALIATION, text=f"Tôi, {REPORTER}, bị dọa đuổi việc."
    )
    url = reverse("retaliation:incident_from_message", args=[message.pk])
    assert client_for(people.handler).get(url).status_code == 404
    assert client_for(people.head).get(url).status_code == 403

    client = client_for(people.intake)
    page = client.get(url).content.decode()
    assert petition.reference in page and REPORTER not in page
    response = client.post(url, {"forms": ["threat"], "occurred_on": "01/11/2026", "description": "Bị dọa đuổi việc."})
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert (incident.source, incident.petition, incident.message) == (IncidentSource.PORTAL, petition, message)
    assert client.get(url)["Location"] == detail(incident)  # once only

    page = client_for(people.custodian).get(detail(incident)).content.decode()
    assert petition.pseudonym in page and REPORTER not in page


def test_the_list_filters_by_form_and_status(people, units, client_for):
    first = record(people, units)
    second = services.incident_record(
        actor=people.custodian,
        unit=units.committee,
        forms=["slander"],
        occurred_on=datetime.date(2026, 10, 1),
        description="Bị vu khống.",
    )
    client = client_for(people.custodian)
    page = client.get(LIST, {"form": "slander"}).content.decode()
    assert second.reference in page and first.reference not in page
    page = client.get(LIST, {"form": "threat", "status": "reported"}).content.decode()
    assert first.reference in page and second.reference not in page


def test_oversight_reads_but_cannot_change(people, units, client_for):
    incident = record(people, units)
    overseer = _person("giamsattinh", "Giám sát tỉnh", units.province, Role.OVERSIGHT, Scope.SUBTREE)
    client = client_for(overseer)
    assert client.get(LIST).status_code == 200
    page = client.get(detail(incident)).content.decode()
    assert incident.reference in page and "incident_conclude" not in page
    assert client.post(detail(incident, "incident_verify")).status_code == 403
    assert client.get(NEW).status_code == 403


def test_an_outsider_gets_404_and_a_wrong_role_403(people, units, client_for):
    incident = record(people, units)
    outsider = client_for(people.outsider)
    assert outsider.get(detail(incident)).status_code == 404
    assert outsider.post(detail(incident, "incident_verify")).status_code == 404
    assert outsider.get(LIST).status_code == 403
    for who in ("personnel", "handler", "reporting"):
        client = client_for(getattr(people, who))
        assert client.get(LIST).status_code == 403
        assert client.get(detail(incident)).status_code == 404
        assert client.get(NEW).status_code == 403


def test_the_menu_shows_retaliation_to_the_roles_that_use_it(people, client_for):
    assert f'href="{LIST}"' in client_for(people.custodian).get(LIST).content.decode()
    assert f'href="{LIST}"' not in client_for(people.personnel).get(reverse("retaliation:personnel")).content.decode()


def test_the_list_costs_the_same_queries_for_few_or_many_incidents(people, units, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(people.custodian)
    counts = []
    for _ in range(2):
        for _ in range(3):
            record(people, units, protection_case=make_case(units.committee))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
