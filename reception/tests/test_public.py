"""The public reception schedule: anonymous, no cookie, only what was published, from today on."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reception.models import SessionKind, SessionStatus

from .conftest import make_session

pytestmark = pytest.mark.django_db

URL = reverse("reception_public:schedule")


def upcoming(people, units, days: int, **extra):
    values = {"status": SessionStatus.PLANNED, "published": True, "host_title": "Chủ tịch UBND tỉnh"}
    values.update(extra)
    return make_session(people.intake, units.committee, timezone.localdate() + datetime.timedelta(days=days), **values)


def test_anyone_reads_the_published_upcoming_sessions_without_a_cookie(people, units):
    upcoming(people, units, 5, place="Trụ sở tiếp công dân tỉnh, số 1 đường Trần Phú")
    response = Client().get(URL)

    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Trụ sở tiếp công dân tỉnh, số 1 đường Trần Phú" in page
    assert "Chủ tịch UBND tỉnh" in page and units.committee.name in page
    assert "<script" not in page


def test_unpublished_past_and_cancelled_sessions_are_not_shown(people, units):
    upcoming(people, units, 3, published=False, place="Phòng họp nội bộ")
    upcoming(people, units, 4, status=SessionStatus.CANCELLED, place="Buổi đã hủy")
    make_session(
        people.intake,
        units.committee,
        timezone.localdate() - datetime.timedelta(days=2),
        published=True,
        place="Buổi đã qua",
    )
    make_session(people.intake, units.committee, timezone.localdate(), published=True, place="Buổi hôm nay")

    page = Client().get(URL).content.decode()

    assert "Buổi hôm nay" in page
    for hidden in ("Phòng họp nội bộ", "Buổi đã hủy", "Buổi đã qua"):
        assert hidden not in page


def test_the_schedule_is_searched_without_diacritics_and_filtered_by_unit(people, units, commune_staff):
    upcoming(people, units, 5, place="Hội trường Ủy ban")
    make_session(
        commune_staff.intake,
        units.commune,
        timezone.localdate() + datetime.timedelta(days=6),
        status=SessionStatus.PLANNED,
        published=True,
        kind=SessionKind.AD_HOC,
        place="Nhà văn hóa ấp Tân Phú",
    )
    by_search = Client().get(URL, {"q": "tan phu"}).content.decode()
    assert "Nhà văn hóa ấp Tân Phú" in by_search and "Hội trường Ủy ban" not in by_search
    by_unit = Client().get(URL, {"unit": units.committee.pk}).content.decode()
    assert "Hội trường Ủy ban" in by_unit and "Nhà văn hóa ấp Tân Phú" not in by_unit


def test_the_portal_home_links_to_the_schedule(db):
    response = Client().get(reverse("portal:home"))
    assert URL in response.content.decode()
