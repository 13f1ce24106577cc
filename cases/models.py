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
    IN_MATTER = "in_matter", _("Being handled")
    FORWARDED = "forwarded", _("Forwarded to the competent body")
    GUIDED = "guided", _("Reporter guided to the competent body")
    FILED = "filed", _("Kept on file")
    NOT_PROCESSABLE = "not_processable", _("Not processable")


class Condition(models.TextChoices):
    PENDING = "pending", _("Not classified yet")
    PROCESSABLE = "processable", _("Processable")
    NOT_PROCESSABLE = "not_processable", _("Not processable")


class Competence(models.TextChoices):
    PENDING = "pending", _("Not classified yet")
    OURS = "ours", _("Within our competence")
    FORWARD = "forward", _("Forward to the competent body")
    GUIDE = "guide", _("Guide the reporter")
    FILE = "file", _("Keep on file")


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
    # The unit that received it first. Forwarding moves ``unit``; the statistics count a petition
    # for the subtree that received it first as well (``cases.stats``), and the audit event that
    # also names this unit is too slow to join at national scale.
    first_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("first receiving unit")
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

    # Classification (issue 4): by content, condition, competence and number of reporters.
    matter = models.ForeignKey(
        "Matter", on_delete=models.PROTECT, null=True, blank=True, related_name="petitions", verbose_name=_("matter")
    )
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices, default=Condition.PENDING)
    condition_reason = models.TextField(_("reason"), blank=True)
    competence = models.CharField(
        _("competence"), max_length=20, choices=Competence.choices, default=Competence.PENDING
    )
    forward_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("forwarded to")
    )
    forward_body = models.CharField(_("forwarded to (outside body)"), max_length=255, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    reporter_count = models.PositiveSmallIntegerField(_("number of reporters"), default=1)
    classified_at = models.DateTimeField(null=True, blank=True)
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The working copy folded for search (lower case, no diacritics, NFC/NFD alike): baove.lib.text.fold.
    search_text = models.TextField(blank=True, editable=False)

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

    # A reporter who opted in to e-mail notices: the address sealed under the installation's
    # notice key (settings.NOTICE_EMAIL_KEY), so that the sender can read it without a staff key.
    # The e-mails say only that something changed, never what.
    notice_email_sealed = models.BinaryField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        indexes = [
            # The petition list and intake lists: a unit's petitions, newest first, in the list's full
            # order; with ``matter`` (the visibility rule reads it), PostgreSQL skips the rows before a
            # deep page in this index alone (issue 8). It replaces (unit, -received_at). Not the
            # folded working copy (``search_text``): it would make the search read this index alone,
            # but a B-tree entry is limited to about 2.7 kB and a working copy can be longer.
            models.Index(fields=["unit", "-received_at", "-id"], include=["matter"], name="petition_unit_listing_idx"),
            # Worklists filtered by status within a unit (cases.worklists), keyset order.
            models.Index(fields=["unit", "status", "-received_at", "-id"], name="petition_unit_status_idx"),
            # The custodian's petitions asking for protection (protection.selectors): a few in a hundred.
            models.Index(
                fields=["unit", "received_at"],
                condition=models.Q(protection_requested=True),
                name="petition_protection_idx",
            ),
            # Statistics windows (cases.stats), with every column the selectors read: at national
            # scale PostgreSQL counts from this index alone (133 MB for a million petitions) instead
            # of reading the table (2 GB), a third of the time (issue 8).
            models.Index(
                fields=["received_at"],
                include=[
                    "id",
                    "unit",
                    "first_unit",
                    "forwarded_at",
                    "kind",
                    "subject",
                    "channel",
                    "condition",
                    "competence",
                    "status",
                    "classified_at",
                    "reporter_count",
                    "matter",
                ],
                name="petition_stats_idx",
            ),
            models.Index(fields=["forwarded_at"], name="petition_forwarded_idx"),
            # "To register and classify" (cases.worklists): the few petitions still waiting, by unit,
            # newest first, without walking every petition a unit ever received (issue 8).
            models.Index(
                fields=["unit", "-received_at", "-id"],
                condition=models.Q(status__in=["received", "registered", "forwarded"]),
                name="petition_waiting_idx",
            ),
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
    # Linked by an intake officer: the accused's account (who must never see the matter) and the
    # unit they work in (a head or deputy head of the competent unit sends the matter up a level).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accusations",
        verbose_name=_("account"),
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit (linked)")
    )

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
        NOTICE = "notice", _("A notice about your report.")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="public_events")
    step = models.CharField(max_length=30, choices=Step.choices)
    # For notices: the text rendered from the editable template when it was sent (no content).
    text = models.TextField(blank=True)
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


