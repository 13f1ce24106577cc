"""A synthetic country: units, staff, petitions and everything the reports count, built fast.

``build(units=5000, petitions=1_000_000, seed=1)`` writes a deterministic, realistic dataset for
benchmarks and capacity planning (``manage.py synth``):

- a unit tree under one central root: 34 provinces (Party committee, inspection commission,
  People's Committee, departments and their divisions), districts until 30/6/2025 and communes;
- staff with their roles and vault keys; an intake officer in every receiving unit, custodians,
  heads, handlers, reporting officers, oversight and personnel officers in every province;
- petitions from 01/01/2019 to ``until`` across every channel, kind, subject, status and outcome,
  with duplicates joined to one matter, forwards inside and outside the system, late and overdue
  time limits, assignments, refusals and conclusions;
- about 3 % of petitions with a protection case, 0.5 % with a retaliation incident, a reception
  session for every five petitions, 2 % activities (dissemination, inspections, documents), and a
  few reporting campaigns through ``campaigns.services``.

Identities are never written plainly: each petition gets its own key pair from
``baove.lib.crypto``, its original (identity, content, accused) is sealed to it as
``cases.services.petition_submit`` does, and its private key is sealed for the people entitled to
the originals of its unit and the recovery keys by ``vault.services.seal_for_holders``; protection
cases likewise (``protection.services._person_payload``, ``person_id_hash``). The sealing runs in
worker processes while the main process writes the previous batch. A small sample of petitions
gets a receipt hashed with the installation's Argon2id parameters (``cases.receipts``).

The plain data is deterministic for a given ``seed``, size and ``until`` day; keys and ciphertexts
are random, as they must be. Rows are written by ``synth.store.save`` (COPY on PostgreSQL) with
explicit primary keys; sequences are reset at the end. The audit events the statistics read (a petition's receipt, a
matter's refusal) go on the hash chain through ``synth.chain``.
"""

import datetime
import os
import random
import time

from django.core.management.color import no_style
from django.db import connection, transaction

from accounts.models import Membership, User
from audit.models import AuditEvent
from cases.models import (
    Accused,
    Assignment,
    Deadline,
    Matter,
    Petition,
    PetitionKey,
    PublicEvent,
)
from org.models import Unit
from programme.models import (
    Dissemination,
    Document,
    Inspection,
)
from protection.models import Measure, ProtectionCase, ProtectionKey
from reception.models import ReceptionSession, Visit
from retaliation.models import (
    HeadAccountability,
    Incident,
    Perpetrator,
    Sanction,
)
from synth.activities import build_activities, build_campaigns, build_incidents, build_reception
from synth.chain import Chain
from synth.common import BATCH, FIRST_DAY, ROOT_CODE, AlreadyBuilt, Due, Report, Sealer
from synth.petitions import PetitionBuilder, arrival_days
from synth.tree import build_staff, build_units
from vault.models import RecoveryKey, UserKey
from vault.services import recovery_key_create

# The whole country


def _reset_sequences() -> None:
    models = [
        Unit,
        User,
        Membership,
        UserKey,
        Petition,
        PetitionKey,
        Accused,
        PublicEvent,
        Deadline,
        Matter,
        Assignment,
        ProtectionCase,
        ProtectionKey,
        Measure,
        Incident,
        Perpetrator,
        Sanction,
        HeadAccountability,
        ReceptionSession,
        Visit,
        Document,
        Dissemination,
        Inspection,
        AuditEvent,
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def build(
    *,
    units: int = 5000,
    petitions: int = 1_000_000,
    seed: int = 1,
    until: datetime.date | None = None,
    workers: int | None = None,
    batch: int = BATCH,
    log=print,
) -> Report:
    """Build the country; see the module's docstring. Raises ``AlreadyBuilt`` on a second run."""
    if Unit.objects.filter(code=ROOT_CODE).exists():
        raise AlreadyBuilt(ROOT_CODE)
    until = until or datetime.date.today()  # noqa: DTZ011 (a day, the installation's today)
    if workers is None:
        workers = (os.cpu_count() or 1) if petitions >= 20_000 else 0
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not a secret)
    report = Report()
    started = time.perf_counter()
    if connection.in_atomic_block:
        workers = 0  # the workers fork without the database connection, which a transaction holds
    sealer = Sealer(workers)
    try:
        return _build(rng, report, started, sealer, units=units, petitions=petitions, until=until, batch=batch, log=log)
    finally:
        sealer.close()


def _build(rng, report, started, sealer, *, units, petitions, until, batch, log) -> Report:
    with transaction.atomic():
        root, provinces = build_units(rng, units)
        staff = build_staff(rng, root, provinces, sealer)
        report.counts.update(
            {
                "units": units,
                "accounts": len(staff.users),
                "memberships": len(staff.memberships),
                "vault keys": len(staff.users),
            }
        )
        recovery = list(RecoveryKey.objects.filter(retired_at__isnull=True))
        if not recovery:
            # A recovery key whose private half is thrown away: synthetic data needs no recovery.
            recovery = [recovery_key_create(actor=None, label="synth")[0]]
    log(f"units and staff: {units} units, {len(staff.users)} accounts ({time.perf_counter() - started:.1f} s)")

    due = Due(FIRST_DAY, until)
    chain = Chain()
    builder = PetitionBuilder(
        rng=rng,
        provinces=provinces,
        staff=staff,
        until=until,
        chain=chain,
        report=report,
        due=due,
        recovery_keys=recovery,
        receipts_every=max(1, petitions // 5),
    )
    moments = arrival_days(rng, petitions, until)
    pending = None
    for offset in range(0, len(moments), batch):
        plan = builder.plan(moments[offset : offset + batch])
        futures = (sealer.submit(plan.jobs), sealer.submit(plan.case_jobs))
        if pending is not None:
            _write(builder, *pending)
        pending = (plan, futures)
        done = min(len(moments), offset + batch)
        if done % (batch * 10) == 0 or done == len(moments):
            elapsed = time.perf_counter() - started
            log(f"petitions planned: {done}/{petitions} ({elapsed:.0f} s)")
    if pending is not None:
        _write(builder, *pending)

    with transaction.atomic():
        build_incidents(rng, builder, round(petitions * 0.005), until, staff)
        build_reception(rng, provinces, round(petitions * 0.2), until, report)
        build_activities(rng, provinces, max(10, round(petitions * 0.02)), until, report)
        build_campaigns(provinces, until, report)
        _reset_sequences()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    report.seconds = time.perf_counter() - started
    return report


def _write(builder: PetitionBuilder, plan, futures) -> None:
    sealed, case_sealed = futures[0].get(), futures[1].get()
    with transaction.atomic():
        builder.write(plan, sealed, case_sealed)
