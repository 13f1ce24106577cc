import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from org.models import Unit, UnitKind
from org.services import unit_create

pytestmark = pytest.mark.django_db

LIST = reverse("org:unit_list")
CREATE = reverse("org:unit_create")


def _listed_codes(response) -> list[str]:
    return [row.unit.code for row in response.context["rows"]]


def _form_data(unit=None, **changes):
    data = {
        "code": "TT-HB",
        "name": "Thanh tra tỉnh",
        "kind": UnitKind.INSPECTORATE,
        "level": "",
        "parent": "",
        "valid_from": "01/07/2025",
        "valid_to": "",
        "published": "on",
    }
    if unit is not None:
        data.update(
            code=unit.code,
            name=unit.name,
            kind=unit.kind,
            level=unit.level_id,
            parent=unit.parent_id or "",
            valid_from="",
        )
    data.update(changes)
    return data


# List


def test_the_list_shows_the_whole_tree_in_order_to_the_admin(units, people, client_for):
    response = client_for(people.admin).get(LIST)

    assert response.status_code == 200
    assert _listed_codes(response) == ["TU-HB", "UBKT-HB", "UBND-HB", "STC-HB", "XA-TP", "TU-LC"]
    assert b'class="indent-2"><a href="' + reverse("org:unit_detail", args=[units.finance.pk]).encode() in (
        response.content
    )


def test_an_outsider_does_not_see_the_other_province(units, people, client_for):
    response = client_for(people.outsider).get(LIST)

    assert _listed_codes(response) == ["TU-LC"]
    assert "Tỉnh ủy Hòa Bình" not in response.content.decode()


def test_a_handler_sees_only_their_own_unit(units, people, client_for):
    response = client_for(people.handler).get(LIST)

    assert _listed_codes(response) == ["UBND-HB"]
    assert "Sở Tài chính" not in response.content.decode()


def test_the_search_ignores_case_and_diacritics(units, people, client_for):
    response = client_for(people.admin).get(LIST, {"q": "hoa binh"})

    assert _listed_codes(response) == ["TU-HB"]
    assert "Tỉnh ủy Hòa Bình" in response.content.decode()


def test_the_search_finds_codes(units, people, client_for):
    response = client_for(people.admin).get(LIST, {"q": "stc"})

    assert _listed_codes(response) == ["STC-HB"]


def test_the_search_cannot_reach_units_outside_the_users_view(units, people, client_for):
    response = client_for(people.outsider).get(LIST, {"q": "hòa bình"})

    assert _listed_codes(response) == []


def test_the_list_filters_by_kind_and_level(units, people, levels, client_for):
    client = client_for(people.admin)

    assert _listed_codes(client.get(LIST, {"kind": UnitKind.PARTY_COMMITTEE})) == ["TU-HB", "XA-TP", "TU-LC"]
    assert _listed_codes(client.get(LIST, {"level": levels.commune.pk})) == ["XA-TP"]


def test_the_list_filters_active_and_ended_units(units, people, levels, client_for):
    unit_create(
        actor=None,
        code="HU-CU",
        name="Huyện ủy cũ",
        kind=UnitKind.PARTY_COMMITTEE,
        level=levels.district,
        parent=units.province,
        valid_from=datetime.date(2015, 1, 1),
        valid_to=datetime.date(2025, 6, 30),
    )
    client = client_for(people.admin)

    ended = client.get(LIST, {"status": "ended"})
    assert _listed_codes(ended) == ["HU-CU"]
    assert "30/06/2025" in ended.content.decode()
    assert "HU-CU" not in _listed_codes(client.get(LIST, {"status": "active"}))
    assert "HU-CU" in _listed_codes(client.get(LIST))


def test_the_list_is_paged(units, people, levels, client_for):
    for number in range(60):
        unit_create(
            actor=None,
            code=f"CB-{number:02}",
            name=f"Chi bộ {number}",
            kind=UnitKind.PARTY_COMMITTEE,
            level=levels.division,
            parent=units.commune,
        )
    client = client_for(people.admin)

    first, second = client.get(LIST), client.get(LIST, {"page": 2})

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 16
    assert not set(_listed_codes(first)) & set(_listed_codes(second))


def test_the_number_of_queries_does_not_grow_with_the_units(units, people, levels, client_for):
    client = client_for(people.admin)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for number in range(20):
        unit_create(
            actor=None,
            code=f"CB-{number:02}",
            name=f"Chi bộ {number}",
            kind=UnitKind.PARTY_COMMITTEE,
            level=levels.division,
            parent=units.commune,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)

    assert len(many) == len(few)


def test_only_unit_creators_see_the_new_and_import_buttons(units, people, client_for):
    admin_page = client_for(people.admin).get(LIST).content.decode()
    handler_page = client_for(people.handler).get(LIST).content.decode()

    assert CREATE in admin_page and reverse("org:unit_import") in admin_page
    assert CREATE not in handler_page and reverse("org:unit_import") not in handler_page


# Detail


def test_an_outsider_gets_404_on_a_unit_of_another_province(units, people, client_for):
    client = client_for(people.outsider)

    assert client.get(reverse("org:unit_detail", args=[units.committee.pk])).status_code == 404
    assert client.get(reverse("org:unit_edit", args=[units.committee.pk])).status_code == 404
    assert client.post(
        reverse("org:unit_edit", args=[units.committee.pk]), _form_data(units.committee)
    ).status_code == (404)


