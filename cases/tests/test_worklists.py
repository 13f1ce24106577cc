"""Worklists: /staff/petitions/work/ and each list under it."""

import datetime
import itertools

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, Scope
from accounts.services import account_create, membership_add
from cases import services, worklists
from cases.deadlines import deadline_done, due_date, rule_in_force
from cases.models import (
    Accused,
    Assignment,
    Channel,
    Deadline,
    Kind,
    Matter,
    MatterStatus,
    Status,
    StepKind,
    Subject,
)
from conftest import PASSWORD
from workcal.workdays import add_working_days

pytestmark = pytest.mark.django_db

HOME = reverse("cases:worklists")
_numbers = itertools.count(1)


def url(name):
    return reverse("cases:worklist", args=[name])


def person(username, unit, role, scope=Scope.UNIT):
    return account_create(
        actor=None, username=username, full_name=username, password=PASSWORD, unit=unit, role=role, scope=scope
    )


def submit(unit, *, day=datetime.date(2026, 11, 2), channel=Channel.HOTLINE, kind=Kind.DENUNCIATION, **kw):
    received = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return services.petition_submit(
        submission=services.Submission(
            channel=channel,
            kind=kind,
            subject=kw.pop("subject", Subject.CORRUPTION),
            content="Nội dung",
            unit=unit,
            received_at=received,
            **kw,
        ),
        issue_receipt=False,
    ).petition


def register(petition, actor, text="Bản làm việc"):
    return services.petition_register(petition=petition, actor=actor, working_content=text)


def matter(unit, *petitions, status=MatterStatus.ACCEPTED, day=datetime.date(2026, 11, 2), **fields):
    created = Matter.objects.create(
        reference=f"VV-{next(_numbers):05d}",
        unit=unit,
        kind=fields.pop("kind", Kind.DENUNCIATION),
        subject=fields.pop("subject", Subject.CORRUPTION),
        summary=fields.pop("summary", "Tóm tắt vụ việc"),
        status=status,
        opened_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
        **fields,
    )
    for petition in petitions:
        petition.matter = created
        petition.status = Status.IN_MATTER
        petition.save(update_fields=["matter", "status"])
        # Its classification into the matter ended its initial handling.
        deadline_done(step=StepKind.INITIAL_HANDLING, petition=petition, on=day)
    return created


def assign(matter_, handler, by, *, declared=True):
    return Assignment.objects.create(
        matter=matter_,
        handler=handler,
        assigned_by=by,
        declared_no_conflict_at=timezone.now() if declared else None,
    )


def deadline(due_on, *, petition=None, matter_=None, step=StepKind.INITIAL_HANDLING, **fields):
    return Deadline.objects.create(
        petition=petition,
        matter=matter_,
        step=step,
        rule=rule_in_force(step),
        starts_on=due_on - datetime.timedelta(days=10),
        due_on=due_on,
        **fields,
    )


def forward(petition, to_unit=None, body=""):
    """What ``cases.handling`` records when it forwards: to a unit in the system, the petition
    itself moves there; to an outside body, it stays. Either way its initial handling is done."""
    moved = {"unit": to_unit, "forward_unit": to_unit} if to_unit else {"forward_body": body}
    petition.__class__.objects.filter(pk=petition.pk).update(
        status=Status.FORWARDED, forwarded_at=timezone.now(), **moved
    )
    deadline_done(step=StepKind.INITIAL_HANDLING, petition=petition)
    petition.refresh_from_db()
    return petition


def initial_handling(petition) -> Deadline:
    """The initial-handling time limit that the petition's submission started."""
    return Deadline.objects.get(petition=petition, step=StepKind.INITIAL_HANDLING)


def rows(response):
    return response.context["page"].rows


def pks(response):
    return [row.pk for row in rows(response)]


# Which lists each person has


