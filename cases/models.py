"""Petitions: one record type for every channel.

What identifies the reporter (identity, contact details, the original content and files) is
sealed to the petition's own public key; the petition's private key is sealed for each person
entitled to the originals of the receiving unit, for the recovery keys, and, when a receipt was
issued, under a key derived from the receipt. Staff who verify work on the working copy.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PORTAL = "portal", _("Web portal")
    HOTLINE = "hotline", _("Hotline")
    EMAIL = "email", _("E-mail")
    MAILBOX = "mailbox", _("Mailbox")
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("In person")
    RECEPTION = "reception", _("Citizen reception session")
    FORWARDED = "forwarded", _("Forwarded by another body")


class Kind(models.TextChoices):
    DENUNCIATION = "denunciation", _("Denunciation")
    CRIME_REPORT = "crime_report", _("Crime report")
    FEEDBACK = "feedback", _("Feedback or recommendation")
    COMPLAINT = "complaint", _("Complaint")


class Subject(models.TextChoices):
    CORRUPTION = "corruption", _("Corruption")
    WASTE = "waste", _("Waste")
    NEGATIVITY = "negativity", _("Negativity")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    REGISTERED = "registered", _("Registered, being classified")


class Petition(models.Model):
    reference = models.CharField(_("registry number"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    # The unit that receives and registers it; the reporter's choice is kept apart because a
    # unit without intake officers passes it to the nearest unit above that has them.
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="petitions", verbose_name=_("receiving unit")
    )
    concerned_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit concerned"),
    )
    received_at = models.DateTimeField(_("received"))
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    anonymous = models.BooleanField(_("anonymous"), default=True)
    protection_requested = models.BooleanField(_("protection requested"), default=False)
    forwarded_from = models.CharField(_("forwarded by"), max_length=255, blank=True)
    forwarded_reference = models.CharField(_("their reference number"), max_length=100, blank=True)
    pseudonym = models.CharField(_("reporter's pseudonym"), max_length=20)

    # Sealed originals (baove.lib.crypto); the private key opens them.
    public_key = models.BinaryField(max_length=32)
    sealed_original = models.BinaryField()

    # The working copy: what handlers, search and statistics use.
    working_content = models.TextField(_("working copy"), blank=True)
    working_updated_at = models.DateTimeField(null=True, blank=True)

    # The receipt: an HMAC of its lookup part (so not even that is in plain text) and the
    # Argon2id output of its secret part, split into a verifier and a key that opens
    # ``receipt_sealed_key`` (the petition's private key) for the reporter.
    receipt_lookup = models.CharField(max_length=64, unique=True, null=True, blank=True)
    receipt_salt = models.BinaryField(max_length=16, null=True, blank=True)
    receipt_verifier = models.BinaryField(max_length=32, null=True, blank=True)
    receipt_params = models.CharField(max_length=40, blank=True)
    receipt_sealed_key = models.BinaryField(null=True, blank=True)
    receipt_failures = models.PositiveIntegerField(default=0)
    receipt_next_try_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        indexes = [
            # Intake lists: a unit's petitions, newest first.
            models.Index(fields=["unit", "-received_at"], name="petition_unit_received_idx"),
        ]

    def __str__(self):
        return self.reference

    def context(self, part: str) -> bytes:
        """What binds a sealed blob to this petition and its place in it."""
        return f"petition:{self.pk}:{part}".encode()


class Accused(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="accused")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    unit_text = models.CharField(_("unit"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("accused person")
        verbose_name_plural = _("accused persons")

    def __str__(self):
        return self.name


class PetitionKey(models.Model):
    """The petition's private key sealed for one entitled person's key or a recovery key."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="keys")
    user_key = models.ForeignKey("vault.UserKey", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    recovery_key = models.ForeignKey(
        "vault.RecoveryKey", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sealed_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "user_key"], name="petitionkey_unique_user"),
            models.UniqueConstraint(fields=["petition", "recovery_key"], name="petitionkey_unique_recovery"),
            models.CheckConstraint(
                condition=models.Q(user_key__isnull=False) ^ models.Q(recovery_key__isnull=False),
                name="petitionkey_one_holder",
            ),
        ]

    def __str__(self):
        return f"{self.petition_id}:{self.user_key_id or self.recovery_key_id}"


class Attachment(models.Model):
    """An evidence file. The original (bytes and file name) is sealed in storage; a working copy
    exists only once an entitled officer released it (images re-encoded without metadata)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    sealed_name = models.CharField(max_length=200)
    sealed_meta = models.BinaryField()
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    from_reporter = models.BooleanField(default=True)
    working_file = models.CharField(max_length=200, blank=True)
    working_content_type = models.CharField(max_length=100, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return f"{self.petition_id}/{self.pk}"


class MessageKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    MORE_INFO = "more_info", _("More information")
    PROTECTION_REQUEST = "protection_request", _("Request for protection")
    RETALIATION = "retaliation", _("Report of retaliation")


class Message(models.Model):
    """One entry of the two-way thread between the reporter and the receiving unit; sealed."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices, default=MessageKind.MESSAGE)
    from_reporter = models.BooleanField(default=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sealed_text = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.petition_id}/{self.pk}"


class PublicEvent(models.Model):
    """A step the reporter sees on the portal, in plain words (no content, no names)."""

    class Step(models.TextChoices):
        RECEIVED = "received", _("Your report was received.")
        REGISTERED = "registered", _("Your report was registered and is being classified.")
        REPLY = "reply", _("The receiving unit sent you a message.")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="public_events")
    step = models.CharField(max_length=30, choices=Step.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.petition_id}:{self.step}"


class PortalSession(models.Model):
    """A reporter's follow-up session. The token is ``id || mask``; only a hash of the id is kept,
    and the petition's private key is kept XOR the mask, so the table alone opens nothing."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    masked_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"session {self.pk}"
