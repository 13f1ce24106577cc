import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.forms import TextField
from org.models import Unit
from protection.models import CaseStatus, Origin, PersonRequestKind, ProtectionKind, Relationship

DATE_HELP = _("dd/mm/yyyy")
GRANT, REFUSE = "grant", "refuse"
ACCEPT, REJECT = "accept", "reject"


def _date_field(label, *, required: bool = False, help_text=DATE_HELP) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=forms.DateInput(attrs={"placeholder": DATE_HELP})
    )


def _kinds_field(label, *, required: bool = False) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=required, choices=ProtectionKind.choices, widget=forms.CheckboxSelectMultiple
    )


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + CaseStatus.choices)
    kind = forms.ChoiceField(
        label=_("Protection requested"), required=False, choices=[("", _("All"))] + ProtectionKind.choices
    )

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {"status": self.cleaned_data["status"], "kind": self.cleaned_data["kind"]}


class ReasonForm(forms.Form):
    reason = TextField(
        label=_("Reason"),
        max_length=1000,
        required=True,
        help_text=_("Recorded in the audit trail and shown to the identity custodians."),
    )


STAFF_ORIGINS = [(value, label) for value, label in Origin.choices if value != Origin.PORTAL]


class CaseForm(forms.Form):
    """Opening a case. ``from_petition`` drops what the petition already says (unit, origin, time)."""

    unit = forms.ModelChoiceField(label=_("Deciding unit"), queryset=Unit.objects.none())
    origin = forms.ChoiceField(label=_("How the request came"), choices=STAFF_ORIGINS, initial=Origin.STAFF)
    requested_at = forms.DateTimeField(
        label=_("Requested at"), help_text=_("For an urgent call: when the call came. dd/mm/yyyy hh:mm")
    )
    petition_reference = TextField(
        label=_("Registry number of the petition"),
        max_length=20,
        help_text=_("If the request is linked to a petition: the reporter then reads the notices on the portal."),
    )
    relationship = forms.ChoiceField(label=_("Person to protect"), choices=Relationship.choices)
    kinds = _kinds_field(_("Protection requested"))
    summary = TextField(
        label=_("Summary for the decision"),
        multiline=True,
        required=True,
        help_text=_(
            "What is threatened and by whom, what is asked. Without the person's name or anything that "
            "identifies them: heads decide on this."
        ),
    )
    full_name = TextField(label=_("Full name"), max_length=200, required=True)
    id_number = TextField(label=_("Identity card number"), max_length=20)
    date_of_birth = _date_field(_("Date of birth"))
    phone = TextField(label=_("Phone"), max_length=30)
    address = TextField(label=_("Address"), max_length=500)
    relationship_details = TextField(
        label=_("Relationship to the reporter"), max_length=500, help_text=_("For a relative: how they are related.")
    )
    reasons = TextField(
        label=_("Reasons and threats, as told"),
        multiline=True,
        required=True,
        help_text=_("Sealed with the identity: only identity custodians read it."),
    )

    def __init__(self, *args, units=None, petitions=None, from_petition: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].help_text = _("Secrecy of information is always included.")
        self.petitions = petitions
        if from_petition:
            for name in ("unit", "origin", "requested_at", "petition_reference"):
                del self.fields[name]
            return
        self.fields["unit"].queryset = units.order_by("path")
        if units.count() == 1:
            self.fields["unit"].initial = units.first().pk
        self.fields["requested_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["requested_at"].widget.attrs["placeholder"] = _("dd/mm/yyyy hh:mm")

    def clean_requested_at(self):
        value = self.cleaned_data["requested_at"]
        if value > timezone.now() + datetime.timedelta(minutes=5):
            raise ValidationError(_("The time of the request cannot be in the future."))
        return value

    def clean_petition_reference(self):
        reference = self.cleaned_data.get("petition_reference")
        if not reference:
            return None
        petition = self.petitions.filter(reference=reference).first() if self.petitions is not None else None
        if petition is None:
            raise ValidationError(_("No petition of your units has this registry number."))
        return petition

    def person(self) -> dict:
        data = self.cleaned_data
        return {
            key: data.get(key) or ""
            for key in ("full_name", "id_number", "date_of_birth", "phone", "address", "relationship_details")
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(GRANT, _("Grant protection")), (REFUSE, _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reasons = TextField(label=_("Reasons"), multiline=True, rows=4, required=True)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("protection", "Kind"), choices=[("", "—")] + ProtectionKind.choices, required=False
    )
    body = TextField(label=_("Responsible body"), max_length=255, help_text=_("For example: Công an tỉnh An Giang"))
    unit = forms.ModelChoiceField(
        label=_("Responsible unit (in the system)"), queryset=Unit.objects.all(), required=False
    )
    starts_on = _date_field(_("From"), help_text=_("dd/mm/yyyy; empty: today, carried out at once"))
    ends_on = _date_field(_("Until"))
    description = TextField(label=_("What is done"), max_length=1000)

    def clean(self):
        data = super().clean()
        if data.get("kind") and not data.get("body"):
            self.add_error("body", _("Name the responsible body."))
        if data.get("body") and not data.get("kind"):
            self.add_error("kind", _("Choose the kind of measure."))
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if ends_on and ends_on < (starts_on or timezone.localdate()):
            self.add_error("ends_on", _("A measure cannot end before it starts."))
        return data

    def measure(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("kind"):
            return None
        return {key: data.get(key) for key in ("kind", "body", "unit", "starts_on", "ends_on", "description")}


MeasureFormSet = forms.formset_factory(MeasureForm, extra=3, max_num=10)


class MeasureChangeForm(forms.Form):
    body = TextField(label=_("Responsible body"), max_length=255, required=True)
    ends_on = _date_field(_("Until"))
    end = forms.BooleanField(label=_("End this measure now"), required=False)
    reason = TextField(label=_("Reason"), max_length=1000)

    def clean(self):
        data = super().clean()
        if data.get("end") and not data.get("reason"):
            self.add_error("reason", _("Write why the measure ends."))
        return data


class PersonRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("The person asks to"), choices=PersonRequestKind.choices)
    kinds = _kinds_field(_("Protection concerned"))
    summary = TextField(
        label=_("Summary"),
        multiline=True,
        rows=4,
        required=True,
        help_text=_("Without the person's identity: heads decide on this."),
    )


class PersonRequestDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ACCEPT, pgettext_lazy("protection", "Accept")),
            (REJECT, pgettext_lazy("protection", "Do not accept")),
        ],
        widget=forms.RadioSelect,
    )
    reasons = TextField(label=_("Reasons"), max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == REJECT and not data.get("reasons"):
            self.add_error("reasons", _("Write why the request is not accepted."))
        return data


class CheckInScheduleForm(forms.Form):
    due_on = _date_field(_("Review on"), required=True)
    note = TextField(label=_("What to check"), max_length=1000)


class CheckInRecordForm(forms.Form):
    done_on = _date_field(_("Done on"), help_text=_("dd/mm/yyyy; empty: today"))
    note = TextField(
        label=_("How it went"),
        multiline=True,
        rows=3,
        required=True,
        help_text=_("Whether the threat remains, what changes. Without the person's identity."),
    )


class EndForm(forms.Form):
    reason = TextField(
        label=_("Reason for ending"),
        multiline=True,
        rows=3,
        required=True,
        help_text=_("For example: the matter is concluded, the threat is gone. Every measure ends today."),
    )