def test_the_landing_counts_each_list_the_intake_officer_has(people, units, client_for):
    today = timezone.localdate()
    received = submit(units.committee)  # on 02/11, unclassified since: its initial handling is overdue
    register(submit(units.committee, day=today), people.intake)
    submit(units.committee, day=today)
    assert initial_handling(received).due_on < today

    response = client_for(people.intake).get(HOME)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    counts = {worklist.name: (count, more) for worklist, count, more in response.context["counts"]}
    assert counts == {
        "to_classify": (3, False),
        "due_soon": (0, False),
        "overdue": (1, False),
        "forwarded": (0, False),
    }
    assert url("to_classify") in response.content.decode()


def test_each_role_has_its_lists(people, units):
    def names(user):
        return [worklist.name for worklist in worklists.worklists_for(user)]

    assert names(people.intake) == ["to_classify", "due_soon", "overdue", "forwarded"]
    assert names(people.handler) == ["mine", "due_soon", "overdue"]
    assert names(people.head) == ["due_soon", "overdue", "forwarded", "decisions"]
    assert names(people.custodian) == ["due_soon", "overdue"]
    for who in ("outsider", "personnel", "admin", "oversight", "reporting", "commune_admin"):
        assert names(getattr(people, who)) == []


@pytest.mark.parametrize("who", ["outsider", "personnel", "admin", "oversight", "reporting"])
def test_people_without_a_case_role_are_refused_everywhere(people, units, client_for, who):
    petition = submit(units.committee)
    client = client_for(getattr(people, who))
    assert client.get(HOME).status_code == 403
    for name in worklists.WORKLISTS:
        response = client.get(url(name))
        assert response.status_code == 403
        assert petition.reference not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "name"),
    [("head", "to_classify"), ("intake", "mine"), ("intake", "decisions"), ("handler", "forwarded")],
)
def test_a_list_of_another_role_is_refused(people, units, client_for, who, name):
    submit(units.committee)
    assert client_for(getattr(people, who)).get(url(name)).status_code == 403


def test_an_unknown_list_is_not_found(people, client_for):
    assert client_for(people.intake).get(url("everything")).status_code == 404


def test_signing_in_is_required(units):
    from django.test import Client

    response = Client().get(url("to_classify"))
    assert response.status_code == 302


def test_people_of_another_province_see_empty_lists(people, units, client_for):
    other_intake = person("tn.lc", units.other, Role.INTAKE)
    other_head = person("tt.lc", units.other, Role.HEAD, Scope.SUBTREE)
    petition = submit(units.committee)
    late = matter(units.committee, status=MatterStatus.AWAITING_DECISION)
    deadline(timezone.localdate() - datetime.timedelta(days=3), petition=petition)
    deadline(timezone.localdate(), matter_=late)

    for user in (other_intake, other_head):
        client = client_for(user)
        counts = client.get(HOME).context["counts"]
        assert all(count == 0 for _worklist, count, _more in counts)
        for worklist, _count, _more in counts:
            response = client.get(url(worklist.name))
            assert response.status_code == 200
            assert rows(response) == []
            page = response.content.decode()
            assert petition.reference not in page
            assert late.reference not in page


# The lists


def test_to_classify_holds_received_and_registered_petitions_of_the_intake_units(people, units, client_for):
    received = submit(units.committee, day=datetime.date(2026, 11, 3))
    registered = register(submit(units.committee, day=datetime.date(2026, 11, 2)), people.intake)
    in_matter = submit(units.committee)
    matter(units.committee, in_matter)
    forward(submit(units.committee), body="Thanh tra tỉnh")
    person("tn.xa", units.commune, Role.INTAKE)
    elsewhere = submit(units.commune)

    response = client_for(people.intake).get(url("to_classify"))

    assert pks(response) == [received.pk, registered.pk]
    assert elsewhere.reference not in response.content.decode()


