"""Forms of the retaliation screens. They check what a person typed and resolve references to the
objects the person may see; the services check the rules again."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.models import User
from cases.forms import TextField
from retaliation.models import (
    CommendationForm,
    DisciplineForm,
    FalseReportHandling,
    IncidentStatus,
    PersonnelActionKind,
    RecipientKind,
    RetaliationForm,
    SanctionKind,
)
from retaliation.services import clean_id_number


class DateInput(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})}, format="%d/%m/%Y"
        )


def date_field(label, *, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


def _account(username: str) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username__iexact=username, is_active=True).first()
    if user is None:
        raise ValidationError(_("No active account has that user name."))
    return user


class _UserForm(forms.Form):
    """A form that resolves references with the rights of ``user``."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def _petition(self, reference: str):
        if not reference:
            return None
        petition = permissions.petitions_visible_to(self.user).filter(reference=reference).first()
        if petition is None:
            raise ValidationError(_("You have no petition with this registry number."))
        return petition

    def _case(self, reference: str):
        if not reference:
            return None
        case = permissions.protection_cases_visible_to(self.user).filter(reference=reference).first()
        if case is None:
            raise ValidationError(_("You have no protection case with this number."))
        return case


# Incidents


class IncidentFilterForm(forms.Form):
    q = TextField(label=_("Incident number"), max_length=20, widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *IncidentStatus.choices])
    form = forms.ChoiceField(label=_("Form"), required=False, choices=[("", _("All")), *RetaliationForm.choices])
    date_from = date_field(_("Reported from"), required=False)
    date_to = date_field(_("Reported to"), required=False)


class _IncidentFields(_UserForm):
    forms = forms.MultipleChoiceField(
        label=_("Forms of retaliation"), choices=RetaliationForm.choices, widget=forms.CheckboxSelectMultiple
    )
    occurred_on = date_field(_("Happened on"))
    occurred_until = date_field(_("Lasted until"), required=False, help_text=_("If it went on for a while."))
    description = TextField(
        label=_("What happened"),
        multiline=True,
        required=True,
        help_text=_("Write it without the reporter's name or anything else that would identify them."),
    )
    evidence = TextField(label=_("Evidence"), multiline=True, rows=3, help_text=_("What evidence there is and where."))
    case_reference = TextField(label=_("Protection case number"), max_length=20)
    perpetrator_name = TextField(label=_("Alleged perpetrator: name"), max_length=200)
    perpetrator_position = TextField(label=_("Alleged perpetrator: position"), max_length=200)
    perpetrator_unit = TextField(label=_("Alleged perpetrator: unit"), max_length=255)
    perpetrator_account = TextField(
        label=_("Alleged perpetrator: user name"), max_length=150, help_text=_("If they have an account here.")
    )

    def clean_case_reference(self):
        return self._case(self.cleaned_data["case_reference"])

    def clean_perpetrator_account(self):
        return _account(self.cleaned_data["perpetrator_account"])


class IncidentForm(_IncidentFields):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    reported_on = date_field(_("Reported on"), required=False, help_text=_("Today if empty."))
    petition_reference = TextField(label=_("Petition registry number"), max_length=20)

    field_order = [
        "unit",
        "forms",
        "occurred_on",
        "occurred_until",
        "reported_on",
        "description",
        "evidence",
        "petition_reference",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = permissions.retaliation_units(user)

    def clean_petition_reference(self):
        return self._petition(self.cleaned_data["petition_reference"])


class IncidentFromMessageForm(_IncidentFields):
    pass


class ConcludeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Finding"),
        choices=[(IncidentStatus.CONFIRMED, _("Confirmed")), (IncidentStatus.UNFOUNDED, _("Unfounded"))],
        widget=forms.RadioSelect,
    )
    finding = TextField(label=_("Finding"), multiline=True, rows=4, required=True)
    concluded_on = date_field(_("Concluded on"), required=False, help_text=_("Today if empty."))


class PerpetratorForm(forms.Form):
    name = TextField(label=_("Full name"), max_length=200, required=True)
    position = TextField(label=_("Position"), max_length=200)
    unit_text = TextField(label=_("Unit"), max_length=255)
    account = TextField(label=_("User name"), max_length=150, help_text=_("If they have an account here."))

    def clean_account(self):
        return _account(self.cleaned_data["account"])


