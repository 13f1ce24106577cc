"""Staff notifications: who is told of due-soon and overdue deadlines and of decisions, once,
never the accused or their relatives; and the e-mails that carry no content."""

import datetime
import io

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import account_create
from cases import services
from cases.deadlines import deadline_done, rule_in_force
from cases.models import (
    Accused,
    Assignment,
    Channel,
    Deadline,
    Kind,
    Matter,
    MatterStatus,
    Notification,
    PersonRelation,
    Petition,
    StepKind,
    Subject,
)
from cases.notifications import notifications_generate, notifications_send, notify_staff
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

# Wed 09/12/2026: due soon (2 working days) means due 09/12 – 11/12; overdue means due by 08/12.
TODAY = datetime.date(2026, 12, 9)
CONTENT = "Nội dung mật: cán bộ Lê Văn Tham nhận tiền"
SUMMARY = "Tóm tắt mật của vụ việc"
Kinds = Notification.Kind


def submit(units, content=CONTENT, received=None):
    """A petition received on ``received`` (today by default); its initial handling runs from then."""
    received_at = timezone.make_aware(datetime.datetime.combine(received, datetime.time(9))) if received else None
    return services.petition_submit(
        submission=services.Submission(
            channel=Channel.HOTLINE,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            unit=units.committee,
            content=content,
            received_at=received_at,
        ),
        issue_receipt=False,
    ).petition


def initial_handling(petition) -> Deadline:
    return Deadline.objects.get(petition=petition, step=StepKind.INITIAL_HANDLING)


def make_matter(people, units, *, status=MatterStatus.ACCEPTED, handler=None, accused=None, **flags):
    petition = submit(units)
    # The petition of a matter was classified, which ended its initial handling.
    deadline_done(step=StepKind.INITIAL_HANDLING, petition=petition)
    matter = Matter.objects.create(
        reference=f"VV-{petition.pk:04d}",
        unit=units.committee,
        kind=Kind.DENUNCIATION,
        subject=Subject.CORRUPTION,
        summary=SUMMARY,
        status=status,
        opened_at=timezone.now(),
        **flags,
    )
    Petition.objects.filter(pk=petition.pk).update(matter=matter)
    if handler is not None:
        Assignment.objects.create(matter=matter, handler=handler, assigned_by=people.head)
    if accused is not None:
        Accused.objects.create(petition=petition, name=accused.full_name, user=accused)
    return matter


def deadline(*, due, matter=None, petition=None, step=StepKind.RESOLVE):
    return Deadline.objects.create(
        matter=matter, petition=petition, step=step, rule=rule_in_force(step), starts_on=due, due_on=due
    )


def person(username, unit, role):
    return account_create(actor=None, username=username, full_name=username, password=PASSWORD, unit=unit, role=role)


def told(**filters) -> set[tuple[str, str]]:
    return {(n.user.username, n.kind) for n in Notification.objects.filter(**filters).select_related("user")}


# Generation


def test_due_soon_and_overdue_go_to_the_active_handlers_of_the_matter(people, units):
    former = person("xuly2", units.committee, Role.HANDLER)
    matter = make_matter(people, units, handler=people.handler)
    Assignment.objects.create(matter=matter, handler=former, assigned_by=people.head, ended_at=timezone.now())
    soon = deadline(matter=matter, due=datetime.date(2026, 12, 11))
    late = deadline(matter=matter, due=datetime.date(2026, 12, 8))
    deadline(matter=matter, due=datetime.date(2026, 12, 14))  # three working days away: not yet

    assert notifications_generate(today=TODAY) == 2

    assert told(dedupe_key__contains=f":{soon.pk}:") == {("xuly", Kinds.DUE_SOON)}
    assert told(dedupe_key__contains=f":{late.pk}:") == {("xuly", Kinds.OVERDUE)}
    assert set(Notification.objects.values_list("matter_id", flat=True)) == {matter.pk}


def test_a_deadline_due_today_is_due_soon_not_overdue(people, units):
    matter = make_matter(people, units, handler=people.handler)
    deadline(matter=matter, due=TODAY)
    notifications_generate(today=TODAY)
    assert told() == {("xuly", Kinds.DUE_SOON)}


def test_due_soon_counts_working_days_across_the_weekend(people, units):
    matter = make_matter(people, units, handler=people.handler)
    deadline(matter=matter, due=datetime.date(2026, 12, 15))  # Fri 11 → Mon 14, Tue 15
    assert notifications_generate(today=datetime.date(2026, 12, 10)) == 0
    assert notifications_generate(today=datetime.date(2026, 12, 11)) == 1


