"""The personnel early warning: an action against a protected person alerts the custodians and the
heads above, while the personnel officer learns nothing."""

import contextlib
import datetime
import re

import pytest
import time_machine
from django.apps import apps
from django.db import transaction
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Notification
from protection.models import CaseStatus
from retaliation import services
from retaliation.models import Alert, PersonnelAction, PersonnelActionKind

from .conftest import PROTECTED_ID, UNPROTECTED_ID, make_case

pytestmark = pytest.mark.django_db

FULL_NAME = "Đinh Thị Được Bảo Vệ"
PERSONNEL = reverse("retaliation:personnel")
ALERTS = reverse("retaliation:alert_list")


def entry(units, id_number, **extra):
    return {
        "id_number": id_number,
        "full_name": FULL_NAME,
        "action": PersonnelActionKind.TRANSFER,
        "effective_date": "01/12/2026",
        "unit": units.committee.pk,
        "note": "QĐ 15/QĐ-UBND",
        **extra,
    }


def test_a_transfer_of_a_protected_person_alerts_the_custodian_and_the_heads_above(
    people, units, client_for, province_head
):
    case = make_case(units.committee)
    response = client_for(people.personnel).post(PERSONNEL, entry(units, PROTECTED_ID), follow=True)

    assert response.status_code == 200
    assert "Đã lưu." in response.content.decode()
    alert = Alert.objects.get()
    assert (alert.case, alert.action.action, alert.unit) == (case, PersonnelActionKind.TRANSFER, units.committee)
    assert AuditEvent.objects.get(action="retaliation.alert.raise").unit is None  # not in the unit's audit trail
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"baomat", "bithu"}  # the committee's own head is not told: the head above is

    page = client_for(people.custodian).get(ALERTS).content.decode()
    assert case.pseudonym in page and case.reference in page and "01/12/2026" in page
    assert client_for(province_head).get(ALERTS).content.decode().count(case.pseudonym) == 1


def test_the_same_action_for_an_unprotected_person_raises_nothing(people, units, client_for):
    make_case(units.committee)
    client_for(people.personnel).post(PERSONNEL, entry(units, UNPROTECTED_ID))

    assert PersonnelAction.objects.count() == 1
    assert not Alert.objects.exists()
    assert not Notification.objects.exists()
    assert "BD-" not in client_for(people.custodian).get(ALERTS).content.decode()


@pytest.mark.parametrize("status", [CaseStatus.REQUESTED, CaseStatus.GRANTED])
def test_requested_and_granted_cases_are_watched(people, units, status):
    make_case(units.committee, status=status)
    services.personnel_action_record(
        actor=people.personnel,
        id_number="001 199 012 345",
        action=PersonnelActionKind.DEMOTION,
        effective_date=datetime.date(2026, 12, 1),
        unit=units.committee,
    )
    assert Alert.objects.count() == 1


@pytest.mark.parametrize("status", [CaseStatus.REFUSED, CaseStatus.ENDED])
def test_refused_and_ended_cases_are_not(people, units, status):
    make_case(units.committee, status=status)
    services.personnel_action_record(
        actor=people.personnel,
        id_number=PROTECTED_ID,
        action=PersonnelActionKind.DEMOTION,
        effective_date=datetime.date(2026, 12, 1),
        unit=units.committee,
    )
    assert not Alert.objects.exists()


class _Undo(Exception):
    pass


def _post_and_undo(client, data) -> tuple[int, dict, str, str]:
    """POST, follow the redirect, then roll everything back, so that the next POST starts alike."""
    with contextlib.suppress(_Undo), transaction.atomic():
        response = client.post(PERSONNEL, data)
        page = client.get(response["Location"])
        result = (response.status_code, dict(response.headers), page.status_code, page.content.decode())
        raise _Undo
    return result


