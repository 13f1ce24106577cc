"""The reporter's forms. The web pages and the JSON API validate with the same classes."""

import datetime
import functools
import html
import unicodedata

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Count, Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.files import inspect_all
from cases.models import Channel, Kind, MessageKind, Subject
from cases.services import Submission
from org.models import Unit

# Control characters are dropped except these; bidirectional overrides too, because they can make
# a text read differently on the staff side from what was sent.
_KEPT_CONTROLS = {"\n", "\t"}
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """NFC text without control characters (newlines and tabs stay in multi-line text)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    value = "".join(
        char
        for char in value
        if char in _KEPT_CONTROLS or (unicodedata.category(char) not in ("Cc", "Cs") and char not in _BIDI_CONTROLS)
    )
    return unicodedata.normalize("NFC", value)


class PlainTextField(forms.CharField):
    """A text field cleaned with ``clean_text``; at most ``TEXT_FIELD_MAX_CHARS`` by default.

    A long text gets a clear error rather than the browser's silent cut: multi-line fields carry
    no ``maxlength`` attribute.
    """

    def __init__(self, *, multiline: bool = False, max_length: int | None = None, **kwargs):
        self.multiline = multiline
        max_length = max_length or settings.TEXT_FIELD_MAX_CHARS
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8}))
        super().__init__(max_length=max_length, **kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
        self.validators.append(
            MaxLengthValidator(
                max_length,
                message=_(
                    "This text is too long: %(show_value)d characters, the limit is %(limit_value)d. "
                    "Shorten it, or send the rest as a file or later as a follow-up message."
                ),
            )
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_text(value, multiline=self.multiline)
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.multiline:
            attrs.pop("maxlength", None)
        return attrs


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files in one input, each checked by its content (``cases.files.inspect_all``)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if self.required and not uploads:
            raise ValidationError(self.error_messages["required"], code="required")
        return inspect_all(uploads)


KIND_CHOICES = [
    (Kind.DENUNCIATION.value, _("Denunciation: an official or a body broke the law")),
    (Kind.CRIME_REPORT.value, _("Crime report: you know of a crime")),
    (Kind.FEEDBACK.value, _("Feedback or recommendation: wrongdoing or a problem you want looked at")),
    (Kind.COMPLAINT.value, _("Complaint: a decision or action that affects you yourself")),
]
SUBJECT_CHOICES = [
    (Subject.CORRUPTION.value, _("Corruption (bribes, embezzlement, abuse of position for gain)")),
    (Subject.WASTE.value, _("Waste of public money or property")),
    (Subject.NEGATIVITY.value, _("Negative behaviour (harassment, causing trouble, abuse of power)")),
    (Subject.OTHER.value, _("Something else")),
]
ANONYMOUS, NAMED = "anonymous", "named"
UNKNOWN_UNIT = "-"
ACCUSED_ROWS = 3
ACCUSED_PARTS = ("name", "position", "unit")
ACCUSED_FIELDS = [
    ("name", pgettext_lazy("portal", "Name"), 200),
    ("position", pgettext_lazy("portal", "Position"), 200),
    ("unit", pgettext_lazy("portal", "Agency or unit"), 255),
]
IDENTITY_FIELDS = ("full_name", "id_number", "date_of_birth", "phone", "email", "address", "workplace")
# The error summary names a field by these when its label is a question.
SUMMARY_LABELS = {
    "kind": pgettext_lazy("portal", "Kind of report"),
    "subject": pgettext_lazy("portal", "Subject"),
    "reporter": pgettext_lazy("portal", "Your identity"),
    "incident_time": pgettext_lazy("portal", "Time"),
    "incident_place": pgettext_lazy("portal", "Place"),
}
# Depth is shown with non-breaking spaces: a select cannot be styled, and optgroups do not nest.
_INDENT = "\u00a0\u00a0\u00a0"


# The rows of the unit list change only when a unit is created, deleted or saved (``updated_at``),
# or when a day begins or ends a unit's validity: the cache key holds the day and a fingerprint of
# the table (count and latest ``updated_at``, one aggregate), so a newly published unit appears on
# the next page in every worker. The timeout is a second bound for bulk updates that bypass
# ``updated_at``.
UNIT_CHOICES_TIMEOUT = 10 * 60


def _unit_rows(today: datetime.date) -> list[tuple[str, str]]:
    """(code, indented name) of every published unit active on ``today``, in tree order; cached."""
    fingerprint = Unit.objects.aggregate(count=Count("pk"), changed=Max("updated_at"))
    changed = fingerprint["changed"].isoformat() if fingerprint["changed"] else "-"
    key = f"portal:unit-choices:{today.isoformat()}:{fingerprint['count']}:{changed}"
    rows = cache.get(key)
    if rows is None:
        units = list(
            Unit.objects.filter(published=True).active_on(today).order_by("path").values_list("code", "name", "depth")
        )
        top = min((depth for _code, _name, depth in units), default=0)
        rows = [(code, f"{_INDENT * (depth - top)}{name}") for code, name, depth in units]
        cache.set(key, rows, UNIT_CHOICES_TIMEOUT)
    return rows


def unit_choices(today: datetime.date) -> list[tuple[str, str]]:
    """The unit select's options; built only to render the form, never to validate a choice."""
    return [("", _("Choose a unit")), (UNKNOWN_UNIT, _("I don't know which unit")), *_unit_rows(today)]


