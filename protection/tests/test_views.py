import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from protection import services
from protection.models import CaseStatus, CheckIn, MeasureStatus, Origin, PersonRequestStatus, ProtectionCase
from protection.tests.helpers import NAME, at, open_case
from protection.timeline import SOURCES, Entry, register_source, timeline

pytestmark = pytest.mark.django_db


def test_the_custodian_opens_a_case_for_an_urgent_call(people, units, client_for):
    client = client_for(people.custodian)
    called = timezone.localtime() - datetime.timedelta(hours=2)
    response = client.post(
        reverse("protection:case_create"),
        {
            "unit": units.committee.pk,
            "origin": Origin.URGENT,
            "requested_at": called.strftime("%d/%m/%Y %H:%M"),
            "relationship": "child",
            "kinds": ["life_health"],
            "summary": "Con của người tố cáo bị đe dọa hành hung.",
            "full_name": NAME,
            "relationship_details": "Con trai",
            "reasons": "Gọi điện lúc tối, bị nhắn tin đe dọa.",
        },
    )
    case = ProtectionCase.objects.get()
    assert response.status_code == 302
    assert case.origin == Origin.URGENT and case.relationship == "child"
    assert case.kinds_requested == ["secrecy", "life_health"]
    assert timezone.localtime(case.requested_at).strftime("%d/%m/%Y %H:%M") == called.strftime("%d/%m/%Y %H:%M")


def test_a_missing_summary_is_shown_on_the_form(people, units, client_for):
    client = client_for(people.custodian)
    response = client.post(reverse("protection:case_create"), {"unit": units.committee.pk, "full_name": NAME})
    assert response.status_code == 200
    assert not ProtectionCase.objects.exists()
    assert "field-error" in response.content.decode()


def test_the_list_filters_and_marks_late_decisions(people, units, client_for):
    late = open_case(units, people, requested_at=at(timezone.localdate() - datetime.timedelta(days=30)))
    fresh = open_case(units, people, kinds=["property"])
    client = client_for(people.head)
    html = client.get(reverse("protection:case_list")).content.decode()
    assert late.reference in html and fresh.reference in html
    assert html.count("badge") == 1  # "late" on the late case only
    filtered = client.get(reverse("protection:case_list") + "?kind=property").content.decode()
    assert fresh.reference in filtered and late.reference not in filtered
    assert late.reference not in client.get(reverse("protection:case_list") + "?status=granted").content.decode()
    detail = client.get(reverse("protection:case_detail", args=[late.pk])).content.decode()
    assert late.decision_due_on.strftime("%d/%m/%Y") in detail


def test_the_head_decides_measures_and_the_custodian_follows_up(people, units, client_for):
    case = open_case(units, people)
    head, custodian = client_for(people.head), client_for(people.custodian)
    missing = head.post(
        reverse("protection:case_decide", args=[case.pk]),
        {"decision-decision": "grant", "measures-TOTAL_FORMS": "3", "measures-INITIAL_FORMS": "0"},
    )
    assert missing.status_code == 400
    head.post(
        reverse("protection:case_decide", args=[case.pk]),
        {
            "decision-decision": "grant",
            "decision-reasons": "Có căn cứ",
            "measures-TOTAL_FORMS": "3",
            "measures-INITIAL_FORMS": "0",
        },
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.GRANTED
    assert list(case.measures.values_list("kind", flat=True)) == ["secrecy"]

    head.post(
        reverse("protection:measure_add", args=[case.pk]),
        {"add-kind": "life_health", "add-body": "Công an tỉnh Hòa Bình", "add-starts_on": ""},
    )
    measure = case.measures.get(kind="life_health")
    head.post(
        reverse("protection:measure_change", args=[case.pk, measure.pk]),
        {
            f"measure-{measure.pk}-body": "Công an tỉnh Hòa Bình",
            f"measure-{measure.pk}-end": "on",
            f"measure-{measure.pk}-reason": "Hết nguy cơ",
        },
    )
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ENDED

    custodian.post(
        reverse("protection:request_add", args=[case.pk]),
        {"request-kind": "add", "request-kinds": ["property"], "request-summary": "Xin bảo vệ tài sản"},
    )
    person_request = case.person_requests.get()
    head.post(
        reverse("protection:request_decide", args=[case.pk, person_request.pk]),
        {f"request-{person_request.pk}-decision": "reject", f"request-{person_request.pk}-reasons": "Chưa cần"},
    )
    person_request.refresh_from_db()
    assert person_request.status == PersonRequestStatus.REJECTED

    due = timezone.localdate() + datetime.timedelta(days=3)
    custodian.post(reverse("protection:checkin_add", args=[case.pk]), {"checkin-due_on": due.strftime("%d/%m/%Y")})
    checkin = CheckIn.objects.get(case=case)
    with time_machine.travel(at(due + datetime.timedelta(days=2)), tick=False):
        listing = client_for(people.custodian).get(reverse("protection:case_list")).content.decode()
        assert "overdue-heading" in listing and case.reference in listing
        custodian_later = client_for(people.custodian)
        custodian_later.post(
            reverse("protection:checkin_record", args=[case.pk, checkin.pk]),
            {f"checkin-{checkin.pk}-note": "Ổn định"},
        )
        assert "overdue-heading" not in custodian_later.get(reverse("protection:case_list")).content.decode()

    head.post(reverse("protection:case_end", args=[case.pk]), {"end-reason": "Vụ việc đã kết luận"})
    case.refresh_from_db()
    assert case.status == CaseStatus.ENDED


def test_the_timeline_collects_everything_in_date_order(people, units, client_for, world):
    entries = timeline(world.case)
    kinds = [entry.kind for entry in entries]
    assert kinds[0] == "portal" and "requested" in kinds and "decision" in kinds and "measure" in kinds
    assert "person_request" in kinds and kinds[-1] == "checkin"
    assert [entry.sort_key for entry in entries] == sorted(entry.sort_key for entry in entries)
    html = client_for(people.custodian).get(reverse("protection:case_timeline", args=[world.case.pk])).content.decode()
    assert "Xin thêm bảo vệ tài sản" in html


def test_another_app_adds_to_the_timeline(world):
    def incidents(case):
        yield Entry(at=world.case.requested_at + datetime.timedelta(minutes=1), kind="retaliation", label="Trù dập")

    register_source(incidents)
    try:
        entries = timeline(world.case)
        assert [entry.kind for entry in entries].count("retaliation") == 1
        assert entries.index(next(e for e in entries if e.kind == "retaliation")) > [e.kind for e in entries].index(
            "requested"
        )
    finally:
        SOURCES.remove(incidents)


def test_a_decided_case_is_not_decided_twice(people, units):
    case = open_case(units, people)
    services.protection_decide(case=case, actor=people.head, grant=False, reasons="Không có căn cứ")
    with pytest.raises(ValidationError):
        services.protection_decide(case=case, actor=people.head, grant=True, reasons="Lại")


def test_the_list_costs_the_same_queries_for_more_cases(people, units, client_for):
    client = client_for(people.custodian)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("protection:case_list")).status_code == 200
        return len(captured)

    open_case(units, people)
    few = queries()
    for _ in range(4):
        open_case(units, people)
    assert queries() == few
