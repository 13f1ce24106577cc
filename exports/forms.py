from django import forms
from django.utils.translation import gettext_lazy as _

from exports.models import ExportStatus


class JobFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + list(ExportStatus.choices))
