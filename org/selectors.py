import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import Membership
from accounts.permissions import visible_units
from baove.lib.text import fold
from org.models import AdministrativeLevel, Unit

STATUS_ACTIVE = "active"
STATUS_ENDED = "ended"


@dataclass(frozen=True)
class UnitListing:
    """The ids of the matching units in tree order, and the depth of the shallowest of them."""

    ids: list[int]
    base_depth: int


def unit_listing(
    *,
    user,
    query: str = "",
    kind: str = "",
    level: AdministrativeLevel | None = None,
    status: str = "",
    today: datetime.date,
) -> UnitListing:
    """The units ``user`` may see that match the filters, in one light query.

    The search ignores case and Vietnamese diacritics ("hoa binh" finds "Hòa Bình"); it runs in Python over
    codes and names, which is fine for the few thousand units of a province.
    """
    units = visible_units(user)
    if kind:
        units = units.filter(kind=kind)
    if level is not None:
        units = units.filter(level=level)
    if status == STATUS_ACTIVE:
        units = units.active_on(today)
    elif status == STATUS_ENDED:
        units = units.filter(valid_to__lt=today)
    rows = list(units.values_list("pk", "code", "name", "depth", "path"))
    needle = fold(query)
    if needle:
        rows = [row for row in rows if needle in fold(row[1]) or needle in fold(row[2])]
    # Sorted here rather than by the database: under a linguistic collation (PostgreSQL with e.g.
    # vi_VN.UTF-8) "/1/21/" sorts between "/1/2/" and "/1/2/3/", which would break the tree apart.
    rows.sort(key=lambda row: tree_key(row[4]))
    return UnitListing(ids=[row[0] for row in rows], base_depth=min((row[3] for row in rows), default=0))


def tree_key(path: str) -> list[int]:
    """Sort key that puts every unit right after its parent: "/1/5/23/" → [1, 5, 23]."""
    return [int(part) for part in path.strip("/").split("/") if part]


def units_in_order(ids: list[int]) -> list[Unit]:
    """The units of one page, with their level, in the order of ``ids``."""
    units = Unit.objects.select_related("level").in_bulk(ids)
    return [units[pk] for pk in ids if pk in units]


def unit_children(*, user, unit: Unit) -> QuerySet[Unit]:
    return visible_units(user).filter(parent=unit).select_related("level").order_by("name", "code")


def unit_role_holders(*, unit: Unit) -> QuerySet[Membership]:
    """The roles held in ``unit`` itself today (not those inherited from a parent's subtree role)."""
    return Membership.objects.active().filter(unit=unit).select_related("user").order_by("role", "user__username")
