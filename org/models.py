import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AdministrativeLevel(models.Model):
    """Administrative levels are data: the district level ended in 2025 but old reports keep it."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("Lower is higher in the hierarchy."))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = _("administrative level")
        verbose_name_plural = _("administrative levels")

    def __str__(self):
        return self.name


# Each id in ``Unit.path`` is zero-padded to this width, so that ordering by ``path`` gives the
# tree order under any collation (ICU collations may ignore the slashes).
PATH_WIDTH = 10


def child_path(parent_path: str | None, pk: int) -> str:
    return f"{parent_path or '/'}{pk:0{PATH_WIDTH}d}/"


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    DEPARTMENT = "department", _("Department or board")
    INSPECTION_COMMISSION = "inspection_commission", _("Inspection commission")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    PEOPLES_COUNCIL = "peoples_council", _("People's Council")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")
    TRADE_UNION = "trade_union", _("Trade union")
    POLICE = "police", _("Police")
    COURT = "court", _("Court")
    PROCURACY = "procuracy", _("Procuracy")
    OTHER = "other", _("Other")


class UnitQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def subtree_of(self, unit: "Unit"):
        return self.filter(path__startswith=unit.path)


class Unit(models.Model):
    """A node of the organisational tree.

    ``path`` is the materialised chain of zero-padded primary keys from the root
    (``/0000000001/0000000005/``), kept by
    ``org.services``; every subtree query (permissions, statistics) is a prefix match on it.
    """

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    level = models.ForeignKey(
        AdministrativeLevel, on_delete=models.PROTECT, related_name="units", verbose_name=_("level")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(max_length=255, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    headcount = models.PositiveIntegerField(
        _("number of staff"),
        null=True,
        blank=True,
        help_text=_("In a small unit the content of a report may itself point at the reporter."),
    )
    published = models.BooleanField(
        _("published on the portal"), default=True, help_text=_("Reporters can choose this unit.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]
        indexes = [
            # Subtree queries (permissions, statistics) are prefix matches on path.
            models.Index(fields=["path"], name="unit_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["parent", "name"], name="unit_parent_name_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_small(self) -> bool:
        from django.conf import settings

        return self.headcount is not None and self.headcount < settings.SMALL_UNIT_HEADCOUNT

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)

    @property
    def chain_ids(self) -> list[int]:
        """The ids from the root down to this unit, itself included."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    @property
    def ancestor_ids(self) -> list[int]:
        return self.chain_ids[:-1]