# Case handling (issue 4)


class MatterStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", _("Awaiting the decision to accept")
    ACCEPTED = "accepted", _("Accepted, being verified")
    CHECKING = "checking", _("Being checked within our powers")
    REFUSED = "refused", _("Not accepted")
    SUSPENDED = "suspended", _("Suspended")
    CONCLUDED = "concluded", _("Concluded")


class Complexity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    COMPLEX = "complex", _("Complex")
    ESPECIALLY_COMPLEX = "especially_complex", _("Especially complex")


class Outcome(models.TextChoices):
    TRUE = "true", _("True")
    PARTLY_TRUE = "partly_true", _("Partly true")
    UNTRUE = "untrue", _("Untrue")


# On the head's "Awaiting a decision" list (cases.worklists): waiting for acceptance, or escalated by
# a flag and not closed. Also the condition of the partial index ``matter_decision_idx``.
AWAITING_DECISION = models.Q(status=MatterStatus.AWAITING_DECISION) | (
    (models.Q(flag_complex=True) | models.Q(flag_mass=True) | models.Q(flag_over_level=True))
    & ~models.Q(status__in=[MatterStatus.CONCLUDED, MatterStatus.REFUSED])
)


class Matter(models.Model):
    """A matter (vụ việc): what is handled, decided and counted once, however many petitions
    brought it. Each petition keeps its own record, reporter and notices."""

    reference = models.CharField(_("matter number"), max_length=20, unique=True)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="matters", verbose_name=_("handling unit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    summary = models.CharField(_("summary"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=MatterStatus.choices, default=MatterStatus.AWAITING_DECISION
    )
    # An anonymous denunciation is not handled as a denunciation; a concrete one is checked.
    anonymous_check = models.BooleanField(_("check of an anonymous denunciation"), default=False)
    opened_at = models.DateTimeField(_("opened"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    refused_reason = models.TextField(_("reason for not accepting"), blank=True)
    complexity = models.CharField(_("complexity"), max_length=20, choices=Complexity.choices, default=Complexity.NORMAL)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    suspended_at = models.DateTimeField(null=True, blank=True)
    # Escalation flags: any of them puts the matter on the head's list.
    flag_complex = models.BooleanField(_("complex, prolonged"), default=False)
    flag_mass = models.BooleanField(_("mass delegation"), default=False)
    flag_over_level = models.BooleanField(_("beyond our level"), default=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    measures = models.TextField(_("measures and recommendations"), blank=True)
    sanctions_proposed = models.TextField(_("sanctions proposed"), blank=True)
    amount_to_recover = models.DecimalField(
        _("amount to recover (VND)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        indexes = [
            # Worklists: a unit's matters by status, newest first.
            models.Index(fields=["unit", "status", "-opened_at"], name="matter_unit_status_idx"),
            models.Index(fields=["unit", "-opened_at", "-id"], name="matter_unit_opened_idx"),
            # "Awaiting a decision": a few matters in a thousand, by unit, newest first (issue 8).
            models.Index(fields=["unit", "-opened_at", "-id"], condition=AWAITING_DECISION, name="matter_decision_idx"),
        ]

    def __str__(self):
        return self.reference

    @property
    def escalated(self) -> bool:
        return self.flag_complex or self.flag_mass or self.flag_over_level


class Assignment(models.Model):
    """A handler on a matter. Nothing of the matter is shown to them until they declare that they
    have no conflict of interest; declaring one ends the assignment."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="assignments")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    declared_no_conflict_at = models.DateTimeField(null=True, blank=True)
    conflict_declared_at = models.DateTimeField(null=True, blank=True)
    conflict_note = models.TextField(blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "handler"], condition=models.Q(ended_at__isnull=True), name="assignment_one_active"
            ),
        ]
        indexes = [
            # "My matters" and every visibility check of a handler.
            models.Index(
                fields=["handler", "matter"], condition=models.Q(ended_at__isnull=True), name="assignment_active_idx"
            ),
        ]

    def __str__(self):
        return f"{self.matter_id}:{self.handler_id}"


class StepKind(models.TextChoices):
    INITIAL_HANDLING = "initial_handling", _("Initial handling of a petition")
    INITIAL_HANDLING_MULTI = "initial_handling_multi", _("Initial handling with verification at several places")
    FORWARD = "forward", _("Forwarding to the competent body")
    NOTIFY_ACCEPTANCE = "notify_acceptance", _("Notifying acceptance")
    RESOLVE = "resolve", _("Resolving an accepted matter")
    EXTENSION = "extension", _("Extension of the resolution")
    PARTY_FEEDBACK = "party_feedback", _("Answering feedback to a Party committee head")


class DayCount(models.TextChoices):
    WORKING = "working", _("working days")
    CALENDAR = "calendar", _("calendar days")


class DeadlineRule(models.Model):
    """A legal time limit as data. A change is a new row; a step uses the row in force when it
    started, so changing a rule changes only the steps started after the change."""

    step = models.CharField(_("step"), max_length=30, choices=StepKind.choices)
    days = models.PositiveSmallIntegerField(_("days"))
    count = models.CharField(_("counted in"), max_length=10, choices=DayCount.choices)
    starts = models.CharField(_("the clock starts at"), max_length=200)
    valid_from = models.DateTimeField(_("in force from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("legal basis"), blank=True)

    class Meta:
        ordering = ["step", "-valid_from"]
        verbose_name = _("time limit rule")
        verbose_name_plural = _("time limit rules")

    def __str__(self):
        return f"{self.step}: {self.days} {self.count}"


class Deadline(models.Model):
    """One running time limit of a petition or a matter."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines")
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines")
    step = models.CharField(_("step"), max_length=30, choices=StepKind.choices)
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("started"))
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            # Due-soon and overdue scans: open deadlines by due date, with their owners so that the
            # visibility check reads this index alone (issue 8).
            models.Index(
                fields=["due_on", "id"],
                include=["petition", "matter"],
                condition=models.Q(done_on__isnull=True, cancelled=False),
                name="deadline_open_due_idx",
            ),
            # On-time statistics over deadlines done in a window.
            models.Index(fields=["done_on"], condition=models.Q(done_on__isnull=False), name="deadline_done_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(petition__isnull=False) | models.Q(matter__isnull=False), name="deadline_has_owner"
            ),
        ]

    def __str__(self):
        return f"{self.step} → {self.due_on}"


class PersonRelation(models.Model):
    """A recorded relation between two accounts (family, close colleague): the relatives of an
    accused person must not see the matter either."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    related = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("relation"), max_length=100)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "related"], name="relation_unique_pair")]

    def __str__(self):
        return f"{self.person_id}~{self.related_id}"


class NoticeKind(models.TextChoices):
    ACCEPTED = "accepted", _("Acceptance")
    REFUSED = "refused", _("Refusal to accept")
    FORWARDED = "forwarded", _("Forwarding")
    GUIDED = "guided", _("Guidance to the competent body")
    EXTENDED = "extended", _("Extension")
    SUSPENDED = "suspended", _("Suspension")
    RESUMED = "resumed", _("Resumption")
    CONCLUDED = "concluded", _("Conclusion")


class NoticeTemplate(models.Model):
    """An editable notice to the reporter; ``{placeholders}`` are filled when it is sent."""

    kind = models.CharField(_("notice"), max_length=20, choices=NoticeKind.choices)
    language = models.CharField(_("language"), max_length=5, default="vi")
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "language"], name="notice_template_unique")]

    def __str__(self):
        return f"{self.kind}/{self.language}"


class Notification(models.Model):
    """A staff notification: shown in the in-app inbox, e-mailed by ``send_notifications``."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned to you")
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        REPORTER_MESSAGE = "reporter_message", _("The reporter wrote")
        DECISION_NEEDED = "decision_needed", _("Awaiting your decision")
        PERSONNEL_ALERT = "personnel_alert", _("A personnel action concerns a protected person")

    class Mail(models.TextChoices):
        PENDING = "pending", _("to send")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not sent (no address)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # Makes generation idempotent: the same notice for the same thing is created once.
    dedupe_key = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    mail = models.CharField(max_length=10, choices=Mail.choices, default=Mail.PENDING)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The sender claims pending mail oldest first; the inbox lists a user's unread.
            models.Index(fields=["mail", "created_at"], name="notification_mail_idx"),
            models.Index(fields=["user", "read_at"], name="notification_inbox_idx"),
        ]

    def __str__(self):
        return f"{self.user_id}:{self.kind}"
