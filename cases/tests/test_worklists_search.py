"""Search that finds Vietnamese typed with or without diacritics, in NFC or NFD, in every list."""

import datetime
import unicodedata

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import selectors, services, worklists
from cases.models import Channel, Kind, Subject

pytestmark = pytest.mark.django_db


def registered(unit, actor, text):
    petition = services.petition_submit(
        submission=services.Submission(
            channel=Channel.HOTLINE,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            content="Nội dung gốc",
            unit=unit,
            received_at=timezone.make_aware(datetime.datetime.combine(datetime.date(2026, 11, 2), datetime.time(9))),
        ),
        issue_receipt=False,
    ).petition
    return services.petition_register(petition=petition, actor=actor, working_content=text)


@pytest.fixture
def petitions(people, units):
    return {
        "hoa_binh": registered(units.committee, people.intake, "Sai phạm ở tỉnh Hòa Bình"),
        # The older placement of the tone mark, as many keyboards still type it.
        "hoa_binh_old": registered(units.committee, people.intake, "Cán bộ huyện Hoà Bình nhận tiền"),
        "dat": registered(units.committee, people.intake, "Giao đất trái phép ở xã Tân Phú"),
        "nfd": registered(units.committee, people.intake, unicodedata.normalize("NFD", "ĐẤT RỪNG Hòa Bình")),
        "other": registered(units.committee, people.intake, "Xe công dùng vào việc riêng"),
    }


def found(user, query) -> set[int]:
    return set(selectors.petition_listing(user=user, query=query).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "query",
    ["hoa binh", "HÒA BÌNH", "Hòa Bình", "Hoà Bình", unicodedata.normalize("NFD", "Hòa Bình"), "  binh   HOA  "],
)
def test_hoa_binh_is_found_however_it_is_typed(people, petitions, query):
    expected = {petitions[name].pk for name in ("hoa_binh", "hoa_binh_old", "nfd")}
    assert found(people.intake, query) == expected


@pytest.mark.parametrize("query", ["dat", "đất", "ĐẤT", unicodedata.normalize("NFD", "đất"), "Dat"])
def test_dat_is_found_with_or_without_diacritics(people, petitions, query):
    assert found(people.intake, query) == {petitions["dat"].pk, petitions["nfd"].pk}


def test_every_word_must_be_there(people, petitions):
    assert found(people.intake, "dat rung") == {petitions["nfd"].pk}
    assert found(people.intake, "dat hoa lac") == set()


def test_like_wildcards_are_plain_characters(people, petitions):
    assert found(people.intake, "%") == set()
    assert found(people.intake, "_") == set()


def test_the_registry_number_finds_a_petition_registered_or_not(people, units, petitions):
    waiting = services.petition_submit(
        submission=services.Submission(
            channel=Channel.POST, kind=Kind.FEEDBACK, subject=Subject.OTHER, content="x", unit=units.committee
        ),
        issue_receipt=False,
    ).petition
    assert found(people.intake, waiting.reference) == {waiting.pk}
    assert found(people.intake, petitions["other"].reference) == {petitions["other"].pk}


def test_the_petition_list_and_the_worklists_search_the_same_way(people, petitions, client_for):
    client = client_for(people.intake)
    query = {"q": unicodedata.normalize("NFD", "HÒA BÌNH")}
    expected = {petitions[name].pk for name in ("hoa_binh", "hoa_binh_old", "nfd")}

    listed = client.get(reverse("cases:petition_list"), query)
    work = client.get(reverse("cases:worklist", args=["to_classify"]), query)

    assert {petition.pk for petition in listed.context["page_obj"]} == expected
    assert {row.pk for row in work.context["page"].rows} == expected


def test_search_never_reaches_past_what_the_person_sees(people, units, petitions, client_for):
    from accounts.models import Role
    from accounts.services import account_create
    from conftest import PASSWORD

    stranger = account_create(
        actor=None, username="tn.lc", full_name="Lò Thị A", password=PASSWORD, unit=units.other, role=Role.INTAKE
    )
    assert found(stranger, "hoa binh") == set()
    assert found(stranger, petitions["dat"].reference) == set()
    page = worklists.worklist_page(
        user=stranger,
        name="to_classify",
        filters=worklists.Filters(query="hoa binh"),
        today=timezone.localdate(),
        size=10,
    )
    assert (page.rows, page.count) == ([], 0)
