"""Changing a legal time limit: a new version of the rule, never an edit of the old one.

A deadline keeps the rule it started under (``Deadline.rule``), so a change applies only to steps
started once it is in force (``cases.deadlines.rule_in_force``).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from cases.models import DayCount, DeadlineRule, StepKind

MIN_DAYS, MAX_DAYS = 1, 365
# A time typed in a form is a little in the past by the time it is saved.
PAST_TOLERANCE = datetime.timedelta(minutes=5)


def rules_by_step(now: datetime.datetime | None = None) -> list[dict]:
    """Every step with its rule in force (None if none yet), its scheduled and past versions, newest first."""
    now = now or timezone.now()
    versions: dict[str, list[DeadlineRule]] = {step: [] for step in StepKind.values}
    for rule in DeadlineRule.objects.select_related("created_by").order_by("step", "-valid_from", "-pk"):
        versions.setdefault(rule.step, []).append(rule)
    steps = []
    for step, label in StepKind.choices:
        rules = versions[step]
        in_force = next((rule for rule in rules if rule.valid_from <= now), None)
        for rule in rules:
            rule.state = "scheduled" if rule.valid_from > now else ("in_force" if rule is in_force else "replaced")
        steps.append({"step": step, "label": label, "in_force": in_force, "versions": rules})
    return steps


def _snapshot(rule: DeadlineRule) -> dict:
    return {
        "days": rule.days,
        "count": rule.count,
        "starts": rule.starts,
        "valid_from": rule.valid_from.isoformat(),
        "note": rule.note,
    }


@transaction.atomic
def deadline_rule_change(
    *,
    actor,
    step: str,
    days: int,
    count: str,
    starts: str,
    note: str,
    valid_from: datetime.datetime | None = None,
) -> DeadlineRule:
    """Add a version of ``step``'s rule, in force from ``valid_from`` (now if None, never in the past)."""
    now = timezone.now()
    starts, note = (starts or "").strip(), (note or "").strip()
    errors: dict[str, str] = {}
    if step not in StepKind.values:
        errors["step"] = _("Choose a step from the list.")
    if not isinstance(days, int) or not MIN_DAYS <= days <= MAX_DAYS:
        errors["days"] = _("The limit is between %(min)d and %(max)d days.") % {"min": MIN_DAYS, "max": MAX_DAYS}
    if count not in DayCount.values:
        errors["count"] = _("Choose working days or calendar days.")
    if not starts:
        errors["starts"] = _("Say what starts the clock.")
    elif len(starts) > DeadlineRule._meta.get_field("starts").max_length:
        errors["starts"] = _("Keep it to 200 characters.")
    if not note:
        errors["note"] = _("Give the legal basis of the change.")
    if valid_from is None or now - PAST_TOLERANCE <= valid_from < now:
        valid_from = now
    elif valid_from < now:
        errors["valid_from"] = _("A rule cannot come into force in the past: choose today or a later date.")
    if errors:
        raise ValidationError(errors)

    previous = DeadlineRule.objects.filter(step=step, valid_from__lte=valid_from).order_by("-valid_from", "-pk").first()
    rule = DeadlineRule.objects.create(
        step=step, days=days, count=count, starts=starts, note=note, valid_from=valid_from, created_by=actor
    )
    details = {"step": step, **_snapshot(rule)}
    if previous is not None:
        details["before"] = _snapshot(previous)
    audit_record(actor=actor, action="cases.rule.change", obj=rule, reason=note, details=details)
    return rule
