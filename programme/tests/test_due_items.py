"""Done means: a provincial plan with a recurring 05/6 and 05/12 report task creates the due items
of each unit, and a late unit is flagged (in the list and on the plan)."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from programme import selectors, services
from programme.models import DueItem, DueStatus, Timing

from .conftest import make_plan, xlsx_rows

pytestmark = pytest.mark.django_db

# A year after the real one: the people's roles (valid from today) are in force on its days.
Y = timezone.localdate().year + 1
D = datetime.date


@pytest.fixture
def plan(people, units, d27):
    return make_plan(people.reporting, units.province, issued_on=D(Y, 1, 15), implements=d27)


@pytest.fixture
def report_task(people, units, plan):
    return services.task_create(
        actor=people.reporting,
        plan=plan,
        title="Báo cáo kết quả thực hiện định kỳ",
        lead_unit=units.province,
        assignees=[units.committee, units.finance, units.commune],
        timing=Timing.RECURRING,
        recurrence="5/6, 05/12",
        recurrence_from=Y,
        until=D(Y, 12, 31),
    )


def test_a_recurring_task_creates_two_due_items_per_unit_per_year(report_task, units):
    items = DueItem.objects.filter(task=report_task)
    assert report_task.recurrence == "05/06,05/12"
    assert items.count() == 6
    for unit in (units.committee, units.finance, units.commune):
        assert sorted(items.filter(unit=unit).values_list("due_on", flat=True)) == [D(Y, 6, 5), D(Y, 12, 5)]
    assert not items.filter(unit=units.province).exists()  # the lead unit only follows up

    assert services.task_schedule_due_items(task=report_task, until=D(Y + 1, 12, 31)) == 6
    assert items.count() == 12
    assert services.task_schedule_due_items(task=report_task, until=D(Y + 1, 12, 31)) == 0  # idempotent
    assert items.count() == 12
    assert items.filter(due_on__year=Y + 1, unit=units.finance).count() == 2


def test_the_schedule_command_is_idempotent(report_task):
    call_command("programme_schedule", until=f"{Y + 2}-12-31", stdout=io.StringIO())
    assert DueItem.objects.filter(task=report_task).count() == 18
    call_command("programme_schedule", until=f"{Y + 2}-12-31", stdout=io.StringIO())
    assert DueItem.objects.filter(task=report_task).count() == 18


def _report(people, task, unit, on, *, done=True):
    item = DueItem.objects.get(task=task, unit=unit, due_on=D(Y, 6, 5))
    return services.progress_report(
        actor=people.reporting, task=task, unit=unit, due_item=item, reported_on=on, done=done, text="Đã báo cáo."
    )


def test_on_time_late_and_missing_reports(people, units, plan, report_task):
    _report(people, report_task, units.committee, D(Y, 6, 4))
    _report(people, report_task, units.finance, D(Y, 6, 10))
    june = DueItem.objects.filter(task=report_task, due_on=D(Y, 6, 5))
    assert june.get(unit=units.committee).status == DueStatus.DONE
    late = june.get(unit=units.finance)
    assert late.status == DueStatus.LATE_DONE and late.done_on == D(Y, 6, 10)
    assert june.get(unit=units.commune).status == DueStatus.OPEN

    # On the due day nobody is late yet; the day after, the commune is.
    assert not selectors.overdue_items(people.reporting, today=D(Y, 6, 5)).exists()
    overdue = list(selectors.overdue_items(people.reporting, today=D(Y, 6, 6)))
    assert [(item.unit, item.due_on) for item in overdue] == [(units.commune, D(Y, 6, 5))]
    assert selectors.plan_overdue_count(plan, today=D(Y, 6, 6)) == 1
    listed = selectors.documents_for(people.reporting, plans_only=True, overdue=True, today=D(Y, 6, 6))
    assert [(p.pk, p.overdue_count) for p in listed] == [(plan.pk, 1)]
    assert not selectors.documents_for(people.reporting, plans_only=True, overdue=True, today=D(Y, 6, 5)).exists()
    assert AuditEvent.objects.filter(action="programme.progress.report").count() == 2


def test_the_late_unit_is_flagged_on_the_screens(people, units, plan, report_task, client_for, commune_head):
    _report(people, report_task, units.committee, D(Y, 6, 4))
    with time_machine.travel(datetime.datetime(Y, 6, 6, 9, tzinfo=datetime.UTC), tick=False):
        client = client_for(people.reporting)
        page = client.get(reverse("programme:overdue_list")).content.decode()
        assert units.commune.name in page and units.finance.name in page and units.committee.name not in page
        assert "badge error" in page
        detail = client.get(reverse("programme:document_detail", args=[plan.pk])).content.decode()
        assert detail.count('class="badge error"') == 3  # the count and two late units
        plans = client.get(reverse("programme:plan_list"), {"overdue": "on"}).content.decode()
        assert plan.number in plans

        # The commune's head sees only the commune's overdue item.
        mine = client_for(commune_head).get(reverse("programme:overdue_list")).content.decode()
        assert units.commune.name in mine and units.finance.name not in mine


def test_a_unit_reports_through_the_form(people, units, report_task, client_for, commune_head):
    item = DueItem.objects.get(task=report_task, unit=units.commune, due_on=D(Y, 6, 5))
    url = reverse("programme:progress_create", args=[report_task.pk])
    with time_machine.travel(datetime.datetime(Y, 6, 12, 9, tzinfo=datetime.UTC), tick=False):
        client = client_for(commune_head)
        form = client.get(url, {"due": item.pk}).content.decode()
        assert units.finance.name not in form  # only the commune's own items
        response = client.post(
            url,
            {
                "unit": units.commune.pk,
                "due_item": item.pk,
                "reported_on": f"12/06/{Y}",
                "text": "Đã gửi.",
                "done": "on",
            },
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == DueStatus.LATE_DONE and item.done_on == D(Y, 6, 12)
    # Another unit's item cannot be answered by the commune.
    other = DueItem.objects.get(task=report_task, unit=units.finance, due_on=D(Y, 6, 5))
    with time_machine.travel(datetime.datetime(Y, 6, 12, 9, tzinfo=datetime.UTC), tick=False):
        response = client_for(commune_head).post(
            url, {"unit": units.finance.pk, "due_item": other.pk, "reported_on": f"12/06/{Y}", "text": "x"}
        )
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.status == DueStatus.OPEN


def test_a_dated_task_owes_one_item_per_unit_and_an_ongoing_task_none(people, units, plan):
    dated = services.task_create(
        actor=people.reporting,
        plan=plan,
        title="Xây dựng kế hoạch cụ thể",
        lead_unit=units.committee,
        assignees=[units.committee, units.commune],
        timing=Timing.DUE_DATE,
        due_on=D(Y, 6, 30),
    )
    assert sorted(dated.due_items.values_list("unit__code", "due_on")) == [
        ("UBND-HB", D(Y, 6, 30)),
        ("XA-TP", D(Y, 6, 30)),
    ]
    lead_only = services.task_create(
        actor=people.reporting, plan=plan, title="x", lead_unit=units.finance, timing=Timing.DUE_DATE, due_on=D(Y, 3, 1)
    )
    assert list(lead_only.due_items.values_list("unit__code", flat=True)) == ["STC-HB"]
    ongoing = services.task_create(
        actor=people.reporting, plan=plan, title="Thường xuyên", lead_unit=units.committee, timing=Timing.ONGOING
    )
    assert not ongoing.due_items.exists()


def test_removing_a_unit_drops_its_open_items_but_keeps_answered_ones(people, units, report_task):
    _report(people, report_task, units.commune, D(Y, 6, 1))
    services.task_update(
        actor=people.reporting,
        task=report_task,
        title=report_task.title,
        lead_unit=units.province,
        order=report_task.order,
        assignees=[units.committee],
        timing=Timing.RECURRING,
        recurrence="05/06,05/12",
        recurrence_from=Y,
        until=D(Y, 12, 31),
    )
    remaining = set(DueItem.objects.filter(task=report_task).values_list("unit__code", "due_on"))
    assert remaining == {("UBND-HB", D(Y, 6, 5)), ("UBND-HB", D(Y, 12, 5)), ("XA-TP", D(Y, 6, 5))}
    event = AuditEvent.objects.filter(action="programme.task.update").get()
    assert event.details["changed"] == ["assignees"]


@pytest.mark.parametrize("rule", ["31/02", "5-6", "", "05/13"])
def test_a_bad_recurrence_is_refused(people, units, plan, rule):
    with pytest.raises(ValidationError):
        services.task_create(
            actor=people.reporting,
            plan=plan,
            title="x",
            lead_unit=units.committee,
            timing=Timing.RECURRING,
            recurrence=rule,
        )


def test_29_february_falls_on_28_february_in_other_years(people, units, plan):
    task = services.task_create(
        actor=people.reporting,
        plan=plan,
        title="x",
        lead_unit=units.committee,
        timing=Timing.RECURRING,
        recurrence="29/02",
        recurrence_from=2027,
        recurrence_until=2028,
        until=D(2030, 12, 31),
    )
    assert list(task.due_items.values_list("due_on", flat=True)) == [D(2027, 2, 28), D(2028, 2, 29)]


def test_the_plan_unit_corrects_a_due_item(people, units, report_task, client_for, commune_head):
    item = DueItem.objects.get(task=report_task, unit=units.commune, due_on=D(Y, 6, 5))
    url = reverse("programme:due_item_edit", args=[item.pk])
    assert client_for(commune_head).get(url).status_code == 403  # sees it, may not correct it
    response = client_for(people.reporting).post(url, {"status": "closed", "done_on": f"05/06/{Y}", "note": "Bản giấy"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == DueStatus.DONE and item.note == "Bản giấy"
    assert AuditEvent.objects.filter(action="programme.due_item.update", object_id=str(item.pk)).exists()


def test_outsiders_get_404_and_readers_403_on_tasks_and_progress(people, units, report_task, client_for):
    item = DueItem.objects.filter(task=report_task, unit=units.committee).first()
    update = services.progress_report(
        actor=people.reporting, task=report_task, unit=units.committee, due_item=item, text="Đã làm", done=True
    )
    pages = [
        reverse("programme:task_detail", args=[report_task.pk]),
        reverse("programme:task_edit", args=[report_task.pk]),
        reverse("programme:progress_create", args=[report_task.pk]),
        reverse("programme:progress_edit", args=[update.pk]),
        reverse("programme:due_item_edit", args=[item.pk]),
        reverse("programme:document_edit", args=[report_task.plan_id]),
        reverse("programme:task_create", args=[report_task.plan_id]),
    ]
    outsider = client_for(people.outsider)
    assert [outsider.get(page).status_code for page in pages] == [404] * len(pages)
    handler = client_for(people.handler)  # the committee's handler: reads the plan, records nothing
    assert [handler.get(page).status_code for page in pages] == [200, 403, 403, 403, 403, 403, 403]


def test_a_progress_report_is_corrected_with_an_audit_event(people, units, report_task, client_for):
    item = DueItem.objects.get(task=report_task, unit=units.finance, due_on=D(Y, 6, 5))
    update = _report(people, report_task, units.finance, D(Y, 6, 10))
    response = client_for(people.reporting).post(
        reverse("programme:progress_edit", args=[update.pk]),
        {"reported_on": f"04/06/{Y}", "text": "Đã báo cáo bằng văn bản.", "percent": "100"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == DueStatus.DONE and item.done_on == D(Y, 6, 4)  # the corrected day is on time
    event = AuditEvent.objects.get(action="programme.progress.update", object_id=str(update.pk))
    assert event.details == {"changed": ["reported_on", "text"]}
    rows = xlsx_rows(client_for(people.reporting).get(reverse("programme:progress_list"), {"export": "xlsx"}))
    assert rows[1][3] == units.finance.name and rows[1][6] == "x"
