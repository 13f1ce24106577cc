"""Retaliation incidents, reception sessions, activities and campaigns of the synthetic country."""

import bisect
import datetime

from baove.lib.text import fold
from org.models import UnitKind
from programme.models import (
    ActivityKind,
    Basis,
    BodyKind,
    Dissemination,
    DisseminationForm,
    Document,
    DocumentKind,
    Inspection,
    document_path,
)
from programme.services import DIRECTIVE_27, REGULATION_11
from programme.stats import root_document
from reception.models import Competence as VisitCompetence
from reception.models import MatterKind as VisitMatterKind
from reception.models import Outcome as VisitOutcome
from reception.models import ReceptionSession, SessionKind, SessionStatus, Visit, VisitKind
from retaliation.models import (
    DisciplineForm,
    HeadAccountability,
    Incident,
    IncidentSource,
    IncidentStatus,
    Perpetrator,
    RetaliationForm,
    Sanction,
    SanctionKind,
)
from synth import names
from synth.common import FIRST_DAY, Report, next_id, person_name, pick
from synth.petitions import SUBJECTS, PetitionBuilder
from synth.store import save
from synth.tree import Province, Staff

# Retaliation, reception, activities


def build_incidents(rng, builder: PetitionBuilder, count: int, until: datetime.date, staff: Staff) -> None:
    cases = builder.protection_cases
    sample = builder.petition_units
    rows, perpetrators, sanctions, heads = [], [], [], []
    next_pk = next_id(Incident)
    next_perpetrator = next_id(Perpetrator)
    now_day = until
    forms = list(RetaliationForm.values)
    for n in range(count):
        pk = next_pk + n
        linked_case = None
        if cases and rng.random() < 0.6:
            case_pk, petition_pk, unit_pk, at = rng.choice(cases)
            linked_case = case_pk
        elif sample:
            petition_pk, unit_pk, _pseudonym = rng.choice(sample)
            at = None
        else:
            continue
        start = at.date() if at else FIRST_DAY + datetime.timedelta(days=rng.randint(0, (until - FIRST_DAY).days))
        occurred = min(now_day, start + datetime.timedelta(days=rng.randint(5, 300)))
        reported = min(now_day, occurred + datetime.timedelta(days=rng.randint(0, 30)))
        province = builder.receivers.province_of[unit_pk]
        incident = Incident(
            pk=pk,
            reference=f"TT-{reported.year}-{pk:06d}",
            unit_id=unit_pk,
            source=IncidentSource.PORTAL if rng.random() < 0.3 else IncidentSource.STAFF,
            petition_id=petition_pk,
            protection_case_id=linked_case,
            forms=rng.sample(forms, k=rng.randint(1, 2)),
            occurred_on=occurred,
            reported_on=reported,
            description=rng.choice(names.RETALIATION_TEXT),
            recorded_by=province.staff["custodian"][0],
        )
        concluded = reported + datetime.timedelta(days=rng.randint(15, 90))
        if concluded <= now_day:
            confirmed = rng.random() < 0.55
            incident.status = IncidentStatus.CONFIRMED if confirmed else IncidentStatus.UNFOUNDED
            incident.concluded_on, incident.concluded_by = concluded, province.staff["deputy"][0]
            incident.finding = "Xác minh có hành vi trù dập." if confirmed else "Không có căn cứ xác định trù dập."
            if confirmed:
                perpetrator = Perpetrator(
                    pk=next_perpetrator, incident_id=pk, name=person_name(rng), position=rng.choice(names.POSITIONS)
                )
                next_perpetrator += 1
                perpetrators.append(perpetrator)
                if rng.random() < 0.7:
                    sanctions.append(
                        Sanction(
                            incident_id=pk,
                            perpetrator=perpetrator,
                            kind=pick(
                                rng, {SanctionKind.PARTY: 50, SanctionKind.ADMINISTRATIVE: 45, SanctionKind.CRIMINAL: 5}
                            ),
                            form="Khiển trách",
                            decided_by="Ủy ban Kiểm tra",
                            decided_on=concluded,
                            recorded_by=province.staff["custodian"][0],
                        )
                    )
                if rng.random() < 0.2:
                    heads.append(
                        HeadAccountability(
                            incident_id=pk,
                            name=person_name(rng),
                            position="Thủ trưởng đơn vị",
                            unit_text=province.root.name,
                            form=pick(
                                rng,
                                {DisciplineForm.REPRIMAND: 60, DisciplineForm.WARNING: 30, DisciplineForm.REMOVAL: 10},
                            ),
                            decided_by="Ban Thường vụ",
                            decided_on=concluded,
                            recorded_by=province.staff["custodian"][0],
                        )
                    )
        elif reported + datetime.timedelta(days=5) <= now_day:
            incident.status = IncidentStatus.VERIFYING
        rows.append(incident)
    save(Incident, rows)
    save(Perpetrator, perpetrators)
    save(Sanction, sanctions)
    save(HeadAccountability, heads)
    builder.report.counts.update(
        {
            "retaliation incidents": len(rows),
            "perpetrators": len(perpetrators),
            "sanctions": len(sanctions),
            "heads answerable": len(heads),
        }
    )


