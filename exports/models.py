"""Background exports of a filled report to Word, Excel, PDF or all three (a ZIP).

A job names a registered report builder (``exports.builders``) and its JSON parameters, never the
report itself: the builder computes the ``FilledReport`` when the job runs. The rendered file is
kept in the default storage for ``EXPORT_TTL`` and only its creator may download it.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EXPORT_TTL = datetime.timedelta(hours=24)


class ExportKind(models.TextChoices):
    DOCX = "docx", _("Word document")
    XLSX = "xlsx", _("Excel appendices")
    PDF = "pdf", _("PDF document")
    ZIP = "zip-all", _("All formats (ZIP)")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


ACTIVE_STATUSES = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class ExportJob(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("created by")
    )
    unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("The unit whose report is exported, for the audit trail."),
    )
    kind = models.CharField(_("format"), max_length=16, choices=ExportKind.choices)
    label = models.CharField(_("label"), max_length=255)
    search_text = models.CharField(max_length=255, blank=True, editable=False)  # the label folded
    builder = models.CharField(_("report builder"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveIntegerField(_("progress"), default=0)
    total = models.PositiveIntegerField(_("steps"), default=1)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ("-created_at", "-pk")
        indexes = [
            # "My exports" list.
            models.Index(fields=["created_by", "-created_at"], name="exports_job_owner_idx"),
            # run_exports claims the oldest queued job.
            models.Index(fields=["status", "created_at"], name="exports_job_status_idx"),
            # run_exports --purge.
            models.Index(fields=["expires_at"], name="exports_job_expires_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=models.F("total")), name="exports_job_progress_lte_total"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("exports:job_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_downloadable(self) -> bool:
        return self.status == ExportStatus.DONE and bool(self.result) and not self.is_expired

    @property
    def percent(self) -> int:
        return round(100 * self.progress / self.total) if self.total else 0
