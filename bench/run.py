"""The benchmarks of issue 8 (run by ``bench/bench.sh``, i.e. ``make bench``).

Each prints its figure next to a baseline measured in the same run on the same machine and data:

- build: ``manage.py synth`` rows per second;
- review: the Directive 27 review and the Regulation 11 appendices (``reporting.engine.fill`` on the
  built-in templates) for the whole country and for one province, against one hand-written SQL
  aggregate over the petitions table for the same window and subtree;
- lists: staff worklists and the petition search (first page, a deep page, with filters), median
  and 95th percentile of the whole request in-process, against the hand-written SQL of the same
  first page;
- portal: submissions per second over HTTP against the ceiling set by the receipt hash (cores ÷
  time of one Argon2id hash with the production parameters);
- exports: Word and XLSX of the consolidated review, against writing an empty document with the
  same library;
- pages: staff pages under 20 concurrent signed-in users over the loopback (gunicorn as in
  production), median and 95th percentile, against /healthz under the same load.

Timings never fail the run (STYLE.md: benchmarks are not tests). Environment: BENCH_PETITIONS
(100000), BENCH_UNITS (5000), BENCH_SEED (1), BENCH_ONLY (comma-separated names),
BENCH_LOAD_SECONDS (30), BENCH_REPEAT (5), BENCH_JSON (a file for the figures).
"""

import base64
import datetime
import html
import io
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
PETITIONS = int(os.environ.get("BENCH_PETITIONS", "100000"))
UNITS = int(os.environ.get("BENCH_UNITS", "5000"))
SEED = int(os.environ.get("BENCH_SEED", "1"))
ONLY = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()}
LOAD_SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "30"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
FIGURES: list[dict] = []


def wanted(name: str) -> bool:
    return not ONLY or name in ONLY


def timed(fn, repeat: int = REPEAT) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:,.1f} ms"


def report(group: str, name: str, value: str, baseline: str, ratio: float | None, target: str = "", **raw) -> None:
    FIGURES.append(
        {"group": group, "name": name, "value": value, "baseline": baseline, "ratio": ratio, "target": target, **raw}
    )
    ratio_text = f"{ratio:,.1f}×" if ratio is not None else "–"
    print(f"  {name:<46} {value:>22}   baseline {baseline:>18}   ratio {ratio_text:>7}   {target}", flush=True)


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, load average {load:.1f} at the start"


# The country


def build_country():
    from django.core.management import call_command

    from org.models import Unit  # noqa: I001 (after django.setup)
    from synth.common import ROOT_CODE
    from synth.generate import build

    call_command("migrate", verbosity=0)
    if Unit.objects.filter(code=ROOT_CODE).exists():
        print(f"The synthetic country is already in this database: reusing it ({PETITIONS:,} petitions asked).")
        return
    print(f"Building the synthetic country: {UNITS:,} units, {PETITIONS:,} petitions, seed {SEED}.", flush=True)
    result = build(units=UNITS, petitions=PETITIONS, seed=SEED, log=lambda line: print("  " + line, flush=True))
    report(
        "build",
        "synth: rows written",
        f"{result.rows:,} rows in {result.seconds:.0f} s",
        f"{result.counts['petitions']:,} petitions",
        None,
        rows_per_second=result.rows_per_second,
        petitions_per_second=result.counts["petitions"] / result.seconds,
    )
    rate = result.counts["petitions"] / result.seconds
    print(f"  => {result.rows_per_second:,.0f} rows/s, {rate:,.0f} petitions/s")


