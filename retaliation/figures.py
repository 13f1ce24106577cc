"""Report figures of retaliation, sanctions, heads held answerable, commendations and false reports
(``baove.figures``), read from ``retaliation.stats`` (Directive 27 review, section II.3).

None has a breakdown by administrative level: the selectors count a unit's whole subtree.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from baove.figures import from_selector
from retaliation import stats
from retaliation.models import (
    DisciplineForm,
    FalseReportHandling,
    IncidentStatus,
    RetaliationForm,
    SanctionKind,
)


def _register(key: str, label, selector, *path: str) -> None:
    from_selector(key, label, selector, path)


# Incidents and the people retaliated against.
_register("retaliation.incidents", _("Retaliation incidents reported"), stats.retaliation_incidents, "total")
_register(
    "retaliation.persons",
    _("Reporters (or relatives) retaliated against"),
    stats.retaliation_incidents,
    "persons",
)
_register(
    "retaliation.persons.confirmed",
    _("Reporters (or relatives) retaliated against, confirmed"),
    stats.retaliation_incidents,
    "confirmed_persons",
)
for _value, _choice_label in IncidentStatus.choices:
    _register(
        f"retaliation.incidents.{_value}",
        format_lazy("{}: {}", _("Retaliation incidents by finding"), _choice_label),
        stats.retaliation_incidents,
        "by_finding",
        _value,
    )
for _value, _choice_label in RetaliationForm.choices:
    _register(
        f"retaliation.forms.{_value}",
        format_lazy("{}: {}", _("Retaliation incidents by form"), _choice_label),
        stats.retaliation_incidents,
        "by_form",
        _value,
    )

# Sanctions of those who retaliated.
_register(
    "retaliation.sanctions.total",
    _("Sanctions decided for retaliation"),
    stats.retaliation_sanctions,
    "total",
)
for _value, _choice_label in SanctionKind.choices:
    _register(
        f"retaliation.sanctions.{_value}",
        format_lazy("{}: {}", _("Sanctions decided for retaliation"), _choice_label),
        stats.retaliation_sanctions,
        "by_kind",
        _value,
    )

# Heads held answerable for retaliation they let happen.
_register(
    "retaliation.heads.disciplined",
    _("Heads disciplined for letting retaliation happen"),
    stats.heads_held_answerable,
    "total",
)
for _value, _choice_label in DisciplineForm.choices:
    _register(
        f"retaliation.heads.forms.{_value}",
        format_lazy("{}: {}", _("Heads disciplined for letting retaliation happen"), _choice_label),
        stats.heads_held_answerable,
        "by_form",
        _value,
    )

# Commendations.
for _key, _label in (
    ("total", _("Commendations decided")),
    ("reporters", _("Reporters commended")),
    ("units", _("Units commended for protecting reporters")),
    ("officials", _("Officials commended for protecting reporters")),
):
    _register(f"retaliation.commendations.{_key}", _label, stats.commendations, _key)

# False reports and slander.
_register("retaliation.false_reports.total", _("Reports found deliberately untrue"), stats.false_reports, "total")
for _value, _choice_label in FalseReportHandling.choices:
    _register(
        f"retaliation.false_reports.{_value}",
        format_lazy("{}: {}", _("Reports found deliberately untrue, by handling"), _choice_label),
        stats.false_reports,
        "by_handling",
        _value,
    )
