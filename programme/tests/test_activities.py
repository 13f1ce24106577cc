"""Dissemination events, inspections and propaganda items: entered, edited with an audit event,
listed, filtered, exported; outsiders and read-only roles kept out."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from conftest import _person
from programme import services
from programme.models import BodyKind, Dissemination, Inspection, PropagandaItem

from .conftest import make_plan, xlsx_rows

pytestmark = pytest.mark.django_db

D = datetime.date


def url(name, *args):
    return reverse(f"programme:{name}", args=args)


@pytest.fixture
def plan(people, units, d27):
    return make_plan(people.reporting, units.province, implements=d27)


def test_a_dissemination_event_is_entered_edited_listed_and_exported(people, units, plan, r11, client_for):
    client = client_for(people.reporting)
    response = client.post(
        url("dissemination_create"),
        {
            "unit": units.commune.pk,
            "held_on": "20/03/2026",
            "form": "conference",
            "title": "Hội nghị quán triệt Kế hoạch 80-KH/TU",
            "sessions": "2",
            "participants": "150",
            "materials": "160",
            "concerning": [plan.pk],
            "organised_by_committee": "",
            "note": "",
        },
    )
    record = Dissemination.objects.get()
    assert response.status_code == 302 and response["Location"] == url("dissemination_detail", record.pk)
    assert record.organised_by_committee  # the commune is a Party committee
    assert AuditEvent.objects.filter(action="programme.dissemination.create", object_id=str(record.pk)).exists()

    response = client.post(
        url("dissemination_edit", record.pk),
        {
            "unit": units.commune.pk,
            "held_on": "20/03/2026",
            "form": "conference",
            "title": "Hội nghị quán triệt Kế hoạch 80-KH/TU",
            "sessions": "2",
            "participants": "155",
            "materials": "160",
            "concerning": [plan.pk, r11.pk],
            "organised_by_committee": "no",
            "note": "",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="programme.dissemination.update", object_id=str(record.pk))
    assert event.details == {"changed": ["concerning", "organised_by_committee", "participants"]}

    services.dissemination_save(
        actor=people.reporting,
        unit=units.finance,
        held_on=D(2025, 1, 5),
        form="training",
        title="Lớp bồi dưỡng nghiệp vụ tiếp dân",
        concerning=[r11],
    )
    listing = client.get(url("dissemination_list"), {"q": "quan triet"}).content.decode()
    assert "Hội nghị quán triệt" in listing and "Lớp bồi dưỡng" not in listing
    by_text = client.get(url("dissemination_list"), {"concerning": plan.pk}).content.decode()
    assert "Hội nghị quán triệt" in by_text and "Lớp bồi dưỡng" not in by_text
    by_unit = client.get(url("dissemination_list"), {"unit": units.committee.pk}).content.decode()
    assert "Lớp bồi dưỡng" in by_unit and "Hội nghị quán triệt" not in by_unit  # the committee's subtree
    by_date = client.get(url("dissemination_list"), {"date_from": "01/01/2026"}).content.decode()
    assert "Hội nghị quán triệt" in by_date and "Lớp bồi dưỡng" not in by_date
    rows = xlsx_rows(client.get(url("dissemination_list"), {"export": "xlsx", "form": "conference"}))
    assert len(rows) == 2 and rows[1][1] == units.commune.name and rows[1][5] == 155
    assert rows[1][8] == f"{plan.number}, 11-QĐi/TW" or rows[1][8] == f"11-QĐi/TW, {plan.number}"


def test_an_inspection_by_the_oversight_body(people, units, plan, client_for):
    client = client_for(people.oversight)  # oversight of the inspection commission (UBKT-HB)
    response = client.post(
        url("inspection_create"),
        {
            "unit": units.inspection.pk,
            "body_kind": "",
            "activity_kind": "inspection",
            "basis": "ad_hoc",
            "started_on": "02/03/2026",
            "ended_on": "15/03/2026",
            "title": "Kiểm tra việc thực hiện Kế hoạch 80-KH/TU",
            "concerning": [plan.pk],
            "units_covered": [units.commune.pk, units.finance.pk],
            "other_units": "",
            "other_units_count": "0",
            "findings": "Chưa công khai đường dây nóng.",
            "heads_disciplined": "0",
            "heads_not_disciplined": "1",
            "sanctions_proposed": "1",
            "sanctions_proposed_text": "Kiểm điểm rút kinh nghiệm",
            "sanctions_applied": "0",
            "sanctions_applied_text": "",
        },
    )
    record = Inspection.objects.get()
    assert response.status_code == 302
    assert record.body_kind == BodyKind.INSPECTION_COMMISSION  # from the unit's kind
    assert set(record.units_covered.all()) == {units.commune, units.finance}
    page = client.get(url("inspection_detail", record.pk)).content.decode()
    assert "Chưa công khai đường dây nóng." in page and units.finance.name in page

    # A later end before the start is refused.
    response = client.post(
        url("inspection_edit", record.pk),
        {
            "unit": units.inspection.pk,
            "activity_kind": "inspection",
            "basis": "ad_hoc",
            "started_on": "02/03/2026",
            "ended_on": "01/03/2026",
            "title": "Kiểm tra",
            "other_units_count": "0",
            "heads_disciplined": "0",
            "heads_not_disciplined": "1",
            "sanctions_proposed": "1",
            "sanctions_applied": "0",
        },
    )
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="programme.inspection.update").exists()
    rows = xlsx_rows(client.get(url("inspection_list"), {"export": "xlsx", "basis": "ad_hoc"}))
    assert [row[6] for row in rows[1:]] == ["Kiểm tra việc thực hiện Kế hoạch 80-KH/TU"]


def test_propaganda_items(people, units, plan, client_for):
    client = client_for(people.reporting)
    response = client.post(
        url("propaganda_create"),
        {
            "unit": units.committee.pk,
            "published_on": "14/03/2026",
            "medium": "television",
            "title": "Phóng sự đường dây nóng",
            "outlet": "Đài PT-TH tỉnh",
            "count": "3",
            "concerning": [plan.pk],
        },
    )
    record = PropagandaItem.objects.get()
    assert response.status_code == 302 and record.count == 3
    client.post(
        url("propaganda_edit", record.pk),
        {
            "unit": units.committee.pk,
            "published_on": "14/03/2026",
            "medium": "television",
            "title": "Phóng sự đường dây nóng",
            "outlet": "Đài PT-TH tỉnh",
            "count": "4",
            "concerning": [plan.pk],
        },
    )
    assert AuditEvent.objects.get(action="programme.propaganda.update").details == {"changed": ["count"]}
    assert "Phóng sự" in client.get(url("propaganda_list"), {"medium": "television"}).content.decode()
    assert "Phóng sự" not in client.get(url("propaganda_list"), {"medium": "press"}).content.decode()


def test_outsiders_get_404_and_readers_403(people, units, plan, client_for):
    record = services.dissemination_save(
        actor=people.reporting,
        unit=units.committee,
        held_on=D(2026, 3, 1),
        form="conference",
        title="Hội nghị sơ kết năm",
    )
    inspection = services.inspection_save(
        actor=people.reporting,
        unit=units.committee,
        activity_kind="supervision",
        started_on=D(2026, 3, 1),
        title="Giám sát",
    )
    outsider = client_for(people.outsider)
    assert outsider.get(url("dissemination_detail", record.pk)).status_code == 404
    assert outsider.get(url("dissemination_edit", record.pk)).status_code == 404
    assert outsider.get(url("inspection_detail", inspection.pk)).status_code == 404
    assert "Hội nghị sơ kết năm" not in outsider.get(url("dissemination_list")).content.decode()

    handler = client_for(people.handler)  # sees the committee's records, records nothing
    assert handler.get(url("dissemination_detail", record.pk)).status_code == 200
    assert handler.get(url("dissemination_edit", record.pk)).status_code == 403
    assert handler.get(url("dissemination_create")).status_code == 403
    assert handler.get(url("inspection_edit", inspection.pk)).status_code == 403
    assert handler.post(url("propaganda_create"), {}).status_code == 403

    # Oversight of another unit cannot record for the committee.
    assert client_for(people.oversight).get(url("inspection_edit", inspection.pk)).status_code == 404


def test_every_list_answers_and_exports(people, units, plan, client_for):
    services.task_create(
        actor=people.reporting,
        plan=plan,
        title="Báo cáo",
        lead_unit=units.committee,
        timing="recurring",
        recurrence="05/06,05/12",
    )
    client = client_for(people.reporting)
    for name in (
        "plan_list",
        "document_list",
        "task_list",
        "due_list",
        "overdue_list",
        "progress_list",
        "dissemination_list",
        "inspection_list",
        "propaganda_list",
    ):
        assert client.get(url(name)).status_code == 200, name
        assert xlsx_rows(client.get(url(name), {"export": "xlsx"}))[0], name
    tasks = xlsx_rows(client.get(url("task_list"), {"export": "xlsx"}))
    assert tasks[1][0] == plan.number and tasks[1][2] == "Báo cáo"


def test_someone_without_a_role_sees_nothing(units, client_for):
    from accounts.services import account_create

    nobody = account_create(
        actor=None, username="khongvaitro", full_name="Không Vai Trò", password="mật-khẩu-thử-nghiệm-2026"
    )
    assert client_for(nobody).get(url("plan_list")).status_code == 403
    assert _person("tiepnhanxa", "Intake", units.commune, Role.INTAKE)  # a role suffices to read


@pytest.mark.parametrize("name", ["dissemination_list", "inspection_list", "propaganda_list", "plan_list"])
def test_a_list_costs_the_same_queries_for_one_row_or_many(people, units, plan, client_for, name):
    client = client_for(people.reporting)
    made = []

    def add(n):
        for _ in range(n):
            made.append(1)
            i = len(made)
            day = D(2026, 3, i)
            services.dissemination_save(
                actor=people.reporting,
                unit=units.committee,
                held_on=day,
                form="conference",
                title="H",
                concerning=[plan],
            )
            services.inspection_save(
                actor=people.reporting,
                unit=units.committee,
                activity_kind="supervision",
                started_on=day,
                title="G",
                concerning=[plan],
                units_covered=[units.finance],
            )
            services.propaganda_save(
                actor=people.reporting,
                unit=units.committee,
                published_on=day,
                medium="press",
                title="B",
                concerning=[plan],
            )
            make_plan(people.reporting, units.committee, number=f"{i}/KH", implements=plan)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url(name)).status_code == 200
    add(4)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url(name)).status_code == 200
    assert len(five) == len(one)
