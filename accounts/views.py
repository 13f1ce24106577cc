import base64

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import forms, permissions, services
from accounts.models import Membership
from baove.forms import apply_validation_error
from cases import services as case_services
from protection import services as protection_services
from vault import services as vault_services
from vault.session import attach_unlocked_key, forget_unlocked_key


def _safe_next(request, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


@login_not_required
def login_view(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = forms.LoginForm(request.POST or None)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        locked_until = services.login_locked_until(username)
        user = (
            None if locked_until else authenticate(request, username=username, password=form.cleaned_data["password"])
        )
        if locked_until:
            form.add_error(None, _lock_message(locked_until))
        elif user is None:
            started = services.login_failed(username=username)
            form.add_error(None, _lock_message(started) if started else _("The user name or password is not correct."))
        else:
            private = vault_services.user_key_unlock(user=user, password=form.cleaned_data["password"])
            auth_login(request, user)
            services.login_succeeded(user=user)
            # The only moment this person's key is open without a request from them: seal what
            # they hold for colleagues who became entitled since (new intake officers, new keys).
            case_services.petition_access_grant_pending(actor=user, actor_private=private)
            protection_services.protection_access_grant_pending(actor=user, actor_private=private)
            if next_url:
                request.session["after_2fa"] = next_url
            response = redirect(next_url or "home")
            attach_unlocked_key(request, response, private)
            return response
    return render(request, "accounts/login.html", {"form": form, "next": next_url or ""})


def _lock_message(until) -> str:
    local = formats.date_format(timezone.localtime(until), "SHORT_DATETIME_FORMAT")
    return _(
        "Too many failed attempts: this account is locked until %(time)s. Try again then, or ask your administrator."
    ) % {"time": local}


@require_POST
@login_not_required
def logout_view(request):
    response = redirect("accounts:login")
    forget_unlocked_key(request, response)
    if request.user.is_authenticated:
        auth_logout(request)
    messages.success(request, _("You have logged out."))
    return response


def otp_verify(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:otp_setup")
    if request.user.is_verified():
        return redirect("home")
    form = forms.OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, info = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Too many wrong codes. Wait a minute, then try again."))
        elif device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(_safe_next(request, request.session.pop("after_2fa", None)) or "home")
        else:
            form.add_error("token", _("The code is not correct or has expired."))
    return render(request, "accounts/otp_verify.html", {"form": form})


def otp_setup(request):
    has_confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    if has_confirmed and not request.user.is_verified():
        # Replacing a device needs the current one first.
        return redirect("accounts:otp_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or services.totp_device_start(
        user=request.user
    )
    form = forms.OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            services.totp_device_confirm(user=request.user, device=device)
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("home")
        form.add_error("token", _("The code is not correct. Check the time on your phone and try again."))
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    required = permissions.requires_two_factor(request.user)
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr": qr,
            "required": required,
        },
    )


def security(request):
    form = forms.PasswordChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_set_password(
            actor=request.user,
            account=request.user,
            password=form.cleaned_data["new_password1"],
            old_password=form.cleaned_data["old_password"],
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:security")
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(
        request,
        "accounts/security.html",
        {"form": form, "has_device": has_device, "required": permissions.requires_two_factor(request.user)},
    )


# Account administration


def _require_account_admin(user):
    if not permissions.can_manage_accounts(user):
        raise PermissionDenied


def account_list(request):
    _require_account_admin(request.user)
    search = forms.AccountSearchForm(request.GET or None)
    accounts = permissions.accounts_visible_to(request.user).order_by("username")
    if search.is_valid():
        query = search.cleaned_data["q"].strip()
        if query:
            accounts = accounts.filter(
                Q(username__icontains=query) | Q(full_name__icontains=query) | Q(email__icontains=query)
            )
        if search.cleaned_data["role"]:
            accounts = accounts.filter(
                pk__in=Membership.objects.active().filter(role=search.cleaned_data["role"]).values("user_id")
            )
        if search.cleaned_data["status"]:
            accounts = accounts.filter(is_active=search.cleaned_data["status"] == "active")
    accounts = accounts.prefetch_related(
        Prefetch(
            "memberships", queryset=Membership.objects.active().select_related("unit"), to_attr="current_memberships"
        )
    )
    page = Paginator(accounts, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/account_list.html", {"page_obj": page, "search": search, "section": "accounts"})


def account_create(request):
    _require_account_admin(request.user)
    units = permissions.units_with_role(request.user, "admin")
    form = forms.AccountCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.account_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                position=data["position"],
                password=data["password"],
                unit=data["unit"],
                role=data["role"],
                scope=data["scope"],
            )
        except ValidationError as error:
            apply_validation_error(form, error, default_field="password")
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": account.username})
            return redirect("accounts:account_detail", account.pk)
    return render(request, "accounts/account_form.html", {"form": form, "section": "accounts"})


def account_detail(request, account_id):
    _require_account_admin(request.user)
    account = permissions.get_account_for_user(request.user, account_id)
    memberships = Membership.objects.filter(user=account).select_related("unit").order_by("-valid_to", "unit__path")
    today = timezone.localdate()
    rows = [
        {
            "membership": m,
            "active": m.is_active_on(today),
            "can_end": permissions.has_role(request.user, m.unit, "admin")
            or permissions.is_installation_admin(request.user),
        }
        for m in memberships
    ]
    return render(
        request,
        "accounts/account_detail.html",
        {
            "account": account,
            "rows": rows,
            "can_manage": permissions.can_manage_account(request.user, account),
            "membership_form": forms.MembershipForm(units=permissions.units_with_role(request.user, "admin")),
            "edit_form": forms.AccountEditForm(
                initial={"full_name": account.full_name, "position": account.position, "email": account.email}
            ),
            "has_device": TOTPDevice.objects.filter(user=account, confirmed=True).exists(),
            "section": "accounts",
        },
    )


@require_POST
def account_edit(request, account_id):
    account = permissions.get_account_for_user(request.user, account_id, manage=True)
    form = forms.AccountEditForm(request.POST)
    if form.is_valid():
        services.account_update(actor=request.user, account=account, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        messages.error(
            request,
            _("Not saved: %(errors)s") % {"errors": "; ".join(e for errs in form.errors.values() for e in errs)},
        )
    return redirect("accounts:account_detail", account.pk)


@require_POST
def membership_add(request, account_id):
    _require_account_admin(request.user)
    account = permissions.get_account_for_user(request.user, account_id)
    form = forms.MembershipForm(request.POST, units=permissions.units_with_role(request.user, "admin"))
    if form.is_valid():
        try:
            services.membership_add(actor=request.user, user=account, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Role added."))
    else:
        messages.error(
            request,
            _("Not saved: %(errors)s") % {"errors": "; ".join(e for errs in form.errors.values() for e in errs)},
        )
    return redirect("accounts:account_detail", account.pk)


def membership_end(request, account_id, membership_id):
    _require_account_admin(request.user)
    account = permissions.get_account_for_user(request.user, account_id)
    membership = get_object_or_404(
        Membership.objects.active().select_related("unit", "user"), pk=membership_id, user=account
    )
    if not (
        permissions.is_installation_admin(request.user) or permissions.has_role(request.user, membership.unit, "admin")
    ):
        raise PermissionDenied
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.membership_end(actor=request.user, membership=membership, reason=form.cleaned_data["reason"])
        messages.success(request, _("Role ended."))
        return redirect("accounts:account_detail", account.pk)
    return render(
        request,
        "accounts/confirm_reason.html",
        {
            "form": form,
            "account": account,
            "title": _("End role: %(role)s in %(unit)s")
            % {"role": membership.get_role_display(), "unit": membership.unit},
            "section": "accounts",
        },
    )


def account_set_active(request, account_id, active):
    account = permissions.get_account_for_user(request.user, account_id, manage=True)
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.account_set_active(
            actor=request.user, account=account, active=active, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Account reactivated.") if active else _("Account deactivated."))
        return redirect("accounts:account_detail", account.pk)
    title = _("Reactivate account %(name)s") if active else _("Deactivate account %(name)s")
    return render(
        request,
        "accounts/confirm_reason.html",
        {"form": form, "account": account, "title": title % {"name": account.username}, "section": "accounts"},
    )


def account_reset_2fa(request, account_id):
    account = permissions.get_account_for_user(request.user, account_id, manage=True)
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.totp_devices_reset(actor=request.user, account=account, reason=form.cleaned_data["reason"])
        messages.success(request, _("Two-factor authentication reset: the person enrols again at the next sign-in."))
        return redirect("accounts:account_detail", account.pk)
    title = _("Reset two-factor authentication of %(name)s") % {"name": account.username}
    return render(
        request,
        "accounts/confirm_reason.html",
        {"form": form, "account": account, "title": title, "section": "accounts"},
    )


def account_reset_password(request, account_id):
    account = permissions.get_account_for_user(request.user, account_id, manage=True)
    form = forms.PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_set_password(
                actor=request.user,
                account=account,
                password=form.cleaned_data["password"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_validation_error(form, error, default_field="password")
        else:
            messages.success(request, _("Password reset."))
            return redirect("accounts:account_detail", account.pk)
    title = _("Set a new password for %(name)s") % {"name": account.username}
    return render(
        request,
        "accounts/confirm_reason.html",
        {"form": form, "account": account, "title": title, "section": "accounts"},
    )
