"""Retaliation against reporters, the personnel early warning, false reports and commendation
(DOMAIN.md steps 6 and 7).

No identity lives here. An incident names the person retaliated against only through the pseudonym
of the petition or protection case it is linked to. A personnel action keeps a keyed hash of the
ID number (``id_hash``, the same HMAC as ``protection.models.ProtectionCase.id_hash``), never the
number, and not the name either: an ``Alert`` links an action to a protection case, so a name on the
action would tell a database dump who is protected.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Retaliation incidents


class RetaliationForm(models.TextChoices):
    DISMISSAL = "dismissal", _("Dismissal")
    TRANSFER = "transfer", _("Transfer")
    ROTATION = "rotation", _("Rotation")
    SECONDMENT = "secondment", _("Secondment")
    DEMOTION = "demotion", _("Demotion")
    PAY_CUT = "pay_cut", _("Pay or bonus cut")
    DISCIPLINE = "discipline", _("Discipline")
    BAD_APPRAISAL = "bad_appraisal", _("Low appraisal")
    NON_RENEWAL = "non_renewal", _("Contract not renewed")
    HARASSMENT = "harassment", _("Harassment")
    THREAT = "threat", _("Threat")
    ASSAULT = "assault", _("Assault")
    PROPERTY_DAMAGE = "property_damage", _("Property damage")
    SLANDER = "slander", _("Slander")
    ISOLATION = "isolation", _("Isolation")
    IDENTITY_LEAK = "identity_leak", _("Leak of identity")


class IncidentSource(models.TextChoices):
    PORTAL = "portal", _("Reported through the portal")
    STAFF = "staff", _("Recorded by staff")


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    VERIFYING = "verifying", _("Being verified")
    CONFIRMED = "confirmed", _("Confirmed")
    UNFOUNDED = "unfounded", _("Unfounded")


FINDING_STATUSES = (IncidentStatus.CONFIRMED, IncidentStatus.UNFOUNDED)


class Incident(models.Model):
    reference = models.CharField(_("incident number"), max_length=20, unique=True)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="retaliation_incidents", verbose_name=_("unit")
    )
    source = models.CharField(_("source"), max_length=10, choices=IncidentSource.choices)
    # The portal message it came from: turned into an incident once.
    message = models.OneToOneField(
        "cases.Message",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="retaliation_incident",
        verbose_name=_("portal message"),
    )
    petition = models.ForeignKey(
        "cases.Petition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="retaliation_incidents",
        verbose_name=_("petition"),
    )
    protection_case = models.ForeignKey(
        "protection.ProtectionCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="retaliation_incidents",
        verbose_name=_("protection case"),
    )
    # RetaliationForm values (one incident may take several forms).
    forms = models.JSONField(_("forms of retaliation"), default=list)
    occurred_on = models.DateField(_("happened on"))
    occurred_until = models.DateField(_("lasted until"), null=True, blank=True)
    reported_on = models.DateField(_("reported on"), default=timezone.localdate)
    description = models.TextField(_("what happened"))
    evidence = models.TextField(_("evidence"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.REPORTED
    )
    finding = models.TextField(_("finding"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("retaliation incident")
        verbose_name_plural = _("retaliation incidents")
        indexes = [
            # The incidents list of a unit, newest first; statistics windows (retaliation.stats).
            models.Index(fields=["unit", "-reported_on"], name="incident_unit_reported_idx"),
            models.Index(fields=["reported_on"], name="incident_reported_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(occurred_until__isnull=True) | Q(occurred_until__gte=models.F("occurred_on")),
                name="incident_occurred_range",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def pseudonym(self) -> str:
        """The person retaliated against, as handlers know them."""
        if self.protection_case_id:
            return self.protection_case.pseudonym
        if self.petition_id:
            return self.petition.pseudonym
        return ""

    def form_labels(self) -> list[str]:
        labels = dict(RetaliationForm.choices)
        return [str(labels.get(value, value)) for value in self.forms]


class Perpetrator(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="perpetrators")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    unit_text = models.CharField(_("unit"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("alleged perpetrator")
        verbose_name_plural = _("alleged perpetrators")

    def __str__(self):
        return self.name


class SanctionKind(models.TextChoices):
    PARTY = "party", _("Party discipline")
    ADMINISTRATIVE = "administrative", _("Administrative discipline")
    CRIMINAL = "criminal", _("Criminal referral")


class Sanction(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sanctions")
    perpetrator = models.ForeignKey(
        Perpetrator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sanctions",
        verbose_name=_("perpetrator"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SanctionKind.choices)
    form = models.CharField(_("form of sanction"), max_length=200)
    decided_by = models.CharField(_("decided by"), max_length=255)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        indexes = [models.Index(fields=["decided_on"], name="sanction_decided_idx")]  # statistics windows

    def __str__(self):
        return f"{self.incident_id}:{self.kind}"


class DisciplineForm(models.TextChoices):
    """Forms of discipline of a head answerable for retaliation (Party and civil service rules)."""

    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    SALARY_STEP_DOWN = "salary_step_down", _("Salary step lowered")
    DEMOTION = "demotion", _("Demotion")
    REMOVAL = "removal", _("Removal from office")
    FORCED_DISMISSAL = "forced_dismissal", _("Forced dismissal")
    EXPULSION = "expulsion", _("Expulsion from the Party")
    OTHER = "other", _("Other")


class HeadAccountability(models.Model):
    """A head held answerable for letting retaliation happen in their unit."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="heads_answerable")
    name = models.CharField(_("name"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    position = models.CharField(_("position"), max_length=200)
    unit_text = models.CharField(_("unit"), max_length=255)
    form = models.CharField(_("form of sanction"), max_length=20, choices=DisciplineForm.choices)
    form_detail = models.CharField(_("details of the sanction"), max_length=200, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=255)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("head held answerable")
        verbose_name_plural = _("heads held answerable")
        indexes = [models.Index(fields=["decided_on"], name="headaccount_decided_idx")]  # statistics windows

    def __str__(self):
        return self.name


# The personnel early warning


class PersonnelActionKind(models.TextChoices):
    TRANSFER = "transfer", _("Transfer")
    ROTATION = "rotation", _("Rotation")
    SECONDMENT = "secondment", _("Secondment")
    DEMOTION = "demotion", _("Demotion")
    DISCIPLINE = "discipline", _("Discipline")
    DISMISSAL = "dismissal", _("Dismissal")
    PAY_CHANGE = "pay_change", _("Pay change")
    NON_RENEWAL = "non_renewal", _("Contract not renewed")
    APPRAISAL = "appraisal", _("Appraisal")


class EntrySource(models.TextChoices):
    FORM = "form", _("Entered one by one")
    IMPORT = "import", _("Imported from a file")


class PersonnelAction(models.Model):
    # HMAC-SHA256(settings.PERSON_MATCH_KEY, the ID number's digits); the number itself is never kept.
    id_hash = models.CharField(max_length=64, db_index=True)  # matched when a protection case is opened
    action = models.CharField(_("action"), max_length=20, choices=PersonnelActionKind.choices)
    effective_date = models.DateField(_("effective date"))
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="personnel_actions", verbose_name=_("unit")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    source = models.CharField(_("entered"), max_length=10, choices=EntrySource.choices, default=EntrySource.FORM)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personnel action")
        verbose_name_plural = _("personnel actions")
        indexes = [
            # A personnel officer's own register, newest first.
            models.Index(fields=["entered_by", "-created_at"], name="personnelaction_entered_idx"),
        ]

    def __str__(self):
        return f"{self.action} {self.effective_date}"


class Alert(models.Model):
    """A personnel action that concerns someone protected (or asking for protection)."""

    action = models.ForeignKey(PersonnelAction, on_delete=models.PROTECT, related_name="alerts")
    case = models.ForeignKey("protection.ProtectionCase", on_delete=models.PROTECT, related_name="personnel_alerts")
    # The case's unit when the alert was raised: custodians of it and heads of the unit above see it.
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personnel alert")
        verbose_name_plural = _("personnel alerts")
        constraints = [models.UniqueConstraint(fields=["action", "case"], name="alert_unique_action_case")]

    def __str__(self):
        return f"{self.action_id}:{self.case_id}"


# False reports and slander


class FalseReportHandling(models.TextChoices):
    REMINDER = "reminder", _("Reminder or criticism")
    ADMINISTRATIVE = "administrative", _("Administrative discipline")
    PARTY = "party", _("Party discipline")
    FINE = "fine", _("Administrative fine")
    CRIMINAL = "criminal", _("Criminal referral")
    APOLOGY = "apology", _("Public apology and correction")
    NONE = "none", _("No measure")


class FalseReport(models.Model):
    """A report found deliberately untrue (slander, tố cáo sai sự thật) and what was done about it."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="false_reports", verbose_name=_("unit"))
    petition = models.ForeignKey(
        "cases.Petition", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("petition")
    )
    matter = models.ForeignKey(
        "cases.Matter", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("matter")
    )
    finding = models.TextField(_("finding"))
    found_on = models.DateField(_("found on"))
    handling = models.CharField(_("handling"), max_length=20, choices=FalseReportHandling.choices)
    handling_detail = models.CharField(_("details of the handling"), max_length=300, blank=True)
    handled_by = models.CharField(_("decided by"), max_length=255, blank=True)
    handled_on = models.DateField(_("decided on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-found_on", "-pk"]
        verbose_name = _("false report")
        verbose_name_plural = _("false reports")
        indexes = [models.Index(fields=["found_on"], name="falsereport_found_idx")]  # statistics windows

    def __str__(self):
        return f"{self.unit_id}:{self.found_on}"


# Commendation


class RecipientKind(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    UNIT = "unit", _("Unit")
    OFFICIAL = "official", _("Official")


class CommendationForm(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate of merit")
    MONEY = "money", _("Money")
    OTHER = "other", _("Other")


class Commendation(models.Model):
    """A reporter is named only with their recorded consent; otherwise only the pseudonym and the
    petition are kept ("without revealing identity")."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="commendations", verbose_name=_("recording unit")
    )
    recipient_kind = models.CharField(_("commended"), max_length=10, choices=RecipientKind.choices)
    petition = models.ForeignKey(
        "cases.Petition", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("petition")
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=20, blank=True)
    public_consent = models.BooleanField(_("the reporter agreed to a public commendation"), default=False)
    recipient_name = models.CharField(_("name"), max_length=255, blank=True)
    recipient_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit commended")
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    reason = models.TextField(_("reason"), blank=True)
    form = models.CharField(_("form"), max_length=20, choices=CommendationForm.choices)
    amount = models.DecimalField(_("amount (VND)"), max_digits=15, decimal_places=0, null=True, blank=True)
    form_detail = models.CharField(_("details"), max_length=300, blank=True)
    deciding_body = models.CharField(_("deciding body"), max_length=255)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        indexes = [models.Index(fields=["decided_on"], name="commendation_decided_idx")]  # statistics windows
        constraints = [
            # A reporter's name only with their consent.
            models.CheckConstraint(
                condition=~Q(recipient_kind="reporter") | Q(public_consent=True) | Q(recipient_name=""),
                name="commendation_reporter_named_with_consent",
            ),
            models.CheckConstraint(
                condition=~Q(form="money") | Q(amount__isnull=False, amount__gt=0),
                name="commendation_money_amount",
            ),
        ]

    def __str__(self):
        return f"{self.recipient_kind}:{self.decided_on}"

    @property
    def recipient_label(self) -> str:
        if self.recipient_kind == RecipientKind.REPORTER and not (self.public_consent and self.recipient_name):
            return self.pseudonym
        return self.recipient_name or (self.recipient_unit.name if self.recipient_unit_id else "")
