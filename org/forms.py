from django import forms
from django.utils.translation import gettext_lazy as _

from org.models import AdministrativeLevel, Unit, UnitKind
from org.selectors import STATUS_ACTIVE, STATUS_ENDED


class UnitSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or code")}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *UnitKind.choices])
    level = forms.ModelChoiceField(
        label=_("Administrative level"),
        required=False,
        queryset=AdministrativeLevel.objects.all(),
        empty_label=_("All levels"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), (STATUS_ACTIVE, _("Active today")), (STATUS_ENDED, _("Ended"))],
    )


INDENT = "\u2003"  # an em space: a select cannot be styled, so the tree is shown by indentation


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{INDENT * min(obj.depth, 6)}{obj.name} ({obj.code})"


class UnitForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=Unit._meta.get_field("code").max_length,
        help_text=_("A short code, unique in the whole system, e.g. UBND-HB."),
    )
    name = forms.CharField(label=_("Name"), max_length=Unit._meta.get_field("name").max_length)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    level = forms.ModelChoiceField(label=_("Administrative level"), queryset=AdministrativeLevel.objects.all())
    parent = ParentChoiceField(label=_("Parent unit"), queryset=Unit.objects.none(), required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False, help_text=_("dd/mm/yyyy"))
    valid_to = forms.DateField(
        label=_("Valid to"), required=False, help_text=_("dd/mm/yyyy; leave empty while the unit exists.")
    )
    headcount = forms.IntegerField(
        label=_("Number of staff"),
        required=False,
        min_value=0,
        max_value=10_000_000,
        help_text=_("In a small unit the content of a report may itself point at the reporter."),
    )
    published = forms.BooleanField(
        label=_("Published on the portal"),
        required=False,
        initial=True,
        help_text=_("Reporters can choose this unit."),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the audit trail."),
    )

    def __init__(self, *args, parents, allow_root: bool, with_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        parent.queryset = parents.order_by("path")
        parent.required = not allow_root
        parent.empty_label = _("None: a top-level unit") if allow_root else _("Choose the parent unit")
        if not with_reason:
            del self.fields["reason"]


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_("UTF-8, with a header row; commas or semicolons between the columns."),
    )
