"""Forms of the programme screens. They check what a person typed and offer only the units and
texts the person may use; the services check the rules again."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from cases.forms import TextField
from org.models import Unit, UnitKind
from programme import services
from programme.files import check_file
from programme.models import (
    PLAN_KINDS,
    ActivityKind,
    Basis,
    BodyKind,
    DisseminationForm,
    Document,
    DocumentKind,
    DueItem,
    DueStatus,
    Medium,
    Timing,
)


class DateInput(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})}, format="%d/%m/%Y"
        )


def date_field(label, *, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


def count_field(label, *, initial=0, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=10_000_000, initial=initial, **kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 8}))
        super().__init__(queryset=Unit.objects.none(), **kwargs)

    def label_from_instance(self, obj):
        return obj.name


def _document_label(document: Document) -> str:
    title = document.title if len(document.title) <= 90 else f"{document.title[:88]}…"
    return f"{document.number} ({document.issued_on:%d/%m/%Y}) {title}"


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _document_label(obj)


class DocumentsChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 6}))
        super().__init__(queryset=Document.objects.none(), **kwargs)

    def label_from_instance(self, obj):
        return _document_label(obj)


class FileField(forms.FileField):
    """A PDF, Word or ODT file, checked by its content (``programme.files``); cleans to a CheckedFile."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("PDF, Word (DOCX, DOC) or ODT."))
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.doc,.odt"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return None
        return check_file(upload.name, upload.read())


def _tree_of(user):
    """Every unit in the trees where ``user`` holds a role (whom their inspections may cover)."""
    if permissions.is_installation_admin(user):
        return Unit.objects.all()
    roots = {m.unit.chain_ids[0] for m in permissions.active_memberships(user)}
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(path__startswith=f"/{root:010d}/")
    return Unit.objects.filter(condition)


def _visible_documents(user):
    return permissions.documents_visible_to(user).order_by("path")


# Filters


class _FilterForm(forms.Form):
    q = TextField(label=_("Search"), max_length=200, widget=forms.TextInput(attrs={"type": "search"}))


