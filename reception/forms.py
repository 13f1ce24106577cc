"""Forms of the reception screens. They check what a person typed; the services check the rules again."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Membership, Role, User
from accounts.permissions import covering_q
from cases.forms import ANONYMOUS, IDENTITY_FIELDS, NAMED, TextField, identity_of
from cases.models import Kind, Subject
from org.models import AdministrativeLevel
from reception import services
from reception.models import Competence, MatterKind, Outcome, SessionKind, SessionStatus, VisitKind

ALL = [("", _("All"))]
YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]


class DateInput(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})}, format="%d/%m/%Y"
        )


def date_field(label, *, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


def time_field(label) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=["%H:%M", "%H.%M", "%Hh%M", "%Hh"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm", "inputmode": "numeric"}),
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class HostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return " — ".join(part for part in (obj.full_name or obj.username, obj.position) if part)


# Sessions


class SessionFilterForm(forms.Form):
    q = TextField(
        label=_("Search"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Place, host, unit")}),
    )
    unit = UnitChoiceField(label=_("Unit"), required=False, queryset=None, empty_label=_("All units"))
    kind = forms.ChoiceField(label=_("Kind of session"), required=False, choices=ALL + SessionKind.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + SessionStatus.choices)
    hosted_by_head = forms.ChoiceField(label=_("The head hosts in person"), required=False, choices=YES_NO)
    date_from = date_field(_("From"), required=False)
    date_to = date_field(_("To"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("path")

    def filters(self) -> dict:
        """The valid filters; a filter with a bad value is dropped, the others still apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class SessionForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices)
    date = date_field(_("Date"))
    start_time = time_field(_("Starts at"))
    end_time = time_field(_("Ends at"))
    place = TextField(label=_("Place"), max_length=255, required=True)
    host_title = TextField(
        label=_("Host"),
        max_length=200,
        required=True,
        help_text=_("Title and name as shown on the portal, e.g. “Bí thư Đảng ủy xã Nguyễn Văn A”."),
    )
    hosted_by_head = forms.BooleanField(label=_("The head of the unit hosts in person"), required=False, initial=True)
    host = HostChoiceField(
        label=_("Host's account"),
        required=False,
        queryset=None,
        help_text=_("If the host has an account here. The head's in-person days are counted for the reception duty."),
    )
    delegated_reason = TextField(
        label=_("Why the head delegated"), max_length=500, help_text=_("When someone else hosts for the head.")
    )
    status = forms.ChoiceField(label=_("Status"), choices=SessionStatus.choices, initial=SessionStatus.PLANNED)
    published = forms.BooleanField(
        label=_("Publish on the portal schedule"),
        required=False,
        help_text=_("Citizens see the unit, date, time, place and host of upcoming sessions."),
    )
    notes = TextField(label=_("Notes"), multiline=True, rows=3)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        units = units.order_by("path")
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first().pk
        heads = Membership.objects.filter(role__in=(Role.HEAD, Role.DEPUTY_HEAD), unit__in=units)
        self.fields["host"].queryset = User.objects.filter(pk__in=heads.values("user_id")).order_by("full_name")

    def clean(self):
        data = super().clean()
        host, unit = data.get("host"), data.get("unit")
        if host is not None and unit is not None:
            holds = Membership.objects.filter(covering_q(unit), user=host, role__in=(Role.HEAD, Role.DEPUTY_HEAD))
            if not holds.exists():
                self.add_error("host", _("This person is not a head or deputy head of the unit."))
        return data

    def session_data(self) -> services.SessionData:
        return services.SessionData(**self.cleaned_data)

    @staticmethod
    def initial_for(session) -> dict:
        return {name: getattr(session, name) for name in services.SESSION_FIELDS}


# Visits


