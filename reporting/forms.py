from django import forms
from django.utils.translation import gettext_lazy as _

from baove.figures import FIGURES
from org.models import AdministrativeLevel
from reporting.models import DocumentStyle, FieldKind


class DateInput(forms.DateInput):
    """Dates as dd/mm/yyyy, as everywhere on the staff side."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})}, format="%d/%m/%Y"
        )


def figure_choices():
    """Every registered figure, by its label (the key after it, for the careful reader)."""
    figures = sorted(FIGURES.values(), key=lambda spec: spec.key)
    return [("", _("— entered by hand —"))] + [(spec.key, f"{spec.label} [{spec.key}]") for spec in figures]


def level_choices():
    return [("", _("All levels"))] + [(level.code, level.name) for level in AdministrativeLevel.objects.all()]


class TemplateFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    style = forms.ChoiceField(label=_("Document style"), required=False)
    builtin = forms.ChoiceField(
        label=_("Origin"),
        required=False,
        choices=[("", _("All")), ("yes", _("Built in")), ("no", _("Copies"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["style"].choices = [("", _("All"))] + list(DocumentStyle.choices)


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    title = forms.CharField(label=_("Report title"), widget=forms.Textarea(attrs={"rows": 3}))
    style = forms.ChoiceField(label=_("Document style"), choices=DocumentStyle.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    default_date_from = forms.DateField(label=_("Data window from"), required=False, widget=DateInput())
    default_date_to = forms.DateField(label=_("Data window to"), required=False, widget=DateInput())


class SectionForm(forms.Form):
    parent = forms.ChoiceField(label=_("Under"), required=False)
    number = forms.CharField(
        label=_("Number"),
        max_length=16,
        required=False,
        help_text=_("As printed: “II”, “2.1”, or “-” for a bullet."),
    )
    heading = forms.CharField(label=_("Heading"), widget=forms.Textarea(attrs={"rows": 3}))
    guidance = forms.CharField(
        label=_("Guidance"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed in italics after the heading; not part of the answer."),
    )

    def __init__(self, *args, sections=(), exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        excluded = set(exclude)
        self.sections = {str(section.pk): section for section in sections if section.pk not in excluded}
        self.fields["parent"].choices = [("", _("— top level —"))] + [
            (key, f"{'· ' * depth}{section}"[:120]) for key, (section, depth) in self._ordered(sections, excluded)
        ]

    @staticmethod
    def _ordered(sections, excluded):
        children = {}
        for section in sections:
            children.setdefault(section.parent_id, []).append(section)

        def walk(parent_id, depth):
            for section in sorted(children.get(parent_id, []), key=lambda s: (s.position, s.pk)):
                if section.pk in excluded:
                    continue
                yield str(section.pk), (section, depth)
                yield from walk(section.pk, depth + 1)

        return list(walk(None, 0))

    def clean_parent(self):
        value = self.cleaned_data["parent"]
        return self.sections.get(value) if value else None


class FieldForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FieldKind.choices)
    label = forms.CharField(label=_("Label"), widget=forms.Textarea(attrs={"rows": 2}))
    figure_key = forms.ChoiceField(
        label=_("Figure"),
        required=False,
        help_text=_("For a figure: computed from the records, or entered by the unit."),
    )
    level = forms.ChoiceField(label=_("Administrative level"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["figure_key"].choices = figure_choices()
        self.fields["level"].choices = level_choices()


class CellForm(forms.Form):
    CONTENT_CHOICES = [
        ("text", _("Text")),
        ("figure", _("Figure computed from the records")),
        ("manual", _("Number entered by the unit")),
        ("free_text", _("Text entered by the unit")),
    ]

    content = forms.ChoiceField(label=_("Content"), choices=CONTENT_CHOICES, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    figure_key = forms.ChoiceField(label=_("Figure"), required=False)
    level = forms.ChoiceField(label=_("Administrative level"), required=False)
    italic = forms.BooleanField(label=_("Italics"), required=False)
    bold = forms.BooleanField(label=_("Bold"), required=False)

    def __init__(self, *args, header: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["figure_key"].choices = figure_choices()
        self.fields["level"].choices = level_choices()
        if header:
            self.fields["content"].choices = self.CONTENT_CHOICES[:1]

    def clean(self):
        data = super().clean()
        if data.get("content") == "figure" and not data.get("figure_key"):
            self.add_error("figure_key", _("Choose the figure."))
        return data


class PreviewForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The window ends before it begins."))
        return data
