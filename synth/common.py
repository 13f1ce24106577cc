"""What every part of the synthetic country shares: constants, the report, drawing helpers, the
working-day calendar and the sealing workers."""

import bisect
import datetime
import math
import multiprocessing
import random
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.db import connections
from django.db.models import Max
from django.test.utils import override_settings

from baove.lib import crypto
from cases.deadlines import rule_in_force
from cases.models import (
    DayCount,
    StepKind,
)
from synth import names
from vault.services import _seal_private, seal_for_holders
from workcal import workdays

ROOT_CODE = "SX-TW"
FIRST_DAY = datetime.date(2019, 1, 1)
DISTRICTS_END = datetime.date(2025, 6, 30)
ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
# The synthetic accounts' vault keys are sealed by the real code under these cheap parameters
# (recorded in each key row): thousands of accounts at 64 MiB each would take an hour.
SYNTH_KDF = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
SYNTH_PASSWORD = "baove-synth-country-2026"  # noqa: S105 (synthetic accounts of a benchmark database)
BATCH = 5000


class AlreadyBuilt(Exception):
    """The synthetic country is already in this database."""


@dataclass
class Report:
    seconds: float = 0.0
    counts: Counter = field(default_factory=Counter)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


# Sealing (runs in worker processes: crypto only, no database)


def _seal_jobs(jobs):
    """Each job is (prefix, pk, payload, holders): a new key pair, ``payload`` sealed to it under the
    record's context, its private key sealed for each holder (kind, id, public key)."""
    out = []
    for prefix, pk, payload, part, holders in jobs:
        pair = crypto.new_key_pair()
        sealed = crypto.seal_for(payload, pair.public, context=f"{prefix}:{pk}:{part}".encode())
        user_keys = [SimpleNamespace(pk=ident, public_key=public) for kind, ident, public in holders if kind == "u"]
        recovery = [SimpleNamespace(pk=ident, public_key=public) for kind, ident, public in holders if kind == "r"]
        rows = seal_for_holders(
            pair.private, context=f"{prefix}:{pk}:key".encode(), user_keys=user_keys, recovery_keys=recovery
        )
        keys = [
            ("u" if "user_key" in row else "r", (row.get("user_key") or row.get("recovery_key")).pk, row["sealed_key"])
            for row in rows
        ]
        out.append((pk, pair.public, pair.private, sealed, keys))
    return out


def seal_user_keys(user_ids):
    """Each account's key pair, its private half sealed by the vault's own code under SYNTH_KDF."""
    out = []
    with override_settings(VAULT_KDF=SYNTH_KDF):
        for user_id in user_ids:
            pair = crypto.new_key_pair()
            sealed = _seal_private(user_id=user_id, private=pair.private, password=SYNTH_PASSWORD)
            out.append((user_id, pair.public, sealed))
    return out


class Sealer:
    """Seals in ``workers`` processes (0: in this one), keeping the order of the jobs."""

    def __init__(self, workers: int):
        self.pool = None
        if workers > 0:
            connections.close_all()  # the children must not share the parent's database socket
            self.pool = multiprocessing.get_context("fork").Pool(workers)
        self.workers = max(1, workers)

    def submit(self, jobs, fn=None):
        fn = fn or _seal_jobs
        if self.pool is None:
            result = fn(jobs)
            return SimpleNamespace(get=lambda: result)
        size = max(1, math.ceil(len(jobs) / (self.workers * 2)))
        chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
        pending = self.pool.map_async(fn, chunks)
        return SimpleNamespace(get=lambda: [row for chunk in pending.get() for row in chunk])

    def close(self):
        if self.pool is not None:
            self.pool.close()
            self.pool.join()


# Helpers


def next_id(model) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def aware(day: datetime.date, seconds: float) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZONE) + datetime.timedelta(seconds=seconds)


def at_work(rng: random.Random, day: datetime.date) -> datetime.datetime:
    return aware(day, rng.uniform(7 * 3600, 17 * 3600))


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(names.FAMILY)} {rng.choice(names.MIDDLE)} {rng.choice(names.GIVEN)}"


class Table(dict):
    """Choices with their weights, drawn fast (one bisection)."""

    def __init__(self, weights: dict):
        super().__init__(weights)
        self.keys_, self.cumulative = list(weights), []
        total = 0
        for weight in weights.values():
            total += weight
            self.cumulative.append(total)

    def pick(self, rng: random.Random):
        return self.keys_[bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


def pick(rng: random.Random, table: dict):
    """A key of ``table`` drawn with the table's values as weights."""
    if isinstance(table, Table):
        return table.pick(rng)
    return rng.choices(list(table), weights=list(table.values()))[0]


def deadline_row(**values) -> dict:
    """A ``cases.Deadline`` row: ``rule`` is the rule's pk."""
    values["rule_id"] = values.pop("rule")
    return values


class Due:
    """The due date of a time limit, as ``cases.deadlines.due_date`` gives it for the rule in force,
    on the working-day calendar of ``workcal.workdays`` with the ``CalendarDay`` table read once for
    the whole period (``due_date`` reads it on every call: 15,000 queries at national scale)."""

    def __init__(self, first: datetime.date, last: datetime.date):
        self.rules = {step: rule_in_force(step) for step in StepKind.values}
        self.first, self.last = first - datetime.timedelta(days=30), last + datetime.timedelta(days=800)
        overrides = workdays._load_overrides(self.first, self.last)
        span = (self.last - self.first).days + 1
        self.working = [workdays._is_working(self.first + datetime.timedelta(days=n), overrides) for n in range(span)]
        self.memo = {}

    def is_working(self, day: datetime.date) -> bool:
        return self.working[(day - self.first).days]

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        day = start
        while n > 0:
            day += datetime.timedelta(days=1)
            n -= self.is_working(day)
        return day

    def __call__(self, step: str, start: datetime.date) -> datetime.date:
        key = (step, start)
        if key not in self.memo:
            rule = self.rules[step]
            if rule.count == DayCount.WORKING:
                due = self.add_working_days(start, rule.days)
            else:
                due = start + datetime.timedelta(days=rule.days)
                while not self.is_working(due):
                    due += datetime.timedelta(days=1)
            self.memo[key] = due
        return self.memo[key]

    def protection(self, start: datetime.date) -> datetime.date:
        """The protection decision's limit (``protection.services.protection_open``)."""
        return self.add_working_days(start, settings.PROTECTION_DECISION_WORKING_DAYS)
