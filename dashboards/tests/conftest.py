"""Shared data of the dashboard tests: petitions, matters and time limits created as the services
and the case-handling tests do, at moments in Asia/Ho_Chi_Minh."""

import datetime
import itertools
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.models import Role, Scope
from cases import services as case_services
from cases.deadlines import rule_in_force
from cases.models import Accused, Channel, Deadline, Kind, Matter, Petition, Status, Subject
from conftest import _person

_numbers = itertools.count(1)


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment in Asia/Ho_Chi_Minh."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_default_timezone())


def submit(unit, when, *, kind=Kind.DENUNCIATION, subject=Subject.CORRUPTION, channel=Channel.HOTLINE, **extra):
    values = {"content": "Nội dung phản ánh.", **extra}
    return case_services.petition_submit(
        submission=case_services.Submission(
            channel=channel, kind=kind, subject=subject, unit=unit, received_at=when, **values
        ),
        issue_receipt=False,
    ).petition


def matter(unit, *petitions, opened, status="awaiting_decision", **fields) -> Matter:
    """What ``cases.handling`` does when it opens a matter for petitions within our competence."""
    values = {"kind": Kind.DENUNCIATION, "subject": Subject.CORRUPTION, "summary": "Tóm tắt vụ việc", **fields}
    created = Matter.objects.create(
        reference=f"VV-D-{next(_numbers):05d}", unit=unit, opened_at=opened, status=status, **values
    )
    Petition.objects.filter(pk__in=[p.pk for p in petitions]).update(matter=created, status=Status.IN_MATTER)
    return created


def deadline(*, matter=None, petition=None, step="resolve", due_on, done_on=None, starts_on=None) -> Deadline:
    return Deadline.objects.create(
        matter=matter,
        petition=petition,
        step=step,
        rule=rule_in_force(step),
        starts_on=starts_on or due_on - datetime.timedelta(days=30),
        due_on=due_on,
        done_on=done_on,
    )


def accuse(petition, user) -> None:
    """An intake officer links an accused person to their account."""
    Accused.objects.create(petition=petition, name="Người bị tố cáo", user=user)


@pytest.fixture
def intake(units, people):
    """Intake officers of the finance department, the commune and the other province (``people``
    has the committee's)."""
    return SimpleNamespace(
        finance=_person("tn-stc", "Tiếp Nhận Sở", units.finance, Role.INTAKE),
        commune=_person("tn-xa", "Tiếp Nhận Xã", units.commune, Role.INTAKE),
        other=_person("tn-lc", "Tiếp Nhận Lai Châu", units.other, Role.INTAKE),
    )


@pytest.fixture
def province_head(units):
    """The head over the whole province (subtree): sees every petition and matter in it."""
    return _person("bithu-tinh", "Lý Văn Bí", units.province, Role.HEAD, Scope.SUBTREE)
