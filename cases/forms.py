import datetime
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from baove.lib.text import fold
from cases.files import inspect_all
from cases.models import Channel, Kind, Status, Subject
from org.models import Unit

MAX_ACCUSED = 3
# Bidirectional overrides and isolates can make text read differently from what it is.
_BIDI_CONTROLS = {chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def clean_text(value: str, *, multiline: bool) -> str:
    """NFC, one kind of line break, no control characters; a single-line text gets spaces for line breaks."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    keep = {"\n", "\t"} if multiline else set()
    return "".join(
        char for char in value if char in keep or (unicodedata.category(char) != "Cc" and char not in _BIDI_CONTROLS)
    ).strip()


class TextField(forms.CharField):
    """A CharField that normalises what people paste in; ``multiline`` gives a textarea."""

    def __init__(self, *, multiline: bool = False, rows: int = 6, **kwargs):
        self.multiline = multiline
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value, multiline=self.multiline) if value else value

    def validate(self, value):
        super().validate(value)
        limit = settings.TEXT_FIELD_MAX_CHARS  # read now, so that the setting can change without a restart
        if self.multiline and self.max_length is None and len(value) > limit:
            raise ValidationError(
                _("Keep it to %(limit)d characters (it has %(length)d).") % {"limit": limit, "length": len(value)},
                code="max_length",
            )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files at once, checked by their content (``cases.files``); cleans to EvidenceFiles."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data or []) if upload]
        for upload in uploads:
            super().clean(upload, initial)
        return inspect_all(uploads)


# The unit filter of the lists

# How many units the filter suggests: the person's own units and the units right below them.
UNIT_SUGGESTIONS = 60
# Beyond this many units in reach, a name that matches none exactly is not looked for without diacritics.
UNIT_FOLDED_LOOKUP_MAX = 6000
UNIT_AMBIGUOUS_SHOWN = 5


def nearby_units(user, units: QuerySet) -> QuerySet:
    """Among ``units``, those where ``user`` holds a petition role and the units right below them:
    what the unit filter suggests (a province's staff get the province and its departments and
    districts, not its thousands of units)."""
    own = {m.unit_id for m in permissions.active_memberships(user) if m.role in permissions.PETITION_ROLES}
    return units.filter(Q(pk__in=own) | Q(parent_id__in=own))


class UnitPickerInput(forms.TextInput):
    """A text box for a unit's code or name, with a <datalist> of a few suggested units.

    Listing every unit in reach (up to the whole country) made each list page render thousands of
    <option>s; the suggestions are fetched only when the box is drawn."""

    template_name = "cases/widgets/unit_picker.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.suggestions = None  # a QuerySet of units, set by the field

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        suggested = (
            list(self.suggestions.only("code", "name")[:UNIT_SUGGESTIONS]) if self.suggestions is not None else []
        )
        list_id = f"{context['widget']['attrs'].get('id') or name}-suggestions"
        if suggested:
            context["widget"]["attrs"]["list"] = list_id
        context["widget"].update(list_id=list_id, suggestions=suggested)
        return context

    def format_value(self, value):
        if isinstance(value, Unit):
            return value.code
        return super().format_value(value)


class UnitField(forms.Field):
    """A unit among ``queryset`` (the units the person may filter by), typed as its code or its name.

    The code is matched without regard to case; a name exactly, then without diacritics; an
    identifier (the value links and older bookmarks carry) is accepted too. A unit outside
    ``queryset`` is reported as unknown, whatever exists elsewhere."""

    widget = UnitPickerInput
    default_error_messages = {
        "unknown": _("No unit you can filter by has the code or name “%(value)s”."),
        "ambiguous": _("Several units are named “%(value)s”: type the code of the one you mean (%(codes)s)."),
    }

    def __init__(self, *, queryset: QuerySet | None = None, suggestions: QuerySet | None = None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.queryset = queryset
        self.suggestions = suggestions

    @property
    def suggestions(self):
        return self.widget.suggestions

    @suggestions.setter
    def suggestions(self, value):
        self.widget.suggestions = value.order_by("path") if value is not None else None

    def to_python(self, value):
        if isinstance(value, Unit):
            return value
        text = clean_text(str(value or ""), multiline=False)[:255]
        if not text or self.queryset is None:
            return None
        units = self.queryset.order_by("path")
        found = list(units.filter(code__iexact=text)[:2])
        if not found and text.isdigit() and len(text) < 19:
            found = list(units.filter(pk=int(text))[:2])
        if not found:
            found = list(units.filter(name=text)[: UNIT_AMBIGUOUS_SHOWN + 1]) or list(
                units.filter(name__iexact=text)[: UNIT_AMBIGUOUS_SHOWN + 1]
            )
        if not found and units.count() <= UNIT_FOLDED_LOOKUP_MAX:
            wanted = fold(text)
            ids = [pk for pk, name in units.values_list("pk", "name") if fold(name) == wanted]
            found = list(units.filter(pk__in=ids[: UNIT_AMBIGUOUS_SHOWN + 1]))
        if not found:
            raise ValidationError(self.error_messages["unknown"], code="unknown", params={"value": text})
        if len(found) > 1:
            codes = ", ".join(unit.code for unit in found[:UNIT_AMBIGUOUS_SHOWN])
            raise ValidationError(
                self.error_messages["ambiguous"], code="ambiguous", params={"value": text, "codes": codes}
            )
        return found[0]


def set_unit_choices(field: UnitField, *, units: QuerySet, user=None) -> None:
    """The units ``field`` accepts (``units``) and suggests (``user``'s own among them, and those
    right below)."""
    field.queryset = units.order_by("path")
    field.suggestions = nearby_units(user, units) if user is not None else None
    field.widget.attrs.setdefault("placeholder", _("Code or name of a unit"))


# The petition list


class PetitionFilterForm(forms.Form):
    q = TextField(
        label=_("Search"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Registry number or words")}),
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    subject = forms.ChoiceField(label=_("Subject"), required=False, choices=[("", _("All subjects")), *Subject.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All statuses")), *Status.choices])
    unit = UnitField(label=_("Receiving unit"))
    received_from = forms.DateField(label=_("Received from"), required=False)
    received_to = forms.DateField(label=_("Received to"), required=False)

    def __init__(self, *args, units, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        set_unit_choices(self.fields["unit"], units=units, user=user)
        for name in ("received_from", "received_to"):
            self.fields[name].widget.attrs["placeholder"] = _("dd/mm/yyyy")

    def filters(self) -> dict:
        """The valid filters; a filter with a bad value is dropped, the others still apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "channel": data.get("channel") or "",
            "kind": data.get("kind") or "",
            "subject": data.get("subject") or "",
            "status": data.get("status") or "",
            "unit": data.get("unit"),
            "received_from": data.get("received_from"),
            "received_to": data.get("received_to"),
        }


