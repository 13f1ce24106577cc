"""Case handling services: classification, forwarding, duplicates, competence routing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import permissions
from accounts.models import Role, Scope
from accounts.services import account_create
from audit.models import AuditEvent
from cases import handling, services
from cases.deadlines import due_date, rule_in_force
from cases.models import (
    Channel,
    Competence,
    Condition,
    Deadline,
    Kind,
    Matter,
    MatterStatus,
    Notification,
    PetitionKey,
    PublicEvent,
    Status,
    StepKind,
    Subject,
)
from conftest import PASSWORD
from vault.services import recovery_key_create, user_key_unlock

pytestmark = pytest.mark.django_db

IDENTITY = {"full_name": "Đinh Thị Tố", "phone": "0912000111"}
CONTENT = "Giám đốc ban quản lý dự án chia nhỏ gói thầu để chỉ định thầu cho công ty của em vợ."


# Helpers shared with test_handling_views.py


def key(user) -> bytes:
    return user_key_unlock(user=user, password=PASSWORD)


def person(username, unit, role, scope=Scope.UNIT, full_name=None):
    return account_create(
        actor=None,
        username=username,
        full_name=full_name or username.title(),
        password=PASSWORD,
        unit=unit,
        role=role,
        scope=scope,
    )


def submit(
    unit,
    *,
    identity=IDENTITY,
    accused=({"name": "Lã Văn Thầu", "position": "Giám đốc"},),
    content=CONTENT,
    kind=Kind.DENUNCIATION,
    subject=Subject.CORRUPTION,
    receipt=False,
    received_at=None,
):
    return services.petition_submit(
        submission=services.Submission(
            channel=Channel.PORTAL if receipt else Channel.MAILBOX,
            kind=kind,
            subject=subject,
            content=content,
            unit=unit,
            accused=list(accused),
            identity=identity,
            received_at=received_at,
        ),
        issue_receipt=receipt,
    )


def registered(unit, intake, *, working=None, **kwargs):
    petition = submit(unit, **kwargs).petition
    return services.petition_register(
        petition=petition, actor=intake, working_content=working or kwargs.get("content", CONTENT)
    )


def classify(petition, actor, **kwargs):
    values = {
        "kind": petition.kind,
        "subject": petition.subject,
        "condition": Condition.PROCESSABLE,
        "competence": Competence.OURS,
        "actor_private": key(actor),
    }
    values.update(kwargs)
    handling.petition_classify(petition=petition, actor=actor, **values)
    petition.refresh_from_db()
    return petition


def actions(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def upper_staff(units):
    """The province committee's own intake officer and head (the fixtures have none there)."""
    return (
        person("tiepnhan_tinh", units.province, Role.INTAKE),
        person("thutruong_tinh", units.province, Role.HEAD),
    )


# Classification


def test_a_named_denunciation_becomes_a_matter_awaiting_the_heads_decision(people, units):
    petition = registered(units.committee, people.intake)

    classify(petition, people.intake, kind=Kind.FEEDBACK, subject=Subject.WASTE, reporter_count=2)

    petition.refresh_from_db()
    matter = petition.matter
    assert petition.status == Status.IN_MATTER
    assert (petition.kind, petition.subject, petition.reporter_count) == (Kind.FEEDBACK, Subject.WASTE, 2)
    assert (petition.classified_by, petition.competence) == (people.intake, Competence.OURS)
    assert matter.reference == f"VV-{timezone.localdate().year}-{matter.pk:06d}"
    assert (matter.unit, matter.kind, matter.subject) == (units.committee, Kind.FEEDBACK, Subject.WASTE)
    assert matter.status == MatterStatus.AWAITING_DECISION and not matter.anonymous_check
    assert matter.summary == CONTENT[:300]
    initial = Deadline.objects.get(petition=petition, step=StepKind.INITIAL_HANDLING)
    received = timezone.localtime(petition.received_at).date()
    assert initial.due_on == due_date(rule_in_force(StepKind.INITIAL_HANDLING), received)
    assert initial.done_on == timezone.localdate()
    assert actions(petition)[-1] == "cases.petition.classify"
    assert actions(matter) == ["cases.matter.open"]
    event = AuditEvent.objects.get(action="cases.petition.classify")
    assert event.details["reporter_kind"] == Kind.DENUNCIATION and event.details["kind"] == Kind.FEEDBACK
    assert Notification.objects.filter(user=people.head, kind=Notification.Kind.DECISION_NEEDED, matter=matter).exists()


