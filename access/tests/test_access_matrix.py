"""The access matrix (issue 9): every URL of the staff side, visited by every role, on an object of
the person's province (inside) and of another province (outside), answers what ``matrix.py`` says;
no page a person can open shows a record of the other province; and a URL without a row in the
table fails ``test_every_staff_url_has_a_row``.
"""

import io
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

import conftest
from access.tests import matrix
from access.tests.world import IN, MARKERS, OUT, TEXTS, build, builtin_template, foreign_markers
from cases.models import NoticeTemplate
from conftest import signed_in
from reception.models import ReceptionDutyRule

LOGIN = reverse("accounts:login")
# URL prefixes that are not the staff side (the portal, its API, the language switch, /healthz).
STAFF_PREFIX = "staff/"
# A status, or ``+`` (a POST the role may send, not sent).
_TOKEN = re.compile(r"^(\d{3}|\+)$")


# The URLs


def staff_patterns() -> dict[str, str]:
    """Every URL pattern under /staff/: name (with its namespace) → route."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if route.startswith(STAFF_PREFIX):
                    found[f"{namespace}{pattern.name}" if pattern.name else route] = route

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_staff_url_has_a_row():
    """A new staff URL fails here until someone decides, in matrix.py, who may open it."""
    enumerated = staff_patterns()
    table = {row.name for row in matrix.ROWS}
    missing = [f"{name} (/{enumerated[name]})" for name in sorted(set(enumerated) - table)]
    extra = sorted(table - set(enumerated))
    assert not missing and not extra, f"URLs without a row in matrix.py: {missing}; rows without a URL: {extra}"


def test_the_table_is_well_formed():
    probes = [(row.name, row.target, tuple(sorted(row.kwargs.items())), row.query) for row in matrix.ROWS]
    assert len(probes) == len(set(probes)), "two rows visit the same URL"
    for row in matrix.ROWS:
        lines = (row.get_inside, row.get_outside, row.post_inside, row.post_outside)
        for line in filter(None, lines):
            assert len(line.split()) == len(matrix.ROLES), f"{row.name}: {line!r}"
            assert all(_TOKEN.match(token) for token in line.split()), f"{row.name}: {line!r}"
        two_sides = row.target is not None and row.target not in matrix.SINGLE_TARGETS
        assert (row.get_outside is not None) == two_sides, row.name
        assert (row.post_outside is not None) == (two_sides and row.post_inside is not None), row.name
        assert row.target is None or row.target in matrix.TARGETS, row.name


# Turning a row into requests


def _targets(world) -> dict:
    """Target name → {side: (URL kwargs, query string)}, for the inside and outside objects."""
    template = builtin_template()

    def both(make):
        return {side: make(getattr(world, side).objects, getattr(world, side).unit) for side in ("inside", "outside")}

    def window(unit):
        return f"unit={unit.pk}&date_from=01/01/2025&date_to=31/12/2025"

    targets = {
        "account": both(lambda o, u: ({"account_id": o["account"].pk}, "")),
        "membership": both(lambda o, u: ({"account_id": o["account"].pk, "membership_id": o["membership"].pk}, "")),
        "unit": both(lambda o, u: ({"unit_id": u.pk}, "")),
        "petition": both(lambda o, u: ({"petition_id": o["petition"].pk}, "")),
        "attachment": both(lambda o, u: ({"petition_id": o["petition"].pk, "attachment_id": o["attachment"].pk}, "")),
        "matter": both(lambda o, u: ({"matter_id": o["matter"].pk}, "")),
        "relation": both(lambda o, u: ({"relation_id": o["relation"].pk}, "")),
        "notification": both(lambda o, u: ({"notification_id": o["notification"].pk}, "")),
        "retaliation_message": both(lambda o, u: ({"message_id": o["retaliation_message"].pk}, "")),
        "protection_message": both(lambda o, u: ({"message_id": o["protection_message"].pk}, "")),
        "incident": both(lambda o, u: ({"incident_id": o["incident"].pk}, "")),
        "case": both(lambda o, u: ({"case_id": o["case"].pk}, "")),
        "measure": both(lambda o, u: ({"case_id": o["case"].pk, "measure_id": o["measure"].pk}, "")),
        "person_request": both(lambda o, u: ({"case_id": o["case"].pk, "request_id": o["person_request"].pk}, "")),
        "checkin": both(lambda o, u: ({"case_id": o["case"].pk, "checkin_id": o["checkin"].pk}, "")),
        "session": both(lambda o, u: ({"session_id": o["session"].pk}, "")),
        "visit": both(lambda o, u: ({"visit_id": o["visit"].pk}, "")),
        "plan": both(lambda o, u: ({"document_id": o["plan"].pk}, "")),
        "task": both(lambda o, u: ({"task_id": o["task"].pk}, "")),
        "progress": both(lambda o, u: ({"progress_id": o["progress"].pk}, "")),
        "due_item": both(lambda o, u: ({"item_id": o["due_item"].pk}, "")),
        "dissemination": both(lambda o, u: ({"record_id": o["dissemination"].pk}, "")),
        "inspection": both(lambda o, u: ({"record_id": o["inspection"].pk}, "")),
        "propaganda": both(lambda o, u: ({"record_id": o["propaganda"].pk}, "")),
        "template": both(lambda o, u: ({"template_id": o["template"].pk}, "")),
        "section": both(lambda o, u: ({"template_id": o["template"].pk, "section_id": o["section"].pk}, "")),
        "field": both(lambda o, u: ({"template_id": o["template"].pk, "field_id": o["field"].pk}, "")),
        "appendix": both(lambda o, u: ({"template_id": o["template"].pk, "appendix_id": o["appendix"].pk}, "")),
        "appendix_cell": both(
            lambda o, u: ({"template_id": o["template"].pk, "appendix_id": o["appendix"].pk, "cell": "h0c0"}, "")
        ),
        # A preview of the built-in template computes the figures of the unit asked for.
        "preview": both(lambda o, u: ({"template_id": template.pk}, window(u))),
        "campaign": both(lambda o, u: ({"campaign_id": o["campaign"].pk}, "")),
        "recipient": both(lambda o, u: ({"recipient_id": o["recipient"].pk}, "")),
        "report_file": both(lambda o, u: ({"file_id": o["report_file"].pk}, "")),
        "export_job": both(lambda o, u: ({"job_id": o["export_job"].pk}, "")),
        "batch": both(lambda o, u: ({"batch_id": o["batch"].pk}, "")),
        "aggregate": both(lambda o, u: ({"aggregate_id": o["aggregate"].pk}, "")),
        "unit_query": both(lambda o, u: ({}, f"unit={u.pk}")),
        "aggregate_period": both(lambda o, u: ({}, f"unit={u.pk}&level=&period_from=01/01/2018&period_to=31/12/2018")),
        # Installation-wide records: one probe.
        "calendar_day": {"inside": ({"day_id": world.calendar_day.pk}, "")},
        "notice_template": {"inside": ({"template_id": NoticeTemplate.objects.order_by("pk").first().pk}, "")},
        "duty_rule": {"inside": ({"rule_id": ReceptionDutyRule.objects.order_by("pk").first().pk}, "")},
    }
    assert set(targets) == set(matrix.TARGETS), "world targets and matrix targets differ"
    return targets


def _body_text(response) -> str | None:
    """What a person reads in the response: HTML, CSV or the cells of a workbook; None for files."""
    content_type = response.get("Content-Type", "")
    if getattr(response, "streaming", False):
        return None
    if "spreadsheetml" in content_type:
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value
        )
    if content_type.startswith(("text/", "application/json")):
        return response.content.decode()
    return None


KINDS = tuple(MARKERS[IN])


def _allowed_kinds(row, role: str) -> tuple[str, ...]:
    """The kinds of the other side's markers ``role`` may read on the row's page (``foreign_ok``)."""
    allowed: set[str] = set()
    for token in row.foreign_ok.split():
        who, _, kinds = token.partition(":")
        if who in ("*", role):
            allowed.update(kinds.split(",") if kinds else KINDS)
    return tuple(allowed)


def _check_page(row, role: str, response, where: str, failures: list[str]) -> None:
    text = _body_text(response)
    if not text:
        return
    home = OUT if role == "outsider" else IN
    leaked = [marker for marker in foreign_markers(home, _allowed_kinds(row, role)) if marker in text]
    if leaked:
        failures.append(f"{where}: shows {leaked} of the other province")
    for name, readers in matrix.CONTENT.items():
        if role not in readers.split():
            shown = [text_ for text_ in TEXTS[name] if text_ in text]
            if shown:
                failures.append(f"{where}: shows {name} {shown}, which only {readers or 'nobody'} may read here")


def _probe(client, role: str, row, targets, method: str, failures: list[str]) -> None:
    if method == "GET":
        lines = {"inside": row.get_inside, "outside": row.get_outside}
    else:
        lines = {"inside": row.post_inside, "outside": row.post_outside}
    for side, line in lines.items():
        if line is None:
            continue
        expected = line.split()[matrix.ROLES.index(role)]
        if expected == "+":  # allowed, and not sent: the matrix changes nothing
            continue
        kwargs, query = targets[row.target][side] if row.target else ({}, "")
        query = "&".join(filter(None, (query, row.query)))
        url = reverse(row.name, kwargs={**kwargs, **row.kwargs}) + (f"?{query}" if query else "")
        response = client.get(url) if method == "GET" else client.post(url, {})
        where = f"{method} {url} [{row.name}, {side}]"
        if response.status_code != int(expected):
            failures.append(f"{where}: expected {expected}, got {response.status_code}")
        elif response.status_code == 302 and role == "anon" and not response["Location"].startswith(LOGIN):
            failures.append(f"{where}: redirected to {response['Location']}, not to the sign-in page")
        elif response.status_code == 200:
            _check_page(row, role, response, where, failures)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The data of world.py, built once for the module (the roles' tests run inside it, each in a
    savepoint) and rolled back at the end. ``units`` and ``people`` are the root conftest's
    fixtures, called through ``__wrapped__`` because a module-scoped fixture cannot request them."""
    with django_db_blocker.unblock(), transaction.atomic():
        units = conftest.units.__wrapped__(conftest.levels.__wrapped__())
        people = conftest.people.__wrapped__(units)
        built = build(units, people)
        built.people, built.units = people, units
        built.targets = _targets(built)
        yield built
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("role", matrix.ROLES)
def test_access_matrix(role, world):
    client = Client() if role == "anon" else signed_in(getattr(world.people, role))
    failures: list[str] = []
    # Every GET first; then the refused POSTs (a POST the matrix allows is never sent).
    for method in ("GET", "POST"):
        for row in matrix.ROWS:
            _probe(client, role, row, world.targets, method, failures)
    assert not failures, f"{len(failures)} failures for {role}:\n" + "\n".join(failures)
