from datetime import date, timedelta

import pytest

from workcal.models import CalendarDay
from workcal.services import calendar_day_set
from workcal.workdays import (
    add_working_days,
    describe_days,
    is_working_day,
    public_holidays,
    working_days_between,
)

pytestmark = pytest.mark.django_db

DAY_OFF, WORKING_DAY = CalendarDay.Kind.DAY_OFF, CalendarDay.Kind.WORKING_DAY


def off(day: date, name: str = "Nghỉ thêm") -> CalendarDay:
    return calendar_day_set(actor=None, day=day, kind=DAY_OFF, name=name, reason="test")


def worked(day: date, name: str = "Làm bù") -> CalendarDay:
    return calendar_day_set(actor=None, day=day, kind=WORKING_DAY, name=name, reason="test")


# Plain weeks


def test_weekends_are_skipped():
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Fri -> Mon
    assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # from a Saturday
    assert add_working_days(date(2026, 3, 2), 5) == date(2026, 3, 9)  # Mon + 5 -> next Mon
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1
    assert not is_working_day(date(2026, 3, 7))
    assert not is_working_day(date(2026, 3, 8))
    assert is_working_day(date(2026, 3, 9))


def test_zero_days_is_the_start_itself_even_on_a_sunday():
    assert add_working_days(date(2026, 3, 8), 0) == date(2026, 3, 8)
    assert working_days_between(date(2026, 3, 8), date(2026, 3, 8)) == 0


def test_the_start_is_not_counted_and_the_end_is():
    # Mon 02/03 to Fri 06/03: Tue, Wed, Thu, Fri.
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 6)) == 4
    # Sat 07/03 to Sun 08/03: nothing.
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 8)) == 0


def test_the_count_changes_sign_when_the_dates_are_swapped():
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 2)) == -5
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 9)) == 5


# Tết and the national holidays, as the package knows them


def test_tet_2027_is_a_week_off():
    # Lunar New Year is Sat 06/02/2027; the days off run from Thu 04/02 to Wed 10/02.
    for day in range(4, 11):
        assert not is_working_day(date(2027, 2, day))
    assert is_working_day(date(2027, 2, 3))
    assert is_working_day(date(2027, 2, 11))
    assert add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)
    assert add_working_days(date(2027, 2, 1), 5) == date(2027, 2, 15)  # Tue, Wed, Thu 11, Fri 12, Mon 15
    assert working_days_between(date(2027, 2, 1), date(2027, 2, 12)) == 4


def test_30_april_and_1_may_2026():
    # Giỗ Tổ falls on Sun 26/04, so Mon 27/04 is off; Thu 30/04 and Fri 01/05 are off.
    assert add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)
    assert add_working_days(date(2026, 4, 29), 1) == date(2026, 5, 4)
    assert working_days_between(date(2026, 4, 24), date(2026, 5, 4)) == 3  # 28, 29 April and 4 May


def test_30_april_and_1_may_2027():
    # Fri 30/04 off, Sat 01/05 is a holiday on a weekend, so Mon 03/05 is off in compensation.
    assert not is_working_day(date(2027, 5, 3))
    assert add_working_days(date(2027, 4, 29), 1) == date(2027, 5, 4)
    assert working_days_between(date(2027, 4, 29), date(2027, 5, 4)) == 1


def test_national_day_2026_with_the_saturday_worked_in_exchange():
    for day in (date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)):
        assert not is_working_day(day)
    assert is_working_day(date(2026, 8, 22))  # Saturday worked in exchange for Mon 31/08
    assert add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)
    assert add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)
    assert working_days_between(date(2026, 8, 21), date(2026, 8, 24)) == 2  # Sat 22 and Mon 24
    assert working_days_between(date(2026, 8, 21), date(2026, 9, 4)) == 8  # Sat 22, 24-28 August, 3 and 4 September


def test_vietnamese_culture_day_is_a_holiday_from_2026():
    assert not is_working_day(date(2026, 11, 24))
    assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 25)
    assert is_working_day(date(2025, 11, 24))