def test_the_summary_is_the_first_300_characters_of_the_working_copy(people, units):
    petition = registered(units.committee, people.intake, working="x" * 500)
    classify(petition, people.intake)
    petition.refresh_from_db()
    assert petition.matter.summary == "x" * 300


def test_an_anonymous_petition_is_checked_within_our_powers(people, units):
    petition = registered(units.committee, people.intake, identity=None)
    classify(petition, people.intake)
    matter = Matter.objects.get()
    assert matter.status == MatterStatus.CHECKING and matter.anonymous_check


def test_verification_at_several_places_uses_the_longer_limit(people, units):
    petition = registered(units.committee, people.intake)
    started = Deadline.objects.get(petition=petition)
    classify(petition, people.intake, multiple_places=True)
    received = timezone.localtime(petition.received_at).date()
    # The limit started on arrival gives way to the longer one, counted from the same day.
    started.refresh_from_db()
    assert (started.step, started.cancelled, started.done_on) == (StepKind.INITIAL_HANDLING, True, None)
    deadline = Deadline.objects.get(petition=petition, cancelled=False)
    assert deadline.step == StepKind.INITIAL_HANDLING_MULTI
    assert deadline.starts_on == started.starts_on == received
    assert deadline.due_on == due_date(rule_in_force(StepKind.INITIAL_HANDLING_MULTI), received)
    assert deadline.done_on == timezone.localdate()


def test_a_petition_that_cannot_be_processed_needs_a_reason_and_is_kept(people, units):
    petition = registered(units.committee, people.intake)
    with pytest.raises(ValidationError) as refused:
        classify(petition, people.intake, condition=Condition.NOT_PROCESSABLE)
    assert "condition_reason" in refused.value.error_dict

    classify(petition, people.intake, condition=Condition.NOT_PROCESSABLE, condition_reason="Không rõ nội dung")

    petition.refresh_from_db()
    assert petition.status == Status.NOT_PROCESSABLE and petition.matter is None
    assert petition.condition_reason == "Không rõ nội dung"
    assert Deadline.objects.get(petition=petition).done_on == timezone.localdate()
    assert not Matter.objects.exists()


def test_classification_needs_a_registered_petition(people, units):
    petition = submit(units.committee).petition
    with pytest.raises(ValidationError):
        classify(petition, people.intake)
    petition.refresh_from_db()
    # Refused: the initial handling started on arrival still runs, and nothing else started.
    assert petition.status == Status.RECEIVED
    assert list(Deadline.objects.values_list("petition", "step", "done_on", "cancelled")) == [
        (petition.pk, StepKind.INITIAL_HANDLING, None, False)
    ]


def test_only_an_intake_officer_of_the_unit_classifies(people, units):
    petition = registered(units.committee, people.intake)
    for actor in (people.head, people.custodian, people.outsider):
        with pytest.raises(PermissionDenied):
            classify(petition, actor, actor_private=None)
    assert not Matter.objects.exists()


def test_a_petition_already_in_a_matter_is_not_classified_again(people, units):
    petition = registered(units.committee, people.intake)
    classify(petition, people.intake)
    with pytest.raises(ValidationError):
        classify(petition, people.intake, competence=Competence.FILE)


def test_guiding_and_filing(people, units):
    guided = registered(units.committee, people.intake)
    filed = registered(units.committee, people.intake)

    classify(guided, people.intake, competence=Competence.GUIDE, forward_body="Tòa án nhân dân tỉnh")
    classify(filed, people.intake, competence=Competence.FILE)

    guided.refresh_from_db()
    filed.refresh_from_db()
    assert (guided.status, filed.status) == (Status.GUIDED, Status.FILED)
    notice = guided.public_events.get(step=PublicEvent.Step.NOTICE)
    assert "Tòa án nhân dân tỉnh" in notice.text
    assert not filed.public_events.filter(step=PublicEvent.Step.NOTICE).exists()


# Forwarding


