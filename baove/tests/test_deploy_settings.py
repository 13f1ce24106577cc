"""Issue 9: the production settings pass `check --deploy`, pages carry a strict CSP, and the
server sends no banner (gunicorn run with gunicorn.conf.py, as `make run` and production do)."""

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
needs_venv = pytest.mark.skipif(not GUNICORN.exists(), reason="needs the project's virtual environment")


def production_env(data_dir: Path, **extra) -> dict:
    """A clean environment as on a server: no test, demo or debug switch, every secret set."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TMPDIR") if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="baove.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        BAOVE_RECEIPT_PEPPER=secrets.token_urlsafe(32),
        BAOVE_NOTICE_EMAIL_KEY=secrets.token_urlsafe(32),
        BAOVE_PERSON_MATCH_KEY=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS="baove.example.gov.vn,127.0.0.1",
        BAOVE_DATA_DIR=str(data_dir),
    )
    env.update(extra)
    return env


def run(env: dict, *args) -> subprocess.CompletedProcess:
    return subprocess.run([str(PYTHON), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@needs_venv
def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    result = run(production_env(tmp_path), "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name, None) for name in (
    "DEBUG", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY", "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF",
    "SILENCED_SYSTEM_CHECKS")}))
"""


@needs_venv
def test_the_production_settings_turn_on_hsts_secure_cookies_and_the_https_redirect(tmp_path):
    result = run(production_env(tmp_path), "-c", SHOW_SETTINGS)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE"):
        assert values[name] is True, name
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["X_FRAME_OPTIONS"] == "DENY" and values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert not values["SILENCED_SYSTEM_CHECKS"]

    # Behind no proxy the forwarded header is not believed; another proxy header can be named.
    result = run(production_env(tmp_path, SECURE_PROXY_SSL_HEADER=""), "-c", SHOW_SETTINGS)
    assert json.loads(result.stdout)["SECURE_PROXY_SSL_HEADER"] is None
    result = run(production_env(tmp_path, SECURE_PROXY_SSL_HEADER="X-Forwarded-Scheme"), "-c", SHOW_SETTINGS)
    assert json.loads(result.stdout)["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_SCHEME", "https"]


@pytest.mark.django_db
def test_staff_and_portal_pages_have_a_csp_without_unsafe_inline(people, client_for):
    pages = {
        "staff home": client_for(people.handler).get(reverse("home")),
        "staff audit": client_for(people.admin).get(reverse("audit:event_list")),
        "sign-in": Client().get(reverse("accounts:login")),
        "portal home": Client().get(reverse("portal:home")),
        "portal report form": Client().get(reverse("portal:submit")),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        csp = response["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, name
        directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'", name
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'", name
        assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff", name
        assert "Server" not in response, name


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str, headers: dict) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@needs_venv
@pytest.mark.parametrize("mode", ["demo", "production"])
def test_gunicorn_with_its_config_sends_no_server_banner(tmp_path, mode):
    (tmp_path / "data").mkdir()
    env = production_env(tmp_path / "data", **({"BAOVE_DEMO": "1"} if mode == "demo" else {}))
    # Pages name their static files through the collected manifest, as on a server after deployment.
    env["STATIC_ROOT"] = str(tmp_path / "static")
    subprocess.run(
        [str(GUNICORN.parent / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = _free_port()
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            https = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
            deadline = time.monotonic() + 30
            while True:
                try:
                    response = _get(port, "/healthz", https)
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.1)
            assert response.status == 200
            names = [name.lower() for name, _value in response.getheaders()]
            assert "server" not in names, response.getheaders()
            assert response.getheader("X-Content-Type-Options") == "nosniff"
            login = _get(port, "/staff/accounts/login/", https)
            assert login.status == 200 and login.getheader("Server") is None
            assert "unsafe-inline" not in login.getheader("Content-Security-Policy")
            if mode == "production":
                assert login.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains; preload"
                assert "Secure" in login.getheader("Set-Cookie", "")
                plain = _get(port, "/healthz", {"Host": "127.0.0.1"})
                assert plain.status == 301 and plain.getheader("Location") == "https://127.0.0.1/healthz"
                assert plain.getheader("Server") is None
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    output = log_path.read_text(errors="replace")
    assert "Traceback" not in output, output
    print(output, file=sys.stderr)
