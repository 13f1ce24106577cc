"""Hostile text through the portal's web form and its JSON API.

For every drawn report the test predicts, from the documented rules alone (text is cleaned of
control and bidirectional characters, normalised to NFC, trimmed, then measured against its limit),
whether it must be accepted. Then it checks that the answer is exactly that: a receipt whose sealed
original holds the cleaned text, or a 400 naming the wrong fields with nothing saved. Never a 500,
and never the reporter's markup back in a page unescaped.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from cases.models import Accused, Petition, PetitionKey, PublicEvent
from conftest import signed_in
from portal.forms import ACCUSED_FIELDS, ReportForm, clean_text
from proofs import strategies as hostile
from proofs.tests.conftest import original_by_receipt, post_json, proof

pytestmark = pytest.mark.django_db

CONTENT_LIMIT = ReportForm.base_fields["content"].max_length
LINE_LIMITS = {"incident_time": 200, "incident_place": 500}
ACCUSED_LIMITS = {part: limit for part, _label, limit in ACCUSED_FIELDS}
IDENTITY_LIMITS = {"full_name": 200, "id_number": 50, "phone": 50, "address": 500, "workplace": 255}


def multi(value: str) -> str:
    return clean_text(value, multiline=True).strip()


def single(value: str) -> str:
    return clean_text(value, multiline=False).strip()


@st.composite
def reports(draw, text=hostile.hostile_text, line=hostile.hostile_line):
    """A report as the API takes it: every free text hostile, sometimes around its limit."""
    report = {
        "kind": "denunciation",
        "subject": draw(st.sampled_from(["corruption", "waste", "negativity", "other"])),
        "unit": "UBND-HB",
        "content": draw(st.one_of(text(), hostile.text_around(CONTENT_LIMIT))),
        "incident_time": draw(st.one_of(line(max_parts=3), hostile.text_around(200))),
        "incident_place": draw(line(max_parts=3)),
        "accused": draw(
            st.lists(
                st.fixed_dictionaries({part: line(max_parts=3) for part in ACCUSED_LIMITS}),
                max_size=3,
            )
        ),
        "identity": None,
    }
    if draw(st.booleans()):
        report["identity"] = {
            "full_name": draw(st.one_of(st.just(hostile.NAME_NFD), line(max_parts=3), hostile.text_around(200))),
            "address": draw(line(max_parts=3)),
            "workplace": draw(line(max_parts=2)),
        }
    return report


def expected_errors(report: dict) -> set[str]:
    """The fields that must be refused, in the API's names, from the documented rules alone."""
    errors = set()
    content = multi(report["content"])
    if not content or len(content) > CONTENT_LIMIT:
        errors.add("content")
    for name, limit in LINE_LIMITS.items():
        if len(single(report[name])) > limit:
            errors.add(name)
    for index, person in enumerate(report["accused"]):
        values = {part: single(person[part]) for part in ACCUSED_LIMITS}
        for part, limit in ACCUSED_LIMITS.items():
            if len(values[part]) > limit:
                errors.add(f"accused.{index}.{part}")
        if (values["position"] or values["unit"]) and not values["name"]:
            errors.add(f"accused.{index}.name")
    identity = report["identity"]
    if identity is not None:
        for name, value in identity.items():
            if len(single(value)) > IDENTITY_LIMITS[name]:
                errors.add(f"identity.{name}")
        if not single(identity["full_name"]):
            errors.add("identity.full_name")
    return errors


def expected_original(report: dict) -> dict:
    accused = [
        {part: single(person[part]) for part in ACCUSED_LIMITS}
        for person in report["accused"]
        if single(person["name"])
    ]
    identity = None
    if report["identity"] is not None:
        identity = {name: "" for name in ("full_name", "id_number", "date_of_birth", "phone", "email")}
        identity |= {"address": "", "workplace": ""}
        identity |= {name: single(value) for name, value in report["identity"].items()}
    return {
        "identity": identity,
        "content": multi(report["content"]),
        "incident_time": single(report["incident_time"]),
        "incident_place": single(report["incident_place"]),
        "accused": accused,
    }


def form_data(report: dict) -> dict:
    """The same report as the web form's fields."""
    data = {key: report[key] for key in ("kind", "subject", "unit", "content", "incident_time", "incident_place")}
    for index, person in enumerate(report["accused"]):
        data |= {f"accused_{index}_{part}": value for part, value in person.items()}
    if report["identity"] is None:
        data["reporter"] = "anonymous"
    else:
        data["reporter"] = "named"
        data |= report["identity"]
    return data


def assert_no_raw_markup(html: str) -> None:
    for markup in hostile.MARKUP:
        assert markup not in html, f"{markup!r} came back unescaped"


def assert_stored_as_cleaned(receipt: str, report: dict) -> Petition:
    petition, original, _private = original_by_receipt(receipt)
    assert original == expected_original(report)
    assert petition.anonymous == (report["identity"] is None)
    assert petition.keys.exists() and petition.public_events.count() == 1
    assert petition.accused.count() == len(original["accused"])
    return petition


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Petition, Accused, PetitionKey, PublicEvent))


@proof()
@given(report=reports())
def test_api_reports_are_received_cleaned_or_refused_by_field(people, report):
    before = _counts()
    response = post_json(Client(), "api:reports", report)

    errors = expected_errors(report)
    event("refused" if errors else "accepted")
    if errors:
        assert response.status_code == 400, response.content
        assert set(response.json()["errors"]) == errors
        assert all(
            messages and all(isinstance(m, str) and m for m in messages)
            for messages in response.json()["errors"].values()
        )
        assert _counts() == before, "a refused report left rows behind"
    else:
        assert response.status_code == 201, response.content
        assert _counts()[0] == before[0] + 1
        assert_stored_as_cleaned(response.json()["receipt"], report)


