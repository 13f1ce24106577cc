"""Statistics of petitions, matters and time limits for the official reports (STYLE.md: one function
per indicator family, plain numbers for a unit subtree and a date window).

Every selector takes ``(*, unit, date_from, date_to)``:

- ``unit`` stands for its whole subtree (``Unit.path`` prefix): the unit and every unit below it;
- the window holds both ``date_from`` and ``date_to`` entirely, as days in Asia/Ho_Chi_Minh
  (``settings.TIME_ZONE``): from 00:00 on the first day up to, not including, 00:00 after the last.

They return dicts of plain ints (each breakdown lists every choice, zeros included, so that a report
table keeps its columns) and cost a fixed number of queries whatever the size of the subtree: each
aggregates with ``values().annotate(Count(...))`` and sums the groups in Python.

A petition is counted once in a subtree, however often it moved inside it: forwarding between two
units of the subtree is not a second petition (see ``_petitions``). Petitions count by when they
entered the subtree (``entered_at``): received there, or forwarded there from outside.
"""

import datetime
from collections import Counter
from collections.abc import Iterable

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import (
    Channel,
    Competence,
    Condition,
    Deadline,
    Kind,
    Matter,
    MatterStatus,
    Outcome,
    Petition,
    Status,
    StepKind,
    Subject,
)
from org.models import Unit

# The audit event that dates what the records do not: the refusal of a matter
# (``cases.handling.matter_refuse``).
REFUSE_ACTION = "cases.matter.refuse"
MATTER_OBJECT_TYPE = Matter._meta.label_lower


def _events(action: str, object_type: str, **lookups) -> Exists:
    """Whether the row (``OuterRef("pk")``) has an audit event ``action`` matching ``lookups``."""
    return Exists(
        AuditEvent.objects.filter(
            action=action, object_type=object_type, object_id=Cast(OuterRef("pk"), output_field=CharField()), **lookups
        )
    )


