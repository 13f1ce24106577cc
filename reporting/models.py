"""Report templates as data (issue 7): an outline tree of sections with guidance and fields, and
appendix tables whose cells are bound to registered figures (``baove.figures``) or entered by hand.

A template is versioned: once a campaign uses it, it is locked (``locked_at``), and a change is
made on a copy (``based_on``) with the next version number. The built-in templates are loaded by a
data migration from the seeds, word for word.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentStyle(models.TextChoices):
    PARTY = "party", _("Party document (Guidance 36-HD/VPTW)")
    STATE = "state", _("State document (Decree 30/2020/NĐ-CP)")


class ReportTemplate(models.Model):
    code = models.SlugField(_("code"), max_length=64, help_text=_("The same for every version of a template."))
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=255)
    title = models.TextField(_("report title"), help_text=_("The title as printed at the top of the report."))
    style = models.CharField(_("document style"), max_length=16, choices=DocumentStyle.choices)
    notes = models.TextField(_("notes"), blank=True, help_text=_("The closing notes of the outline (Ghi chú)."))
    default_date_from = models.DateField(_("data window from"), null=True, blank=True)
    default_date_to = models.DateField(_("data window to"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="copies", verbose_name=_("based on")
    )
    is_builtin = models.BooleanField(_("built in"), default=False)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="reporting_template_version")]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Section(models.Model):
    """A numbered heading of the outline ("II", "2.1", "-"), its guidance in italics, its fields."""

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    position = models.PositiveIntegerField(_("position"))
    number = models.CharField(_("number"), max_length=16, blank=True)
    heading = models.TextField(_("heading"))
    guidance = models.TextField(_("guidance"), blank=True, help_text=_("Shown in italics; not part of the answer."))

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return f"{self.number} {self.heading}".strip()


class FieldKind(models.TextChoices):
    NARRATIVE = "narrative", _("Narrative (written by the unit)")
    FIGURE = "figure", _("Figure")


class Field(models.Model):
    """What a section asks for: a narrative, or a figure computed from ``figure_key`` (blank: entered
    by hand)."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="fields")
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16, choices=FieldKind.choices)
    label = models.TextField(_("label"))
    figure_key = models.CharField(_("figure"), max_length=100, blank=True)
    level = models.CharField(_("administrative level"), max_length=32, blank=True)

    class Meta:
        ordering = ["section", "position"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")

    def __str__(self):
        return self.label


class AppendixKind(models.TextChoices):
    TABLE = "table", _("Table of figures")
    LISTING = "listing", _("List of records")


class Appendix(models.Model):
    """A table ("PHỤ LỤC 2").

    ``layout`` = ``{"header": [[cell, …], …], "rows": [[cell, …], …]}``; a cell is
    ``{"text": str, "colspan": int, "rowspan": int, "italic": bool, "bold": bool,
    "figure": key | None, "level": code | None, "manual": bool, "free_text": bool,
    "emphasis": [str, …]}`` (every key but ``text`` optional). A cell with ``figure`` is computed
    (for ``level``, or all levels), a cell with ``manual`` is a number entered by hand, a cell with
    ``free_text`` a text entered by hand (a "Ghi chú" column), any other shows its text, with the
    ``emphasis`` parts in italics. Cells covered by a neighbour's span are omitted, as in HTML. A
    body cell is addressed as ``r<row>c<index>`` (0-based, its index in ``layout["rows"][row]``), a
    header cell as ``h<row>c<index>``. A listing appendix draws its body rows from ``listing_key``
    (``baove.figures.LISTINGS``) under its header.
    """

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="appendices")
    position = models.PositiveIntegerField(_("position"))
    number = models.CharField(_("number"), max_length=32)
    title = models.TextField(_("title"))
    kind = models.CharField(_("kind"), max_length=16, choices=AppendixKind.choices, default=AppendixKind.TABLE)
    listing_key = models.CharField(_("list"), max_length=100, blank=True)
    layout = models.JSONField(_("layout"), default=dict)

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("appendix")
        verbose_name_plural = _("appendices")

    def __str__(self):
        return f"{self.number} {self.title}"
