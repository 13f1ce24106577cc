"""The portal schedule's filter: the public side keeps its own forms (STYLE.md)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import TextField


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ScheduleFilterForm(forms.Form):
    q = TextField(label=_("Search by unit, place or host"), max_length=100)
    unit = UnitChoiceField(label=_("Unit"), required=False, queryset=None, empty_label=_("All units"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
