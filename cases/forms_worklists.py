from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import TextField, UnitField, set_unit_choices
from cases.models import Channel, Kind, MatterStatus, Status, Subject
from cases.worklists import DEADLINES, MATTERS, Filters

YES, NO = "yes", "no"


class WorklistFilterForm(forms.Form):
    """The same filters on every list; the status choices and the dates follow the kind of row."""

    q = TextField(
        label=_("Search"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Registry number or words")}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    subject = forms.ChoiceField(label=_("Subject"), required=False, choices=[("", _("All subjects")), *Subject.choices])
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices])
    status = forms.ChoiceField(label=_("Status"), required=False)
    unit = UnitField(label=_("Unit"))
    received_from = forms.DateField(label=_("Received from"), required=False)
    received_to = forms.DateField(label=_("Received to"), required=False)
    overdue = forms.ChoiceField(
        label=_("Overdue"),
        required=False,
        choices=[("", _("Overdue or not")), (YES, _("Overdue only")), (NO, _("Not overdue"))],
    )

    def __init__(self, *args, units, rows: str, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        set_unit_choices(self.fields["unit"], units=units, user=user)
        statuses = {
            MATTERS: list(MatterStatus.choices),
            DEADLINES: [(_("Petitions"), Status.choices), (_("Matters"), MatterStatus.choices)],
        }.get(rows, list(Status.choices))
        self.fields["status"].choices = [("", _("All statuses")), *statuses]
        if rows == MATTERS:
            self.fields["received_from"].label, self.fields["received_to"].label = _("Opened from"), _("Opened to")
        elif rows == DEADLINES:
            self.fields["received_from"].label = _("Received or opened from")
            self.fields["received_to"].label = _("Received or opened to")
        for name in ("received_from", "received_to"):
            self.fields[name].widget.attrs["placeholder"] = _("dd/mm/yyyy")

    def filters(self) -> Filters:
        """The valid filters; a filter with a bad value is dropped, the others still apply."""
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = self.cleaned_data
        overdue = data.get("overdue")
        return Filters(
            kind=data.get("kind") or "",
            subject=data.get("subject") or "",
            channel=data.get("channel") or "",
            status=data.get("status") or "",
            unit=data.get("unit"),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            overdue={YES: True, NO: False}.get(overdue),
            query=data.get("q") or "",
        )