def window(date_from: datetime.date, date_to: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The aware instants ``[start, end)`` covering both days entirely in the installation's time zone."""
    if date_to < date_from:
        raise ValueError("date_to is before date_from")
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end


def _subtree(unit: Unit):
    return Unit.objects.filter(path__startswith=unit.path).values("pk")


def _petitions(unit: Unit):
    """The petitions the subtree received, each once, with ``entered_at``: when it entered the subtree.

    A petition is the subtree's when one of its units received it first (``first_unit``) or holds it
    now (it arrived forwarded, or was routed up). Forwarding moves the petition itself
    (``cases.handling``), so a petition forwarded from A to B counts once for any subtree holding
    both, for A's and for B's own. It entered the subtree when it was received if it was received
    there first, else when it was forwarded there (``forwarded_at``).

    The subtree is a set of unit ids rather than a join on ``Unit.path``: PostgreSQL tests each
    petition against a hashed list of ids, once for each of the two columns.
    """
    received_here_first = Q(first_unit__in=_subtree(unit))
    return Petition.objects.filter(Q(unit__in=_subtree(unit)) | received_here_first).annotate(
        entered_at=Case(
            When(received_here_first, then=F("received_at")),
            When(forwarded_at__isnull=False, then=F("forwarded_at")),
            default=F("received_at"),
        )
    )


def _entered(start: datetime.datetime, end: datetime.datetime) -> Q:
    """Entered the subtree in ``[start, end)`` (on ``_petitions``). A petition enters when it is
    received or later, so ``received_at < end`` adds nothing but an index range: PostgreSQL then
    counts from ``petition_stats_idx`` alone instead of reading the table."""
    return Q(entered_at__gte=start, entered_at__lt=end, received_at__lt=end)


def _breakdown(groups: Iterable[dict], **axes) -> dict:
    """``{"total": n, "by_<axis>": {value: n, ...}, ...}`` from grouped rows carrying ``n``.

    ``axes`` maps each output name to (row field, choices).
    """
    result = {"total": 0}
    tallies = {name: Counter() for name in axes}
    for group in groups:
        result["total"] += group["n"]
        for name, (field, _choices) in axes.items():
            tallies[name][group[field]] += group["n"]
    for name, (_field, choices) in axes.items():
        result[name] = {value: tallies[name][value] for value in choices.values}
    return result


def _grouped(queryset, *fields, **aggregates) -> list[dict]:
    return list(queryset.order_by().values(*fields).annotate(n=Count("pk"), **aggregates))


INTAKE_AXES = {
    "by_kind": ("kind", Kind),
    "by_subject": ("subject", Subject),
    "by_channel": ("channel", Channel),
}


def petitions_received(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Petitions the subtree received in the window (received there, or forwarded there from
    outside): ``total``, ``by_kind``, ``by_subject``, ``by_channel``. Duplicates count each
    (see ``matters_received``). One query."""
    start, end = window(date_from, date_to)
    received = _petitions(unit).filter(_entered(start, end))
    return _breakdown(_grouped(received, "kind", "subject", "channel"), **INTAKE_AXES)


def matters_received(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """What was received, counting duplicates once: a matter counts once however many petitions
    brought it, and a petition not (yet) in a matter counts once by itself. Two queries.

    A matter is received in the window when the first of its petitions to enter the subtree
    entered it in the window; it counts by the matter's kind and subject and by the channel of
    that first petition. So consecutive windows never count a matter twice. Besides ``total`` and
    the breakdowns: ``matters`` and ``single_petitions``, which add up to ``total``.
    """
    start, end = window(date_from, date_to)
    petitions = _petitions(unit)
    firsts = (
        petitions.filter(matter__isnull=False)
        .order_by()
        .values("matter_id")
        .annotate(first=Min("entered_at"))
        .filter(first__gte=start, first__lt=end)
        .values("matter_id")
    )
    first_channel = petitions.filter(matter_id=OuterRef("pk")).order_by("entered_at", "pk").values("channel")[:1]
    matters = _grouped(
        Matter.objects.filter(pk__in=firsts).annotate(channel=Subquery(first_channel, output_field=CharField())),
        "kind",
        "subject",
        "channel",
    )
    singles = _grouped(petitions.filter(_entered(start, end), matter__isnull=True), "kind", "subject", "channel")
    result = _breakdown([*matters, *singles], **INTAKE_AXES)
    result["matters"] = sum(group["n"] for group in matters)
    result["single_petitions"] = sum(group["n"] for group in singles)
    return result


def petitions_classified(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """How the petitions received in the window (as ``petitions_received``) were classified.

    ``by_condition`` and ``by_competence`` as at the end of the window: a petition classified only
    after ``date_to`` is still "pending" there. ``by_status`` is the status today (the model keeps
    no history of statuses). ``reporters`` adds up the number of reporters. One query.
    """
    start, end = window(date_from, date_to)
    later = Q(classified_at__gte=end)
    received = (
        _petitions(unit)
        .filter(_entered(start, end))
        .annotate(
            condition_then=Case(When(later, then=Value(Condition.PENDING)), default=F("condition")),
            competence_then=Case(When(later, then=Value(Competence.PENDING)), default=F("competence")),
        )
    )
    groups = _grouped(received, "condition_then", "competence_then", "status", reporters=Sum("reporter_count"))
    result = _breakdown(
        groups,
        by_condition=("condition_then", Condition),
        by_competence=("competence_then", Competence),
        by_status=("status", Status),
    )
    result["reporters"] = sum(group["reporters"] or 0 for group in groups)
    return result


def matters_handled(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Matters handled by units of the subtree (``Matter.unit``) during the window. One query.

    - ``total``: matters to handle in the window: opened by its end, and neither concluded nor
      refused before its start; of which ``carried_over`` (opened before the window) and
      ``opened`` (in it);
    - ``by_status``: their status today;
    - ``concluded``: concluded in the window, ``by_outcome`` of those; ``refused``: refused in it
      (the refusal's date is that of its audit event: the matter keeps none);
    - ``anonymous_checks``: of ``total``, checks of anonymous denunciations;
      ``anonymous_checks_concluded``: of ``concluded``.
    """
    start, end = window(date_from, date_to)
    handled = (
        Matter.objects.filter(unit__path__startswith=unit.path, opened_at__lt=end)
        .exclude(concluded_at__lt=start)
        .exclude(Q(status=MatterStatus.REFUSED) & Q(_events(REFUSE_ACTION, MATTER_OBJECT_TYPE, created_at__lt=start)))
        .annotate(
            opened_in=Case(When(opened_at__gte=start, then=Value(True)), default=Value(False)),
            concluded_in=Case(
                When(concluded_at__gte=start, concluded_at__lt=end, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            refused_in=_events(REFUSE_ACTION, MATTER_OBJECT_TYPE, created_at__gte=start, created_at__lt=end),
        )
    )
    groups = _grouped(handled, "status", "outcome", "anonymous_check", "opened_in", "concluded_in", "refused_in")
    concluded = [group for group in groups if group["concluded_in"]]
    result = _breakdown(groups, by_status=("status", MatterStatus))
    result.update(
        opened=sum(group["n"] for group in groups if group["opened_in"]),
        carried_over=sum(group["n"] for group in groups if not group["opened_in"]),
        anonymous_checks=sum(group["n"] for group in groups if group["anonymous_check"]),
        concluded=sum(group["n"] for group in concluded),
        refused=sum(group["n"] for group in groups if group["refused_in"]),
        by_outcome=_breakdown(concluded, by_outcome=("outcome", Outcome))["by_outcome"],
        anonymous_checks_concluded=sum(group["n"] for group in concluded if group["anonymous_check"]),
    )
    return result


def deadlines_met(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Time limits of the subtree: ``on_time`` and ``late`` (done in the window, by its due date or
    after it) and ``overdue_open`` (still open at the end of ``date_to`` and past due then, as
    ``cases.deadlines.is_late`` on that day); in total and ``by_step``. One query.

    A time limit belongs to its matter's handling unit, or to its petition's receiving unit when it
    has no matter. Cancelled time limits are left out.
    """
    window(date_from, date_to)  # validates the window
    owned = Q(matter__isnull=False, matter__unit__path__startswith=unit.path) | Q(
        matter__isnull=True, petition__unit__path__startswith=unit.path
    )
    done_in = Q(done_on__gte=date_from, done_on__lte=date_to)
    on_time = done_in & Q(done_on__lte=F("due_on"))
    late = done_in & Q(done_on__gt=F("due_on"))
    overdue_open = Q(starts_on__lte=date_to, due_on__lt=date_to) & (Q(done_on__isnull=True) | Q(done_on__gt=date_to))
    groups = list(
        Deadline.objects.filter(owned, cancelled=False)
        .filter(done_in | overdue_open)
        .order_by()
        .values("step")
        .annotate(
            on_time=Count("pk", filter=on_time),
            late=Count("pk", filter=late),
            overdue_open=Count("pk", filter=overdue_open),
        )
    )
    measures = ("on_time", "late", "overdue_open")
    by_step = {step: dict.fromkeys(measures, 0) for step in StepKind.values}
    for group in groups:
        by_step[group["step"]] = {measure: group[measure] for measure in measures}
    result = {measure: sum(counts[measure] for counts in by_step.values()) for measure in measures}
    result["by_step"] = by_step
    return result


# Added for the official reports (issue 7, reporting app): the Directive 27 review counts petitions
# "tố cáo, phản ánh, tố giác liên quan đến hành vi tham nhũng, lãng phí, tiêu cực" (section II.3),
# which needs kind and subject together; the periodic report counts escalated matters.
WHISTLEBLOWING_KINDS = (Kind.DENUNCIATION, Kind.CRIME_REPORT, Kind.FEEDBACK)
WHISTLEBLOWING_SUBJECTS = (Subject.CORRUPTION, Subject.WASTE, Subject.NEGATIVITY)


def whistleblowing_petitions(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Petitions received in the window (as ``petitions_received``) that denounce, report a crime
    or give feedback (not complaints) about corruption, waste or negativity: ``received``, and
    ``handled``: of those, classified by the end of the window (as ``petitions_classified``).
    One query."""
    start, end = window(date_from, date_to)
    received = _petitions(unit).filter(
        _entered(start, end), kind__in=WHISTLEBLOWING_KINDS, subject__in=WHISTLEBLOWING_SUBJECTS
    )
    handled = Q(classified_at__lt=end) & ~Q(condition=Condition.PENDING)
    groups = _grouped(received, "kind", handled=Count("pk", filter=handled))
    return {
        "received": sum(group["n"] for group in groups),
        "handled": sum(group["handled"] for group in groups),
    }


def matters_escalated(*, unit: Unit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Of the matters handled in the window (as ``matters_handled``), those flagged for the head's
    attention: ``total`` (any flag), ``complex`` (complex, prolonged), ``mass`` (mass delegation),
    ``over_level`` (beyond the unit's level). The flags are today's: the model keeps no history of
    them. One query."""
    start, end = window(date_from, date_to)
    handled = (
        Matter.objects.filter(unit__path__startswith=unit.path, opened_at__lt=end)
        .exclude(concluded_at__lt=start)
        .exclude(Q(status=MatterStatus.REFUSED) & Q(_events(REFUSE_ACTION, MATTER_OBJECT_TYPE, created_at__lt=start)))
    )
    return handled.aggregate(
        total=Count("pk", filter=Q(flag_complex=True) | Q(flag_mass=True) | Q(flag_over_level=True)),
        complex=Count("pk", filter=Q(flag_complex=True)),
        mass=Count("pk", filter=Q(flag_mass=True)),
        over_level=Count("pk", filter=Q(flag_over_level=True)),
    )
