"""Crash safety on real servers: gunicorn killed with SIGKILL in the middle of a burst of reports,
and PostgreSQL restarted under load.

What a reporter was told must hold: every receipt answered with 201 before the crash opens its
report afterwards, and the report's sealed content is the one sent. What the database holds must be
whole: no petition without its sealed original, its keys, its receipt, its "received" step, its time
limit or its audit event (``proofs.live.petition_problems``), an audit chain that verifies, and for
SQLite a file that passes ``PRAGMA integrity_check``.

The SIGKILL proof runs on the suite's database (a SQLite file, or a fresh database on the suite's
PostgreSQL); the restart proof on a PostgreSQL server of its own, which it stops and starts.
"""

import json
import os
import secrets
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from proofs.live import Gunicorn, PostgresServer, check, prepare, request, server_env

REPORTS = "/api/v1/portal/reports"


def report(marker: str) -> dict:
    return {
        "kind": "denunciation",
        "subject": "corruption",
        "content": f"Cán bộ phường thu tiền ngoài quy định khi cấp phép xây dựng. Mã kiểm tra {marker}.",
        "accused": [{"name": "Nguyễn Văn Thu", "position": "Cán bộ địa chính", "unit": "UBND phường"}],
        "identity": None,
    }


class Burst:
    """Clients sending reports in parallel; keeps each receipt answered with 201 and its marker."""

    def __init__(self, base: str):
        self.base = base
        self.answered: dict[str, str] = {}
        self.statuses: Counter = Counter()
        self.log: list[tuple[float, float, int, dict, bytes]] = []  # (sent, answered, status, headers, body)
        self.lock = threading.Lock()

    def send(self) -> int:
        marker = uuid.uuid4().hex[:16].upper()
        sent = time.monotonic()
        status, headers, body = request("POST", self.base + REPORTS, report(marker), timeout=30)
        with self.lock:
            self.statuses[status] += 1
            self.log.append((sent, time.monotonic(), status, headers, body))
            if status == 201:
                self.answered[json.loads(body)["receipt"]] = marker
        return status


def assert_every_receipt_opens(base: str, receipts) -> None:
    """Through the API, as the reporter: the receipt opens a session, the session reads the report."""
    for receipt in receipts:
        status, _headers, body = request("POST", base + "/api/v1/portal/session", {"receipt": receipt})
        assert status == 200, (receipt, status, body)
        token = json.loads(body)["token"]
        status, _headers, body = request(
            "GET", base + "/api/v1/portal/report", headers={"Authorization": f"Bearer {token}"}
        )
        assert status == 200 and json.loads(body)["status"] == "received", (status, body)


def assert_whole(env: dict, answered: dict[str, str]) -> dict:
    found = check(env, answered)
    assert found["unopened"] == [], "receipts answered before the crash open nothing"
    assert found["wrong_content"] == [], "receipts open a report with other content"
    assert found["incomplete"] == {}, f"half-written petitions: {found['incomplete']}"
    assert found["integrity"] in ("ok", "not SQLite")
    assert found["audit_chain"]["ok"], found["audit_chain"]
    assert found["petitions"] >= len(answered)
    return found


def _suite_database() -> str:
    """A fresh database on the suite's PostgreSQL when the suite runs on one, else '' (SQLite)."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return ""
    import psycopg

    name = f"baove_proofs_{secrets.token_hex(4)}"
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


def test_sigkill_in_the_middle_of_a_burst_loses_no_answered_report(tmp_path):
    env = server_env(tmp_path / "data", _suite_database())
    prepare(env)
    server = Gunicorn(env, tmp_path / "server.log").start()
    burst = Burst(server.base)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(burst.send) for _ in range(120)]
            deadline = time.monotonic() + 120
            while len(burst.answered) < 25 and time.monotonic() < deadline:
                time.sleep(0.01)
            server.kill()
            for future in futures:
                future.result()
    finally:
        server.stop()
    answered = dict(burst.answered)
    assert len(answered) >= 25, burst.statuses
    assert burst.statuses[0] > 0, "the kill came after the burst, not in its middle"
    assert set(burst.statuses) <= {201, 0}, burst.statuses

    again = Gunicorn(env, tmp_path / "server.log").start()
    try:
        assert_every_receipt_opens(again.base, answered)
        status, _headers, _body = request("POST", again.base + REPORTS, report("AFTER-RESTART"))
        assert status == 201
    finally:
        again.stop()
    found = assert_whole(env, answered)
    print(
        f"{len(answered)} receipts answered before SIGKILL, {burst.statuses[0]} requests cut off; "
        f"{found['petitions'] - 1} petitions whole afterwards"
    )


@pytest.fixture
def own_postgres():
    server = PostgresServer.create()
    yield server
    server.destroy()


def test_postgresql_restarted_under_load_answers_503_then_recovers_by_itself(tmp_path, own_postgres):
    env = server_env(tmp_path / "data", own_postgres.create_database("baove_proofs"))
    prepare(env)
    server = Gunicorn(env, tmp_path / "server.log").start()
    burst = Burst(server.base)
    stop = threading.Event()

    def keep_sending():
        while not stop.is_set():
            burst.send()

    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            senders = [pool.submit(keep_sending) for _ in range(6)]
            deadline = time.monotonic() + 120
            while len(burst.answered) < 15 and time.monotonic() < deadline:
                time.sleep(0.01)
            before_outage = dict(burst.answered)

            own_postgres.stop("fast")
            down_at = time.monotonic()
            time.sleep(3)
            health, health_headers, _body = request("GET", server.base + "/healthz")
            # ``pg_ctl start -w`` notices that the server is ready up to a poll later: a report can be
            # received and answered in between, so the outage ends when the start begins.
            restart_at = time.monotonic()
            own_postgres.start()
            up_at = time.monotonic()

            deadline = up_at + 60
            while time.monotonic() < deadline and not any(
                s == 201 and sent > up_at for sent, _a, s, _h, _b in burst.log
            ):
                time.sleep(0.05)
            recovered_at = time.monotonic()
            time.sleep(3)
            stop.set()
            for sender in senders:
                sender.result()
        # The same server, never restarted: what it answered before the outage still opens.
        assert_every_receipt_opens(server.base, before_outage)
        # A restart while nobody sends anything: the connections the server keeps are stale, and the
        # first report after it must not pay for that (CONN_HEALTH_CHECKS).
        own_postgres.stop("fast")
        own_postgres.start()
        quiet = [burst.send() for _ in range(16)]
    finally:
        stop.set()
        server.stop()

    assert len(before_outage) >= 15
    assert set(burst.statuses) <= {201, 503}, f"answers other than 201 and 503: {burst.statuses}"
    during = [entry for entry in burst.log if down_at + 0.5 < entry[0] and entry[1] < restart_at]
    assert during and all(status == 503 for _s, _a, status, _h, _b in during)
    for _sent, _answered, _status, headers, body in during:
        assert headers.get("Retry-After") and json.loads(body)["error"]
    assert health == 503 and health_headers.get("Retry-After")
    assert recovered_at - up_at < 60, "no report was received after PostgreSQL came back"
    after = [status for sent, _a, status, _h, _b in burst.log if sent > recovered_at]
    assert after and set(after) == {201}, f"after recovery: {Counter(after)}"
    assert quiet == [201] * len(quiet), f"after a restart without load: {Counter(quiet)}"
    assert_whole(env, burst.answered)
    print(
        f"{len(before_outage)} receipts before the restart, {len(during)} answers of 503 while it was down, "
        f"receiving again {recovered_at - up_at:.1f} s after it was back; {Counter(burst.statuses)}"
    )