def build_reception(rng, provinces: list[Province], count: int, until: datetime.date, report: Report) -> None:
    hosts = []
    for province in provinces:
        hosts += [(province.root, 4), (province.committee, 4)] + [(u, 1) for u in province.departments]
        hosts += [(u, 2) for u in province.communes] + [(u, 1.5) for u in province.districts]
    units = [u for u, _w in hosts]
    cumulative, total = [], 0.0
    for _u, weight in hosts:
        total += weight
        cumulative.append(total)
    span = (until - FIRST_DAY).days + 60  # planned sessions reach two months ahead
    sessions, visits = [], []
    next_pk = next_id(ReceptionSession)
    for n in range(count):
        unit = units[bisect.bisect_left(cumulative, rng.random() * total)]
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
        if unit.valid_to is not None and day > unit.valid_to:
            day = unit.valid_to - datetime.timedelta(days=rng.randrange(30))
        scheduled = rng.random() < 0.8
        status = (
            SessionStatus.PLANNED
            if day > until
            else (SessionStatus.CANCELLED if rng.random() < 0.03 else SessionStatus.HELD)
        )
        by_head = rng.random() < 0.7
        place = rng.choice(names.RECEPTION_PLACES)
        host_title = "Bí thư" if by_head else "Phó Bí thư"
        session = ReceptionSession(
            pk=next_pk + n,
            unit=unit,
            kind=SessionKind.SCHEDULED if scheduled else SessionKind.AD_HOC,
            date=day,
            start_time=datetime.time(7, 30),
            end_time=datetime.time(11, 30),
            place=place,
            host_title=host_title,
            hosted_by_head=by_head,
            delegated_reason="" if by_head else "Bí thư đi công tác theo kế hoạch.",
            published=scheduled,
            status=status,
            search_text=fold(f"{unit.name} {place} {host_title}"),
        )
        sessions.append(session)
        if status != SessionStatus.HELD:
            continue
        for _visit in range(rng.choices((0, 1, 2, 3), weights=(35, 35, 20, 10))[0]):
            delegation = rng.random() < 0.06
            refused = rng.random() < 0.03
            visit = Visit(
                session_id=session.pk,
                kind=VisitKind.DELEGATION if delegation else VisitKind.INDIVIDUAL,
                headcount=rng.randint(5, 40) if delegation else 1,
                matter_kind=rng.choice(VisitMatterKind.values),
                subject=pick(rng, SUBJECTS),
                summary=rng.choice(names.VISIT_SUMMARIES),
                complex_prolonged=rng.random() < 0.05,
                degradation=rng.random() < 0.02,
                exploited_incitement=rng.random() < 0.01,
                refused=refused,
            )
            if refused:
                visit.refusal_reason = "Người đến trong tình trạng say rượu."
            else:
                visit.competence = pick(
                    rng, {VisitCompetence.HANDLE: 55, VisitCompetence.DIRECT: 20, VisitCompetence.NOT_COMPETENT: 25}
                )
                visit.outcome = pick(
                    rng,
                    {
                        VisitOutcome.IN_PROGRESS: 20,
                        VisitOutcome.RESOLVED_CLOSED: 65,
                        VisitOutcome.RESOLVED_CONTINUING: 15,
                    },
                )
            visits.append(visit)
    save(ReceptionSession, sessions)
    save(Visit, visits)
    report.counts.update({"reception sessions": len(sessions), "visits": len(visits)})


