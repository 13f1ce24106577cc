"""The programme's report figures (``baove.figures``); the counting rules are in ``programme.stats``."""

from django.utils.translation import gettext_lazy as _

from baove.figures import figure, listing
from programme import stats

FIGURES = [
    # Directive 27-CT/TW review, Appendix 1
    (
        "d27.dissemination.sessions",
        _("Directive 27: conferences and training sessions organised by the Party committee"),
        stats.d27_dissemination_sessions,
    ),
    (
        "d27.dissemination.sessions_all",
        _("Directive 27: dissemination sessions, all organisers"),
        stats.d27_dissemination_sessions_all,
    ),
    (
        "d27.dissemination.participants",
        _("Directive 27: officials and Party members taking part in dissemination"),
        stats.d27_dissemination_participants,
    ),
    (
        "d27.dissemination.materials",
        _("Directive 27: materials and publications issued"),
        stats.d27_dissemination_materials,
    ),
    (
        "d27.documents.leadership",
        _("Directive 27: documents issued by Party committees to lead and direct"),
        stats.d27_documents_leadership,
    ),
    (
        "d27.documents.legal_normative",
        _("Directive 27: legal normative documents issued"),
        stats.d27_documents_legal_normative,
    ),
    (
        "d27.inspections.committee",
        _("Directive 27: inspections, supervisions and audits by Party committees and inspection commissions"),
        stats.d27_inspections_committee,
    ),
    (
        "d27.inspections.subordinate",
        _("Directive 27: inspections, supervisions and audits by subordinate bodies"),
        stats.d27_inspections_subordinate,
    ),
    ("d27.propaganda.items", _("Directive 27: propaganda items"), stats.d27_propaganda_items),
    # Regulation 11-QĐi/TW review, Appendix 1
    (
        "r11.dissemination.sessions",
        _("Regulation 11: conferences and training sessions"),
        stats.r11_dissemination_sessions,
    ),
    (
        "r11.dissemination.participants",
        _("Regulation 11: officials and Party members taking part"),
        stats.r11_dissemination_participants,
    ),
    (
        "r11.dissemination.materials",
        _("Regulation 11: materials and publications issued"),
        stats.r11_dissemination_materials,
    ),
    ("r11.documents", _("Regulation 11: documents issued to lead and direct"), stats.r11_documents),
    # Regulation 11-QĐi/TW review, Appendix 3
    (
        "r11.inspections.planned",
        _("Regulation 11: planned inspections and supervisions"),
        stats.r11_inspections_planned,
    ),
    ("r11.inspections.ad_hoc", _("Regulation 11: ad hoc inspections and supervisions"), stats.r11_inspections_ad_hoc),
    ("r11.units.inspected", _("Regulation 11: bodies inspected"), stats.r11_units_inspected),
    ("r11.units.supervised", _("Regulation 11: bodies supervised"), stats.r11_units_supervised),
    (
        "r11.heads.disciplined",
        _("Regulation 11: heads of Party committees violating, disciplined"),
        stats.r11_heads_disciplined,
    ),
    (
        "r11.heads.not_disciplined",
        _("Regulation 11: heads of Party committees violating, not to the level of discipline"),
        stats.r11_heads_not_disciplined,
    ),
]

for key, label, fn in FIGURES:
    figure(key, label, by_level=True)(fn)


# Regulation 11 review, Appendix 4: the documents issued to lead and direct its implementation.
listing(
    "r11.documents.list",
    _("Regulation 11: documents issued to direct its implementation"),
    columns=(_("Issuing body"), _("Number and date"), _("Summary"), _("Note")),
)(stats.r11_documents_list)
