import datetime

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginThrottle, Membership, Role, User
from accounts.permissions import ORIGINAL_ROLES
from audit.services import audit_record
from cases import services as case_services
from org.models import Unit
from vault import services as vault_services


@transaction.atomic
def account_create(
    *,
    actor,
    username: str,
    full_name: str,
    email: str = "",
    position: str = "",
    password: str,
    unit: Unit | None = None,
    role: str | None = None,
    scope: str = "unit",
    is_superuser: bool = False,
) -> User:
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("An account with this user name already exists.")})
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email.strip(),
        position=position.strip(),
        is_superuser=is_superuser,
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    vault_services.user_key_create(user=user, password=password, actor=actor)
    audit_record(
        actor=actor,
        action="accounts.account.create",
        obj=user,
        unit=unit,
        details={"username": user.username, "superuser": is_superuser},
    )
    if unit is not None and role:
        membership_add(actor=actor, user=user, unit=unit, role=role, scope=scope)
    return user


@transaction.atomic
def account_update(*, actor, account: User, full_name: str, email: str, position: str) -> User:
    before = {"full_name": account.full_name, "email": account.email, "position": account.position}
    account.full_name, account.email, account.position = full_name.strip(), email.strip(), position.strip()
    account.save(update_fields=["full_name", "email", "position"])
    after = {"full_name": account.full_name, "email": account.email, "position": account.position}
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changes:
        audit_record(actor=actor, action="accounts.account.update", obj=account, details=changes)
    return account


@transaction.atomic
def account_set_active(*, actor, account: User, active: bool, reason: str) -> User:
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    account.is_active = active
    account.save(update_fields=["is_active"])
    action = "accounts.account.reactivate" if active else "accounts.account.deactivate"
    audit_record(actor=actor, action=action, obj=account, reason=reason)
    return account


@transaction.atomic
def account_set_password(
    *, actor, account: User, password: str, old_password: str | None = None, reason: str = ""
) -> User:
    """A change by the owner (``old_password`` given) keeps their key pair, resealed under the new
    password. A reset by an administrator cannot open the old key: the person gets a new one and
    regains access to sealed records as colleagues or the recovery key grant it again."""
    password_validation.validate_password(password, account)
    account.set_password(password)
    account.save(update_fields=["password"])
    if old_password is not None:
        vault_services.user_key_reseal(user=account, old_password=old_password, new_password=password)
        action = "accounts.password.change"
    else:
        vault_services.user_key_create(user=account, password=password, actor=actor)
        action = "accounts.password.reset"
    audit_record(actor=actor, action=action, obj=account, reason=reason)
    return account


@transaction.atomic
def membership_add(
    *,
    actor,
    user: User,
    unit: Unit,
    role: str,
    scope: str = "unit",
    valid_from: datetime.date | None = None,
) -> Membership:
    valid_from = valid_from or timezone.localdate()
    duplicate = Membership.objects.active(valid_from).filter(user=user, unit=unit, role=role, scope=scope)
    if duplicate.exists():
        raise ValidationError(_("This account already holds that role in that unit."))
    membership = Membership.objects.create(user=user, unit=unit, role=role, scope=scope, valid_from=valid_from)
    audit_record(
        actor=actor,
        action="accounts.membership.add",
        obj=user,
        unit=unit,
        details={"membership": membership.pk, "role": role, "scope": scope, "valid_from": valid_from.isoformat()},
    )
    return membership


@transaction.atomic
def membership_end(*, actor, membership: Membership, reason: str, valid_to: datetime.date | None = None) -> Membership:
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    valid_to = valid_to or timezone.localdate()
    if valid_to < membership.valid_from:
        raise ValidationError({"valid_to": _("A role cannot end before it starts.")})
    membership.valid_to = valid_to
    membership.save(update_fields=["valid_to"])
    if membership.role in ORIGINAL_ROLES and valid_to <= timezone.localdate():
        case_services.petition_access_revoke_stale(user=membership.user)
    if membership.role == Role.CUSTODIAN and valid_to <= timezone.localdate():
        from protection.services import protection_access_revoke_stale  # protection builds on accounts

        protection_access_revoke_stale(user=membership.user)
    audit_record(
        actor=actor,
        action="accounts.membership.end",
        obj=membership.user,
        unit=membership.unit,
        reason=reason,
        details={"membership": membership.pk, "role": membership.role, "valid_to": membership.valid_to.isoformat()},
    )
    return membership


# Sign-in throttling: keyed by the account name typed, never by address.


def login_locked_until(username: str) -> datetime.datetime | None:
    row = LoginThrottle.objects.filter(username=username.strip().lower()).first()
    if row and row.locked_until and row.locked_until > timezone.now():
        return row.locked_until
    return None


@transaction.atomic
def login_failed(*, username: str) -> datetime.datetime | None:
    """Count a failed sign-in; returns the end of the lock if this failure started one."""
    key = username.strip().lower()[:150]
    row, _created = LoginThrottle.objects.select_for_update().get_or_create(username=key)
    if row.locked_until and row.locked_until <= timezone.now():
        row.failures, row.locked_until = 0, None
    row.failures += 1
    started = None
    if row.failures >= settings.LOGIN_MAX_FAILURES and row.locked_until is None:
        row.locked_until = started = timezone.now() + datetime.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
    row.save()
    account = User.objects.filter(username__iexact=key).first()
    if account is not None:
        audit_record(actor=None, action="accounts.login.failed", obj=account, details={"failures": row.failures})
        if started:
            audit_record(
                actor=None, action="accounts.login.locked", obj=account, details={"until": started.isoformat()}
            )
    return started


@transaction.atomic
def login_succeeded(*, user: User) -> None:
    LoginThrottle.objects.filter(username=user.username.lower()).delete()
    audit_record(actor=user, action="accounts.login", obj=user)


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed device for enrolment; replaces any earlier unconfirmed one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice) -> TOTPDevice:
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action="accounts.2fa.enable", obj=user)
    return device


@transaction.atomic
def totp_devices_reset(*, actor, account: User, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    TOTPDevice.objects.filter(user=account).delete()
    audit_record(actor=actor, action="accounts.2fa.reset", obj=account, reason=reason)
