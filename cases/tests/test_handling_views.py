"""Case handling screens: the whole journey of a petition, routing above an accused head, and who
may reach each new page (outsiders 404, wrong roles 403)."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from accounts.models import Role
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from cases import handling, services
from cases.deadlines import due_date, rule_in_force
from cases.models import Accused, Matter, MatterStatus, PersonRelation, PublicEvent, Status, StepKind
from cases.tests.test_handling import actions, classify, person, registered, submit, upper_staff

pytestmark = pytest.mark.django_db

WORKING = "Ban quản lý dự án chia nhỏ gói thầu xây trường học để chỉ định thầu cho công ty người nhà."
CLASSIFY_OURS = {
    "kind": "denunciation",
    "subject": "corruption",
    "condition": "processable",
    "competence": "ours",
    "reporter_count": "1",
}


def url(name, *args):
    return reverse(f"cases:{name}", args=args)


def dmy(day) -> str:
    return day.strftime("%d/%m/%Y")


def test_a_petition_travels_from_the_portal_to_the_conclusion_read_by_the_reporter(people, units, client_for):
    sent = submit(units.committee, receipt=True)
    petition, receipt = sent.petition, sent.receipt.text
    today = timezone.localdate()
    intake, head, handler = client_for(people.intake), client_for(people.head), client_for(people.handler)

    # Registration and classification by the intake officer.
    assert intake.post(url("petition_register", petition.pk), {"working_content": WORKING}).status_code == 302
    detail = intake.get(url("petition_detail", petition.pk)).content.decode()
    assert url("petition_classify", petition.pk) in detail
    assert intake.get(url("petition_classify", petition.pk)).status_code == 200
    response = intake.post(url("petition_classify", petition.pk), CLASSIFY_OURS)
    matter = Matter.objects.get()
    assert response.status_code == 302 and response["Location"] == url("matter_detail", matter.pk)
    assert matter.status == MatterStatus.AWAITING_DECISION

    # The head accepts and assigns.
    page = head.get(url("matter_detail", matter.pk))
    assert [d["action"] for d in page.context["decisions"]] == ["accept", "refuse", "assign", "flag"]
    assert head.post(url("matter_decide", matter.pk, "accept"), {"accept-complexity": "normal"}).status_code == 302
    assert (
        head.post(url("matter_decide", matter.pk, "assign"), {"assign-handler": people.handler.pk}).status_code == 302
    )

    # The handler sees only the declaration until declaring.
    gate = handler.get(url("matter_detail", matter.pk))
    assert gate.status_code == 200 and "cases/handling/matter_gate.html" in [t.name for t in gate.templates]
    assert WORKING[:40] not in gate.content.decode() and matter.reference in gate.content.decode()
    assert handler.get(url("petition_detail", petition.pk)).status_code == 404
    assert handler.post(url("matter_declare", matter.pk), {"conflict": "no"}).status_code == 302
    page = handler.get(url("matter_detail", matter.pk))
    assert WORKING[:40] in page.content.decode()
    assert url("petition_detail", petition.pk) in page.content.decode()
    assert page.context["decisions"] == []
    assert handler.get(url("petition_detail", petition.pk)).status_code == 200

    # The head concludes.
    concluded = head.post(
        url("matter_decide", matter.pk, "conclude"),
        {"conclude-outcome": "true", "conclude-conclusion": "Tố cáo đúng: có chia nhỏ gói thầu."},
    )
    assert concluded.status_code == 302
    matter.refresh_from_db()
    assert matter.status == MatterStatus.CONCLUDED

    # Every step has its due date, shown on the matter page.
    received = timezone.localtime(petition.received_at).date()
    expected = {
        StepKind.INITIAL_HANDLING: due_date(rule_in_force(StepKind.INITIAL_HANDLING), received),
        StepKind.NOTIFY_ACCEPTANCE: due_date(rule_in_force(StepKind.NOTIFY_ACCEPTANCE), today),
        StepKind.RESOLVE: due_date(rule_in_force(StepKind.RESOLVE), today),
    }
    found = {d.step: d for d in handling.Deadline.objects.filter(petition=petition) | matter.deadlines.all()}
    assert {step: d.due_on for step, d in found.items()} == expected
    assert all(d.done_on == today for d in found.values())
    page = head.get(url("matter_detail", matter.pk)).content.decode()
    assert all(dmy(due) in page for due in expected.values())
    assert {row["state"] for row in head.get(url("matter_detail", matter.pk)).context["matter_deadlines"]} == {"done"}

    # The whole journey is in the audit trail, in order, and the chain holds.
    assert actions(petition) == ["cases.petition.receive", "cases.petition.register", "cases.petition.classify"]
    assert actions(matter) == [
        "cases.matter.open",
        "cases.matter.accept",
        "cases.matter.assign",
        "cases.assignment.declare_no_conflict",
        "cases.matter.conclude",
    ]
    assert audit_verify_chain().ok

    # The reporter reads the notices with the receipt.
    access = services.receipt_check(receipt)
    assert access.petition == petition
    texts = list(access.petition.public_events.filter(step=PublicEvent.Step.NOTICE).values_list("text", flat=True))
    assert len(texts) == 2
    assert dmy(expected[StepKind.RESOLVE]) in texts[0]
    assert "kết luận" in texts[1] and dmy(today) in texts[1]
    portal = Client()
    assert portal.post(reverse("portal:follow_up"), {"receipt": receipt}).status_code == 302
    report = portal.get(reverse("portal:report")).content.decode()
    assert texts[1].split(":")[0] in report


def test_a_petition_accusing_the_head_lands_above_and_the_head_finds_nothing(people, units, client_for):
    upper_intake, upper_head = upper_staff(units)
    petition = registered(
        units.committee, people.intake, working=WORKING, accused=[{"name": "Phạm Văn Trưởng", "position": "Chủ tịch"}]
    )
    accused = petition.accused.get()
    intake = client_for(people.intake)

    assert intake.get(url("petition_accused", petition.pk)).status_code == 200
    linked = intake.post(
        url("petition_accused", petition.pk), {"accused": accused.pk, f"accused-{accused.pk}-account": "thutruong"}
    )
    assert linked.status_code == 302
    accused.refresh_from_db()
    assert (accused.user, accused.unit) == (people.head, units.committee)

    classified = intake.post(url("petition_classify", petition.pk), CLASSIFY_OURS)
    assert classified.status_code == 302 and classified["Location"] == url("petition_list")
    matter = Matter.objects.get()
    petition.refresh_from_db()
    assert (matter.unit, petition.unit, matter.flag_over_level) == (units.province, units.province, True)

    related = person("vo_thutruong", units.province, Role.DEPUTY_HEAD, full_name="Vợ Thủ Trưởng")
    handling.relation_record(actor=people.admin, person=people.head, related=related, kind="vợ")

    for user in (people.head, related, people.intake):
        assert not permissions.petitions_visible_to(user).exists()
        assert not permissions.matters_visible_to(user).exists()
        client = client_for(user)
        for query in ("", petition.reference, "gói thầu"):
            listing = client.get(url("petition_list"), {"q": query} if query else {})
            assert listing.status_code == 200
            assert listing.context["page_obj"].paginator.count == 0
            assert petition.pk not in [row.pk for row in listing.context["page_obj"]]
        assert petition.reference not in client.get(url("petition_list")).content.decode()
        assert client.get(url("petition_detail", petition.pk)).status_code == 404
        assert client.get(url("matter_detail", matter.pk)).status_code == 404
        assert (
            client.post(url("matter_decide", matter.pk, "accept"), {"accept-complexity": "normal"}).status_code == 404
        )

    upper = client_for(upper_head)
    assert upper.get(url("petition_list")).context["page_obj"].paginator.count == 1
    assert upper.get(url("matter_detail", matter.pk)).status_code == 200
    assert client_for(upper_intake).get(url("petition_detail", petition.pk)).status_code == 200


def test_the_classification_page_offers_possible_duplicates(people, units, client_for):
    first = registered(units.committee, people.intake, working=WORKING)
    classify(first, people.intake)
    second = registered(units.committee, people.intake, working=WORKING + " Năm 2025.")
    client = client_for(people.intake)

    page = client.get(url("petition_classify", second.pk))

    assert [m.pk for m in page.context["candidates"]] == [first.matter_id]
    assert first.matter.reference in page.content.decode()
    joined = client.post(url("petition_classify", second.pk), {**CLASSIFY_OURS, "duplicate_of": first.matter_id})
    assert joined.status_code == 302
    second.refresh_from_db()
    assert second.matter_id == first.matter_id and Matter.objects.count() == 1


def test_a_duplicate_can_be_named_by_its_matter_number(people, units, client_for):
    first = registered(units.committee, people.intake, working="Việc A")
    classify(first, people.intake)
    second = registered(units.committee, people.intake, working="Việc B khác hẳn", accused=())
    response = client_for(people.intake).post(
        url("petition_classify", second.pk), {**CLASSIFY_OURS, "duplicate_reference": first.matter.reference.lower()}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.matter_id == first.matter_id


def test_a_refused_classification_shows_the_error_and_changes_nothing(people, units, client_for):
    petition = registered(units.committee, people.intake)
    response = client_for(people.intake).post(
        url("petition_classify", petition.pk), {**CLASSIFY_OURS, "competence": "forward"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    petition.refresh_from_db()
    assert petition.status == Status.REGISTERED


def test_a_refused_decision_shows_the_error_and_changes_nothing(people, units, client_for):
    petition = registered(units.committee, people.intake)
    classify(petition, people.intake)
    matter = petition.matter
    handling.matter_accept(matter=matter, actor=people.head)
    response = client_for(people.head).post(url("matter_decide", matter.pk, "extend"), {"extend-reason": "Cần thêm"})
    assert response.status_code == 200
    (extend,) = [d for d in response.context["decisions"] if d["action"] == "extend"]
    assert extend["form"].non_field_errors()
    assert Matter.objects.get().extensions == 0


def test_a_handler_who_declares_a_conflict_on_the_page_loses_the_matter(people, units, client_for):
    petition = registered(units.committee, people.intake, working=WORKING)
    classify(petition, people.intake)
    matter = petition.matter
    handling.matter_assign(matter=matter, actor=people.head, handler=people.handler)
    handler = client_for(people.handler)

    response = handler.post(url("matter_declare", matter.pk), {"conflict": "yes", "note": "Anh rể"})

    assert response.status_code == 302
    assert handler.get(url("matter_detail", matter.pk)).status_code == 404
    head_page = client_for(people.head).get(url("matter_detail", matter.pk))
    assert [a.conflict_declared_at is not None for a in head_page.context["assignments"]] == [True]
    assign = [d for d in head_page.context["decisions"] if d["action"] == "assign"][0]
    assert list(assign["form"].fields["handler"].queryset) == []


def test_relations_page_records_and_removes(people, units, client_for):
    client = client_for(people.personnel)
    assert client.get(url("relations")).status_code == 200
    response = client.post(url("relations"), {"person": "thutruong", "related": "XULY", "kind": "vợ chồng"})
    assert response.status_code == 302
    relation = PersonRelation.objects.get()
    assert (relation.person, relation.related, relation.recorded_by) == (people.head, people.handler, people.personnel)
    assert list(client.get(url("relations")).context["relations"]) == [relation]
    refused = client.post(url("relations"), {"person": "thutruong", "related": "giamsat", "kind": "con"})
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert client_for(people.outsider).get(url("relations")).context["relations"] == []

    assert client.post(url("relation_remove", relation.pk)).status_code == 302
    assert not PersonRelation.objects.exists()
    assert actions(relation) == ["cases.relation.record", "cases.relation.remove"]


# Who may reach what


@pytest.fixture
def handled(people, units):
    petition = registered(units.committee, people.intake)
    classify(petition, people.intake)
    relation = handling.relation_record(
        actor=people.personnel, person=people.intake, related=people.custodian, kind="x"
    )
    return petition, petition.matter, relation


def test_outsiders_get_404_on_every_new_page(people, handled, client_for):
    petition, matter, relation = handled
    for outsider in (people.outsider, people.oversight):
        client = client_for(outsider)
        assert client.get(url("petition_classify", petition.pk)).status_code == 404
        assert client.post(url("petition_classify", petition.pk), CLASSIFY_OURS).status_code == 404
        assert client.get(url("petition_accused", petition.pk)).status_code == 404
        assert client.post(url("petition_accused", petition.pk), {"accused": "1"}).status_code == 404
        assert client.get(url("matter_detail", matter.pk)).status_code == 404
        for action in ("accept", "refuse", "extend", "suspend", "resume", "conclude", "flag", "assign"):
            assert client.post(url("matter_decide", matter.pk, action), {}).status_code == 404
        assert client.post(url("matter_declare", matter.pk), {"conflict": "no"}).status_code == 404
    assert client_for(people.outsider).post(url("relation_remove", relation.pk)).status_code == 404
    # A handler of the unit who is not assigned does not see the matter either.
    assert client_for(people.handler).get(url("matter_detail", matter.pk)).status_code == 404
    assert Matter.objects.get().status == MatterStatus.AWAITING_DECISION


def test_wrong_roles_get_403_on_every_new_page(people, handled, client_for):
    petition, matter, relation = handled
    head, intake = client_for(people.head), client_for(people.intake)
    assert head.get(url("petition_classify", petition.pk)).status_code == 403
    assert head.post(url("petition_classify", petition.pk), CLASSIFY_OURS).status_code == 403
    assert head.get(url("petition_accused", petition.pk)).status_code == 403
    assert head.post(url("petition_accused", petition.pk), {"accused": "1"}).status_code == 403
    for action in ("accept", "refuse", "extend", "suspend", "resume", "conclude", "flag", "assign"):
        assert intake.post(url("matter_decide", matter.pk, action), {}).status_code == 403
    assert intake.post(url("matter_declare", matter.pk), {"conflict": "no"}).status_code == 403
    assert client_for(people.handler).get(url("relations")).status_code == 403
    assert intake.post(url("relations"), {"person": "xuly", "related": "baomat", "kind": "x"}).status_code == 403
    assert intake.post(url("relation_remove", relation.pk)).status_code == 403
    assert head.post(url("matter_decide", matter.pk, "nonsense"), {}).status_code == 404
    assert Matter.objects.get().status == MatterStatus.AWAITING_DECISION
    assert not AuditEvent.objects.filter(action__startswith="cases.matter.accept").exists()


def test_the_petition_page_links_to_classification_and_the_matter(people, units, client_for):
    petition = registered(units.committee, people.intake)
    intake_page = client_for(people.intake).get(url("petition_detail", petition.pk)).content.decode()
    assert url("petition_classify", petition.pk) in intake_page and url("petition_accused", petition.pk) in intake_page
    head_page = client_for(people.head).get(url("petition_detail", petition.pk)).content.decode()
    assert url("petition_classify", petition.pk) not in head_page
    classify(petition, people.intake)
    head_page = client_for(people.head).get(url("petition_detail", petition.pk)).content.decode()
    assert url("matter_detail", petition.matter_id) in head_page
    assert Accused.objects.count() == 1


def test_the_head_suspends_resumes_and_flags_on_the_page(people, units, client_for):
    petition = registered(units.committee, people.intake)
    classify(petition, people.intake)
    matter = petition.matter
    handling.matter_accept(matter=matter, actor=people.head, complexity="complex")
    head = client_for(people.head)

    assert head.post(url("matter_decide", matter.pk, "extend"), {"extend-reason": "Cần giám định"}).status_code == 302
    assert head.post(url("matter_decide", matter.pk, "suspend"), {"suspend-reason": "Chờ giám định"}).status_code == 302
    assert Matter.objects.get().status == MatterStatus.SUSPENDED
    page = head.get(url("matter_detail", matter.pk))
    assert [d["action"] for d in page.context["decisions"]] == ["resume", "assign", "flag"]
    assert head.post(url("matter_decide", matter.pk, "resume"), {}).status_code == 302
    assert head.post(url("matter_decide", matter.pk, "flag"), {"flag-flag_mass": "on"}).status_code == 302

    matter.refresh_from_db()
    assert (matter.status, matter.extensions, matter.flag_mass) == (MatterStatus.ACCEPTED, 1, True)
    decisions = [d["action"] for d in head.get(url("matter_detail", matter.pk)).context["decisions"]]
    assert "extend" not in decisions  # a complex matter is extended once
    assert actions(matter)[-4:] == [
        "cases.matter.extend",
        "cases.matter.suspend",
        "cases.matter.resume",
        "cases.matter.flag",
    ]


def test_the_matter_page_marks_late_limits(people, units, client_for):
    petition = registered(units.committee, people.intake)
    classify(petition, people.intake)
    handling.matter_accept(matter=petition.matter, actor=people.head)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        rows = client_for(people.head).get(url("matter_detail", petition.matter_id)).context["matter_deadlines"]
    assert [(row["deadline"].step, row["state"]) for row in rows] == [
        (StepKind.NOTIFY_ACCEPTANCE, "done"),
        (StepKind.RESOLVE, "late"),
    ]
