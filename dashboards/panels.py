"""The dashboard's panels: the selectors' counts, hidden where small (``suppression.suppress``),
drawn as charts (``charts``). Which panels a person gets follows the roles they hold over the unit or
below it; a panel counts only what its helpers in ``accounts.permissions`` let them see."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts import permissions
from cases.models import Channel, Kind, MatterStatus, Subject
from dashboards import charts, selectors
from dashboards.charts import Chart
from dashboards.periods import Window
from dashboards.suppression import rate, suppress
from org.models import Unit


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    hint: str = ""


@dataclass
class Panel:
    key: str
    title: str
    facts: list[Fact] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    note: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, URL)


def _labels(choices) -> tuple[list[str], list[str]]:
    return list(choices.values), [str(label) for label in choices.labels]


def _series(values: list[int], *, totals: bool = True):
    return suppress([values], totals=totals)


def petitions_panel(*, user, unit: Unit, window: Window) -> Panel:
    counts = selectors.petitions(user=user, unit=unit, window=window)
    periods, labels = window.periods, [window.label(p) for p in window.periods]
    kinds, kind_labels = _labels(Kind)
    grid = suppress([[counts.by_period_kind[(p, k)] for k in kinds] for p in periods])
    subjects, subject_labels = _labels(Subject)
    by_subject = _series([counts.by_subject[s] for s in subjects])
    channels, channel_labels = _labels(Channel)
    by_channel = _series([counts.by_channel[c] for c in channels])
    total = grid.total
    return Panel(
        key="petitions",
        title=_("Petitions received"),
        facts=[Fact(_("Petitions received in the window"), str(total))],
        charts=[
            charts.stacked_bar_chart(
                chart_id="chart-petitions-period",
                title=_("Petitions received per period, by kind"),
                labels=labels,
                series=[(name, [row[i] for row in grid.cells]) for i, name in enumerate(kind_labels)],
                totals=grid.row_totals,
                series_totals=grid.column_totals,
                total=total,
            ),
            charts.hbar_chart(
                chart_id="chart-petitions-subject",
                title=_("Petitions received by subject"),
                labels=subject_labels,
                cells=by_subject.series,
                total=total if not total.shown else by_subject.total,
            ),
            charts.hbar_chart(
                chart_id="chart-petitions-channel",
                title=_("Petitions received by channel"),
                labels=channel_labels,
                cells=by_channel.series,
                total=total if not total.shown else by_channel.total,
            ),
        ],
    )


def handling_panel(*, user, unit: Unit, window: Window, today: datetime.date) -> Panel:
    counts = selectors.handling(user=user, unit=unit, window=window, today=today)
    periods, labels = window.periods, [window.label(p) for p in window.periods]
    outcomes = ("on_time", "late")
    outcome_labels = [_("Within the time limit"), pgettext("dashboard", "Late")]
    resolved = suppress([[counts.resolved[(p, o)] for o in outcomes] for p in periods])
    on_time, late = resolved.column_totals
    all_steps = _series([counts.all_steps[o] for o in outcomes])
    statuses = [s for s in MatterStatus if s not in (MatterStatus.CONCLUDED, MatterStatus.REFUSED)]
    open_matters = _series([counts.open_by_status[s] for s in statuses])
    awaiting = open_matters.series[statuses.index(MatterStatus.AWAITING_DECISION)]
    overdue = _series([counts.overdue]).total
    overdue_text = f"> {overdue}" if counts.overdue_more else str(overdue)
    return Panel(
        key="handling",
        title=_("Handling and time limits"),
        facts=[
            Fact(_("Time limits overdue today"), overdue_text),
            Fact(_("Matters awaiting the decision to accept"), str(awaiting)),
            Fact(_("Open matters"), str(open_matters.total)),
        ],
        charts=[
            charts.gauge(
                chart_id="chart-handling-rate",
                title=_("Matters concluded within the time limit"),
                value=rate(on_time, resolved.total),
                rows=[(outcome_labels[0], on_time), (outcome_labels[1], late), (_("Concluded"), resolved.total)],
            ),
            charts.gauge(
                chart_id="chart-handling-all",
                title=_("Every time limit met (all steps)"),
                value=rate(all_steps.series[0], all_steps.total),
                rows=[
                    (outcome_labels[0], all_steps.series[0]),
                    (outcome_labels[1], all_steps.series[1]),
                    (pgettext("dashboard", "Done"), all_steps.total),
                ],
            ),
            charts.stacked_bar_chart(
                chart_id="chart-handling-period",
                title=_("Matters concluded per period, within the time limit or late"),
                labels=labels,
                series=[(name, [row[i] for row in resolved.cells]) for i, name in enumerate(outcome_labels)],
                totals=resolved.row_totals,
                series_totals=resolved.column_totals,
                total=resolved.total,
            ),
            charts.hbar_chart(
                chart_id="chart-handling-status",
                title=_("Open matters by status, today"),
                labels=[str(s.label) for s in statuses],
                cells=open_matters.series,
                total=open_matters.total,
            ),
        ],
    )


def protection_panel(*, user, unit: Unit, window: Window) -> Panel:
    from protection.models import ProtectionKind

    counts = selectors.protection(user=user, unit=unit, window=window)
    labels = [window.label(p) for p in window.periods]
    requests = _series([counts.requests_by_period[p] for p in window.periods])
    decisions = _series([counts.decisions["granted"], counts.decisions["refused"]])
    kinds, kind_labels = _labels(ProtectionKind)
    measures = _series([counts.measures_by_kind[k] for k in kinds])
    return Panel(
        key="protection",
        title=_("Protection"),
        facts=[
            Fact(_("Protection requests in the window"), str(requests.total)),
            Fact(_("Decisions in the window"), str(decisions.total)),
        ],
        charts=[
            charts.bar_chart(
                chart_id="chart-protection-requests",
                title=_("Protection requests per period"),
                labels=labels,
                cells=requests.series,
                total=requests.total,
            ),
            charts.donut_chart(
                chart_id="chart-protection-decisions",
                title=_("Protection decisions: granted and refused"),
                labels=[pgettext("dashboard", "Granted"), pgettext("dashboard", "Refused")],
                cells=decisions.series,
                total=decisions.total,
            ),
            charts.hbar_chart(
                chart_id="chart-protection-measures",
                title=_("Protection measures in force in the window, by kind"),
                labels=kind_labels,
                cells=measures.series,
                total=measures.total,
            ),
        ],
    )


def retaliation_panel(*, user, unit: Unit, window: Window) -> Panel:
    from retaliation.models import IncidentStatus, RetaliationForm

    counts = selectors.retaliation(user=user, unit=unit, window=window)
    labels = [window.label(p) for p in window.periods]
    by_period = _series([counts.by_period[p] for p in window.periods])
    forms, form_labels = _labels(RetaliationForm)
    # An incident of several forms counts under each: the forms add up to no total.
    by_form = _series([counts.by_form[f] for f in forms], totals=False)
    findings, finding_labels = _labels(IncidentStatus)
    by_finding = _series([counts.by_finding[f] for f in findings])
    return Panel(
        key="retaliation",
        title=_("Retaliation"),
        facts=[Fact(_("Incidents reported in the window"), str(by_period.total))],
        charts=[
            charts.bar_chart(
                chart_id="chart-retaliation-period",
                title=_("Retaliation incidents reported per period"),
                labels=labels,
                cells=by_period.series,
                total=by_period.total,
            ),
            charts.hbar_chart(
                chart_id="chart-retaliation-form",
                title=_("Retaliation incidents by form (an incident may take several forms)"),
                labels=form_labels,
                cells=by_form.series,
            ),
            charts.donut_chart(
                chart_id="chart-retaliation-finding",
                title=_("Retaliation incidents by finding"),
                labels=finding_labels,
                cells=by_finding.series,
                total=by_finding.total,
            ),
        ],
    )


def reception_panel(*, user, unit: Unit, window: Window) -> Panel:
    from reception.models import SessionKind

    counts = selectors.reception(user=user, unit=unit, window=window)
    periods, labels = window.periods, [window.label(p) for p in window.periods]
    kinds = [SessionKind.SCHEDULED, SessionKind.AD_HOC]
    kind_labels = [str(kind.label) for kind in kinds]
    sessions = suppress([[counts.sessions[(p, k)] for k in kinds] for p in periods])
    visitors = suppress([[counts.visitors[(p, k)] for k in kinds] for p in periods])
    return Panel(
        key="reception",
        title=_("Citizen reception"),
        facts=[
            Fact(_("Sessions held"), str(sessions.total)),
            Fact(_("People received"), str(visitors.total)),
            Fact(_("Mass delegations received"), str(_series([counts.delegations]).total)),
            Fact(_("Cases refused"), str(_series([counts.refused]).total)),
        ],
        charts=[
            charts.line_chart(
                chart_id="chart-reception-sessions",
                title=_("Reception sessions held per period"),
                labels=labels,
                series=[(name, [row[i] for row in sessions.cells]) for i, name in enumerate(kind_labels)],
                series_totals=sessions.column_totals,
            ),
            charts.line_chart(
                chart_id="chart-reception-visitors",
                title=_("People received per period"),
                labels=labels,
                series=[(name, [row[i] for row in visitors.cells]) for i, name in enumerate(kind_labels)],
                series_totals=visitors.column_totals,
            ),
        ],
        note=_("As in the Regulation 11 review (Appendix 2): held sessions only; a delegation counts all its people."),
    )


def campaigns_panel(*, user, unit: Unit, today: datetime.date) -> Panel:
    from campaigns.models import RecipientStatus

    progress = selectors.campaigns(user=user, unit=unit, today=today)
    panel = Panel(key="campaigns", title=_("Reporting campaigns in progress"))
    if not progress:
        panel.note = _("No running campaign asks this unit or a unit below it for a report.")
        return panel
    statuses, status_labels = _labels(RecipientStatus)
    panel.facts = [
        Fact(_("Running campaigns"), str(len(progress))),
        Fact(_("Reports late"), str(sum(item.late for item in progress))),
    ]
    panel.charts = [
        charts.progress_chart(
            chart_id="chart-campaigns",
            title=_("Reports asked of this unit and the units below it, by status"),
            labels=[item.campaign.title for item in progress],
            series=[
                (name, [item.counts.get(s, 0) for item in progress])
                for s, name in zip(statuses, status_labels, strict=True)
            ],
            late=[item.late for item in progress],
        )
    ]
    panel.links = [
        (item.campaign.title, reverse("campaigns:campaign_detail", args=[item.campaign.pk])) for item in progress
    ]
    return panel


def build(*, user, unit: Unit, window: Window, today: datetime.date) -> list[Panel]:
    """The panels ``user`` gets for ``unit``'s subtree over ``window``, in the page's order."""
    panels = []
    if permissions.reaches(user, unit, *permissions.PETITION_ROLES):
        panels.append(petitions_panel(user=user, unit=unit, window=window))
        panels.append(handling_panel(user=user, unit=unit, window=window, today=today))
    if permissions.reaches(user, unit, *permissions.PROTECTION_ROLES):
        panels.append(protection_panel(user=user, unit=unit, window=window))
    if permissions.reaches(user, unit, *permissions.RETALIATION_READ_ROLES):
        panels.append(retaliation_panel(user=user, unit=unit, window=window))
    if permissions.reaches(user, unit, *permissions.RECEPTION_READ_ROLES):
        panels.append(reception_panel(user=user, unit=unit, window=window))
    panels.append(campaigns_panel(user=user, unit=unit, today=today))
    return panels
