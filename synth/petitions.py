"""Petitions, matters, time limits and protection cases of the synthetic country, batch by batch."""

import bisect
import datetime
import json
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace

from baove.lib import crypto
from baove.lib.text import fold
from cases import receipts
from cases.models import (
    Accused,
    Assignment,
    Channel,
    Competence,
    Complexity,
    Condition,
    Deadline,
    Kind,
    Matter,
    MatterStatus,
    Outcome,
    Petition,
    PetitionKey,
    PublicEvent,
    Status,
    StepKind,
    Subject,
)
from org.models import Unit, UnitKind
from protection.matching import person_id_hash
from protection.models import CaseStatus, Measure, MeasureStatus, Origin, ProtectionCase, ProtectionKey, ProtectionKind
from protection.models import Relationship as ProtectedPerson
from protection.services import _person_payload
from synth import names
from synth.common import DISTRICTS_END, FIRST_DAY, ZONE, Table, at_work, deadline_row, next_id, person_name, pick
from synth.store import save
from synth.tree import Province

# Petitions


CHANNELS = Table(
    {
        Channel.PORTAL: 20,
        Channel.HOTLINE: 8,
        Channel.EMAIL: 7,
        Channel.MAILBOX: 10,
        Channel.POST: 20,
        Channel.IN_PERSON: 15,
        Channel.RECEPTION: 12,
        Channel.FORWARDED: 8,
    }
)
KINDS = Table({Kind.DENUNCIATION: 35, Kind.FEEDBACK: 35, Kind.COMPLAINT: 22, Kind.CRIME_REPORT: 8})
SUBJECTS = Table({Subject.CORRUPTION: 30, Subject.WASTE: 12, Subject.NEGATIVITY: 28, Subject.OTHER: 30})
# What a classified petition becomes.
FATES = Table({"ours": 45, "forward": 15, "guide": 12, "file": 18, "not_processable": 10})
OUTCOMES = Table({Outcome.TRUE: 25, Outcome.PARTLY_TRUE: 35, Outcome.UNTRUE: 40})
PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


class _Receivers:
    """Where petitions arrive, by weight: communes most, districts only until they ended."""

    def __init__(self, provinces: list[Province]):
        before, after = [], []
        for province in provinces:
            weight = 1.0
            entries = [(province.root, 6 * weight), (province.committee, 5 * weight)]
            entries += [(unit, 0.8 * weight) for unit in province.departments]
            entries += [(unit, unit.headcount / 40 * weight) for unit in province.communes]
            after += entries
            before += entries + [(unit, 2.5 * weight) for unit in province.districts]
        self.before = self._table(before)
        self.after = self._table(after)
        self.province_of = {}
        self.divisions = defaultdict(list)
        for province in provinces:
            for unit in [
                province.root,
                province.inspection,
                province.committee,
                *province.departments,
                *province.districts,
                *province.communes,
                *province.divisions,
            ]:
                self.province_of[unit.pk] = province
            for division in province.divisions:
                self.divisions[division.parent_id].append(division)

    @staticmethod
    def _table(entries):
        units, total, cumulative = [], 0.0, []
        for unit, weight in entries:
            total += weight
            units.append(unit)
            cumulative.append(total)
        return units, cumulative

    def pick(self, rng: random.Random, day: datetime.date) -> Unit:
        units, cumulative = self.before if day <= DISTRICTS_END else self.after
        return units[bisect.bisect_left(cumulative, rng.random() * cumulative[-1])]


def arrival_days(rng: random.Random, count: int, until: datetime.date) -> list[datetime.datetime]:
    """Arrival moments, sorted: more each year (half uniform, half growing linearly)."""
    span = (until - FIRST_DAY).days + 1
    moments = []
    for _ in range(count):
        offset = rng.random() * span if rng.random() < 0.5 else math.sqrt(rng.random()) * span
        day = FIRST_DAY + datetime.timedelta(days=min(span - 1, int(offset)))
        moments.append(at_work(rng, day))
    moments.sort()
    return moments


def _content(rng: random.Random, subject: str, unit: Unit) -> str:
    place = unit.name.split(" ", 2)[-1] if unit.kind == UnitKind.PARTY_COMMITTEE else unit.name
    return rng.choice(names.CONTENT[subject]).format(
        position=rng.choice(names.POSITIONS),
        place=place,
        project=rng.choice(names.PROJECTS),
        amount=rng.randrange(50, 5000, 10),
    )


