import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Membership, Role, User
from audit.models import AuditEvent
from audit.services import audit_verify_chain

pytestmark = pytest.mark.django_db


def test_an_administrator_creates_an_account_with_a_role(people, units, client_for):
    client = client_for(people.admin)
    response = client.post(
        reverse("accounts:account_create"),
        {
            "username": "canbo.moi",
            "full_name": "Châu Thị Mới",
            "position": "Chuyên viên",
            "email": "",
            "password": "mật-khẩu-ban-đầu-dài",
            "unit": units.finance.pk,
            "role": Role.INTAKE,
            "scope": "unit",
        },
    )
    account = User.objects.get(username="canbo.moi")
    assert response.status_code == 302
    assert response.url == reverse("accounts:account_detail", args=[account.pk])
    membership = Membership.objects.get(user=account)
    assert (membership.unit, membership.role) == (units.finance, Role.INTAKE)
    actions = set(AuditEvent.objects.filter(object_id=str(account.pk)).values_list("action", flat=True))
    assert {"accounts.account.create", "accounts.membership.add"} <= actions
    assert AuditEvent.objects.filter(action="accounts.account.create", actor=people.admin).exists()
    assert audit_verify_chain().ok
    call_command("verify_audit")


def test_a_weak_initial_password_is_refused_and_nothing_is_saved(people, units, client_for):
    client = client_for(people.admin)
    response = client.post(
        reverse("accounts:account_create"),
        {
            "username": "yeu",
            "full_name": "Yếu",
            "password": "123",
            "unit": units.finance.pk,
            "role": Role.INTAKE,
            "scope": "unit",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="yeu").exists()


def test_an_administrator_cannot_give_a_role_in_a_unit_outside_their_subtree(people, units, client_for):
    client = client_for(people.commune_admin)
    response = client.post(
        reverse("accounts:account_create"),
        {
            "username": "ngoaipham",
            "full_name": "X",
            "password": "mật-khẩu-ban-đầu-dài",
            "unit": units.finance.pk,
            "role": Role.HEAD,
            "scope": "unit",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="ngoaipham").exists()


def test_the_account_list_shows_only_accounts_of_my_subtree(people, client_for):
    response = client_for(people.commune_admin).get(reverse("accounts:account_list"))
    assert response.status_code == 200
    assert "quantrixa" in response.text
    assert "xuly" not in response.text
    province = client_for(people.outsider).get(reverse("accounts:account_list"))
    assert "ngoai" in province.text
    assert "xuly" not in province.text
    found = client_for(people.admin).get(reverse("accounts:account_list"), {"q": "xuly"})
    assert "xuly" in found.text
    assert "tiepnhan" not in found.text


def test_an_outsider_gets_404_and_a_wrong_role_gets_403(people, client_for):
    target = reverse("accounts:account_detail", args=[people.handler.pk])
    assert client_for(people.outsider).get(target).status_code == 404
    assert client_for(people.handler).get(reverse("accounts:account_list")).status_code == 403
    assert client_for(people.handler).get(target).status_code == 403
    assert client_for(people.commune_admin).get(target).status_code == 404


def test_ending_a_role_removes_access_at_once(people, units, client_for):
    membership = Membership.objects.get(user=people.handler)
    handler_client = client_for(people.handler)
    assert units.committee.name in handler_client.get(reverse("home")).text
    response = client_for(people.admin).post(
        reverse("accounts:membership_end", args=[people.handler.pk, membership.pk]), {"reason": "Chuyển công tác"}
    )
    assert response.status_code == 302
    assert units.committee.name not in handler_client.get(reverse("home")).text
    event = AuditEvent.objects.get(action="accounts.membership.end")
    assert event.reason == "Chuyển công tác"


def test_deactivating_needs_a_reason_and_signs_the_person_out(people, client_for):
    admin = client_for(people.admin)
    url = reverse("accounts:account_deactivate", args=[people.handler.pk])
    assert admin.post(url, {"reason": ""}).status_code == 200
    people.handler.refresh_from_db()
    assert people.handler.is_active
    handler_client = client_for(people.handler)
    assert admin.post(url, {"reason": "Nghỉ hưu"}).status_code == 302
    assert handler_client.get(reverse("home")).status_code == 302


def test_an_administrator_cannot_change_their_own_account(people, client_for):
    response = client_for(people.admin).post(
        reverse("accounts:account_deactivate", args=[people.admin.pk]), {"reason": "thử"}
    )
    assert response.status_code == 403


def test_a_commune_admin_cannot_change_an_account_with_roles_elsewhere(people, units, client_for):
    from accounts.services import membership_add

    membership_add(actor=people.admin, user=people.handler, unit=units.commune, role=Role.HANDLER)
    client = client_for(people.commune_admin)
    assert client.get(reverse("accounts:account_detail", args=[people.handler.pk])).status_code == 200
    response = client.post(
        reverse("accounts:account_reset_2fa", args=[people.handler.pk]), {"reason": "mất điện thoại"}
    )
    assert response.status_code == 403