def test_public_holidays_have_their_vietnamese_names():
    names = public_holidays(2026)
    assert names[date(2026, 9, 2)] == "Quốc khánh"
    assert names[date(2026, 11, 24)] == "Ngày Văn hóa Việt Nam"
    assert names[date(2026, 4, 30)] == "Ngày Chiến thắng"
    assert date(2025, 11, 24) not in public_holidays(2025)
    assert list(names) == sorted(names)


# The table's overrides


def test_an_added_day_off_shifts_a_due_date():
    assert add_working_days(date(2026, 3, 2), 5) == date(2026, 3, 9)
    off(date(2026, 3, 4))
    assert not is_working_day(date(2026, 3, 4))
    assert add_working_days(date(2026, 3, 2), 5) == date(2026, 3, 10)
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 9)) == 4


def test_a_working_saturday_override_counts():
    worked(date(2026, 3, 7))
    assert is_working_day(date(2026, 3, 7))
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 2


def test_the_table_beats_the_package_both_ways():
    worked(date(2026, 11, 24))  # a package holiday made working
    off(date(2026, 8, 22))  # the package's working Saturday made a day off
    assert is_working_day(date(2026, 11, 24))
    assert not is_working_day(date(2026, 8, 22))
    assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 24)
    assert add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 24)


def test_a_removed_override_no_longer_counts():
    day = off(date(2026, 3, 4))
    day.delete()
    assert is_working_day(date(2026, 3, 4))


# add_working_days and working_days_between agree


def test_adding_then_counting_gives_back_n_over_three_years():
    off(date(2026, 6, 15))
    worked(date(2027, 1, 9))
    start = date(2025, 12, 1)
    for offset in range(0, 3 * 365, 5):  # a step of 5 visits every weekday
        d = start + timedelta(days=offset)
        for n in (0, 1, 5, 22, 30):
            due = add_working_days(d, n)
            assert working_days_between(d, due) == n, (d, n)
            assert working_days_between(due, d) == -n
            if n:
                assert is_working_day(due)
                # Nothing earlier would do: the day before the due date leaves one short.
                assert working_days_between(d, due - timedelta(days=1)) == n - 1


def test_counting_backwards_from_a_working_day_is_the_inverse():
    start = date(2026, 1, 2)
    for offset in range(0, 2 * 365, 3):
        d = start + timedelta(days=offset)
        if not is_working_day(d):
            continue
        for n in (1, 3, 10, 30):
            earlier = add_working_days(d, -n)
            assert earlier < d
            assert is_working_day(earlier)
            assert add_working_days(earlier, n) == d, (d, n)


def test_day_by_day_information_matches_is_working_day():
    off(date(2027, 2, 11), name="Nghỉ thêm sau Tết")
    infos = describe_days(date(2027, 1, 25), date(2027, 2, 20))
    assert [info.date for info in infos] == [date(2027, 1, 25) + timedelta(days=i) for i in range(27)]
    for info in infos:
        assert info.working == is_working_day(info.date)
    by_date = {info.date: info for info in infos}
    assert by_date[date(2027, 2, 6)].holiday_name == "Tết Nguyên Đán"
    assert by_date[date(2027, 2, 11)].override_name == "Nghỉ thêm sau Tết"


# Cost


def test_adding_thirty_working_days_costs_one_query(django_assert_max_num_queries):
    off(date(2026, 3, 4))
    with django_assert_max_num_queries(1):
        add_working_days(date(2026, 1, 20), 30)
    with django_assert_max_num_queries(1):
        add_working_days(date(2026, 12, 20), 30)


def test_counting_and_a_year_of_day_information_cost_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        working_days_between(date(2026, 1, 1), date(2027, 12, 31))
    with django_assert_num_queries(1):
        describe_days(date(2026, 1, 1), date(2026, 12, 31))


def test_a_long_run_of_days_off_still_finds_the_due_date():
    for offset in range(60):
        day = date(2026, 3, 2) + timedelta(days=offset)
        if is_working_day(day):
            off(day)
    due = add_working_days(date(2026, 3, 1), 1)
    assert due > date(2026, 4, 30)
    assert is_working_day(due)