def test_a_matter_without_a_handler_tells_its_heads(people, units):
    matter = make_matter(people, units)
    deadline(matter=matter, due=datetime.date(2026, 12, 1))
    notifications_generate(today=TODAY)
    assert told(kind=Kinds.OVERDUE) == {("thutruong", Kinds.OVERDUE)}


def test_a_petition_deadline_goes_to_the_intake_officers_of_its_unit(people, units):
    # Received on Thu 26/11 and not classified since: the initial handling was due on Mon 07/12.
    petition = submit(units, received=datetime.date(2026, 11, 26))
    assert initial_handling(petition).due_on == datetime.date(2026, 12, 7)
    province_intake = account_create(
        actor=None,
        username="tiepnhantinh",
        full_name="x",
        password=PASSWORD,
        unit=units.province,
        role=Role.INTAKE,
        scope="subtree",
    )
    person("tiepnhanxa", units.commune, Role.INTAKE)

    notifications_generate(today=TODAY)

    assert told() == {("tiepnhan", Kinds.OVERDUE), (province_intake.username, Kinds.OVERDUE)}
    assert set(Notification.objects.values_list("petition_id", flat=True)) == {petition.pk}


def test_done_and_cancelled_deadlines_are_ignored(people, units):
    matter = make_matter(people, units, handler=people.handler)
    Deadline.objects.filter(pk=deadline(matter=matter, due=TODAY).pk).update(done_on=TODAY)
    Deadline.objects.filter(pk=deadline(matter=matter, due=TODAY).pk).update(cancelled=True)
    assert notifications_generate(today=TODAY) == 0


def test_generating_twice_creates_nothing_new(people, units):
    matter = make_matter(people, units, handler=people.handler, status=MatterStatus.AWAITING_DECISION)
    deadline(matter=matter, due=datetime.date(2026, 12, 8))
    first = notifications_generate(today=TODAY)
    assert first == 2  # overdue for the handler, decision for the head
    assert notifications_generate(today=TODAY) == 0
    assert Notification.objects.count() == first


def test_a_deadline_due_soon_then_overdue_gives_one_of_each(people, units):
    matter = make_matter(people, units, handler=people.handler)
    deadline(matter=matter, due=TODAY)
    notifications_generate(today=TODAY)
    notifications_generate(today=TODAY + datetime.timedelta(days=1))
    notifications_generate(today=TODAY + datetime.timedelta(days=2))
    assert sorted(Notification.objects.values_list("kind", flat=True)) == [Kinds.DUE_SOON, Kinds.OVERDUE]


def test_a_matter_awaiting_a_decision_goes_to_the_heads_and_deputies_of_its_unit(people, units):
    deputy = person("photruong", units.committee, Role.DEPUTY_HEAD)
    person("truongso", units.finance, Role.HEAD)
    matter = make_matter(people, units, status=MatterStatus.AWAITING_DECISION, handler=people.handler)

    notifications_generate(today=TODAY)

    assert told() == {("thutruong", Kinds.DECISION_NEEDED), (deputy.username, Kinds.DECISION_NEEDED)}
    assert set(Notification.objects.values_list("matter_id", flat=True)) == {matter.pk}


def test_an_escalated_matter_goes_to_the_heads_until_it_is_concluded(people, units):
    open_one = make_matter(people, units, flag_mass=True)
    make_matter(people, units, status=MatterStatus.CONCLUDED, flag_complex=True)
    make_matter(people, units)  # accepted, not escalated
    notifications_generate(today=TODAY)
    assert told() == {("thutruong", Kinds.DECISION_NEEDED)}
    assert Notification.objects.get().matter == open_one


# Conflicts of interest


def test_an_accused_handler_is_never_notified(people, units):
    matter = make_matter(people, units, handler=people.handler, accused=people.handler)
    deadline(matter=matter, due=datetime.date(2026, 12, 8))
    notifications_generate(today=TODAY)
    assert not Notification.objects.filter(user=people.handler).exists()


def test_an_accused_head_and_the_heads_relatives_are_never_notified(people, units):
    deputy = person("photruong", units.committee, Role.DEPUTY_HEAD)
    relative = person("photruong2", units.committee, Role.DEPUTY_HEAD)
    PersonRelation.objects.create(person=people.head, related=relative, kind="vợ/chồng", recorded_by=people.admin)
    make_matter(people, units, status=MatterStatus.AWAITING_DECISION, accused=people.head)

    notifications_generate(today=TODAY)

    assert told() == {(deputy.username, Kinds.DECISION_NEEDED)}


