import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts import permissions
from audit.services import audit_verify_chain
from baove import demo
from conftest import signed_in
from org.models import Unit

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_its_audit_chain_verifies(settings):
    settings.DEMO = True
    call_command("demo")
    count = Unit.objects.count()
    call_command("demo")
    assert Unit.objects.count() == count
    assert audit_verify_chain().ok


def test_the_demo_command_refuses_outside_demo_mode(settings):
    from django.core.management.base import CommandError

    settings.DEMO = False
    with pytest.raises(CommandError):
        call_command("demo")


def test_each_demo_account_signs_in_and_sees_only_its_own_units():
    demo.load()
    for account, user in demo.demo_users():
        client = Client()
        response = client.post(
            reverse("accounts:login"), {"username": account.username, "password": demo.DEMO_PASSWORD}
        )
        assert response.status_code == 302, account.username
        client = signed_in(user, password=demo.DEMO_PASSWORD)
        home = client.get(reverse("home"))
        assert home.status_code == 200
        own = set(permissions.visible_units(user).values_list("name", flat=True))
        listing = client.get(reverse("org:unit_list"), {"status": "all"}).text
        for unit in Unit.objects.all():
            if unit.name in own:
                continue
            assert f">{unit.name}<" not in listing, (account.username, unit.name)


def test_demo_accounts_with_a_head_or_custodian_role_have_a_second_factor():
    demo.load()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for _account, user in demo.demo_users():
        if permissions.requires_two_factor(user):
            assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