def test_the_rows_link_to_the_petition_and_show_no_identity(people, units, client_for):
    petition = submit(units.committee, identity={"full_name": "Lý Thị Danh", "phone": "0912345678"})

    response = client_for(people.intake).get(url("to_classify"))

    page = response.content.decode()
    assert reverse("cases:petition_detail", args=[petition.pk]) in page
    assert petition.pseudonym in page
    assert "Lý Thị Danh" not in page
    assert "0912345678" not in page
    assert "no-store" in response["Cache-Control"]


def test_mine_holds_the_matters_assigned_to_the_handler(people, units, client_for):
    other_handler = person("xuly2", units.committee, Role.HANDLER)
    mine = matter(units.committee, submit(units.committee))
    assign(mine, people.handler, people.head)
    ended = matter(units.committee, submit(units.committee))
    assignment = assign(ended, people.handler, people.head)
    Assignment.objects.filter(pk=assignment.pk).update(ended_at=timezone.now())
    theirs = matter(units.committee, submit(units.committee))
    assign(theirs, other_handler, people.head)

    response = client_for(people.handler).get(url("mine"))

    assert pks(response) == [mine.pk]
    page = response.content.decode()
    assert ended.reference not in page
    assert theirs.reference not in page


def test_a_matter_links_to_its_page(people, units, client_for):
    petition = submit(units.committee)
    assigned = matter(units.committee, petition)
    assign(assigned, people.handler, people.head)

    response = client_for(people.handler).get(url("mine"))

    expected = reverse("cases:matter_detail", args=[assigned.pk])
    assert rows(response)[0].link == expected
    assert expected in response.content.decode()


def test_an_undeclared_assignment_shows_the_number_only_and_no_filter_finds_it(people, units, client_for):
    pending = matter(
        units.committee, register(submit(units.committee), people.intake, "Đất ở Hòa Bình"), summary="Bí mật riêng"
    )
    assign(pending, people.handler, people.head, declared=False)
    deadline(timezone.localdate() - datetime.timedelta(days=2), matter_=pending, step=StepKind.RESOLVE)
    client = client_for(people.handler)

    response = client.get(url("mine"))
    assert [row.masked for row in rows(response)] == [True]
    page = response.content.decode()
    assert pending.reference in page
    assert "Bí mật riêng" not in page
    # Its time limits wait for the declaration too.
    assert rows(client.get(url("overdue"))) == []
    counts = {w.name: count for w, count, _more in client.get(HOME).context["counts"]}
    assert counts == {"mine": 1, "due_soon": 0, "overdue": 0}

    for query in ({"kind": Kind.DENUNCIATION}, {"q": "dat"}, {"subject": Subject.CORRUPTION}, {"overdue": "yes"}):
        assert rows(client.get(url("mine"), query)) == []

    Assignment.objects.filter(matter=pending).update(declared_no_conflict_at=timezone.now())
    response = client.get(url("mine"), {"q": "dat"})
    assert [(row.pk, row.masked) for row in rows(response)] == [(pending.pk, False)]
    assert "Bí mật riêng" in response.content.decode()


def test_due_soon_and_overdue_hold_open_time_limits_the_person_sees(people, units, client_for):
    today = timezone.localdate()
    last = add_working_days(today, settings.NOTIFY_DUE_SOON_WORKING_DAYS)
    petition = submit(units.committee)
    # Received on 02/11 and unclassified since, it is late with its initial handling too.
    arrived = initial_handling(petition)
    handled = matter(units.committee, submit(units.committee))
    due_today = deadline(today, petition=petition)
    due_last = deadline(last, matter_=handled, step=StepKind.RESOLVE)
    deadline(last + datetime.timedelta(days=1), petition=petition)  # later
    late = deadline(today - datetime.timedelta(days=1), petition=petition)
    very_late = deadline(today - datetime.timedelta(days=30), matter_=handled, step=StepKind.RESOLVE)
    deadline(today, petition=petition, done_on=today)  # done
    deadline(today - datetime.timedelta(days=3), petition=petition, cancelled=True)
    person("tn.xa", units.commune, Role.INTAKE)
    deadline(today, petition=submit(units.commune))  # another unit's
    client = client_for(people.head)

    assert pks(client.get(url("due_soon"))) == [due_today.pk, due_last.pk]
    overdue = sorted((very_late, late, arrived), key=lambda d: (d.due_on, d.pk))
    assert pks(client.get(url("overdue"))) == [d.pk for d in overdue]
    assert all(row.late for row in rows(client.get(url("overdue"))))