@proof()
@given(report=reports())
def test_the_web_form_answers_like_the_api_and_never_echoes_markup(people, report):
    before = _counts()
    response = Client().post(reverse("portal:submit"), form_data(report))

    html = response.content.decode()
    assert_no_raw_markup(html)
    event("refused" if expected_errors(report) else "accepted")
    if expected_errors(report):
        assert response.status_code == 400
        assert _counts() == before, "a refused report left rows behind"
    else:
        assert response.status_code == 200, html
        receipt = response.context["receipt"].text
        assert receipt.replace(" ", "") in html.replace(" ", "")
        assert_stored_as_cleaned(receipt, report)


def _json_values(text):
    return st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
        max_leaves=6,
    )


@st.composite
def shapes(draw):
    """A report body whose fields may have any JSON type, lone surrogates included."""
    text = hostile.json_text(max_parts=3)
    body = {}
    for key in ("kind", "subject", "content", "unit", "accused", "identity", "incident_time", "protection_requested"):
        if draw(st.booleans()):
            body[key] = draw(_json_values(text))
    if draw(st.booleans()):
        body[draw(text)] = draw(_json_values(text))
    return body


@proof()
@given(body=shapes())
def test_any_json_shape_gets_a_receipt_or_field_errors_never_a_crash(people, body):
    before = Petition.objects.count()
    response = post_json(Client(), "api:reports", json.dumps(body).encode())

    assert response.status_code in (201, 400), response.content
    event(f"status {response.status_code}")
    if response.status_code == 400:
        errors = response.json()["errors"]
        assert errors and all(isinstance(m, str) and m for messages in errors.values() for m in messages)
        assert Petition.objects.count() == before
    else:
        assert Petition.objects.count() == before + 1


RAW_BODIES = [
    b"\xff\xfe{}",
    b'{"content": "\xc3\x28"}',
    b'{"content": "ok"',
    b"[" * 100_000 + b"]" * 100_000,
    b'{"content": 1e999999}',
    b'{"content": NaN}',
    b'{"a": 1, "a": 2}',
    b"\x00" * 64,
    b"",
    b'"just a string"',
]


@proof()
@given(raw=st.one_of(st.sampled_from(RAW_BODIES), st.binary(max_size=200)))
def test_broken_bodies_are_refused_as_a_whole(people, raw):
    before = Petition.objects.count()
    response = post_json(Client(), "api:reports", raw)

    # Django's test client sends no Content-Type with an empty body: that is answered with 415.
    assert response.status_code in ((400, 201) if raw else (415,)), response.content
    if response.status_code != 201:
        assert response.json()["errors"]
    assert Petition.objects.count() == before + (response.status_code == 201)


@pytest.fixture
def reporter(people):
    """An API session on one anonymous report, and a browser signed in to the same report."""
    client = Client()
    created = post_json(
        client, "api:reports", {"kind": "feedback", "subject": "waste", "content": "Lãng phí.", "unit": "UBND-HB"}
    )
    receipt = created.json()["receipt"]
    token = post_json(client, "api:session", {"receipt": receipt}).json()["token"]
    browser = Client()
    assert browser.post(reverse("portal:follow_up"), {"receipt": receipt}).status_code == 302
    return client, {"HTTP_AUTHORIZATION": f"Bearer {token}"}, browser


@proof()
@given(text=hostile.json_text())
def test_messages_are_kept_cleaned_and_read_back_the_same(reporter, text):
    client, auth, browser = reporter
    before = client.get(reverse("api:report"), **auth).json()["messages"]
    response = post_json(client, "api:messages", {"text": text, "kind": "more_info"}, **auth)

    cleaned = multi(text)
    if any(0xD800 <= ord(char) <= 0xDFFF for char in text):
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"__all__"}, "a lone surrogate is not text"
    elif not cleaned or len(cleaned) > CONTENT_LIMIT:
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"text"}
        assert client.get(reverse("api:report"), **auth).json()["messages"] == before
    else:
        assert response.status_code == 201, response.content
        after = client.get(reverse("api:report"), **auth).json()["messages"]
        assert after[:-1] == before
        assert (after[-1]["from"], after[-1]["kind"], after[-1]["text"]) == ("reporter", "more_info", cleaned)
        page = browser.get(reverse("portal:report"))
        assert page.status_code == 200
        assert_no_raw_markup(page.content.decode())
        assert page.context["view"].messages[-1].text == cleaned


@proof(max_examples=15)
@given(report=reports(text=lambda **kw: hostile.hostile_text(fragments=hostile.MARKUP + hostile.VIETNAMESE, **kw)))
def test_the_intake_officer_sees_the_original_as_text(people, report):
    """What the reporter typed, opened by the intake officer, is text on the page, never markup."""
    response = post_json(Client(), "api:reports", report)
    if response.status_code != 201:
        return
    petition = Petition.objects.get(receipt_lookup__isnull=False, pk=Petition.objects.latest("pk").pk)
    page = signed_in(people.intake).post(
        reverse("cases:petition_original", args=[petition.pk]), {"reason": "Vào sổ, kiểm tra nội dung"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert_no_raw_markup(html)
    assert page.context["original"] == expected_original(report)
