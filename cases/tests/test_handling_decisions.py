"""The head's decisions on a matter, time limits, assignments and the handler's declaration."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import permissions
from accounts.models import Role
from audit.models import AuditEvent
from cases import handling
from cases.deadlines import due_date, rule_in_force
from cases.models import (
    Complexity,
    Deadline,
    Matter,
    MatterStatus,
    Notification,
    Outcome,
    PublicEvent,
    StepKind,
)
from cases.tests.test_handling import actions, classify, person, registered
from workcal.workdays import is_working_day

pytestmark = pytest.mark.django_db


def open_matter(people, units, **kwargs) -> Matter:
    petition = registered(units.committee, people.intake, **kwargs)
    classify(petition, people.intake)
    return Matter.objects.get(pk=petition.matter_id)


def accepted(people, units, complexity=Complexity.NORMAL) -> Matter:
    return handling.matter_accept(matter=open_matter(people, units), actor=people.head, complexity=complexity)


def notices(matter) -> list[str]:
    return list(
        PublicEvent.objects.filter(petition__matter=matter, step=PublicEvent.Step.NOTICE)
        .order_by("pk")
        .values_list("text", flat=True)
    )


def resolution(matter) -> Deadline:
    return Deadline.objects.get(matter=matter, step__in=handling.RESOLUTION_STEPS, cancelled=False)


def next_working_day(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


# Acceptance and refusal


def test_accepting_starts_the_limits_and_tells_the_reporter(people, units):
    matter = accepted(people, units, Complexity.COMPLEX)

    today = timezone.localdate()
    assert (matter.status, matter.complexity) == (MatterStatus.ACCEPTED, Complexity.COMPLEX)
    assert matter.accepted_at is not None
    notify = Deadline.objects.get(matter=matter, step=StepKind.NOTIFY_ACCEPTANCE)
    assert notify.due_on == due_date(rule_in_force(StepKind.NOTIFY_ACCEPTANCE), today)
    assert notify.done_on == today
    resolve = Deadline.objects.get(matter=matter, step=StepKind.RESOLVE)
    assert resolve.due_on == due_date(rule_in_force(StepKind.RESOLVE), today) and resolve.done_on is None
    (text,) = notices(matter)
    assert resolve.due_on.strftime("%d/%m/%Y") in text and today.strftime("%d/%m/%Y") in text
    event = AuditEvent.objects.get(action="cases.matter.accept")
    assert (event.actor, event.details["complexity"]) == (people.head, Complexity.COMPLEX)


def test_only_a_head_or_deputy_head_of_the_unit_decides(people, units):
    matter = open_matter(people, units)
    deputy = person("phothutruong", units.committee, Role.DEPUTY_HEAD)
    other_head = person("thutruong_lc", units.other, Role.HEAD)
    for actor in (people.intake, people.handler, people.custodian, people.admin, other_head):
        with pytest.raises(PermissionDenied):
            handling.matter_accept(matter=matter, actor=actor)
    handling.matter_accept(matter=matter, actor=deputy)
    assert Matter.objects.get().status == MatterStatus.ACCEPTED


def test_a_matter_is_accepted_once(people, units):
    matter = accepted(people, units)
    with pytest.raises(ValidationError):
        handling.matter_accept(matter=matter, actor=people.head)


def test_refusing_needs_a_reason_that_the_reporter_reads(people, units):
    matter = open_matter(people, units)
    with pytest.raises(ValidationError):
        handling.matter_refuse(matter=matter, actor=people.head, reason="  ")
    handling.matter_refuse(matter=matter, actor=people.head, reason="Đã được giải quyết trước đây")
    matter.refresh_from_db()
    assert matter.status == MatterStatus.REFUSED and matter.refused_reason == "Đã được giải quyết trước đây"
    assert "Đã được giải quyết trước đây" in notices(matter)[0]
    assert AuditEvent.objects.get(action="cases.matter.refuse").reason == "Đã được giải quyết trước đây"


# Extensions


def test_a_normal_matter_cannot_be_extended(people, units):
    matter = accepted(people, units, Complexity.NORMAL)
    with pytest.raises(ValidationError):
        handling.matter_extend(matter=matter, actor=people.head, reason="Cần xác minh thêm")
    assert Matter.objects.get().extensions == 0


def test_a_complex_matter_is_extended_once_from_its_due_date(people, units):
    matter = accepted(people, units, Complexity.COMPLEX)
    first_due = resolution(matter).due_on

    handling.matter_extend(matter=matter, actor=people.head, reason="Cần xác minh thêm")

    extended = resolution(matter)
    assert extended.step == StepKind.EXTENSION and extended.starts_on == first_due
    assert extended.due_on == due_date(rule_in_force(StepKind.EXTENSION), first_due)
    assert Deadline.objects.get(matter=matter, step=StepKind.RESOLVE).cancelled
    assert extended.due_on.strftime("%d/%m/%Y") in notices(matter)[-1]
    with pytest.raises(ValidationError):
        handling.matter_extend(matter=matter, actor=people.head, reason="Lần hai")
    assert Matter.objects.get().extensions == 1
    assert AuditEvent.objects.filter(action="cases.matter.extend").count() == 1


def test_an_especially_complex_matter_is_extended_twice(people, units):
    matter = accepted(people, units, Complexity.ESPECIALLY_COMPLEX)
    handling.matter_extend(matter=matter, actor=people.head, reason="Lần một")
    second_start = resolution(matter).due_on
    handling.matter_extend(matter=matter, actor=people.head, reason="Lần hai")
    assert resolution(matter).starts_on == second_start
    with pytest.raises(ValidationError):
        handling.matter_extend(matter=matter, actor=people.head, reason="Lần ba")
    assert Matter.objects.get().extensions == 2


# Suspension


def test_suspension_time_does_not_count(people, units):
    start = timezone.now()
    matter = accepted(people, units)
    due = resolution(matter).due_on

    with time_machine.travel(start + datetime.timedelta(days=10), tick=False):
        handling.matter_suspend(matter=matter, actor=people.head, reason="Chờ kết quả giám định")
        stopped = timezone.localdate()
        assert not handling.deadlines.open_deadlines(matter=matter).exists()
    with time_machine.travel(start + datetime.timedelta(days=24), tick=False):
        with pytest.raises(ValidationError):
            handling.matter_conclude(matter=matter, actor=people.head, outcome=Outcome.TRUE, conclusion="x")
        handling.matter_resume(matter=matter, actor=people.head)
        resumed = timezone.localdate()

    matter.refresh_from_db()
    assert matter.status == MatterStatus.ACCEPTED and matter.suspended_at is None
    running = resolution(matter)
    assert running.starts_on == resumed
    assert running.due_on == next_working_day(resumed + (due - stopped))
    assert (resumed - stopped).days == 14
    texts = notices(matter)
    assert "Chờ kết quả giám định" in texts[-2] and resumed.strftime("%d/%m/%Y") in texts[-1]
    assert actions(matter)[-2:] == ["cases.matter.suspend", "cases.matter.resume"]
    assert AuditEvent.objects.get(action="cases.matter.resume").details["suspended_days"] == 14


def test_only_an_accepted_matter_is_suspended_and_only_a_suspended_one_resumed(people, units):
    matter = open_matter(people, units)
    with pytest.raises(ValidationError):
        handling.matter_suspend(matter=matter, actor=people.head, reason="x")
    with pytest.raises(ValidationError):
        handling.matter_resume(matter=matter, actor=people.head)


# Conclusion and flags


def test_concluding_closes_the_limit_and_tells_the_outcome(people, units):
    matter = accepted(people, units)
    with pytest.raises(ValidationError):
        handling.matter_conclude(matter=matter, actor=people.head, outcome="maybe", conclusion="")

    handling.matter_conclude(
        matter=matter,
        actor=people.head,
        outcome=Outcome.PARTLY_TRUE,
        conclusion="Có vi phạm trong chia nhỏ gói thầu.",
        measures="Kiểm điểm, rút kinh nghiệm",
        sanctions_proposed="Khiển trách",
        amount_to_recover=Decimal("125000000"),
    )

    matter.refresh_from_db()
    assert matter.status == MatterStatus.CONCLUDED and matter.concluded_at is not None
    assert (matter.outcome, matter.amount_to_recover) == (Outcome.PARTLY_TRUE, Decimal("125000000"))
    assert resolution(matter).done_on == timezone.localdate()
    assert timezone.localdate().strftime("%d/%m/%Y") in notices(matter)[-1]
    event = AuditEvent.objects.get(action="cases.matter.conclude")
    assert event.details == {"outcome": Outcome.PARTLY_TRUE, "recover": "125000000"}
    assert "vi phạm" not in str(event.details)


def test_an_anonymous_check_is_concluded_without_acceptance(people, units):
    matter = open_matter(people, units, identity=None)
    handling.matter_conclude(matter=matter, actor=people.head, outcome=Outcome.UNTRUE, conclusion="Không có cơ sở")
    assert Matter.objects.get().status == MatterStatus.CONCLUDED


def test_flags_put_the_matter_on_the_heads_list(people, units):
    matter = open_matter(people, units)
    handling.matter_flag(matter=matter, actor=people.head, complex=True, mass=None)
    matter.refresh_from_db()
    assert matter.escalated and matter.flag_complex and not matter.flag_mass
    handling.matter_flag(matter=matter, actor=people.head, complex=True)  # nothing changes, nothing recorded
    assert AuditEvent.objects.get(action="cases.matter.flag").details == {"flag_complex": True}
    with pytest.raises(PermissionDenied):
        handling.matter_flag(matter=matter, actor=people.intake, mass=True)


# Assignments and declarations


def test_assigning_notifies_the_handler(people, units):
    matter = accepted(people, units)
    assignment = handling.matter_assign(matter=matter, actor=people.head, handler=people.handler)
    note = Notification.objects.get(user=people.handler)
    assert (note.kind, note.matter, note.dedupe_key) == (
        Notification.Kind.ASSIGNED,
        matter,
        f"assigned:{assignment.pk}",
    )
    assert AuditEvent.objects.get(action="cases.matter.assign").details["handler"] == people.handler.pk
    with pytest.raises(ValidationError):
        handling.matter_assign(matter=matter, actor=people.head, handler=people.handler)


def test_only_handlers_of_the_unit_are_assigned(people, units):
    matter = accepted(people, units)
    elsewhere = person("xuly_lc", units.other, Role.HANDLER)
    for handler in (people.intake, elsewhere):
        with pytest.raises(ValidationError):
            handling.matter_assign(matter=matter, actor=people.head, handler=handler)
    assert list(handling.eligible_handlers(matter)) == [people.handler]
    with pytest.raises(PermissionDenied):
        handling.matter_assign(matter=matter, actor=people.intake, handler=people.handler)


def test_an_accused_handler_or_a_relative_is_never_assigned(people, units):
    accused_handler = person("xuly2", units.committee, Role.HANDLER)
    petition = registered(units.committee, people.intake)
    handling.accused_link(accused=petition.accused.get(), actor=people.intake, user=accused_handler)
    classify(petition, people.intake)
    matter = Matter.objects.get()
    handling.relation_record(actor=people.personnel, person=people.handler, related=accused_handler, kind="vợ")

    for handler in (accused_handler, people.handler):
        with pytest.raises(ValidationError) as refused:
            handling.matter_assign(matter=matter, actor=people.head, handler=handler)
        assert "handler" in refused.value.error_dict
    assert list(handling.eligible_handlers(matter)) == []
    assert not matter.assignments.exists()


def test_a_handler_sees_nothing_until_declaring_no_conflict(people, units):
    matter = accepted(people, units)
    assignment = handling.matter_assign(matter=matter, actor=people.head, handler=people.handler)

    assert not permissions.matters_visible_to(people.handler).exists()
    assert not permissions.petitions_visible_to(people.handler).exists()
    assert permissions.pending_assignment(people.handler, matter.pk) == assignment
    assert list(permissions.pending_assignments(people.handler)) == [assignment]

    handling.assignment_declare(assignment=assignment, actor=people.handler, conflict=False)

    assert list(permissions.matters_visible_to(people.handler)) == [matter]
    assert permissions.petitions_visible_to(people.handler).count() == 1
    assert permissions.pending_assignment(people.handler, matter.pk) is None
    assert "cases.assignment.declare_no_conflict" in actions(matter)
    with pytest.raises(ValidationError):
        handling.assignment_declare(assignment=assignment, actor=people.handler, conflict=True)


def test_a_handler_who_declares_a_conflict_loses_the_matter_and_it_returns_to_the_head(people, units):
    matter = accepted(people, units)
    assignment = handling.matter_assign(matter=matter, actor=people.head, handler=people.handler)
    with pytest.raises(PermissionDenied):
        handling.assignment_declare(assignment=assignment, actor=people.intake, conflict=True)

    handling.assignment_declare(assignment=assignment, actor=people.handler, conflict=True, note="Người nhà")

    assignment.refresh_from_db()
    assert assignment.ended_at is not None and assignment.conflict_declared_at is not None
    assert assignment.conflict_note == "Người nhà"
    assert not permissions.matters_visible_to(people.handler).exists()
    assert permissions.pending_assignment(people.handler, matter.pk) is None
    back = Notification.objects.get(
        user=people.head, kind=Notification.Kind.DECISION_NEEDED, dedupe_key__contains="conflict"
    )
    assert back.matter == matter
    assert "cases.assignment.declare_conflict" in actions(matter)
    assert "Người nhà" not in str(AuditEvent.objects.get(action="cases.assignment.declare_conflict").details)
    with pytest.raises(ValidationError):
        handling.matter_assign(matter=matter, actor=people.head, handler=people.handler)
    assert list(handling.eligible_handlers(matter)) == []