def test_an_unclassified_petition_is_overdue_from_its_arrival(people, units, client_for):
    today = timezone.localdate()
    eight_days_ago = add_working_days(today, -8)
    late = submit(units.committee, day=eight_days_ago)
    fresh = submit(units.committee, day=today)
    rule = rule_in_force(StepKind.INITIAL_HANDLING)
    for petition, received in ((late, eight_days_ago), (fresh, today)):
        started = initial_handling(petition)
        assert (started.starts_on, started.due_on) == (received, due_date(rule, received))
    client = client_for(people.intake)

    assert set(pks(client.get(url("to_classify")))) == {late.pk, fresh.pk}
    overdue = client.get(url("overdue"))
    assert pks(overdue) == [initial_handling(late).pk]
    assert [row.late for row in rows(overdue)] == [True]
    page = overdue.content.decode()
    assert late.reference in page
    assert fresh.reference not in page


def test_a_handler_sees_the_time_limits_of_assigned_matters_only(people, units, client_for):
    today = timezone.localdate()
    assigned = matter(units.committee, submit(units.committee))
    assign(assigned, people.handler, people.head)
    other = matter(units.committee, submit(units.committee))
    mine = deadline(today - datetime.timedelta(days=1), matter_=assigned, step=StepKind.RESOLVE)
    deadline(today - datetime.timedelta(days=1), matter_=other, step=StepKind.RESOLVE)
    deadline(today - datetime.timedelta(days=1), petition=submit(units.committee))

    assert pks(client_for(people.handler).get(url("overdue"))) == [mine.pk]


def test_forwarded_holds_petitions_forwarded_to_outside_bodies_from_the_persons_units(people, units, client_for):
    out = forward(submit(units.committee, day=datetime.date(2026, 11, 4)), body="Thanh tra Chính phủ")
    later = forward(submit(units.committee, day=datetime.date(2026, 11, 3)), body="Công an tỉnh")
    not_sent = submit(units.committee)
    not_sent.__class__.objects.filter(pk=not_sent.pk).update(status=Status.FORWARDED)
    commune_intake = person("tn.xa", units.commune, Role.INTAKE)
    moved = forward(submit(units.committee), units.commune)
    theirs = forward(submit(units.commune), body="Tòa án")

    for user in (people.intake, people.head):
        response = client_for(user).get(url("forwarded"))
        assert pks(response) == [out.pk, later.pk]
        page = response.content.decode()
        assert "Thanh tra Chính phủ" in page
        assert moved.reference not in page
    # Forwarded inside the system, the petition waits in the receiving unit's list to classify.
    commune = client_for(commune_intake)
    assert pks(commune.get(url("forwarded"))) == [theirs.pk]
    assert moved.pk in pks(commune.get(url("to_classify")))
    assert theirs.pk not in pks(commune.get(url("to_classify")))


def test_decisions_holds_matters_awaiting_a_decision_or_escalated_in_the_heads_units(people, units, client_for):
    awaiting = matter(units.committee, status=MatterStatus.AWAITING_DECISION, day=datetime.date(2026, 11, 5))
    complex_ = matter(units.committee, status=MatterStatus.ACCEPTED, flag_complex=True, day=datetime.date(2026, 11, 4))
    mass = matter(units.committee, status=MatterStatus.CHECKING, flag_mass=True, day=datetime.date(2026, 11, 3))
    matter(units.committee, status=MatterStatus.CONCLUDED, flag_over_level=True)  # escalated but done
    matter(units.committee, status=MatterStatus.ACCEPTED)  # nothing to decide
    matter(units.finance, status=MatterStatus.AWAITING_DECISION)  # another unit's head

    response = client_for(people.head).get(url("decisions"))

    assert pks(response) == [awaiting.pk, complex_.pk, mass.pk]
    deputy = person("pho", units.province, Role.DEPUTY_HEAD, Scope.SUBTREE)
    assert len(pks(client_for(deputy).get(url("decisions")))) == 4