def test_forwarding_to_a_unit_moves_the_petition_and_its_sealed_key(people, units):
    commune_intake = person("tiepnhan_xa", units.commune, Role.INTAKE)
    recovery_key_create(actor=people.admin, label="Két sắt")
    petition = registered(units.committee, people.intake)
    recovery_before = PetitionKey.objects.filter(petition=petition, recovery_key__isnull=False).count()
    assert recovery_before == 1

    classify(petition, people.intake, competence=Competence.FORWARD, forward_unit=units.commune)

    petition.refresh_from_db()
    assert (petition.status, petition.unit, petition.forward_unit) == (Status.FORWARDED, units.commune, units.commune)
    assert petition.forwarded_at is not None
    # The statistics still count it for the unit that received it first, as its receipt event says.
    received = AuditEvent.objects.get(action="cases.petition.receive", object_id=str(petition.pk))
    assert petition.first_unit_id == received.unit_id == units.committee.pk
    holders = set(
        PetitionKey.objects.filter(petition=petition, user_key__isnull=False).values_list("user_key__user", flat=True)
    )
    assert holders == {commune_intake.pk}
    assert PetitionKey.objects.filter(petition=petition, recovery_key__isnull=False).count() == recovery_before
    opened = services.petition_private_key(petition=petition, user=commune_intake, user_private=key(commune_intake))
    assert (
        services.petition_read_original(petition=petition, actor=commune_intake, private=opened, reason="Phân loại")[
            "identity"
        ]
        == IDENTITY
    )
    assert not permissions.petitions_visible_to(people.intake).filter(pk=petition.pk).exists()
    assert permissions.petitions_visible_to(commune_intake).filter(pk=petition.pk).exists()
    forward = Deadline.objects.get(petition=petition, step=StepKind.FORWARD)
    assert forward.done_on == timezone.localdate()
    assert units.commune.name in petition.public_events.get(step=PublicEvent.Step.NOTICE).text
    assert "cases.petition.forward" in actions(petition)


def test_a_petition_is_forwarded_once(people, units):
    commune_intake = person("tiepnhan_xa", units.commune, Role.INTAKE)
    petition = registered(units.committee, people.intake)
    classify(petition, people.intake, competence=Competence.FORWARD, forward_unit=units.commune)
    petition.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        classify(petition, commune_intake, competence=Competence.FORWARD, forward_body="Thanh tra tỉnh")
    assert "competence" in refused.value.error_dict

    # The unit it was forwarded to may still handle it itself; the initial handling restarts there.
    classify(petition, commune_intake)
    petition.refresh_from_db()
    assert petition.matter.unit == units.commune
    assert Deadline.objects.filter(petition=petition, step=StepKind.INITIAL_HANDLING).count() == 2


def test_content_already_forwarded_is_not_forwarded_again(people, units):
    commune_intake = person("tiepnhan_xa", units.commune, Role.INTAKE)
    first = registered(units.commune, commune_intake)
    classify(first, commune_intake, competence=Competence.FORWARD, forward_unit=units.committee)
    first.refresh_from_db()
    classify(first, people.intake)
    matter = Matter.objects.get()
    second = registered(units.committee, people.intake)

    with pytest.raises(ValidationError) as refused:
        classify(
            second, people.intake, competence=Competence.FORWARD, forward_body="Thanh tra tỉnh", duplicate_of=matter
        )

    assert "duplicate_of" in refused.value.error_dict
    second.refresh_from_db()
    assert second.status == Status.REGISTERED


def test_forwarding_to_an_outside_body(people, units):
    petition = registered(units.committee, people.intake)
    classify(petition, people.intake, competence=Competence.FORWARD, forward_body="Công an tỉnh Hòa Bình")
    petition.refresh_from_db()
    assert (petition.status, petition.unit, petition.forward_body) == (
        Status.FORWARDED,
        units.committee,
        "Công an tỉnh Hòa Bình",
    )
    assert "Công an tỉnh Hòa Bình" in petition.public_events.get(step=PublicEvent.Step.NOTICE).text
    with pytest.raises(ValidationError):
        classify(petition, people.intake, competence=Competence.FILE)


