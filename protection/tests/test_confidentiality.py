"""No list or count page shows who is protected to anyone but a custodian who opened it with a
reason, and the database holds the person only sealed."""

import pytest
from django.db import connection
from django.urls import reverse

from protection.models import ProtectionKind
from protection.tests.helpers import MARKERS, NAME, PERSON

pytestmark = pytest.mark.django_db


def pages(world):
    case = world.case.pk
    return [
        reverse("protection:case_list"),
        reverse("protection:case_list") + "?status=granted",
        reverse("protection:case_list") + f"?kind={ProtectionKind.JOB}",
        reverse("protection:case_detail", args=[case]),
        reverse("protection:case_timeline", args=[case]),
        reverse("protection:case_create"),
        reverse("protection:portal_request", args=[world.message.pk]),
        reverse("home"),
        reverse("cases:inbox"),
    ]


def assert_no_identity(html: str) -> None:
    for marker in MARKERS:
        assert marker not in html


def test_the_head_never_sees_the_identity(world, people, client_for):
    client = client_for(people.head)
    for url in pages(world):
        response = client.get(url)
        assert response.status_code in (200, 403), url
        assert_no_identity(response.content.decode())
    assert world.case.reference in client.get(reverse("protection:case_list")).content.decode()


def test_the_custodian_sees_it_only_after_opening_with_a_reason(world, people, client_for):
    client = client_for(people.custodian)
    for url in pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_identity(response.content.decode())
    url = reverse("protection:case_person", args=[world.case.pk])
    refused = client.post(url, {"person-reason": ""})
    assert refused.status_code == 400
    assert_no_identity(refused.content.decode())
    opened = client.post(url, {"person-reason": "Liên hệ để kiểm tra định kỳ"}).content.decode()
    for marker in (NAME, PERSON["id_number"], PERSON["phone"]):
        assert marker in opened
    # Not kept: the next page is closed again.
    assert_no_identity(client.get(reverse("protection:case_detail", args=[world.case.pk])).content.decode())


def test_the_database_holds_the_person_only_sealed(world):
    texts, blobs = [], []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from introspection)
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview | bytearray):
                        blobs.append(bytes(value))
                    else:
                        texts.append(str(value))
    text, blob = "\n".join(texts), b"\n".join(blobs)
    for marker in MARKERS:
        assert marker not in text
        assert marker.encode() not in blob
    assert NAME.encode("utf-16-le") not in blob
