"""Time limits as data: a change is a new version that only steps started afterwards use."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases import services
from cases.deadlines import deadline_start, rule_in_force
from cases.models import Channel, DayCount, DeadlineRule, Kind, StepKind, Subject
from cases.rules import deadline_rule_change

pytestmark = pytest.mark.django_db

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
LIST_URL = reverse("cases:rule_list")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HANOI)


def petition(units):
    return services.petition_submit(
        submission=services.Submission(
            channel=Channel.HOTLINE,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            unit=units.committee,
            content="x",
        ),
        issue_receipt=False,
    ).petition


def change(actor, step=StepKind.INITIAL_HANDLING, **overrides):
    values = {
        "days": 10,
        "count": DayCount.WORKING,
        "starts": "the day the petition is received",
        "note": "Quyết định thử nghiệm",
        "valid_from": None,
    }
    return deadline_rule_change(actor=actor, step=step, **(values | overrides))


# The service


def test_a_change_adds_a_version_in_force_from_now_and_is_audited(people):
    before = rule_in_force(StepKind.INITIAL_HANDLING)

    rule = change(people.admin, days=12)

    assert DeadlineRule.objects.filter(step=StepKind.INITIAL_HANDLING).count() == 2
    assert rule_in_force(StepKind.INITIAL_HANDLING) == rule
    assert rule.created_by == people.admin
    before.refresh_from_db()
    assert before.days == 7  # the old version is never edited
    event = AuditEvent.objects.get(action="cases.rule.change")
    assert event.actor == people.admin
    assert event.details["days"] == 12
    assert event.details["before"]["days"] == 7


def test_a_change_applies_only_to_steps_started_after_it(people, units):
    item = petition(units)
    with time_machine.travel(at(2026, 12, 1, 9), tick=False):
        old = deadline_start(step=StepKind.INITIAL_HANDLING, start=datetime.date(2026, 12, 1), petition=item)
    with time_machine.travel(at(2026, 12, 2, 9), tick=False):
        rule = change(people.admin, days=3)
        new = deadline_start(step=StepKind.INITIAL_HANDLING, start=datetime.date(2026, 12, 2), petition=item)

    old.refresh_from_db()
    assert old.due_on == datetime.date(2026, 12, 10)  # 7 working days, as when it started
    assert old.rule != rule
    assert new.rule == rule
    assert new.due_on == datetime.date(2026, 12, 7)  # Thu 3, Fri 4, (weekend), Mon 7


def test_a_version_scheduled_for_later_waits_for_its_date(people, units):
    item = petition(units)
    with time_machine.travel(at(2026, 12, 1, 9), tick=False):
        change(people.admin, days=3, valid_from=at(2026, 12, 15, 0))
        before = deadline_start(step=StepKind.INITIAL_HANDLING, start=datetime.date(2026, 12, 1), petition=item)
    with time_machine.travel(at(2026, 12, 15, 8), tick=False):
        after = deadline_start(step=StepKind.INITIAL_HANDLING, start=datetime.date(2026, 12, 15), petition=item)
    assert before.rule.days == 7
    assert after.rule.days == 3


def test_a_new_working_day_limit_runs_across_tet_2027(people, units):
    with time_machine.travel(at(2027, 1, 25, 10), tick=False):
        change(people.admin, days=10)
        deadline = deadline_start(
            step=StepKind.INITIAL_HANDLING, start=datetime.date(2027, 1, 29), petition=petition(units)
        )
    # Fri 29/01/2027: Mon 1, Tue 2, Wed 3 February; Tết Thu 4 – Wed 10; then 11, 12, 15, 16, 17, 18, 19.
    assert deadline.due_on == datetime.date(2027, 2, 19)


def test_a_calendar_day_limit_ending_in_tet_moves_to_the_first_working_day(people, units):
    with time_machine.travel(at(2027, 1, 15, 10), tick=False):
        change(people.admin, step=StepKind.RESOLVE, days=20, count=DayCount.CALENDAR, starts="acceptance")
        deadline = deadline_start(step=StepKind.RESOLVE, start=datetime.date(2027, 1, 18), petition=petition(units))
    # 20 days after Mon 18/01/2027 is Sun 07/02, in Tết (04–10/02): due Thu 11/02/2027.
    assert deadline.due_on == datetime.date(2027, 2, 11)


def test_a_working_day_limit_skips_the_weekend(people, units):
    with time_machine.travel(at(2026, 12, 1, 10), tick=False):
        change(people.admin, step=StepKind.NOTIFY_ACCEPTANCE, days=2, starts="decision")
        deadline = deadline_start(
            step=StepKind.NOTIFY_ACCEPTANCE, start=datetime.date(2026, 12, 4), petition=petition(units)
        )
    assert deadline.due_on == datetime.date(2026, 12, 8)  # Fri 4 → Mon 7, Tue 8


@pytest.mark.parametrize("days", [0, 366, -1])
def test_days_must_be_between_1_and_365(people, days):
    with pytest.raises(ValidationError) as error:
        change(people.admin, days=days)
    assert "days" in error.value.error_dict
    assert DeadlineRule.objects.filter(step=StepKind.INITIAL_HANDLING).count() == 1


def test_a_rule_cannot_come_into_force_in_the_past(people):
    with pytest.raises(ValidationError) as error:
        change(people.admin, valid_from=timezone.now() - datetime.timedelta(days=1))
    assert "valid_from" in error.value.error_dict
    assert not AuditEvent.objects.filter(action="cases.rule.change").exists()


def test_the_count_the_start_and_the_legal_basis_are_required(people):
    with pytest.raises(ValidationError) as error:
        change(people.admin, count="weeks", starts=" ", note="")
    assert set(error.value.error_dict) == {"count", "starts", "note"}


# The screens


def test_the_installation_admin_sees_each_step_with_its_rule_in_force_and_history(people, client_for):
    rule = change(people.admin, days=9)
    response = client_for(people.admin).get(LIST_URL)
    assert response.status_code == 200
    steps = {entry["step"]: entry for entry in response.context["steps"]}
    assert set(steps) == set(StepKind.values)
    entry = steps[StepKind.INITIAL_HANDLING]
    assert entry["in_force"] == rule
    assert [version.days for version in entry["versions"]] == [9, 7]
    assert [version.state for version in entry["versions"]] == ["in_force", "replaced"]
    assert people.admin.full_name in response.content.decode()


def test_the_form_adds_a_version(people, client_for):
    url = reverse("cases:rule_change", args=[StepKind.FORWARD])
    client = client_for(people.admin)
    assert client.get(url).context["form"].initial["days"] == 5

    response = client.post(
        url,
        {"days": "4", "count": DayCount.WORKING, "starts": "the day received", "note": "Văn bản mới", "valid_from": ""},
    )

    assert response.status_code == 302
    rule = rule_in_force(StepKind.FORWARD)
    assert (rule.days, rule.created_by, rule.note) == (4, people.admin, "Văn bản mới")


def test_the_form_accepts_a_later_date_as_dd_mm_yyyy(people, client_for):
    url = reverse("cases:rule_change", args=[StepKind.FORWARD])
    later = timezone.localdate() + datetime.timedelta(days=30)
    client_for(people.admin).post(
        url,
        {"days": "4", "count": DayCount.WORKING, "starts": "x", "note": "y", "valid_from": later.strftime("%d/%m/%Y")},
    )
    rule = DeadlineRule.objects.filter(step=StepKind.FORWARD).order_by("-pk").first()
    assert timezone.localtime(rule.valid_from).date() == later
    assert rule_in_force(StepKind.FORWARD).days == 5


@pytest.mark.parametrize(
    "data,field",
    [
        ({"days": "400"}, "days"),
        ({"days": "0"}, "days"),
        ({"valid_from": "01/01/2020"}, "valid_from"),
        ({"valid_from": "31/02/2027"}, "valid_from"),
        ({"note": ""}, "note"),
    ],
)
def test_the_form_refuses_bad_values(people, client_for, data, field):
    url = reverse("cases:rule_change", args=[StepKind.FORWARD])
    values = {"days": "4", "count": DayCount.WORKING, "starts": "x", "note": "y", "valid_from": ""} | data
    response = client_for(people.admin).post(url, values)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert DeadlineRule.objects.filter(step=StepKind.FORWARD).count() == 1


def test_an_unknown_step_is_404(people, client_for):
    assert client_for(people.admin).get(reverse("cases:rule_change", args=["nothing"])).status_code == 404


@pytest.mark.parametrize("who", ["intake", "handler", "head", "custodian", "oversight", "commune_admin", "outsider"])
def test_only_the_installation_admin_manages_time_limits(people, client_for, who):
    client = client_for(getattr(people, who))
    assert client.get(LIST_URL).status_code == 403
    url = reverse("cases:rule_change", args=[StepKind.FORWARD])
    assert client.get(url).status_code == 403
    response = client.post(url, {"days": "1", "count": DayCount.WORKING, "starts": "x", "note": "y"})
    assert response.status_code == 403
    assert DeadlineRule.objects.filter(step=StepKind.FORWARD).count() == 1
