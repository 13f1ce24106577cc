import pytest
from django.db import connection
from django.urls import reverse

from audit.services import audit_record

pytestmark = pytest.mark.django_db

LIST = reverse("audit:event_list")


@pytest.fixture
def events(people, units):
    audit_record(actor=people.admin, action="org.unit.update", obj=units.finance, unit=units.finance, reason="đổi tên")
    audit_record(actor=people.outsider, action="org.unit.update", obj=units.other, unit=units.other, reason="lai châu")


def test_oversight_reads_the_events_of_its_subtree_only(people, units, events, client_for):
    response = client_for(people.oversight).get(LIST)
    assert response.status_code == 200
    # giamsat oversees UBKT only: neither the finance department nor the other province.
    assert "đổi tên" not in response.text
    assert "lai châu" not in response.text


def test_an_administrator_reads_their_subtree_and_not_another_province(people, events, client_for):
    response = client_for(people.outsider).get(LIST)
    assert "lai châu" in response.text
    assert "đổi tên" not in response.text


def test_the_superuser_reads_everything_and_filters_by_action(people, events, client_for):
    client = client_for(people.admin)
    response = client.get(LIST)
    assert "đổi tên" in response.text and "lai châu" in response.text
    assert "Sửa đơn vị" in response.text
    filtered = client.get(LIST, {"action": "accounts.account.create"})
    assert "đổi tên" not in filtered.text
    assert "Tạo tài khoản" in filtered.text


def test_a_role_without_audit_access_gets_403(people, client_for):
    assert client_for(people.handler).get(LIST).status_code == 403
    assert client_for(people.handler).post(reverse("audit:verify")).status_code == 403


def test_the_verify_button_reports_a_broken_chain(people, events, client_for):
    client = client_for(people.admin)
    ok = client.post(reverse("audit:verify"), follow=True)
    assert "Nhật ký toàn vẹn" in ok.text
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = 'giả mạo' WHERE reason = 'đổi tên'")
    broken = client.post(reverse("audit:verify"), follow=True)
    assert "bị phá vỡ" in broken.text
