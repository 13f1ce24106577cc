"""Reporting campaigns (issue 7, DOMAIN.md step 10): a request for reports on one template, for a
data window, by a due date, sent to units that may sit at several levels of the tree.

Each ``Recipient`` reports to the nearest recipient above it (its ``parent``) or, at the top, to the
issuing unit. A recipient keeps one working draft (``values`` and the report details); every time
it submits, a frozen ``Submission`` is written with the whole report as it was sent (figures,
the computed values beside them, narratives, the children's contributions), and the parent
accepts or returns that version.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("campaign status", "Draft")
    RUNNING = "running", pgettext_lazy("campaign status", "Running")
    CLOSED = "closed", pgettext_lazy("campaign status", "Closed")


def parse_days(text: str) -> list[int]:
    """ "7, 1" → [7, 1]; raises ValueError on anything else."""
    days = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        day = int(part)
        if day < 0 or day > 366:
            raise ValueError(part)
        days.append(day)
    return sorted(set(days), reverse=True)


class Campaign(models.Model):
    issuer = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="issued_campaigns", verbose_name=_("issuing unit")
    )
    # Locked when the campaign starts: a running campaign keeps the version it started with.
    template = models.ForeignKey(
        "reporting.ReportTemplate", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("template")
    )
    title = models.CharField(_("title"), max_length=255)
    reference = models.CharField(
        _("reference document"), max_length=255, blank=True, help_text=_("For example “Kế hoạch số 162-KH/TU”.")
    )
    date_from = models.DateField(_("data from"))
    date_to = models.DateField(_("data to"))
    due_on = models.DateField(_("due on"))
    reminder_days_before = models.CharField(
        _("reminders before the due date"),
        max_length=50,
        blank=True,
        default="7,1",
        help_text=_("Days before the due date, separated by commas, e.g. “7,1”."),
    )
    remind_after_every_days = models.PositiveSmallIntegerField(
        _("after the due date, remind every (days)"), default=3, help_text=_("0: no reminder after the due date.")
    )
    status = models.CharField(_("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    # Folded title and reference (baove.lib.text.fold), for searches without diacritics.
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-due_on", "-pk"]
        verbose_name = _("reporting campaign")
        verbose_name_plural = _("reporting campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(date_to__gte=models.F("date_from")), name="campaign_window_order"),
        ]
        indexes = [
            # The reminder command scans running campaigns; the list filters by status and year.
            models.Index(fields=["status", "due_on"], name="campaign_status_due_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def reminder_days(self) -> list[int]:
        try:
            return parse_days(self.reminder_days_before)
        except ValueError:
            return []

    @property
    def is_draft(self) -> bool:
        return self.status == CampaignStatus.DRAFT

    @property
    def is_running(self) -> bool:
        return self.status == CampaignStatus.RUNNING


class RecipientStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("report status", "Not started")
    DRAFT = "draft", pgettext_lazy("report status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
    RETURNED = "returned", pgettext_lazy("report status", "Returned")
    ACCEPTED = "accepted", pgettext_lazy("report status", "Accepted")


# A recipient may still change its report in these states.
EDITABLE_STATUSES = (RecipientStatus.NOT_STARTED, RecipientStatus.DRAFT, RecipientStatus.RETURNED)
# The report has reached the body above (the parent consolidates it).
SENT_STATUSES = (RecipientStatus.SUBMITTED, RecipientStatus.ACCEPTED)


class Recipient(models.Model):
    """A unit asked to report, with its working draft."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recipients")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    # The nearest recipient above (it consolidates this report); none: reports to the issuer.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name=_("reports to")
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=RecipientStatus.choices, default=RecipientStatus.NOT_STARTED
    )
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The working draft: {"f<field id>": {"value", "note", "text"}, "a<appendix id>:<cell>": {"value", "note"}}
    # as reporting.engine reads it. A computed figure is stored here only when changed by hand.
    values = models.JSONField(default=dict, blank=True)
    report_number = models.CharField(_("document number"), max_length=100, blank=True)
    report_place = models.CharField(_("place"), max_length=100, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    report_recipients = models.TextField(_("recipients (Nơi nhận)"), blank=True, help_text=_("One per line."))
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["campaign", "unit__path"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="campaign_recipient_unit"),
        ]
        indexes = [
            # Progress counts per status; reminders pick the recipients not yet submitted.
            models.Index(fields=["campaign", "status"], name="campaign_recipient_status_idx"),
        ]

    def __str__(self):
        return f"{self.campaign} · {self.unit}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def is_late_on(self, day: datetime.date) -> bool:
        """First sent after the due date, or not (or no longer) sent and the due date has passed."""
        if self.first_submitted_at is not None and timezone.localdate(self.first_submitted_at) > self.due_on:
            return True
        if self.status in SENT_STATUSES:
            return False
        return day > self.due_on

    @property
    def is_late(self) -> bool:
        return self.is_late_on(timezone.localdate())

    @property
    def report_recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.report_recipients.splitlines() if line.strip()]


class SubmissionDecision(models.TextChoices):
    PENDING = "", pgettext_lazy("report decision", "Awaiting review")
    RETURNED = "returned", pgettext_lazy("report decision", "Returned")
    ACCEPTED = "accepted", pgettext_lazy("report decision", "Accepted")


class Submission(models.Model):
    """One version sent upward, frozen: ``document`` is the whole report as sent
    (``campaigns.snapshot``), so that it reads the same however the records change later."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField(_("version"))
    document = models.JSONField(default=dict)
    values = models.JSONField(default=dict)
    file_names = models.JSONField(default=list, blank=True)
    missing_children = models.JSONField(default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decision = models.CharField(_("decision"), max_length=16, blank=True, choices=SubmissionDecision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["recipient", "-number"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "number"], name="campaign_submission_number"),
        ]

    def __str__(self):
        return f"{self.recipient} v{self.number}"


class ReportFile(models.Model):
    """An evidence document attached to a report (type checked from the content)."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    stored_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("report file")
        verbose_name_plural = _("report files")

    def __str__(self):
        return self.name


class Reminder(models.Model):
    """One reminder for one recipient on one day: the unique key makes ``campaign_reminders``
    idempotent and keeps two runs at once from sending twice."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    kind = models.CharField(max_length=16)  # "before" or "overdue"
    addressees = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "sent_on"], name="campaign_reminder_once_a_day"),
        ]

    def __str__(self):
        return f"{self.recipient_id}:{self.sent_on}"