@dataclass
class _OpenMatter:
    pk: int
    opened: datetime.datetime
    anonymous: bool
    accused: str


class PetitionBuilder:
    def __init__(self, *, rng, provinces, staff, until, chain, report, due, recovery_keys, receipts_every):
        self.rng, self.provinces, self.staff, self.until = rng, provinces, staff, until
        self.now = datetime.datetime.combine(until, datetime.time(23, 59), tzinfo=ZONE)
        self.chain, self.report, self.due = chain, report, due
        self.receivers = _Receivers(provinces)
        self.recovery = [("r", key.pk, bytes(key.public_key)) for key in recovery_keys]
        self.receipts_every = receipts_every
        self.next_petition = next_id(Petition)
        self.next_matter = next_id(Matter)
        self.next_case = next_id(ProtectionCase)
        self.open_matters: dict[int, list[_OpenMatter]] = defaultdict(list)
        self.holders_memo: dict[int, list] = {}
        self.protection_cases: list[tuple[int, int, int, datetime.datetime]] = []  # (case, petition, unit, at)
        self.petition_units: list[tuple[int, int, str]] = []  # a sample for incidents: (petition, unit, pseudonym)

    # Who may open the originals of a unit: its intake officer, the province's custodian.
    def holders(self, unit: Unit) -> list:
        if unit.pk not in self.holders_memo:
            province = self.receivers.province_of[unit.pk]
            users = [self.staff.intake.get(unit.pk), *province.staff["custodian"]]
            self.holders_memo[unit.pk] = [
                ("u", self.staff.keys[user.pk].pk, bytes(self.staff.keys[user.pk].public_key))
                for user in users
                if user is not None
            ] + self.recovery
        return self.holders_memo[unit.pk]

    def custodian_holders(self, unit: Unit) -> list:
        province = self.receivers.province_of[unit.pk]
        return [
            ("u", self.staff.keys[user.pk].pk, bytes(self.staff.keys[user.pk].public_key))
            for user in province.staff["custodian"]
        ] + self.recovery

    def pseudonym(self) -> str:
        return "NPA-" + "".join(self.rng.choice(PSEUDONYM_ALPHABET) for _ in range(5))

    def identity(self) -> dict:
        rng = self.rng
        return {
            "full_name": person_name(rng),
            "id_number": f"0{rng.randrange(10**10, 10**11)}",
            "phone": f"09{rng.randrange(10**7, 10**8)}",
            "address": f"Ấp {rng.choice(names.PLACE_SYLLABLES)} {rng.choice(names.PLACE_SYLLABLES)}",
            "email": "",
            "workplace": "",
        }

    def plan(self, moments: list[datetime.datetime]) -> dict:
        """The plain rows of one batch and the sealing jobs for them."""
        rng = self.rng
        batch = SimpleNamespace(
            petitions=[],
            accused=[],
            events=[],
            deadlines=[],
            matters=[],
            assignments=[],
            cases=[],
            measures=[],
            jobs=[],
            case_jobs=[],
            receipts=[],
        )
        for received_at in moments:
            pk = self.next_petition
            self.next_petition += 1
            day = received_at.date()
            unit = self.receivers.pick(rng, day)
            province = self.receivers.province_of[unit.pk]
            concerned = unit
            if unit.kind == UnitKind.DEPARTMENT and self.receivers.divisions[unit.pk] and rng.random() < 0.4:
                concerned = rng.choice(self.receivers.divisions[unit.pk])
            channel = pick(rng, CHANNELS)
            kind, subject = pick(rng, KINDS), pick(rng, SUBJECTS)
            anonymous = rng.random() < (0.5 if channel in (Channel.PORTAL, Channel.MAILBOX) else 0.2)
            identity = None if anonymous else self.identity()
            accused = []
            if rng.random() < 0.85:
                accused.append(
                    {"name": person_name(rng), "position": rng.choice(names.POSITIONS), "unit": concerned.name}
                )
            content = _content(rng, subject, concerned)
            protection = not anonymous and rng.random() < 0.043
            petition = Petition(
                pk=pk,
                reference=f"{received_at.year}-{pk:06d}",
                channel=channel,
                kind=kind,
                subject=subject,
                unit=unit,
                first_unit=unit,
                concerned_unit=concerned,
                received_at=received_at,
                anonymous=anonymous,
                protection_requested=protection,
                pseudonym=self.pseudonym(),
                public_key=b"",
                sealed_original=b"",
            )
            if channel == Channel.FORWARDED:
                petition.forwarded_from = rng.choice(names.OUTSIDE_BODIES)
                petition.forwarded_reference = f"{rng.randrange(100, 9999)}/CV-{received_at.year}"
            first_unit = unit
            self.chain.add(
                action="cases.petition.receive",
                obj_type="cases.petition",
                obj_id=pk,
                unit_id=unit.pk,
                at=received_at,
                details={
                    "reference": petition.reference,
                    "channel": channel,
                    "kind": kind,
                    "subject": subject,
                    "files": 0,
                    "receipt": False,
                    "anonymous": anonymous,
                },
            )
            batch.events.append({"petition_id": pk, "step": PublicEvent.Step.RECEIVED})
            petition.working_content = content  # the matter's summary; blanked below if not registered
            self._handle(batch, petition, province, accused)
            for person in accused:
                batch.accused.append(
                    {
                        "petition_id": pk,
                        "name": person["name"],
                        "position": person["position"],
                        "unit_text": person["unit"][:255],
                    }
                )
            payload = _original_payload(identity, content, accused)
            batch.jobs.append(("petition", pk, payload, "original", self.holders(petition.unit)))
            if self.receipts_every and pk % self.receipts_every == 0:
                batch.receipts.append(pk)
            if petition.status == Status.RECEIVED:
                petition.working_content = ""
            else:
                petition.search_text = fold(f"{petition.reference} {content}")
                petition.working_updated_at = petition.registered_at
            batch.petitions.append(petition)
            if protection:
                self._protection(batch, petition, identity, first_unit)
            if rng.random() < 0.01:
                self.petition_units.append((pk, petition.unit_id, petition.pseudonym))
        return batch

    def _handle(self, batch, petition: Petition, province: Province, accused: list) -> None:
        """Registration, classification, forwarding, the matter and the time limits, as of ``until``."""
        rng, now, due = self.rng, self.now, self.due
        arrival = petition.received_at.date()
        intake = self.staff.intake.get(petition.unit_id) or province.staff["intake"][0]
        hours = rng.expovariate(1 / 20) if rng.random() < 0.97 else rng.uniform(48, 720)  # some wait for weeks
        registered_at = petition.received_at + datetime.timedelta(hours=hours)
        initial_due = due(StepKind.INITIAL_HANDLING, arrival)
        initial = deadline_row(
            petition_id=petition.pk,
            step=StepKind.INITIAL_HANDLING,
            rule=due.rules[StepKind.INITIAL_HANDLING].pk,
            starts_on=arrival,
            due_on=initial_due,
        )
        batch.deadlines.append(initial)
        if registered_at > now:
            return
        petition.status, petition.registered_at, petition.registered_by = Status.REGISTERED, registered_at, intake
        batch.events.append({"petition_id": petition.pk, "step": PublicEvent.Step.REGISTERED})
        allowed = max(1, (initial_due - arrival).days)
        late = rng.random() < 0.08
        delay = allowed + rng.randint(1, 25) if late else rng.randint(1, allowed)
        classified_at = at_work(rng, arrival + datetime.timedelta(days=delay))
        if classified_at <= registered_at:
            classified_at = registered_at + datetime.timedelta(hours=2)
        if classified_at > now:
            return  # still to classify; its limit may already be overdue
        initial["done_on"] = classified_at.date()
        fate = pick(rng, FATES)
        petition.classified_at, petition.classified_by = classified_at, intake
        petition.condition = Condition.NOT_PROCESSABLE if fate == "not_processable" else Condition.PROCESSABLE
        petition.reporter_count = 1 if rng.random() < 0.93 else rng.randint(2, 12)
        if fate == "not_processable":
            petition.status, petition.competence = Status.NOT_PROCESSABLE, Competence.FILE
            petition.condition_reason = "Đơn không rõ nội dung, không đủ điều kiện xử lý."
        elif fate == "file":
            petition.status, petition.competence = Status.FILED, Competence.FILE
        elif fate == "guide":
            petition.status, petition.competence = Status.GUIDED, Competence.GUIDE
            petition.forward_body = rng.choice(names.OUTSIDE_BODIES)
        elif fate == "forward":
            self._forward(batch, petition, province, classified_at, accused)
        else:
            petition.competence = Competence.OURS
            self._matter(batch, petition, province, classified_at, accused)

    def _forward(self, batch, petition, province, at, accused) -> None:
        rng, due = self.rng, self.due
        petition.competence, petition.status, petition.forwarded_at = Competence.FORWARD, Status.FORWARDED, at
        forward = deadline_row(
            petition_id=petition.pk,
            step=StepKind.FORWARD,
            rule=due.rules[StepKind.FORWARD].pk,
            starts_on=petition.received_at.date(),
            due_on=due(StepKind.FORWARD, petition.received_at.date()),
            done_on=at.date(),
        )
        batch.deadlines.append(forward)
        inside = rng.random() < 0.55 and petition.unit_id != province.committee.pk
        if not inside:
            petition.forward_body = rng.choice(names.OUTSIDE_BODIES)
            return
        # Inside the system the petition moves to the competent unit and waits there.
        target = province.committee if petition.unit_id == province.root.pk else province.root
        self.chain.add(
            action="cases.petition.forward",
            obj_type="cases.petition",
            obj_id=petition.pk,
            unit_id=petition.unit_id,
            at=at,
            details={"to_unit": target.code},
        )
        petition.unit, petition.forward_unit = target, target
        arrival = at.date()
        again = deadline_row(
            petition_id=petition.pk,
            step=StepKind.INITIAL_HANDLING,
            rule=due.rules[StepKind.INITIAL_HANDLING].pk,
            starts_on=arrival,
            due_on=due(StepKind.INITIAL_HANDLING, arrival),
        )
        batch.deadlines.append(again)
        classified = at_work(rng, arrival + datetime.timedelta(days=rng.randint(1, 12)))
        if rng.random() < 0.5 or classified > self.now:
            return  # arrived, to classify there
        again["done_on"] = classified.date()
        petition.competence, petition.classified_at = Competence.OURS, classified
        petition.classified_by = self.staff.intake.get(target.pk)
        self._matter(batch, petition, province, classified, accused)

    def _matter(self, batch, petition, province, at, accused) -> None:
        rng, now, due = self.rng, self.now, self.due
        petition.status = Status.IN_MATTER
        name = accused[0]["name"] if accused else ""
        candidates = [
            m
            for m in self.open_matters[petition.unit_id]
            if m.anonymous == petition.anonymous and (at - m.opened).days <= 120
        ]
        if candidates and rng.random() < 0.12:
            duplicate = rng.choice(candidates)
            petition.matter_id = duplicate.pk
            if duplicate.accused and accused:
                accused[0]["name"] = duplicate.accused
            return
        pk = self.next_matter
        self.next_matter += 1
        petition.matter_id = pk
        opened_day = at.date()
        matter = Matter(
            pk=pk,
            reference=f"VV-{at.year}-{pk:06d}",
            unit_id=petition.unit_id,
            kind=petition.kind,
            subject=petition.subject,
            summary=petition.working_content[:300],
            opened_at=at,
            anonymous_check=petition.anonymous,
            status=MatterStatus.CHECKING if petition.anonymous else MatterStatus.AWAITING_DECISION,
            flag_complex=rng.random() < 0.04,
            flag_mass=rng.random() < 0.02,
            flag_over_level=rng.random() < 0.01,
        )
        batch.matters.append(matter)
        pool = self.open_matters[petition.unit_id]
        pool.append(_OpenMatter(pk=pk, opened=at, anonymous=petition.anonymous, accused=name))
        if len(pool) > 40:
            del pool[0]
        handler = rng.choice(province.staff["handler"])
        head = province.staff["deputy"][0]
        decided = at_work(rng, opened_day + datetime.timedelta(days=rng.randint(1, 10)))
        if decided > now:
            return
        if rng.random() < (0.05 if petition.anonymous else 0.1):
            matter.status, matter.refused_reason = MatterStatus.REFUSED, "Không đủ điều kiện thụ lý giải quyết."
            self.chain.add(
                action="cases.matter.refuse",
                obj_type="cases.matter",
                obj_id=pk,
                unit_id=matter.unit_id,
                at=decided,
                details={},
            )
            return
        start = decided.date()
        if not petition.anonymous:
            matter.status, matter.accepted_at = MatterStatus.ACCEPTED, decided
            matter.complexity = pick(
                rng, {Complexity.NORMAL: 85, Complexity.COMPLEX: 12, Complexity.ESPECIALLY_COMPLEX: 3}
            )
            notify = deadline_row(
                matter_id=pk,
                step=StepKind.NOTIFY_ACCEPTANCE,
                rule=due.rules[StepKind.NOTIFY_ACCEPTANCE].pk,
                starts_on=start,
                due_on=due(StepKind.NOTIFY_ACCEPTANCE, start),
                done_on=start,
            )
            batch.deadlines.append(notify)
        resolve = deadline_row(
            matter_id=pk,
            step=StepKind.RESOLVE,
            rule=due.rules[StepKind.RESOLVE].pk,
            starts_on=start,
            due_on=due(StepKind.RESOLVE, start),
        )
        batch.deadlines.append(resolve)
        batch.assignments.append(
            {
                "matter_id": pk,
                "handler_id": handler.pk,
                "assigned_by_id": head.pk,
                "declared_no_conflict_at": decided + datetime.timedelta(days=1),
            }
        )
        allowed = (resolve["due_on"] - start).days
        late = rng.random() < 0.1
        concluded = at_work(
            rng,
            start
            + datetime.timedelta(days=allowed + rng.randint(1, 40) if late else rng.randint(10, max(11, allowed))),
        )
        if concluded > now:
            if matter.status == MatterStatus.ACCEPTED and rng.random() < 0.03:
                matter.status, matter.suspended_at = MatterStatus.SUSPENDED, decided + datetime.timedelta(days=5)
            return
        resolve["done_on"] = concluded.date()
        matter.status, matter.concluded_at, matter.outcome = MatterStatus.CONCLUDED, concluded, pick(rng, OUTCOMES)
        matter.conclusion = "Kết luận nội dung tố cáo, phản ánh theo kết quả xác minh."
        if matter.outcome != Outcome.UNTRUE and rng.random() < 0.3:
            matter.amount_to_recover = rng.randrange(10, 3000) * 1_000_000

    def _protection(self, batch, petition: Petition, identity: dict, unit: Unit) -> None:
        rng, now = self.rng, self.now
        pk = self.next_case
        self.next_case += 1
        requested = petition.received_at + datetime.timedelta(hours=rng.randint(1, 200))
        if requested > now:
            requested = petition.received_at
        requested_day = requested.date()
        due_on = self.due.protection(requested_day)
        kinds = [ProtectionKind.SECRECY] + rng.sample(
            [ProtectionKind.JOB, ProtectionKind.LIFE_HEALTH, ProtectionKind.PROPERTY, ProtectionKind.HONOUR],
            k=rng.randint(0, 2),
        )
        relationship = ProtectedPerson.SELF if rng.random() < 0.8 else ProtectedPerson.SPOUSE
        case = ProtectionCase(
            pk=pk,
            reference=f"BV-{requested.year}-{pk:06d}",
            unit_id=petition.unit_id,
            petition_id=petition.pk,
            origin=pick(rng, {Origin.PORTAL: 30, Origin.STAFF: 55, Origin.URGENT: 5, Origin.INITIATIVE: 10}),
            relationship=relationship,
            kinds_requested=kinds,
            pseudonym=self.pseudonym(),
            requested_at=requested,
            decision_due_on=due_on,
            summary="Người tố cáo lo ngại bị trù dập sau khi gửi đơn.",
            public_key=b"",
            sealed_person=b"",
            id_hash=person_id_hash(identity["id_number"]),
        )
        decided = at_work(rng, requested_day + datetime.timedelta(days=rng.randint(1, 12)))
        if decided <= now:
            case.decided_at, case.decided_by = decided, self.receivers.province_of[unit.pk].staff["deputy"][0]
            case.decided_late = decided.date() > due_on
            granted = rng.random() < 0.82
            case.status = CaseStatus.GRANTED if granted else CaseStatus.REFUSED
            case.decision_reasons = (
                "Có căn cứ cho thấy người tố cáo có nguy cơ bị trù dập."
                if granted
                else ("Không có căn cứ cho thấy nguy cơ bị xâm hại.")
            )
            if granted:
                ended = decided + datetime.timedelta(days=rng.randint(60, 400))
                end_day = ended.date() if ended <= now else None
                if end_day is not None:
                    case.status, case.ended_at, case.end_reason = CaseStatus.ENDED, ended, "Vụ việc đã được kết luận."
                for kind in kinds:
                    batch.measures.append(
                        Measure(
                            case_id=pk,
                            kind=kind,
                            body="Công an tỉnh"
                            if kind in (ProtectionKind.LIFE_HEALTH, ProtectionKind.PROPERTY)
                            else "Cơ quan, đơn vị quản lý người được bảo vệ",
                            starts_on=decided.date(),
                            ends_on=end_day,
                            status=MeasureStatus.ENDED if end_day else MeasureStatus.IN_FORCE,
                        )
                    )
        batch.cases.append(case)
        person = {**identity, "relationship_details": "" if relationship == ProtectedPerson.SELF else "Vợ/chồng"}
        payload = _person_payload(person, "Lo ngại bị điều chuyển công tác, đánh giá thấp sau khi tố cáo.")
        batch.case_jobs.append(("protection", pk, payload, "person", self.custodian_holders(petition.unit)))
        self.protection_cases.append((pk, petition.pk, petition.unit_id, requested))

    def write(self, batch, sealed, case_sealed) -> None:
        for petition, (_pk, public, private, blob, _keys) in zip(batch.petitions, sealed, strict=True):
            petition.public_key, petition.sealed_original = public, blob
            petition._private = private
        save(Matter, batch.matters)
        save(Petition, batch.petitions)
        key_rows = [
            {"petition_id": pk, "sealed_key": blob, ("user_key_id" if kind == "u" else "recovery_key_id"): ident}
            for pk, _public, _private, _blob, keys in sealed
            for kind, ident, blob in keys
        ]
        save(PetitionKey, key_rows)
        save(Accused, batch.accused)
        save(PublicEvent, batch.events)
        save(Deadline, batch.deadlines)
        save(Assignment, batch.assignments)
        for case, (_pk, public, _private, blob, _keys) in zip(batch.cases, case_sealed, strict=True):
            case.public_key, case.sealed_person = public, blob
        save(ProtectionCase, batch.cases)
        case_keys = [
            {"case_id": pk, "sealed_key": blob, ("user_key_id" if kind == "u" else "recovery_key_id"): ident}
            for pk, _public, _private, _blob, keys in case_sealed
            for kind, ident, blob in keys
        ]
        save(ProtectionKey, case_keys)
        save(Measure, batch.measures)
        if batch.receipts:
            self._receipts([p for p in batch.petitions if p.pk in set(batch.receipts)])
        audit = self.chain.flush()
        counts = self.report.counts
        counts["petitions"] += len(batch.petitions)
        counts["petition keys"] += len(key_rows)
        counts["accused"] += len(batch.accused)
        counts["public events"] += len(batch.events)
        counts["deadlines"] += len(batch.deadlines)
        counts["matters"] += len(batch.matters)
        counts["assignments"] += len(batch.assignments)
        counts["protection cases"] += len(batch.cases)
        counts["protection keys"] += len(case_keys)
        counts["measures"] += len(batch.measures)
        counts["audit events"] += audit

    def _receipts(self, petitions) -> None:
        """A receipt for a sample, with the installation's Argon2id parameters (as the portal)."""
        for petition in petitions:
            receipt, salt = receipts.new_receipt(), receipts.new_salt()
            derived = receipts.derive(receipt.secret, salt, receipts.params_string())
            Petition.objects.filter(pk=petition.pk).update(
                receipt_lookup=receipts.lookup_digest(receipt.lookup),
                receipt_salt=salt,
                receipt_verifier=derived.verifier,
                receipt_params=receipts.params_string(),
                receipt_sealed_key=crypto.seal(derived.key, petition._private, context=petition.context("receipt")),
            )
            self.report.counts["receipts"] += 1


def _original_payload(identity, content, accused) -> bytes:
    """What ``cases.services._original_payload`` seals."""
    return json.dumps(
        {"identity": identity, "content": content, "incident_time": "", "incident_place": "", "accused": accused},
        ensure_ascii=False,
    ).encode()
