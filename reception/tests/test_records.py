"""Sessions and visits: entered, validated, edited with an audit event naming the changed fields."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from reception import services
from reception.models import Competence, MatterKind, Outcome, ReceptionSession, SessionStatus, Visit, VisitKind

from .conftest import delegation, make_session, make_visit

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 17)
SUMMARY = "Phản ánh cán bộ địa chính gây khó khăn khi làm thủ tục tách thửa."


def session_form(units, **overrides):
    data = {
        "unit": units.committee.pk,
        "kind": "scheduled",
        "date": "17/03/2026",
        "start_time": "07:30",
        "end_time": "11:00",
        "place": "Trụ sở tiếp công dân tỉnh",
        "host_title": "Chủ tịch UBND tỉnh Phạm Văn Trưởng",
        "hosted_by_head": "on",
        "host": "",
        "delegated_reason": "",
        "status": "held",
        "published": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def visit_form(**overrides):
    data = {
        "kind": "individual",
        "headcount": "1",
        "matter_kind": "feedback",
        "subject": "corruption",
        "summary": SUMMARY,
        "refused": "",
        "refusal_reason": "",
        "competence": "handle",
        "outcome": "in_progress",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_an_intake_officer_records_a_held_session_hosted_by_the_head(people, units, client_for):
    response = client_for(people.intake).post(
        reverse("reception:session_create"), session_form(units, host=people.head.pk)
    )
    session = ReceptionSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reception:session_detail", args=[session.pk])
    assert (session.unit, session.date, session.host, session.hosted_by_head) == (
        units.committee,
        DAY,
        people.head,
        True,
    )
    assert session.start_time == datetime.time(7, 30) and session.created_by == people.intake
    event = AuditEvent.objects.get(action="reception.session.create")
    assert event.object_id == str(session.pk) and event.unit == units.committee
    assert event.details["status"] == "held"


def test_editing_a_session_audits_the_changed_field_names(people, units, client_for):
    session = make_session(people.intake, units.committee, DAY)
    response = client_for(people.intake).post(
        reverse("reception:session_edit", args=[session.pk]),
        session_form(
            units,
            start_time="08:00",
            place="Hội trường UBND tỉnh",
            hosted_by_head="",
            delegated_reason="Chủ tịch đi công tác.",
        ),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.place == "Hội trường UBND tỉnh" and not session.hosted_by_head
    event = AuditEvent.objects.get(action="reception.session.change")
    assert set(event.details["changed"]) == {"place", "host_title", "hosted_by_head", "delegated_reason"}
    assert "Hội trường" not in str(event.details)


def test_a_save_without_changes_writes_no_event(people, units, client_for):
    session = make_session(
        people.intake, units.committee, DAY, place="Trụ sở tiếp công dân tỉnh", host_title="Chủ tịch UBND tỉnh"
    )
    form = session_form(units, start_time="08:00", host_title="Chủ tịch UBND tỉnh")
    client_for(people.intake).post(reverse("reception:session_edit", args=[session.pk]), form)
    assert not AuditEvent.objects.filter(action="reception.session.change").exists()


def test_a_session_in_the_future_cannot_have_been_held(people, units):
    future = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        make_session(people.intake, units.committee, future)
    assert "status" in error.value.error_dict
    planned = make_session(people.intake, units.committee, future, status=SessionStatus.PLANNED)
    assert planned.status == SessionStatus.PLANNED


def test_the_head_hosting_in_person_must_be_the_head(people, units):
    with pytest.raises(ValidationError) as error:
        make_session(people.intake, units.committee, DAY, host=people.custodian)
    assert "host" in error.value.error_dict
    delegated = make_session(people.intake, units.committee, DAY, host=people.custodian, hosted_by_head=False)
    assert not delegated.hosted_by_head


def test_a_session_of_a_unit_that_did_not_exist_then_is_refused(people, units):
    units.committee.valid_from = datetime.date(2026, 4, 1)
    units.committee.save()
    with pytest.raises(ValidationError) as error:
        make_session(people.intake, units.committee, DAY)
    assert "date" in error.value.error_dict


def test_a_session_with_visitors_stays_held(people, units):
    session = make_session(people.intake, units.committee, DAY)
    make_visit(people.intake, session)
    data = services.SessionData(
        unit=units.committee, kind="scheduled", date=DAY, place="x", host_title="y", status=SessionStatus.CANCELLED
    )
    with pytest.raises(ValidationError) as error:
        services.session_update(actor=people.intake, session=session, data=data)
    assert "status" in error.value.error_dict


def test_a_visit_is_recorded_at_a_held_session_without_its_summary_in_the_audit(people, units, client_for):
    session = make_session(people.intake, units.committee, DAY)
    response = client_for(people.intake).post(reverse("reception:visit_create", args=[session.pk]), visit_form())
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert (visit.kind, visit.headcount, visit.summary, visit.competence) == ("individual", 1, SUMMARY, "handle")
    event = AuditEvent.objects.get(action="reception.visit.create")
    assert event.details["session"] == session.pk and event.details["refused"] is False
    assert SUMMARY not in str(event.details)


def test_visitors_are_recorded_only_once_the_session_is_held(people, units, client_for):
    future = timezone.localdate() + datetime.timedelta(days=3)
    session = make_session(people.intake, units.committee, future, status=SessionStatus.PLANNED)
    with pytest.raises(ValidationError):
        make_visit(people.intake, session)
    response = client_for(people.intake).post(reverse("reception:visit_create", args=[session.pk]), visit_form())
    assert response.status_code == 302 and not Visit.objects.exists()


def test_a_delegation_has_at_least_five_people(people, units, client_for):
    session = make_session(people.intake, units.committee, DAY)
    url = reverse("reception:visit_create", args=[session.pk])
    response = client_for(people.intake).post(url, visit_form(kind="delegation", headcount="4"))
    assert response.status_code == 400 and "headcount" in response.context["form"].errors
    assert not Visit.objects.exists()
    delegation(people.intake, session, headcount=5)
    assert Visit.objects.get().headcount == 5


def test_one_person_is_one_person_whatever_was_typed(people, units):
    session = make_session(people.intake, units.committee, DAY)
    visit = make_visit(people.intake, session, headcount=9)
    assert visit.headcount == 1


def test_a_refusal_needs_its_reason(people, units, client_for):
    session = make_session(people.intake, units.committee, DAY)
    url = reverse("reception:visit_create", args=[session.pk])
    response = client_for(people.intake).post(url, visit_form(refused="on", competence="", outcome=""))
    assert response.status_code == 400 and "refusal_reason" in response.context["form"].errors
    response = client_for(people.intake).post(
        url, visit_form(refused="on", refusal_reason="Say rượu, có lời lẽ xúc phạm.", competence="handle")
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and visit.refused and visit.competence == "" and visit.outcome == ""


def test_a_received_visit_says_whether_it_is_within_the_units_authority(people, units):
    session = make_session(people.intake, units.committee, DAY)
    with pytest.raises(ValidationError) as error:
        make_visit(people.intake, session, competence="")
    assert "competence" in error.value.error_dict


def test_editing_a_visit_audits_the_changed_field_names(people, units, client_for):
    session = make_session(people.intake, units.committee, DAY)
    visit = make_visit(people.intake, session, summary=SUMMARY)
    response = client_for(people.intake).post(
        reverse("reception:visit_edit", args=[visit.pk]),
        visit_form(kind="delegation", headcount="12", outcome="resolved_closed", degradation="on", summary="Đã sửa."),
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.kind, visit.headcount, visit.outcome, visit.degradation) == (
        VisitKind.DELEGATION,
        12,
        Outcome.RESOLVED_CLOSED,
        True,
    )
    event = AuditEvent.objects.get(action="reception.visit.change")
    assert set(event.details["changed"]) == {"kind", "headcount", "outcome", "degradation", "summary", "subject"}
    assert "Đã sửa" not in str(event.details)


def test_the_session_page_lists_its_visits_with_counts(people, units, client_for):
    session = make_session(people.intake, units.committee, DAY)
    delegation(people.intake, session, headcount=12, summary="Đoàn hộ dân kiến nghị về bồi thường.")
    make_visit(
        people.intake,
        session,
        refused=True,
        refusal_reason="Vụ việc đã giải quyết đúng pháp luật.",
        matter_kind=MatterKind.COMPLAINT,
        competence=Competence.HANDLE,
    )
    response = client_for(people.intake).get(reverse("reception:session_detail", args=[session.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đoàn hộ dân kiến nghị về bồi thường." in page
    assert response.context["people"] == 12 and response.context["refused"] == 1