def test_forwarding_needs_one_destination_and_someone_there_to_open_it(people, units):
    petition = registered(units.committee, people.intake)
    with pytest.raises(ValidationError):
        classify(petition, people.intake, competence=Competence.FORWARD)
    with pytest.raises(ValidationError):
        classify(petition, people.intake, competence=Competence.FORWARD, forward_unit=units.commune, forward_body="X")
    with pytest.raises(ValidationError):  # nobody in the commune can open originals
        classify(petition, people.intake, competence=Competence.FORWARD, forward_unit=units.commune)
    with pytest.raises(ValidationError):  # the key is needed
        classify(petition, people.intake, competence=Competence.FORWARD, forward_unit=units.commune, actor_private=None)
    petition.refresh_from_db()
    assert petition.status == Status.REGISTERED and petition.unit == units.committee
    # Refused: the initial handling started on arrival still runs, and nothing else started.
    assert list(Deadline.objects.values_list("petition", "step", "done_on", "cancelled")) == [
        (petition.pk, StepKind.INITIAL_HANDLING, None, False)
    ]


# Duplicates


def test_a_duplicate_joins_the_matter_and_is_counted_once(people, units, client_for):
    first = registered(units.committee, people.intake)
    classify(first, people.intake)
    matter = Matter.objects.get()
    handling.matter_accept(matter=matter, actor=people.head)
    second = registered(units.committee, people.intake, identity=None)

    classify(second, people.intake, duplicate_of=matter)

    second.refresh_from_db()
    assert second.matter == matter and second.status == Status.IN_MATTER
    assert Matter.objects.count() == 1
    assert actions(matter)[:2] == ["cases.matter.open", "cases.matter.accept"]
    assert actions(matter)[-1] == "cases.matter.join"
    # The newcomer is told of the acceptance too.
    assert second.public_events.filter(step=PublicEvent.Step.NOTICE).count() == 1


def test_a_named_petition_joining_an_anonymous_check_brings_it_to_the_head(people, units):
    first = registered(units.committee, people.intake, identity=None)
    classify(first, people.intake)
    matter = Matter.objects.get()
    assert matter.status == MatterStatus.CHECKING
    second = registered(units.committee, people.intake)
    classify(second, people.intake, duplicate_of=matter)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.AWAITING_DECISION and not matter.anonymous_check


def test_a_closed_matter_or_one_of_another_unit_is_not_joined(people, units):
    first = registered(units.committee, people.intake)
    classify(first, people.intake)
    matter = Matter.objects.get()
    handling.matter_refuse(matter=matter, actor=people.head, reason="Không thuộc thẩm quyền")
    second = registered(units.committee, people.intake)
    with pytest.raises(ValidationError):
        classify(second, people.intake, duplicate_of=matter)

    other_intake = person("tiepnhan_lc", units.other, Role.INTAKE)
    elsewhere = registered(units.other, other_intake)
    classify(elsewhere, other_intake)
    with pytest.raises(ValidationError):
        classify(second, people.intake, duplicate_of=elsewhere.matter)


def test_duplicate_candidates_share_an_accused_name_whatever_the_diacritics(people, units):
    first = registered(units.committee, people.intake, accused=[{"name": "Nguyễn Văn Ánh"}], working="Việc thứ nhất")
    classify(first, people.intake)
    unrelated = registered(units.committee, people.intake, accused=[{"name": "Trần Thị B"}], working="Chuyện khác hẳn")
    classify(unrelated, people.intake)
    new = registered(units.committee, people.intake, accused=[{"name": "  nguyen van  anh "}], working="Nội dung mới")

    found = handling.duplicate_candidates(petition=new)

    assert [m.pk for m in found] == [first.matter_id]
    assert found[0].shared_accused == ["  nguyen van  anh "]


def test_duplicate_candidates_by_similar_content_newest_first(people, units):
    text = "Ban quản lý dự án chia nhỏ gói thầu xây trường học để chỉ định thầu cho người nhà"
    older = registered(units.committee, people.intake, accused=(), working=text)
    classify(older, people.intake)
    newer = registered(units.committee, people.intake, accused=(), working=text + " năm 2025")
    classify(newer, people.intake)
    different = registered(units.committee, people.intake, accused=(), working="Cán bộ xã gây phiền hà khi làm giấy tờ")
    classify(different, people.intake)
    new = registered(
        units.committee, people.intake, accused=(), working="BAN QUAN LY du an chia nho goi thau xay truong hoc"
    )

    found = handling.duplicate_candidates(petition=new)

    assert [m.pk for m in found] == [newer.matter_id, older.matter_id]
    assert all(m.similarity >= 0.5 for m in found)
    assert handling.duplicate_candidates(petition=new, limit=1) == found[:1]


