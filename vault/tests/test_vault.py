import base64
import stat

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.services import account_set_password
from audit.models import AuditEvent
from baove.lib import crypto
from conftest import PASSWORD
from vault import session as vault_session
from vault.models import RecoveryKey, UserKey
from vault.services import user_key_open, user_key_unlock

pytestmark = pytest.mark.django_db


def test_sealed_data_opens_only_with_its_key_and_context():
    key = crypto.new_data_key()
    blob = crypto.seal(key, "Nguyễn Văn A, CCCD 001".encode(), context=b"petition:1:identity")
    assert "Nguyễn".encode() not in blob
    assert crypto.unseal(key, blob, context=b"petition:1:identity").decode() == "Nguyễn Văn A, CCCD 001"
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal(key, blob, context=b"petition:2:identity")
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal(crypto.new_data_key(), blob, context=b"petition:1:identity")
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal(key, tampered, context=b"petition:1:identity")


def test_a_wrapped_data_key_opens_only_with_the_recipients_private_key():
    alice, mallory = crypto.new_key_pair(), crypto.new_key_pair()
    data_key = crypto.new_data_key()
    wrapped = crypto.seal_for(data_key, alice.public, context=b"petition:7")
    assert crypto.open_for(wrapped, alice.private, context=b"petition:7") == data_key
    with pytest.raises(crypto.DecryptionError):
        crypto.open_for(wrapped, mallory.private, context=b"petition:7")
    with pytest.raises(crypto.DecryptionError):
        crypto.open_for(wrapped, alice.private, context=b"petition:8")


def test_every_new_account_gets_a_key_sealed_under_its_password(people):
    key = UserKey.objects.get(user=people.intake)
    private = user_key_open(key=key, password=PASSWORD)
    assert crypto.public_from_private(private) == bytes(key.public_key)
    assert private not in bytes(key.sealed_private_key)
    with pytest.raises(crypto.DecryptionError):
        user_key_open(key=key, password="không phải mật khẩu")


def test_signing_in_splits_the_unlocked_key_between_cookie_and_session(people):
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "tiepnhan", "password": PASSWORD})
    cookie = response.cookies[vault_session.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    private = user_key_unlock(user=people.intake, password=PASSWORD)
    mask = base64.b64decode(cookie.value)
    stored = Session.objects.get(session_key=client.session.session_key).get_decoded()
    masked = base64.b64decode(stored[vault_session.SESSION_KEY])
    assert masked != private and mask != private
    assert private not in Session.objects.get(session_key=client.session.session_key).session_data.encode()
    assert crypto.xor(masked, mask) == private


def test_the_key_is_unlocked_only_when_both_halves_are_present(people, client_for):
    client = client_for(people.intake)
    request = RequestFactory().get("/staff/")
    request.user = people.intake
    request.session = client.session
    request.COOKIES = {vault_session.COOKIE_NAME: client.cookies[vault_session.COOKIE_NAME].value}
    assert vault_session.unlocked_key(request) == user_key_unlock(user=people.intake, password=PASSWORD)
    request.COOKIES = {}
    assert vault_session.unlocked_key(request) is None
    request.COOKIES = {vault_session.COOKIE_NAME: base64.b64encode(b"\x00" * 32).decode()}
    assert vault_session.unlocked_key(request) is None


def test_changing_my_password_keeps_my_key_pair(people):
    before = bytes(UserKey.objects.get(user=people.intake).public_key)
    account_set_password(
        actor=people.intake, account=people.intake, password="mật-khẩu-mới-rất-dài", old_password=PASSWORD
    )
    key = UserKey.objects.get(user=people.intake)
    assert bytes(key.public_key) == before
    assert crypto.public_from_private(user_key_open(key=key, password="mật-khẩu-mới-rất-dài")) == before


def test_a_reset_by_an_administrator_replaces_the_key_pair(people):
    before = bytes(UserKey.objects.get(user=people.intake).public_key)
    account_set_password(actor=people.admin, account=people.intake, password="mật-khẩu-cấp-lại-dài", reason="quên")
    assert bytes(UserKey.objects.get(user=people.intake).public_key) != before
    assert AuditEvent.objects.filter(action="vault.key.replace", object_id=str(people.intake.pk)).exists()


def test_the_recovery_key_command_keeps_only_the_public_half(tmp_path):
    out = tmp_path / "recovery.key"
    call_command("vault_recovery_key", label="Két sắt Văn phòng", out=str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o400
    header, encoded = out.read_text().split()[:2], out.read_text().split()[2]
    key = RecoveryKey.objects.get()
    assert header == ["baove-recovery-key-v1", key.fingerprint]
    assert crypto.public_from_private(base64.b64decode(encoded)) == bytes(key.public_key)