# Filters


def test_the_filters_narrow_a_petition_list(people, units, client_for):
    chief = person("tn.tinh", units.province, Role.INTAKE, Scope.SUBTREE)
    # Received within the last days, so their initial handling is not yet overdue, but for ``waste``,
    # which arrived 40 days ago.
    today = timezone.localdate()
    day = {n: today - datetime.timedelta(days=n) for n in (1, 2, 4, 40)}
    hotline = submit(units.committee, day=day[2])
    email = register(
        submit(units.committee, channel=Channel.EMAIL, kind=Kind.FEEDBACK, day=day[4]),
        chief,
        "Xe công dùng vào việc riêng",
    )
    waste = submit(units.committee, subject=Subject.WASTE, day=day[40])
    person("tn.xa", units.commune, Role.INTAKE)
    commune = submit(units.commune, day=day[1])
    assert initial_handling(waste).due_on < today <= min(initial_handling(p).due_on for p in (hotline, email, commune))
    client = client_for(chief)

    def listed(**query):
        return set(pks(client.get(url("to_classify"), query)))

    assert listed() == {hotline.pk, email.pk, waste.pk, commune.pk}
    assert listed(channel=Channel.EMAIL) == {email.pk}
    assert listed(kind=Kind.FEEDBACK) == {email.pk}
    assert listed(subject=Subject.WASTE) == {waste.pk}
    assert listed(status=Status.REGISTERED) == {email.pk}
    assert listed(unit=units.commune.pk) == {commune.pk}
    assert listed(received_from=f"{day[40]:%d/%m/%Y}", received_to=f"{day[4]:%d/%m/%Y}") == {email.pk, waste.pk}
    assert listed(overdue="yes") == {waste.pk}
    assert listed(overdue="no") == {hotline.pk, email.pk, commune.pk}
    assert listed(q="VIEC RIENG") == {email.pk}
    assert listed(q=commune.reference) == {commune.pk}
    # A bad value drops that filter only; a unit the person cannot see is no filter at all.
    assert listed(channel=Channel.EMAIL, received_from="32/13/2026") == {email.pk}
    assert client.get(url("to_classify"), {"unit": units.other.pk}).context["form"].errors["unit"]


def test_the_filters_narrow_a_matter_list(people, units, client_for):
    chief = person("bithu", units.province, Role.HEAD, Scope.SUBTREE)
    first = matter(
        units.committee,
        register(submit(units.committee, channel=Channel.EMAIL), people.intake, "Đất đai ở xã Tân Phú"),
        status=MatterStatus.AWAITING_DECISION,
        kind=Kind.FEEDBACK,
        day=datetime.date(2026, 11, 3),
    )
    second = matter(
        units.finance,
        submit(units.committee),
        status=MatterStatus.ACCEPTED,
        subject=Subject.WASTE,
        flag_complex=True,
        day=datetime.date(2026, 11, 6),
    )
    deadline(timezone.localdate() - datetime.timedelta(days=1), matter_=second, step=StepKind.RESOLVE)
    client = client_for(chief)

    def listed(**query):
        return set(pks(client.get(url("decisions"), query)))

    assert listed() == {first.pk, second.pk}
    assert listed(kind=Kind.FEEDBACK) == {first.pk}
    assert listed(subject=Subject.WASTE) == {second.pk}
    assert listed(channel=Channel.EMAIL) == {first.pk}
    assert listed(status=MatterStatus.ACCEPTED) == {second.pk}
    assert listed(unit=units.finance.pk) == {second.pk}
    assert listed(received_from="04/11/2026") == {second.pk}
    assert listed(received_to="03/11/2026") == {first.pk}
    assert listed(overdue="yes") == {second.pk}
    assert listed(overdue="no") == {first.pk}
    assert listed(q="dat dai") == {first.pk}
    assert listed(q=second.reference) == {second.pk}
    # A petition status is no matter status.
    assert client.get(url("decisions"), {"status": Status.REGISTERED}).context["form"].errors["status"]


