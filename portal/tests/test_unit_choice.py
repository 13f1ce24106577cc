"""The unit a report concerns: a valid report looks up the chosen unit alone; the list of every
published unit is built only to render the form, cached, and refreshed when a unit changes."""

import datetime
import json
import re
from unittest import mock

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Petition
from org.models import UnitKind
from org.services import unit_create
from portal.forms import UnitSelect
from portal.tests.conftest import receipt_in, report_data

pytestmark = pytest.mark.django_db

# The query that reads the whole unit list (code, name, depth of every published unit).
LIST_QUERY = re.compile(r'SELECT "org_unit"\."code"( AS "code")?, "org_unit"\."name"( AS "name")?, "org_unit"\."depth"')


def unit_options(html: str) -> dict[str, str]:
    select = html[html.index('<select name="unit"') : html.index("</select>")]
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select))


def list_queries(captured) -> int:
    return sum(1 for query in captured if LIST_QUERY.search(query["sql"]))


def test_a_valid_report_never_builds_the_unit_list(portal, units, people):
    never = mock.Mock(side_effect=AssertionError("the unit list was built for a valid report"))
    with (
        mock.patch("portal.forms.unit_choices", never),
        mock.patch("portal.forms._unit_rows", never),
        CaptureQueriesContext(connection) as captured,
    ):
        response = portal.post(reverse("portal:submit"), report_data(units, unit=units.finance.code))
    assert response.status_code == 200
    receipt_in(response.content.decode())
    assert list_queries(captured) == 0
    assert Petition.objects.get().concerned_unit == units.finance


def test_a_valid_report_through_the_api_never_builds_the_unit_list(portal, units, people):
    body = {
        "kind": "denunciation",
        "subject": "corruption",
        "content": "Cán bộ thu tiền sai quy định.",
        "unit": "UBND-HB",
    }
    never = mock.Mock(side_effect=AssertionError("the unit list was built for a valid report"))
    with mock.patch("portal.forms.unit_choices", never), mock.patch("portal.forms._unit_rows", never):
        response = portal.post(reverse("api:reports"), json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    assert Petition.objects.get().concerned_unit == units.committee


def test_a_report_with_errors_shows_the_whole_list_with_the_chosen_unit_selected(portal, units, people):
    response = portal.post(reverse("portal:submit"), report_data(units, unit=units.finance.code, content=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert list(unit_options(html)) == ["", "-", "TU-HB", "UBKT-HB", "UBND-HB", "STC-HB", "XA-TP", "TU-LC"]
    assert re.findall(r'<option value="([^"]*)" selected>', html) == ["STC-HB"]
    assert Petition.objects.count() == 0


def test_an_unknown_or_ended_unit_gets_django_s_invalid_choice_message(portal, units, people):
    units.commune.valid_to = timezone.localdate() - datetime.timedelta(days=1)
    units.commune.save()
    expected = forms.ChoiceField.default_error_messages["invalid_choice"]
    for code in ("KHONG-CO", units.commune.code):
        response = portal.post(reverse("portal:submit"), report_data(units, unit=code))
        assert response.status_code == 400
        assert str(expected) % {"value": code} in response.content.decode()
    assert Petition.objects.count() == 0


def test_the_list_is_cached_and_a_changed_or_new_unit_appears_on_the_next_page(portal, units, levels):
    units.commune.published = False
    units.commune.save()
    with CaptureQueriesContext(connection) as first:
        assert "XA-TP" not in unit_options(portal.get(reverse("portal:submit")).content.decode())
    with CaptureQueriesContext(connection) as second:
        portal.get(reverse("portal:submit"))
    assert (list_queries(first), list_queries(second)) == (1, 0)

    units.commune.published = True
    units.commune.save()
    assert "XA-TP" in unit_options(portal.get(reverse("portal:submit")).content.decode())

    unit_create(
        actor=None,
        code="XA-MOI",
        name="Đảng ủy xã Mới",
        kind=UnitKind.PARTY_COMMITTEE,
        level=levels.commune,
        parent=units.province,
    )
    options = unit_options(portal.get(reverse("portal:submit")).content.decode())
    assert options["XA-MOI"] == "\u00a0" * 3 + "Đảng ủy xã Mới"


def test_the_unit_select_writes_the_html_of_django_s_select():
    choices = [
        ("", "Chọn"),
        ("-", "Không rõ"),
        ("A&B", '<b>"Sở"</b>'),
        ("X", "\u00a0\u00a0\u00a0Xã"),
        ("X", "lặp"),
        ("O'K", "Bà O'Neil"),
    ]
    attrs = {"id": "id_unit", "aria-describedby": "id_unit_helptext", "required": True, "disabled": False}
    for value in (None, "", "X", "A&B", "O'K", "không có"):
        ours = UnitSelect(choices=choices).render("unit", value, attrs=attrs)
        django = forms.Select(choices=choices).render("unit", value, attrs=attrs)
        assert ours == django
