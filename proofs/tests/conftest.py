"""Shared pieces of the proofs: the hypothesis profile, a clean throttle and media folder, and
helpers to send what a browser or an attacker would send.

The profile keeps ``make test`` fast and repeatable: a modest number of examples, no deadline (the
machine is shared), derandomised so that a green run stays green, and no example database written
into the checkout. ``PROOFS_EXPLORE=1`` explores with fresh random examples and ten times more.
"""

import contextlib
import json
import os
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import settings as hsettings

from cases.models import Petition
from cases.services import _open_original, receipt_check

_COMMON = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
}
hsettings.register_profile("proofs", max_examples=30, derandomize=True, **_COMMON)
hsettings.register_profile("proofs-explore", max_examples=300, **_COMMON)
PROFILE = hsettings.get_profile("proofs-explore" if os.environ.get("PROOFS_EXPLORE") else "proofs")


def proof(max_examples: int | None = None):
    """The proofs' hypothesis settings on one test (``max_examples`` lowers the count for slow ones)."""
    if max_examples is None or os.environ.get("PROOFS_EXPLORE"):
        return hsettings(PROFILE)
    return hsettings(PROFILE, max_examples=max_examples)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@contextlib.contextmanager
def rolled_back():
    """Run one example inside a savepoint that is undone afterwards, so that every example starts
    from the same database (hypothesis replays a failing example and expects the same outcome)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def stored_files(media_root: Path) -> set[str]:
    if not media_root.exists():
        return set()
    return {str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()}


def post_json(client: Client, name: str, body, **headers):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(reverse(name), raw, content_type="application/json", **headers)


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart body as a browser builds it, with the file names sent as given (Django's test
    client would take their base name first). Quotes and line breaks in a name are percent-escaped
    the way browsers do; everything else goes through untouched."""
    boundary = f"----proofs{uuid.uuid4().hex}"
    lines: list[bytes] = []
    for name, value in fields.items():
        lines += [
            f"--{boundary}".encode(),
            f'Content-Disposition: form-data; name="{name}"'.encode(),
            b"",
            value.encode("utf-8"),
        ]
    for field, filename, data in files:
        escaped = filename.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
        lines += [
            f"--{boundary}".encode(),
            f'Content-Disposition: form-data; name="{field}"; filename="{escaped}"'.encode("utf-8", "surrogatepass"),
            b"Content-Type: application/octet-stream",
            b"",
            data,
        ]
    lines += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(lines), f"multipart/form-data; boundary={boundary}"


def post_multipart(client: Client, url: str, fields: dict[str, str], files=()):
    body, content_type = multipart(fields, list(files))
    return client.generic("POST", url, body, content_type=content_type)


def original_by_receipt(receipt: str) -> tuple[Petition, dict, bytes]:
    """What the reporter's receipt opens: the petition, its sealed original, and its private key."""
    access = receipt_check(receipt)
    assert access is not None, "the receipt opens nothing"
    return access.petition, _open_original(access.petition, access.private), access.private
