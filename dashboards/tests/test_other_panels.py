"""Protection, citizen reception and reporting campaigns on the dashboard."""

import datetime

import pytest

from accounts.models import Role, Scope
from baove.figures import compute_records
from campaigns import services as campaign_services
from campaigns.models import Recipient, RecipientStatus
from conftest import _person
from dashboards import panels, selectors
from dashboards.periods import Window
from protection import services as protection_services
from protection.models import ProtectionCase, ProtectionKind
from protection.tests.helpers import open_case
from reception.tests.conftest import delegation, make_session, make_visit
from reporting.models import DocumentStyle, ReportTemplate

from .conftest import accuse, at, matter, submit

pytestmark = pytest.mark.django_db

WINDOW = Window(datetime.date(2026, 3, 1), datetime.date(2026, 4, 30))
TODAY = datetime.date(2026, 4, 20)


def panel(user, unit, key, window=WINDOW):
    return next((p for p in panels.build(user=user, unit=unit, window=window, today=TODAY) if p.key == key), None)


def chart(found, chart_id):
    return next(c for c in found.charts if c.id == chart_id)


def test_protection_counts_cases_the_person_sees_and_not_one_accusing_them(units, people, intake):
    def opened(when, **extra):
        return open_case(units, people, requested_at=when, **extra)

    cases = [opened(at(datetime.date(2026, 3, day))) for day in (1, 5, 9)]
    cases.append(opened(at(datetime.date(2026, 4, 30), 23, 59), kinds=(ProtectionKind.JOB, ProtectionKind.HONOUR)))
    opened(at(datetime.date(2026, 2, 28), 23, 59))  # the day before the window
    petition = submit(units.committee, at(datetime.date(2026, 3, 2)))
    accuse(petition, people.custodian)
    matter(units.committee, petition, opened=at(datetime.date(2026, 3, 3)))
    opened(at(datetime.date(2026, 3, 4)), petition=petition)  # accuses the custodian
    start = datetime.date(2026, 3, 20)
    protection_services.protection_decide(
        case=cases[0],
        actor=people.head,
        grant=True,
        reasons="Có căn cứ",
        measures=[
            {"kind": ProtectionKind.JOB, "body": "Sở Nội vụ", "starts_on": start},
            {"kind": ProtectionKind.SECRECY, "body": "UBND tỉnh", "starts_on": start},
        ],
    )
    protection_services.protection_decide(case=cases[1], actor=people.head, grant=False, reasons="Không đủ căn cứ")
    # Decided on 20/3 (the people above hold their roles from today: no travelling back in time).
    ProtectionCase.objects.filter(pk__in=[cases[0].pk, cases[1].pk]).update(decided_at=at(start))

    counts = selectors.protection(user=people.custodian, unit=units.committee, window=WINDOW)
    assert counts.requests_by_period == {datetime.date(2026, 3, 1): 3, datetime.date(2026, 4, 1): 1}
    assert dict(counts.decisions) == {"granted": 1, "refused": 1}
    assert dict(counts.measures_by_kind) == {ProtectionKind.JOB: 1, ProtectionKind.SECRECY: 1}
    # The head sees the accusing case too (it does not accuse them): five requests in the window.
    direct = ProtectionCase.objects.filter(
        requested_at__gte=at(WINDOW.date_from, 0), requested_at__lt=at(datetime.date(2026, 5, 1), 0)
    ).count()
    assert direct == 5
    assert (
        sum(selectors.protection(user=people.head, unit=units.committee, window=WINDOW).requests_by_period.values())
        == 5
    )
    shown = panel(people.head, units.committee, "protection")
    assert shown.facts[0].value == "5"
    assert chart(shown, "chart-protection-requests").rows == [["03/2026", "< 5"], ["04/2026", "< 5"]]
    # Personnel officers get no protection panel at all.
    assert panel(people.personnel, units.committee, "protection") is None


@pytest.fixture
def sessions(units, people):
    """Sessions of the committee in March and April: six people in March, a delegation of 12 and a
    refused visitor in April; a session in May."""
    march = make_session(people.intake, units.committee, datetime.date(2026, 3, 31))
    for _ in range(6):
        make_visit(people.intake, march)
    april = make_session(people.intake, units.committee, datetime.date(2026, 4, 1))
    delegation(people.intake, april, headcount=12)
    refused = make_visit(
        people.intake, april, refused=True, refusal_reason="Vụ việc đã được giải quyết đúng pháp luật."
    )
    assert refused.refused
    outside = make_session(people.intake, units.committee, datetime.date(2026, 5, 1))
    make_visit(people.intake, outside)


