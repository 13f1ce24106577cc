"""The dashboard's counts against counts made here, and against the official statistics selectors
for someone who sees everything in the subtree."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import stats as case_stats
from cases.models import Channel, Deadline, Kind, MatterStatus, Petition, Subject
from dashboards import selectors
from dashboards.periods import MONTH, QUARTER, REVIEW, Window, preset_window
from retaliation import services as retaliation_services
from retaliation import stats as retaliation_stats

from .conftest import accuse, at, deadline, matter, submit

pytestmark = pytest.mark.django_db

MARCH, APRIL = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)
WINDOW = Window(datetime.date(2026, 3, 1), datetime.date(2026, 4, 30))


@pytest.fixture
def received(units, intake):
    """Petitions of the committee's subtree on both sides of the end of March in Vietnam time, on both
    edges of the window and just outside it; and petitions of other subtrees."""
    return [
        # 23:30 on 31/3 in Hà Nội is 16:30 UTC: March.
        submit(units.committee, at(datetime.date(2026, 3, 31), 23, 30)),
        # 00:10 on 1/4 is still 31/3 in UTC: April.
        submit(units.committee, at(APRIL, 0, 10), kind=Kind.FEEDBACK, subject=Subject.WASTE),
        submit(units.finance, at(MARCH, 0, 0), kind=Kind.CRIME_REPORT, channel=Channel.PORTAL),
        submit(units.finance, at(datetime.date(2026, 4, 30), 23, 59), kind=Kind.FEEDBACK, channel=Channel.EMAIL),
        submit(units.committee, at(datetime.date(2026, 3, 12)), kind=Kind.COMPLAINT, subject=Subject.OTHER),
        submit(units.committee, at(datetime.date(2026, 3, 12)), kind=Kind.COMPLAINT),
        # Outside the window, or outside the subtree.
        submit(units.committee, at(datetime.date(2026, 2, 28), 23, 59)),
        submit(units.committee, at(datetime.date(2026, 5, 1), 0, 0)),
        submit(units.commune, at(datetime.date(2026, 3, 15))),
        submit(units.other, at(datetime.date(2026, 3, 15))),
    ]


def direct_counts(unit, window):
    """(month, kind) → petitions, counted here month by month in Vietnam time."""
    result = Counter()
    for month in (MARCH, APRIL):
        end = datetime.date(2026, month.month + 1, 1)
        for kind in Kind.values:
            result[(month, kind)] = Petition.objects.filter(
                unit__path__startswith=unit.path, received_at__gte=at(month, 0), received_at__lt=at(end, 0), kind=kind
            ).count()
    return +result


def test_petitions_per_month_and_kind_match_a_direct_count(units, province_head, received):
    counts = selectors.petitions(user=province_head, unit=units.committee, window=WINDOW)
    assert +counts.by_period_kind == direct_counts(units.committee, WINDOW)
    assert counts.by_period_kind[(MARCH, Kind.DENUNCIATION)] == 1
    assert counts.by_period_kind[(APRIL, Kind.FEEDBACK)] == 2
    assert counts.by_period_kind[(MARCH, Kind.COMPLAINT)] == 2
    assert +counts.by_subject == Counter({Subject.CORRUPTION: 4, Subject.WASTE: 1, Subject.OTHER: 1})
    assert +counts.by_channel == Counter({Channel.HOTLINE: 4, Channel.PORTAL: 1, Channel.EMAIL: 1})
    # The same petitions as the official statistics count (none was forwarded).
    official = case_stats.petitions_received(unit=units.committee, date_from=WINDOW.date_from, date_to=WINDOW.date_to)
    assert sum(counts.by_period_kind.values()) == official["total"] == 6
    assert {k: counts.by_subject[k] for k in Subject.values} == official["by_subject"]


def test_petitions_count_only_what_the_person_sees(units, people, received):
    """The committee's head (unit scope) sees the committee's petitions, not the finance department's."""
    counts = selectors.petitions(user=people.head, unit=units.committee, window=WINDOW)
    assert sum(counts.by_period_kind.values()) == 4
    # A handler sees none: no matter is assigned to them.
    assert (
        sum(selectors.petitions(user=people.handler, unit=units.committee, window=WINDOW).by_period_kind.values()) == 0
    )


def test_the_accused_does_not_count_the_matter_accusing_them(units, people, province_head, intake):
    accused_head = province_head
    others = [submit(units.committee, at(datetime.date(2026, 3, 10))) for _ in range(2)]
    against = submit(units.finance, at(datetime.date(2026, 3, 11)))
    accuse(against, accused_head)
    duplicate = submit(units.committee, at(datetime.date(2026, 3, 12)))  # the same matter, no accused named
    matter(units.committee, against, duplicate, opened=at(datetime.date(2026, 3, 12)))
    matter(units.committee, others[0], opened=at(datetime.date(2026, 3, 12)))

    def petitions(user):
        return sum(selectors.petitions(user=user, unit=units.committee, window=WINDOW).by_period_kind.values())

    def open_matters(user):
        today = datetime.date(2026, 4, 1)
        return sum(
            selectors.handling(user=user, unit=units.committee, window=WINDOW, today=today).open_by_status.values()
        )

    # The committee's head (unit scope) sees the committee's three petitions, not the finance one.
    assert petitions(people.head) == 3 and open_matters(people.head) == 2
    assert petitions(accused_head) == 2 and open_matters(accused_head) == 1


