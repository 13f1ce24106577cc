"""Forms of the historical data screens: they check what a person typed; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.permissions import history_units
from baove.figures import FIGURES
from history.models import BatchStatus, ImportKind
from org.models import AdministrativeLevel


class DateInput(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})}, format="%d/%m/%Y"
        )


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), input_formats=["%d/%m/%Y", "%Y-%m-%d"], **kwargs)


def level_choices() -> list[tuple[str, str]]:
    return [("", _("All levels")), *((level.code, level.name) for level in AdministrativeLevel.objects.all())]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        help_text=_("With a header row. CSV in UTF-8, commas or semicolons between the columns; or .xlsx."),
    )


class BatchFilterForm(forms.Form):
    q = forms.CharField(label=_("File"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Register"), required=False, choices=[("", _("All")), *ImportKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *BatchStatus.choices])


class _UnitsForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = history_units(user).order_by("path")


class AggregateFilterForm(_UnitsForm):
    q = forms.CharField(label=_("Figure"), required=False, max_length=100)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False, empty_label=_("All"))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)


class AggregatePeriodForm(_UnitsForm):
    """Which unit, level and period the grid of figures is for."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    level = forms.ChoiceField(
        label=_("Administrative level"),
        required=False,
        help_text=_("All levels, or the units of one level in the subtree (for the columns of a table by level)."),
    )
    period_from = _date_field(_("From"))
    period_to = _date_field(_("To"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["level"].choices = level_choices()

    def clean(self):
        data = super().clean()
        if data.get("period_from") and data.get("period_to") and data["period_to"] < data["period_from"]:
            self.add_error("period_to", _("The period ends before it starts."))
        return data


class AggregateGridForm(forms.Form):
    """One number per figure (empty: no aggregate) and the source they come from."""

    note = forms.CharField(label=_("Source"), required=False, max_length=255, help_text=_("E.g. the report's number."))

    def __init__(self, *args, keys, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = list(keys)
        for key in self.keys:
            self.fields[self.field_name(key)] = forms.IntegerField(
                label=FIGURES[key].label,
                required=False,
                min_value=0,
            )

    @staticmethod
    def field_name(key: str) -> str:
        return "f__" + key.replace(".", "__")

    def values(self) -> dict[str, int | None]:
        return {key: self.cleaned_data.get(self.field_name(key)) for key in self.keys}
