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
import functools
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.models import Role
from cases.models import AWAITING_DECISION, Assignment, Deadline, Matter, Petition, Status
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
    visible_petitions: QuerySet  # the petitions themselves: a list of petitions starts from it
    visible_matters: QuerySet
    today: datetime.date

    @property
    def petitions(self) -> QuerySet:
        """Their ids, for a condition on another table (``petition__in``)."""
        return self.visible_petitions.values("pk")

    @property
    def matters(self) -> QuerySet:
        return self.visible_matters.values("pk")


def _seen(user, today: datetime.date) -> _Seen:
    return _Seen(
        user=user,
        visible_petitions=permissions.petitions_visible_to(user),
        visible_matters=permissions.matters_visible_to(user),
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


# A list of petitions or matters narrows the visible ones themselves (their conditions are subqueries
# on the same table), never ``pk IN (visible ids)``: PostgreSQL then counts and orders from the
# list's own index instead of first gathering every visible row of the person's units.


# The statuses of ``petition_waiting_idx``, stated outright so that PostgreSQL reads that small index:
# from the OR with ``forward_unit`` alone it does not see that the index applies.
WAITING = (Status.RECEIVED, Status.REGISTERED, Status.FORWARDED)


def _to_classify(seen: _Seen) -> QuerySet:
    return (
        seen.visible_petitions.filter(status__in=WAITING)
        .filter(Q(status__in=(Status.RECEIVED, Status.REGISTERED)) | _ARRIVED)
        .filter(permissions.unit_filter(seen.user, Role.INTAKE, prefix="unit__"))
    )


def _forwarded(seen: _Seen) -> QuerySet:
    return (
        seen.visible_petitions.filter(status=Status.FORWARDED, forwarded_at__isnull=False)
        .exclude(_ARRIVED)
        .filter(permissions.unit_filter(seen.user, Role.INTAKE, Role.HEAD, Role.DEPUTY_HEAD, prefix="unit__"))
    )


def _mine(seen: _Seen) -> QuerySet:
    """The matters of the person's running assignments: those they see (declared free of conflict,
    or in a unit they cover), and those waiting for their declaration (shown masked).

    The condition is checked on the person's running assignments (a few rows, by
    ``assignment_active_idx``), not on the matters: written on the matters as "(visible and
    assigned) or pending", PostgreSQL checked the OR on every matter of the database. Pending
    assignments are running ones, so both forms select the same matters."""
    pending = permissions.pending_assignments(seen.user).values("pk")
    shown = Assignment.objects.filter(handler=seen.user, ended_at__isnull=True).filter(
        Q(matter_id__in=seen.matters) | Q(pk__in=pending)
    )
    return Matter.objects.filter(pk__in=shown.values("matter_id"))


def _decisions(seen: _Seen) -> QuerySet:
    return seen.visible_matters.filter(
        permissions.unit_filter(seen.user, Role.HEAD, Role.DEPUTY_HEAD, prefix="unit__")
    ).filter(AWAITING_DECISION)


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


# Labels of the choices a row shows. ``get_<field>_display`` rebuilt the field's choices for every
# cell, translating each of their labels to hash them: a page of 50 rows translated about 1,500 labels.


@functools.cache
def _choice_labels(model, field: str) -> dict:
    return dict(model._meta.get_field(field).flatchoices)


def with_labels(objects, fields=("channel", "kind", "subject", "status")) -> list:
    """``objects`` (of one model), each with ``labels``: the label of each choice field in ``fields``
    (of those the model has), as ``get_<field>_display`` gives it. Only fields already loaded."""
    for obj in objects:
        model = type(obj)
        obj.labels = {name: _label(model, name, getattr(obj, name)) for name in _choice_fields(model, fields)}
    return objects


@functools.cache
def _choice_fields(model, fields: tuple) -> tuple:
    return tuple(name for name in fields if any(field.name == name for field in model._meta.concrete_fields))


def _label(model, field: str, value):
    return _choice_labels(model, field).get(value, value)


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


def _capped_count_of(queryset: QuerySet) -> Subquery:
    """``capped_count``'s count (up to ``COUNT_CAP`` + 1) as a scalar subquery, for another query of
    the same request to carry: PostgreSQL computes it once (an InitPlan)."""
    first = queryset.order_by().values("pk")[: COUNT_CAP + 1]
    counted = (
        queryset.model.objects.filter(pk__in=first)
        .order_by()
        .annotate(listed=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("listed")
    )
    return Subquery(counted, output_field=IntegerField())


# Numbered pages (the petition list): a bounded count, and only the page's own rows read in full.


@dataclass(frozen=True)
class PageCount:
    """What the pager knows of the whole list: the count, exact up to ``COUNT_CAP`` rows."""

    count: int
    more: bool
    per_page: int

    @property
    def num_pages(self) -> int | None:
        """The number of pages, or None when there are more than ``COUNT_CAP`` rows (not counted)."""
        return None if self.more else max(1, -(-self.count // self.per_page))


class NumberedPage:
    """One numbered page; in templates like Django's ``Page`` (``page_obj.paginator.num_pages``,
    ``has_next``, ``next_page_number``…), but the number of pages is known only up to the cap."""

    def __init__(self, rows: list, number: int, paginator: PageCount, has_next: bool):
        self.object_list, self.number, self.paginator, self._has_next = rows, number, paginator, has_next

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def _page_number(value) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), 10**6)


def _page_rows(queryset: QuerySet, number: int, size: int, *, counted: bool = False) -> tuple[list, int | None]:
    """The rows of page ``number``, and one more when there is a next page; with ``counted``, also
    the number of rows of the whole list (else None).

    The page is found through the keys alone (``pk``, in the list's order), so that PostgreSQL finds
    it in an index (``petition_unit_listing_idx`` holds what the order and the visibility rule read)
    rather than reading every column of each row it skips; then the page's own rows are read by key.
    The first page too: a text search looks at many petitions before it knows the newest matches."""
    start = (number - 1) * size
    total = None
    if counted:
        pairs = list(
            queryset.annotate(listed=Window(Count("pk"))).values_list("pk", "listed")[start : start + size + 1]
        )
        keys = [key for key, _listed in pairs]
        total = pairs[0][1] if pairs else None
    else:
        keys = list(queryset.values_list("pk", flat=True)[start : start + size + 1])
    if not keys:
        return [], total
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
    return [rows[key] for key in keys if key in rows], total


def numbered_page(
    queryset: QuerySet, number, *, size: int, cap: int | None = None, scans_all: bool = False
) -> NumberedPage:
    """Page ``number`` of ``queryset`` (ordered; a missing or bad number is the first page, a number
    past the end the last page) and the count, exact up to ``cap`` (``COUNT_CAP``) rows.

    The count costs a query only when the page does not tell it: a page that is the last one gives
    the exact count, a page reaching beyond the cap says "more". ``scans_all`` says that the database
    must look at every row of the list to find a page anyway (a text search sorts all its matches):
    the count then comes with the page's keys (``COUNT(*) OVER ()``) instead of a query of its own."""
    cap = COUNT_CAP if cap is None else cap
    number = _page_number(number)
    start = (number - 1) * size
    rows, total = _page_rows(queryset, number, size, counted=scans_all)
    if not rows and number > 1:
        # Past the end: count them all (no more than the rows the asked page would have skipped).
        total = queryset.order_by().count()
        number = max(1, -(-total // size))
        start = (number - 1) * size
        rows, _total = _page_rows(queryset, number, size)
    has_next = len(rows) > size
    if total is not None:
        count, more = total, False
    elif not has_next:
        count, more = start + len(rows), False
    elif start + len(rows) > cap:
        count, more = cap, True
    else:
        count, more = capped_count(queryset, cap)
    if count > cap:
        count, more = cap, True
    return NumberedPage(rows[:size], number, PageCount(count=count, more=more, per_page=size), has_next)


def _by_keys(worklist: Worklist, queryset: QuerySet, wanted: list, seen: _Seen) -> list:
    """The rows of ``wanted`` keys, in their order. The keys come from the list, already narrowed to
    what the person sees: the rows are read by key alone (also for an empty page, so that a page
    costs the same queries whatever it holds)."""
    by_keys = Q(pk__in=wanted) if wanted else Q(pk__isnull=True)
    by_key = {row.pk: row for row in _shown(worklist, queryset.model.objects.filter(by_keys), seen)}
    return [by_key[key] for key in wanted if key in by_key]


def worklist_page(
    *, user, name: str, filters: Filters | None = None, cursor: str = "", today: datetime.date, size: int
) -> CursorPage:
    """One page of the list: the rows after ``cursor``, with the link and badges each row needs.

    The first page costs one pass over the list: the keys of its first ``COUNT_CAP`` + 1 rows, in
    order, give both the count and the page's rows, which are then read by key. (Counting, then
    reading the page, made PostgreSQL work out twice what the person sees.) A later page finds its
    keys after the cursor the same way, so that a list of time limits is read from
    ``deadline_open_due_idx`` alone, whatever each row shows."""
    worklist = WORKLISTS[name]
    seen = _seen(user, today)
    queryset = _FILTERS[worklist.rows](_BUILDERS[name](seen), filters or Filters(), seen)
    after = decode_cursor(name, cursor)
    if after is None:
        keys = list(_ordered(worklist.rows, queryset).values_list("pk", flat=True)[: COUNT_CAP + 1])
        count, more = (COUNT_CAP, True) if len(keys) > COUNT_CAP else (len(keys), False)
        rows = _by_keys(worklist, queryset, keys[: size + 1], seen)
    else:
        # The keys after the cursor first (from the list's index alone), with the capped count of the
        # whole list in the same query; then the page's rows by key.
        after_cursor = _ordered(worklist.rows, queryset.filter(_after(worklist.rows, *after)))
        keyed = list(after_cursor.annotate(listed=_capped_count_of(queryset)).values_list("pk", "listed")[: size + 1])
        counted = keyed[0][1] if keyed else queryset.order_by()[: COUNT_CAP + 1].count()
        count, more = (COUNT_CAP, True) if counted > COUNT_CAP else (counted, False)
        rows = _by_keys(worklist, queryset, [key for key, _listed in keyed], seen)
    next_cursor = encode_cursor(name, rows[size - 1]) if len(rows) > size else None
    rows = rows[:size]
    for row in rows:
        row.link = _link(worklist.rows, row)
        if worklist.rows == DEADLINES:
            row.late = row.due_on < today
    if worklist.rows == DEADLINES:
        with_labels(rows, ("step",))
        # The columns of the petition or matter a time limit runs for (``DEADLINE_FIELDS``).
        with_labels([row.matter if row.matter_id else row.petition for row in rows], ("kind", "subject", "status"))
    else:
        with_labels(rows)
    return CursorPage(rows=rows, next_cursor=next_cursor, count=count, more=more)


def worklist_counts(*, user, today: datetime.date) -> list[tuple[Worklist, int, bool]]:
    """(list, count, more) for each list the person has: one capped count each."""
    seen = _seen(user, today)
    result = []
    for worklist in worklists_for(user):
        queryset = _FILTERS[worklist.rows](_BUILDERS[worklist.name](seen), Filters(), seen)
        result.append((worklist, *capped_count(queryset)))
    return result
