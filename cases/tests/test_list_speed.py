"""What made the staff lists fast at national scale (issue 8), as a user sees it: the unit filter
is a text box with a few suggestions instead of a <select> of every unit in reach, the petition
list counts only up to a cap and still pages to any page, and each list gives the same rows."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, Scope
from accounts.services import account_create
from cases import services, worklists
from cases.models import Assignment, Channel, Kind, Matter, MatterStatus, Subject
from conftest import PASSWORD
from org.models import UnitKind
from org.services import unit_create

pytestmark = pytest.mark.django_db

LIST = reverse("cases:petition_list")


def submit(unit, *, day=datetime.date(2026, 11, 2), channel=Channel.HOTLINE, kind=Kind.DENUNCIATION):
    received = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return services.petition_submit(
        submission=services.Submission(
            channel=channel, kind=kind, subject=Subject.CORRUPTION, content="Nội dung", unit=unit, received_at=received
        ),
        issue_receipt=False,
    ).petition


def chief(units, role=Role.HEAD):
    return account_create(
        actor=None,
        username=f"bithu-{role}",
        full_name="Bí Thư",
        password=PASSWORD,
        unit=units.province,
        role=role,
        scope=Scope.SUBTREE,
    )


def intake_at(unit, username):
    """A unit receives petitions itself only with an intake officer of its own."""
    return account_create(
        actor=None, username=username, full_name="Tiếp Nhận", password=PASSWORD, unit=unit, role=Role.INTAKE
    )


def references(response) -> list[str]:
    return [petition.reference for petition in response.context["page_obj"]]


def suggested_codes(page: str) -> list[str]:
    datalist = re.search(r'<datalist id="id_unit-suggestions">(.*?)</datalist>', page, re.S)
    return re.findall(r'<option value="([^"]+)"', datalist.group(1)) if datalist else []


# The unit filter


def test_the_unit_filter_suggests_the_persons_units_and_those_right_below_not_every_unit(
    people, units, client_for, levels
):
    head = chief(units)
    deep = unit_create(
        actor=None,
        code="PHONG-NS",
        name="Phòng Ngân sách",
        kind=UnitKind.DEPARTMENT,
        level=levels.province,
        parent=units.finance,
    )
    client = client_for(head)

    for path in (LIST, reverse("cases:worklist", args=["decisions"])):
        page = client.get(path).content.decode()
        # A text box, no <select> listing the units.
        assert re.search(r'<input type="text" name="unit"[^>]*list="id_unit-suggestions"', page)
        assert '<select name="unit"' not in page
        # The province and the units right below it; not the units further down.
        assert suggested_codes(page) == [
            units.province.code,
            units.inspection.code,
            units.committee.code,
            units.commune.code,
        ]
        assert units.finance.code not in suggested_codes(page)
        assert deep.code not in page
        assert units.other.code not in page


def test_the_suggestions_are_capped(people, units, client_for, levels, monkeypatch):
    from cases import forms

    monkeypatch.setattr(forms, "UNIT_SUGGESTIONS", 2)
    page = client_for(chief(units)).get(LIST).content.decode()
    assert suggested_codes(page) == [units.province.code, units.inspection.code]


def test_the_unit_filter_takes_a_code_a_name_or_a_name_without_diacritics_and_keeps_the_subtree(
    people, units, client_for
):
    head = chief(units)
    intake_at(units.finance, "tn.stc")
    intake_at(units.commune, "tn.xa")
    in_committee = submit(units.committee, day=datetime.date(2026, 11, 3))
    in_finance = submit(units.finance, day=datetime.date(2026, 11, 4))
    in_commune = submit(units.commune, day=datetime.date(2026, 11, 5))
    client = client_for(head)

    def listed(unit):
        response = client.get(LIST, {"unit": unit})
        assert not response.context["form"].errors
        return set(references(response))

    below_committee = {in_committee.reference, in_finance.reference}
    assert listed("UBND-HB") == below_committee
    assert listed("ubnd-hb") == below_committee
    assert listed(" Ủy ban nhân dân tỉnh ") == below_committee
    assert listed("uy ban nhan dan tinh") == below_committee
    assert listed(str(units.committee.pk)) == below_committee  # older links carry the id
    assert listed("Sở Tài chính") == {in_finance.reference}
    assert listed("XA-TP") == {in_commune.reference}
    # The box shows what was typed.
    assert 'value="UBND-HB"' in client.get(LIST, {"unit": "UBND-HB"}).content.decode()


def test_a_unit_out_of_reach_or_unknown_is_a_clear_error_and_the_other_filters_stay(people, units, client_for):
    head = chief(units)
    hotline = submit(units.committee, day=datetime.date(2026, 11, 3))
    email = submit(units.committee, channel=Channel.EMAIL, day=datetime.date(2026, 11, 4))
    client = client_for(head)

    for typed in ("TU-LC", "Tỉnh ủy Lai Châu", str(units.other.pk), "KHONG-CO"):
        for path in (LIST, reverse("cases:worklist", args=["decisions"])):
            response = client.get(path, {"unit": typed, "channel": Channel.EMAIL})
            assert response.status_code == 200
            assert "unknown" in [error.code for error in response.context["form"].errors.as_data()["unit"]]
            assert typed in response.content.decode()  # said back in the message and kept in the box
        assert set(references(client.get(LIST, {"unit": typed, "channel": Channel.EMAIL}))) == {email.reference}
    assert hotline.reference in client.get(LIST, {"unit": "KHONG-CO"}).content.decode()


def test_a_name_two_units_share_asks_for_the_code(people, units, client_for, levels):
    head = chief(units)
    twin = unit_create(
        actor=None,
        code="TP-2",
        name=units.commune.name,
        kind=UnitKind.PARTY_COMMITTEE,
        level=levels.commune,
        parent=units.committee,
    )
    response = client_for(head).get(LIST, {"unit": "dang uy xa tan phu"})
    (error,) = response.context["form"].errors.as_data()["unit"]
    assert error.code == "ambiguous"
    assert units.commune.code in response.content.decode()
    assert twin.code in response.content.decode()


def test_the_unit_filter_works_in_a_worklist_too(people, units, client_for):
    intake = account_create(
        actor=None,
        username="tn.tinh",
        full_name="Tiếp Nhận",
        password=PASSWORD,
        unit=units.province,
        role=Role.INTAKE,
        scope=Scope.SUBTREE,
    )
    intake_at(units.commune, "tn.xa")
    in_committee = submit(units.committee, day=timezone.localdate())
    in_commune = submit(units.commune, day=timezone.localdate())
    client = client_for(intake)

    def listed(**query):
        return {
            row.pk for row in client.get(reverse("cases:worklist", args=["to_classify"]), query).context["page"].rows
        }

    assert listed() == {in_committee.pk, in_commune.pk}
    assert listed(unit="Đảng ủy xã Tân Phú") == {in_commune.pk}
    assert listed(unit="UBND-HB") == {in_committee.pk}


# The petition list: a capped count, numbered pages


def test_the_petition_list_counts_up_to_the_cap_and_still_pages_to_the_end(
    people, units, client_for, settings, monkeypatch
):
    settings.PAGE_SIZE = 3
    monkeypatch.setattr(worklists, "COUNT_CAP", 4)
    created = [submit(units.committee, day=datetime.date(2026, 10, 1) + datetime.timedelta(days=n)) for n in range(8)]
    newest_first = [petition.reference for petition in reversed(created)]
    client = client_for(people.head)

    first = client.get(LIST)
    assert references(first) == newest_first[:3]
    assert first.context["page_obj"].paginator.more
    text = first.content.decode()
    assert "More than 4 petitions" in text or "Hơn 4 đơn" in text
    assert "page=2" in text and "page=0" not in text

    # Every page, as deep as it goes: the same rows, in the same order, as the whole list.
    seen = []
    for number in (1, 2, 3):
        page = client.get(LIST, {"page": number})
        assert page.context["page_obj"].number == number
        seen += references(page)
    assert seen == newest_first
    last = client.get(LIST, {"page": 3}).content.decode()
    assert "page=2" in last and "page=4" not in last

    # Past the end, or nonsense: the last page, the first page.
    beyond = client.get(LIST, {"page": 40})
    assert beyond.context["page_obj"].number == 3
    assert references(beyond) == newest_first[6:]
    assert references(client.get(LIST, {"page": "x"})) == newest_first[:3]
    assert references(client.get(LIST, {"page": -2})) == newest_first[:3]


def test_the_count_is_exact_below_the_cap(people, units, client_for, settings):
    settings.PAGE_SIZE = 3
    for n in range(7):
        submit(units.committee, day=datetime.date(2026, 10, 1) + datetime.timedelta(days=n))
    response = client_for(people.head).get(LIST, {"page": 2})
    pages = response.context["page_obj"].paginator
    assert (pages.count, pages.more, pages.num_pages) == (7, False, 3)
    text = response.content.decode()
    assert "7 petitions" in text or "7 đơn" in text


def test_a_deep_page_reads_only_keys_before_it(people, units, client_for, settings):
    """Page 3 reads the keys of the rows before it, then its own rows by key: no query reads the
    sealed or long columns of the rows it skips."""
    settings.PAGE_SIZE = 2
    for n in range(9):
        submit(units.committee, day=datetime.date(2026, 10, 1) + datetime.timedelta(days=n))
    with CaptureQueriesContext(connection) as captured:
        client_for(people.head).get(LIST, {"page": 3})
    offsets = [query["sql"] for query in captured if "OFFSET" in query["sql"]]
    assert offsets, "the page skips rows"
    for sql in offsets:
        assert "search_text" not in sql and "sealed_original" not in sql


# "Assigned to me": started from the person's assignments


def test_mine_holds_the_running_assignments_seen_or_waiting_and_nothing_else(people, units, client_for):
    head = people.head
    # The handler also covers the committee with a unit-wide role: a matter of the unit they are not
    # assigned to stays out of "Assigned to me".
    from accounts.services import membership_add

    membership_add(actor=None, user=people.handler, unit=units.committee, role=Role.DEPUTY_HEAD)

    def new_matter(reference, **fields):
        petition = submit(units.committee)
        matter = Matter.objects.create(
            reference=reference,
            unit=units.committee,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            summary="Tóm tắt",
            status=MatterStatus.ACCEPTED,
            opened_at=timezone.now(),
            **fields,
        )
        petition.matter = matter
        petition.save(update_fields=["matter"])
        return matter

    declared = new_matter("VV-1")
    waiting = new_matter("VV-2")
    ended = new_matter("VV-3")
    not_assigned = new_matter("VV-4")
    now = timezone.now()
    Assignment.objects.create(matter=declared, handler=people.handler, assigned_by=head, declared_no_conflict_at=now)
    Assignment.objects.create(matter=waiting, handler=people.handler, assigned_by=head)
    Assignment.objects.create(matter=ended, handler=people.handler, assigned_by=head, ended_at=now)

    response = client_for(people.handler).get(reverse("cases:worklist", args=["mine"]))
    rows = {row.reference: row for row in response.context["page"].rows}
    assert set(rows) == {"VV-1", "VV-2"}
    assert not_assigned.reference not in rows
    # Seen through the unit-wide role, the waiting one is not masked.
    assert not rows["VV-1"].masked and not rows["VV-2"].masked
    assert response.context["page"].count == 2
