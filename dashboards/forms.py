"""The dashboard's window: a preset, or two dates."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboards.periods import CUSTOM, LAST_12_MONTHS, PRESETS, Window, preset_window

# Ten years: a longer window would need a chart of more than forty quarters.
MAX_DAYS = 3653


class DateInput(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})}, format="%d/%m/%Y"
        )


class WindowForm(forms.Form):
    preset = forms.ChoiceField(label=_("Period"), choices=PRESETS, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if data.get("preset") == CUSTOM or (not data.get("preset") and (date_from or date_to)):
            data["preset"] = CUSTOM
            if not (date_from and date_to):
                raise forms.ValidationError(_("Give both dates of the period."))
            if date_to < date_from:
                raise forms.ValidationError(_("The period ends before it starts."))
            if (date_to - date_from).days > MAX_DAYS:
                raise forms.ValidationError(_("Choose a period of ten years at most."))
        return data

    def window(self, today: datetime.date) -> Window:
        """The window asked for; the last 12 months when the form is empty or wrong."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        preset = data.get("preset") or LAST_12_MONTHS
        if preset == CUSTOM:
            return Window(data["date_from"], data["date_to"])
        return preset_window(preset, today)