def test_the_detail_shows_facts_children_and_role_holders_to_a_manager(units, people, client_for):
    response = client_for(people.admin).get(reverse("org:unit_detail", args=[units.committee.pk]))
    page = response.content.decode()

    assert response.status_code == 200
    assert "UBND-HB" in page
    assert reverse("org:unit_detail", args=[units.province.pk]) in page  # parent, linked
    assert reverse("org:unit_detail", args=[units.finance.pk]) in page  # child
    assert reverse("accounts:account_detail", args=[people.handler.pk]) in page
    assert reverse("accounts:account_detail", args=[people.head.pk]) in page
    assert reverse("org:unit_edit", args=[units.committee.pk]) in page


def test_a_handler_sees_their_unit_without_role_holders_or_edit_button(units, people, client_for):
    response = client_for(people.handler).get(reverse("org:unit_detail", args=[units.committee.pk]))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Tỉnh ủy Hòa Bình" in page  # the parent's name
    assert reverse("org:unit_detail", args=[units.province.pk]) not in page  # but no link: not visible
    assert reverse("org:unit_detail", args=[units.finance.pk]) not in page
    assert reverse("accounts:account_detail", args=[people.head.pk]) not in page
    assert reverse("org:unit_edit", args=[units.committee.pk]) not in page


# Create and edit


def test_an_admin_creates_a_unit_through_the_form(units, people, levels, client_for):
    client = client_for(people.admin)
    data = _form_data(level=levels.province.pk, parent=units.province.pk)

    response = client.post(CREATE, data, follow=True)

    unit = Unit.objects.get(code="TT-HB")
    assert response.redirect_chain[-1][0] == reverse("org:unit_detail", args=[unit.pk])
    assert "Thanh tra tỉnh" in response.content.decode()
    assert (unit.parent, unit.valid_from, unit.chain_ids) == (
        units.province,
        datetime.date(2025, 7, 1),
        [units.province.pk, unit.pk],
    )
    event = AuditEvent.objects.get(action="org.unit.create", object_id=str(unit.pk))
    assert event.actor == people.admin


def test_a_duplicate_code_is_shown_on_the_form(units, people, levels, client_for):
    data = _form_data(code="ubnd-hb", level=levels.province.pk, parent=units.province.pk)

    response = client_for(people.admin).post(CREATE, data)

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not Unit.objects.filter(name="Thanh tra tỉnh").exists()


def test_a_commune_admin_can_only_create_under_their_commune(units, people, levels, client_for):
    client = client_for(people.commune_admin)

    under_province = client.post(CREATE, _form_data(level=levels.commune.pk, parent=units.province.pk))
    at_the_top = client.post(CREATE, _form_data(level=levels.commune.pk, parent=""))
    under_commune = client.post(CREATE, _form_data(level=levels.commune.pk, parent=units.commune.pk))

    assert under_province.context["form"].errors["parent"]
    assert at_the_top.context["form"].errors["parent"]
    assert under_commune.status_code == 302
    assert Unit.objects.get(code="TT-HB").parent == units.commune


def test_a_handler_cannot_create_units(units, people, client_for):
    assert client_for(people.handler).get(CREATE).status_code == 403


def test_a_handler_gets_403_on_editing_their_own_unit(units, people, client_for):
    client = client_for(people.handler)
    url = reverse("org:unit_edit", args=[units.committee.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, _form_data(units.committee, name="Đổi tên")).status_code == 403
    assert Unit.objects.get(pk=units.committee.pk).name == "Ủy ban nhân dân tỉnh"


def test_an_admin_moves_a_unit_through_the_form(units, people, client_for):
    url = reverse("org:unit_edit", args=[units.committee.pk])
    data = _form_data(units.committee, parent=units.commune.pk, reason="Sáp nhập")

    response = client_for(people.admin).post(url, data)

    assert response.status_code == 302
    finance = Unit.objects.get(pk=units.finance.pk)
    assert finance.chain_ids == [units.province.pk, units.commune.pk, units.committee.pk, units.finance.pk]
    event = AuditEvent.objects.get(action="org.unit.update")
    assert event.reason == "Sáp nhập"


def test_a_commune_admin_edits_their_unit_and_keeps_its_parent(units, people, client_for):
    url = reverse("org:unit_edit", args=[units.commune.pk])
    client = client_for(people.commune_admin)

    response = client.post(url, _form_data(units.commune, name="Đảng ủy xã Tân Phú (mới)"))

    assert response.status_code == 302
    commune = Unit.objects.get(pk=units.commune.pk)
    assert (commune.name, commune.parent) == ("Đảng ủy xã Tân Phú (mới)", units.province)


def test_a_unit_cannot_be_moved_into_its_own_subtree_through_the_form(units, people, client_for):
    url = reverse("org:unit_edit", args=[units.committee.pk])

    response = client_for(people.admin).post(url, _form_data(units.committee, parent=units.finance.pk))

    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    assert Unit.objects.get(pk=units.committee.pk).parent == units.province


def test_an_end_date_before_the_start_date_is_shown_on_the_form(units, people, levels, client_for):
    data = _form_data(level=levels.province.pk, parent=units.province.pk, valid_to="30/06/2025")

    response = client_for(people.admin).post(CREATE, data)

    assert response.context["form"].errors["valid_to"]


def test_an_outsider_cannot_create_a_unit_under_another_province(units, people, levels, client_for):
    response = client_for(people.outsider).post(CREATE, _form_data(level=levels.province.pk, parent=units.province.pk))

    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    assert not Unit.objects.filter(code="TT-HB").exists()


def test_the_new_unit_form_can_start_under_a_given_parent(units, people, client_for):
    client = client_for(people.commune_admin)

    own = client.get(CREATE, {"parent": units.commune.pk})
    foreign = client.get(CREATE, {"parent": units.province.pk})

    assert own.context["form"]["parent"].value() == units.commune.pk
    assert foreign.context["form"]["parent"].value() is None
    assert list(own.context["form"].fields["parent"].queryset) == [units.commune]
