"""The JSON API: the same forms, services and limits as the web pages."""

import json
import re
import secrets

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from cases.models import MessageKind, Petition
from cases.services import message_from_staff, messages_read, petition_read_original
from portal import api_urls
from portal.tests.conftest import everything_stored, staff_private

pytestmark = pytest.mark.django_db

RECEIPT = re.compile(r"^\d{4}( \d{4}){6}$")


def post_json(client, name, body, **headers):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(reverse(name), raw, content_type="application/json", **headers)


def report_body(**overrides):
    body = {
        "kind": "denunciation",
        "subject": "corruption",
        "content": "Cán bộ địa chính thu tiền ngoài quy định khi cấp sổ đỏ.",
        "unit": "UBND-HB",
        "accused": [{"name": "Đỗ Văn Thu", "position": "Cán bộ địa chính", "unit": "UBND xã"}],
        "identity": None,
    }
    body.update(overrides)
    return body


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def api(people):
    return Client()


def test_create_open_read_and_write(api, units, people):
    created = post_json(api, "api:reports", report_body(protection_requested=True, incident_place="Xã Tân Phú"))
    assert created.status_code == 201
    assert created["Cache-Control"] == "no-store"
    receipt = created.json()["receipt"]
    assert RECEIPT.match(receipt)
    petition = Petition.objects.get()
    assert petition.protection_requested and petition.anonymous

    opened = post_json(api, "api:session", {"receipt": receipt})
    assert opened.status_code == 200
    token = opened.json()["token"]
    assert not opened.cookies

    message_from_staff(petition=petition, actor=people.intake, text="Đề nghị cung cấp thêm chứng cứ.")
    sent = post_json(api, "api:messages", {"text": "Tôi có ảnh chụp biên lai.", "kind": "more_info"}, **bearer(token))
    assert sent.status_code == 201
    assert post_json(api, "api:messages", {"text": "Cảm ơn."}, **bearer(token)).status_code == 201

    read = api.get(reverse("api:report"), **bearer(token))
    assert read.status_code == 200
    assert read["Cache-Control"] == "no-store"
    body = read.json()
    assert set(body) == {"status", "status_text", "received_at", "history", "messages"}
    assert body["status"] == "received"
    assert body["received_at"] == petition.received_at.astimezone().date().isoformat()
    assert [step["step"] for step in body["history"]] == ["received", "reply"]
    assert [(m["from"], m["kind"], m["text"]) for m in body["messages"]] == [
        ("unit", "message", "Đề nghị cung cấp thêm chứng cứ."),
        ("reporter", "more_info", "Tôi có ảnh chụp biên lai."),
        ("reporter", "message", "Cảm ơn."),
    ]
    assert petition.reference not in read.content.decode()


def test_a_named_report_through_the_api_is_sealed(api, units, people, settings):
    marker = secrets.token_hex(6)
    identity = {
        "full_name": f"Phạm Văn Api{marker}",
        "id_number": f"0012{marker}",
        "phone": f"08{marker}",
        "email": "api@example.vn",
        "address": "Thôn 2",
    }
    content = f"Nội dung qua API {marker}"
    created = post_json(api, "api:reports", report_body(content=content, identity=identity))
    assert created.status_code == 201
    receipt = created.json()["receipt"]
    text, blobs = everything_stored(settings.MEDIA_ROOT)
    for secret in (marker, receipt.replace(" ", "")):
        assert secret not in text
        assert secret.encode() not in blobs
    petition = Petition.objects.get()
    assert not petition.anonymous
    original = petition_read_original(
        petition=petition, actor=people.intake, private=staff_private(petition, people.intake), reason="Vào sổ"
    )
    assert original["content"] == content
    assert original["identity"]["full_name"] == identity["full_name"]
    assert original["identity"]["id_number"] == identity["id_number"]
    assert original["identity"]["phone"] == identity["phone"]


def test_invalid_fields_are_answered_one_by_one(api, units, people):
    response = post_json(
        api,
        "api:reports",
        report_body(
            kind="rumour",
            content="",
            unit="KHONG-CO",
            accused=[{"position": "Kế toán"}],
            identity={"phone": "0912345678", "email": "khong-phai-email"},
            extra="?",
        ),
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {
        "kind",
        "content",
        "unit",
        "accused.0.name",
        "identity.full_name",
        "identity.email",
        "extra",
    }
    assert all(isinstance(messages, list) and messages for messages in errors.values())
    assert Petition.objects.count() == 0


def test_wrong_types_are_named(api, units, people):
    response = post_json(
        api, "api:reports", report_body(content=42, unit=7, accused="Ông A", identity="tôi", protection_requested="có")
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"content", "unit", "accused", "identity", "protection_requested"}


def test_at_most_three_accused(api, units, people):
    response = post_json(api, "api:reports", report_body(accused=[{"name": f"Ông {n}"} for n in range(4)]))
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"accused"}


def test_a_null_unit_means_unknown(api, units, people, settings):
    settings.PORTAL_DEFAULT_UNIT = "UBND-HB"
    assert post_json(api, "api:reports", report_body(unit=None)).status_code == 201
    assert Petition.objects.get().concerned_unit is None


