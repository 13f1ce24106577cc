"""Historical data (issue 7): the registers kept before the system was used, and aggregate figures
where no register exists.

A past register is imported in one batch (``ImportBatch``), all rows or none. Its rows become real
records of the apps that own them (petitions and matters, protection cases, retaliation incidents,
reception sessions, activities), so that the statistics count them as they count live ones; the link
from a batch to each record it created is ``ImportedRecord``. No identity is ever imported.

An ``AggregateFigure`` is a number for one figure key, one unit (its subtree) and one period, typed in
from an old report where no register exists. ``baove.figures.compute`` uses it instead of the records
of that unit subtree and period (``history.aggregates``).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    PETITIONS = "petitions", _("Petitions and their handling")
    PROTECTION = "protection", _("Protection cases")
    RETALIATION = "retaliation", _("Retaliation incidents")
    RECEPTION = "reception", _("Citizen reception sessions")
    DISSEMINATION = "dissemination", _("Dissemination events")
    INSPECTIONS = "inspections", _("Inspections and supervision")
    DOCUMENTS = "documents", _("Documents issued")
    AGGREGATES = "aggregates", _("Aggregate figures")


class BatchStatus(models.TextChoices):
    IMPORTED = "imported", _("Imported")
    UNDONE = "undone", _("Undone")


class ImportBatch(models.Model):
    kind = models.CharField(_("register"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    # The same file is not imported twice while its first batch stands.
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    row_count = models.PositiveIntegerField(_("rows"))
    record_count = models.PositiveIntegerField(_("records created"), default=0)
    # The narrowest unit holding every unit of the rows: who sees the batch (accounts.permissions);
    # None when the rows lie in different trees (only the superuser and the importer see it then).
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    # Every unit of the rows: undoing needs the right to import for each of them.
    units = models.ManyToManyField("org.Unit", related_name="+", verbose_name=_("units"))
    date_from = models.DateField(_("earliest date"), null=True, blank=True)
    date_to = models.DateField(_("latest date"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("imported by")
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.IMPORTED)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        indexes = [
            # The duplicate-file check on every import.
            models.Index(fields=["kind", "sha256"], name="importbatch_kind_sha_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class ImportedRecord(models.Model):
    """One record a batch created; undoing the batch deletes exactly these."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="importedrecord_unique_object"),
        ]

    def __str__(self):
        return f"{self.batch_id}:{self.content_type_id}:{self.object_id}"


class AggregateFigure(models.Model):
    """A figure typed in for a unit (its whole subtree) and a period, where no register exists."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="aggregate_figures", verbose_name=_("unit")
    )
    figure_key = models.CharField(_("figure"), max_length=100)
    # An AdministrativeLevel code: the figure for the units of that level in the subtree; blank: all.
    level = models.CharField(_("administrative level"), max_length=32, blank=True)
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    value = models.PositiveIntegerField(_("value"))
    note = models.CharField(_("source"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aggregates",
        verbose_name=_("import batch"),
    )

    class Meta:
        ordering = ["figure_key", "unit__path", "period_from"]
        verbose_name = _("aggregate figure")
        verbose_name_plural = _("aggregate figures")
        constraints = [
            models.CheckConstraint(condition=Q(period_to__gte=F("period_from")), name="aggregate_period_range"),
        ]
        indexes = [
            # baove.figures.compute looks up the aggregates of one key and level for every figure.
            models.Index(fields=["figure_key", "level", "period_from"], name="aggregate_key_idx"),
        ]

    def __str__(self):
        return f"{self.figure_key} · {self.unit_id} · {self.period_from}–{self.period_to}"
