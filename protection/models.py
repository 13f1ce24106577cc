"""Protection of reporters and their relatives (Directive 27, Regulation 231; DOMAIN.md step 5).

A protection case lives on its own, beyond the matter it came from. Who is protected is sealed like
a reporter's identity: the case has its own key pair, its private key sealed for the identity
custodians of the deciding unit and the recovery keys. For the early warning on personnel actions,
only a keyed hash of the person's ID number is kept (``id_hash``), never the number.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    ENDED = "ended", _("Ended")


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
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

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

    def __str__(self):
        return self.reference

    def context(self, part: str) -> bytes:
        return f"protection:{self.pk}:{part}".encode()


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
        ]

    def __str__(self):
        return f"{self.case_id}:{self.user_key_id or self.recovery_key_id}"