class Scene:
    """The units, people and window the benchmarks use."""

    def __init__(self):
        from django.db.models import Count

        from accounts.models import Membership, Role, Scope, User
        from cases.models import Petition
        from org.models import Unit
        from synth.common import ROOT_CODE

        self.country = Unit.objects.get(code=ROOT_CODE)
        counts = _petitions_by_province(self.country)
        self.province = Unit.objects.get(pk=max(counts, key=counts.get))
        self.province_petitions = counts[self.province.pk]
        self.date_from = datetime.date(2019, 1, 1)
        self.date_to = Petition.objects.order_by("-received_at").values_list("received_at", flat=True).first().date()
        members = Membership.objects.filter(unit=self.province)
        self.deputy = members.get(role=Role.DEPUTY_HEAD).user
        self.custodian = members.get(role=Role.CUSTODIAN).user
        self.intake = members.filter(role=Role.INTAKE).order_by("pk").first().user
        self.handler = (
            User.objects.filter(memberships__unit=self.province, memberships__role=Role.HANDLER)
            .annotate(n=Count("assignments"))
            .order_by("-n")
            .first()
        )
        # The province's intake office registers for the whole province (its own officer, subtree).
        Membership.objects.get_or_create(
            user=self.intake,
            unit=self.province,
            role=Role.INTAKE,
            scope=Scope.SUBTREE,
            defaults={"valid_from": datetime.date(2018, 1, 1)},
        )
        self.petition = Petition.objects.filter(unit__path__startswith=self.province.path, matter__isnull=False).last()


def _petitions_by_province(country) -> dict:
    from cases.models import Petition
    from org.models import Unit

    return {
        province.pk: Petition.objects.filter(unit__path__startswith=province.path).count()
        for province in Unit.objects.filter(parent=country)
    }


