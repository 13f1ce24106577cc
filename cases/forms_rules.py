"""Forms of the time-limit rules, the notice templates and the inbox."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import TextField
from cases.models import DayCount
from cases.notices import NOTICE_TEXT_MAX_CHARS, notice_text_errors
from cases.rules import MAX_DAYS, MIN_DAYS

DATE_FORMAT, DATETIME_FORMAT = "%d/%m/%Y", "%d/%m/%Y %H:%M"


class RuleForm(forms.Form):
    days = forms.IntegerField(label=_("Number of days"), min_value=MIN_DAYS, max_value=MAX_DAYS)
    count = forms.ChoiceField(label=_("Counted in"), choices=DayCount.choices)
    starts = TextField(label=_("The clock starts at"), max_length=200, required=True)
    note = TextField(
        label=_("Legal basis"),
        multiline=True,
        rows=3,
        max_length=2000,
        required=True,
        help_text=_("The document and article that set this limit, e.g. Article 24 of the Law on Denunciation 2018."),
    )
    valid_from = forms.DateTimeField(
        label=_("In force from"),
        required=False,
        input_formats=[DATETIME_FORMAT, DATE_FORMAT],
        widget=forms.DateTimeInput(
            format=DATETIME_FORMAT, attrs={"placeholder": _("dd/mm/yyyy hh:mm"), "autocomplete": "off"}
        ),
        help_text=_(
            "Leave empty for now. A date alone means from 00:00 that day; today means from now. Not in the past."
        ),
    )

    def clean_valid_from(self) -> datetime.datetime | None:
        value = self.cleaned_data.get("valid_from")
        if value is None:
            return None
        now = timezone.now()
        if value < now:
            if timezone.localtime(value).date() == timezone.localdate(now):
                return None
            raise ValidationError(
                _("A rule cannot come into force in the past: choose today or a later date."), code="past"
            )
        return value


class NoticeTemplateForm(forms.Form):
    text = TextField(label=_("Text"), multiline=True, rows=5, max_length=NOTICE_TEXT_MAX_CHARS, required=True)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        errors = notice_text_errors(text)
        if errors:
            raise ValidationError(errors)
        return text
