"""Protection of reporters and their relatives (Directive 27, Regulation 231; DOMAIN.md step 5).

A protection case lives on its own, beyond the matter it came from. Who is protected is sealed like
a reporter's identity: the case has its own key pair, its private key sealed for the identity
custodians of the deciding unit and the recovery keys. For the early warning on personnel actions,
only a keyed hash of the person's ID number is kept (``id_hash``), never the number.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Relationship(models.TextChoices):
    SELF = "self", _("The reporter")
    SPOUSE = "spouse", _("Spouse")
    PARENT = "parent", _("Parent")
    ADOPTIVE_PARENT = "adoptive_parent", _("Adoptive parent")
    CHILD = "child", _("Child")
    ADOPTED_CHILD = "adopted_child", _("Adopted child")


class ProtectionKind(models.TextChoices):
    SECRECY = "secrecy", _("Secrecy of information")
    JOB = "job", _("Job and position")
    LIFE_HEALTH = "life_health", _("Life and health")
    PROPERTY = "property", _("Property")
    HONOUR = "honour", _("Honour and dignity")


class CaseStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested, awaiting decision")
    GRANTED = "granted", _("Protection granted")
    REFUSED = "refused", _("Refused")
    ENDED = "ended", pgettext_lazy("protection", "Ended")


class Origin(models.TextChoices):
    PORTAL = "portal", _("Request through the portal")
    STAFF = "staff", _("Request received by staff")
    URGENT = "urgent", _("Urgent request by phone, to be put in writing")
    INITIATIVE = "initiative", _("On the handler's own initiative")


class ProtectionCase(models.Model):
    reference = models.CharField(_("case number"), max_length=20, unique=True)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="protection_cases", verbose_name=_("deciding unit")
    )
    petition = models.ForeignKey(
        "cases.Petition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protection_cases",
        verbose_name=_("petition it came from"),
    )
    origin = models.CharField(_("opened by"), max_length=20, choices=Origin.choices)
    relationship = models.CharField(_("protected person"), max_length=20, choices=Relationship.choices)
    # Kinds requested, as a list of ProtectionKind values (secrecy is always included).
    kinds_requested = models.JSONField(_("protection requested"), default=list)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REQUESTED)
    pseudonym = models.CharField(_("pseudonym"), max_length=20)
    requested_at = models.DateTimeField(_("requested"))
    decision_due_on = models.DateField(_("decision due"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reasons = models.TextField(_("reasons"), blank=True)
    # Decided after ``decision_due_on`` (recorded, never refused): protection.stats counts it.
    decided_late = models.BooleanField(_("decided late"), default=False)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    # What the heads decide on: the threat and what is asked, written without the person's identity.
    summary = models.TextField(_("summary for the decision"), blank=True)
    # The portal request (cases.Message of kind PROTECTION_REQUEST) this case answers, if any.
    source_message = models.OneToOneField(
        "cases.Message",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protection_case",
        verbose_name=_("request through the portal"),
    )

    # Who is protected (name, ID number, contact, relationship details, reasons and threats as
    # told), sealed to ``public_key``; ``ProtectionKey`` holds the private key per custodian.
    public_key = models.BinaryField(max_length=32)
    sealed_person = models.BinaryField()
    # HMAC-SHA256(settings.PERSON_MATCH_KEY, normalised ID number), for the personnel early warning.
    id_hash = models.CharField(max_length=64, blank=True, db_index=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("protection case")
        verbose_name_plural = _("protection cases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="requested") | models.Q(decided_at__isnull=False) | models.Q(status="ended"),
                name="protectioncase_decided_when_granted_or_refused",
            ),
        ]
        indexes = [
            # The case list: a unit's cases by status, newest first.
            models.Index(fields=["unit", "status", "-requested_at"], name="protcase_unit_status_idx"),
            # Statistics windows (protection.stats).
            models.Index(fields=["requested_at"], name="protcase_requested_idx"),
            models.Index(fields=["decided_at"], name="protcase_decided_idx"),
        ]

    def __str__(self):
        return self.reference

    def context(self, part: str) -> bytes:
        return f"protection:{self.pk}:{part}".encode()

    @property
    def kinds_requested_labels(self) -> list[str]:
        return [ProtectionKind(kind).label for kind in self.kinds_requested if kind in ProtectionKind.values]


class ProtectionKey(models.Model):
    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="keys")
    user_key = models.ForeignKey("vault.UserKey", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    recovery_key = models.ForeignKey(
        "vault.RecoveryKey", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sealed_key = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user_key"], name="protectionkey_unique_user"),
            models.UniqueConstraint(fields=["case", "recovery_key"], name="protectionkey_unique_recovery"),
            models.CheckConstraint(
                condition=models.Q(user_key__isnull=False) ^ models.Q(recovery_key__isnull=False),
                name="protectionkey_one_holder",
            ),
        ]

    def __str__(self):
        return f"{self.case_id}:{self.user_key_id or self.recovery_key_id}"


class MeasureStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    ENDED = "ended", pgettext_lazy("protection", "Ended")


class Measure(models.Model):
    """One protection measure decided for a case: what, by which body, from when to when."""

    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(pgettext_lazy("protection", "kind"), max_length=20, choices=ProtectionKind.choices)
    body = models.CharField(_("responsible body"), max_length=255)
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible unit (in the system)"),
    )
    description = models.TextField(_("what is done"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.IN_FORCE)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("protection measure")
        verbose_name_plural = _("protection measures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="measure_valid_range",
            ),
        ]
        indexes = [
            # people_protected (protection.stats): measures in force during a window.
            models.Index(fields=["starts_on", "ends_on"], name="measure_period_idx"),
        ]

    def __str__(self):
        return f"{self.case_id}:{self.kind}"


class PersonRequestKind(models.TextChoices):
    CHANGE = "change", _("Change measures")
    ADD = "add", _("Add measures")
    END = "end", _("End measures")
    REFUSE = "refuse", _("Refuses protection")


class PersonRequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    ACCEPTED = "accepted", pgettext_lazy("protection", "Accepted")
    REJECTED = "rejected", pgettext_lazy("protection", "Not accepted")


class PersonRequest(models.Model):
    """What the protected person asks after the decision (or before it, for a refusal)."""

    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="person_requests")
    kind = models.CharField(_("request"), max_length=20, choices=PersonRequestKind.choices)
    kinds = models.JSONField(_("protection concerned"), default=list, blank=True)
    # Written by the custodian without the person's identity: the heads decide on it.
    summary = models.TextField(_("summary"))
    received_at = models.DateTimeField(_("received"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PersonRequestStatus.choices, default=PersonRequestStatus.PENDING
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reasons = models.TextField(_("reasons"), blank=True)

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("request of the protected person")
        verbose_name_plural = _("requests of the protected person")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="pending", decided_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(decided_at__isnull=False)),
                name="personrequest_decided_consistent",
            ),
        ]

    def __str__(self):
        return f"{self.case_id}:{self.kind}"


class CheckIn(models.Model):
    """A scheduled review with the protected person; overdue when not done by ``due_on``."""

    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="checkins")
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    # Pseudonymised, like the summary: how the person is, whether the threat remains.
    note = models.TextField(_("note"), blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["case", "due_on"], name="checkin_unique_due"),
        ]
        indexes = [
            # The custodian's overdue check-ins: open ones by due date.
            models.Index(fields=["due_on"], condition=models.Q(done_on__isnull=True), name="checkin_open_due_idx"),
        ]

    def __str__(self):
        return f"{self.case_id}:{self.due_on}"
