"""The reception figures of the official reports (Appendix 2 of the Regulation 11-QĐi/TW review).

Every key breaks down by administrative level; see ``reception.stats`` for the definitions.
"""

from django.utils.translation import gettext_lazy as _

from baove.figures import figure
from reception import stats

FIGURES = (
    ("reception.sessions.scheduled", _("Reception sessions held: scheduled"), stats.sessions_scheduled),
    ("reception.sessions.ad_hoc", _("Reception sessions held: ad hoc"), stats.sessions_ad_hoc),
    ("reception.visitors.scheduled", _("People received at scheduled sessions"), stats.visitors_scheduled),
    ("reception.visitors.ad_hoc", _("People received at ad hoc sessions"), stats.visitors_ad_hoc),
    ("reception.delegations", _("Mass delegations received"), stats.delegations),
    ("reception.cases.complex_prolonged", _("Complex or prolonged cases received"), stats.complex_prolonged),
    ("reception.cases.refused", _("Cases refused"), stats.refused),
    (
        "reception.cases.degradation.handled",
        _("Cases about degradation, “self-evolution”, “self-transformation”: handled or handling directed"),
        stats.degradation_handled,
    ),
    (
        "reception.cases.degradation.unhandled",
        _("Cases about degradation, “self-evolution”, “self-transformation”: not yet handled"),
        stats.degradation_unhandled,
    ),
    (
        "reception.cases.competent.resolved_closed",
        _("Cases within the authority to handle: handled, no further feedback"),
        stats.competent_resolved_closed,
    ),
    (
        "reception.cases.competent.resolved_continuing",
        _("Cases within the authority to handle: handled, still pursued"),
        stats.competent_resolved_continuing,
    ),
    (
        "reception.cases.competent.in_progress",
        _("Cases within the authority to handle: being handled"),
        stats.competent_in_progress,
    ),
    ("reception.cases.directed", _("Cases within the authority to direct: handling directed"), stats.directed),
    (
        "reception.cases.directed.complex_mass",
        _("Cases within the authority to direct: mass, complex or prolonged"),
        stats.directed_complex_mass,
    ),
    (
        "reception.cases.directed.exploited",
        _("Cases within the authority to direct: exploited or incited"),
        stats.directed_exploited,
    ),
    ("reception.cases.guided", _("Cases not within the authority: visitors guided"), stats.guided),
    ("reception.head_days", _("Days the head received citizens in person"), stats.head_days),
)

for key, label, fn in FIGURES:
    figure(key, label, by_level=True)(fn)
