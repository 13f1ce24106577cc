import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Role
from accounts.services import account_create, membership_end
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from cases.models import Notification, PublicEvent
from conftest import PASSWORD
from protection import services
from protection.matching import person_id_hash
from protection.models import (
    CaseStatus,
    MeasureStatus,
    PersonRequestKind,
    PersonRequestStatus,
    ProtectionKey,
    ProtectionKind,
)
from protection.tests.helpers import ID_NUMBER, NAME, at, key_of, open_case, submit_petition
from workcal.workdays import add_working_days

pytestmark = pytest.mark.django_db


def granted_case(units, people, **overrides):
    case = open_case(units, people, **overrides)
    return services.protection_decide(
        case=case,
        actor=people.head,
        grant=True,
        reasons="Có căn cứ về nguy cơ bị trù dập.",
        measures=[{"kind": ProtectionKind.JOB, "body": "Sở Nội vụ tỉnh"}],
    )


def test_opening_seals_the_person_for_the_custodian_only(people, units):
    case = open_case(units, people)
    holders = set(ProtectionKey.objects.filter(case=case).values_list("user_key__user__username", flat=True))
    assert holders == {"baomat"}
    assert NAME.encode() not in bytes(case.sealed_person)
    assert case.id_hash == person_id_hash(ID_NUMBER) == person_id_hash("079-188-004-321")
    assert ProtectionKind.SECRECY in case.kinds_requested and ProtectionKind.JOB in case.kinds_requested
    assert case.reference == f"BV-{timezone.localdate().year}-{case.pk:06d}"
    assert case.decision_due_on == add_working_days(timezone.localdate(), settings.PROTECTION_DECISION_WORKING_DAYS)
    assert services.protection_private_key(case=case, user=people.head, user_private=key_of(people.head)) is None
    event = AuditEvent.objects.get(action="protection.case.open")
    assert NAME not in str(event.details) and ID_NUMBER not in str(event.details)
    assert audit_verify_chain().ok


def test_opening_tells_the_heads_and_custodians(people, units):
    open_case(units, people)
    told = set(Notification.objects.filter(kind="decision_needed").values_list("user__username", flat=True))
    assert told == {"thutruong", "baomat"}


def test_only_a_custodian_of_the_unit_opens_a_case(people, units):
    with pytest.raises(PermissionDenied):
        open_case(units, people, actor=people.head)
    with pytest.raises(PermissionDenied):
        open_case(units, people, unit=units.finance)


def test_a_case_without_reasons_or_name_is_refused(people, units):
    with pytest.raises(ValidationError):
        open_case(units, people, reasons=" ")
    with pytest.raises(ValidationError):
        open_case(units, people, person={"full_name": ""})


def test_the_custodian_reads_the_person_with_a_reason(people, units):
    case = open_case(units, people)
    private = services.protection_private_key(case=case, user=people.custodian, user_private=key_of(people.custodian))
    with pytest.raises(ValidationError):
        services.protection_read_person(case=case, actor=people.custodian, private=private, reason=" ")
    opened = services.protection_read_person(
        case=case, actor=people.custodian, private=private, reason="Liên hệ xác minh"
    )
    assert opened["person"]["full_name"] == NAME
    assert opened["person"]["date_of_birth"] == "1988-04-02"
    assert "trưởng phòng" in opened["reasons"]
    assert AuditEvent.objects.filter(action="protection.person.read", reason="Liên hệ xác minh").exists()
    with pytest.raises(PermissionDenied):
        services.protection_read_person(case=case, actor=people.head, private=private, reason="Xem")


def test_the_head_grants_within_the_limit_and_the_measures_start_at_once(people, units):
    petition = submit_petition(units).petition
    case = granted_case(units, people, petition=petition)
    assert case.status == CaseStatus.GRANTED and not case.decided_late
    kinds = sorted(case.measures.values_list("kind", flat=True))
    assert kinds == sorted([ProtectionKind.SECRECY, ProtectionKind.JOB])
    assert set(case.measures.values_list("starts_on", flat=True)) == {timezone.localdate()}
    notices = list(PublicEvent.objects.filter(petition=petition, step=PublicEvent.Step.NOTICE))
    assert "Đề nghị bảo vệ" in notices[0].text
    assert "quyết định áp dụng biện pháp bảo vệ" in notices[-1].text
    assert "Sở Nội vụ tỉnh" in notices[-1].text
    assert AuditEvent.objects.filter(action="protection.case.grant").exists()


def test_a_late_decision_is_recorded_not_refused(people, units):
    asked_on = timezone.localdate() - datetime.timedelta(days=20)
    case = open_case(units, people, requested_at=at(asked_on))
    assert case.decision_due_on == add_working_days(asked_on, settings.PROTECTION_DECISION_WORKING_DAYS)
    case = services.protection_decide(case=case, actor=people.head, grant=False, reasons="Không có căn cứ.")
    assert case.status == CaseStatus.REFUSED and case.decided_late
    assert AuditEvent.objects.get(action="protection.case.refuse").details["late"] is True


