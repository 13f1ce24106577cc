"""Forms of the campaign screens. They check what a person typed; the services check the rules again."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns import schedules
from campaigns.consolidation import Consolidation, narratives, numbers
from campaigns.models import CampaignStatus, parse_days
from campaigns.services import MAX_FIGURE
from cases.forms import EvidenceField, TextField
from exports.models import ExportKind
from org.models import AdministrativeLevel, Unit, UnitKind
from reporting.models import ReportTemplate


class DateInput(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})}, format="%d/%m/%Y"
        )


def date_field(label, *, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'— ' * obj.depth}{obj.name}"


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(name)s (version %(version)s)") % {"name": obj.name, "version": obj.version}


# The list


class CampaignFilterForm(forms.Form):
    q = TextField(
        label=_("Search"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title or reference")}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *CampaignStatus.choices]
    )
    year = forms.TypedChoiceField(label=_("Year due"), required=False, coerce=int, empty_value=None)
    issuer = forms.ModelChoiceField(label=_("Issuing unit"), required=False, queryset=None, empty_label=_("All units"))

    def __init__(self, *args, years, issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]
        self.fields["issuer"].queryset = issuers

    def filters(self) -> dict:
        """The valid filters; a filter with a bad value is dropped, the others still apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "status": data.get("status") or "",
            "year": data.get("year"),
            "issuer": data.get("issuer"),
        }


# Creating and changing a campaign


