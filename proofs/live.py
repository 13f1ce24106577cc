"""Real servers for the crash proofs, and the checks run inside their data folder.

``Gunicorn`` runs the application the way production does, in its own process group so that it can
be killed whole; ``PostgresServer`` is a throwaway PostgreSQL the test owns, so that it can stop and
start it. ``python -m proofs.live setup`` and ``python -m proofs.live check`` run inside a server's
environment (same settings, data folder and secrets): the first creates a unit with an intake
officer, the second opens every receipt it is given and says whether every petition is whole.
"""

import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
UNIT_CODE = "PROOF-TINH"
PASSWORD = "mật-khẩu-thử-nghiệm-2026"  # noqa: S105 (a throwaway test account)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path, database_url: str = "") -> dict[str, str]:
    """The environment of a demo installation on ``data_dir`` (its own secrets, cheap key hashing)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BAOVE_", "DJANGO_", "PYTEST"))}
    env.pop("DATABASE_URL", None)
    env.update(
        BAOVE_DEMO="1",
        BAOVE_DATA_DIR=str(data_dir),
        VAULT_KDF_TIME_COST="1",
        VAULT_KDF_MEMORY_KIB="1024",
        RECEIPT_ARGON2_TIME_COST="1",
        RECEIPT_ARGON2_MEMORY_KIB="1024",
        PORTAL_DEFAULT_UNIT=UNIT_CODE,
        # A setting under trial can be named here; the proofs run against the real settings.
        DJANGO_SETTINGS_MODULE=os.environ.get("PROOFS_SETTINGS_MODULE", "baove.settings"),
        LOG_LEVEL="WARNING",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def manage(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(  # noqa: S603 (the project's own interpreter and scripts)
        [str(PYTHON), *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=600
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(env: dict[str, str]) -> None:
    """Migrate the data folder's database and create the receiving unit and its intake officer."""
    manage(env, "manage.py", "migrate", "--noinput", "-v", "0")
    manage(env, "-m", "proofs.live", "setup")


class Gunicorn:
    """gunicorn with 2 workers on a free port, in a process group of its own."""

    def __init__(self, env: dict[str, str], log_path: Path, *, workers: int = 2, threads: int = 4):
        self.env, self.log_path, self.workers, self.threads = env, log_path, workers, threads
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Gunicorn":
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 (the project's own gunicorn)
            [
                str(GUNICORN),
                "baove.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ended at start:\n{self.log_path.read_text(errors='replace')}")
            status, _headers, _body = request("GET", f"{self.base}/healthz", timeout=2)
            if status == 200:
                return self
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer within a minute")

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: no shutdown code runs anywhere."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)


def request(method: str, url: str, body: dict | None = None, headers: dict | None = None, timeout: float = 30):
    """(status, headers, body) of one HTTP request; status 0 when no answer came (refused, reset)."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json", **(headers or {})} if data is not None else dict(headers or {})
    call = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(call, timeout=timeout) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except (OSError, urllib.error.URLError):
        return 0, {}, b""


# A PostgreSQL server of the test's own


def postgres_bin() -> Path:
    """Debian's PostgreSQL binaries; installed like scripts/with-postgres.sh does when missing and
    allowed (root with apt), else an error: a missing server fails the proof, it never skips it."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3].split(".")[0]))
    if not found and os.getuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", "postgresql"]
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True)  # noqa: S607
        subprocess.run(install, check=True, env=env, capture_output=True)  # noqa: S603, S607
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3].split(".")[0]))
    if not found:
        raise RuntimeError("PostgreSQL binaries not found; install Debian's postgresql package.")
    return found[-1].parent


