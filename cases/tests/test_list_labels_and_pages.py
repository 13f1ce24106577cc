"""The lists at national scale, second pass (issue 8): each row's labels come from a table made once
(not from ``get_<field>_display``, which translated every choice of the field for each cell), a
later page of a worklist carries the whole list's count in the query of its keys, and a text search
of the petition list reads the keys first. What a user sees stays the same."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role
from cases import worklists
from cases.models import Channel, Deadline, Kind, Petition, StepKind
from cases.tests.test_worklists import deadline, person, register, submit

pytestmark = pytest.mark.django_db


def overdue_url():
    return reverse("cases:worklist", args=["overdue"])


def test_the_labels_of_each_row_are_those_of_the_model_in_vietnamese(people, units, client_for):
    head = person("bithu", units.committee, Role.HEAD)
    today = timezone.localdate()
    petition = submit(units.committee, channel=Channel.EMAIL, kind=Kind.COMPLAINT)
    deadline(today - datetime.timedelta(days=3), petition=petition, step=StepKind.INITIAL_HANDLING)
    client = client_for(head)
    client.cookies["django_language"] = "vi"

    listed = client.get(reverse("cases:petition_list"))
    shown = next(row for row in listed.context["page_obj"] if row.pk == petition.pk)
    worked = client.get(overdue_url())
    time_limit = next(row for row in worked.context["page"].rows if row.petition_id == petition.pk)
    with translation.override("vi"):
        expected = {
            "channel": petition.get_channel_display(),
            "kind": petition.get_kind_display(),
            "subject": petition.get_subject_display(),
            "status": petition.get_status_display(),
        }
        step = str(time_limit.get_step_display())
        assert {name: str(label) for name, label in shown.labels.items()} == expected
        assert str(time_limit.labels["step"]) == step
        assert {name: str(label) for name, label in time_limit.petition.labels.items()} == {
            name: expected[name] for name in ("kind", "subject", "status")
        }
    listed_text, worked_text = listed.content.decode(), worked.content.decode()
    for name in ("channel", "kind", "subject", "status"):
        assert f"<td>{expected[name]}" in listed_text
    for name in ("kind", "subject", "status"):
        assert f"<td>{expected[name]}</td>" in worked_text
    assert f"<td>{step}</td>" in worked_text


def test_a_value_outside_the_choices_shows_as_itself():
    petition = Petition(channel="fax", kind=Kind.COMPLAINT, subject="", status="received")
    worklists.with_labels([petition])
    assert petition.labels["channel"] == "fax"
    assert petition.labels["kind"] == Kind.COMPLAINT.label


@pytest.mark.parametrize(("cap", "expected"), [(4, (4, True)), (20, (14, False))])
def test_a_later_page_counts_the_whole_list_up_to_the_cap(
    people, units, client_for, settings, monkeypatch, cap, expected
):
    settings.PAGE_SIZE = 3
    monkeypatch.setattr(worklists, "COUNT_CAP", cap)
    head = person("bithu", units.committee, Role.HEAD)
    today = timezone.localdate()
    made = [
        deadline(today - datetime.timedelta(days=20 - n), petition=submit(units.committee), step=StepKind.RESOLVE)
        for n in range(7)
    ]
    client = client_for(head)
    first = client.get(overdue_url())
    cursor = first.context["page"].next_cursor
    second = client.get(overdue_url(), {"cursor": cursor})
    page = second.context["page"]
    assert (page.count, page.more) == expected
    # Seven time limits, and the initial handling of each petition (received on 02/11/2026): oldest
    # first, the second page right after the first.
    listed = Deadline.objects.filter(done_on__isnull=True, cancelled=False, due_on__lt=today).order_by("due_on", "pk")
    assert listed.count() == 14 and {d.pk for d in made} <= set(listed.values_list("pk", flat=True))
    shown = [row.pk for row in first.context["page"].rows] + [row.pk for row in page.rows]
    assert shown == list(listed.values_list("pk", flat=True)[:6])


def test_a_text_search_of_the_petition_list_gives_the_newest_matches_and_their_count(
    people, units, client_for, settings
):
    settings.PAGE_SIZE = 2
    head = person("bithu", units.committee, Role.HEAD)
    intake = person("nhandon", units.committee, Role.INTAKE)
    matching = []
    for n in range(5):
        petition = submit(units.committee, day=datetime.date(2026, 10, 1) + datetime.timedelta(days=n))
        text = "Đề nghị bồi thường đất" if n % 2 == 0 else "Tố cáo cán bộ"
        register(petition, intake, text)
        if n % 2 == 0:
            matching.append(petition.reference)
    client = client_for(head)
    response = client.get(reverse("cases:petition_list"), {"q": "boi thuong"})
    page = response.context["page_obj"]
    assert [row.reference for row in page] == list(reversed(matching))[:2]
    assert (page.paginator.count, page.paginator.more) == (3, False)
    second = client.get(reverse("cases:petition_list"), {"q": "boi thuong", "page": 2})
    assert [row.reference for row in second.context["page_obj"]] == list(reversed(matching))[2:]
