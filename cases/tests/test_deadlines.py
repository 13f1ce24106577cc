import datetime

import pytest
import time_machine
from django.utils import timezone

from cases.deadlines import deadline_start, due_date, rule_in_force
from cases.models import DayCount, DeadlineRule, StepKind
from workcal.services import calendar_day_set

pytestmark = pytest.mark.django_db


def test_initial_handling_skips_tet_2027_and_the_weekend():
    rule = rule_in_force(StepKind.INITIAL_HANDLING)
    # Received Wed 03/02/2027; Tết off Thu 04/02 – Wed 10/02; 7 working days end Fri 19/02.
    assert due_date(rule, datetime.date(2027, 2, 3)) == datetime.date(2027, 2, 19)


def test_resolution_in_calendar_days_ending_on_a_holiday_moves_to_the_next_working_day():
    rule = rule_in_force(StepKind.RESOLVE)
    # 30 days after 31/3/2027 is Fri 30/4/2027 (holiday); Sat 1/5 holiday, Sun 2/5, Mon 3/5 observed.
    assert due_date(rule, datetime.date(2027, 3, 31)) == datetime.date(2027, 5, 4)


def test_acceptance_notice_counts_working_days_across_2_9():
    rule = rule_in_force(StepKind.NOTIFY_ACCEPTANCE)
    # Fri 28/8/2026: 31/8, 1/9 and 2/9 are off; 3, 4, 7, 8, 9 September are the five working days.
    assert due_date(rule, datetime.date(2026, 8, 28)) == datetime.date(2026, 9, 9)


def test_an_extra_day_off_moves_a_due_date(people):
    start = datetime.date(2026, 12, 1)
    before = due_date(rule_in_force(StepKind.INITIAL_HANDLING), start)
    calendar_day_set(actor=people.admin, day=datetime.date(2026, 12, 3), kind="day_off", name="Nghỉ bù")
    assert due_date(rule_in_force(StepKind.INITIAL_HANDLING), start) == before + datetime.timedelta(days=1)


def test_changing_a_rule_changes_only_steps_started_after_it(people, units):
    from cases import services
    from cases.models import Channel, Kind, Subject

    petition = services.petition_submit(
        submission=services.Submission(
            channel=Channel.HOTLINE, kind=Kind.FEEDBACK, subject=Subject.WASTE, unit=units.committee, content="x"
        )
    ).petition
    start = datetime.date(2026, 6, 1)
    old = deadline_start(step=StepKind.INITIAL_HANDLING, start=start, petition=petition)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        DeadlineRule.objects.create(
            step=StepKind.INITIAL_HANDLING, days=3, count=DayCount.WORKING, starts="received", valid_from=timezone.now()
        )
        new = deadline_start(step=StepKind.INITIAL_HANDLING, start=start, petition=petition)
    old.refresh_from_db()
    assert old.due_on == datetime.date(2026, 6, 10)
    assert new.due_on == datetime.date(2026, 6, 4)
