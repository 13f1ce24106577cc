from django import forms
from django.utils.translation import gettext_lazy as _

from audit.actions import ACTION_LABELS


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[])
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=64)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *ACTION_LABELS.items()]
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs["placeholder"] = _("dd/mm/yyyy")
