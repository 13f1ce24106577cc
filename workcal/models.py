from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """An installation-wide exception to the official calendar known to the ``holidays`` package.

    Written only by ``workcal.services``; read by ``workcal.workdays``.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Extra day off")
        WORKING_DAY = "working_day", _("Compensatory working day")

    # Unique, so also indexed: workdays loads the overrides of a date range in one query.
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=["day_off", "working_day"]), name="workcal_day_kind"),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} · {self.get_kind_display()} · {self.name}"
