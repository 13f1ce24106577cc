"""False reports and slander; commendations of reporters (named only with consent), units and officials."""

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from cases import services as case_services
from cases.models import Channel, Kind, Subject
from conftest import _person
from retaliation.models import Commendation, FalseReport

pytestmark = pytest.mark.django_db

REPORTER = "Phan Thị Kín"


def submit(units):
    return case_services.petition_submit(
        submission=case_services.Submission(
            channel=Channel.MAILBOX,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            unit=units.committee,
            content="Nội dung.",
            accused=[],
            identity={"full_name": REPORTER, "id_number": "001199005555", "phone": "", "email": ""},
            files=[],
        )
    ).petition


def test_a_false_report_is_recorded_with_what_was_done(people, units, client_for):
    petition = submit(units)
    client = client_for(people.intake)
    response = client.post(
        reverse("retaliation:false_report_create"),
        {
            "unit": units.committee.pk,
            "petition_reference": petition.reference,
            "finding": "Cố ý tố cáo sai sự thật.",
            "found_on": "10/11/2026",
            "handling": "fine",
            "handling_detail": "Phạt 5.000.000 đồng",
            "handled_by": "Chủ tịch UBND tỉnh",
            "handled_on": "12/11/2026",
        },
    )
    assert response.status_code == 302
    record = FalseReport.objects.get()
    assert (record.petition, record.handling) == (petition, "fine")
    assert AuditEvent.objects.filter(action="retaliation.false_report.record").exists()
    page = client.get(reverse("retaliation:false_report_list")).content.decode()
    assert petition.reference in page and "10/11/2026" in page and REPORTER not in page


def test_a_false_report_needs_a_petition_or_matter(people, units, client_for):
    response = client_for(people.intake).post(
        reverse("retaliation:false_report_create"),
        {"unit": units.committee.pk, "finding": "x", "found_on": "10/11/2026", "handling": "none"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert not FalseReport.objects.exists()


def _commend(client, units, **data):
    return client.post(
        reverse("retaliation:commendation_create"),
        {
            "unit": units.committee.pk,
            "form": "certificate",
            "deciding_body": "Chủ tịch UBND tỉnh",
            "decided_on": "20/11/2026",
            **data,
        },
    )


def test_a_reporter_without_consent_is_commended_without_revealing_identity(people, units, client_for):
    petition = submit(units)
    client = client_for(people.head)
    response = _commend(
        client, units, recipient_kind="reporter", petition_reference=petition.reference, recipient_name=REPORTER
    )
    assert response.status_code == 302
    record = Commendation.objects.get()
    assert (record.pseudonym, record.recipient_name, record.public_consent) == (petition.pseudonym, "", False)
    page = client.get(reverse("retaliation:commendation_list")).content.decode()
    assert petition.pseudonym in page and REPORTER not in page


def test_a_reporter_who_agreed_is_named(people, units, client_for):
    petition = submit(units)
    client = client_for(people.head)
    _commend(
        client,
        units,
        recipient_kind="reporter",
        petition_reference=petition.reference,
        public_consent="on",
        recipient_name=REPORTER,
        form="money",
        amount="5000000",
    )
    record = Commendation.objects.get()
    assert (record.recipient_name, record.amount) == (REPORTER, 5000000)
    assert REPORTER in client.get(reverse("retaliation:commendation_list")).content.decode()


def test_money_needs_an_amount_and_a_unit_needs_a_name(people, units, client_for):
    client = client_for(people.head)
    assert _commend(client, units, recipient_kind="unit", form="money").status_code == 200
    assert _commend(client, units, recipient_kind="official", recipient_name="").status_code == 200
    assert not Commendation.objects.exists()
    assert _commend(client, units, recipient_kind="unit", recipient_name="Sở Tài chính").status_code == 302


@pytest.mark.parametrize(
    "name", ["false_report_list", "false_report_create", "commendation_list", "commendation_create"]
)
def test_wrong_roles_get_403(people, client_for, name):
    for who in ("personnel", "handler", "outsider"):
        assert client_for(getattr(people, who)).get(reverse(f"retaliation:{name}")).status_code == 403
    assert client_for(people.oversight).get(reverse("retaliation:false_report_list")).status_code == 200
    assert client_for(people.oversight).get(reverse("retaliation:false_report_create")).status_code == 403


def test_an_outsider_sees_none_of_ours(people, units, client_for):
    _commend(client_for(people.head), units, recipient_kind="unit", recipient_name="Sở Tài chính")
    stranger = _person("truonglc", "Trưởng Lai Châu", units.other, Role.HEAD)
    page = client_for(stranger).get(reverse("retaliation:commendation_list")).content.decode()
    assert "Sở Tài chính" not in page
