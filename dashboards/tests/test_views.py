"""The dashboard page: who sees which units, what the HTML shows (and never shows), and that it keeps
to the CSP (no inline style, no script, nothing from another site)."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cases.models import Kind, Petition
from dashboards.periods import preset_window

from .conftest import accuse, at, matter, submit

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:home")
WINDOW = {"preset": "custom", "date_from": "01/03/2026", "date_to": "30/04/2026"}
MARKER_NAME = "Hà Thị Đánhdấu"
MARKER_CONTENT = "nội-dung-đánh-dấu-7431"
MARKER_ACCUSED = "Trịnh Văn Bịcáo"


class Text(HTMLParser):
    """Every text node and every attribute a person or a screen reader gets."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        for name, value in attrs:
            if name in ("aria-label", "title", "alt", "placeholder") and value:
                self.texts.append(value)

    def handle_data(self, data):
        if data.strip():
            self.texts.append(data.strip())


def parse(response) -> Text:
    parser = Text()
    parser.feed(response.content.decode())
    return parser


def page(client, **params):
    response = client.get(URL, {**WINDOW, **params})
    assert response.status_code == 200
    return response


def test_the_page_draws_accessible_charts_without_script_or_inline_style(units, people, intake, client_for):
    for day in range(1, 8):
        submit(units.committee, at(datetime.date(2026, 3, day)))
    response = page(client_for(people.head))
    html = response.content.decode()
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert html.count("<svg") >= 3  # the petitions charts; the empty ones say so instead
    assert "<details" in html  # each chart's numbers as a table
    assert "style=" not in html.lower()
    assert "<script" not in html.lower()
    parsed = parse(response)
    for tag, attrs in parsed.tags:
        for name in ("href", "src"):
            value = attrs.get(name) or ""
            assert not value.startswith(("http:", "https:", "//")), (tag, value)
        if tag == "svg":
            assert attrs.get("role") == "img" and attrs.get("aria-label")
    assert 'href="/static/dashboards/dashboards.css"' in html or "dashboards/dashboards." in html
    assert response.context["section"] == "dashboard"


def test_a_unit_with_three_petitions_shows_less_than_five_never_three(units, people, intake, client_for):
    for day in (3, 9, 17):
        submit(units.committee, at(datetime.date(2026, 3, day)))
    parsed = parse(page(client_for(people.head)))
    texts = parsed.texts
    assert "< 5" in texts
    for text in texts:
        assert not re.search(r"(?<![\d/.,:])3(?![\d/.,%])", text), text


def test_complementary_suppression_reaches_the_page(units, people, intake, client_for):
    """Three denunciations and six feedbacks in March: the total 9 is shown, so the six are hidden too."""
    for day in (3, 9, 17):
        submit(units.committee, at(datetime.date(2026, 3, day)))
    for day in range(1, 7):
        submit(units.committee, at(datetime.date(2026, 3, day)), kind=Kind.FEEDBACK)
    response = page(client_for(people.head))
    texts = parse(response).texts
    assert "9" in texts and "≥ 5" in texts
    assert "6" not in texts
    chart = next(c for p in response.context["panels"] for c in p.charts if c.id == "chart-petitions-period")
    march = chart.rows[0]
    assert march[0] == "03/2026" and march[-1] == "9"
    assert sorted(march[1:-1]) == sorted(["< 5", "0", "≥ 5", "0"])


def test_no_identity_or_content_reaches_the_page(units, people, intake, client_for):
    petitions = [
        submit(
            units.committee,
            at(datetime.date(2026, 3, day)),
            content=f"Tố cáo {MARKER_CONTENT}",
            identity={"full_name": MARKER_NAME, "id_number": "001199077777", "phone": "0912345678", "email": ""},
            accused=[{"name": MARKER_ACCUSED, "position": "Trưởng phòng", "unit": "Sở Tài chính"}],
        )
        for day in range(1, 7)
    ]
    Petition.objects.filter(pk__in=[p.pk for p in petitions]).update(working_content=f"Bản làm việc {MARKER_CONTENT}")
    matter(units.committee, *petitions, opened=at(datetime.date(2026, 3, 8)), summary=f"Tóm tắt {MARKER_CONTENT}")
    html = page(client_for(people.head)).content.decode()
    for marker in (MARKER_NAME, MARKER_CONTENT, MARKER_ACCUSED, "001199077777", "0912345678", petitions[0].reference):
        assert marker not in html
    assert ">6<" in html  # the six petitions are counted


def test_the_accused_head_does_not_count_the_matter_accusing_them(units, people, intake, client_for):
    plain = [submit(units.committee, at(datetime.date(2026, 3, day))) for day in range(1, 6)]
    against = [submit(units.committee, at(datetime.date(2026, 3, 20 + day))) for day in range(3)]
    accuse(against[0], people.head)
    matter(units.committee, *against, opened=at(datetime.date(2026, 3, 25)))
    assert len(plain) == 5

    def received(user):
        response = page(client_for(user), unit=units.committee.pk)
        panel = next(p for p in response.context["panels"] if p.key == "petitions")
        return panel.facts[0].value

    assert received(people.intake) == "8"
    assert received(people.head) == "5"


def test_outsiders_see_only_their_units_and_get_404_for_another(units, people, client_for):
    client = client_for(people.outsider)
    response = page(client)
    options = [attrs.get("value") for tag, attrs in parse(response).tags if tag == "option"]
    assert str(units.other.pk) in options
    assert str(units.province.pk) not in options and str(units.committee.pk) not in options
    assert response.context["unit"] == units.other
    assert client.get(URL, {"unit": units.committee.pk}).status_code == 404
    assert client.get(URL, {"unit": "abc"}).status_code == 404
    # Inside the province, the committee's head may not look at the finance department either.
    assert client_for(people.head).get(URL, {"unit": units.finance.pk}).status_code == 404


def test_the_default_unit_is_the_highest_the_person_holds_a_role_in(units, people, client_for):
    assert page(client_for(people.reporting)).context["unit"] == units.province
    assert page(client_for(people.head)).context["unit"] == units.committee


def test_someone_without_a_role_is_refused(db):
    client = Client()
    client.force_login(User.objects.create_user(username="khongvaitro", password="x" * 20))
    assert client.get(URL).status_code == 403


def test_panels_follow_the_roles(units, people, client_for):
    def keys(user):
        return [panel.key for panel in page(client_for(user)).context["panels"]]

    assert keys(people.custodian)[:4] == ["petitions", "handling", "protection", "retaliation"]
    assert "protection" not in keys(people.oversight) and "retaliation" in keys(people.oversight)
    personnel = keys(people.personnel)
    assert "petitions" not in personnel and "protection" not in personnel and "retaliation" not in personnel


def test_presets_and_a_wrong_window(units, people, client_for):
    client = client_for(people.head)
    review = page(client, preset="review", date_from="", date_to="").context
    assert (review["window"].date_from, review["window"].date_to) == (
        datetime.date(2019, 1, 10),
        datetime.date(2023, 12, 31),
    )
    labels = next(c for p in review["panels"] for c in p.charts if c.id == "chart-petitions-period").rows
    assert len(labels) == 20
    wrong = client.get(URL, {"preset": "custom", "date_from": "30/04/2026", "date_to": "01/03/2026"})
    assert wrong.status_code == 200
    assert wrong.context["form"].non_field_errors()
    today = wrong.context["window"].date_to
    assert wrong.context["window"] == preset_window("last12", today)