class CampaignForm(forms.Form):
    issuer = UnitChoiceField(label=_("Issuing unit"), queryset=None)
    template = TemplateChoiceField(label=_("Report template"), queryset=None)
    title = TextField(label=_("Title"), max_length=255, required=True)
    reference = TextField(
        label=_("Reference document"), max_length=255, help_text=_("For example “Kế hoạch số 162-KH/TU”.")
    )
    date_from = date_field(_("Data from"), required=False, help_text=_("Empty: the template's window, if it has one."))
    date_to = date_field(_("Data to"), required=False)
    due_on = date_field(_("Due on"))
    reminder_days_before = forms.CharField(
        label=_("Reminders before the due date (days)"),
        max_length=50,
        required=False,
        initial="7,1",
        help_text=_("Days before the due date, separated by commas, e.g. “7,1”."),
    )
    remind_after_every_days = forms.IntegerField(
        label=_("After the due date, remind every (days)"),
        min_value=0,
        max_value=60,
        initial=3,
        help_text=_("0: no reminder after the due date."),
    )

    def __init__(self, *args, issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers.order_by("path")
        self.fields["template"].queryset = ReportTemplate.objects.order_by("name", "code", "-version")

    def clean_reminder_days_before(self):
        value = self.cleaned_data.get("reminder_days_before") or ""
        try:
            return ",".join(str(day) for day in parse_days(value))
        except ValueError:
            raise ValidationError(_("Write whole numbers of days separated by commas, e.g. “7,1”.")) from None

    def clean(self):
        data = super().clean()
        template = data.get("template")
        if template is not None:
            data["date_from"] = data.get("date_from") or template.default_date_from
            data["date_to"] = data.get("date_to") or template.default_date_to
        for name in ("date_from", "date_to"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Give the data window (the template has none)."))
        return data


class RecipientSelectionForm(forms.Form):
    """Expands to units: one unit, or a subtree filtered by kind and administrative level."""

    root = UnitChoiceField(label=_("Unit"), queryset=None)
    include_below = forms.BooleanField(label=_("and the units below it"), required=False, initial=True)
    kinds = forms.MultipleChoiceField(
        label=_("Only units of these kinds"),
        required=False,
        choices=UnitKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    levels = forms.ModelMultipleChoiceField(
        label=_("Only units at these levels"),
        required=False,
        queryset=AdministrativeLevel.objects.order_by("rank"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, issuer: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["root"].queryset = Unit.objects.filter(path__startswith=issuer.path).order_by("path")
        self.fields["root"].initial = issuer.pk


class DueForm(forms.Form):
    due_on = date_field(_("Due on"))


class ReturnForm(forms.Form):
    comment = TextField(label=_("What must be corrected"), multiline=True, rows=3, required=True)


class AcceptForm(forms.Form):
    comment = TextField(label=_("Comment"), multiline=True, rows=2)


class ScheduleForm(forms.Form):
    issuer = UnitChoiceField(label=_("Issuing unit"), queryset=None)
    schedule = forms.ChoiceField(label=_("Built-in schedule"), choices=())
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)

    def __init__(self, *args, issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers.order_by("path")
        self.fields["schedule"].choices = list(schedules.SCHEDULES.items())
        self.fields["year"].initial = timezone.localdate().year


class ExportForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k, label) for k, label in ExportKind.choices if k in ("docx", "xlsx", "pdf")])


class FilesForm(forms.Form):
    files = EvidenceField(label=_("Add documents"), help_text=_("PDF, Word, Excel, images, text."))


# The report


class ReportInfoForm(forms.Form):
    report_number = TextField(
        label=_("Document number"), max_length=100, help_text=_("For example “Số 12-BC/ĐU” or “Số: 12/BC-UBND”.")
    )
    report_place = TextField(label=_("Place"), max_length=100)
    signed_on = date_field(_("Signed on"), required=False)
    signer_title = TextField(
        label=_("Signer's title"), max_length=255, help_text=_("For example “T/M BAN THƯỜNG VỤ” then “BÍ THƯ”.")
    )
    signer_name = TextField(label=_("Signer's name"), max_length=150)
    report_recipients = TextField(
        label=_("Recipients (Nơi nhận)"), multiline=True, rows=4, help_text=_("One per line.")
    )


def _input_name(prefix: str, key: str) -> str:
    return f"{prefix}_{key.replace(':', '_')}"


class ReportValuesForm(forms.Form):
    """Every number and text of the report, built from its consolidation: a figure (its value
    and, for a computed one, the note saying why it was changed) and the narratives."""

    def __init__(self, *args, consolidation: Consolidation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consolidation = consolidation
        self.number_keys: dict[str, tuple[str, str]] = {}
        self.text_keys: dict[str, str] = {}
        own = consolidation.recipient.values or {}
        report = consolidation.report
        for key, label, item in numbers(report):
            line = consolidation.lines[key]
            value_name, note_name = _input_name("n", key), _input_name("note", key)
            self.fields[value_name] = forms.IntegerField(
                label=label, required=False, min_value=0, max_value=MAX_FIGURE, initial=line.value
            )
            self.fields[value_name].widget.attrs["class"] = "figure-input"
            self.fields[note_name] = forms.CharField(
                label=_("Why it differs from the computed figure") if line.bound else _("Note"),
                required=False,
                max_length=1000,
                initial=line.own_note,
            )
            self.number_keys[key] = (value_name, note_name)
            item.input = self[value_name]
            item.note_input = self[note_name]
            item.line = line
        for key, _section, item in narratives(report):
            name = _input_name("t", key)
            self.fields[name] = TextField(
                label=item.label, multiline=True, rows=5, initial=(own.get(key) or {}).get("text", "")
            )
            self.text_keys[key] = name
            item.input = self[name]
        for appendix in report.appendices:
            for row in appendix.rows:
                for cell in row:
                    if getattr(cell, "free_text", False) and cell.key:
                        key = f"a{appendix.id}:{cell.key}"
                        name = _input_name("t", key)
                        self.fields[name] = TextField(
                            label=cell.key, max_length=1000, initial=(own.get(key) or {}).get("text", "")
                        )
                        self.text_keys[key] = name
                        cell.input = self[name]

    def values(self) -> dict:
        """What was typed, as the engine reads it."""
        data = self.cleaned_data
        values: dict[str, dict] = {}
        for key, (value_name, note_name) in self.number_keys.items():
            entry = {}
            if data.get(value_name) is not None:
                entry["value"] = data[value_name]
            if (data.get(note_name) or "").strip():
                entry["note"] = data[note_name].strip()
            if entry:
                values[key] = entry
        for key, name in self.text_keys.items():
            if (data.get(name) or "").strip():
                values.setdefault(key, {})["text"] = data[name]
        return values