def sign_in(user):
    """A session as after a real sign-in with a second factor and the vault unlocked (conftest.signed_in)."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from baove.lib import crypto
    from synth.common import SYNTH_PASSWORD
    from vault import session as vault_session
    from vault.services import user_key_unlock

    client = Client()
    client.force_login(user)
    private = user_key_unlock(user=user, password=SYNTH_PASSWORD)
    mask = os.urandom(len(private))
    client.cookies[vault_session.COOKIE_NAME] = base64.b64encode(mask).decode()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[vault_session.SESSION_KEY] = base64.b64encode(crypto.xor(private, mask)).decode()
    session.save()
    cookies = {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        vault_session.COOKIE_NAME: client.cookies[vault_session.COOKIE_NAME].value,
    }
    return client, cookies


# The review


def bench_review(scene: Scene) -> None:
    from django.db import connection
    from django.utils import timezone

    from reporting import engine
    from reporting.models import ReportTemplate

    print(
        "\nReview (reporting.engine.fill on the built-in templates), whole window "
        f"{scene.date_from:%d/%m/%Y}–{scene.date_to:%d/%m/%Y}:",
        flush=True,
    )
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(scene.date_from, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(scene.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    sql = (
        "SELECT p.kind, p.subject, p.channel, COUNT(*) FROM cases_petition p JOIN org_unit u ON u.id = p.unit_id "
        "WHERE u.path LIKE %s AND p.received_at >= %s AND p.received_at < %s GROUP BY p.kind, p.subject, p.channel"
    )

    def baseline(unit):
        with connection.cursor() as cursor:
            cursor.execute(sql, [unit.path + "%", start, end])
            return cursor.fetchall()

    scene.reports = {}
    for scope, unit in (("country", scene.country), ("province", scene.province)):
        base = statistics.median(timed(lambda unit=unit: baseline(unit)))
        for code, label in (("d27-review", "Directive 27 review"), ("r11-review", "Regulation 11 appendices")):
            template = ReportTemplate.objects.filter(code=code).order_by("-version").first()
            if template is None:
                print(f"  {label}: template {code} missing")
                continue
            filled = []

            def fill(template=template, unit=unit, filled=filled):
                filled.append(engine.fill(template, unit=unit, date_from=scene.date_from, date_to=scene.date_to))

            runs = timed(fill, repeat=min(3, REPEAT))
            errors = engine.errors_of(filled[-1])
            scene.reports[code, scope] = filled[-1]
            value = statistics.median(runs)
            target = "target ≤ 2 s and ≤ 5× SQL" if (code, scope) == ("d27-review", "country") else ""
            report(
                "review",
                f"{label}, {scope}",
                f"{value:.2f} s",
                ms(base),
                value / base,
                target,
                seconds=value,
                baseline_seconds=base,
                errors=errors,
            )
            if errors:
                print(f"    ({len(errors)} figures could not be computed: {errors[:3]})")


# Worklists and search, in-process


def bench_lists(scene: Scene) -> None:
    from django.db import connection

    print(
        f"\nWorklists and search ({scene.province.name}: {scene.province_petitions:,} petitions), whole request "
        f"in-process, {REPEAT * 4} requests each:",
        flush=True,
    )
    clients = {
        "intake": sign_in(scene.intake)[0],
        "deputy": sign_in(scene.deputy)[0],
        "handler": sign_in(scene.handler)[0],
    }
    sql = (
        "SELECT p.id, p.reference, p.received_at FROM cases_petition p JOIN org_unit u ON u.id = p.unit_id "
        "WHERE u.path LIKE %s ORDER BY p.received_at DESC, p.id DESC LIMIT 50"
    )

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(sql, [scene.province.path + "%"])
            return cursor.fetchall()

    base = statistics.median(timed(baseline, repeat=REPEAT * 4))

    def deep(client, path: str, pages: int) -> str:
        """The path of the page ``pages`` pages down, following the "next" links."""
        for _ in range(pages):
            text = client.get(path).content.decode()
            found = [html.unescape(href) for href in re.findall(r'href="([^"]*cursor=[^"]*)"', text)]
            if not found:
                break
            path = found[-1] if found[-1].startswith("/") else path.split("?")[0] + found[-1]
        return path

    since = (scene.date_to - datetime.timedelta(days=365)).strftime("%d/%m/%Y")
    cases = [
        ("worklist to classify, first page", "intake", "/staff/petitions/work/to_classify/"),
        ("worklist overdue, first page", "deputy", "/staff/petitions/work/overdue/"),
        ("worklist decisions, first page", "deputy", "/staff/petitions/work/decisions/"),
        ("worklist assigned to me, first page", "handler", "/staff/petitions/work/mine/"),
        (
            "worklist to classify, filtered",
            "intake",
            f"/staff/petitions/work/to_classify/?kind=denunciation&subject=corruption&received_from={since}",
        ),
        (
            "worklist overdue, filtered + search",
            "deputy",
            "/staff/petitions/work/overdue/?q=b%E1%BB%93i+th%C6%B0%E1%BB%9Dng",
        ),
        ("petition list, first page", "deputy", "/staff/petitions/"),
        ("petition search, first page", "deputy", "/staff/petitions/?q=" + urllib.parse.quote("bồi thường")),
        (
            "petition search, filtered",
            "deputy",
            "/staff/petitions/?q=" + urllib.parse.quote("công trình") + f"&kind=denunciation&received_from={since}",
        ),
        ("petition list, page 100", "deputy", "/staff/petitions/?page=100"),
    ]
    deep_path = deep(clients["deputy"], "/staff/petitions/work/overdue/", 20)
    cases.insert(4, ("worklist overdue, page 21", "deputy", deep_path))
    for name, who, path in cases:
        client = clients[who]
        response = client.get(path)
        if response.status_code != 200:
            report("lists", name, f"HTTP {response.status_code}", ms(base), None, path=path)
            continue
        runs = timed(lambda c=client, p=path: c.get(p), repeat=REPEAT * 4)
        median, p95 = statistics.median(runs), sorted(runs)[int(0.95 * (len(runs) - 1) + 0.5)]
        report(
            "lists",
            name,
            f"{ms(median)} / p95 {ms(p95)}",
            ms(base),
            p95 / base,
            "target p95 ≤ 150 ms",
            median=median,
            p95=p95,
            baseline_seconds=base,
            path=path,
        )


# The live server


class Server:
    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = dict(os.environ, PORTAL_DEFAULT_UNIT="", LOG_LEVEL="ERROR")
        self.process = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=env,
        )
        import http.client

        for _ in range(300):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def bench_portal(scene: Scene, server: Server) -> None:
    from django.conf import settings

    from bench.load import run
    from cases import receipts
    from org.models import Unit

    print("\nPortal submissions over HTTP (gunicorn as configured in gunicorn.conf.py):", flush=True)
    params = receipts.params_string()
    salt = receipts.new_salt()
    hash_time = statistics.median(timed(lambda: receipts.derive("0" * receipts.SECRET_DIGITS, salt, params), 5))
    cores = os.cpu_count() or 1
    ceiling = cores / hash_time
    commune = Unit.objects.filter(path__startswith=scene.province.path, level__code="commune").order_by("pk").first()
    body = urllib.parse.urlencode(
        {
            "kind": "denunciation",
            "subject": "corruption",
            "unit": commune.code,
            "reporter": "anonymous",
            "content": "Phản ánh cán bộ địa chính xã nhận tiền khi giải quyết hồ sơ đất đai (thử tải).",
        }
    ).encode()
    users = [{} for _ in range(cores * 4)]
    result = run(
        host="127.0.0.1",
        port=server.port,
        users=users,
        paths=["/portal/report/"],
        method="POST",
        body_for=lambda i, s: (body, "application/x-www-form-urlencoded"),
        seconds=max(10.0, LOAD_SECONDS / 2),
        max_requests=400,
    )
    rate = result.rate
    report(
        "portal",
        "portal submissions per second",
        f"{rate:.2f}/s (p95 {ms(result.p95)})",
        f"{ceiling:.2f}/s ceiling",
        rate / ceiling,
        "target ≥ 80 % of the ceiling",
        rate=rate,
        ceiling=ceiling,
        hash_seconds=hash_time,
        argon2=settings.RECEIPT_ARGON2,
        errors=result.errors,
    )
    print(
        f"    one Argon2id hash ({params}) takes {ms(hash_time)}; {cores} cores; "
        f"{len(result.latencies)} submissions in {result.seconds:.1f} s; {rate / ceiling:.0%} of the ceiling"
    )
    if result.errors:
        print(f"    errors: {result.errors}")


THINK = (1.0, 5.0)  # seconds a person reads a page before the next click (locust's between(1, 5))


def bench_pages(scene: Scene, server: Server) -> None:
    from bench.load import percentile, run
    from cases.models import Assignment, Matter

    users_count = 20
    print(
        f"\nStaff pages under {users_count} concurrent signed-in users over the loopback, {LOAD_SECONDS:.0f} s, "
        f"each waiting {THINK[0]:.0f}–{THINK[1]:.0f} s between clicks:",
        flush=True,
    )
    matter = Matter.objects.filter(unit__path__startswith=scene.province.path).order_by("-pk").first()
    mine = (
        Assignment.objects.filter(handler=scene.handler, declared_no_conflict_at__isnull=False).order_by("-pk").first()
    )
    search = "/staff/petitions/?q=" + urllib.parse.quote("bồi thường")
    petition = f"/staff/petitions/{scene.petition.pk}/"
    # What each person opens in the course of their work (a page they may not see would be a 403/404).
    roles = [
        (
            scene.deputy,
            [
                "/staff/",
                "/staff/petitions/work/decisions/",
                "/staff/petitions/work/overdue/",
                "/staff/petitions/work/due_soon/",
                f"/staff/petitions/matters/{matter.pk}/",
                "/staff/petitions/",
                search,
                petition,
            ],
        ),
        (
            scene.intake,
            [
                "/staff/",
                "/staff/petitions/work/to_classify/",
                "/staff/petitions/work/overdue/",
                "/staff/petitions/",
                search,
                petition,
            ],
        ),
        (
            scene.handler,
            [
                "/staff/",
                "/staff/petitions/work/mine/",
                "/staff/petitions/work/overdue/",
                f"/staff/petitions/matters/{mine.matter_id}/",
            ],
        ),
        (scene.custodian, ["/staff/", "/staff/protection/", "/staff/petitions/", search, petition]),
    ]
    users = []
    for i in range(users_count):
        person, paths = roles[i % len(roles)]
        users.append({**sign_in(person)[1], "paths": paths})
    # Warm up: each gunicorn worker imports the views and compiles the templates on its first requests.
    run(host="127.0.0.1", port=server.port, users=users, paths=[], seconds=5)
    # Each person starts at a random moment of their reading (``stagger``), as when locust spawns its
    # users at a rate: twenty clicks in the same millisecond when the run starts are not a workload
    # anyone has, and were a tenth of a 30-second run's pages (docs/performance.md).
    result = run(
        host="127.0.0.1", port=server.port, users=users, paths=[], seconds=LOAD_SECONDS, think=THINK, stagger=True
    )
    floor = run(
        host="127.0.0.1",
        port=server.port,
        users=[{**user, "paths": ["/healthz"]} for user in users],
        paths=["/healthz"],
        seconds=min(15.0, LOAD_SECONDS),
        think=THINK,
        stagger=True,
    )
    floor.latencies = floor.latencies or [float("nan")]
    report(
        "pages",
        f"staff pages, {users_count} users",
        f"{ms(result.median)} / p95 {ms(result.p95)}",
        f"{ms(floor.p95)} p95 /healthz",
        result.p95 / floor.p95 if floor.p95 else None,
        "target p95 ≤ 200 ms (PostgreSQL), ≤ 300 ms (SQLite)",
        median=result.median,
        p95=result.p95,
        rate=result.rate,
        floor_p95=floor.p95,
        errors=result.errors,
    )
    print(
        f"    {len(result.latencies)} pages in {result.seconds:.0f} s ({result.rate:.1f} pages/s); /healthz: "
        f"{len(floor.latencies)} requests, median {ms(floor.median)}, slowest {ms(max(floor.latencies))}"
    )
    for path, values in sorted(result.by_path.items(), key=lambda item: -percentile(item[1], 95)):
        print(
            f"      {path[:60]:<60} {len(values):>4} pages, median {ms(statistics.median(values))}, "
            f"p95 {ms(percentile(values, 95))}"
        )
    saturated = run(host="127.0.0.1", port=server.port, users=users, paths=[], seconds=min(15.0, LOAD_SECONDS))
    report(
        "pages",
        f"staff pages, {users_count} users, no pause",
        f"{ms(saturated.median)} / p95 {ms(saturated.p95)}",
        "",
        None,
        "(capacity: pages/s with nobody reading)",
        median=saturated.median,
        p95=saturated.p95,
        rate=saturated.rate,
    )
    print(f"    capacity: {saturated.rate:.1f} pages/s with every user clicking again at once")
    for outcome in (result, saturated):
        if outcome.errors:
            print(f"    errors: {outcome.errors}")


def bench_exports(scene: Scene) -> None:
    import openpyxl
    from docx import Document

    from exports.docx import render_docx
    from exports.xlsx import render_xlsx

    print("\nExports of the consolidated Directive 27 review (whole country):", flush=True)
    report_ = scene.reports.get(("d27-review", "country"))
    if report_ is None:
        print("  (the review did not run)")
        return

    def blank_docx():
        Document().save(io.BytesIO())

    def blank_xlsx():
        openpyxl.Workbook().save(io.BytesIO())

    for name, fn, base in (
        ("Word (.docx)", lambda: render_docx(report_), blank_docx),
        ("Excel (.xlsx)", lambda: render_xlsx(report_), blank_xlsx),
    ):
        value, floor = statistics.median(timed(fn)), statistics.median(timed(base))
        report("exports", name, ms(value), ms(floor) + " empty", value / floor, seconds=value, baseline_seconds=floor)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.db import connection

    print(f"baove benchmarks: {machine()}; database: {connection.vendor}", flush=True)
    build_country()  # always: the other benchmarks need the country
    scene = Scene()
    from django.db import connections

    if wanted("review"):
        bench_review(scene)
    if wanted("lists"):
        bench_lists(scene)
    if wanted("exports"):
        if not getattr(scene, "reports", None):
            bench_review(scene)
        bench_exports(scene)
    if wanted("portal") or wanted("pages"):
        connections.close_all()
        server = Server()
        try:
            if wanted("pages"):
                bench_pages(scene, server)
            if wanted("portal"):
                bench_portal(scene, server)
        finally:
            server.stop()
    if os.environ.get("BENCH_JSON"):
        Path(os.environ["BENCH_JSON"]).write_text(json.dumps(FIGURES, default=str, indent=1, ensure_ascii=False))
    print("\nDone. Figures are measurements, never pass/fail.")


if __name__ == "__main__":
    main()
