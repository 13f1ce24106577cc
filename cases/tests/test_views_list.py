"""The petition list: /staff/petitions/."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.services import account_create
from cases import services
from cases.models import Channel, Kind, Status, Subject
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = reverse("cases:petition_list")


def submit(unit, *, day=None, channel=Channel.HOTLINE, kind=Kind.DENUNCIATION, subject=Subject.CORRUPTION, **kw):
    received = timezone.make_aware(datetime.datetime.combine(day or datetime.date(2026, 11, 2), datetime.time(9)))
    return services.petition_submit(
        submission=services.Submission(
            channel=channel,
            kind=kind,
            subject=subject,
            content=kw.pop("content", "Nội dung"),
            unit=unit,
            received_at=received,
            identity=kw.pop("identity", None),
            **kw,
        ),
        issue_receipt=False,
    ).petition


def references(response) -> list[str]:
    return [petition.reference for petition in response.context["page_obj"]]


def test_the_list_shows_the_units_petitions_newest_first_without_identities(people, units, client_for):
    older = submit(units.committee, day=datetime.date(2026, 10, 1), identity={"full_name": "Lý Thị Danh"})
    newer = submit(units.committee, day=datetime.date(2026, 11, 1))

    response = client_for(people.head).get(URL)

    assert response.status_code == 200
    assert references(response) == [newer.reference, older.reference]
    page = response.content.decode()
    assert "Lý Thị Danh" not in page
    assert older.pseudonym in page
    assert "no-store" in response["Cache-Control"]


def test_the_register_button_is_for_intake_officers(people, units, client_for):
    create = reverse("cases:petition_create")
    assert create in client_for(people.intake).get(URL).content.decode()
    assert create not in client_for(people.head).get(URL).content.decode()


def test_a_petition_without_a_working_copy_is_marked(people, units, client_for):
    waiting = submit(units.committee)
    done = submit(units.committee)
    services.petition_register(petition=done, actor=people.intake, working_content="Bản làm việc")

    response = client_for(people.intake).get(URL, {"status": Status.RECEIVED})

    assert references(response) == [waiting.reference]
    assert "badge" in response.content.decode()


@pytest.mark.parametrize("who", ["outsider", "personnel", "admin", "oversight", "reporting"])
def test_people_without_a_petition_role_are_refused(people, units, client_for, who):
    petition = submit(units.committee)
    response = client_for(getattr(people, who)).get(URL)
    assert response.status_code == 403
    assert petition.reference not in response.content.decode()


def test_an_intake_officer_of_another_province_sees_nothing_of_this_one(people, units, client_for):
    stranger = account_create(
        actor=None, username="tn.lc", full_name="Lò Thị A", password=PASSWORD, unit=units.other, role=Role.INTAKE
    )
    submit(units.committee)
    response = client_for(stranger).get(URL)
    assert response.status_code == 200
    assert references(response) == []
    assert list(response.context["form"].fields["unit"].queryset) == [units.other]


def test_the_filters_narrow_the_list(people, units, client_for):
    membership = account_create(
        actor=None, username="tn.xa", full_name="Xã Nhận", password=PASSWORD, unit=units.commune, role=Role.INTAKE
    )
    assert membership
    chief = account_create(
        actor=None,
        username="bithu",
        full_name="Bí Thư",
        password=PASSWORD,
        unit=units.province,
        role=Role.HEAD,
        scope="subtree",
    )
    hotline = submit(units.committee, day=datetime.date(2026, 11, 3))
    email = submit(units.committee, channel=Channel.EMAIL, kind=Kind.FEEDBACK, day=datetime.date(2026, 11, 5))
    waste = submit(units.committee, subject=Subject.WASTE, day=datetime.date(2026, 11, 7))
    commune = submit(units.commune, day=datetime.date(2026, 11, 9))
    services.petition_register(petition=email, actor=people.intake, working_content="Xe công dùng vào việc riêng")
    client = client_for(chief)

    def listed(**query):
        return set(references(client.get(URL, query)))

    assert listed() == {hotline.reference, email.reference, waste.reference, commune.reference}
    assert listed(channel=Channel.EMAIL) == {email.reference}
    assert listed(kind=Kind.FEEDBACK) == {email.reference}
    assert listed(subject=Subject.WASTE) == {waste.reference}
    assert listed(status=Status.REGISTERED) == {email.reference}
    assert listed(unit=units.commune.pk) == {commune.reference}
    assert listed(received_from="05/11/2026", received_to="07/11/2026") == {email.reference, waste.reference}
    assert listed(received_to="03/11/2026") == {hotline.reference}
    assert listed(q="việc riêng") == {email.reference}
    assert listed(q=commune.reference) == {commune.reference}
    # A bad filter value is dropped, the others still apply.
    assert listed(channel=Channel.EMAIL, received_from="32/13/2026") == {email.reference}
    # A unit the person cannot see is no filter at all.
    assert client.get(URL, {"unit": units.other.pk}).context["form"].errors["unit"]


def test_the_list_pages(people, units, client_for, settings):
    settings.PAGE_SIZE = 3
    created = [submit(units.committee, day=datetime.date(2026, 11, 1) + datetime.timedelta(days=n)) for n in range(7)]
    client = client_for(people.head)

    first = client.get(URL)
    last = client.get(URL, {"page": 3})

    assert references(first) == [p.reference for p in reversed(created[-3:])]
    assert references(last) == [created[0].reference]
    assert first.context["page_obj"].paginator.num_pages == 3
    assert "page=2" in first.content.decode()


def test_the_list_costs_the_same_queries_for_few_and_many_rows(
    people, units, client_for, django_assert_max_num_queries
):
    client = client_for(people.head)
    submit(units.committee)
    with django_assert_max_num_queries(12):
        client.get(URL)
    for n in range(30):
        submit(units.committee, channel=Channel.POST, day=datetime.date(2026, 10, 1) + datetime.timedelta(days=n))
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"channel": Channel.POST})
    assert len(references(response)) == 30