class DocumentFilterForm(_FilterForm):
    kind = forms.ChoiceField(label=_("Kind of text"), required=False, choices=[("", _("All")), *DocumentKind.choices])
    issuer = UnitChoiceField(label=_("Issuing unit"), required=False, queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2100)
    applies = forms.BooleanField(label=_("Applies to my units"), required=False)
    overdue = forms.BooleanField(label=_("Has overdue items"), required=False)
    legal_normative = forms.BooleanField(label=_("Legal normative documents only"), required=False)

    def __init__(self, *args, user, plans: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        from programme.selectors import issuers_for

        self.fields["issuer"].queryset = issuers_for(user)
        if plans:
            self.fields["kind"].choices = [("", _("All")), *((k.value, k.label) for k in PLAN_KINDS)]
            del self.fields["legal_normative"]


class TaskFilterForm(_FilterForm):
    timing = forms.ChoiceField(label=_("Time frame"), required=False, choices=[("", _("All")), *Timing.choices])
    unit = UnitChoiceField(label=_("Unit"), required=False, queryset=Unit.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = permissions.visible_units(user)


class DueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *DueStatus.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    unit = UnitChoiceField(label=_("Unit"), required=False, queryset=Unit.objects.none())
    date_from = date_field(_("Due from"), required=False)
    date_to = date_field(_("Due to"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            pk__in=permissions.due_items_visible_to(user).values("unit_id")
        )


class ProgressFilterForm(_FilterForm):
    unit = UnitChoiceField(label=_("Unit"), required=False, queryset=Unit.objects.none())
    date_from = date_field(_("Reported from"), required=False)
    date_to = date_field(_("Reported to"), required=False)
    done = forms.BooleanField(label=_("Reports of work done only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            pk__in=permissions.progress_visible_to(user).values("unit_id")
        )


class ActivityFilterForm(_FilterForm):
    unit = UnitChoiceField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), help_text=_("With the units below it.")
    )
    date_from = date_field(_("From"), required=False)
    date_to = date_field(_("To"), required=False)
    concerning = DocumentChoiceField(
        label=_("Concerning"),
        required=False,
        queryset=Document.objects.none(),
        help_text=_("The text, or any text implementing it."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.all()
            if permissions.is_installation_admin(user)
            else Unit.objects.filter(permissions.unit_filter(user))
        )
        self.fields["concerning"].queryset = _visible_documents(user)


class DisseminationFilterForm(ActivityFilterForm):
    form = forms.ChoiceField(
        label=_("Form of dissemination"), required=False, choices=[("", _("All")), *DisseminationForm.choices]
    )


class InspectionFilterForm(ActivityFilterForm):
    activity_kind = forms.ChoiceField(
        label=_("Activity"), required=False, choices=[("", _("All")), *ActivityKind.choices]
    )
    body_kind = forms.ChoiceField(label=_("Kind of body"), required=False, choices=[("", _("All")), *BodyKind.choices])
    basis = forms.ChoiceField(label=_("Planned or ad hoc"), required=False, choices=[("", _("All")), *Basis.choices])


class PropagandaFilterForm(ActivityFilterForm):
    medium = forms.ChoiceField(label=_("Medium"), required=False, choices=[("", _("All")), *Medium.choices])


# Documents


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of text"), choices=DocumentKind.choices)
    number = TextField(
        label=_("Document number"), max_length=50, required=True, help_text=_("As printed, e.g. 80-KH/TU.")
    )
    issued_on = date_field(_("Issued on"))
    title = TextField(label=_("Title"), max_length=500, required=True)
    summary = TextField(label=_("Summary"), multiline=True, rows=4)
    issuer = UnitChoiceField(label=_("Issuing unit"), required=False, queryset=Unit.objects.none())
    issuer_name = TextField(
        label=_("Issuing body outside the system"),
        max_length=255,
        help_text=_("When the issuer is not one of our units, e.g. Bộ Chính trị, Ban Bí thư."),
    )
    unit = UnitChoiceField(
        label=_("Unit the document belongs to"),
        required=False,
        queryset=Unit.objects.none(),
        help_text=_("Empty: the issuing unit. It decides who sees the document and where it is counted."),
    )
    is_party = forms.BooleanField(label=_("Party document"), required=False, initial=True)
    is_legal_normative = forms.BooleanField(label=_("Legal normative document"), required=False)
    implements = DocumentChoiceField(
        label=_("Implements"),
        required=False,
        queryset=Document.objects.none(),
        help_text=_("The plan or directive this document carries out."),
    )
    file = FileField(label=_("File"))
    remove_file = forms.BooleanField(label=_("Remove the stored file"), required=False)

    def __init__(self, *args, user, document: Document | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document
        self.user = user
        units = permissions.programme_units(user)
        self.fields["issuer"].queryset = units
        self.fields["unit"].queryset = units
        implements = _visible_documents(user)
        if document is not None:
            implements = implements.exclude(path__startswith=document.path)
        self.fields["implements"].queryset = implements
        if document is None or not document.file:
            del self.fields["remove_file"]

    def clean(self):
        data = super().clean()
        if not data.get("issuer") and not data.get("issuer_name") and "issuer_name" not in self.errors:
            self.add_error("issuer_name", _("Choose the issuing unit or write the name of the issuing body."))
        if not data.get("issuer") and not data.get("unit") and not permissions.is_installation_admin(self.user):
            self.add_error("unit", _("Choose the unit the document belongs to."))
        return data


def document_initial(document: Document) -> dict:
    return {
        "kind": document.kind,
        "number": document.number,
        "issued_on": document.issued_on,
        "title": document.title,
        "summary": document.summary,
        "issuer": document.issuer_id,
        "issuer_name": document.issuer_name,
        "unit": document.unit_id,
        "is_party": document.is_party,
        "is_legal_normative": document.is_legal_normative,
        "implements": document.implements_id,
    }


# Tasks


class TaskForm(forms.Form):
    order = forms.IntegerField(label=_("Order"), min_value=1, max_value=999, required=False)
    title = TextField(label=_("Task"), max_length=500, required=True)
    description = TextField(label=_("Content"), multiline=True, rows=4)
    lead_unit = UnitChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    coordinating_units = UnitsChoiceField(label=_("Coordinating units"))
    coordinating_note = TextField(
        label=_("Other coordinating bodies"), max_length=500, help_text=_("E.g. “the divisions and centres”.")
    )
    assignees = UnitsChoiceField(
        label=_("Units that must do it and report"), help_text=_("Empty: the lead unit alone.")
    )
    add_below = UnitChoiceField(
        label=_("Also assign the units below"),
        required=False,
        queryset=Unit.objects.none(),
        help_text=_("Adds the units directly below this one to the units that must do it."),
    )
    add_below_kind = forms.ChoiceField(
        label=_("Only units of the kind"), required=False, choices=[("", _("Any kind")), *UnitKind.choices]
    )
    add_whole_subtree = forms.BooleanField(
        label=_("The whole subtree, not only the units directly below"), required=False
    )
    timing = forms.ChoiceField(label=_("Time frame"), choices=Timing.choices, initial=Timing.ONGOING)
    due_on = date_field(_("Due on"), required=False, help_text=_("For a task due by a date."))
    recurrence = TextField(
        label=_("Recurs on"),
        max_length=100,
        help_text=_("For a recurring task: days as dd/mm separated by commas, e.g. 05/06, 05/12."),
    )
    recurrence_from = forms.IntegerField(label=_("From year"), required=False, min_value=2000, max_value=2100)
    recurrence_until = forms.IntegerField(label=_("Until year"), required=False, min_value=2000, max_value=2100)
    timing_note = TextField(label=_("Note on the time frame"), max_length=255)
    expected_result = TextField(label=_("Expected result"), multiline=True, rows=3)

    def __init__(self, *args, plan: Document, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(path__startswith=plan.unit.path) if plan.unit_id else Unit.objects.all()
        for name in ("lead_unit", "coordinating_units", "assignees", "add_below"):
            self.fields[name].queryset = units

    def clean(self):
        data = super().clean()
        below = data.get("add_below")
        if below is not None:
            extra = services.units_below(
                below, kind=data.get("add_below_kind") or "", whole_subtree=data.get("add_whole_subtree", False)
            )
            if not extra:
                self.add_error("add_below", _("No unit below this one matches."))
            data["assignees"] = list(dict.fromkeys([*data.get("assignees", []), *extra]))
        if data.get("timing") == Timing.RECURRING and "recurrence" not in self.errors:
            try:
                services.parse_recurrence(data.get("recurrence", ""))
            except ValidationError as error:
                self.add_error("recurrence", error.message_dict["recurrence"])
        if data.get("timing") == Timing.DUE_DATE and not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", _("Give the date by which the task is due."))
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("add_below", "add_below_kind", "add_whole_subtree"):
            data.pop(name, None)
        return data


def task_initial(task) -> dict:
    return {
        "order": task.order,
        "title": task.title,
        "description": task.description,
        "lead_unit": task.lead_unit_id,
        "coordinating_units": list(task.coordinating_units.values_list("pk", flat=True)),
        "coordinating_note": task.coordinating_note,
        "assignees": list(task.assignees.values_list("pk", flat=True)),
        "timing": task.timing,
        "due_on": task.due_on,
        "recurrence": task.recurrence.replace(",", ", "),
        "recurrence_from": task.recurrence_from,
        "recurrence_until": task.recurrence_until,
        "timing_note": task.timing_note,
        "expected_result": task.expected_result,
    }


# Progress and due items


class DueItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.unit.name}: {obj.due_on:%d/%m/%Y}"


class ProgressForm(forms.Form):
    unit = UnitChoiceField(label=_("Reporting unit"), queryset=Unit.objects.none())
    due_item = DueItemChoiceField(
        label=_("Due item"),
        required=False,
        queryset=DueItem.objects.none(),
        help_text=_("The report or deadline this progress answers, if any."),
    )
    reported_on = date_field(_("Reported on"))
    text = TextField(label=_("Work done"), multiline=True, required=True)
    percent = forms.IntegerField(label=_("Percent done"), required=False, min_value=0, max_value=100)
    done = forms.BooleanField(label=_("Done: close the due item"), required=False)
    file = FileField(label=_("Report file"))

    def __init__(self, *args, user, task, **kwargs):
        super().__init__(*args, **kwargs)
        from programme.services import task_units

        owing = {u.pk for u in task_units(task)} | {task.lead_unit_id}
        owing |= set(task.coordinating_units.values_list("pk", flat=True))
        units = Unit.objects.filter(pk__in=owing)
        if not permissions.can_record_programme(user, task.plan.unit):
            units = units.filter(pk__in=permissions.programme_units(user).values("pk"))
        self.fields["unit"].queryset = units
        self.fields["due_item"].queryset = (
            DueItem.objects.filter(task=task, unit__in=units, status=DueStatus.OPEN)
            .select_related("unit")
            .order_by("due_on", "unit__path")
        )

    def clean(self):
        data = super().clean()
        item, unit = data.get("due_item"), data.get("unit")
        if item is not None and unit is not None and item.unit_id != unit.pk:
            self.add_error("due_item", _("This due item is not the chosen unit's."))
        return data


class ProgressEditForm(forms.Form):
    reported_on = date_field(_("Reported on"))
    text = TextField(label=_("Work done"), multiline=True, required=True)
    percent = forms.IntegerField(label=_("Percent done"), required=False, min_value=0, max_value=100)
    file = FileField(label=_("Replace the report file"))


class DueItemForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[(DueStatus.OPEN, _("Open")), ("closed", _("Done"))])
    done_on = date_field(_("Done on"), required=False, help_text=_("On time or late follows from this day."))
    note = TextField(label=_("Note"), max_length=500)


# Activities


class _ActivityForm(forms.Form):
    unit_roles = "programme"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = (
            permissions.inspection_units(user) if self.unit_roles == "inspection" else permissions.programme_units(user)
        )
        self.fields["unit"].queryset = units
        self.fields["concerning"].queryset = _visible_documents(user)


class DisseminationRecordForm(_ActivityForm):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    held_on = date_field(_("Held on"))
    form = forms.ChoiceField(label=_("Form of dissemination"), choices=DisseminationForm.choices)
    title = TextField(label=_("Title"), max_length=500, required=True)
    sessions = count_field(_("Number of sessions"), initial=1)
    participants = count_field(_("Participants (officials and Party members)"))
    materials = count_field(_("Materials and publications issued"))
    concerning = DocumentsChoiceField(label=_("Texts disseminated"))
    organised_by_committee = forms.TypedChoiceField(
        label=_("Organised by the Party committee itself"),
        required=False,
        choices=[("", _("As the unit's kind says")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        help_text=_("Counted in column 1 of Appendix 1 of the Directive 27 review."),
    )
    note = TextField(label=_("Note"), multiline=True, rows=3)


class InspectionRecordForm(_ActivityForm):
    unit_roles = "inspection"

    unit = UnitChoiceField(label=_("Conducted by"), queryset=Unit.objects.none())
    body_kind = forms.ChoiceField(
        label=_("Kind of body"),
        required=False,
        choices=[("", _("As the unit's kind says")), *BodyKind.choices],
    )
    activity_kind = forms.ChoiceField(label=_("Activity"), choices=ActivityKind.choices)
    basis = forms.ChoiceField(label=_("Planned or ad hoc"), choices=Basis.choices)
    started_on = date_field(_("Started on"))
    ended_on = date_field(_("Ended on"), required=False)
    title = TextField(label=_("Title"), max_length=500, required=True)
    concerning = DocumentsChoiceField(label=_("Texts whose implementation is checked"))
    units_covered = UnitsChoiceField(label=_("Units covered"))
    other_units = TextField(label=_("Other bodies covered"), max_length=500)
    other_units_count = count_field(_("Number of other bodies covered"))
    findings = TextField(label=_("Findings"), multiline=True, rows=4)
    heads_disciplined = count_field(_("Heads violating, disciplined"))
    heads_not_disciplined = count_field(_("Heads violating, not to the level of discipline"))
    sanctions_proposed = count_field(_("Number of sanctions proposed"))
    sanctions_proposed_text = TextField(label=_("Sanctions proposed: details"), multiline=True, rows=2)
    sanctions_applied = count_field(_("Number of sanctions applied"))
    sanctions_applied_text = TextField(label=_("Sanctions applied: details"), multiline=True, rows=2)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["units_covered"].queryset = _tree_of(user)


class PropagandaRecordForm(_ActivityForm):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    published_on = date_field(_("Published on"))
    medium = forms.ChoiceField(label=_("Medium"), choices=Medium.choices)
    title = TextField(label=_("Title"), max_length=500, required=True)
    outlet = TextField(label=_("Outlet"), max_length=255, help_text=_("Newspaper, web site, station…"))
    count = forms.IntegerField(label=_("Number of items"), min_value=1, max_value=100_000, initial=1)
    concerning = DocumentsChoiceField(label=_("Texts concerned"))


def record_initial(record, form_class) -> dict:
    initial = {}
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ModelMultipleChoiceField):
            initial[name] = list(getattr(record, name).values_list("pk", flat=True))
        elif isinstance(field, forms.ModelChoiceField):
            initial[name] = getattr(record, f"{name}_id")
        elif name == "organised_by_committee":
            initial[name] = "yes" if record.organised_by_committee else "no"
        else:
            initial[name] = getattr(record, name)
    return initial