def test_the_filters_narrow_a_deadline_list(people, units, client_for):
    today = timezone.localdate()
    chief = person("bithu", units.province, Role.HEAD, Scope.SUBTREE)
    petition = register(
        submit(units.committee, channel=Channel.POST, kind=Kind.COMPLAINT, day=datetime.date(2026, 11, 2)),
        people.intake,
        "Hòa Bình",
    )
    # Received on 02/11 and not classified since: its initial handling is overdue.
    on_petition = initial_handling(petition)
    assert on_petition.due_on < today
    handled = matter(units.finance, submit(units.committee), subject=Subject.WASTE, day=datetime.date(2026, 11, 9))
    on_matter = deadline(today - datetime.timedelta(days=5), matter_=handled, step=StepKind.RESOLVE)
    client = client_for(chief)

    def listed(**query):
        return set(pks(client.get(url("overdue"), query)))

    assert listed() == {on_petition.pk, on_matter.pk}
    assert listed(kind=Kind.COMPLAINT) == {on_petition.pk}
    assert listed(subject=Subject.WASTE) == {on_matter.pk}
    assert listed(channel=Channel.POST) == {on_petition.pk}
    assert listed(channel=Channel.HOTLINE) == {on_matter.pk}
    assert listed(status=Status.REGISTERED) == {on_petition.pk}
    assert listed(status=MatterStatus.ACCEPTED) == {on_matter.pk}
    assert listed(unit=units.finance.pk) == {on_matter.pk}
    assert listed(received_from="05/11/2026") == {on_matter.pk}
    assert listed(received_to="05/11/2026") == {on_petition.pk}
    assert listed(overdue="yes") == {on_petition.pk, on_matter.pk}
    assert listed(overdue="no") == set()
    assert listed(q="hoa binh") == {on_petition.pk}
    assert listed(q=handled.reference) == {on_matter.pk}


# Keyset pages and counts


def test_the_pages_follow_the_cursor_without_gaps_or_repeats(people, units, client_for, settings):
    settings.PAGE_SIZE = 3
    same_day = [submit(units.committee, day=datetime.date(2026, 11, 2)) for _ in range(4)]
    others = [submit(units.committee, day=datetime.date(2026, 10, n)) for n in (1, 2, 3)]
    expected = [p.pk for p in sorted(same_day + others, key=lambda p: (p.received_at, p.pk), reverse=True)]
    client = client_for(people.intake)

    seen, response, pages = [], client.get(url("to_classify")), 0
    while True:
        pages += 1
        assert response.context["page"].count == 7
        seen += pks(response)
        cursor = response.context["page"].next_cursor
        if cursor is None:
            break
        assert "cursor=" in response.content.decode()
        response = client.get(url("to_classify"), {"cursor": cursor})
    assert seen == expected
    assert pages == 3


def test_the_cursor_keeps_the_filters(people, units, client_for, settings):
    settings.PAGE_SIZE = 1
    emails = [submit(units.committee, channel=Channel.EMAIL, day=datetime.date(2026, 11, n)) for n in (2, 3)]
    submit(units.committee, day=datetime.date(2026, 11, 4))
    client = client_for(people.intake)

    first = client.get(url("to_classify"), {"channel": Channel.EMAIL})
    second = client.get(url("to_classify"), {"channel": Channel.EMAIL, "cursor": first.context["page"].next_cursor})

    assert pks(first) == [emails[1].pk]
    assert pks(second) == [emails[0].pk]
    assert second.context["page"].next_cursor is None
    assert f"channel={Channel.EMAIL}" in first.content.decode()


