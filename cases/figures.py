"""Report figures of petitions, matters and time limits (``baove.figures``), each a number read from a
selector of ``cases.stats``: the report engine never counts by itself.

None has a breakdown by administrative level: the selectors count a unit's whole subtree.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from baove.figures import from_selector
from cases import stats
from cases.models import Channel, Competence, Condition, Kind, Outcome, Subject

_register = from_selector


def _get(*path: str) -> tuple[str, ...]:
    return path


# Petitions: each petition counts, duplicates included, by when it entered the subtree.
_register("cases.petitions.received", _("Petitions received"), stats.petitions_received, _get("total"))
_register(
    "cases.petitions.handled",
    _("Petitions received and handled (classified by the end of the window)"),
    stats.petitions_classified,
    lambda result: result["total"] - result["by_condition"][Condition.PENDING],
)
_register(
    "cases.petitions.pending",
    _("Petitions received and not classified by the end of the window"),
    stats.petitions_classified,
    _get("by_condition", Condition.PENDING),
)
_register(
    "cases.petitions.not_processable",
    _("Petitions received and found not processable"),
    stats.petitions_classified,
    _get("by_condition", Condition.NOT_PROCESSABLE),
)
for _key, _value, _label in (
    ("ours", Competence.OURS, _("Petitions received within the unit's competence")),
    ("forwarded", Competence.FORWARD, _("Petitions received and forwarded to the competent body")),
    ("guided", Competence.GUIDE, _("Petitions received whose reporter was guided to the competent body")),
    ("filed", Competence.FILE, _("Petitions received and kept on file")),
):
    _register(f"cases.petitions.{_key}", _label, stats.petitions_classified, _get("by_competence", _value))

for _key, _value, _label in (
    ("denunciations", Kind.DENUNCIATION, _("Denunciations received")),
    ("crime_reports", Kind.CRIME_REPORT, _("Crime reports received")),
    ("feedback", Kind.FEEDBACK, _("Feedback and recommendations received")),
    ("complaints", Kind.COMPLAINT, _("Complaints received")),
):
    _register(f"cases.petitions.{_key}", _label, stats.petitions_received, _get("by_kind", _value))

for _value, _choice_label in Subject.choices:
    _register(
        f"cases.petitions.subject.{_value}",
        format_lazy("{}: {}", _("Petitions received by subject"), _choice_label),
        stats.petitions_received,
        _get("by_subject", _value),
    )

for _value, _choice_label in Channel.choices:
    _register(
        f"cases.petitions.channel.{_value}",
        format_lazy("{}: {}", _("Petitions received by channel"), _choice_label),
        stats.petitions_received,
        _get("by_channel", _value),
    )

# Directive 27 review, section II.3: denunciations, feedback and crime reports about corruption,
# waste or negativity (complaints and other subjects left out).
_register(
    "cases.petitions.whistleblowing.received",
    _("Denunciations, feedback and crime reports about corruption, waste or negativity received"),
    stats.whistleblowing_petitions,
    _get("received"),
)
_register(
    "cases.petitions.whistleblowing.handled",
    _("Denunciations, feedback and crime reports about corruption, waste or negativity handled"),
    stats.whistleblowing_petitions,
    _get("handled"),
)

# Matters: duplicates count once.
_register(
    "cases.matters.received",
    _("Matters received (duplicate petitions counted once)"),
    stats.matters_received,
    _get("total"),
)
_register("cases.matters.handled", _("Matters handled in the window"), stats.matters_handled, _get("total"))
_register("cases.matters.opened", _("Matters opened in the window"), stats.matters_handled, _get("opened"))
_register(
    "cases.matters.carried_over",
    _("Matters carried over from before the window"),
    stats.matters_handled,
    _get("carried_over"),
)
_register("cases.matters.concluded", _("Matters concluded in the window"), stats.matters_handled, _get("concluded"))
_register("cases.matters.refused", _("Matters not accepted in the window"), stats.matters_handled, _get("refused"))
_register(
    "cases.matters.anonymous_checks",
    _("Checks of anonymous denunciations handled"),
    stats.matters_handled,
    _get("anonymous_checks"),
)
for _value, _label in (
    (Outcome.TRUE, _("Matters concluded: true")),
    (Outcome.PARTLY_TRUE, _("Matters concluded: partly true")),
    (Outcome.UNTRUE, _("Matters concluded: untrue")),
):
    _register(f"cases.matters.outcome.{_value}", _label, stats.matters_handled, _get("by_outcome", _value))

for _key, _label in (
    ("total", _("Matters handled and flagged for the head's attention")),
    ("complex", _("Matters handled and flagged complex, prolonged")),
    ("mass", _("Matters handled and flagged as a mass delegation")),
    ("over_level", _("Matters handled and flagged beyond the unit's level")),
):
    _register(
        "cases.matters.escalated" + ("" if _key == "total" else f".{_key}"),
        _label,
        stats.matters_escalated,
        _get(_key),
    )

# Time limits.
for _key, _label in (
    ("on_time", _("Time limits met")),
    ("late", _("Time limits missed (done late)")),
    ("overdue_open", _("Time limits overdue and still open at the end of the window")),
):
    _register(f"cases.deadlines.{_key}", _label, stats.deadlines_met, _get(_key))