def test_on_time_and_overdue_match_the_official_selector_and_the_worklist(units, people, province_head, intake):
    day = datetime.timedelta(days=1)
    p1, p2, p3 = (submit(units.committee, at(datetime.date(2026, 2, 1))) for _ in range(3))
    m1 = matter(units.committee, p1, opened=at(datetime.date(2026, 2, 2)), status=MatterStatus.CONCLUDED)
    m2 = matter(units.finance, p2, opened=at(datetime.date(2026, 2, 2)), status=MatterStatus.CONCLUDED)
    m3 = matter(units.committee, p3, opened=at(datetime.date(2026, 2, 2)), status=MatterStatus.ACCEPTED)
    deadline(matter=m1, due_on=datetime.date(2026, 3, 20), done_on=datetime.date(2026, 3, 20))  # on time, March
    deadline(matter=m2, due_on=datetime.date(2026, 3, 20), done_on=datetime.date(2026, 4, 2))  # late, April
    deadline(matter=m1, step="notify_acceptance", due_on=WINDOW.date_from, done_on=WINDOW.date_from)
    deadline(matter=m2, due_on=WINDOW.date_to, done_on=WINDOW.date_to + day)  # done after the window
    deadline(matter=m3, due_on=datetime.date(2026, 4, 10))  # open, overdue on 20/4
    deadline(matter=m3, step="notify_acceptance", due_on=datetime.date(2026, 4, 25))  # open, not yet due
    today = datetime.date(2026, 4, 20)

    counts = selectors.handling(user=province_head, unit=units.committee, window=WINDOW, today=today)
    assert +counts.resolved == Counter({(MARCH, "on_time"): 1, (APRIL, "late"): 1})
    official = case_stats.deadlines_met(unit=units.committee, date_from=WINDOW.date_from, date_to=WINDOW.date_to)
    assert counts.all_steps["on_time"] == official["on_time"] == 2
    assert counts.all_steps["late"] == official["late"] == 1
    # m3's resolution, and the initial handling of the three petitions (never marked done here).
    overdue = Deadline.objects.filter(done_on__isnull=True, cancelled=False, due_on__lt=today)
    assert counts.overdue == overdue.count() == 4 and not counts.overdue_more
    assert counts.open_by_status == Counter({MatterStatus.ACCEPTED: 1})
    # The committee's head (unit scope) does not see the finance department's matter m2.
    mine = selectors.handling(user=people.head, unit=units.committee, window=WINDOW, today=today)
    assert +mine.resolved == Counter({(MARCH, "on_time"): 1})


def test_retaliation_counts_match_the_official_selector(units, people):
    def record(day, forms, status=None):
        incident = retaliation_services.incident_record(
            actor=people.custodian,
            unit=units.committee,
            forms=forms,
            occurred_on=day,
            description="Bị điều chuyển sau khi tố cáo.",
            reported_on=day,
        )
        return incident

    record(WINDOW.date_from, ["transfer", "threat"])
    record(WINDOW.date_to, ["transfer"])
    record(WINDOW.date_to + datetime.timedelta(days=1), ["assault"])
    counts = selectors.retaliation(user=people.custodian, unit=units.committee, window=WINDOW)
    official = retaliation_stats.retaliation_incidents(
        unit=units.committee, date_from=WINDOW.date_from, date_to=WINDOW.date_to
    )
    assert {form: counts.by_form[form] for form in official["by_form"]} == official["by_form"]
    assert {status: counts.by_finding[status] for status in official["by_finding"]} == official["by_finding"]
    assert counts.by_period == Counter({MARCH: 1, APRIL: 1})
    # Personnel officers read no retaliation.
    assert not selectors.retaliation(user=people.personnel, unit=units.committee, window=WINDOW).by_form


def test_windows_and_periods():
    today = datetime.date(2026, 3, 15)
    last12 = preset_window("last12", today)
    assert (last12.date_from, last12.date_to) == (datetime.date(2025, 4, 1), today)
    assert len(last12.periods) == 12 and last12.period == MONTH
    assert last12.label(last12.periods[0]) == "04/2025"
    review = preset_window(REVIEW, today)
    assert (review.date_from, review.date_to) == (datetime.date(2019, 1, 10), datetime.date(2023, 12, 31))
    assert review.period == QUARTER and len(review.periods) == 20
    assert review.periods[0] == datetime.date(2019, 1, 1) and review.periods[-1] == datetime.date(2023, 10, 1)
    assert preset_window("last_year", today) == Window(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert preset_window("this_year", today) == Window(datetime.date(2026, 1, 1), today)
    assert len(Window(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)).periods) == 24


def test_quarters_group_by_the_quarter_in_vietnam_time(units, province_head, intake):
    submit(units.committee, at(datetime.date(2023, 3, 31), 23, 30))  # Q1 in Vietnam, still Q1 in UTC
    submit(units.committee, at(datetime.date(2023, 4, 1), 0, 30))  # Q2 in Vietnam, Q1 in UTC
    review = preset_window(REVIEW, datetime.date(2026, 3, 15))
    counts = selectors.petitions(user=province_head, unit=units.committee, window=review)
    assert +counts.by_period_kind == Counter(
        {(datetime.date(2023, 1, 1), Kind.DENUNCIATION): 1, (datetime.date(2023, 4, 1), Kind.DENUNCIATION): 1}
    )


def test_the_number_of_queries_does_not_grow_with_the_records(units, people, province_head, intake):
    from dashboards import panels

    def queries():
        with CaptureQueriesContext(connection) as context:
            panels.build(user=province_head, unit=units.province, window=WINDOW, today=datetime.date(2026, 4, 20))
        return len(context.captured_queries)

    submit(units.committee, at(datetime.date(2026, 3, 3)))
    queries()  # caches filled once per process (content types, ...)
    before = queries()
    for day in range(1, 25):
        submit(units.finance, at(datetime.date(2026, 3, day)), kind=Kind.FEEDBACK)
        submit(units.commune, at(datetime.date(2026, 4, day)), channel=Channel.PORTAL)
    assert queries() == before
