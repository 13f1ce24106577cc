"""The figures of ``cases/figures.py`` against counts made here, over units in and out of the subtree
and records on the first and last day of the window and one day outside it."""

import datetime
import itertools

import pytest
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from accounts.services import account_create
from baove.figures import FIGURES, compute
from cases import services
from cases.models import (
    Channel,
    Competence,
    Condition,
    Kind,
    Matter,
    MatterStatus,
    Outcome,
    Petition,
    Subject,
)
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

FIRST, LAST = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
_numbers = itertools.count(1)


def at(day, *time):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(*time)))


FIRST_INSTANT, LAST_INSTANT = at(FIRST, 0, 0), at(LAST, 23, 59, 59)
DAY_BEFORE, DAY_AFTER = at(FIRST - datetime.timedelta(days=1), 23, 59), at(LAST + datetime.timedelta(days=1), 0, 0)
START, END = at(FIRST, 0, 0), at(LAST + datetime.timedelta(days=1), 0, 0)


def figure(key, unit, date_from=FIRST, date_to=LAST):
    return compute(key, unit=unit, date_from=date_from, date_to=date_to)


@pytest.fixture
def intake(units):
    for code, unit in (("stc", units.finance), ("xa", units.commune), ("lc", units.other)):
        account_create(
            actor=None, username=f"tn.{code}", full_name=code, password=PASSWORD, unit=unit, role=Role.INTAKE
        )


def submit(unit, when, kind=Kind.DENUNCIATION, subject=Subject.CORRUPTION, channel=Channel.HOTLINE):
    return services.petition_submit(
        submission=services.Submission(
            channel=channel, kind=kind, subject=subject, content="Nội dung", unit=unit, received_at=when
        ),
        issue_receipt=False,
    ).petition


def classify(petition, when, condition=Condition.PROCESSABLE, competence=Competence.OURS):
    """What ``cases.handling.petition_classify`` records, at ``when``."""
    Petition.objects.filter(pk=petition.pk).update(condition=condition, competence=competence, classified_at=when)


@pytest.fixture
def petitions(people, units, intake):
    p = {
        "first": submit(units.committee, FIRST_INSTANT),
        "last": submit(units.finance, LAST_INSTANT, Kind.FEEDBACK, Subject.WASTE, Channel.EMAIL),
        "complaint": submit(units.commune, at(FIRST, 10), Kind.COMPLAINT, Subject.CORRUPTION, Channel.MAILBOX),
        "other_subject": submit(units.committee, at(FIRST, 11), Kind.CRIME_REPORT, Subject.OTHER, Channel.PORTAL),
        "crime": submit(units.commune, at(LAST, 9), Kind.CRIME_REPORT, Subject.NEGATIVITY, Channel.POST),
        "before": submit(units.committee, DAY_BEFORE),
        "after": submit(units.committee, DAY_AFTER),
        "elsewhere": submit(units.other, at(FIRST, 12)),
    }
    classify(p["first"], at(FIRST, 9))
    classify(p["last"], at(LAST + datetime.timedelta(days=2), 9))  # classified after the window
    classify(p["complaint"], at(LAST, 9), Condition.NOT_PROCESSABLE, Competence.FILE)
    classify(p["crime"], at(LAST, 10), Condition.PROCESSABLE, Competence.FORWARD)
    classify(p["other_subject"], at(LAST, 10), Condition.PROCESSABLE, Competence.GUIDE)
    return p


def received(unit):
    return Petition.objects.filter(unit__path__startswith=unit.path, received_at__gte=START, received_at__lt=END)


def classified_by_end(unit):
    return received(unit).filter(classified_at__lt=END).exclude(condition=Condition.PENDING)


def test_petitions_received_and_handled(units, petitions):
    assert figure("cases.petitions.received", units.province) == received(units.province).count() == 5
    assert figure("cases.petitions.received", units.committee) == received(units.committee).count() == 3
    assert figure("cases.petitions.handled", units.province) == classified_by_end(units.province).count() == 4
    assert figure("cases.petitions.pending", units.province) == 1
    assert figure("cases.petitions.not_processable", units.province) == 1
    assert figure("cases.petitions.ours", units.province) == 1
    assert figure("cases.petitions.forwarded", units.province) == 1
    assert figure("cases.petitions.guided", units.province) == 1
    assert figure("cases.petitions.filed", units.province) == 1
    # One day windows on the edges.
    assert figure("cases.petitions.received", units.province, FIRST, FIRST) == 3
    assert figure("cases.petitions.received", units.province, LAST, LAST) == 2