def test_duplicate_candidates_leave_out_closed_matters_and_other_subtrees(people, units):
    text = "Chủ tịch xã thu tiền sai quy định khi cấp giấy chứng nhận quyền sử dụng đất"
    closed = registered(units.committee, people.intake, accused=(), working=text)
    classify(closed, people.intake)
    handling.matter_refuse(matter=closed.matter, actor=people.head, reason="Đã giải quyết")
    other_intake = person("tiepnhan_lc", units.other, Role.INTAKE)
    elsewhere = registered(units.other, other_intake, accused=(), working=text)
    classify(elsewhere, other_intake)
    new = registered(units.committee, people.intake, accused=(), working=text)

    assert handling.duplicate_candidates(petition=new) == []


def test_duplicate_candidates_follow_what_the_person_sees(people, units):
    text = "Trưởng phòng nhận tiền để cấp phép nhanh cho doanh nghiệp"
    first = registered(units.committee, people.intake, working=text)
    classify(first, people.intake)
    new = registered(units.committee, people.intake, working=text)
    assert handling.duplicate_candidates(petition=new, user=people.intake)
    assert handling.duplicate_candidates(petition=new, user=people.outsider) == []


def test_jaccard():
    assert handling.jaccard({"a", "b"}, {"a", "b"}) == 1.0
    assert handling.jaccard({"a", "b"}, {"b", "c"}) == pytest.approx(1 / 3)
    assert handling.jaccard(set(), {"a"}) == 0.0


# Competence routing and conflicts of interest


def test_a_matter_accusing_the_head_goes_to_the_unit_above(people, units):
    upper_intake, upper_head = upper_staff(units)
    petition = registered(units.committee, people.intake, accused=[{"name": "Phạm Văn Trưởng", "position": "Chủ tịch"}])
    accused = petition.accused.get()
    handling.accused_link(accused=accused, actor=people.intake, user=people.head, unit=units.committee)

    classify(petition, people.intake)

    petition.refresh_from_db()
    matter = petition.matter
    assert (matter.unit, petition.unit, matter.flag_over_level) == (units.province, units.province, True)
    holders = set(
        PetitionKey.objects.filter(petition=petition, user_key__isnull=False).values_list("user_key__user", flat=True)
    )
    assert holders == {upper_intake.pk}
    route = AuditEvent.objects.get(action="cases.matter.route_up")
    assert route.unit == units.province and route.details["from_unit"] == units.committee.code
    assert AuditEvent.objects.get(action="cases.petition.classify").unit == units.province
    for user in (people.head, people.intake, people.custodian):
        assert not permissions.petitions_visible_to(user).filter(pk=petition.pk).exists()
        assert not permissions.matters_visible_to(user).exists()
    assert permissions.matters_visible_to(upper_head).filter(pk=matter.pk).exists()
    assert Notification.objects.filter(user=upper_head, matter=matter).exists()
    assert not Notification.objects.filter(user=people.head).exists()


def test_a_head_related_to_the_accused_sends_the_matter_up_too(people, units):
    upper_staff(units)
    cousin = person("anhho", units.finance, Role.HANDLER)
    handling.relation_record(actor=people.admin, person=people.head, related=cousin, kind="anh em họ")
    petition = registered(units.committee, people.intake)
    handling.accused_link(accused=petition.accused.get(), actor=people.intake, user=cousin)
    classify(petition, people.intake)
    petition.refresh_from_db()
    assert petition.matter.unit == units.province


def test_routing_up_needs_someone_above_to_open_the_originals(people, units):
    petition = registered(units.committee, people.intake)
    handling.accused_link(accused=petition.accused.get(), actor=people.intake, user=people.head)
    with pytest.raises(ValidationError):
        classify(petition, people.intake)
    petition.refresh_from_db()
    assert petition.status == Status.REGISTERED and not Matter.objects.exists()


def test_a_head_accused_at_the_top_keeps_the_matter_flagged(people, units):
    top_intake, top_head = upper_staff(units)
    petition = registered(units.province, top_intake)
    handling.accused_link(accused=petition.accused.get(), actor=top_intake, user=top_head)
    classify(petition, top_intake)
    petition.refresh_from_db()
    assert petition.matter.unit == units.province and petition.matter.flag_over_level
    assert AuditEvent.objects.get(action="cases.matter.route_up").details["no_unit_above"] is True
    assert not permissions.matters_visible_to(top_head).exists()


