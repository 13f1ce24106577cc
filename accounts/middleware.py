from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from accounts.permissions import requires_two_factor

# Paths an account that still owes its second factor may reach.
_OPEN_NAMES = ("accounts:otp_verify", "accounts:otp_setup", "accounts:logout", "set_language")


class TwoFactorRequiredMiddleware:
    """Fails closed: a signed-in account that has, or must have, a second factor and has not
    presented it this session reaches nothing but the 2FA pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._is_open(request.path):
            if user_has_device(user, confirmed=True):
                return redirect("accounts:otp_verify")
            if requires_two_factor(user):
                return redirect("accounts:otp_setup")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        # The public side is open to everyone, a half-signed-in official included.
        return path.startswith(("/static/", "/portal/", "/api/v1/")) or any(
            path == reverse(name) for name in _OPEN_NAMES
        )
