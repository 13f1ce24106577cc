"""Statistics selectors (cases.stats): each checked against a count made in the test itself, over
units inside and outside the subtree and petitions on both edges of the window."""

import datetime
import itertools
from collections import Counter
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from accounts.services import account_create
from audit.services import audit_record
from cases import services, stats
from cases.deadlines import is_late, rule_in_force
from cases.models import (
    Channel,
    Competence,
    Condition,
    Deadline,
    Kind,
    Matter,
    MatterStatus,
    Outcome,
    Petition,
    Status,
    StepKind,
    Subject,
)
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

FIRST, LAST = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
WINDOW = {"date_from": FIRST, "date_to": LAST}
_numbers = itertools.count(1)


def at(day: datetime.date, *time) -> datetime.datetime:
    """A moment in Asia/Ho_Chi_Minh (the installation's time zone)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(*time)))


FIRST_INSTANT = at(FIRST, 0, 0)
LAST_INSTANT = at(LAST, 23, 59, 59, 999999)
DAY_BEFORE = at(FIRST - datetime.timedelta(days=1), 23, 59, 59, 999999)
DAY_AFTER = at(LAST + datetime.timedelta(days=1), 0, 0)


@pytest.fixture
def intake(units):
    """Intake officers in every unit that receives petitions here (the committee has one already)."""
    for code, unit in (("stc", units.finance), ("xa", units.commune), ("lc", units.other)):
        account_create(
            actor=None, username=f"tn.{code}", full_name=code, password=PASSWORD, unit=unit, role=Role.INTAKE
        )


def submit(unit, when, *, kind=Kind.DENUNCIATION, subject=Subject.CORRUPTION, channel=Channel.HOTLINE):
    petition = services.petition_submit(
        submission=services.Submission(
            channel=channel, kind=kind, subject=subject, content="Nội dung", unit=unit, received_at=when
        ),
        issue_receipt=False,
    ).petition
    assert petition.unit_id == unit.pk
    return petition


def forward(petition, to_unit, when):
    """What ``cases.handling.petition_classify`` does when it forwards inside the system: the
    petition itself moves to the unit it is forwarded to."""
    Petition.objects.filter(pk=petition.pk).update(
        unit=to_unit, forward_unit=to_unit, forwarded_at=when, status=Status.FORWARDED
    )
    petition.refresh_from_db()
    return petition


def matter(unit, *petitions, opened, kind=Kind.DENUNCIATION, subject=Subject.CORRUPTION, **fields):
    created = Matter.objects.create(
        reference=f"VV-{next(_numbers):05d}",
        unit=unit,
        kind=kind,
        subject=subject,
        summary="Tóm tắt",
        opened_at=opened,
        **fields,
    )
    Petition.objects.filter(pk__in=[p.pk for p in petitions]).update(matter=created, status=Status.IN_MATTER)
    return created


def refuse(matter_, when):
    """What ``cases.handling.matter_refuse`` records, at ``when``: the status and the audit event
    (the matter keeps no date of refusal)."""
    Matter.objects.filter(pk=matter_.pk).update(status=MatterStatus.REFUSED, refused_reason="Không đủ điều kiện")
    with time_machine.travel(when, tick=False):
        audit_record(actor=None, action="cases.matter.refuse", obj=matter_, unit=matter_.unit, reason="Không đủ")
    matter_.refresh_from_db()
    return matter_


def breakdown(rows):
    """The expected figures, counted here from (kind, subject, channel) rows."""
    return {
        "total": len(rows),
        "by_kind": {k: Counter(r[0] for r in rows)[k] for k in Kind.values},
        "by_subject": {s: Counter(r[1] for r in rows)[s] for s in Subject.values},
        "by_channel": {c: Counter(r[2] for r in rows)[c] for c in Channel.values},
    }


def row(petition):
    return (petition.kind, petition.subject, petition.channel)


def test_the_window_holds_both_days_entirely_in_vietnam_time():
    start, end = stats.window(FIRST, LAST)
    assert start == FIRST_INSTANT
    assert start.astimezone(datetime.UTC) == datetime.datetime(2026, 2, 28, 17, 0, tzinfo=datetime.UTC)
    assert end == DAY_AFTER
    assert stats.window(FIRST, FIRST)[1] - stats.window(FIRST, FIRST)[0] == datetime.timedelta(days=1)
    with pytest.raises(ValueError):
        stats.window(LAST, FIRST)


@pytest.fixture
def received(people, units, intake):
    """Petitions on both edges of the window and one day outside each, in and out of the subtree."""
    data = SimpleNamespace(
        first=submit(units.committee, FIRST_INSTANT),
        last=submit(units.finance, LAST_INSTANT, kind=Kind.FEEDBACK, subject=Subject.WASTE, channel=Channel.EMAIL),
        before=submit(units.commune, DAY_BEFORE),
        after=submit(units.committee, DAY_AFTER),
        elsewhere=submit(units.other, at(datetime.date(2026, 3, 15), 10)),
        commune=submit(
            units.commune,
            at(datetime.date(2026, 3, 15), 10),
            kind=Kind.CRIME_REPORT,
            subject=Subject.NEGATIVITY,
            channel=Channel.POST,
        ),
    )
    # Three petitions about one matter (duplicates), on three days of the window.
    data.duplicates = [
        submit(units.committee, at(datetime.date(2026, 3, 10), 9)),
        submit(units.committee, at(datetime.date(2026, 3, 12), 9), channel=Channel.EMAIL),
        submit(units.finance, at(datetime.date(2026, 3, 20), 9), channel=Channel.PORTAL),
    ]
    data.matter = matter(units.committee, *data.duplicates, opened=at(datetime.date(2026, 3, 10), 15))
    # A matter that began before the window and got a duplicate inside it.
    data.old = submit(units.committee, at(datetime.date(2026, 2, 25), 9), kind=Kind.COMPLAINT)
    data.old_duplicate = submit(units.committee, at(datetime.date(2026, 3, 5), 9), kind=Kind.COMPLAINT)
    data.old_matter = matter(
        units.committee, data.old, data.old_duplicate, opened=at(datetime.date(2026, 2, 26), 9), kind=Kind.COMPLAINT
    )
    # Forwarded from the committee to the commune, both inside the province.
    data.forwarded = forward(
        submit(units.committee, at(datetime.date(2026, 3, 14), 9), subject=Subject.OTHER),
        units.commune,
        at(datetime.date(2026, 3, 16), 9),
    )
    # Received just before the window, forwarded into the commune inside it.
    data.forwarded_late = forward(
        submit(units.committee, DAY_BEFORE, channel=Channel.MAILBOX), units.commune, at(datetime.date(2026, 3, 2), 9)
    )
    return data


def test_petitions_received_counts_the_subtree_in_the_window(units, received, django_assert_num_queries):
    inside = [
        received.first,
        received.last,
        received.commune,
        *received.duplicates,
        received.old_duplicate,
        received.forwarded,
    ]
    # The count made directly: the province's units, the window's instants, each petition once.
    direct = Petition.objects.filter(
        unit__in=[units.province, units.inspection, units.committee, units.finance, units.commune],
        received_at__gte=FIRST_INSTANT,
        received_at__lte=LAST_INSTANT,
    )
    assert set(direct.values_list("pk", flat=True)) == {p.pk for p in inside}

    with django_assert_num_queries(1):
        figures = stats.petitions_received(unit=units.province, **WINDOW)

    assert figures == breakdown([row(p) for p in inside])
    assert figures["total"] == direct.count() == 8
    assert figures["by_kind"][Kind.FEEDBACK] == 1
    assert figures["by_channel"][Channel.EMAIL] == 2
    assert all(
        type(n) is int for part in figures.values() for n in (part.values() if isinstance(part, dict) else [part])
    )


def test_a_smaller_subtree_counts_its_own_units_only(units, received):
    # The committee and its finance department: not the commune, not the inspection commission.
    committee = [
        received.first,
        received.last,
        *received.duplicates,
        received.old_duplicate,
        received.forwarded,  # received here first, then forwarded out
    ]
    assert stats.petitions_received(unit=units.committee, **WINDOW) == breakdown([row(p) for p in committee])
    finance = [received.last, received.duplicates[2]]
    assert stats.petitions_received(unit=units.finance, **WINDOW) == breakdown([row(p) for p in finance])
    # The commune: its own, and the two forwarded to it in the window (one was received before it).
    commune = [received.commune, received.forwarded, received.forwarded_late]
    assert stats.petitions_received(unit=units.commune, **WINDOW) == breakdown([row(p) for p in commune])
    assert stats.petitions_received(unit=units.other, **WINDOW)["total"] == 1


def test_a_petition_forwarded_between_two_units_of_the_subtree_counts_once(people, units, intake):
    petition = submit(units.committee, at(datetime.date(2026, 3, 10), 9))
    forward(petition, units.finance, at(datetime.date(2026, 3, 11), 9))

    for unit in (units.province, units.committee, units.finance):
        figures = stats.petitions_received(unit=unit, **WINDOW)
        assert figures["total"] == 1, unit
        assert figures["by_kind"][Kind.DENUNCIATION] == 1
        assert stats.matters_received(unit=unit, **WINDOW)["total"] == 1
        assert stats.petitions_classified(unit=unit, **WINDOW)["total"] == 1
    # Two units dealt with it; it is still one petition.
    assert Petition.objects.count() == 1


def test_matters_received_counts_a_matter_once_and_single_petitions_each(units, received, django_assert_num_queries):
    singles = [received.first, received.last, received.commune, received.forwarded]
    # The three duplicates count once, by the matter's kind and subject and the first one's channel;
    # the old matter was received before the window and does not count again.
    expected = breakdown([*(row(p) for p in singles), (Kind.DENUNCIATION, Subject.CORRUPTION, Channel.HOTLINE)])
    direct_matters = (
        Matter.objects.filter(petitions__in=received.duplicates + [received.old_duplicate])
        .exclude(petitions__received_at__lt=FIRST_INSTANT)
        .distinct()
        .count()
    )
    direct_singles = Petition.objects.filter(
        pk__in=[p.pk for p in singles], matter__isnull=True, received_at__range=(FIRST_INSTANT, LAST_INSTANT)
    ).count()

    with django_assert_num_queries(2):
        figures = stats.matters_received(unit=units.province, **WINDOW)

    assert {key: figures[key] for key in expected} == expected
    assert (figures["matters"], figures["single_petitions"]) == (direct_matters, direct_singles) == (1, 4)
    assert figures["total"] == 5
    assert stats.petitions_received(unit=units.province, **WINDOW)["total"] == 8
    # The window that holds the old matter's first petition counts it there.
    february = stats.matters_received(
        unit=units.province, date_from=datetime.date(2026, 2, 1), date_to=datetime.date(2026, 2, 28)
    )
    assert february["by_kind"][Kind.COMPLAINT] == 1
    assert february["matters"] == 1


def test_a_matter_with_petitions_in_two_subtrees_counts_in_each_by_its_petitions_there(units, received):
    # One duplicate was received by the finance department: its subtree counts the matter once too.
    finance = stats.matters_received(unit=units.finance, **WINDOW)
    assert (finance["matters"], finance["single_petitions"]) == (1, 1)
    assert finance["by_channel"][Channel.PORTAL] == 1


def test_petitions_classified_as_at_the_end_of_the_window(units, received, django_assert_num_queries):
    Petition.objects.filter(pk=received.first.pk).update(
        condition=Condition.PROCESSABLE,
        competence=Competence.OURS,
        classified_at=at(datetime.date(2026, 3, 3), 9),
        reporter_count=3,
    )
    # Classified after the window: still pending at its end, but its status is today's.
    Petition.objects.filter(pk=received.last.pk).update(
        condition=Condition.NOT_PROCESSABLE,
        competence=Competence.FILE,
        status=Status.NOT_PROCESSABLE,
        classified_at=DAY_AFTER,
    )
    inside = Petition.objects.filter(
        pk__in=[
            p.pk
            for p in (
                received.first,
                received.last,
                received.commune,
                *received.duplicates,
                received.old_duplicate,
                received.forwarded,
            )
        ]
    )

    with django_assert_num_queries(1):
        figures = stats.petitions_classified(unit=units.province, **WINDOW)

    assert figures["total"] == inside.count() == 8
    assert figures["by_condition"] == {Condition.PENDING: 7, Condition.PROCESSABLE: 1, Condition.NOT_PROCESSABLE: 0}
    assert figures["by_competence"][Competence.OURS] == 1
    assert figures["by_competence"][Competence.PENDING] == 7
    assert figures["by_competence"][Competence.FILE] == 0
    assert figures["by_status"] == {status: inside.filter(status=status).count() for status in Status.values}
    assert figures["by_status"][Status.NOT_PROCESSABLE] == 1
    assert figures["reporters"] == 10
    # A later window sees the classification made in it.
    april = stats.petitions_classified(unit=units.province, date_from=FIRST, date_to=datetime.date(2026, 4, 30))
    assert april["by_condition"][Condition.NOT_PROCESSABLE] == 1


@pytest.fixture
def handled(units):
    m = SimpleNamespace()
    m.carried = matter(units.committee, opened=at(datetime.date(2026, 2, 15), 9), status=MatterStatus.ACCEPTED)
    m.both_edges = matter(
        units.finance,
        opened=FIRST_INSTANT,
        concluded_at=LAST_INSTANT,
        status=MatterStatus.CONCLUDED,
        outcome=Outcome.TRUE,
        anonymous_check=True,
    )
    m.checking = matter(
        units.commune, opened=at(datetime.date(2026, 3, 10), 9), status=MatterStatus.CHECKING, anonymous_check=True
    )
    m.partly = matter(
        units.committee,
        opened=at(datetime.date(2026, 3, 5), 9),
        concluded_at=at(datetime.date(2026, 3, 20), 9),
        status=MatterStatus.CONCLUDED,
        outcome=Outcome.PARTLY_TRUE,
    )
    m.concluded_later = matter(
        units.committee,
        opened=at(datetime.date(2026, 2, 20), 9),
        concluded_at=DAY_AFTER,
        status=MatterStatus.CONCLUDED,
        outcome=Outcome.UNTRUE,
    )
    m.refused = refuse(matter(units.committee, opened=LAST_INSTANT), LAST_INSTANT)
    m.refused_carried = refuse(
        matter(units.committee, opened=at(datetime.date(2026, 2, 10), 9)), at(datetime.date(2026, 3, 10), 9)
    )
    m.refused_before = refuse(matter(units.committee, opened=at(datetime.date(2026, 2, 10), 9)), DAY_BEFORE)
    # Outside: concluded before the window, opened after it, another province.
    m.done_before = matter(
        units.committee,
        opened=at(datetime.date(2026, 1, 5), 9),
        concluded_at=DAY_BEFORE,
        status=MatterStatus.CONCLUDED,
        outcome=Outcome.TRUE,
    )
    m.opened_after = matter(units.committee, opened=DAY_AFTER)
    m.elsewhere = matter(units.other, opened=at(datetime.date(2026, 3, 10), 9), status=MatterStatus.ACCEPTED)
    return m


def test_matters_handled_in_the_window(units, handled, django_assert_num_queries):
    in_window = [
        handled.carried,
        handled.both_edges,
        handled.checking,
        handled.partly,
        handled.concluded_later,
        handled.refused,
        handled.refused_carried,
    ]
    # The count made directly: opened by the last instant, not closed before the first.
    direct = (
        Matter.objects.filter(unit__path__startswith=units.province.path, opened_at__lte=LAST_INSTANT)
        .exclude(concluded_at__lt=FIRST_INSTANT)
        .exclude(pk=handled.refused_before.pk)
    )
    assert set(direct.values_list("pk", flat=True)) == {m.pk for m in in_window}

    with django_assert_num_queries(1):
        figures = stats.matters_handled(unit=units.province, **WINDOW)

    assert figures["total"] == direct.count() == 7
    assert figures["refused"] == 2
    assert figures["opened"] == 4
    assert figures["carried_over"] == 3
    assert figures["by_status"] == {status: direct.filter(status=status).count() for status in MatterStatus.values}
    assert figures["by_status"][MatterStatus.CONCLUDED] == 3  # today's status: one was concluded after the window
    assert figures["concluded"] == 2
    assert figures["by_outcome"] == {Outcome.TRUE: 1, Outcome.PARTLY_TRUE: 1, Outcome.UNTRUE: 0}
    assert figures["anonymous_checks"] == 2
    assert figures["anonymous_checks_concluded"] == 1


def test_matters_handled_by_a_smaller_subtree(units, handled):
    committee = stats.matters_handled(unit=units.committee, **WINDOW)
    assert committee["total"] == 6  # not the commune's
    assert committee["concluded"] == 2
    assert stats.matters_handled(unit=units.commune, **WINDOW)["total"] == 1
    assert stats.matters_handled(unit=units.other, **WINDOW)["total"] == 1


def test_deadlines_met_on_time_late_and_overdue_at_the_end(people, units, intake, django_assert_num_queries):
    petition = submit(units.committee, at(datetime.date(2026, 2, 20), 9))
    commune_petition = submit(units.commune, at(datetime.date(2026, 3, 1), 9))
    elsewhere = submit(units.other, at(datetime.date(2026, 3, 1), 9))
    handled = matter(units.finance, opened=at(datetime.date(2026, 2, 1), 9))
    foreign_matter = matter(units.other, opened=at(datetime.date(2026, 2, 1), 9))
    march = datetime.date(2026, 3, 1).replace
    # Each petition's initial handling started on arrival and is still open, so it is overdue on
    # 31/3 (elsewhere's belongs to another province).
    started = Deadline.objects.values_list("step", "starts_on", "due_on", "done_on")
    arrived = {p.pk: started.get(petition=p) for p in (petition, commune_petition, elsewhere)}
    assert arrived == {
        petition.pk: (StepKind.INITIAL_HANDLING, datetime.date(2026, 2, 20), march(day=3), None),
        commune_petition.pk: (StepKind.INITIAL_HANDLING, march(day=1), march(day=10), None),
        elsewhere.pk: (StepKind.INITIAL_HANDLING, march(day=1), march(day=10), None),
    }

    def deadline(due, *, done=None, step=StepKind.INITIAL_HANDLING, petition=petition, matter_=None, **fields):
        return Deadline.objects.create(
            petition=None if matter_ else petition,
            matter=matter_,
            step=step,
            rule=rule_in_force(step),
            starts_on=due - datetime.timedelta(days=7),
            due_on=due,
            done_on=done,
            **fields,
        )

    deadline(march(day=10), done=march(day=9))  # on time
    deadline(march(day=1), done=FIRST)  # on time, on the first day
    deadline(march(day=5), done=LAST, step=StepKind.RESOLVE, matter_=handled)  # late, on the last day
    deadline(datetime.date(2026, 2, 27), done=datetime.date(2026, 2, 28))  # late, but before the window
    deadline(march(day=20), done=datetime.date(2026, 4, 1), step=StepKind.FORWARD)  # open and overdue at the end
    deadline(march(day=30), step=StepKind.RESOLVE, matter_=handled)  # open, overdue on 31/3
    deadline(LAST)  # due on the last day: not overdue yet
    deadline(march(day=1), cancelled=True)
    deadline(march(day=15), step=StepKind.FORWARD, petition=commune_petition)  # open, overdue
    deadline(march(day=2), petition=elsewhere)  # another province
    deadline(march(day=2), done=march(day=3), matter_=foreign_matter, step=StepKind.RESOLVE)  # another province

    # The count made directly, deadline by deadline, with the rule of cases.deadlines.is_late.
    inside = [
        d
        for d in Deadline.objects.filter(cancelled=False).select_related("petition__unit", "matter__unit")
        if (d.matter or d.petition).unit.path.startswith(units.province.path)
    ]
    done = [d for d in inside if d.done_on is not None and FIRST <= d.done_on <= LAST]
    still_open = [d for d in inside if d.done_on is None or d.done_on > LAST]
    direct = {
        "on_time": sum(not is_late(d) for d in done),
        "late": sum(is_late(d) for d in done),
        "overdue_open": sum(is_late(Deadline(due_on=d.due_on), today=LAST) for d in still_open),
    }

    with django_assert_num_queries(1):
        figures = stats.deadlines_met(unit=units.province, **WINDOW)

    # overdue_open: the two initial handlings started on arrival, a forwarding, a resolution, and
    # the commune's forwarding.
    assert {key: figures[key] for key in direct} == direct == {"on_time": 2, "late": 1, "overdue_open": 5}
    assert figures["by_step"][StepKind.INITIAL_HANDLING] == {"on_time": 2, "late": 0, "overdue_open": 2}
    assert figures["by_step"][StepKind.RESOLVE] == {"on_time": 0, "late": 1, "overdue_open": 1}
    assert figures["by_step"][StepKind.FORWARD] == {"on_time": 0, "late": 0, "overdue_open": 2}
    assert set(figures["by_step"]) == set(StepKind.values)

    committee = stats.deadlines_met(unit=units.committee, **WINDOW)
    assert (committee["on_time"], committee["late"], committee["overdue_open"]) == (2, 1, 3)
    commune = stats.deadlines_met(unit=units.commune, **WINDOW)
    assert (commune["on_time"], commune["late"], commune["overdue_open"]) == (0, 0, 2)


def test_every_selector_costs_the_same_queries_for_a_larger_tree(people, units, intake, django_assert_num_queries):
    from org.models import UnitKind
    from org.services import unit_create

    for n in range(6):
        unit_create(
            actor=None,
            code=f"PHONG-{n}",
            name=f"Phòng {n}",
            kind=UnitKind.DEPARTMENT,
            level=units.committee.level,
            parent=units.committee,
        )
    submit(units.committee, at(datetime.date(2026, 3, 2), 9))
    expected = {
        stats.petitions_received: 1,
        stats.matters_received: 2,
        stats.petitions_classified: 1,
        stats.matters_handled: 1,
        stats.deadlines_met: 1,
    }
    for selector, count in expected.items():
        with django_assert_num_queries(count):
            selector(unit=units.province, **WINDOW)
