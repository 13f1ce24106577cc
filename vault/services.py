import os

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from baove.lib import crypto
from vault.models import RecoveryKey, UserKey

SALT_BYTES = 16


def _kdf_params() -> crypto.KdfParams:
    return crypto.KdfParams(**settings.VAULT_KDF)


def _context(user_id: int) -> bytes:
    return f"userkey:{user_id}".encode()


def _seal_private(*, user_id: int, private: bytes, password: str) -> dict:
    params, salt = _kdf_params(), os.urandom(SALT_BYTES)
    kek = crypto.password_key(password, salt, params)
    return {
        "sealed_private_key": crypto.seal(kek, private, context=_context(user_id)),
        "salt": salt,
        "kdf_time_cost": params.time_cost,
        "kdf_memory_cost": params.memory_cost,
        "kdf_parallelism": params.parallelism,
    }


@transaction.atomic
def user_key_create(*, user, password: str, actor=None) -> UserKey:
    """Give ``user`` a new key pair sealed under ``password``, replacing any earlier one.

    Replacing drops every data key wrapped for the old key (cascade): colleagues or the recovery
    key grant access again (``cases.services.petition_access_grant_pending``).
    """
    pair = crypto.new_key_pair()
    replaced = UserKey.objects.filter(user=user).first()
    if replaced is not None:
        replaced.delete()
    key = UserKey.objects.create(
        user=user, public_key=pair.public, **_seal_private(user_id=user.pk, private=pair.private, password=password)
    )
    audit_record(
        actor=actor,
        action="vault.key.replace" if replaced else "vault.key.create",
        obj=user,
        details={"fingerprint": key.fingerprint},
    )
    return key


def user_key_open(*, key: UserKey, password: str) -> bytes:
    params = crypto.KdfParams(key.kdf_time_cost, key.kdf_memory_cost, key.kdf_parallelism)
    kek = crypto.password_key(password, bytes(key.salt), params)
    return crypto.unseal(kek, bytes(key.sealed_private_key), context=_context(key.user_id))


def user_key_unlock(*, user, password: str) -> bytes:
    """The user's private key, opened with the password they just signed in with.

    An account that has no key yet (created before the vault existed) gets one now.
    """
    key = UserKey.objects.filter(user=user).first()
    if key is None:
        key = user_key_create(user=user, password=password, actor=user)
    return user_key_open(key=key, password=password)


@transaction.atomic
def user_key_reseal(*, user, old_password: str, new_password: str) -> UserKey | None:
    """On a password change by its owner: the same key pair, sealed under the new password."""
    key = UserKey.objects.select_for_update().filter(user=user).first()
    if key is None:
        return user_key_create(user=user, password=new_password, actor=user)
    private = user_key_open(key=key, password=old_password)
    for field, value in _seal_private(user_id=user.pk, private=private, password=new_password).items():
        setattr(key, field, value)
    key.save()
    return key


@transaction.atomic
def recovery_key_create(*, actor, label: str) -> tuple[RecoveryKey, bytes]:
    """A new recovery key pair; the caller writes the private half out for offline keeping."""
    pair = crypto.new_key_pair()
    key = RecoveryKey.objects.create(label=label.strip() or "recovery", public_key=pair.public)
    audit_record(actor=actor, action="vault.recovery.create", obj=key, details={"fingerprint": key.fingerprint})
    return key, pair.private


@transaction.atomic
def recovery_key_retire(*, actor, key: RecoveryKey, reason: str) -> RecoveryKey:
    key.retired_at = timezone.now()
    key.save(update_fields=["retired_at"])
    audit_record(actor=actor, action="vault.recovery.retire", obj=key, reason=reason)
    return key


def seal_for_holders(secret: bytes, *, context: bytes, user_keys=(), recovery_keys=()) -> list[dict]:
    """``secret`` (a record's private key) sealed for each holder, as keyword arguments for a
    key-row model: ``{"user_key": …, "sealed_key": …}`` or ``{"recovery_key": …, "sealed_key": …}``."""
    return [
        {"user_key": key, "sealed_key": crypto.seal_for(secret, bytes(key.public_key), context=context)}
        for key in user_keys
    ] + [
        {"recovery_key": key, "sealed_key": crypto.seal_for(secret, bytes(key.public_key), context=context)}
        for key in recovery_keys
    ]
