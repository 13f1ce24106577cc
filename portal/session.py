"""The reporter's follow-up session on the web: a cookie that carries the token of
``cases.services.portal_session_start``, and a form token derived from it.

The pages after sign-in send ``Referrer-Policy: no-referrer``, so browsers post their forms with
``Origin: null``, which Django's CSRF check refuses. Those forms therefore carry a token derived from
the session token instead (the cookie is HttpOnly and SameSite=Strict, so another site can neither
read it nor send it): no CSRF cookie is needed at all.
"""

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

COOKIE_NAME = "baove_portal"
COOKIE_PATH = "/portal/"


def token_from(request) -> str:
    return request.COOKIES.get(COOKIE_NAME, "")


def cookie_set(response, token: str) -> None:
    """A browser-session cookie (no max_age): it goes when the browser closes."""
    response.set_cookie(
        COOKIE_NAME,
        token,
        path=COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def cookie_clear(response) -> None:
    response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, samesite="Strict")


def form_token(token: str) -> str:
    return salted_hmac("portal.form", token, algorithm="sha256").hexdigest()


def form_token_valid(token: str, value: str) -> bool:
    return bool(token) and constant_time_compare(form_token(token), value or "")
