"""Staff screens of case handling: classifying a petition, linking its accused persons, a matter
with its time limits and the decisions open to the person, the handler's declaration, relations.

An outsider gets 404 (they cannot learn that the petition or matter exists), a person who sees it
without the role for the change 403; the services check the same rules again.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import permissions
from baove.forms import apply_validation_error
from cases import deadlines, handling
from cases.forms_handling import (
    YES,
    AcceptForm,
    AssignForm,
    ClassifyForm,
    ConcludeForm,
    DeclareForm,
    FlagForm,
    LinkAccusedForm,
    ReasonForm,
    RelationForm,
    ResumeForm,
    unit_people,
)
from cases.models import Accused, Deadline, MatterStatus, Petition, Status
from org.models import Unit
from vault.session import unlocked_key

# Classification


def _petition_for_classifier(request, petition_id) -> Petition:
    petition = permissions.get_petition_for_user(request.user, petition_id)
    if not permissions.can_classify(request.user, petition):
        raise PermissionDenied
    return petition


def _open_matters_below(user, petition: Petition):
    return permissions.matters_visible_to(user).filter(
        status__in=handling.OPEN_MATTER, unit__path__startswith=petition.unit.path
    )


@never_cache
def petition_classify(request, petition_id):
    petition = _petition_for_classifier(request, petition_id)
    candidates = handling.duplicate_candidates(petition=petition, user=request.user)
    matters = _open_matters_below(request.user, petition)
    form_args = {"petition": petition, "candidates": candidates, "matters": matters}
    classifiable = petition.status in handling.CLASSIFIABLE and not (
        petition.status == Status.FORWARDED and petition.forward_unit_id != petition.unit_id
    )
    form = ClassifyForm(request.POST or None, **form_args) if classifiable else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            petition = handling.petition_classify(
                petition=petition,
                actor=request.user,
                kind=data["kind"],
                subject=data["subject"],
                condition=data["condition"],
                condition_reason=data["condition_reason"],
                competence=data["competence"],
                reporter_count=data["reporter_count"],
                forward_unit=data["forward_unit"],
                forward_body=data["forward_body"],
                duplicate_of=data["duplicate_of"],
                multiple_places=data["multiple_places"],
                actor_private=unlocked_key(request),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _after_classification(request, petition)
    return render(
        request,
        "cases/handling/classify.html",
        {
            "petition": petition,
            "accused": list(petition.accused.all()),
            "candidates": candidates,
            "form": form,
            "section": "petitions",
        },
    )


def _after_classification(request, petition: Petition):
    messages.success(
        request,
        _("Petition %(reference)s classified: %(status)s.")
        % {"reference": petition.reference, "status": petition.get_status_display()},
    )
    if petition.matter_id and permissions.matters_visible_to(request.user).filter(pk=petition.matter_id).exists():
        return redirect("cases:matter_detail", petition.matter_id)
    if permissions.petitions_visible_to(request.user).filter(pk=petition.pk).exists():
        return redirect("cases:petition_detail", petition.pk)
    messages.info(request, _("It is now handled by %(unit)s.") % {"unit": petition.unit.name})
    return redirect("cases:petition_list")


# Accused persons


def _link_units(petition: Petition):
    """The units an accused person of the petition may be linked to: the receiving unit's subtree,
    the units above it, and the subtree of the unit concerned."""
    condition = Q(path__startswith=petition.unit.path) | Q(pk__in=petition.unit.chain_ids)
    if petition.concerned_unit_id:
        condition |= Q(path__startswith=petition.concerned_unit.path)
    return Unit.objects.active_on(timezone.localdate()).filter(condition).order_by("path")


@never_cache
def petition_accused(request, petition_id):
    petition = _petition_for_classifier(request, petition_id)
    units = _link_units(petition)
    people = unit_people(units)
    accused = list(petition.accused.select_related("user", "unit"))
    bound, bound_pk = None, None
    if request.method == "POST":
        bound_pk = request.POST.get("accused", "")
        person = next((a for a in accused if str(a.pk) == bound_pk), None)
        if person is None:
            raise Http404
        bound = LinkAccusedForm(request.POST, people=people, units=units, prefix=f"accused-{person.pk}")
        if bound.is_valid():
            try:
                handling.accused_link(
                    accused=person,
                    actor=request.user,
                    user=bound.cleaned_data["account"],
                    unit=bound.cleaned_data["unit"],
                    actor_private=unlocked_key(request),
                )
            except ValidationError as error:
                apply_validation_error(bound, error)
            else:
                messages.success(request, _("The link was saved."))
                if permissions.petitions_visible_to(request.user).filter(pk=petition.pk).exists():
                    return redirect("cases:petition_accused", petition.pk)
                return redirect("cases:petition_list")
    rows = []
    for person in accused:
        if bound is not None and str(person.pk) == bound_pk:
            form = bound
        else:
            initial = {"account": person.user.username if person.user else "", "unit": person.unit}
            form = LinkAccusedForm(initial=initial, people=people, units=units, prefix=f"accused-{person.pk}")
        rows.append((person, form))
    return render(request, "cases/handling/accused.html", {"petition": petition, "rows": rows, "section": "petitions"})


# A matter


def _deadline_rows(deadline_list) -> list[dict]:
    today = timezone.localdate()
    rows = []
    for deadline in deadline_list:
        if deadline.cancelled:
            state = "cancelled"
        elif deadline.done_on is not None:
            state = "done_late" if deadlines.is_late(deadline) else "done"
        else:
            state = "late" if deadlines.is_late(deadline, today) else "running"
        rows.append({"deadline": deadline, "state": state})
    return rows


DECISION_TEXTS = {
    "accept": (gettext_lazy("Accept"), gettext_lazy("Accept the matter")),
    "refuse": (gettext_lazy("Do not accept"), gettext_lazy("Do not accept")),
    "extend": (gettext_lazy("Extend the time limit"), gettext_lazy("Extend")),
    "suspend": (gettext_lazy("Suspend"), gettext_lazy("Suspend the handling")),
    "resume": (gettext_lazy("Resume"), gettext_lazy("Resume the handling")),
    "conclude": (gettext_lazy("Conclude"), gettext_lazy("Save the conclusion")),
    "assign": (gettext_lazy("Assign a handler"), gettext_lazy("Assign")),
    "flag": (gettext_lazy("Escalation flags"), gettext_lazy("Save the flags")),
}
AVAILABLE_DECISIONS = {
    MatterStatus.AWAITING_DECISION: ("accept", "refuse", "assign", "flag"),
    MatterStatus.CHECKING: ("conclude", "refuse", "assign", "flag"),
    MatterStatus.ACCEPTED: ("conclude", "extend", "suspend", "assign", "flag"),
    MatterStatus.SUSPENDED: ("resume", "assign", "flag"),
}


def _decision_forms(matter, user, bound: dict) -> list[dict]:
    """The decisions this person may take now, each with its form."""
    if not permissions.can_decide(user, matter):
        return []
    decisions = []
    for action in AVAILABLE_DECISIONS.get(matter.status, ()):
        if action in bound:
            form = bound[action]
        elif action == "assign":
            form = AssignForm(prefix=action, handlers=handling.eligible_handlers(matter))
        elif action == "flag":
            initial = {name: getattr(matter, name) for name in ("flag_complex", "flag_mass", "flag_over_level")}
            form = FlagForm(prefix=action, initial=initial)
        elif action == "extend" and matter.extensions >= handling.EXTENSION_LIMITS[matter.complexity]:
            continue
        else:
            form = DECISIONS[action][0](prefix=action)
        title, button = DECISION_TEXTS[action]
        decisions.append({"action": action, "title": title, "button": button, "form": form})
    return decisions


def _render_matter(request, matter, *, bound: dict | None = None, declare_form=None, status=200):
    user = request.user
    petitions = list(
        permissions.petitions_visible_to(user).filter(matter=matter).select_related("unit").order_by("received_at")
    )
    matter_deadlines = list(matter.deadlines.select_related("rule").order_by("starts_on", "pk"))
    petition_deadlines = list(
        Deadline.objects.filter(petition__in=petitions).select_related("petition").order_by("starts_on", "pk")
    )
    pending = permissions.pending_assignment(user, matter.pk)
    context = {
        "matter": matter,
        "petitions": petitions,
        "matter_deadlines": _deadline_rows(matter_deadlines),
        "petition_deadlines": _deadline_rows(petition_deadlines),
        "assignments": list(matter.assignments.select_related("handler", "assigned_by")),
        "decisions": _decision_forms(matter, user, bound or {}),
        "extension_limit": handling.EXTENSION_LIMITS[matter.complexity],
        "pending": pending,
        "declare_form": declare_form or (DeclareForm() if pending else None),
        "section": "petitions",
    }
    return render(request, "cases/handling/matter_detail.html", context, status=status)


def _render_gate(request, assignment, *, form=None, status=200):
    matter = assignment.matter
    accused = (
        Accused.objects.filter(petition__matter=matter)
        .values_list("name", "position", "unit_text")
        .order_by("name")
        .distinct()
    )
    return render(
        request,
        "cases/handling/matter_gate.html",
        {
            "matter": matter,
            "assignment": assignment,
            "accused": list(accused),
            "form": form or DeclareForm(),
            "section": "petitions",
        },
        status=status,
    )


@never_cache
def matter_detail(request, matter_id):
    matter = permissions.matters_visible_to(request.user).select_related("unit").filter(pk=matter_id).first()
    if matter is None:
        pending = permissions.pending_assignment(request.user, matter_id)
        if pending is None:
            raise Http404
        return _render_gate(request, pending)
    return _render_matter(request, matter)


def _accept(matter, user, data):
    return handling.matter_accept(matter=matter, actor=user, complexity=data["complexity"])


def _refuse(matter, user, data):
    return handling.matter_refuse(matter=matter, actor=user, reason=data["reason"])


def _extend(matter, user, data):
    return handling.matter_extend(matter=matter, actor=user, reason=data["reason"])


def _suspend(matter, user, data):
    return handling.matter_suspend(matter=matter, actor=user, reason=data["reason"])


def _resume(matter, user, data):
    return handling.matter_resume(matter=matter, actor=user)


def _conclude(matter, user, data):
    return handling.matter_conclude(matter=matter, actor=user, **data)


def _flag(matter, user, data):
    return handling.matter_flag(
        matter=matter,
        actor=user,
        complex=data["flag_complex"],
        mass=data["flag_mass"],
        over_level=data["flag_over_level"],
    )


def _assign(matter, user, data):
    return handling.matter_assign(matter=matter, actor=user, handler=data["handler"])


# action → (form, service call, what the person is told)
DECISIONS = {
    "accept": (AcceptForm, _accept, gettext_lazy("The matter was accepted; the reporters were notified.")),
    "refuse": (ReasonForm, _refuse, gettext_lazy("The matter was not accepted; the reporters were notified.")),
    "extend": (ReasonForm, _extend, gettext_lazy("The time limit was extended; the reporters were notified.")),
    "suspend": (ReasonForm, _suspend, gettext_lazy("The matter was suspended; the reporters were notified.")),
    "resume": (ResumeForm, _resume, gettext_lazy("The matter was resumed; the reporters were notified.")),
    "conclude": (ConcludeForm, _conclude, gettext_lazy("The matter was concluded; the reporters were notified.")),
    "flag": (FlagForm, _flag, gettext_lazy("The flags were saved.")),
    "assign": (AssignForm, _assign, gettext_lazy("The handler was assigned and notified.")),
}


@never_cache
@require_POST
def matter_decide(request, matter_id, action):
    matter = permissions.get_matter_for_user(request.user, matter_id)
    if action not in DECISIONS:
        raise Http404
    if not permissions.can_decide(request.user, matter):
        raise PermissionDenied
    form_class, call, message = DECISIONS[action]
    extra = {"handlers": handling.eligible_handlers(matter)} if action == "assign" else {}
    form = form_class(request.POST, prefix=action, **extra)
    if form.is_valid():
        try:
            call(matter, request.user, form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, message)
            return redirect("cases:matter_detail", matter.pk)
    return _render_matter(request, matter, bound={action: form})


@never_cache
@require_POST
def matter_declare(request, matter_id):
    assignment = permissions.pending_assignment(request.user, matter_id)
    if assignment is None:
        if permissions.matters_visible_to(request.user).filter(pk=matter_id).exists():
            raise PermissionDenied
        raise Http404
    form = DeclareForm(request.POST)
    if form.is_valid():
        conflict = form.cleaned_data["conflict"] == YES
        handling.assignment_declare(
            assignment=assignment, actor=request.user, conflict=conflict, note=form.cleaned_data["note"]
        )
        if conflict:
            messages.info(request, _("Your declaration was recorded. The matter went back to the head."))
            return redirect("cases:petition_list")
        messages.success(request, _("Your declaration was recorded. You can now work on the matter."))
        return redirect("cases:matter_detail", matter_id)
    matter = permissions.matters_visible_to(request.user).filter(pk=matter_id).first()
    if matter is not None:
        return _render_matter(request, matter, declare_form=form)
    return _render_gate(request, assignment, form=form)


# Relations between people


@never_cache
def relations(request):
    if not permissions.can_manage_relations(request.user):
        raise PermissionDenied
    form = RelationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person, related = form.cleaned_data["person"], form.cleaned_data["related"]
        if not permissions.can_record_relation(request.user, person, related):
            form.add_error(None, _("You may record relations only between people of the units you cover."))
        else:
            try:
                handling.relation_record(
                    actor=request.user, person=person, related=related, kind=form.cleaned_data["kind"]
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The relation was recorded."))
                return redirect("cases:relations")
    return render(
        request,
        "cases/handling/relations.html",
        {"form": form, "relations": permissions.relations_visible_to(request.user), "section": "petitions"},
    )


@never_cache
@require_POST
def relation_remove(request, relation_id):
    if not permissions.can_manage_relations(request.user):
        raise PermissionDenied
    relation = permissions.get_relation_for_user(request.user, relation_id)
    handling.relation_remove(actor=request.user, relation=relation)
    messages.success(request, _("The relation was removed."))
    return redirect("cases:relations")