def test_deadline_lists_page_by_due_date(people, units, client_for, settings):
    settings.PAGE_SIZE = 2
    today = timezone.localdate()
    petition = submit(units.committee)
    arrived = initial_handling(petition)  # received on 02/11: overdue too
    created = [arrived] + [deadline(today - datetime.timedelta(days=n), petition=petition) for n in (1, 5, 5, 9, 2)]
    expected = [d.pk for d in sorted(created, key=lambda d: (d.due_on, d.pk))]
    client = client_for(people.intake)

    seen, cursor = [], ""
    for _ in range(3):
        response = client.get(url("overdue"), {"cursor": cursor} if cursor else {})
        seen += pks(response)
        cursor = response.context["page"].next_cursor
    assert seen == expected
    assert cursor is None


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense",
        "W10:1tAAAA:abc",
        "x" * 5000,
        # Signed, but for another list, of the wrong shape, or with a naive time.
        "OTHER",
        "SHAPE",
        "NAIVE",
    ],
)
def test_a_bad_cursor_gives_the_first_page(people, units, client_for, settings, cursor):
    from django.core import signing

    settings.PAGE_SIZE = 1
    newest = submit(units.committee, day=datetime.date(2026, 11, 5))
    submit(units.committee, day=datetime.date(2026, 11, 4))
    cursor = {
        "OTHER": signing.dumps(["overdue", "2026-11-05", newest.pk], salt=worklists.CURSOR_SALT),
        "SHAPE": signing.dumps({"a": 1}, salt=worklists.CURSOR_SALT),
        "NAIVE": signing.dumps(["to_classify", "2026-11-05T00:00:00", newest.pk], salt=worklists.CURSOR_SALT),
    }.get(cursor, cursor)

    response = client_for(people.intake).get(url("to_classify"), {"cursor": cursor})

    assert response.status_code == 200
    assert pks(response) == [newest.pk]


def test_the_count_is_exact_up_to_the_cap(people, units, client_for, monkeypatch):
    for n in range(3):
        submit(units.committee, day=datetime.date(2026, 11, 2 + n))
    client = client_for(people.intake)

    page = client.get(url("to_classify")).context["page"]
    assert (page.count, page.more) == (3, False)

    monkeypatch.setattr(worklists, "COUNT_CAP", 2)
    page = client.get(url("to_classify")).context["page"]
    assert (page.count, page.more) == (2, True)
    counts = {w.name: (count, more) for w, count, more in client.get(HOME).context["counts"]}
    assert counts["to_classify"] == (2, True)
    monkeypatch.setattr(worklists, "COUNT_CAP", 3)
    assert worklists.capped_count(worklists.Petition.objects.all()) == (3, False)


# Sign-in, session, memberships, the menu's notifications, the person's relations, the count, the
# rows: the same for ten rows as for one.
MAX_QUERIES = 22


def queries(client, *args) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(*args).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", list(worklists.WORKLISTS))
def test_a_page_costs_the_same_queries_for_few_and_many_rows(people, units, client_for, settings, name):
    settings.PAGE_SIZE = 10
    chief = person("bithu", units.committee, Role.HEAD)
    for role in (Role.INTAKE, Role.HANDLER):
        membership_add(actor=None, user=chief, unit=units.committee, role=role)
    client = client_for(chief)
    today = timezone.localdate()

    def add(n):
        for i in range(n):
            petition = submit(units.committee, day=datetime.date(2026, 10, 1) + datetime.timedelta(days=i))
            handled = matter(units.committee, submit(units.committee), status=MatterStatus.AWAITING_DECISION)
            assign(handled, chief, people.head, declared=i % 2 == 0)
            deadline(today - datetime.timedelta(days=i + 1), petition=petition)
            deadline(today, matter_=handled, step=StepKind.RESOLVE)
            petition.__class__.objects.filter(pk=petition.pk).update(
                status=Status.FORWARDED if i % 2 else Status.RECEIVED, forwarded_at=timezone.now()
            )

    add(1)
    few = queries(client, url(name))
    few_filtered = queries(client, url(name), {"q": "nội dung", "overdue": "no", "kind": Kind.DENUNCIATION})
    few_home = queries(client, HOME)
    add(14)
    response = client.get(url(name))
    assert 3 <= len(rows(response)) <= 10
    cursor = response.context["page"].next_cursor or ""
    assert queries(client, url(name)) == few
    assert queries(client, url(name), {"cursor": cursor}) == few
    assert queries(client, url(name), {"q": "nội dung", "overdue": "no", "kind": Kind.DENUNCIATION}) == few_filtered
    assert queries(client, HOME) == few_home
    assert max(few, few_filtered, few_home) <= MAX_QUERIES