# Registering a petition received by another channel than the portal

IDENTITY_FIELDS = ("full_name", "id_number", "date_of_birth", "phone", "email", "address", "workplace")
ANONYMOUS, NAMED = "anonymous", "named"


def identity_of(data: dict) -> dict | None:
    """The identity to seal from a staff form's cleaned data (``identity_choice`` and
    ``IDENTITY_FIELDS``), or None when the person stays anonymous."""
    if data["identity_choice"] != NAMED:
        return None
    identity = {name: data.get(name) or "" for name in IDENTITY_FIELDS}
    if data.get("date_of_birth"):
        identity["date_of_birth"] = data["date_of_birth"].strftime("%d/%m/%Y")
    return identity


class IntakeForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Receiving unit"), queryset=None)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[(value, label) for value, label in Channel.choices if value != Channel.PORTAL]
    )
    received_at = forms.DateTimeField(label=_("Received on"), help_text=_("dd/mm/yyyy hh:mm"))
    forwarded_from = TextField(
        label=_("Forwarded by"),
        max_length=255,
        help_text=_("Required when another body forwarded the petition."),
    )
    forwarded_reference = TextField(label=_("Their reference number"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    subject = forms.ChoiceField(label=_("Subject"), choices=Subject.choices)
    content = TextField(
        label=_("Content"),
        multiline=True,
        rows=10,
        required=True,
        help_text=_("As the reporter gave it. It is sealed; handlers only see the working copy."),
    )
    incident_time = TextField(label=_("When it happened"), max_length=500)
    incident_place = TextField(label=_("Where it happened"), max_length=500)

    identity_choice = forms.ChoiceField(
        label=_("Did the reporter give a name?"),
        choices=[(ANONYMOUS, _("Anonymous or did not give a name")), (NAMED, _("Gave their name"))],
        initial=ANONYMOUS,
        widget=forms.RadioSelect,
    )
    full_name = TextField(label=_("Full name"), max_length=200)
    id_number = TextField(label=_("Identity card number"), max_length=20)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, help_text=_("dd/mm/yyyy"))
    phone = TextField(label=_("Phone"), max_length=30)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    address = TextField(label=_("Address"), max_length=500)
    workplace = TextField(label=_("Workplace"), max_length=255)
    protection_requested = forms.BooleanField(label=_("The reporter asks for protection"), required=False)
    issue_receipt = forms.BooleanField(
        label=_("Issue a receipt code to the reporter"),
        required=False,
        initial=True,
        help_text=_("With the code the reporter follows the petition and exchanges messages on the portal."),
    )
    # Last in the form: if an upload is refused, the fields before it still arrive.
    files = EvidenceField(
        label=_("Scanned documents and evidence"),
        help_text=_("Up to %(count)d files of up to %(size)d MB each: PDF, images, Word, Excel, text, audio, video.")
        % {"count": settings.EVIDENCE_MAX_FILES, "size": settings.EVIDENCE_MAX_FILE_BYTES // 2**20},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("path")
        if units.count() == 1:
            self.fields["unit"].initial = units.first().pk
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["received_at"].widget.attrs["placeholder"] = _("dd/mm/yyyy hh:mm")
        self.fields["date_of_birth"].widget.attrs["placeholder"] = _("dd/mm/yyyy")
        for number in range(1, MAX_ACCUSED + 1):
            self.fields[f"accused_{number}_name"] = TextField(label=_("Name"), max_length=200)
            self.fields[f"accused_{number}_position"] = TextField(label=_("Position"), max_length=200)
            self.fields[f"accused_{number}_unit"] = TextField(label=_("Unit or workplace"), max_length=255)

    def accused_rows(self):
        """The bound fields of each accused person, for the template."""
        return [
            [self[f"accused_{number}_{part}"] for part in ("name", "position", "unit")]
            for number in range(1, MAX_ACCUSED + 1)
        ]

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now() + datetime.timedelta(minutes=5):
            raise ValidationError(_("The time of receipt cannot be in the future."))
        return value

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise ValidationError(_("The date of birth cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("channel") == Channel.FORWARDED and not data.get("forwarded_from"):
            self.add_error("forwarded_from", _("Say which body forwarded the petition."))
        for number in range(1, MAX_ACCUSED + 1):
            position, unit = data.get(f"accused_{number}_position"), data.get(f"accused_{number}_unit")
            if (position or unit) and not data.get(f"accused_{number}_name"):
                self.add_error(f"accused_{number}_name", _("Give the name, or clear the position and unit."))
        filled = [name for name in IDENTITY_FIELDS if data.get(name)]
        if data.get("identity_choice") == NAMED and not data.get("full_name"):
            self.add_error("full_name", _("Give the reporter's full name, or choose “anonymous”."))
        if data.get("identity_choice") == ANONYMOUS and filled:
            self.add_error(
                "identity_choice",
                _("You entered details about the reporter: choose “gave their name”, or clear those details."),
            )
        return data

    def identity(self) -> dict | None:
        return identity_of(self.cleaned_data)

    def accused(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "name": data[f"accused_{number}_name"],
                "position": data.get(f"accused_{number}_position") or "",
                "unit": data.get(f"accused_{number}_unit") or "",
            }
            for number in range(1, MAX_ACCUSED + 1)
            if data.get(f"accused_{number}_name")
        ]


# The sealed section of a petition


class ReasonForm(forms.Form):
    reason = TextField(
        label=_("Reason"),
        max_length=1000,
        required=True,
        help_text=_("Recorded in the audit trail and shown to the identity custodians."),
    )


class WorkingCopyForm(forms.Form):
    working_content = TextField(
        label=_("Working copy"),
        multiline=True,
        rows=14,
        required=True,
        help_text=_(
            "What handlers will read. Leave out anything that could identify the reporter: name, "
            "numbers, addresses, workplace, and details only the reporter could know."
        ),
    )


class ReplyForm(forms.Form):
    text = TextField(
        label=_("Message to the reporter"),
        multiline=True,
        rows=4,
        required=True,
        help_text=_("The reporter reads it on the portal with the receipt code."),
    )
