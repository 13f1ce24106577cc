import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware import locale as django_locale
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: a strict CSP (no inline code) and isolation policies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not settings.DEBUG:
            response.headers.pop("Server", None)
        return response


class LocaleMiddleware(django_locale.LocaleMiddleware):
    """Vietnamese unless the person chose another language with the switcher.

    The browser's Accept-Language is ignored on purpose: officials' browsers are often English,
    and the system's working language is Vietnamese.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


_DATABASE_ERRORS = (OperationalError, InterfaceError)
_UNAVAILABLE_FLAG = "_baove_database_unavailable"


def _remember_database_error(sender, request=None, **kwargs):
    """Django turns an exception into a 500 inside whichever middleware layer it is raised in; this
    notes on the request that the cause was the database (the exception is still being handled)."""
    if request is not None and isinstance(sys.exc_info()[1], _DATABASE_ERRORS):
        setattr(request, _UNAVAILABLE_FLAG, True)


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached (restarted, failing over), answer 503 with Retry-After,
    in JSON under /api/ and as a short page elsewhere, instead of a server error. The transaction that
    failed was rolled back by the database, so nothing half-written stays; once the database is back,
    the next request connects again (CONN_HEALTH_CHECKS) without restarting the server.

    Goes right after WhiteNoiseMiddleware in MIDDLEWARE, so that it sees failures of the layers below
    it (sessions, authentication) as well as of the views.
    """

    RETRY_AFTER_SECONDS = 5

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(_remember_database_error, dispatch_uid="baove.database_unavailable")

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _UNAVAILABLE_FLAG, False):
            return self.unavailable(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, _DATABASE_ERRORS):
            return self.unavailable(request)
        return None

    def unavailable(self, request):
        logger.warning("The database is unavailable; answered 503.")
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        with translation.override(chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE):
            title = _("The system is briefly unavailable")
            text = _("Please try again in a few moments. If something you sent does not appear then, send it again.")
            language = translation.get_language()
            if request.path.startswith("/api/"):
                response = JsonResponse(
                    {"error": f"{title}. {text}"}, status=503, json_dumps_params={"ensure_ascii": False}
                )
            else:
                page = format_html(
                    '<!doctype html><html lang="{}"><head><meta charset="utf-8"><title>{}</title></head>'
                    "<body><h1>{}</h1><p>{}</p></body></html>",
                    language,
                    title,
                    title,
                    text,
                )
                response = HttpResponse(page, status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response