# Conflicts of interest


def test_an_accused_head_sees_nothing_of_the_matter_in_any_list_search_or_count(people, units, client_for):
    today = timezone.localdate()
    accusing = submit(units.committee, accused=[{"name": "Phạm Văn Trưởng"}])
    Accused.objects.filter(petition=accusing).update(user=people.head)
    duplicate = register(submit(units.committee), people.intake, "Đất ở Hòa Bình")
    against = matter(units.committee, accusing, duplicate, status=MatterStatus.AWAITING_DECISION, flag_complex=True)
    deadline(today, matter_=against, step=StepKind.RESOLVE)
    deadline(today - datetime.timedelta(days=1), matter_=against, step=StepKind.RESOLVE)
    deadline(today - datetime.timedelta(days=1), petition=duplicate)
    other = matter(units.committee, status=MatterStatus.AWAITING_DECISION)
    client = client_for(people.head)

    counts = {w.name: count for w, count, _more in client.get(HOME).context["counts"]}
    assert counts == {"due_soon": 0, "overdue": 0, "forwarded": 0, "decisions": 1}
    for name in ("due_soon", "overdue", "decisions", "forwarded"):
        page = client.get(url(name)).content.decode()
        for reference in (against.reference, duplicate.reference, accusing.reference):
            assert reference not in page
        for query in ("hoa binh", against.reference, duplicate.reference, accusing.reference):
            response = client.get(url(name), {"q": query})
            assert response.context["page"].count == 0
            assert rows(response) == []
    assert pks(client.get(url("decisions"))) == [other.pk]
    # The intake officer, who is not accused, has them all.
    intake = client_for(people.intake)
    assert len(pks(intake.get(url("overdue")))) == 2


def test_an_accused_intake_officer_does_not_see_the_petition_to_classify(people, units, client_for):
    accusing = submit(units.committee, accused=[{"name": "Trần Thị Nhận"}])
    Accused.objects.filter(petition=accusing).update(user=people.intake)
    fine = submit(units.committee)
    client = client_for(people.intake)

    assert pks(client.get(url("to_classify"))) == [fine.pk]
    assert pks(client.get(url("to_classify"), {"q": accusing.reference})) == []
    counts = {w.name: count for w, count, _more in client.get(HOME).context["counts"]}
    assert counts["to_classify"] == 1


@pytest.mark.parametrize("declared", [True, False])
def test_an_accused_handler_does_not_see_the_matter_even_when_assigned(people, units, client_for, declared):
    accusing = submit(units.committee, accused=[{"name": "Lê Văn Xử"}])
    Accused.objects.filter(petition=accusing).update(user=people.handler)
    against = matter(units.committee, accusing)
    assign(against, people.handler, people.head, declared=declared)
    deadline(timezone.localdate() - datetime.timedelta(days=1), matter_=against, step=StepKind.RESOLVE)
    client = client_for(people.handler)

    counts = {w.name: count for w, count, _more in client.get(HOME).context["counts"]}
    assert counts == {"mine": 0, "due_soon": 0, "overdue": 0}
    for name in ("mine", "overdue"):
        for query in ({}, {"q": against.reference}, {"q": accusing.reference}):
            assert rows(client.get(url(name), query)) == []