def test_linking_the_head_after_the_matter_opened_sends_it_up(people, units):
    upper_staff(units)
    petition = registered(units.committee, people.intake)
    classify(petition, people.intake)
    matter = Matter.objects.get()
    handling.matter_assign(matter=matter, actor=people.head, handler=people.handler)

    handling.accused_link(
        accused=petition.accused.get(), actor=people.intake, user=people.head, actor_private=key(people.intake)
    )

    matter.refresh_from_db()
    assert matter.unit == units.province and matter.flag_over_level
    assert not matter.assignments.filter(ended_at__isnull=True).exists()
    assert not permissions.matters_visible_to(people.head).exists()


def test_linking_an_intake_officer_as_accused_takes_their_sealed_copy(people, units):
    petition = registered(units.committee, people.intake)
    assert PetitionKey.objects.filter(petition=petition, user_key__user=people.custodian).exists()
    handling.accused_link(accused=petition.accused.get(), actor=people.intake, user=people.custodian)
    assert not PetitionKey.objects.filter(petition=petition, user_key__user=people.custodian).exists()
    assert not permissions.petitions_visible_to(people.custodian).filter(pk=petition.pk).exists()
    event = AuditEvent.objects.get(action="cases.accused.link")
    assert event.details == {"accused": petition.accused.get().pk, "account": True, "unit": None}


def test_only_the_intake_officer_links_accused_persons(people, units):
    petition = registered(units.committee, people.intake)
    with pytest.raises(PermissionDenied):
        handling.accused_link(accused=petition.accused.get(), actor=people.head, user=people.handler)


# Relations


def test_relations_are_recorded_by_personnel_of_a_unit_covering_both(people, units):
    relation = handling.relation_record(actor=people.personnel, person=people.head, related=people.handler, kind="vợ")
    assert AuditEvent.objects.filter(action="cases.relation.record").count() == 1
    with pytest.raises(ValidationError):
        handling.relation_record(actor=people.personnel, person=people.handler, related=people.head, kind="chồng")
    with pytest.raises(ValidationError):
        handling.relation_record(actor=people.personnel, person=people.head, related=people.head, kind="x")
    with pytest.raises(PermissionDenied):  # the inspection commission is not under the committee
        handling.relation_record(actor=people.personnel, person=people.head, related=people.oversight, kind="con")
    with pytest.raises(PermissionDenied):
        handling.relation_record(actor=people.outsider, person=people.head, related=people.intake, kind="con")
    with pytest.raises(PermissionDenied):
        handling.relation_record(actor=people.intake, person=people.head, related=people.custodian, kind="con")
    handling.relation_record(actor=people.admin, person=people.head, related=people.oversight, kind="con")

    handling.relation_remove(actor=people.personnel, relation=relation)
    assert AuditEvent.objects.filter(action="cases.relation.remove").count() == 1
    with pytest.raises(PermissionDenied):
        handling.relation_remove(actor=people.outsider, relation=handling.PersonRelation.objects.get())


def test_a_subtree_personnel_officer_covers_units_below(people, units):
    provincial = person("tochuc_tinh", units.province, Role.PERSONNEL, Scope.SUBTREE)
    handling.relation_record(actor=provincial, person=people.head, related=people.oversight, kind="vợ")
    assert handling.PersonRelation.objects.count() == 1


def test_recording_a_relation_ends_an_assignment_that_became_conflicted(people, units):
    cousin = person("bi_to_cao", units.finance, Role.HANDLER)
    petition = registered(units.committee, people.intake)
    handling.accused_link(accused=petition.accused.get(), actor=people.intake, user=cousin)
    classify(petition, people.intake)
    matter = Matter.objects.get()
    assignment = handling.matter_assign(matter=matter, actor=people.head, handler=people.handler)
    handling.assignment_declare(assignment=assignment, actor=people.handler, conflict=False)
    assert permissions.matters_visible_to(people.handler).exists()

    handling.relation_record(actor=people.admin, person=people.handler, related=cousin, kind="anh em ruột")

    assignment.refresh_from_db()
    assert assignment.ended_at is not None
    assert not permissions.matters_visible_to(people.handler).exists()
    assert Notification.objects.filter(user=people.head, kind=Notification.Kind.DECISION_NEEDED).count() == 2
    assert AuditEvent.objects.filter(action="cases.assignment.end_conflict").count() == 1
