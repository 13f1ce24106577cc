"""The staff side of citizen reception: sessions, visits, a visit becoming a petition, the head's duty.

A visit's summary is shown only to the reception staff of its unit, and once the visit became a
petition only to those who see the petition (``readable_visit_ids``); reporting officers and
oversight see sessions, flags and counts. Pages that may hold a summary or a
receipt are never cached.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import permissions
from baove.forms import apply_validation_error
from baove.lib.text import fold
from baove.lib.xlsx import xlsx_response
from cases.services import NoRecipientError
from reception import forms, selectors, services
from reception.models import ReceptionDutyRule, SessionStatus

SECTION = "reception"


def _page(request, rows):
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _yes(value: bool) -> str:
    return _("Yes") if value else ""


def _time(value) -> str:
    return value.strftime("%H:%M") if value else ""


# Sessions


def _session_filters(request):
    form = forms.SessionFilterForm(request.GET or None, units=permissions.reception_read_units(request.user))
    return form, form.filters()


def session_list(request):
    _require(permissions.can_see_reception(request.user))
    search, filters = _session_filters(request)
    return render(
        request,
        "reception/session_list.html",
        {
            "search": search,
            "page_obj": _page(request, selectors.sessions_for(request.user, **filters)),
            "can_record": permissions.reception_units(request.user).exists(),
            "query": request.GET.urlencode(),
            "section": SECTION,
        },
    )


def session_export(request):
    _require(permissions.can_see_reception(request.user))
    _search, filters = _session_filters(request)
    header = [
        _("Date"),
        _("Starts at"),
        _("Ends at"),
        _("Unit"),
        _("Level"),
        _("Kind of session"),
        _("Place"),
        _("Host"),
        _("The head hosts in person"),
        _("Why the head delegated"),
        _("Status"),
        _("Published on the portal"),
        _("Cases received"),
        _("People received"),
        pgettext("reception", "Refused"),
        _("Notes"),
    ]
    rows = (
        [
            session.date,
            _time(session.start_time),
            _time(session.end_time),
            session.unit.name,
            session.unit.level.name,
            session.get_kind_display(),
            session.place,
            session.host_title,
            _yes(session.hosted_by_head),
            session.delegated_reason,
            session.get_status_display(),
            _yes(session.published),
            session.visit_count,
            session.people,
            session.refused_count,
            session.notes,
        ]
        for session in selectors.sessions_for(request.user, **filters).select_related("unit__level")
    )
    return xlsx_response("cuoc-tiep-cong-dan", _("Reception sessions"), header, rows)


def session_create(request):
    units = permissions.reception_units(request.user)
    _require(units.exists())
    form = forms.SessionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(actor=request.user, data=form.session_data())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Reception session saved."))
            return redirect("reception:session_detail", session.pk)
    return render(
        request,
        "reception/session_form.html",
        {"form": form, "session": None, "section": SECTION},
        status=400 if form.errors else 200,
    )


def session_edit(request, session_id: int):
    session = permissions.get_reception_session_for_user(request.user, session_id, write=True)
    units = permissions.reception_units(request.user)
    form = forms.SessionForm(request.POST or None, units=units, initial=forms.SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.session_update(actor=request.user, session=session, data=form.session_data())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Reception session saved.") if changed else _("Nothing was changed."))
            return redirect("reception:session_detail", session.pk)
    return render(
        request,
        "reception/session_form.html",
        {"form": form, "session": session, "section": SECTION},
        status=400 if form.errors else 200,
    )


def _visible_petitions(user, visits) -> set[int]:
    ids = [visit.petition_id for visit in visits if visit.petition_id]
    if not ids:
        return set()
    return set(permissions.petitions_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


@never_cache
def session_detail(request, session_id: int):
    session = permissions.get_reception_session_for_user(request.user, session_id)
    visits = list(session.visits.select_related("petition"))
    can_write = permissions.can_record_reception(request.user, session.unit)
    received = [visit for visit in visits if not visit.refused]
    return render(
        request,
        "reception/session_detail.html",
        {
            "session": session,
            "visits": visits,
            "people": sum(visit.headcount for visit in received),
            "received": len(received),
            "refused": len(visits) - len(received),
            "can_read_content": permissions.can_read_visit_content(request.user, session),
            "readable": permissions.readable_visit_ids(request.user, visits),
            "open_petitions": _visible_petitions(request.user, visits),
            "can_write": can_write,
            "can_add_visit": can_write and session.status == SessionStatus.HELD,
            "section": SECTION,
        },
    )


# Visits


def visit_create(request, session_id: int):
    session = permissions.get_reception_session_for_user(request.user, session_id, write=True)
    if session.status != SessionStatus.HELD:
        messages.error(request, _("Record visitors once the session is marked as held."))
        return redirect("reception:session_detail", session.pk)
    form = forms.VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_record(actor=request.user, session=session, data=form.visit_data())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("reception:visit_detail", visit.pk)
    return render(
        request,
        "reception/visit_form.html",
        {"form": form, "session": session, "visit": None, "section": SECTION},
        status=400 if form.errors else 200,
    )


@never_cache
def visit_edit(request, visit_id: int):
    visit = permissions.get_visit_for_user(request.user, visit_id, write=True)
    _require(visit.pk in permissions.readable_visit_ids(request.user, [visit]))
    form = forms.VisitForm(request.POST or None, initial=forms.VisitForm.initial_for(visit))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.visit_update(actor=request.user, visit=visit, data=form.visit_data())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Visit saved.") if changed else _("Nothing was changed."))
            return redirect("reception:visit_detail", visit.pk)
    return render(
        request,
        "reception/visit_form.html",
        {"form": form, "session": visit.session, "visit": visit, "section": SECTION},
        status=400 if form.errors else 200,
    )


def _render_visit(request, visit, *, petition_form=None, status=200):
    can_convert = permissions.can_convert_visit(request.user, visit) and not visit.petition_id and not visit.refused
    if can_convert and petition_form is None:
        petition_form = forms.VisitPetitionForm(initial=forms.VisitPetitionForm.initial_for(visit))
    return render(
        request,
        "reception/visit_detail.html",
        {
            "visit": visit,
            "session": visit.session,
            "can_read_content": visit.pk in permissions.readable_visit_ids(request.user, [visit]),
            "can_write": permissions.can_record_reception(request.user, visit.session.unit),
            "open_petition": bool(_visible_petitions(request.user, [visit])),
            "petition_form": petition_form if can_convert else None,
            "section": SECTION,
        },
        status=status,
    )


@never_cache
def visit_detail(request, visit_id: int):
    return _render_visit(request, permissions.get_visit_for_user(request.user, visit_id))


@never_cache
@require_POST
def visit_to_petition(request, visit_id: int):
    visit = permissions.get_visit_for_user(request.user, visit_id)
    _require(permissions.can_convert_visit(request.user, visit))
    if visit.petition_id:
        # Sent twice (a reload of the receipt page): the receipt is never shown again.
        return render(
            request,
            "reception/petition_already.html",
            {"visit": visit, "open_petition": bool(_visible_petitions(request.user, [visit])), "section": SECTION},
        )
    form = forms.VisitPetitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.visit_to_petition(
                actor=request.user,
                visit=visit,
                kind=data["kind"],
                subject=data["subject"],
                content=data["content"],
                identity=form.identity(),
                accused=form.accused(),
                incident_time=data["incident_time"],
                incident_place=data["incident_place"],
                protection_requested=data["protection_requested"],
                issue_receipt=data["issue_receipt"],
            )
        except NoRecipientError:
            form.add_error(None, _("Nobody could open the originals of this unit. Ask the system administrator."))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            receipt = result.receipt
            return render(
                request,
                "reception/petition_received.html",
                {
                    "visit": visit,
                    "petition": result.petition,
                    "receipt_groups": receipt.text.split() if receipt else None,
                    "portal_url": request.build_absolute_uri(reverse("portal:home")),
                    "section": SECTION,
                },
            )
    return _render_visit(request, visit, petition_form=form, status=400)


def _visit_filters(request):
    form = forms.VisitFilterForm(request.GET or None, units=permissions.reception_read_units(request.user))
    return form, form.filters()


@never_cache
def visit_list(request):
    _require(permissions.can_see_reception(request.user))
    search, filters = _visit_filters(request)
    page = _page(request, selectors.visits_for(request.user, **filters))
    readable = permissions.readable_visit_ids(request.user, page)
    for visit in page:
        visit.can_read_content = visit.pk in readable
    return render(
        request,
        "reception/visit_list.html",
        {"search": search, "page_obj": page, "query": request.GET.urlencode(), "section": SECTION},
    )


@never_cache
def visit_export(request):
    _require(permissions.can_see_reception(request.user))
    _search, filters = _visit_filters(request)
    header = [
        _("Date"),
        _("Unit"),
        _("Kind of session"),
        _("Visitors"),
        _("Number of people"),
        _("What they brought"),
        _("Subject"),
        _("Summary of the matter"),
        _("Complex or prolonged"),
        _("Degradation, “self-evolution”, “self-transformation”"),
        _("Exploited or incited"),
        pgettext("reception", "Refused"),
        _("Reason for refusing"),
        _("Competence"),
        _("Outcome"),
        _("Petition"),
    ]

    visits = list(selectors.visits_for(request.user, **filters))
    readable = permissions.readable_visit_ids(request.user, visits)

    def row(visit):
        # Summaries and reasons only for those who may read them.
        content = visit.pk in readable
        return [
            visit.session.date,
            visit.session.unit.name,
            visit.session.get_kind_display(),
            visit.get_kind_display(),
            visit.headcount,
            visit.get_matter_kind_display(),
            visit.get_subject_display(),
            visit.summary if content else "",
            _yes(visit.complex_prolonged),
            _yes(visit.degradation),
            _yes(visit.exploited_incitement),
            _yes(visit.refused),
            visit.refusal_reason if content else "",
            visit.get_competence_display(),
            visit.get_outcome_display(),
            visit.petition.reference if visit.petition_id else "",
        ]

    rows = (row(visit) for visit in visits)
    return xlsx_response("luot-tiep-cong-dan", _("Visits"), header, rows)


# The head's reception duty


def _duty_rows(request):
    search = forms.DutyFilterForm(request.GET or None)
    data = search.cleaned_data if search.is_valid() else {}
    first, last = selectors.last_twelve_months()
    today = timezone.localdate()
    units = list(selectors.duty_units(request.user))
    if data.get("q"):
        needle = fold(data["q"])
        units = [unit for unit in units if needle in fold(unit.name) or needle in fold(unit.code)]
    overview = selectors.duty_overview(units, first, selectors.month_start(today), today=today)
    rows = []
    for unit in units:
        months = overview[unit.pk]
        missed = sum(1 for month in months if month.missed)
        if data.get("missed") and not missed:
            continue
        rows.append({"unit": unit, "months": months, "missed": missed})
    months = [entry.month for entry in overview[units[0].pk]] if units else []
    return search, rows, months


def duty(request):
    _require(permissions.can_see_reception(request.user))
    search, rows, months = _duty_rows(request)
    return render(
        request,
        "reception/duty.html",
        {
            "search": search,
            "page_obj": _page(request, rows),
            "months": months,
            "missed_units": sum(1 for row in rows if row["missed"]),
            "query": request.GET.urlencode(),
            "section": SECTION,
        },
    )


def _month_label(day: datetime.date) -> str:
    return f"{day.month:02d}/{day.year}"


def duty_export(request):
    _require(permissions.can_see_reception(request.user))
    _search, rows, months = _duty_rows(request)
    header = [_("Unit"), _("Level"), _("Missed months"), *(_month_label(month) for month in months)]

    def cell(month) -> str:
        if month.required is None:
            return "—" if not month.days else str(month.days)
        text = f"{month.days}/{month.required}"
        return f"{text} ✗" if month.missed else text

    data = ([row["unit"].name, row["unit"].level.name, row["missed"], *map(cell, row["months"])] for row in rows)
    return xlsx_response("nhiem-vu-tiep-cong-dan", _("Reception duty"), header, data)


def duty_unit(request, unit_id: int):
    _require(permissions.can_see_reception(request.user))
    unit = selectors.duty_units(request.user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    months = selectors.duty_months(unit, year, today=today)
    return render(
        request,
        "reception/duty_unit.html",
        {
            "unit": unit,
            "year": year,
            "months": months,
            "missed": sum(1 for month in months if month.missed),
            "previous": year - 1 if year > 2000 else None,
            "next": year + 1 if year < today.year + 1 else None,
            "section": SECTION,
        },
    )


# Duty rules


def _require_rules_reader(user) -> None:
    _require(permissions.can_see_reception(user) or permissions.can_manage_reception_duty_rules(user))


def _rules(request):
    rules = ReceptionDutyRule.objects.select_related("level", "created_by")
    level = request.GET.get("level", "")
    if level:
        rules = rules.filter(level__code=level)
    return rules.order_by("level__rank", "-valid_from")


def duty_rules(request):
    _require_rules_reader(request.user)
    can_manage = permissions.can_manage_reception_duty_rules(request.user)
    form = forms.DutyRuleForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        _require(can_manage)
        if form.is_valid():
            try:
                services.duty_rule_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The new reception duty is saved."))
                return redirect("reception:duty_rules")
    levels = {rule.level for rule in ReceptionDutyRule.objects.select_related("level")}
    return render(
        request,
        "reception/duty_rules.html",
        {
            "rules": _rules(request),
            "levels": sorted(levels, key=lambda level: level.rank),
            "level": request.GET.get("level", ""),
            "form": form,
            "can_manage": can_manage,
            "query": request.GET.urlencode(),
            "section": SECTION,
        },
        status=400 if form is not None and form.errors else 200,
    )


def duty_rule_edit(request, rule_id: int):
    _require(permissions.can_manage_reception_duty_rules(request.user))
    rule = ReceptionDutyRule.objects.select_related("level").filter(pk=rule_id).first()
    if rule is None:
        raise Http404
    initial = {"level": rule.level, "days_per_month": rule.days_per_month, "valid_from": rule.valid_from}
    form = forms.DutyRuleForm(request.POST or None, initial={**initial, "basis": rule.basis})
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.duty_rule_update(actor=request.user, rule=rule, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Reception duty saved.") if changed else _("Nothing was changed."))
            return redirect("reception:duty_rules")
    return render(
        request,
        "reception/duty_rule_form.html",
        {"form": form, "rule": rule, "section": SECTION},
        status=400 if form.errors else 200,
    )


def duty_rule_export(request):
    _require_rules_reader(request.user)
    header = [_("Level"), _("Days a month"), _("In force from"), _("Legal basis")]
    rows = ([rule.level.name, rule.days_per_month, rule.valid_from, rule.basis] for rule in _rules(request))
    return xlsx_response("quy-dinh-ngay-tiep-cong-dan", _("Reception duty"), header, rows)
