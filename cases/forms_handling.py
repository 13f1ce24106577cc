"""Forms of case handling: classification, accused links, relations, decisions and declarations.

They validate what a person typed; the rules of the domain are checked again by ``cases.handling``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, User
from baove.lib.text import fold
from cases.forms import TextField
from cases.models import Competence, Complexity, Condition, Kind, Matter, Outcome, Subject
from org.models import Unit

YES, NO = "yes", "no"


def find_account(text: str, people) -> User:
    """One account among ``people`` by its user name, or by its full name (folded)."""
    text = (text or "").strip()
    by_username = people.filter(username__iexact=text).first()
    if by_username is not None:
        return by_username
    wanted = fold(text)
    found = [person for person in people if wanted and fold(person.full_name) == wanted]
    if not found:
        raise ValidationError(_("Nobody of the unit has that user name or full name."))
    if len(found) > 1:
        raise ValidationError(_("Several people have that name: give the user name."))
    return found[0]


class ClassifyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind, by its content"),
        choices=Kind.choices,
        help_text=_("Judge by the content, not by the title the reporter chose."),
    )
    subject = forms.ChoiceField(label=_("Subject, by its content"), choices=Subject.choices)
    condition = forms.ChoiceField(
        label=_("Can it be processed?"),
        choices=[(Condition.PROCESSABLE, _("Yes")), (Condition.NOT_PROCESSABLE, _("No"))],
        widget=forms.RadioSelect,
        initial=Condition.PROCESSABLE,
    )
    condition_reason = TextField(
        label=_("Why it cannot be processed"), multiline=True, rows=3, help_text=_("Required when it cannot.")
    )
    competence = forms.ChoiceField(
        label=_("Who is competent?"),
        choices=[(value, label) for value, label in Competence.choices if value != Competence.PENDING],
        widget=forms.RadioSelect,
        initial=Competence.OURS,
    )
    multiple_places = forms.BooleanField(
        label=_("Verification is needed at several places (longer time limit)"), required=False
    )
    reporter_count = forms.IntegerField(label=_("Number of reporters"), min_value=1, max_value=10000, initial=1)
    duplicate_of = forms.ModelChoiceField(
        label=_("Same matter as"),
        queryset=Matter.objects.none(),
        required=False,
        blank=True,
        widget=forms.RadioSelect,
        empty_label=_("None: it is a new matter"),
        help_text=_("A duplicate joins that matter and is counted once."),
    )
    duplicate_reference = TextField(
        label=_("Or the number of another matter"), max_length=20, help_text=_("For example VV-2026-000123.")
    )
    forward_unit = forms.ModelChoiceField(
        label=_("Forward or guide to a unit of the system"), queryset=Unit.objects.none(), required=False
    )
    forward_body = TextField(
        label=_("Or to an outside body"), max_length=255, help_text=_("The body's name, as the reporter will read it.")
    )

    def __init__(self, *args, petition, candidates, matters, **kwargs):
        super().__init__(*args, **kwargs)
        self.matters = matters
        self.fields["duplicate_of"].queryset = Matter.objects.filter(pk__in=[m.pk for m in candidates])
        self.fields["duplicate_of"].label_from_instance = lambda m: f"{m.reference} · {m.summary[:80]}"
        self.fields["forward_unit"].queryset = (
            Unit.objects.active_on(timezone.localdate()).exclude(pk=petition.unit_id).order_by("path")
        )
        if not self.is_bound:
            self.initial.setdefault("kind", petition.kind)
            self.initial.setdefault("subject", petition.subject)

    def clean(self):
        data = super().clean()
        reference = data.get("duplicate_reference")
        if reference:
            matter = self.matters.filter(reference__iexact=reference).first()
            if matter is None:
                self.add_error("duplicate_reference", _("No open matter you see has that number."))
            elif data.get("duplicate_of") and data["duplicate_of"].pk != matter.pk:
                self.add_error("duplicate_reference", _("Choose one matter only."))
            else:
                data["duplicate_of"] = matter
        return data


class LinkAccusedForm(forms.Form):
    account = TextField(
        label=_("Account (user name or full name)"),
        max_length=150,
        help_text=_("Leave empty if the person has no account here."),
    )
    unit = forms.ModelChoiceField(label=_("Unit where they work"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, people, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        self.fields["unit"].queryset = units

    def clean_account(self):
        text = self.cleaned_data.get("account")
        return find_account(text, self.people) if text else None

    def clean(self):
        data = super().clean()
        account = data.get("account")
        if account is not None and data.get("unit") is None:
            membership = (
                Membership.objects.active()
                .filter(user=account, unit__in=self.fields["unit"].queryset)
                .select_related("unit")
                .first()
            )
            data["unit"] = membership.unit if membership else None
        return data


def unit_people(units) -> "forms.QuerySet":
    """Accounts with a role in force in one of ``units``."""
    memberships = Membership.objects.active().filter(unit__in=units)
    return User.objects.filter(Q(pk__in=memberships.values("user_id")), is_active=True).order_by("username")


class RelationForm(forms.Form):
    person = TextField(label=_("Person (user name)"), max_length=150, required=True)
    related = TextField(label=_("Related person (user name)"), max_length=150, required=True)
    kind = TextField(
        label=_("Relation"), max_length=100, required=True, help_text=_("For example: spouse, child, sibling.")
    )

    def _account(self, name):
        text = self.cleaned_data.get(name)
        account = User.objects.filter(username__iexact=text, is_active=True).first()
        if account is None:
            raise ValidationError(_("No active account has that user name."))
        return account

    def clean_person(self):
        return self._account("person")

    def clean_related(self):
        return self._account("related")


# Decisions on a matter: each form posts to its own address with its own prefix.


class AcceptForm(forms.Form):
    complexity = forms.ChoiceField(
        label=_("Complexity"),
        choices=Complexity.choices,
        help_text=_("A complex matter may be extended once, an especially complex one twice."),
    )


class ReasonForm(forms.Form):
    reason = TextField(
        label=_("Reason"), multiline=True, rows=3, required=True, help_text=_("The reporters read it in the notice.")
    )


class ResumeForm(forms.Form):
    pass


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    conclusion = TextField(label=_("Conclusion"), multiline=True, rows=6, required=True)
    measures = TextField(label=_("Measures and recommendations"), multiline=True, rows=3)
    sanctions_proposed = TextField(label=_("Sanctions proposed"), multiline=True, rows=3)
    amount_to_recover = forms.DecimalField(
        label=_("Amount to recover (VND)"), required=False, min_value=0, max_digits=18, decimal_places=0
    )


class FlagForm(forms.Form):
    flag_complex = forms.BooleanField(label=_("Complex, prolonged"), required=False)
    flag_mass = forms.BooleanField(label=_("Mass delegation"), required=False)
    flag_over_level = forms.BooleanField(label=_("Beyond our level"), required=False)


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=User.objects.none())

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class DeclareForm(forms.Form):
    conflict = forms.ChoiceField(
        label=_("Do you have a conflict of interest in this matter?"),
        choices=[
            (NO, _("No: I am not related to anyone involved and have no interest in it")),
            (YES, _("Yes: I cannot handle it")),
        ],
        widget=forms.RadioSelect,
    )
    note = TextField(
        label=_("Note for the head"), multiline=True, rows=3, help_text=_("Optional: what the conflict is.")
    )