def test_petitions_by_kind_subject_and_channel(units, petitions):
    rows = received(units.province)
    for key, kind in (
        ("denunciations", Kind.DENUNCIATION),
        ("crime_reports", Kind.CRIME_REPORT),
        ("feedback", Kind.FEEDBACK),
        ("complaints", Kind.COMPLAINT),
    ):
        assert figure(f"cases.petitions.{key}", units.province) == rows.filter(kind=kind).count()
    for subject in Subject.values:
        assert figure(f"cases.petitions.subject.{subject}", units.province) == rows.filter(subject=subject).count()
    for channel in Channel.values:
        assert figure(f"cases.petitions.channel.{channel}", units.province) == rows.filter(channel=channel).count()
    assert figure("cases.petitions.crime_reports", units.province) == 2


def test_whistleblowing_petitions_of_the_directive_27_review(units, petitions):
    """Denunciations, feedback and crime reports about corruption, waste or negativity: not the
    complaint, not the crime report about another subject."""
    rows = received(units.province).filter(
        kind__in=[Kind.DENUNCIATION, Kind.FEEDBACK, Kind.CRIME_REPORT],
        subject__in=[Subject.CORRUPTION, Subject.WASTE, Subject.NEGATIVITY],
    )
    assert figure("cases.petitions.whistleblowing.received", units.province) == rows.count() == 3
    handled = rows.filter(classified_at__lt=END).exclude(condition=Condition.PENDING)
    assert figure("cases.petitions.whistleblowing.handled", units.province) == handled.count() == 2
    assert figure("cases.petitions.whistleblowing.received", units.other) == 1
    assert figure("cases.petitions.whistleblowing.handled", units.other) == 0


def matter(unit, opened, **fields):
    return Matter.objects.create(
        reference=f"VV-R-{next(_numbers):05d}",
        unit=unit,
        kind=Kind.DENUNCIATION,
        subject=Subject.CORRUPTION,
        summary="Tóm tắt",
        opened_at=opened,
        **fields,
    )


def test_matters_handled_concluded_and_escalated(units):
    matter(units.committee, at(FIRST, 9), status=MatterStatus.ACCEPTED, flag_complex=True)
    matter(
        units.finance,
        FIRST_INSTANT,
        status=MatterStatus.CONCLUDED,
        outcome=Outcome.TRUE,
        concluded_at=LAST_INSTANT,
        flag_mass=True,
        flag_over_level=True,
    )
    matter(
        units.commune, at(FIRST - datetime.timedelta(days=20), 9), status=MatterStatus.ACCEPTED, flag_over_level=True
    )
    matter(
        units.committee,
        at(FIRST - datetime.timedelta(days=20), 9),
        status=MatterStatus.CONCLUDED,
        outcome=Outcome.UNTRUE,
        concluded_at=DAY_BEFORE,
        flag_complex=True,
    )
    matter(units.committee, DAY_AFTER, flag_complex=True)
    matter(units.other, at(FIRST, 9), flag_complex=True)

    handled = Matter.objects.filter(unit__path__startswith=units.province.path, opened_at__lt=END).exclude(
        concluded_at__lt=START
    )
    assert figure("cases.matters.handled", units.province) == handled.count() == 3
    assert figure("cases.matters.opened", units.province) == 2
    assert figure("cases.matters.carried_over", units.province) == 1
    assert figure("cases.matters.concluded", units.province) == 1
    assert figure("cases.matters.outcome.true", units.province) == 1
    assert figure("cases.matters.outcome.untrue", units.province) == 0
    flagged = handled.filter(Q(flag_complex=True) | Q(flag_mass=True) | Q(flag_over_level=True))
    assert figure("cases.matters.escalated", units.province) == flagged.count() == 3
    assert figure("cases.matters.escalated.complex", units.province) == handled.filter(flag_complex=True).count() == 1
    assert figure("cases.matters.escalated.mass", units.province) == 1
    assert figure("cases.matters.escalated.over_level", units.province) == 2
    assert figure("cases.matters.escalated", units.committee) == 2


def test_every_cases_figure_computes_on_an_empty_database(units):
    keys = [key for key in FIGURES if key.startswith("cases.")]
    assert len(keys) >= 40
    assert all(figure(key, units.province) == 0 for key in keys)
    assert not any(FIGURES[key].by_level for key in keys)