def test_a_text_over_the_limit_is_refused(api, units, people):
    response = post_json(api, "api:reports", report_body(content="b" * 100_000))
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"content"}
    assert Petition.objects.count() == 0


def test_text_is_stored_as_nfc(api, units, people):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Hối lộ ở phường")
    assert post_json(api, "api:reports", report_body(content=nfd)).status_code == 201
    petition = Petition.objects.get()
    original = petition_read_original(
        petition=petition, actor=people.intake, private=staff_private(petition, people.intake), reason="Vào sổ"
    )
    assert original["content"] == "Hối lộ ở phường"


@pytest.mark.parametrize(
    "raw",
    [
        b'{"kind": "feedback", "content": "\xff\xfe"}',
        b'{"kind": "feedback",',
        b"[1, 2]",
        b'{"content": "a", "content": "b"}',
        b'{"content": NaN}',
        b"  ",
    ],
)
def test_a_broken_body_is_refused_as_a_whole(api, units, people, raw):
    response = post_json(api, "api:reports", raw)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["__all__"]
    assert Petition.objects.count() == 0


def test_a_body_that_is_not_json_is_refused(api, units, people):
    response = api.post(reverse("api:reports"), {"kind": "feedback"})
    assert response.status_code == 415
    assert list(response.json()["errors"]) == ["__all__"]


def test_without_a_token_nothing_is_read_or_written(api, units, people):
    assert api.get(reverse("api:report")).status_code == 401
    assert api.get(reverse("api:report"), **bearer("abc")).status_code == 401
    response = post_json(api, "api:messages", {"text": "x"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "error" in response.json()


def test_an_ended_session_token_no_longer_works(api, units, people):
    receipt = post_json(api, "api:reports", report_body()).json()["receipt"]
    token = post_json(api, "api:session", {"receipt": receipt}).json()["token"]
    from cases.services import portal_session_end

    portal_session_end(token)
    assert api.get(reverse("api:report"), **bearer(token)).status_code == 401


def test_a_message_needs_text_and_a_known_kind(api, units, people):
    receipt = post_json(api, "api:reports", report_body()).json()["receipt"]
    token = post_json(api, "api:session", {"receipt": receipt}).json()["token"]
    response = post_json(api, "api:messages", {"text": " ", "kind": "gossip"}, **bearer(token))
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"text", "kind"}
    ok = post_json(api, "api:messages", {"text": "Đề nghị bảo vệ", "kind": "protection_request"}, **bearer(token))
    assert ok.status_code == 201
    petition = Petition.objects.get()
    private = staff_private(petition, people.intake)
    assert [(m.kind, text) for m, text in messages_read(petition=petition, private=private)] == [
        (MessageKind.PROTECTION_REQUEST, "Đề nghị bảo vệ")
    ]


def test_a_thousand_wrong_receipts_never_open_anything(api, units, people):
    post_json(api, "api:reports", report_body())
    codes = set()
    for n in range(1000):
        codes.add(post_json(api, "api:session", {"receipt": f"{n:028d}"}).status_code)
    assert codes <= {401, 429}
    assert 429 in codes


def test_wrong_receipts_get_one_answer(api, units, people):
    receipt = post_json(api, "api:reports", report_body()).json()["receipt"].replace(" ", "")
    wrong = receipt[:8] + ("0" if receipt[8] != "0" else "1") + receipt[9:]
    first = post_json(api, "api:session", {"receipt": wrong})
    second = post_json(api, "api:session", {"receipt": "5" * 28})
    assert first.status_code == second.status_code == 401
    assert first.content == second.content


def test_the_session_endpoint_shares_the_web_throttle(api, units, people, settings):
    settings.PORTAL_FAILURES_PER_ADDRESS = 2
    Client().post(reverse("portal:follow_up"), {"receipt": "6" * 28})
    Client().post(reverse("portal:follow_up"), {"receipt": "6" * 28})
    response = post_json(api, "api:session", {"receipt": "6" * 28})
    assert response.status_code == 429
    assert "error" in response.json()


def test_methods_other_than_the_documented_are_refused(api):
    response = api.get(reverse("api:reports"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response["Cache-Control"] == "no-store"


def test_every_route_is_in_the_schema(api):
    schema = api.get(reverse("api:schema")).json()
    assert schema["openapi"].startswith("3.1")
    routes = [pattern for pattern in api_urls.urlpatterns if isinstance(pattern, URLPattern)]
    assert len(routes) == 5
    for pattern in routes:
        assert reverse(f"api:{pattern.name}") in schema["paths"], pattern.name
    assert schema["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["bearer"]["description"],
    }
    operations = {
        (path, method): operation for path, item in schema["paths"].items() for method, operation in item.items()
    }
    assert operations[("/api/v1/portal/report", "get")]["security"] == [{"bearer": []}]
    assert operations[("/api/v1/portal/messages", "post")]["security"] == [{"bearer": []}]
    assert "requestBody" in operations[("/api/v1/portal/reports", "post")]
    for operation in operations.values():
        for response in operation["responses"].values():
            ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
            if ref:
                assert ref.rsplit("/", 1)[-1] in schema["components"]["schemas"]
