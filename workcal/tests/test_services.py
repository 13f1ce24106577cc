from datetime import date

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from workcal.models import CalendarDay
from workcal.services import calendar_day_remove, calendar_day_set

pytestmark = pytest.mark.django_db

DAY_OFF, WORKING_DAY = CalendarDay.Kind.DAY_OFF, CalendarDay.Kind.WORKING_DAY


def test_setting_a_day_creates_it_and_records_an_installation_wide_event(people):
    day = calendar_day_set(
        actor=people.admin, day=date(2026, 3, 4), kind=DAY_OFF, name="Nghỉ thêm", note="Theo thông báo", reason="QĐ 12"
    )
    assert (day.date, day.kind, day.name, day.note) == (date(2026, 3, 4), DAY_OFF, "Nghỉ thêm", "Theo thông báo")
    event = AuditEvent.objects.get(action="workcal.day.set")
    assert (event.actor, event.unit, event.reason, event.object_id) == (people.admin, None, "QĐ 12", str(day.pk))
    assert event.details == {"date": "2026-03-04", "kind": "day_off", "name": "Nghỉ thêm"}
    assert audit_verify_chain().ok


def test_setting_the_same_date_again_replaces_the_entry(people):
    first = calendar_day_set(actor=people.admin, day=date(2026, 3, 4), kind=DAY_OFF, name="Cũ")
    second = calendar_day_set(actor=people.admin, day=date(2026, 3, 4), kind=DAY_OFF, name="Mới")
    assert first.pk == second.pk
    assert CalendarDay.objects.get().name == "Mới"
    latest = AuditEvent.objects.filter(action="workcal.day.set").first()
    assert latest.details["before"]["name"] == "Cũ"


@pytest.mark.parametrize(
    ("day", "kind", "name", "field"),
    [
        (date(2026, 3, 8), DAY_OFF, "Chủ nhật", "kind"),  # already a day off
        (date(2026, 9, 2), DAY_OFF, "Quốc khánh", "kind"),  # already a public holiday
        (date(2026, 3, 4), WORKING_DAY, "Thứ tư", "kind"),  # already a working day
        (date(2026, 8, 22), WORKING_DAY, "Làm bù", "kind"),  # the package already makes it working
        (date(2026, 3, 4), "holiday", "X", "kind"),
        (date(2026, 3, 4), DAY_OFF, "   ", "name"),
        (date(2026, 3, 4), DAY_OFF, "x" * 201, "name"),
        (date(1900, 3, 5), DAY_OFF, "Quá xa", "date"),
    ],
)
def test_pointless_or_invalid_entries_are_refused(people, day, kind, name, field):
    with pytest.raises(ValidationError) as raised:
        calendar_day_set(actor=people.admin, day=day, kind=kind, name=name)
    assert field in raised.value.error_dict
    assert not CalendarDay.objects.exists()
    assert not AuditEvent.objects.filter(action="workcal.day.set").exists()


def test_removing_needs_a_reason_and_is_recorded(people):
    day = calendar_day_set(actor=people.admin, day=date(2026, 3, 7), kind=WORKING_DAY, name="Làm bù")
    day_id = day.pk
    with pytest.raises(ValidationError):
        calendar_day_remove(actor=people.admin, calendar_day=day, reason="  ")
    assert CalendarDay.objects.filter(pk=day_id).exists()
    calendar_day_remove(actor=people.admin, calendar_day=day, reason="Nhập nhầm")
    assert not CalendarDay.objects.exists()
    event = AuditEvent.objects.get(action="workcal.day.remove")
    assert (event.actor, event.reason, event.object_id) == (people.admin, "Nhập nhầm", str(day_id))
    assert event.details == {"date": "2026-03-07", "kind": "working_day", "name": "Làm bù"}
    assert audit_verify_chain().ok
