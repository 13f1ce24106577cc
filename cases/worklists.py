"""Worklists: what each person has to do next, as lists of petitions, matters or time limits.

Every list starts from ``permissions.petitions_visible_to`` / ``matters_visible_to``, so the
conflict-of-interest exclusions hold in every row, search and count. A list is only ever narrowed
further: by its own condition (the person's role in the row's unit), then by the filters.

Lists page by keyset, never by OFFSET: rows are ordered by (date, pk) and the ``cursor`` carries the
last row's key, signed. Counts are exact up to ``COUNT_CAP`` only, so a long list stays fast.

A handler whose assignment still waits for the declaration of no conflict of interest sees nothing
of that matter but its number (``permissions.pending_assignments``): in "Assigned to me" such a row
is "masked" (the number and the way to the declaration only), and any filter leaves it out, so
that filtering cannot reveal what the row hides. The other lists do not hold it at all.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.models import Role
from cases.models import Assignment, Deadline, Matter, MatterStatus, Petition, Status
from cases.selectors import petition_search
from org.models import Unit
from workcal.workdays import add_working_days

PETITIONS, MATTERS, DEADLINES = "petitions", "matters", "deadlines"
# Beyond this many rows a list says "more than ...": counting a million rows is not worth its time.
COUNT_CAP = 1000
CURSOR_SALT = "cases.worklists.cursor"
CURSOR_MAX_LENGTH = 300


@dataclass(frozen=True)
class Worklist:
    name: str
    label: str
    rows: str  # PETITIONS, MATTERS or DEADLINES
    roles: tuple[str, ...]  # the list is there for whoever holds one of these roles somewhere


WORKLISTS = {
    worklist.name: worklist
    for worklist in (
        Worklist("to_classify", _("To register and classify"), PETITIONS, (Role.INTAKE,)),
        Worklist("mine", _("Assigned to me"), MATTERS, (Role.HANDLER,)),
        Worklist("due_soon", _("Due soon"), DEADLINES, permissions.PETITION_ROLES),
        Worklist("overdue", _("Overdue"), DEADLINES, permissions.PETITION_ROLES),
        Worklist(
            "forwarded", _("Forwarded, awaiting an answer"), PETITIONS, (Role.INTAKE, Role.HEAD, Role.DEPUTY_HEAD)
        ),
        Worklist("decisions", _("Awaiting a decision"), MATTERS, (Role.HEAD, Role.DEPUTY_HEAD)),
    )
}
# Keyset order of each kind of row: (field, descending).
ORDER = {PETITIONS: ("received_at", True), MATTERS: ("opened_at", True), DEADLINES: ("due_on", False)}


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    subject: str = ""
    channel: str = ""
    status: str = ""  # a petition status or a matter status (their values differ)
    unit: Unit | None = None
    received_from: datetime.date | None = None  # a matter's date is its opening
    received_to: datetime.date | None = None
    overdue: bool | None = None
    query: str = ""

    @property
    def active(self) -> bool:
        return any(value not in ("", None) for value in vars(self).values())


@dataclass(frozen=True)
class CursorPage:
    rows: list
    next_cursor: str | None
    count: int  # exact when not ``more``
    more: bool  # more than ``COUNT_CAP`` rows


def worklists_for(user) -> list[Worklist]:
    return [worklist for worklist in WORKLISTS.values() if has_worklist(user, worklist)]


def has_worklist(user, worklist: Worklist) -> bool:
    return permissions.has_role_anywhere(user, *worklist.roles)


# What the person sees, computed once per call (each visibility helper reads the person's relations).


@dataclass(frozen=True)
class _Seen:
    user: object
    petitions: QuerySet  # ids
    matters: QuerySet  # ids
    today: datetime.date


def _seen(user, today: datetime.date) -> _Seen:
    return _Seen(
        user=user,
        petitions=permissions.petitions_visible_to(user).values("pk"),
        matters=permissions.matters_visible_to(user).values("pk"),
        today=today,
    )


def _open_deadlines():
    return Deadline.objects.filter(done_on__isnull=True, cancelled=False)


def _late_deadlines(today: datetime.date):
    return _open_deadlines().filter(due_on__lt=today)


# The lists


# Forwarding inside the system moves the petition to ``forward_unit`` (``cases.handling``): there it
# waits for classification; a petition forwarded to an outside body stays where it was.
_ARRIVED = Q(status=Status.FORWARDED, forward_unit=F("unit"))


def _to_classify(seen: _Seen) -> QuerySet:
    return (
        Petition.objects.filter(pk__in=seen.petitions)
        .filter(Q(status__in=(Status.RECEIVED, Status.REGISTERED)) | _ARRIVED)
        .filter(permissions.unit_filter(seen.user, Role.INTAKE, prefix="unit__"))
    )


def _forwarded(seen: _Seen) -> QuerySet:
    return (
        Petition.objects.filter(pk__in=seen.petitions, status=Status.FORWARDED, forwarded_at__isnull=False)
        .exclude(_ARRIVED)
        .filter(permissions.unit_filter(seen.user, Role.INTAKE, Role.HEAD, Role.DEPUTY_HEAD, prefix="unit__"))
    )


def _mine(seen: _Seen) -> QuerySet:
    active = Assignment.objects.filter(matter=OuterRef("pk"), handler=seen.user, ended_at__isnull=True)
    pending = permissions.pending_assignments(seen.user).values("matter_id")
    return Matter.objects.filter((Q(pk__in=seen.matters) & Q(Exists(active))) | Q(pk__in=pending))


def _decisions(seen: _Seen) -> QuerySet:
    escalated = Q(flag_complex=True) | Q(flag_mass=True) | Q(flag_over_level=True)
    still_open = ~Q(status__in=(MatterStatus.CONCLUDED, MatterStatus.REFUSED))
    return (
        Matter.objects.filter(pk__in=seen.matters)
        .filter(permissions.unit_filter(seen.user, Role.HEAD, Role.DEPUTY_HEAD, prefix="unit__"))
        .filter(Q(status=MatterStatus.AWAITING_DECISION) | (escalated & still_open))
    )


def _deadlines(seen: _Seen) -> QuerySet:
    return (
        _open_deadlines()
        .filter(Q(petition__isnull=True) | Q(petition__in=seen.petitions))
        .filter(Q(matter__isnull=True) | Q(matter__in=seen.matters))
    )


def _due_soon(seen: _Seen) -> QuerySet:
    last = add_working_days(seen.today, settings.NOTIFY_DUE_SOON_WORKING_DAYS)
    return _deadlines(seen).filter(due_on__gte=seen.today, due_on__lte=last)


def _overdue(seen: _Seen) -> QuerySet:
    return _deadlines(seen).filter(due_on__lt=seen.today)


_BUILDERS = {
    "to_classify": _to_classify,
    "mine": _mine,
    "due_soon": _due_soon,
    "overdue": _overdue,
    "forwarded": _forwarded,
    "decisions": _decisions,
}


# Filters, one set for each kind of row


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _dates(field: str, filters: Filters) -> Q:
    condition = Q()
    if filters.received_from is not None:
        condition &= Q(**{f"{field}__gte": _day_start(filters.received_from)})
    if filters.received_to is not None:
        condition &= Q(**{f"{field}__lt": _day_start(filters.received_to + datetime.timedelta(days=1))})
    return condition


def _filter_petitions(queryset: QuerySet, filters: Filters, seen: _Seen) -> QuerySet:
    exact = {"kind": filters.kind, "subject": filters.subject, "channel": filters.channel, "status": filters.status}
    queryset = queryset.filter(**{name: value for name, value in exact.items() if value})
    if filters.unit is not None:
        queryset = queryset.filter(unit__path__startswith=filters.unit.path)
    queryset = queryset.filter(_dates("received_at", filters))
    if filters.overdue is not None:
        late = Exists(_late_deadlines(seen.today).filter(petition=OuterRef("pk")))
        queryset = queryset.filter(late) if filters.overdue else queryset.exclude(late)
    if filters.query.strip():
        queryset = queryset.filter(petition_search(filters.query))
    return queryset


def _matter_text(query: str, matter_ref: str) -> Exists:
    return Exists(Petition.objects.filter(matter=OuterRef(matter_ref)).filter(petition_search(query)))


def _filter_matters(queryset: QuerySet, filters: Filters, seen: _Seen) -> QuerySet:
    exact = {"kind": filters.kind, "subject": filters.subject, "status": filters.status}
    queryset = queryset.filter(**{name: value for name, value in exact.items() if value})
    if filters.channel:
        queryset = queryset.filter(Exists(Petition.objects.filter(matter=OuterRef("pk"), channel=filters.channel)))
    if filters.unit is not None:
        queryset = queryset.filter(unit__path__startswith=filters.unit.path)
    queryset = queryset.filter(_dates("opened_at", filters))
    if filters.overdue is not None:
        late = Exists(_late_deadlines(seen.today).filter(matter=OuterRef("pk")))
        queryset = queryset.filter(late) if filters.overdue else queryset.exclude(late)
    if filters.query.strip():
        queryset = queryset.filter(_matter_text(filters.query, "pk") | Q(reference=filters.query.strip()))
    if filters.active:
        queryset = queryset.filter(pk__in=seen.matters)
    return queryset


def _owner(**lookups) -> Q:
    """A time limit's owner: its matter, or its petition when it has no matter."""
    on_matter = Q(matter__isnull=False, **{f"matter__{name}": value for name, value in lookups.items()})
    on_petition = Q(matter__isnull=True, **{f"petition__{name}": value for name, value in lookups.items()})
    return on_matter | on_petition