class VisitFilterForm(forms.Form):
    q = TextField(
        label=_("Search"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Place, host, unit")}),
    )
    unit = UnitChoiceField(label=_("Unit"), required=False, queryset=None, empty_label=_("All units"))
    kind = forms.ChoiceField(label=_("Visitors"), required=False, choices=ALL + VisitKind.choices)
    matter_kind = forms.ChoiceField(label=_("What they brought"), required=False, choices=ALL + MatterKind.choices)
    flag = forms.ChoiceField(
        label=_("Flag"),
        required=False,
        choices=[
            ("", _("All")),
            ("complex_prolonged", _("Complex or prolonged")),
            ("degradation", _("Degradation, “self-evolution”, “self-transformation”")),
            ("exploited_incitement", _("Exploited or incited")),
        ],
    )
    refused = forms.ChoiceField(label=pgettext_lazy("reception", "Refused"), required=False, choices=YES_NO)
    competence = forms.ChoiceField(label=_("Competence"), required=False, choices=ALL + Competence.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=ALL + Outcome.choices)
    converted = forms.ChoiceField(label=_("Became a petition"), required=False, choices=YES_NO)
    date_from = date_field(_("From"), required=False)
    date_to = date_field(_("To"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("path")

    filters = SessionFilterForm.filters


class VisitForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Visitors"), choices=VisitKind.choices, initial=VisitKind.INDIVIDUAL, widget=forms.RadioSelect
    )
    headcount = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        max_value=10000,
        initial=1,
        help_text=_("1 for one person; for a mass delegation, how many came (at least %(count)d).")
        % {"count": services.delegation_min_people()},
    )
    matter_kind = forms.ChoiceField(label=_("What they brought"), choices=MatterKind.choices)
    subject = forms.ChoiceField(label=_("Subject"), choices=Subject.choices, initial=Subject.OTHER)
    summary = TextField(
        label=_("Summary of the matter"),
        multiline=True,
        rows=5,
        required=True,
        help_text=_(
            "Write it without the visitors' names, ID numbers, phone numbers or addresses: those go only "
            "into a petition, where they are sealed."
        ),
    )
    complex_prolonged = forms.BooleanField(label=_("Complex or prolonged"), required=False)
    degradation = forms.BooleanField(
        label=_("Concerns degradation, “self-evolution” or “self-transformation” of officials or Party members"),
        required=False,
    )
    exploited_incitement = forms.BooleanField(
        label=_("Exploited or incited: persistent, rejects the competent body's decision, disturbs order"),
        required=False,
    )
    refused = forms.BooleanField(label=pgettext_lazy("reception", "Refused"), required=False)
    refusal_reason = TextField(
        label=_("Reason for refusing"), max_length=500, help_text=_("Required when the visitors were refused.")
    )
    competence = forms.ChoiceField(label=_("Competence"), required=False, choices=[("", "—"), *Competence.choices])
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", "—"), *Outcome.choices], initial=Outcome.IN_PROGRESS
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == VisitKind.INDIVIDUAL:
            data["headcount"] = 1
        return data

    def visit_data(self) -> services.VisitData:
        return services.VisitData(**self.cleaned_data)

    @staticmethod
    def initial_for(visit) -> dict:
        return {name: getattr(visit, name) for name in services.VISIT_FIELDS}


class VisitPetitionForm(forms.Form):
    """What the intake officer registers as a petition; the identity only if the visitor gave it."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    subject = forms.ChoiceField(label=_("Subject"), choices=Subject.choices)
    content = TextField(
        label=_("Content"),
        multiline=True,
        rows=8,
        required=True,
        help_text=_("As the visitor gave it. It is sealed; handlers only see the working copy."),
    )
    incident_time = TextField(label=_("When it happened"), max_length=500)
    incident_place = TextField(label=_("Where it happened"), max_length=500)
    accused_name = TextField(label=_("Person reported: name"), max_length=200)
    accused_position = TextField(label=_("Person reported: position"), max_length=200)
    accused_unit = TextField(label=_("Person reported: unit or workplace"), max_length=255)
    identity_choice = forms.ChoiceField(
        label=_("Did the visitor give a name?"),
        choices=[(ANONYMOUS, _("Anonymous or did not give a name")), (NAMED, _("Gave their name"))],
        initial=ANONYMOUS,
        widget=forms.RadioSelect,
    )
    full_name = TextField(label=_("Full name"), max_length=200)
    id_number = TextField(label=_("Identity card number"), max_length=20)
    date_of_birth = date_field(_("Date of birth"), required=False)
    phone = TextField(label=_("Phone"), max_length=30)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    address = TextField(label=_("Address"), max_length=500)
    workplace = TextField(label=_("Workplace"), max_length=255)
    protection_requested = forms.BooleanField(label=_("The visitor asks for protection"), required=False)
    issue_receipt = forms.BooleanField(
        label=_("Issue a receipt code to the visitor"),
        required=False,
        initial=True,
        help_text=_("With the code the visitor follows the petition and exchanges messages on the portal."),
    )

    KIND_BY_MATTER = {
        MatterKind.FEEDBACK: Kind.FEEDBACK,
        MatterKind.RECOMMENDATION: Kind.FEEDBACK,
        MatterKind.COMPLAINT: Kind.COMPLAINT,
        MatterKind.DENUNCIATION: Kind.DENUNCIATION,
    }

    @classmethod
    def initial_for(cls, visit) -> dict:
        return {
            "kind": cls.KIND_BY_MATTER.get(visit.matter_kind, Kind.FEEDBACK),
            "subject": visit.subject,
            "content": visit.summary,
        }

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise ValidationError(_("The date of birth cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        if (data.get("accused_position") or data.get("accused_unit")) and not data.get("accused_name"):
            self.add_error("accused_name", _("Give the name, or clear the position and unit."))
        filled = [name for name in IDENTITY_FIELDS if data.get(name)]
        if data.get("identity_choice") == NAMED and not data.get("full_name"):
            self.add_error("full_name", _("Give the visitor's full name, or choose “anonymous”."))
        if data.get("identity_choice") == ANONYMOUS and filled:
            self.add_error(
                "identity_choice",
                _("You entered details about the visitor: choose “gave their name”, or clear those details."),
            )
        return data

    def identity(self) -> dict | None:
        return identity_of(self.cleaned_data)

    def accused(self) -> list[dict]:
        data = self.cleaned_data
        if not data.get("accused_name"):
            return []
        return [{"name": data["accused_name"], "position": data["accused_position"], "unit": data["accused_unit"]}]


# Duty


class DutyFilterForm(forms.Form):
    q = TextField(label=_("Unit"), max_length=100, widget=forms.TextInput(attrs={"type": "search"}))
    missed = forms.BooleanField(label=_("Only units with a missed month"), required=False)


class DutyRuleForm(forms.Form):
    level = forms.ModelChoiceField(label=_("Level"), queryset=AdministrativeLevel.objects.order_by("rank"))
    days_per_month = forms.IntegerField(label=_("Days a month"), min_value=0, max_value=31)
    valid_from = date_field(_("In force from"), help_text=_("Months ending on or after this day use the new number."))
    basis = TextField(label=_("Legal basis"), multiline=True, rows=3)
