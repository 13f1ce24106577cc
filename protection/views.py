"""Staff screens of protection: the list, opening a case, the case page, the custodian's timeline.

Lists and the case page show references, pseudonyms and the pseudonymised summary; the protected
person's identity appears only on the response that opened it, for a custodian who gave a reason.
An outsider gets 404 (they cannot learn that the case exists), a person who sees it without the
role for the change 403; the services check the same rules again.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.models import Role
from baove.forms import apply_validation_error
from cases import services as case_services
from cases.models import Channel, Message, MessageKind, Petition
from protection import selectors, services
from protection.forms import (
    ACCEPT,
    GRANT,
    CaseFilterForm,
    CaseForm,
    CheckInRecordForm,
    CheckInScheduleForm,
    DecisionForm,
    EndForm,
    MeasureChangeForm,
    MeasureForm,
    MeasureFormSet,
    PersonRequestDecideForm,
    PersonRequestForm,
    ReasonForm,
)
from protection.models import CaseStatus, MeasureStatus, Origin, PersonRequestStatus, ProtectionCase, Relationship
from protection.timeline import timeline
from vault.session import unlocked_key

LOCKED, NO_COPY = "locked", "no_copy"
PERSON_LABELS = {
    "full_name": gettext_lazy("Full name"),
    "id_number": gettext_lazy("Identity card number"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "phone": gettext_lazy("Phone"),
    "address": gettext_lazy("Address"),
    "relationship_details": gettext_lazy("Relationship to the reporter"),
}


# The list


@never_cache
def case_list(request):
    user = request.user
    if not permissions.can_see_protection(user):
        raise PermissionDenied
    form = CaseFilterForm(request.GET or None)
    cases = selectors.case_listing(user=user, **form.filters())
    page = Paginator(cases, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "today": timezone.localdate(), "section": "protection"}
    if permissions.can_open_protection_cases(user):
        context.update(
            {
                "can_open": True,
                "portal_requests": list(selectors.pending_portal_requests(user=user)[:50]),
                "flagged_petitions": list(selectors.pending_flagged_petitions(user=user)[:50]),
                "overdue_checkins": list(selectors.overdue_checkins(user=user, today=timezone.localdate())[:50]),
            }
        )
    return render(request, "protection/case_list.html", context)


# Opening a case


@never_cache
def case_create(request):
    """Open a case from a request received by staff, an urgent call or a handler's initiative."""
    user = request.user
    if not permissions.can_open_protection_cases(user):
        raise PermissionDenied
    units = permissions.protection_opening_units(user).active_on(timezone.localdate())
    petitions = permissions.petitions_visible_to(user).filter(
        permissions.unit_filter(user, Role.CUSTODIAN, prefix="unit__")
    )
    form = CaseForm(request.POST or None, units=units, petitions=petitions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.protection_open(
                unit=data["unit"],
                origin=data["origin"],
                relationship=data["relationship"],
                kinds=data["kinds"],
                person=form.person(),
                reasons=data["reasons"],
                petition=data["petition_reference"],
                actor=user,
                requested_at=data["requested_at"],
                summary=data["summary"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Protection case %(reference)s opened.") % {"reference": case.reference})
            return redirect("protection:case_detail", case.pk)
    return render(request, "protection/case_form.html", {"form": form, "section": "protection"})


def _petition_key(request, petition: Petition) -> tuple[bytes | None, str]:
    user_private = unlocked_key(request)
    if user_private is None:
        return None, LOCKED
    private = case_services.petition_private_key(petition=petition, user=request.user, user_private=user_private)
    return private, ("" if private else NO_COPY)


def _require_custodian_of(request, petition: Petition) -> None:
    if not permissions.has_role(request.user, petition.unit, Role.CUSTODIAN):
        raise PermissionDenied


def _identity_initial(original: dict) -> dict:
    identity = original.get("identity") or {}
    initial = {key: identity.get(key, "") for key in ("full_name", "id_number", "date_of_birth", "phone", "address")}
    return {**initial, "relationship": Relationship.SELF}


@never_cache
def portal_request(request, message_id):
    """Turn a request for protection sent through the portal into a case."""
    message = (
        Message.objects.filter(
            pk=message_id,
            kind=MessageKind.PROTECTION_REQUEST,
            from_reporter=True,
            petition__in=permissions.petitions_visible_to(request.user),
        )
        .select_related("petition", "petition__unit")
        .first()
    )
    if message is None:
        raise Http404
    _require_custodian_of(request, message.petition)
    return _open_from_petition(request, message.petition, message=message)


@never_cache
def petition_request(request, petition_id):
    """Turn the protection a reporter asked for when reporting into a case."""
    petition = permissions.get_petition_for_user(request.user, petition_id)
    _require_custodian_of(request, petition)
    if not petition.protection_requested:
        raise Http404
    return _open_from_petition(request, petition)


def _open_from_petition(request, petition: Petition, *, message: Message | None = None):
    """Step 1: open the original and the request with a reason (audited in cases). Step 2: the
    case form, prefilled with the reporter's identity, creates the case."""
    already = ProtectionCase.objects.filter(source_message=message) if message else None
    if already is not None and already.exists():
        messages.info(request, _("A protection case was already opened for this request."))
        return redirect("protection:case_detail", already.first().pk)
    context = {"petition": petition, "message": message, "section": "protection", "reason_form": ReasonForm()}
    if request.method != "POST":
        return render(request, "protection/petition_request.html", context)
    private, problem = _petition_key(request, petition)
    if private is None:
        context["sealed_state"] = problem
        return render(request, "protection/petition_request.html", context)
    if request.POST.get("step") == "create":
        form = CaseForm(request.POST, from_petition=True)
        if form.is_valid():
            try:
                case = _create_from_petition(request, petition, message, form)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Protection case %(reference)s opened.") % {"reference": case.reference})
                return redirect("protection:case_detail", case.pk)
        context.update({"form": form, "request_text": request.POST.get("request_text", "")})
        return render(request, "protection/petition_request.html", context)
    reason_form = ReasonForm(request.POST)
    if not reason_form.is_valid():
        context["reason_form"] = reason_form
        return render(request, "protection/petition_request.html", context)
    original = case_services.petition_read_original(
        petition=petition, actor=request.user, private=private, reason=reason_form.cleaned_data["reason"]
    )
    request_text = ""
    if message is not None:
        thread = dict(case_services.messages_read(petition=petition, private=private))
        request_text = next((text for item, text in thread.items() if item.pk == message.pk), "")
    context.update(
        {"form": CaseForm(initial=_identity_initial(original), from_petition=True), "request_text": request_text}
    )
    return render(request, "protection/petition_request.html", context)


def _create_from_petition(request, petition: Petition, message: Message | None, form: CaseForm) -> ProtectionCase:
    data = form.cleaned_data
    values = {
        "relationship": data["relationship"],
        "kinds": data["kinds"],
        "person": form.person(),
        "reasons": data["reasons"],
        "summary": data["summary"],
    }
    if message is not None:
        return services.protection_open_from_portal(message=message, actor=request.user, **values)
    return services.protection_open(
        unit=services.protection_unit_for(petition),
        origin=Origin.PORTAL if petition.channel == Channel.PORTAL else Origin.STAFF,
        petition=petition,
        actor=request.user,
        requested_at=petition.received_at,
        **values,
    )


# One case


def _case(request, case_id, allowed=None) -> ProtectionCase:
    case = permissions.get_protection_case_for_user(request.user, case_id)
    if allowed is not None and not allowed(request.user, case):
        raise PermissionDenied
    return case


def _sealed_state(request, case: ProtectionCase) -> str:
    if unlocked_key(request) is None:
        return LOCKED
    return "" if services.holds_sealed_copy(case=case, user=request.user) else NO_COPY


def _render_detail(request, case: ProtectionCase, *, person: dict | None = None, bound: dict | None = None, status=200):
    user = request.user
    bound = bound or {}
    custodian = permissions.is_protection_custodian(user, case)
    decider = permissions.can_decide_protection(user, case)
    today = timezone.localdate()
    measures = list(case.measures.select_related("unit"))
    requests = list(case.person_requests.all())
    checkins = list(case.checkins.all())
    granted = case.status == CaseStatus.GRANTED
    context = {
        "case": case,
        "measures": measures,
        "requests": requests,
        "checkins": checkins,
        "today": today,
        "late": case.decided_late or (case.status == CaseStatus.REQUESTED and today > case.decision_due_on),
        "is_custodian": custodian,
        "can_decide": decider,
        "section": "protection",
    }
    if decider and case.status == CaseStatus.REQUESTED:
        context["decision_form"] = bound.get("decision") or DecisionForm(prefix="decision")
        context["measure_formset"] = bound.get("measures") or MeasureFormSet(prefix="measures")
    if decider and granted:
        context["measure_add_form"] = bound.get("measure_add") or MeasureForm(prefix="add")
        context["measure_forms"] = [
            (m, bound.get(f"measure-{m.pk}") or MeasureChangeForm(prefix=f"measure-{m.pk}", initial={"body": m.body}))
            for m in measures
            if m.status == MeasureStatus.IN_FORCE
        ]
        context["end_form"] = bound.get("end") or EndForm(prefix="end")
    if decider:
        context["request_forms"] = [
            (r, bound.get(f"request-{r.pk}") or PersonRequestDecideForm(prefix=f"request-{r.pk}"))
            for r in requests
            if r.status == PersonRequestStatus.PENDING
        ]
    if custodian:
        context.update(
            {
                "person": person,
                "person_rows": [
                    (label, (person or {}).get("person", {}).get(key)) for key, label in PERSON_LABELS.items()
                ],
                "sealed_state": _sealed_state(request, case),
                "reason_form": bound.get("person") or ReasonForm(prefix="person"),
            }
        )
        if case.status in (CaseStatus.REQUESTED, CaseStatus.GRANTED):
            context["request_form"] = bound.get("request") or PersonRequestForm(prefix="request")
        if granted:
            context["checkin_form"] = bound.get("checkin") or CheckInScheduleForm(prefix="checkin")
            context["checkin_forms"] = [
                (c, bound.get(f"checkin-{c.pk}") or CheckInRecordForm(prefix=f"checkin-{c.pk}"))
                for c in checkins
                if c.done_on is None
            ]
    return render(request, "protection/case_detail.html", context, status=status)


@never_cache
def case_detail(request, case_id):
    return _render_detail(request, _case(request, case_id))


def _done(request, case: ProtectionCase, text: str):
    messages.success(request, text)
    return redirect("protection:case_detail", case.pk)


def _failed(request, case: ProtectionCase, key: str, form, error: ValidationError | None = None):
    if error is not None:
        apply_validation_error(form, error)
    return _render_detail(request, case, bound={key: form}, status=400)


@never_cache
@require_POST
def case_person(request, case_id):
    """Open the protected person's identity, with a reason; shown on this response only."""
    case = _case(request, case_id, permissions.is_protection_custodian)
    form = ReasonForm(request.POST, prefix="person")
    if not form.is_valid():
        return _failed(request, case, "person", form)
    user_private = unlocked_key(request)
    private = user_private and services.protection_private_key(case=case, user=request.user, user_private=user_private)
    if not private:
        return _render_detail(request, case)
    try:
        person = services.protection_read_person(
            case=case, actor=request.user, private=private, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        return _failed(request, case, "person", form, error)
    return _render_detail(request, case, person=person)


@never_cache
@require_POST
def case_decide(request, case_id):
    case = _case(request, case_id, permissions.can_decide_protection)
    form = DecisionForm(request.POST, prefix="decision")
    formset = MeasureFormSet(request.POST, prefix="measures")
    if not (form.is_valid() and formset.is_valid()):
        return _render_detail(request, case, bound={"decision": form, "measures": formset}, status=400)
    grant = form.cleaned_data["decision"] == GRANT
    measures = [m for f in formset.forms if (m := f.measure())] if grant else []
    try:
        case = services.protection_decide(
            case=case, actor=request.user, grant=grant, reasons=form.cleaned_data["reasons"], measures=measures
        )
    except ValidationError as error:
        apply_validation_error(form, error)
        return _render_detail(request, case, bound={"decision": form, "measures": formset}, status=400)
    return _done(request, case, _("Decision recorded. The reporter reads it on the portal."))


@never_cache
@require_POST
def measure_add(request, case_id):
    case = _case(request, case_id, permissions.can_decide_protection)
    form = MeasureForm(request.POST, prefix="add")
    if not form.is_valid() or form.measure() is None:
        if form.is_valid():
            form.add_error("kind", _("Choose the kind of measure."))
        return _failed(request, case, "measure_add", form)
    try:
        services.measure_add(case=case, actor=request.user, **form.measure())
    except ValidationError as error:
        return _failed(request, case, "measure_add", form, error)
    return _done(request, case, _("Measure added."))


@never_cache
@require_POST
def measure_change(request, case_id, measure_id):
    case = _case(request, case_id, permissions.can_decide_protection)
    measure = case.measures.filter(pk=measure_id).first()
    if measure is None:
        raise Http404
    key = f"measure-{measure.pk}"
    form = MeasureChangeForm(request.POST, prefix=key)
    if not form.is_valid():
        return _failed(request, case, key, form)
    data = form.cleaned_data
    try:
        services.measure_change(
            measure=measure,
            actor=request.user,
            body=data["body"],
            ends_on=data["ends_on"],
            end=data["end"],
            reason=data["reason"],
        )
    except ValidationError as error:
        return _failed(request, case, key, form, error)
    return _done(request, case, _("Measure ended.") if data["end"] else _("Measure changed."))


@never_cache
@require_POST
def request_add(request, case_id):
    case = _case(request, case_id, permissions.is_protection_custodian)
    form = PersonRequestForm(request.POST, prefix="request")
    if not form.is_valid():
        return _failed(request, case, "request", form)
    data = form.cleaned_data
    try:
        services.person_request(
            case=case, actor=request.user, kind=data["kind"], kinds=data["kinds"], summary=data["summary"]
        )
    except ValidationError as error:
        return _failed(request, case, "request", form, error)
    return _done(request, case, _("Request recorded. The heads decide it."))


@never_cache
@require_POST
def request_decide(request, case_id, request_id):
    case = _case(request, case_id, permissions.can_decide_protection)
    person_request = case.person_requests.filter(pk=request_id).first()
    if person_request is None:
        raise Http404
    key = f"request-{person_request.pk}"
    form = PersonRequestDecideForm(request.POST, prefix=key)
    if not form.is_valid():
        return _failed(request, case, key, form)
    try:
        services.person_request_decide(
            request=person_request,
            actor=request.user,
            accept=form.cleaned_data["decision"] == ACCEPT,
            reasons=form.cleaned_data["reasons"],
        )
    except ValidationError as error:
        return _failed(request, case, key, form, error)
    return _done(request, case, _("Decision on the request recorded."))


@never_cache
@require_POST
def checkin_add(request, case_id):
    case = _case(request, case_id, permissions.is_protection_custodian)
    form = CheckInScheduleForm(request.POST, prefix="checkin")
    if not form.is_valid():
        return _failed(request, case, "checkin", form)
    try:
        services.checkin_schedule(
            case=case, actor=request.user, due_on=form.cleaned_data["due_on"], note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        return _failed(request, case, "checkin", form, error)
    return _done(request, case, _("Review planned."))


@never_cache
@require_POST
def checkin_record(request, case_id, checkin_id):
    case = _case(request, case_id, permissions.is_protection_custodian)
    checkin = case.checkins.filter(pk=checkin_id).first()
    if checkin is None:
        raise Http404
    key = f"checkin-{checkin.pk}"
    form = CheckInRecordForm(request.POST, prefix=key)
    if not form.is_valid():
        return _failed(request, case, key, form)
    try:
        services.checkin_record(
            checkin=checkin, actor=request.user, note=form.cleaned_data["note"], done_on=form.cleaned_data["done_on"]
        )
    except ValidationError as error:
        return _failed(request, case, key, form, error)
    return _done(request, case, _("Review recorded."))


@never_cache
@require_POST
def case_end(request, case_id):
    case = _case(request, case_id, permissions.can_decide_protection)
    form = EndForm(request.POST, prefix="end")
    if not form.is_valid():
        return _failed(request, case, "end", form)
    try:
        services.protection_end(case=case, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        return _failed(request, case, "end", form, error)
    return _done(request, case, _("Protection ended."))


@never_cache
def case_timeline(request, case_id):
    case = _case(request, case_id, permissions.is_protection_custodian)
    return render(
        request, "protection/case_timeline.html", {"case": case, "entries": timeline(case), "section": "protection"}
    )
