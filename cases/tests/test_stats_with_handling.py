"""The statistics over records made by the case-handling services themselves (forwarding moves a
petition; duplicates join one matter), so that the selectors follow what those services record."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from accounts.services import account_create
from cases import handling, services, stats
from cases.models import Channel, Competence, Condition, Kind, MatterStatus, Petition, Status, Subject
from conftest import PASSWORD
from vault.services import user_key_unlock

pytestmark = pytest.mark.django_db


def registered(unit, intake, day, channel=Channel.HOTLINE):
    petition = services.petition_submit(
        submission=services.Submission(
            channel=channel,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            content="Giám đốc chia nhỏ gói thầu để chỉ định thầu.",
            unit=unit,
            received_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
        ),
        issue_receipt=False,
    ).petition
    return services.petition_register(petition=petition, actor=intake, working_content="Chia nhỏ gói thầu")


def classify(petition, actor, **values):
    handling.petition_classify(
        petition=petition,
        actor=actor,
        kind=petition.kind,
        subject=petition.subject,
        condition=Condition.PROCESSABLE,
        actor_private=user_key_unlock(user=actor, password=PASSWORD),
        **values,
    )
    petition.refresh_from_db()
    return petition


@pytest.fixture
def finance_intake(units):
    return account_create(
        actor=None, username="tn.stc", full_name="Tài", password=PASSWORD, unit=units.finance, role=Role.INTAKE
    )


def test_a_petition_forwarded_by_the_service_inside_the_subtree_counts_once(people, units, finance_intake):
    today = timezone.localdate()
    petition = registered(units.committee, people.intake, today - datetime.timedelta(days=2))
    petition = classify(petition, people.intake, competence=Competence.FORWARD, forward_unit=units.finance)
    assert (petition.status, petition.unit_id) == (Status.FORWARDED, units.finance.pk)
    window = {"date_from": today - datetime.timedelta(days=7), "date_to": today}

    for unit in (units.province, units.committee, units.finance):
        assert stats.petitions_received(unit=unit, **window)["total"] == 1, unit.code
        assert stats.petitions_classified(unit=unit, **window)["by_competence"][Competence.FORWARD] == 1
    assert stats.petitions_received(unit=units.commune, **window)["total"] == 0
    assert Petition.objects.count() == 1


def test_duplicates_joined_by_the_service_count_as_one_matter(people, units):
    today = timezone.localdate()
    first = classify(
        registered(units.committee, people.intake, today - datetime.timedelta(days=3)),
        people.intake,
        competence=Competence.OURS,
    )
    for days, channel in ((2, Channel.EMAIL), (1, Channel.POST)):
        classify(
            registered(units.committee, people.intake, today - datetime.timedelta(days=days), channel),
            people.intake,
            competence=Competence.OURS,
            duplicate_of=first.matter,
        )
    window = {"date_from": today - datetime.timedelta(days=7), "date_to": today}

    received = stats.matters_received(unit=units.province, **window)

    assert Petition.objects.filter(matter=first.matter).count() == 3
    assert (received["total"], received["matters"], received["single_petitions"]) == (1, 1, 0)
    assert received["by_channel"][Channel.HOTLINE] == 1
    assert stats.petitions_received(unit=units.province, **window)["total"] == 3
    assert stats.matters_handled(unit=units.province, **window)["opened"] == 1


def test_a_matter_refused_by_the_service_counts_as_refused_then_leaves_later_windows(people, units):
    today = timezone.localdate()
    petition = classify(
        registered(units.committee, people.intake, today - datetime.timedelta(days=1)),
        people.intake,
        competence=Competence.OURS,
    )
    handling.matter_refuse(matter=petition.matter, actor=people.head, reason="Không đủ điều kiện thụ lý")
    window = {"date_from": today - datetime.timedelta(days=7), "date_to": today}

    figures = stats.matters_handled(unit=units.province, **window)

    assert (figures["total"], figures["refused"], figures["by_status"][MatterStatus.REFUSED]) == (1, 1, 1)
    later = {"date_from": today + datetime.timedelta(days=1), "date_to": today + datetime.timedelta(days=30)}
    assert stats.matters_handled(unit=units.province, **later)["total"] == 0