def published_unit(code: str, today: datetime.date) -> Unit | None:
    """The unit a reporter may choose by this code: published and active on ``today`` (one query)."""
    return Unit.objects.filter(code=code, published=True).active_on(today).first()


def _escaped(value) -> str:
    """``conditional_escape`` without its wrapping, for thousands of options: the same text."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


class UnitSelect(forms.Select):
    """Django's select, written in Python: the same HTML as its templates give, without one template
    rendering per option (4,700 options took about 0.3 s a page through ``select_option.html``)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        # As django/forms/widgets/attrs.html: in order, False left out, True bare.
        written = "".join(
            format_html(" {}", key) if given is True else format_html(' {}="{}"', key, given)
            for key, given in widget["attrs"].items()
            if given is not False
        )
        chosen, selected = set(widget["value"]), False
        parts = [format_html('<select name="{}"', name), written, ">"]
        for code, label in self.choices:
            mark = ""
            if not selected and str(code) in chosen:
                mark, selected = " selected", True
            parts.append(f'\n  <option value="{_escaped(code)}"{mark}>{_escaped(label)}</option>\n')
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every name, value and label is escaped)


class UnitCodeField(forms.ChoiceField):
    """The unit a report concerns, sent as its code; cleans to the ``Unit`` or ``None`` ("I don't know").

    Validating looks up the chosen code alone; the list of every published unit (4,700 nationally)
    is built only when the form is rendered, and at most once per form.
    """

    widget = UnitSelect

    def __init__(self, **kwargs):
        super().__init__(choices=(), **kwargs)
        self.day = None

    def for_day(self, today: datetime.date) -> None:
        self.day = today
        self.choices = functools.cache(lambda: unit_choices(today))

    def clean(self, value):
        code = self.to_python(value)
        self.validate(code)
        self.run_validators(code)
        if code == UNKNOWN_UNIT:
            return None
        unit = published_unit(code, self.day or timezone.localdate())
        if unit is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": code})
        return unit

    def validate(self, value):
        forms.Field.validate(self, value)  # "required"; the choice itself is checked in ``clean``


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you sending?"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you are sending.")},
    )
    subject = forms.ChoiceField(
        label=_("What is it about?"),
        choices=SUBJECT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what it is about.")},
    )
    unit = UnitCodeField(
        label=_("The agency or unit it concerns"),
        error_messages={"required": _("Choose a unit, or “I don't know which unit”.")},
        help_text=_("If you are not sure, choose “I don't know which unit”: the report will still reach someone."),
    )
    content = PlainTextField(
        multiline=True,
        label=_("What happened"),
        error_messages={"required": _("Describe what happened.")},
        help_text=_(
            "Who did what, when, where, and how you know. If you want to stay anonymous, "
            "do not write details here that only you could know."
        ),
    )
    incident_time = PlainTextField(
        label=_("When did it happen?"), max_length=200, required=False, help_text=_("A date or a period, if you know.")
    )
    incident_place = PlainTextField(label=_("Where did it happen?"), max_length=500, required=False)

    reporter = forms.ChoiceField(
        label=_("Do you give your name?"),
        choices=[
            (ANONYMOUS, _("No, I stay anonymous")),
            (NAMED, _("Yes, I give my name and contact details")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you give your name.")},
        help_text=_(
            "Anonymous reports are checked when their content is concrete and can be verified, but an anonymous "
            "denunciation is not handled under the Law on Denunciation, and you can be protected only if the unit "
            "knows who you are. You can follow up with your receipt either way."
        ),
    )
    full_name = PlainTextField(label=pgettext_lazy("portal", "Full name"), max_length=200, required=False)
    id_number = PlainTextField(
        label=_("Citizen identity card number"), max_length=50, required=False, help_text=_("12 digits.")
    )
    date_of_birth = forms.DateField(
        label=pgettext_lazy("portal", "Date of birth"),
        required=False,
        input_formats=["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"],
        help_text=pgettext_lazy("portal", "dd/mm/yyyy"),
    )
    phone = PlainTextField(label=pgettext_lazy("portal", "Phone"), max_length=50, required=False)
    email = forms.EmailField(label=pgettext_lazy("portal", "E-mail"), max_length=254, required=False)
    address = PlainTextField(label=pgettext_lazy("portal", "Address"), max_length=500, required=False)
    workplace = PlainTextField(label=pgettext_lazy("portal", "Workplace"), max_length=255, required=False)
    protection_requested = forms.BooleanField(
        label=_("I ask for protection"),
        required=False,
        help_text=_(
            "For your job and position, life and health, property, honour and dignity, for you and your spouse, "
            "parents and children. You can also ask later, when you follow up."
        ),
    )
    evidence = EvidenceField(
        label=pgettext_lazy("portal", "Files"),
        required=False,
        help_text=_(
            "Optional. PDF, images, Word, Excel, text, audio or video; up to %(count)d files of %(size)s each."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].for_day(timezone.localdate())
        for index in range(ACCUSED_ROWS):
            for part, label, max_length in ACCUSED_FIELDS:
                field = PlainTextField(label=label, max_length=max_length, required=False)
                # The error summary names the row too: "Person 2: name".
                field.summary_label = _("Person %(number)d: %(field)s") % {"number": index + 1, "field": label}
                self.fields[f"accused_{index}_{part}"] = field
        evidence = self.fields["evidence"]
        evidence.help_text = evidence.help_text % {
            "count": settings.EVIDENCE_MAX_FILES,
            "size": filesizeformat(settings.EVIDENCE_MAX_FILE_BYTES),
        }
        for name in IDENTITY_FIELDS:
            self.fields[name].widget.attrs["autocomplete"] = "off"
        for name, label in SUMMARY_LABELS.items():
            self.fields[name].summary_label = label

    @property
    def accused_rows(self):
        return [[self[f"accused_{index}_{part}"] for part in ACCUSED_PARTS] for index in range(ACCUSED_ROWS)]

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and not (datetime.date(1900, 1, 1) <= born <= timezone.localdate()):
            raise ValidationError(_("Check the date of birth."))
        return born

    def clean(self):
        cleaned = super().clean()
        reporter = cleaned.get("reporter")
        given = [name for name in IDENTITY_FIELDS if cleaned.get(name)]
        if reporter == NAMED and not cleaned.get("full_name") and "full_name" not in self.errors:
            self.add_error("full_name", _("Give your full name, or choose to stay anonymous."))
        if reporter == ANONYMOUS and given:
            self.add_error(
                "reporter",
                _(
                    "You chose to stay anonymous but filled in your details. Choose “Yes, I give my name” "
                    "or clear the fields about you."
                ),
            )
        for index in range(ACCUSED_ROWS):
            name, position, unit = (cleaned.get(f"accused_{index}_{part}") for part in ACCUSED_PARTS)
            if (position or unit) and not name:
                self.add_error(f"accused_{index}_name", _("Give the person's name, or leave this row empty."))
        return cleaned

    def submission(self) -> Submission:
        data = self.cleaned_data
        identity = None
        if data["reporter"] == NAMED:
            identity = {name: data.get(name) or "" for name in IDENTITY_FIELDS}
            if data.get("date_of_birth"):
                identity["date_of_birth"] = data["date_of_birth"].isoformat()
        accused = [
            {part: data.get(f"accused_{index}_{part}", "") for part in ACCUSED_PARTS}
            for index in range(ACCUSED_ROWS)
            if data.get(f"accused_{index}_name")
        ]
        return Submission(
            channel=Channel.PORTAL,
            kind=data["kind"],
            subject=data["subject"],
            content=data["content"],
            unit=data["unit"],
            incident_time=data.get("incident_time", ""),
            incident_place=data.get("incident_place", ""),
            accused=accused,
            identity=identity,
            files=data.get("evidence") or [],
            protection_requested=data.get("protection_requested", False),
        )


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=pgettext_lazy("portal", "Your receipt"),
        max_length=100,
        error_messages={"required": _("Type your receipt.")},
        help_text=_("The 28 digits you were given when you sent the report. Spaces do not matter."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false", "autocapitalize": "off"}
        ),
    )


MESSAGE_TEXT_LABELS = {
    MessageKind.MESSAGE: pgettext_lazy("portal", "Your message"),
    MessageKind.MORE_INFO: _("The information you add"),
    MessageKind.PROTECTION_REQUEST: _("Who needs protection, from what or whom, and why"),
    MessageKind.RETALIATION: _("What happened to you or your family, when, and who did it"),
}


class MessageForm(forms.Form):
    """One message of the thread. The web page shows one such form per kind (``kind=`` fixes it);
    the API sends the kind as a field."""

    kind = forms.ChoiceField(choices=MessageKind.choices, required=False)
    text = PlainTextField(
        multiline=True,
        label=pgettext_lazy("portal", "Your message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    evidence = EvidenceField(label=pgettext_lazy("portal", "Documents and evidence"), required=False)

    def __init__(self, *args, kind: str | None = None, allow_files: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_kind = kind
        if kind is not None:
            del self.fields["kind"]
            self.fields["text"].label = MESSAGE_TEXT_LABELS[kind]
        if not allow_files:
            del self.fields["evidence"]

    def clean(self):
        cleaned = super().clean()
        cleaned["kind"] = self.fixed_kind or cleaned.get("kind") or MessageKind.MESSAGE
        if not cleaned.get("text") and not cleaned.get("evidence") and "text" not in self.errors:
            self.add_error("text", _("Write a message or attach a file."))
        return cleaned
