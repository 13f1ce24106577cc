"""Helpers for the portal tests: a clean throttle, media in a temporary folder, and a way to see
everything the database and the storage hold."""

import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image

from cases.services import petition_private_key
from conftest import PASSWORD
from vault.services import user_key_unlock

RECEIPT_RE = re.compile(r"\b\d{4}(?: \d{4}){6}\b")
FORM_TOKEN_RE = re.compile(r'name="form_token" value="([0-9a-f]+)"')


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def portal(people):
    """A browser without cookies; the province of conftest with its intake officer and custodian."""
    return Client()


def report_data(units, **overrides) -> dict:
    data = {
        "kind": "denunciation",
        "subject": "corruption",
        "unit": units.committee.code,
        "content": "Trưởng phòng nhận tiền của doanh nghiệp để cấp phép nhanh.",
        "incident_time": "Tháng 3/2026",
        "incident_place": "Trụ sở Sở",
        "accused_0_name": "Trần Văn Bị",
        "accused_0_position": "Trưởng phòng",
        "accused_0_unit": "Sở Tài chính",
        "reporter": "anonymous",
    }
    data.update(overrides)
    return data


def receipt_in(html: str) -> str:
    found = RECEIPT_RE.search(html)
    assert found, "no receipt on the page"
    return found.group(0)


def form_token_in(html: str) -> str:
    found = FORM_TOKEN_RE.search(html)
    assert found, "no form token on the page"
    return found.group(1)


def sign_in(client: Client, receipt: str):
    return client.post(reverse("portal:follow_up"), {"receipt": receipt})


def staff_private(petition, user) -> bytes:
    return petition_private_key(
        petition=petition, user=user, user_private=user_key_unlock(user=user, password=PASSWORD)
    )


def everything_stored(media_root: Path) -> tuple[str, bytes]:
    """Every row of every table (raw SQL and through every model), and every stored file."""
    parts, blobs = [], []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from introspection)
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview | bytearray):
                        blobs.append(bytes(value))
                    else:
                        parts.append(str(value))
    for model in apps.get_models():
        for row in model._default_manager.values():
            parts.extend(str(value) for value in row.values())
    if media_root.exists():
        blobs.extend(path.read_bytes() for path in media_root.rglob("*") if path.is_file())
    return "\n".join(parts), b"\n".join(blobs)


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