def _without_csrf(text: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


@time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_personnel_officer_gets_the_same_response_for_a_protected_and_an_unprotected_person(
    people, units, client_for
):
    make_case(units.committee)
    client = client_for(people.personnel)

    protected = _post_and_undo(client, entry(units, PROTECTED_ID))
    unprotected = _post_and_undo(client, entry(units, UNPROTECTED_ID))

    assert protected[0] == unprotected[0] == 302
    assert protected[1] == unprotected[1]
    assert protected[2] == unprotected[2] == 200
    assert _without_csrf(protected[3]) == _without_csrf(unprotected[3])
    assert "Đã lưu." in protected[3]


def test_the_personnel_officer_sees_only_their_own_actions_and_no_alert(people, units, client_for):
    make_case(units.committee)
    client = client_for(people.personnel)
    client.post(PERSONNEL, entry(units, PROTECTED_ID))
    page = client.get(PERSONNEL).content.decode()

    assert "QĐ 15/QĐ-UBND" in page
    assert "BD-" not in page and "BV-T-" not in page
    assert client.get(ALERTS).status_code == 403
    assert ALERTS not in page  # no "Personnel alerts" menu entry either


def test_the_id_number_and_the_name_are_in_no_table_and_on_no_page(people, units, client_for, province_head):
    make_case(units.committee)
    client_for(people.personnel).post(PERSONNEL, entry(units, PROTECTED_ID))
    services.personnel_action_record(
        actor=people.personnel,
        id_number="036199001122",
        action=PersonnelActionKind.APPRAISAL,
        effective_date=datetime.date(2026, 12, 1),
        unit=units.committee,
    )
    for model in apps.get_models():
        for row in model.objects.values_list():
            text = repr(row)
            assert PROTECTED_ID not in text and "036199001122" not in text, model
            assert FULL_NAME not in text, model
    for event in AuditEvent.objects.all():
        assert PROTECTED_ID not in repr(event.details)
    for user in (people.personnel, people.custodian, province_head):
        for url in (PERSONNEL, ALERTS):
            page = client_for(user).get(url).content.decode()
            assert PROTECTED_ID not in page and FULL_NAME not in page


def test_an_invalid_id_number_is_refused_and_not_echoed(people, units, client_for):
    response = client_for(people.personnel).post(PERSONNEL, entry(units, "12345"))
    assert response.status_code == 400
    assert 'value="12345"' not in response.content.decode()
    assert not PersonnelAction.objects.exists()


def test_only_units_where_one_is_a_personnel_officer(people, units, client_for):
    response = client_for(people.personnel).post(PERSONNEL, entry(units, UNPROTECTED_ID, unit=units.other.pk))
    assert response.status_code == 400
    assert not PersonnelAction.objects.exists()


@pytest.mark.parametrize("who", ["intake", "handler", "custodian", "oversight", "outsider"])
def test_other_roles_cannot_reach_the_personnel_register(people, client_for, who):
    client = client_for(getattr(people, who))
    assert client.get(PERSONNEL).status_code == 403
    assert client.get(reverse("retaliation:personnel_import")).status_code == 403


@pytest.mark.parametrize("who", ["personnel", "intake", "handler", "oversight", "outsider"])
def test_only_custodians_and_heads_see_alerts(people, client_for, who):
    assert client_for(getattr(people, who)).get(ALERTS).status_code == 403


def test_a_custodian_of_another_province_sees_no_alert_of_ours(people, units, client_for):
    from accounts.models import Role
    from conftest import _person

    make_case(units.committee)
    services.personnel_action_record(
        actor=people.personnel,
        id_number=PROTECTED_ID,
        action=PersonnelActionKind.TRANSFER,
        effective_date=datetime.date(2026, 12, 1),
        unit=units.committee,
    )
    stranger = _person("baomatlc", "Custodian Lai Châu", units.other, Role.CUSTODIAN)
    page = client_for(stranger).get(ALERTS).content.decode()
    assert "BD-" not in page


def test_a_case_opened_later_picks_up_earlier_actions(people, units):
    action = services.personnel_action_record(
        actor=people.personnel,
        id_number=PROTECTED_ID,
        action=PersonnelActionKind.ROTATION,
        effective_date=datetime.date.today(),  # noqa: DTZ011 (a day, compared with days)
        unit=units.committee,
    )
    assert not Alert.objects.exists()
    case = make_case(units.committee)
    with transaction.atomic():
        raised = services.alerts_for_case(case=case)
    assert [alert.action for alert in raised] == [action]
    assert services.alerts_for_case(case=case) == []


def test_the_alert_list_costs_the_same_queries_for_few_or_many_alerts(people, units, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(people.custodian)
    counts = []
    for number in range(2):
        for index in range(3):
            id_number = f"00119901{number}{index}00"
            make_case(units.committee, id_number)
            services.personnel_action_record(
                actor=people.personnel,
                id_number=id_number,
                action=PersonnelActionKind.TRANSFER,
                effective_date=datetime.date(2026, 12, 1),
                unit=units.committee,
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(ALERTS).status_code == 200
        counts.append(len(queries))
    assert Alert.objects.count() == 6
    assert counts[0] == counts[1]
