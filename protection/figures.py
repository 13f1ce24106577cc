"""Report figures of protection (``baove.figures``), read from ``protection.stats``: the people who
requested protection and the people protected, in total and by kind (Directive 27 review, section
II.3), and the decisions taken.

None has a breakdown by administrative level: the selectors count a unit's whole subtree.
"""

from django.utils.translation import gettext_lazy as _

from baove.figures import from_selector
from protection import stats
from protection.models import ProtectionKind


def _register(key: str, label, selector, *path: str) -> None:
    from_selector(key, label, selector, path)


_register("protection.requested.total", _("People who requested protection"), stats.protection_requests, "total")
_register("protection.protected.total", _("People protected"), stats.people_protected, "total")

for _kind, _requested, _protected in (
    (
        ProtectionKind.JOB,
        _("People who requested protection of their job and position"),
        _("People whose job and position were protected"),
    ),
    (
        ProtectionKind.LIFE_HEALTH,
        _("People who requested protection of their life and health"),
        _("People whose life and health were protected"),
    ),
    (
        ProtectionKind.PROPERTY,
        _("People who requested protection of their property"),
        _("People whose property was protected"),
    ),
    (
        ProtectionKind.HONOUR,
        _("People who requested protection of their honour and dignity"),
        _("People whose honour and dignity were protected"),
    ),
):
    _register(f"protection.requested.{_kind}", _requested, stats.protection_requests, "by_kind", _kind)
    _register(f"protection.protected.{_kind}", _protected, stats.people_protected, "by_kind", _kind)

for _key, _label in (
    ("total", _("Protection decisions taken")),
    ("granted", _("Protection decisions: granted")),
    ("refused", _("Protection decisions: refused")),
    ("late", _("Protection decisions taken after their due date")),
):
    _register(f"protection.decisions.{_key}", _label, stats.protection_decisions, _key)
