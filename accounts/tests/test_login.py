import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_the_login_page_is_vietnamese_by_default_whatever_the_browser_prefers():
    response = Client().get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in response.text
    assert "Content-Security-Policy" in response.headers
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_english_is_available_through_the_language_switch():
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    assert response.status_code == 302
    assert "Sign in" in client.get(LOGIN).text


@pytest.mark.parametrize("path", ["/staff/", "/staff/accounts/", "/staff/units/", "/staff/audit/", "/staff/calendar/"])
def test_staff_pages_send_anonymous_visitors_to_the_login_page(path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_an_account_without_2fa_role_signs_in_with_its_password(people, units):
    client = Client()
    response = sign_in(client, "xuly")
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert units.committee.name in home.text
    assert units.other.name not in home.text
    assert AuditEvent.objects.filter(action="accounts.login", actor=people.handler).exists()


def test_a_wrong_password_gets_a_clear_error_and_no_session(people):
    client = Client()
    response = sign_in(client, "xuly", "sai-mat-khau-roi")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.text
    assert client.get(reverse("home")).status_code == 302


def test_a_head_with_a_device_must_enter_the_code(people):
    device = TOTPDevice.objects.create(user=people.head, name="phone", confirmed=True)
    client = Client()
    assert sign_in(client, "thutruong").status_code == 302
    assert client.get(reverse("home")).url == reverse("accounts:otp_verify")
    wrong = client.post(
        reverse("accounts:otp_verify"), {"token": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert client.get(reverse("home")).status_code == 302
    # After a wrong code django-otp makes the next try wait a moment.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        device.refresh_from_db()
        right = client.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
        assert right.status_code == 302
        assert client.get(reverse("home")).status_code == 200


def test_a_head_without_a_device_must_enrol_before_anything_else(people):
    client = Client()
    sign_in(client, "thutruong")
    for path in (reverse("home"), reverse("org:unit_list"), reverse("accounts:security")):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url == reverse("accounts:otp_setup")
    setup = client.get(reverse("accounts:otp_setup"))
    assert setup.status_code == 200
    assert "<svg" in setup.text
    device = TOTPDevice.objects.get(user=people.head, confirmed=False)
    assert client.post(reverse("accounts:otp_setup"), {"token": current_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.2fa.enable", object_id=str(people.head.pk)).exists()


def test_an_administrator_and_a_custodian_also_need_2fa(people):
    for username in ("quantri", "baomat"):
        client = Client()
        sign_in(client, username)
        assert client.get(reverse("home")).url == reverse("accounts:otp_setup")


def test_repeated_failures_lock_the_account_for_a_while(people, settings):
    client = Client()
    for _attempt in range(settings.LOGIN_MAX_FAILURES):
        response = sign_in(client, "xuly", "sai-mat-khau-roi")
    assert "tạm khóa" in response.text
    still_locked = sign_in(client, "xuly")
    assert still_locked.status_code == 200
    assert "tạm khóa" in still_locked.text
    assert AuditEvent.objects.filter(action="accounts.login.locked", object_id=str(people.handler.pk)).count() == 1
    later = timezone.now() + datetime.timedelta(minutes=settings.LOGIN_LOCK_MINUTES + 1)
    with time_machine.travel(later):
        assert sign_in(client, "xuly").status_code == 302


def test_unknown_account_names_are_throttled_too_without_an_audit_event(people, settings):
    client = Client()
    for _attempt in range(settings.LOGIN_MAX_FAILURES + 1):
        response = sign_in(client, "khongtontai", "sai-mat-khau-roi")
    assert "tạm khóa" in response.text
    assert not AuditEvent.objects.filter(action__startswith="accounts.login").exists()


def test_a_deactivated_account_cannot_sign_in(people):
    people.handler.is_active = False
    people.handler.save()
    response = sign_in(Client(), "xuly")
    assert response.status_code == 200


def test_an_idle_session_expires(people, settings):
    client = Client()
    sign_in(client, "xuly")
    assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        assert client.get(reverse("home")).status_code == 302


def test_logout_needs_post_and_ends_the_session(people, client_for):
    client = client_for(people.handler)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_changing_my_password_is_audited(people, client_for):
    client = client_for(people.handler)
    new = "một-mật-khẩu-mới-dài"
    response = client.post(
        reverse("accounts:security"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    people.handler.refresh_from_db()
    assert people.handler.check_password(new)
    assert AuditEvent.objects.filter(action="accounts.password.change", actor=people.handler).exists()


def test_an_open_redirect_through_next_is_refused(people):
    client = Client()
    response = client.post(LOGIN, {"username": "xuly", "password": PASSWORD, "next": "https://evil.example/"})
    assert response.url == reverse("home")
