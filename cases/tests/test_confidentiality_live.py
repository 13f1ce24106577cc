"""Issue 3's proof: a report sent to a real server leaves no trace of who sent it.

A gunicorn server runs on a throwaway data folder (SQLite file, or a fresh PostgreSQL database when
the suite runs on PostgreSQL). A report carrying unique markers in the name, ID number, phone,
e-mail and content is sent through the JSON API; then the database file (or a pg_dump), every file
of the data folder and the server's own output are searched for the markers and for the receipt.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.skipif(not (ROOT / ".venv").exists(), reason="needs the project's virtual environment")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_database(base_url: str) -> str:
    import psycopg

    name = f"baove_live_{secrets.token_hex(4)}"
    with psycopg.connect(base_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return base_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def live_server_env(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BAOVE_", "DJANGO_", "PYTEST"))}
    env.update(
        BAOVE_DEMO="1",
        BAOVE_DATA_DIR=str(tmp_path / "data"),
        VAULT_KDF_TIME_COST="1",
        VAULT_KDF_MEMORY_KIB="1024",
        RECEIPT_ARGON2_TIME_COST="1",
        RECEIPT_ARGON2_MEMORY_KIB="1024",
        DJANGO_SETTINGS_MODULE="baove.settings",
    )
    env.pop("DATABASE_URL", None)
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        env["DATABASE_URL"] = _postgres_database(base)
    python = str(ROOT / ".venv" / "bin" / "python")
    for command in (["migrate", "--noinput", "-v", "0"], ["demo"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    return env


def _dump_database(env: dict, data_dir: Path) -> bytes:
    url = env.get("DATABASE_URL")
    if not url:
        return b""
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))[-1]
    return subprocess.run([str(pg_bin), "--inserts", url], check=True, capture_output=True).stdout


def test_a_report_through_the_api_leaves_no_identity_in_database_files_or_logs(live_server_env, tmp_path):
    marker = uuid.uuid4().hex[:12].upper()
    id_number = f"079{secrets.randbelow(10**9):09d}"
    phone = f"09{secrets.randbelow(10**8):08d}"
    report = {
        "kind": "denunciation",
        "subject": "corruption",
        "unit": "KKT-AG",
        "content": f"Tôi là Nguyễn Văn {marker}, điện thoại {phone}, báo việc nhận tiền {marker}.",
        "accused": [{"name": "Trưởng phòng X", "position": "Trưởng phòng", "unit": "Ban Quản lý"}],
        "identity": {
            "full_name": f"Nguyễn Văn {marker}",
            "id_number": id_number,
            "phone": phone,
            "email": f"{marker.lower()}@example.vn",
            "address": f"Số {marker} đường Hà Hoàng Hổ",
        },
    }
    port = _free_port()
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "baove.wsgi:application", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=live_server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _attempt in range(100):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310 (loopback)
                    break
                except OSError:
                    time.sleep(0.1)
            request = urllib.request.Request(  # noqa: S310 (loopback)
                f"{base}/api/v1/portal/reports",
                data=json.dumps(report).encode(),
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
                assert response.status == 201
                receipt = json.loads(response.read())["receipt"]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    data_dir = Path(live_server_env["BAOVE_DATA_DIR"])
    haystacks = {str(path): path.read_bytes() for path in data_dir.rglob("*") if path.is_file()}
    haystacks["server output"] = log_path.read_bytes()
    haystacks["database dump"] = _dump_database(live_server_env, data_dir)
    assert any(name.endswith(".sqlite3") for name in haystacks) or haystacks["database dump"]
    needles = [marker, marker.lower(), id_number, phone, receipt.replace(" ", ""), receipt]
    for where, content in haystacks.items():
        for needle in needles:
            assert needle.encode() not in content, f"{needle!r} found in {where}"
    print(f"searched {len(haystacks)} files and streams", file=sys.stderr)