def _filter_deadlines(queryset: QuerySet, filters: Filters, seen: _Seen) -> QuerySet:
    exact = {"kind": filters.kind, "subject": filters.subject, "status": filters.status}
    for name, value in exact.items():
        if value:
            queryset = queryset.filter(_owner(**{name: value}))
    if filters.channel:
        in_matter = Exists(Petition.objects.filter(matter=OuterRef("matter_id"), channel=filters.channel))
        queryset = queryset.filter(
            Q(matter__isnull=True, petition__channel=filters.channel) | (Q(matter__isnull=False) & in_matter)
        )
    if filters.unit is not None:
        queryset = queryset.filter(_owner(unit__path__startswith=filters.unit.path))
    if filters.received_from is not None or filters.received_to is not None:
        queryset = queryset.filter(
            (Q(matter__isnull=False) & _dates("matter__opened_at", filters))
            | (Q(matter__isnull=True) & _dates("petition__received_at", filters))
        )
    if filters.overdue is not None:
        late = Q(due_on__lt=seen.today)
        queryset = queryset.filter(late if filters.overdue else ~late)
    if query := filters.query.strip():
        queryset = queryset.filter(
            (Q(matter__isnull=True) & petition_search(query, prefix="petition__"))
            | (Q(matter__isnull=False) & (_matter_text(query, "matter_id") | Q(matter__reference=query)))
        )
    return queryset


