from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from workcal.models import CalendarDay
from workcal.services import calendar_day_set

pytestmark = pytest.mark.django_db

URL = reverse("workcal:calendar")


def add_form(**overrides):
    data = {"date": "04/03/2026", "kind": "day_off", "name": "Nghỉ thêm", "note": "", "reason": "Quyết định 12"}
    return data | overrides


def test_everyone_signed_in_sees_the_year_with_vietnamese_holiday_names(people, client_for):
    response = client_for(people.handler).get(URL, {"year": 2026})
    assert response.status_code == 200
    page = response.text
    assert "Lịch ngày làm việc 2026" in page
    assert "Quốc khánh" in page
    assert "Ngày Văn hóa Việt Nam" in page
    assert "02/09/2026" in page
    assert "Ngày nghỉ (thay cho ngày 22/08/2026)" in page
    assert response.context["section"] == "calendar"


def test_the_page_defaults_to_the_current_year(people, client_for, time_machine):
    time_machine.move_to("2027-03-01 09:00 +07:00")
    response = client_for(people.handler).get(URL)
    assert response.context["year"] == 2027
    assert "Tết Nguyên Đán" in response.text
    assert client_for(people.handler).get(URL, {"year": "abc"}).context["year"] == 2027


def test_an_override_appears_in_the_list_and_in_the_grid(people, client_for):
    calendar_day_set(actor=people.admin, day=date(2026, 3, 7), kind="working_day", name="Làm bù cho 02/01")
    page = client_for(people.handler).get(URL, {"year": 2026}).text
    assert "Làm bù cho 02/01" in page
    assert "07/03/2026" in page
    assert "Ngày làm việc (bổ sung)" in page


def test_only_a_calendar_manager_sees_the_forms(people, client_for):
    calendar_day_set(actor=people.admin, day=date(2026, 3, 4), kind="day_off", name="Nghỉ thêm")
    remove_url = reverse("workcal:day_remove", args=[CalendarDay.objects.get().pk])
    for user in (people.handler, people.commune_admin, people.outsider):
        page = client_for(user).get(URL, {"year": 2026}).text
        assert 'method="post" action="/staff/calendar/' not in page
        assert remove_url not in page
    page = client_for(people.admin).get(URL, {"year": 2026}).text
    assert 'name="kind"' in page
    assert remove_url in page


def test_an_administrator_adds_and_removes_a_day_off(people, client_for):
    client = client_for(people.admin)
    response = client.post(URL, add_form(note="Theo thông báo của tỉnh"))
    assert response.status_code == 302
    assert response.url == f"{URL}?year=2026"
    day = CalendarDay.objects.get()
    assert (day.date, day.kind, day.name, day.note) == (
        date(2026, 3, 4),
        "day_off",
        "Nghỉ thêm",
        "Theo thông báo của tỉnh",
    )
    event = AuditEvent.objects.get(action="workcal.day.set")
    assert (event.actor, event.reason, event.details["date"]) == (people.admin, "Quyết định 12", "2026-03-04")
    page = client.get(response.url).text
    assert "04/03/2026 đã được lưu vào lịch." in page

    remove_url = reverse("workcal:day_remove", args=[day.pk])
    assert "Nghỉ thêm" in client.get(remove_url).text
    response = client.post(remove_url, {"reason": "Tỉnh hủy thông báo"})
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    event = AuditEvent.objects.get(action="workcal.day.remove")
    assert (event.actor, event.reason, event.object_id) == (people.admin, "Tỉnh hủy thông báo", str(day.pk))


def test_removing_without_a_reason_keeps_the_day(people, client_for):
    day = calendar_day_set(actor=people.admin, day=date(2026, 3, 4), kind="day_off", name="Nghỉ thêm")
    response = client_for(people.admin).post(reverse("workcal:day_remove", args=[day.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in response.text
    assert CalendarDay.objects.filter(pk=day.pk).exists()
    assert not AuditEvent.objects.filter(action="workcal.day.remove").exists()


def test_others_get_403_and_nothing_changes(people, client_for):
    day = calendar_day_set(actor=people.admin, day=date(2026, 3, 4), kind="day_off", name="Nghỉ thêm")
    remove_url = reverse("workcal:day_remove", args=[day.pk])
    for user in (people.handler, people.commune_admin, people.outsider):
        client = client_for(user)
        assert client.post(URL, add_form(date="05/03/2026")).status_code == 403
        assert client.get(remove_url).status_code == 403
        assert client.post(remove_url, {"reason": "Thử"}).status_code == 403
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [date(2026, 3, 4)]
    assert AuditEvent.objects.filter(action__startswith="workcal.").count() == 1


def test_an_anonymous_visitor_is_sent_to_the_login_page(people):
    day = calendar_day_set(actor=people.admin, day=date(2026, 3, 4), kind="day_off", name="Nghỉ thêm")
    client = Client()
    for response in (
        client.get(URL),
        client.post(URL, add_form(date="05/03/2026")),
        client.post(reverse("workcal:day_remove", args=[day.pk]), {"reason": "Thử"}),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert CalendarDay.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (add_form(date="31/02/2026"), "Nhập một ngày có thật theo dạng dd/mm/yyyy"),
        (add_form(date="2026-13-01"), "Nhập một ngày có thật theo dạng dd/mm/yyyy"),
        (add_form(name=""), "Trường này là bắt buộc."),
        (add_form(name="   "), "Trường này là bắt buộc."),
        (add_form(date="08/03/2026"), "08/03/2026 đã là ngày nghỉ"),
        (add_form(kind="working_day"), "04/03/2026 đã là ngày làm việc."),
        (add_form(kind="holiday"), "Hãy chọn loại ngày trong danh sách."),
    ],
)
def test_invalid_input_is_shown_and_nothing_is_saved(people, client_for, data, message):
    response = client_for(people.admin).post(URL, data)
    assert response.status_code == 200
    assert message in response.text
    assert 'class="error"' in response.text
    assert not CalendarDay.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="workcal.").exists()


def test_the_calculator_gives_a_due_date_and_a_count(people, client_for):
    client = client_for(people.handler)
    page = client.get(URL, {"year": 2027, "due-start": "03/02/2027", "due-days": 1}).text
    assert "11/02/2027" in page
    page = client.get(URL, {"year": 2027, "count-first": "01/02/2027", "count-last": "12/02/2027"}).text
    assert "<strong>4</strong>" in page


def test_the_calculator_explains_a_bad_date(people, client_for):
    page = client_for(people.handler).get(URL, {"due-start": "30/02/2027", "due-days": 1}).text
    assert "Nhập một ngày có thật theo dạng dd/mm/yyyy" in page


def test_the_page_costs_a_bounded_number_of_queries(people, client_for, django_assert_max_num_queries):
    for day in (date(2026, 3, 4), date(2026, 6, 10), date(2026, 10, 14)):
        calendar_day_set(actor=people.admin, day=day, kind="day_off", name="Nghỉ thêm")
    client = client_for(people.admin)
    with django_assert_max_num_queries(12):
        client.get(URL, {"year": 2026, "due-start": "01/01/2026", "due-days": 30})