def test_the_relative_of_an_accused_person_is_not_notified_of_the_deadline(people, units):
    outsider_accused = person("bitocao", units.finance, Role.PERSONNEL)
    PersonRelation.objects.create(
        person=people.handler, related=outsider_accused, kind="anh em", recorded_by=people.admin
    )
    matter = make_matter(people, units, handler=people.handler, accused=outsider_accused)
    deadline(matter=matter, due=datetime.date(2026, 12, 8))
    notifications_generate(today=TODAY)
    assert not Notification.objects.filter(user=people.handler).exists()


def test_an_intake_officer_accused_in_the_petition_is_not_notified(people, units):
    petition = submit(units, received=datetime.date(2026, 11, 26))
    assert initial_handling(petition).due_on == datetime.date(2026, 12, 7)
    Accused.objects.create(petition=petition, name="x", user=people.intake)
    notifications_generate(today=TODAY)
    assert not Notification.objects.exists()


def test_notify_staff_creates_once_and_skips_the_accused(people, units):
    matter = make_matter(people, units, accused=people.custodian)
    users = [people.handler, people.custodian]
    assert notify_staff(users=users, kind=Kinds.ASSIGNED, key=f"assigned:{matter.pk}", matter=matter) == 1
    assert notify_staff(users=users, kind=Kinds.ASSIGNED, key=f"assigned:{matter.pk}", matter=matter) == 0
    assert told() == {("xuly", Kinds.ASSIGNED)}


# Sending


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_pending_notifications_are_e_mailed_once_with_no_content(people, units):
    User.objects.filter(pk=people.handler.pk).update(email="xuly@example.gov.vn")
    matter = make_matter(people, units, handler=people.handler)
    petition = matter.petitions.get()
    deadline(matter=matter, due=datetime.date(2026, 12, 8))
    notifications_generate(today=TODAY)

    assert notifications_send() == 1
    assert notifications_send() == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["xuly@example.gov.vn"]
    assert matter.reference in message.subject
    assert reverse("cases:inbox") in message.body
    text = message.subject + message.body
    for secret in (CONTENT, SUMMARY, petition.pseudonym, petition.reference, "Lê Văn Tham"):
        assert secret not in text
    row = Notification.objects.get()
    assert row.mail == Notification.Mail.SENT
    assert row.mailed_at is not None
    assert row.read_at is None  # e-mailed is not read


def test_a_petition_notification_links_to_the_petition(people, units):
    User.objects.filter(pk=people.intake.pk).update(email="tiepnhan@example.gov.vn")
    # Received on Mon 30/11: the initial handling is due today.
    petition = submit(units, received=datetime.date(2026, 11, 30))
    assert initial_handling(petition).due_on == TODAY
    notifications_generate(today=TODAY)
    notifications_send()
    assert reverse("cases:petition_detail", args=[petition.pk]) in mail.outbox[0].body
    assert petition.reference in mail.outbox[0].subject


def test_a_person_without_an_address_is_skipped(people, units):
    matter = make_matter(people, units, handler=people.handler)
    deadline(matter=matter, due=TODAY)
    notifications_generate(today=TODAY)
    assert notifications_send() == 0
    assert mail.outbox == []
    assert Notification.objects.get().mail == Notification.Mail.SKIPPED


def test_when_the_mail_server_fails_the_rows_stay_pending(people, units, settings, caplog):
    settings.EMAIL_BACKEND = "cases.tests.test_notifications.BrokenBackend"
    User.objects.filter(pk=people.handler.pk).update(email="xuly@example.gov.vn")
    matter = make_matter(people, units, handler=people.handler)
    deadline(matter=matter, due=TODAY)
    deadline(matter=matter, due=datetime.date(2026, 12, 1))
    notifications_generate(today=TODAY)

    assert notifications_send() == 0

    assert set(Notification.objects.values_list("mail", flat=True)) == {Notification.Mail.PENDING}
    assert "xuly@example.gov.vn" not in caplog.text


def test_the_command_generates_then_sends_and_prints_the_counts(people, units):
    User.objects.filter(pk=people.handler.pk).update(email="xuly@example.gov.vn")
    matter = make_matter(people, units, handler=people.handler)
    deadline(matter=matter, due=timezone.localdate() - datetime.timedelta(days=3))
    out = io.StringIO()

    call_command("send_notifications", stdout=out)

    assert out.getvalue().strip() == "notifications created: 1; e-mails sent: 1"
    assert len(mail.outbox) == 1