_FILTERS = {PETITIONS: _filter_petitions, MATTERS: _filter_matters, DEADLINES: _filter_deadlines}


# Rows as shown


PETITION_FIELDS = (
    "reference",
    "received_at",
    "channel",
    "kind",
    "subject",
    "status",
    "pseudonym",
    "forwarded_at",
    "forward_body",
    "unit__name",
    "forward_unit__name",
)
MATTER_FIELDS = (
    "reference",
    "opened_at",
    "kind",
    "subject",
    "status",
    "summary",
    "flag_complex",
    "flag_mass",
    "flag_over_level",
    "unit__name",
)
DEADLINE_FIELDS = (
    "step",
    "due_on",
    "petition__reference",
    "petition__kind",
    "petition__subject",
    "petition__status",
    "petition__unit__name",
    "matter__reference",
    "matter__kind",
    "matter__subject",
    "matter__status",
    "matter__unit__name",
)


def _shown(worklist: Worklist, queryset: QuerySet, seen: _Seen) -> QuerySet:
    """Only the columns a row shows (never the sealed parts), and what its badges need."""
    rows, today = worklist.rows, seen.today
    if rows == PETITIONS:
        late = Exists(_late_deadlines(today).filter(petition=OuterRef("pk")))
        return queryset.select_related("unit", "forward_unit").only(*PETITION_FIELDS).annotate(late=late)
    if rows == MATTERS:
        queryset = (
            queryset.select_related("unit")
            .only(*MATTER_FIELDS)
            .annotate(late=Exists(_late_deadlines(today).filter(matter=OuterRef("pk"))))
        )
        if worklist.name == "mine":
            # In the list only through an assignment awaiting the declaration.
            queryset = queryset.annotate(masked=ExpressionWrapper(~Q(pk__in=seen.matters), output_field=BooleanField()))
        else:
            queryset = queryset.annotate(masked=Value(False))
        return queryset
    return queryset.select_related("petition", "petition__unit", "matter", "matter__unit").only(*DEADLINE_FIELDS)