def test_reception_counts_as_the_figures_of_the_official_reports(units, people, sessions):
    oversight = _person("gs-tinh", "Giám Sát Tỉnh", units.province, Role.OVERSIGHT, Scope.SUBTREE)
    counts = selectors.reception(user=oversight, unit=units.province, window=WINDOW)
    march, april = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)
    assert +counts.visitors == {(march, "scheduled"): 6, (april, "scheduled"): 12}
    assert +counts.sessions == {(march, "scheduled"): 1, (april, "scheduled"): 1}

    def figure(key):
        return compute_records(key, unit=units.province, date_from=WINDOW.date_from, date_to=WINDOW.date_to)

    for kind in ("scheduled", "ad_hoc"):
        assert sum(n for (_p, k), n in counts.sessions.items() if k == kind) == figure(f"reception.sessions.{kind}")
        assert sum(n for (_p, k), n in counts.visitors.items() if k == kind) == figure(f"reception.visitors.{kind}")
    assert counts.delegations == figure("reception.delegations") == 1
    assert counts.refused == figure("reception.cases.refused") == 1
    shown = panel(oversight, units.province, "reception")
    assert [fact.value for fact in shown.facts] == ["< 5", "18", "< 5", "< 5"]
    assert chart(shown, "chart-reception-visitors").rows == [["03/2026", "6", "0"], ["04/2026", "12", "0"]]


def test_reception_counts_the_sessions_the_person_may_read(units, people, sessions):
    finance = make_session(None, units.finance, datetime.date(2026, 3, 10))
    for _ in range(5):
        make_visit(None, finance)
    # The committee's head (unit scope) reads the committee's sessions, not the finance department's.
    mine = selectors.reception(user=people.head, unit=units.committee, window=WINDOW)
    assert sum(mine.visitors.values()) == 18
    head = _person("ct-ubnd", "Chủ Tịch", units.committee, Role.HEAD, Scope.SUBTREE)
    assert sum(selectors.reception(user=head, unit=units.committee, window=WINDOW).visitors.values()) == 23
    # Handlers and personnel officers read no reception.
    assert panel(people.handler, units.committee, "reception") is None
    assert panel(people.personnel, units.committee, "reception") is None


def test_campaign_progress_counts_the_recipients_of_the_subtree_by_status(units, people):
    issuer = people.reporting  # reporting officer of the province (subtree)
    template = ReportTemplate.objects.create(code="so-ket", name="Sơ kết", title="BÁO CÁO", style=DocumentStyle.PARTY)
    campaign = campaign_services.campaign_create(
        actor=issuer,
        issuer=units.province,
        template=template,
        title="Sơ kết 5 năm Chỉ thị 27",
        date_from=datetime.date(2019, 1, 10),
        date_to=datetime.date(2023, 12, 31),
        due_on=datetime.date(2026, 4, 10),
    )
    campaign_services.recipients_add(
        actor=issuer, campaign=campaign, units=[units.committee, units.finance, units.commune, units.inspection]
    )
    campaign_services.campaign_start(actor=issuer, campaign=campaign)
    Recipient.objects.filter(campaign=campaign, unit=units.finance).update(
        status=RecipientStatus.SUBMITTED, first_submitted_at=at(datetime.date(2026, 4, 9))
    )
    Recipient.objects.filter(campaign=campaign, unit=units.commune).update(status=RecipientStatus.DRAFT)

    province = panel(issuer, units.province, "campaigns")
    assert province.facts[0].value == "1" and province.facts[1].value == "3"  # 3 not sent by 10/4
    progress = chart(province, "chart-campaigns")
    assert progress.header[0] == "" and progress.rows[0][0] == "Sơ kết 5 năm Chỉ thị 27"
    assert province.links == [("Sơ kết 5 năm Chỉ thị 27", f"/staff/reports/campaigns/{campaign.pk}/")]
    statuses = dict(zip(progress.header[1:], progress.rows[0][1:], strict=True))
    assert list(statuses.values()) == ["2", "1", "1", "0", "0", "3"]
    committee = selectors.campaigns(user=people.head, unit=units.committee, today=TODAY)
    # The committee's head sees the committee and the finance department below it.
    assert [(item.total, item.late, item.counts) for item in committee] == [
        (2, 1, {RecipientStatus.NOT_STARTED: 1, RecipientStatus.SUBMITTED: 1})
    ]
    # Nothing asks the other province: the outsider sees a note.
    assert not panel(people.outsider, units.other, "campaigns").charts
