"""The identity custodians' access log: /staff/petitions/access-log/."""

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.services import account_create
from cases import services
from cases.models import Channel, Kind, Subject
from conftest import PASSWORD
from vault.services import user_key_unlock

pytestmark = pytest.mark.django_db

URL = reverse("cases:access_log")


def open_original(unit, user, reason):
    petition = services.petition_submit(
        submission=services.Submission(
            channel=Channel.POST, kind=Kind.DENUNCIATION, subject=Subject.CORRUPTION, content="Nội dung", unit=unit
        ),
        issue_receipt=False,
    ).petition
    private = services.petition_private_key(
        petition=petition, user=user, user_private=user_key_unlock(user=user, password=PASSWORD)
    )
    services.petition_read_original(petition=petition, actor=user, private=private, reason=reason)
    return petition


def test_a_custodian_sees_who_opened_what_and_why_in_their_units_only(people, units, client_for):
    other_intake = account_create(
        actor=None, username="tn.lc", full_name="Lò Thị A", password=PASSWORD, unit=units.other, role=Role.INTAKE
    )
    other_custodian = account_create(
        actor=None, username="bm.lc", full_name="Lò Văn Mật", password=PASSWORD, unit=units.other, role=Role.CUSTODIAN
    )
    ours = open_original(units.committee, people.intake, "Vào sổ đơn")
    theirs = open_original(units.other, other_intake, "Lý do của tỉnh khác")

    response = client_for(people.custodian).get(URL)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Vào sổ đơn" in page and ours.reference in page
    assert "Lý do của tỉnh khác" not in page and theirs.reference not in page
    other_page = client_for(other_custodian).get(URL).content.decode()
    assert "Lý do của tỉnh khác" in other_page and "Vào sổ đơn" not in other_page


def test_the_log_pages_newest_first(people, units, client_for, settings):
    settings.PAGE_SIZE = 2
    for n in range(3):
        open_original(units.committee, people.intake, f"Lý do {n}")
    client = client_for(people.custodian)
    first = [event.reason for event, _label, _petition in client.get(URL).context["rows"]]
    last = [event.reason for event, _label, _petition in client.get(URL, {"page": 2}).context["rows"]]
    assert (first, last) == (["Lý do 2", "Lý do 1"], ["Lý do 0"])


@pytest.mark.parametrize("who", ["intake", "handler", "head", "personnel", "oversight", "admin", "outsider"])
def test_the_access_log_is_for_custodians_only(people, units, client_for, who):
    open_original(units.committee, people.intake, "Vào sổ đơn")
    response = client_for(getattr(people, who)).get(URL)
    assert response.status_code == 403
    assert "Vào sổ đơn" not in response.content.decode()


def test_the_per_petition_access_list_is_for_custodians_only(people, units, client_for):
    petition = open_original(units.committee, people.intake, "Vào sổ đơn")
    address = reverse("cases:petition_detail", args=[petition.pk])
    assert "Vào sổ đơn" in client_for(people.custodian).get(address).content.decode()
    for who in (people.intake, people.handler, people.head):
        response = client_for(who).get(address)
        assert "access_rows" not in response.context
        assert "Vào sổ đơn" not in response.content.decode()
