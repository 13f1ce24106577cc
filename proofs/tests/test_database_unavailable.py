"""While the database is unreachable the system says so (503, Retry-After), wherever the failure
happens: in a view, or in a middleware layer below (the staff session). Other errors stay errors.

The live proof (test_crash_live) restarts a real PostgreSQL under load; these pin the behaviour in
process, on SQLite and PostgreSQL alike.
"""

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

from cases.models import Petition
from proofs.tests.conftest import post_json

pytestmark = pytest.mark.django_db
MIDDLEWARE = "baove.middleware.DatabaseUnavailableMiddleware"
BODY = {"kind": "feedback", "subject": "waste", "content": "Lãng phí xăng xe công.", "unit": "UBND-HB"}


def test_the_settings_answer_503_and_reconnect_by_themselves():
    """The middleware sits right after WhiteNoise, so that it sees failures of every layer below;
    connections are checked before use, so that a restarted database costs no request."""
    stack = django_settings.MIDDLEWARE
    assert MIDDLEWARE in stack
    assert stack.index(MIDDLEWARE) == stack.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
    assert django_settings.DATABASES["default"].get("CONN_HEALTH_CHECKS") is True


@pytest.fixture
def installed(settings):
    """The middleware in place, whatever the settings say (their test is the one above)."""
    if MIDDLEWARE not in settings.MIDDLEWARE:
        stack = list(settings.MIDDLEWARE)
        stack.insert(stack.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, MIDDLEWARE)
        settings.MIDDLEWARE = stack


def _fail_with(error):
    def fail(*args, **kwargs):
        raise error

    return fail


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("closed")])
def test_a_report_sent_while_the_database_is_down_gets_503_in_json(installed, people, monkeypatch, error):
    monkeypatch.setattr("portal.api.petition_submit", _fail_with(error))

    response = post_json(Client(raise_request_exception=False), "api:reports", BODY)

    assert response.status_code == 503
    assert response["Retry-After"] == "5" and response["Cache-Control"] == "no-store"
    assert response.json()["error"].startswith("Hệ thống đang tạm thời gián đoạn")
    assert not Petition.objects.exists()


def test_a_staff_page_whose_session_cannot_be_read_gets_a_503_page(installed, people, client_for, monkeypatch):
    client = client_for(people.intake)
    client.raise_request_exception = False
    monkeypatch.setattr(
        SessionStore, "_get_session_from_db", _fail_with(OperationalError("the database is starting up"))
    )

    response = client.get(reverse("cases:petition_list"))

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="vi">' in html and "<script" not in html
    assert "<h1>Hệ thống đang tạm thời gián đoạn</h1>" in html
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


def test_the_health_check_says_503_while_the_database_is_down(installed, monkeypatch):
    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", _fail_with(OperationalError("no server")))

    response = Client(raise_request_exception=False).get("/healthz")

    assert response.status_code == 503


def test_other_errors_stay_server_errors(installed, people, monkeypatch):
    monkeypatch.setattr("portal.api.petition_submit", _fail_with(RuntimeError("a bug")))

    response = post_json(Client(raise_request_exception=False), "api:reports", BODY)

    assert response.status_code == 500
    assert "Retry-After" not in response
