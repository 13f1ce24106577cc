"""Schemathesis against the portal API's own description (``/api/v1/schema/``).

The schema is read from the running application (through WSGI, as a client would read it), then
every operation is called with data generated from it, valid and invalid, a bounded number of
times. Every answer must be documented: no server error, a status code and content type the
schema lists, a body and headers that match it. Wrong receipts may be throttled (429): that is
documented too. A bearer token of a real report is given, so that the follow-up operations are
exercised past their 401.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.openapi import SCHEMA
from proofs.tests.conftest import post_json

pytestmark = pytest.mark.django_db
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def test_the_served_schema_is_the_one_in_the_code(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response.json() == SCHEMA


@pytest.fixture
def bearer(people, settings):
    """A token of a real report, so that the follow-up operations are exercised past their 401; and a
    unit for reports to no unit, so that they are received (else 503: nobody could open them)."""
    settings.PORTAL_DEFAULT_UNIT = "UBND-HB"
    cache.clear()
    body = {"kind": "feedback", "subject": "waste", "content": "Lãng phí xăng xe công.", "unit": "UBND-HB"}
    created = post_json(Client(), "api:reports", body)
    token = post_json(Client(), "api:session", {"receipt": created.json()["receipt"]}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


class WSGIInsideTheTest:
    """Django's WSGI handler inside the test's transaction: like Django's test client, it keeps the
    handler from closing the database connection at the start and end of each request."""

    def __init__(self):
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]


# The schema in the code is the one served (tested above); it is loaded here without a request, as
# tests are collected before any database exists. Calls go through Django's WSGI handler.
schema = schemathesis.openapi.from_dict(SCHEMA)
schema.app = WSGIInsideTheTest()
schema.config.generation.update(modes=["positive", "negative"], max_examples=25, deterministic=True)


@schema.parametrize()
@settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_documented(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