@dataclass
class PostgresServer:
    """initdb in a temporary folder, on a free loopback port; as the postgres user when run as root."""

    workdir: Path
    port: int
    bin: Path

    @classmethod
    def create(cls) -> "PostgresServer":
        pg_bin = postgres_bin()
        workdir = Path(tempfile.mkdtemp(prefix="baove-proofs-pg-"))
        server = cls(workdir=workdir, port=free_port(), bin=pg_bin)
        if os.getuid() == 0:
            if not _has_user("postgres"):
                subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)  # noqa: S607
            shutil.chown(workdir, "postgres")
        server._run(
            "initdb", "-D", str(workdir / "data"), "-U", "baove", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
        )
        server.start()
        return server

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if os.getuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603 (PostgreSQL's own tools)

    @property
    def options(self) -> str:
        return f"-h 127.0.0.1 -p {self.port} -k {self.workdir} -c fsync=off -c max_connections=100"

    def start(self) -> None:
        log = str(self.workdir / "server.log")
        self._run("pg_ctl", "-D", str(self.workdir / "data"), "-l", log, "-w", "-s", "-o", self.options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.workdir / "data"), "-m", mode, "-w", "-s", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgres://baove@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        with contextlib.suppress(Exception):
            self.stop("immediate")
        shutil.rmtree(self.workdir, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


# Run inside a server's environment


def _setup() -> None:
    from accounts.models import Role
    from accounts.services import account_create
    from org.models import AdministrativeLevel, UnitKind
    from org.services import unit_create

    unit = unit_create(
        actor=None,
        code=UNIT_CODE,
        name="Ủy ban nhân dân tỉnh Thử Nghiệm",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=AdministrativeLevel.objects.get(code="province"),
        parent=None,
    )
    account_create(
        actor=None, username="tiepnhan", full_name="Trần Thị Nhận", password=PASSWORD, unit=unit, role=Role.INTAKE
    )


def petition_problems(petition) -> list[str]:
    """What is missing for a petition received through the portal to be whole: everything
    ``cases.services.petition_submit`` writes in its one transaction."""
    from audit.models import AuditEvent
    from cases.models import Deadline, StepKind

    problems = []
    if not bytes(petition.sealed_original):
        problems.append("no sealed original")
    if len(bytes(petition.public_key)) != 32:
        problems.append("no public key")
    if petition.reference != f"{petition.received_at.year}-{petition.pk:06d}":
        problems.append(f"a temporary reference {petition.reference!r}")
    receipt = (petition.receipt_lookup, petition.receipt_salt, petition.receipt_verifier, petition.receipt_sealed_key)
    if not all(receipt) or not petition.receipt_params:
        problems.append("no receipt")
    if not petition.keys.exists():
        problems.append("nobody holds its key")
    if petition.public_events.filter(step="received").count() != 1:
        problems.append("not exactly one 'received' step for the reporter")
    if petition.accused.count() != 1:
        problems.append(f"{petition.accused.count()} accused persons instead of 1")
    if not Deadline.objects.filter(petition=petition, step=StepKind.INITIAL_HANDLING).exists():
        problems.append("no initial-handling time limit")
    if not AuditEvent.objects.filter(action="cases.petition.receive", object_id=str(petition.pk)).exists():
        problems.append("no audit event")
    return problems


def _check(receipts: dict[str, str]) -> dict:
    """``receipts``: receipt → the marker its report's content holds."""
    from django.db import connection

    from audit.services import audit_verify_chain
    from cases.models import Petition
    from cases.services import _open_original, receipt_check

    unopened, wrong_content = [], []
    for receipt, marker in receipts.items():
        access = receipt_check(receipt)
        if access is None:
            unopened.append(receipt)
        elif marker not in _open_original(access.petition, access.private)["content"]:
            wrong_content.append(receipt)
    incomplete = {
        petition.pk: problems for petition in Petition.objects.all() if (problems := petition_problems(petition))
    }
    integrity = "not SQLite"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            integrity = cursor.execute("PRAGMA integrity_check").fetchone()[0]
    chain = audit_verify_chain()
    return {
        "petitions": Petition.objects.count(),
        "unopened": unopened,
        "wrong_content": wrong_content,
        "incomplete": incomplete,
        "integrity": integrity,
        "audit_chain": {"checked": chain.checked, "ok": chain.ok, "problem": chain.problem},
    }


def check(env: dict[str, str], receipts: dict[str, str]) -> dict:
    return json.loads(manage(env, "-m", "proofs.live", "check", stdin=json.dumps(receipts)))


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "setup":
        _setup()
    elif sys.argv[1] == "check":
        print(json.dumps(_check(json.load(sys.stdin))))
