from django import forms
from django.utils.translation import gettext_lazy as _

from workcal.models import CalendarDay
from workcal.services import FIRST_YEAR, LAST_YEAR

DATE_FORMAT = "%d/%m/%Y"
MAX_CALCULATOR_DAYS = 1000


class DayField(forms.DateField):
    """A date typed as dd/mm/yyyy, within the years the calendar knows."""

    default_error_messages = {
        "invalid": _("Enter a real date as dd/mm/yyyy, for example 02/09/2026."),
        "out_of_range": _("Choose a date between %(first)s and %(last)s."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": _("dd/mm/yyyy"), "autocomplete": "off"})
        )
        super().__init__(input_formats=[DATE_FORMAT, "%Y-%m-%d"], **kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)


class CalendarDayForm(forms.Form):
    date = DayField(label=_("Date"), help_text=_("If the date already has an entry, it is replaced."))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=CalendarDay.Kind.choices,
        error_messages={"invalid_choice": _("Choose a kind of day from the list.")},
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("For example: Day off in exchange for 25/04/2026.")
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Reason for the audit trail"), required=False, max_length=500)


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class DueDateForm(forms.Form):
    start = DayField(label=_("Start date"))
    days = forms.IntegerField(label=_("Number of working days"), min_value=0, max_value=MAX_CALCULATOR_DAYS)


class CountForm(forms.Form):
    first = DayField(label=_("From"))
    last = DayField(label=_("To"))
