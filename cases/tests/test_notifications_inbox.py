"""The in-app inbox: one's own notifications only, newest first, unread marked, paged; the menu count."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from baove.context_processors import navigation
from cases import services
from cases.models import Accused, Channel, Kind, Matter, Notification, Petition, Subject

pytestmark = pytest.mark.django_db

URL = reverse("cases:inbox")
Kinds = Notification.Kind


def submit(units):
    return services.petition_submit(
        submission=services.Submission(
            channel=Channel.HOTLINE, kind=Kind.FEEDBACK, subject=Subject.WASTE, unit=units.committee, content="x"
        ),
        issue_receipt=False,
    ).petition


def matter_of(petition, units):
    matter = Matter.objects.create(
        reference=f"VV-{petition.pk}",
        unit=units.committee,
        kind=Kind.FEEDBACK,
        subject=Subject.WASTE,
        summary="…",
        opened_at=timezone.now(),
    )
    Petition.objects.filter(pk=petition.pk).update(matter=matter)
    return matter


def note(user, key, *, kind=Kinds.OVERDUE, created=None, **about):
    notification = Notification.objects.create(user=user, kind=kind, dedupe_key=key, **about)
    if created is not None:
        Notification.objects.filter(pk=notification.pk).update(created_at=created)
    return notification


def test_the_inbox_lists_ones_own_notifications_newest_first(people, units, client_for):
    petition = submit(units)
    now = timezone.now()
    older = note(people.intake, "a", petition=petition, created=now - datetime.timedelta(days=2))
    newer = note(people.intake, "b", kind=Kinds.DUE_SOON, petition=petition, created=now)
    note(people.handler, "c", petition=petition)

    response = client_for(people.intake).get(URL)

    assert response.status_code == 200
    assert [n.pk for n in response.context["page_obj"]] == [newer.pk, older.pk]
    page = response.content.decode()
    assert reverse("cases:petition_detail", args=[petition.pk]) in page
    assert petition.reference in page
    assert "no-store" in response["Cache-Control"]


def test_unread_notifications_are_highlighted_and_offer_mark_as_read(people, units, client_for):
    read = note(people.intake, "a", petition=submit(units))
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    unread = note(people.intake, "b", petition=submit(units))

    page = client_for(people.intake).get(URL).content.decode()

    assert page.count("<strong>") == 1
    assert reverse("cases:notification_read", args=[unread.pk]) in page
    assert reverse("cases:notification_read", args=[read.pk]) not in page


def test_the_inbox_is_paged(people, units, client_for, settings):
    settings.PAGE_SIZE = 3
    for n in range(4):
        note(people.handler, f"k{n}")
    client = client_for(people.handler)
    assert len(client.get(URL).context["page_obj"]) == 3
    assert len(client.get(URL, {"page": 2}).context["page_obj"]) == 1


def test_marking_as_read(people, units, client_for):
    notification = note(people.handler, "a")
    client = client_for(people.handler)
    assert client.get(reverse("cases:notification_read", args=[notification.pk])).status_code == 405

    response = client.post(reverse("cases:notification_read", args=[notification.pk]), {"next": f"{URL}?page=1"})

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?page=1"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_as_read_does_not_redirect_elsewhere(people, client_for):
    notification = note(people.handler, "a")
    response = client_for(people.handler).post(
        reverse("cases:notification_read", args=[notification.pk]), {"next": "https://example.com/"}
    )
    assert response["Location"] == URL


@pytest.mark.parametrize("who", ["intake", "outsider", "admin"])
def test_another_persons_notification_is_404(people, client_for, who):
    notification = note(people.handler, "a")
    response = client_for(getattr(people, who)).post(reverse("cases:notification_read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_as_read_touches_only_ones_own(people, client_for):
    mine, theirs = note(people.handler, "a"), note(people.intake, "b")
    client_for(people.handler).post(reverse("cases:notifications_read_all"))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None


def test_a_notification_about_a_matter_that_now_accuses_you_disappears(people, units, client_for):
    petition = submit(units)
    matter = matter_of(petition, units)
    notification = note(people.handler, "a", matter=matter)
    Accused.objects.create(petition=petition, name="x", user=people.handler)

    client = client_for(people.handler)
    assert list(client.get(URL).context["page_obj"]) == []
    assert matter.reference not in client.get(URL).content.decode()
    assert client.post(reverse("cases:notification_read", args=[notification.pk])).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_menu_shows_the_unread_count_in_one_query(people, units, django_assert_num_queries):
    note(people.handler, "a")
    note(people.handler, "b")
    Notification.objects.filter(pk=note(people.handler, "c").pk).update(read_at=timezone.now())
    note(people.intake, "d")
    request = RequestFactory().get(reverse("home"))
    request.user = people.handler
    permissions.active_memberships(people.handler)  # the rest of the menu's reads, done once per request anyway

    with django_assert_num_queries(1):
        items = navigation(request)["nav_items"]

    inbox = next(item for item in items if item.section == "inbox")
    assert inbox.url == URL
    assert "(2)" in str(inbox.label)


def test_everyone_on_the_staff_side_has_the_inbox_in_the_menu(people, client_for):
    for who in ("admin", "outsider", "personnel", "oversight"):
        response = client_for(getattr(people, who)).get(URL)
        assert response.status_code == 200
        assert any(item.section == "inbox" for item in response.context["nav_items"])