def test_a_decision_on_the_due_day_is_in_time(people, units):
    case = open_case(units, people)
    with time_machine.travel(at(case.decision_due_on, 16), tick=False):
        case = services.protection_decide(case=case, actor=people.head, grant=False, reasons="Không có căn cứ.")
    assert not case.decided_late


def test_only_heads_decide_and_with_reasons(people, units):
    case = open_case(units, people)
    with pytest.raises(PermissionDenied):
        services.protection_decide(case=case, actor=people.custodian, grant=True, reasons="x")
    with pytest.raises(PermissionDenied):
        services.protection_decide(case=case, actor=people.outsider, grant=True, reasons="x")
    with pytest.raises(ValidationError):
        services.protection_decide(case=case, actor=people.head, grant=True, reasons=" ")


def test_measures_change_and_end(people, units):
    case = granted_case(units, people)
    measure = services.measure_add(
        case=case, actor=people.head, kind=ProtectionKind.LIFE_HEALTH, body="Công an tỉnh Hòa Bình"
    )
    services.measure_change(measure=measure, actor=people.head, body="Công an xã Tân Phú")
    measure.refresh_from_db()
    assert measure.body == "Công an xã Tân Phú"
    services.measure_change(measure=measure, actor=people.head, end=True, reason="Hết nguy cơ")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ENDED and measure.ends_on == timezone.localdate()
    with pytest.raises(ValidationError):
        services.measure_change(measure=measure, actor=people.head, end=True, reason="Lần nữa")


def test_a_request_to_end_a_measure_ends_it_and_the_last_one_ends_the_case(people, units):
    case = granted_case(units, people)
    first = services.person_request(
        case=case, actor=people.custodian, kind=PersonRequestKind.END, kinds=[ProtectionKind.JOB], summary="Đã ổn"
    )
    services.person_request_decide(request=first, actor=people.head, accept=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.GRANTED
    assert case.measures.get(kind=ProtectionKind.JOB).status == MeasureStatus.ENDED
    refusal = services.person_request(
        case=case, actor=people.custodian, kind=PersonRequestKind.REFUSE, summary="Không muốn được bảo vệ nữa"
    )
    with pytest.raises(PermissionDenied):
        services.person_request_decide(request=refusal, actor=people.custodian, accept=True)
    services.person_request_decide(request=refusal, actor=people.head, accept=True, reasons="Theo nguyện vọng")
    case.refresh_from_db()
    assert case.status == CaseStatus.ENDED
    assert not case.measures.filter(status=MeasureStatus.IN_FORCE).exists()


def test_a_rejected_request_needs_reasons(people, units):
    case = granted_case(units, people)
    request = services.person_request(
        case=case, actor=people.custodian, kind=PersonRequestKind.ADD, summary="Xin thêm bảo vệ tài sản"
    )
    with pytest.raises(ValidationError):
        services.person_request_decide(request=request, actor=people.head, accept=False)
    request = services.person_request_decide(request=request, actor=people.head, accept=False, reasons="Chưa cần")
    assert request.status == PersonRequestStatus.REJECTED


def test_checkins_keep_the_next_review_date(people, units):
    case = granted_case(units, people)
    today = timezone.localdate()
    later = services.checkin_schedule(case=case, actor=people.custodian, due_on=today + datetime.timedelta(days=30))
    sooner = services.checkin_schedule(case=case, actor=people.custodian, due_on=today + datetime.timedelta(days=7))
    case.refresh_from_db()
    assert case.next_review_on == sooner.due_on
    services.checkin_record(checkin=sooner, actor=people.custodian, note="Chưa có dấu hiệu trù dập")
    case.refresh_from_db()
    assert case.next_review_on == later.due_on
    with pytest.raises(PermissionDenied):
        services.checkin_schedule(case=case, actor=people.head, due_on=today)


def test_ending_ends_every_measure(people, units):
    case = granted_case(units, people)
    with pytest.raises(ValidationError):
        services.protection_end(case=case, actor=people.head, reason="")
    case = services.protection_end(case=case, actor=people.head, reason="Vụ việc đã kết luận")
    assert case.status == CaseStatus.ENDED
    assert set(case.measures.values_list("status", flat=True)) == {MeasureStatus.ENDED}
    assert AuditEvent.objects.filter(action="protection.case.end", reason="Vụ việc đã kết luận").exists()


def test_a_new_custodian_gets_a_copy_and_a_former_one_loses_it(people, units):
    case = open_case(units, people)
    newcomer = account_create(
        actor=None,
        username="baomat2",
        full_name="Lý Thị Mới",
        password=PASSWORD,
        unit=units.committee,
        role=Role.CUSTODIAN,
    )
    assert services.protection_access_grant_pending(actor=people.custodian, actor_private=key_of(people.custodian)) == 1
    private = services.protection_private_key(case=case, user=newcomer, user_private=key_of(newcomer))
    assert private is not None
    membership = newcomer.memberships.get()
    membership_end(actor=people.admin, membership=membership, reason="Chuyển công tác")
    # Ending the role withdraws the copies by itself; nothing is left to revoke.
    assert services.protection_access_revoke_stale(user=newcomer) == 0
    assert services.protection_private_key(case=case, user=newcomer, user_private=key_of(newcomer)) is None