class SanctionForm(forms.Form):
    perpetrator = forms.ModelChoiceField(label=_("Person sanctioned"), queryset=None, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=SanctionKind.choices)
    form = TextField(
        label=_("Form of sanction"), max_length=200, required=True, help_text=_("For example: khiển trách.")
    )
    decided_by = TextField(label=_("Decided by"), max_length=255, required=True)
    decided_on = date_field(_("Decided on"))

    def __init__(self, *args, incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perpetrator"].queryset = incident.perpetrators.all()


class HeadForm(forms.Form):
    name = TextField(label=_("Full name"), max_length=200, required=True)
    account = TextField(label=_("User name"), max_length=150, help_text=_("If they have an account here."))
    position = TextField(label=_("Position"), max_length=200, required=True)
    unit_text = TextField(label=_("Unit"), max_length=255, required=True)
    form = forms.ChoiceField(label=_("Form of sanction"), choices=DisciplineForm.choices)
    form_detail = TextField(label=_("Details of the sanction"), max_length=200)
    decided_by = TextField(label=_("Decided by"), max_length=255, required=True)
    decided_on = date_field(_("Decided on"))

    def clean_account(self):
        return _account(self.cleaned_data["account"])


# Personnel actions


class IdNumberInput(forms.TextInput):
    """Never sends an ID number back to the browser, not even after an error."""

    def __init__(self):
        super().__init__(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"})

    def format_value(self, value):
        return None


class PersonnelActionForm(forms.Form):
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=20,
        widget=IdNumberInput(),
        help_text=_("Citizen ID card (12 digits) or old ID card (9 digits). Only a keyed hash of it is kept."),
    )
    full_name = TextField(
        label=_("Full name"), max_length=200, required=True, help_text=_("To check what you type; it is not kept.")
    )
    action = forms.ChoiceField(label=_("Personnel action"), choices=PersonnelActionKind.choices)
    effective_date = date_field(_("Effective date"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    note = TextField(
        label=_("Note"), max_length=500, help_text=_("For example the decision number; not the name or the ID number.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = permissions.personnel_units(user)

    def clean_id_number(self):
        try:
            return clean_id_number(self.cleaned_data["id_number"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["id_number"]) from error


class PersonnelImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        help_text=_("With a header row. CSV in UTF-8, commas or semicolons between the columns; or .xlsx."),
    )


# False reports and commendation


class _UnitForm(_UserForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = permissions.retaliation_units(user)


class FalseReportForm(_UnitForm):
    petition_reference = TextField(label=_("Petition registry number"), max_length=20)
    matter_reference = TextField(label=_("Matter number"), max_length=20)
    finding = TextField(label=_("Finding"), multiline=True, rows=4, required=True)
    found_on = date_field(_("Found on"))
    handling = forms.ChoiceField(label=_("What was done"), choices=FalseReportHandling.choices)
    handling_detail = TextField(label=_("Details of the handling"), max_length=300)
    handled_by = TextField(label=_("Decided by"), max_length=255)
    handled_on = date_field(_("Decided on"), required=False)

    def clean_petition_reference(self):
        return self._petition(self.cleaned_data["petition_reference"])

    def clean_matter_reference(self):
        reference = self.cleaned_data["matter_reference"]
        if not reference:
            return None
        matter = permissions.matters_visible_to(self.user).filter(reference=reference).first()
        if matter is None:
            raise ValidationError(_("You have no matter with this number."))
        return matter


class CommendationEntryForm(_UnitForm):
    recipient_kind = forms.ChoiceField(label=_("Commended"), choices=RecipientKind.choices, widget=forms.RadioSelect)
    petition_reference = TextField(
        label=_("Reporter's petition registry number"),
        max_length=20,
        help_text=_("For a reporter: the record keeps the petition and its pseudonym."),
    )
    public_consent = forms.BooleanField(label=_("The reporter agreed to a public commendation"), required=False)
    recipient_name = TextField(
        label=_("Name"),
        max_length=255,
        help_text=_("Of the unit or the official; of a reporter only if they agreed to a public commendation."),
    )
    reason = TextField(label=_("Reason"), multiline=True, rows=3)
    form = forms.ChoiceField(label=_("Form"), choices=CommendationForm.choices)
    amount = forms.DecimalField(label=_("Amount (VND)"), required=False, min_value=1, max_digits=15, decimal_places=0)
    form_detail = TextField(label=_("Details of the form"), max_length=300)
    deciding_body = TextField(label=_("Deciding body"), max_length=255, required=True)
    decided_on = date_field(_("Decided on"))

    def clean_petition_reference(self):
        return self._petition(self.cleaned_data["petition_reference"])