def _link(rows: str, row) -> str:
    if rows == PETITIONS:
        return reverse("cases:petition_detail", args=[row.pk])
    if rows == MATTERS:
        # Awaiting the declaration too: the matter page alone offers it; its petitions stay closed.
        return reverse("cases:matter_detail", args=[row.pk])
    if row.matter_id:
        return reverse("cases:matter_detail", args=[row.matter_id])
    return reverse("cases:petition_detail", args=[row.petition_id])


# Keyset pages


def _key(value) -> str:
    return value.isoformat()


def encode_cursor(name: str, row) -> str:
    field, _descending = ORDER[WORKLISTS[name].rows]
    return signing.dumps([name, _key(getattr(row, field)), row.pk], salt=CURSOR_SALT)


def decode_cursor(name: str, token: str):
    """The (key, pk) after which the page starts, or None for the first page (also for a bad cursor)."""
    if not token or len(token) > CURSOR_MAX_LENGTH:
        return None
    try:
        list_name, key, pk = signing.loads(token, salt=CURSOR_SALT)
        if list_name != name or type(pk) is not int or not isinstance(key, str):
            return None
        if WORKLISTS[name].rows == DEADLINES:
            return datetime.date.fromisoformat(key), pk
        moment = datetime.datetime.fromisoformat(key)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (moment, pk) if moment.tzinfo is not None else None


def _after(rows: str, key, pk: int) -> Q:
    field, descending = ORDER[rows]
    beyond = "lt" if descending else "gt"
    return Q(**{f"{field}__{beyond}": key}) | Q(**{field: key, f"pk__{beyond}": pk})


def _ordered(rows: str, queryset: QuerySet) -> QuerySet:
    field, descending = ORDER[rows]
    return queryset.order_by(f"-{field}", "-pk") if descending else queryset.order_by(field, "pk")


def capped_count(queryset: QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """(count, more): the exact count up to ``cap`` rows; beyond, (cap, True). One query."""
    cap = COUNT_CAP if cap is None else cap
    counted = queryset.order_by()[: cap + 1].count()
    return (cap, True) if counted > cap else (counted, False)


def worklist_page(
    *, user, name: str, filters: Filters | None = None, cursor: str = "", today: datetime.date, size: int
) -> CursorPage:
    """One page of the list: the rows after ``cursor``, with the link and badges each row needs."""
    worklist = WORKLISTS[name]
    seen = _seen(user, today)
    queryset = _FILTERS[worklist.rows](_BUILDERS[name](seen), filters or Filters(), seen)
    count, more = capped_count(queryset)
    after = decode_cursor(name, cursor)
    if after is not None:
        queryset = queryset.filter(_after(worklist.rows, *after))
    rows = list(_ordered(worklist.rows, _shown(worklist, queryset, seen))[: size + 1])
    next_cursor = encode_cursor(name, rows[size - 1]) if len(rows) > size else None
    rows = rows[:size]
    for row in rows:
        row.link = _link(worklist.rows, row)
        if worklist.rows == DEADLINES:
            row.late = row.due_on < today
    return CursorPage(rows=rows, next_cursor=next_cursor, count=count, more=more)


def worklist_counts(*, user, today: datetime.date) -> list[tuple[Worklist, int, bool]]:
    """(list, count, more) for each list the person has: one capped count each."""
    seen = _seen(user, today)
    result = []
    for worklist in worklists_for(user):
        queryset = _FILTERS[worklist.rows](_BUILDERS[worklist.name](seen), Filters(), seen)
        result.append((worklist, *capped_count(queryset)))
    return result