def build_activities(rng, provinces, count: int, until: datetime.date, report: Report) -> None:
    """Documents (a tenth), dissemination events (six tenths) and inspections (three tenths)."""
    roots = {number: root_document(number) for number in (DIRECTIVE_27, REGULATION_11)}
    roots = {number: doc for number, doc in roots.items() if doc is not None}
    recorder = {p.root.pk: p.staff["custodian"][0] for p in provinces}
    span = (until - FIRST_DAY).days + 1
    documents, disseminations, inspections, links, covered = [], [], [], [], []
    next_doc, next_dissemination, next_inspection = next_id(Document), next_id(Dissemination), next_id(Inspection)
    d27, r11 = roots.get(DIRECTIVE_27), roots.get(REGULATION_11)
    n_docs = max(len(provinces), count // 10)
    units = [(p, u) for p in provinces for u in [p.root, p.committee, *p.departments, *p.communes]]
    for n in range(n_docs):
        province, unit = provinces[n % len(provinces)], None
        unit = province.root if n < len(provinces) * 2 else rng.choice(units)[1]
        parent = roots.get(DIRECTIVE_27 if rng.random() < 0.6 else REGULATION_11) if roots else None
        kind = rng.choice(
            [
                DocumentKind.PLAN,
                DocumentKind.DECISION,
                DocumentKind.INSTRUCTION,
                DocumentKind.OFFICIAL_LETTER,
                DocumentKind.REPORT,
            ]
        )
        pk = next_doc + n
        issued = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
        documents.append(
            Document(
                pk=pk,
                kind=kind,
                number=f"{rng.randint(1, 300)}-{'KH' if kind == DocumentKind.PLAN else 'CV'}/SX{n}",
                issued_on=issued,
                issuer=unit,
                is_party=unit.kind == UnitKind.PARTY_COMMITTEE,
                is_legal_normative=kind == DocumentKind.DECISION and rng.random() < 0.3,
                title=f"Về việc thực hiện {parent.number if parent else 'Chỉ thị số 27-CT/TW'}",
                implements=parent,
                path=document_path(parent.path if parent else None, pk),
                depth=(parent.depth + 1) if parent else 0,
                unit=unit,
                recorded_by=recorder[province.root.pk],
            )
        )
    for n in range(count * 6 // 10):
        province, unit = rng.choice(units)
        form = pick(
            rng,
            {
                DisseminationForm.CONFERENCE: 40,
                DisseminationForm.TRAINING: 20,
                DisseminationForm.CELL_MEETING: 25,
                DisseminationForm.ONLINE: 10,
                DisseminationForm.SEMINAR: 5,
            },
        )
        title = rng.choice(names.DISSEMINATION_TITLES)
        text = r11 if "11-QĐi" in title else d27
        if text is not None:
            links.append(Dissemination.concerning.through(dissemination_id=next_dissemination + n, document_id=text.pk))
        disseminations.append(
            Dissemination(
                pk=next_dissemination + n,
                unit=unit,
                held_on=FIRST_DAY + datetime.timedelta(days=rng.randrange(span)),
                form=form,
                title=title,
                sessions=rng.randint(1, 4),
                participants=rng.randint(20, 400),
                materials=rng.randint(0, 300),
                organised_by_committee=unit.kind == UnitKind.PARTY_COMMITTEE,
                recorded_by=recorder[province.root.pk],
                search_text=fold(title),
            )
        )
    for n in range(count * 3 // 10):
        province, unit = rng.choice(units)
        started = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
        ended = started + datetime.timedelta(days=rng.randint(5, 60))
        title = rng.choice(names.INSPECTION_TITLES)
        disciplined = rng.choices((0, 1, 2), weights=(85, 12, 3))[0]
        pk = next_inspection + n
        text = r11 if "người đứng đầu" in title or "tiếp công dân" in title else d27
        if text is not None:
            links.append(Inspection.concerning.through(inspection_id=pk, document_id=text.pk))
        covered.append(Inspection.units_covered.through(inspection_id=pk, unit_id=rng.choice(units)[1].pk))
        inspections.append(
            Inspection(
                pk=pk,
                unit=unit,
                body_kind=pick(
                    rng,
                    {
                        BodyKind.PARTY_COMMITTEE: 30,
                        BodyKind.INSPECTION_COMMISSION: 30,
                        BodyKind.INSPECTORATE: 20,
                        BodyKind.PEOPLES_COUNCIL: 10,
                        BodyKind.FATHERLAND_FRONT: 10,
                    },
                ),
                activity_kind=pick(
                    rng, {ActivityKind.INSPECTION: 50, ActivityKind.SUPERVISION: 35, ActivityKind.STATE_INSPECTION: 15}
                ),
                basis=Basis.PLANNED if rng.random() < 0.8 else Basis.AD_HOC,
                started_on=started,
                ended_on=ended if ended <= until else None,
                title=title,
                other_units_count=rng.randint(0, 5),
                heads_disciplined=disciplined,
                heads_not_disciplined=rng.choices((0, 1), weights=(90, 10))[0],
                sanctions_proposed=disciplined,
                sanctions_applied=disciplined,
                recorded_by=recorder[province.root.pk],
                search_text=fold(title),
            )
        )
    save(Document, documents)
    save(Dissemination, disseminations)
    save(Inspection, inspections)
    for model in {type(link) for link in links}:
        save(model, [link for link in links if type(link) is model])
    save(Inspection.units_covered.through, covered)
    report.counts.update(
        {"documents": len(documents), "disseminations": len(disseminations), "inspections": len(inspections)}
    )


def build_campaigns(provinces: list[Province], until: datetime.date, report: Report) -> None:
    """A few Directive 27 review campaigns, through the campaigns app's own services."""
    try:
        from campaigns import services as campaign_services
        from reporting.models import ReportTemplate
    except ImportError:  # an installation without the campaigns app
        return
    template = ReportTemplate.objects.filter(code="d27-review").order_by("-version").first()
    if template is None:
        return
    for province in provinces[:3]:
        actor = province.staff["reporting"][0]
        campaign = campaign_services.campaign_create(
            actor=actor,
            issuer=province.root,
            template=template,
            title=f"Sơ kết thực hiện Chỉ thị số 27-CT/TW ({province.name})",
            date_from=FIRST_DAY,
            date_to=min(until, datetime.date(2024, 6, 30)),
            due_on=until + datetime.timedelta(days=30),
            reference=f"{province.number}-KH/SX",
        )
        recipients = province.communes[:50] + province.departments[:10]
        campaign_services.recipients_add(actor=actor, campaign=campaign, units=recipients)
        campaign_services.campaign_start(actor=actor, campaign=campaign)
        report.counts["campaigns"] += 1
