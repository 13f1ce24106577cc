"""The registry of report figures: every number an official report can show, by a stable key.

Each app declares its figures in ``<app>/figures.py`` (imported by ``autodiscover`` when Django is
ready). A figure is a function ``fn(*, unit, date_from, date_to, level=None) -> int``: ``unit``
stands for its whole subtree (``Unit.path`` prefix), the window holds both days, and ``level`` (an
``AdministrativeLevel.code``, only for figures registered with ``by_level=True``) keeps the records
of units at that level, so that a table can show "Cấp xã", "Cấp huyện" and "Tổng cộng" columns.

The report engine (issue 7) binds template cells to these keys; a key is never renamed once a
template uses it.
"""

import datetime
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    fn: Callable[..., int]
    by_level: bool = False


FIGURES: dict[str, Figure] = {}


@dataclass(frozen=True)
class Listing:
    """A table of rows rather than a number (e.g. the documents issued, Appendix 4 of the Regulation
    11 review): ``fn(*, unit, date_from, date_to) -> list[list[str]]`` under ``columns``."""

    key: str
    label: str
    columns: tuple
    fn: Callable[..., list]


LISTINGS: dict[str, Listing] = {}


def listing(key: str, label, *, columns):
    def register(fn):
        if key in LISTINGS and LISTINGS[key].fn is not fn:
            raise ValueError(f"listing {key!r} is registered twice")
        LISTINGS[key] = Listing(key=key, label=label, columns=tuple(columns), fn=fn)
        return fn

    return register


def figure(key: str, label, *, by_level: bool = False):
    """Decorator: register ``fn`` under ``key`` with a (lazy) label a reporting officer reads."""

    def register(fn):
        if key in FIGURES and FIGURES[key].fn is not fn:
            raise ValueError(f"figure {key!r} is registered twice")
        FIGURES[key] = Figure(key=key, label=label, fn=fn, by_level=by_level)
        return fn

    return register


# One report reads dozens of figures from a handful of selectors (cases.stats.petitions_received
# alone gives 17): inside ``sharing()`` each selector runs once per arguments.
_SHARED: ContextVar[dict | None] = ContextVar("baove_figures_shared", default=None)


@contextmanager
def sharing() -> Iterator[None]:
    """Within the block, the selectors behind figures run once for the same unit and window."""
    if _SHARED.get() is not None:
        yield
        return
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _argument(value):
    pk = getattr(value, "pk", None)
    return (type(value).__name__, pk) if pk is not None else value


def shared(selector: Callable[..., dict]) -> Callable[..., dict]:
    """``selector`` (keyword arguments only), run once per arguments inside ``sharing()``."""

    @functools.wraps(selector)
    def call(**kwargs):
        cache = _SHARED.get()
        if cache is None:
            return selector(**kwargs)
        key = (selector, *sorted((name, _argument(value)) for name, value in kwargs.items()))
        if key not in cache:
            cache[key] = selector(**kwargs)
        return cache[key]

    return call


def from_selector(key: str, label, selector: Callable[..., dict], pick) -> None:
    """Register ``key`` as one number of a selector's result ``selector(unit=…, date_from=…,
    date_to=…)``: ``pick`` is the path of keys to it, or a function of the result."""
    if not callable(pick):
        path = tuple(pick)

        def pick(result):
            for part in path:
                result = result[part]
            return result

    read = shared(selector)

    def compute(*, unit, date_from, date_to) -> int:
        return int(pick(read(unit=unit, date_from=date_from, date_to=date_to)))

    compute.__name__ = compute.__qualname__ = key.replace(".", "_")
    figure(key, label)(compute)


def compute_records(
    key: str, *, unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None
) -> int:
    """The figure from the records alone (no aggregate figure)."""
    spec = FIGURES[key]
    if date_to < date_from:
        raise ValueError("date_to is before date_from")
    if level is not None:
        if not spec.by_level:
            raise ValueError(f"figure {key!r} has no breakdown by administrative level")
        return spec.fn(unit=unit, date_from=date_from, date_to=date_to, level=level)
    return spec.fn(unit=unit, date_from=date_from, date_to=date_to)


# Set by the history app (issue 7): ``adjust(key, *, unit, date_from, date_to, level, value, records)``
# puts aggregate figures in place of records, ``warnings(key, *, unit, date_from, date_to, level)``
# says which aggregates were left out and why.
AGGREGATE_HOOKS: dict[str, Callable] = {}


def compute(key: str, *, unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None) -> int:
    """The figure ``key`` for ``unit`` (its subtree) over the window, optionally for one ``level``.

    Records where they exist, aggregate figures otherwise, never both (``history.aggregates``): the
    aggregates of ``key`` and of ``level`` (blank when ``level`` is None) whose unit is ``unit`` or
    below it and whose period lies entirely within the window are used, and

        result = records(unit, window, level) − Σ records(aggregate's unit, aggregate's period, level)
                 + Σ aggregate's value

    so inside an aggregate's unit subtree and period its value replaces the records. An aggregate
    whose period straddles an edge of the window, or that is entered on a unit above ``unit``, is
    not used; ``aggregate_warnings`` lists them.
    """
    value = compute_records(key, unit=unit, date_from=date_from, date_to=date_to, level=level)
    adjust = AGGREGATE_HOOKS.get("adjust")
    if adjust is None:
        return value
    return adjust(
        key, unit=unit, date_from=date_from, date_to=date_to, level=level, value=value, records=compute_records
    )


def aggregate_warnings(
    key: str, *, unit, date_from: datetime.date, date_to: datetime.date, level: str | None = None
) -> list[str]:
    """Messages about aggregate figures of ``key`` that ``compute`` could not use for this request."""
    warnings = AGGREGATE_HOOKS.get("warnings")
    if warnings is None:
        return []
    return warnings(key, unit=unit, date_from=date_from, date_to=date_to, level=level)


def autodiscover() -> None:
    for config in apps.get_app_configs():
        try:
            import_module(f"{config.name}.figures")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.figures":
                raise
