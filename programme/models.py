"""The implementation programme (DOMAIN.md step 9): the texts that order the work, the plans made
of tasks with their due items and progress, and the activities counted by the official reports
(dissemination, documents issued, inspections and supervision, propaganda).

One ``Document`` model holds every text, from Directive 27-CT/TW down to a division's plan. The
texts form a tree through ``implements``; ``Document.path`` is its materialised chain of ids (like
``org.Unit.path``), so "everything that implements Directive 27, directly or down the chain" is a
prefix match. National texts have no ``unit``: everyone reads them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Each id in ``Document.path`` is zero-padded to this width, as in ``org.Unit.path``.
PATH_WIDTH = 10


def document_path(parent_path: str | None, pk: int) -> str:
    return f"{parent_path or '/'}{pk:0{PATH_WIDTH}d}/"


class DocumentKind(models.TextChoices):
    DIRECTIVE = "directive", _("Directive")
    REGULATION = "regulation", _("Regulation")
    CONCLUSION = "conclusion", _("Conclusion")
    RESOLUTION = "resolution", _("Resolution")
    PLAN = "plan", pgettext_lazy("programme", "Plan")
    PROGRAMME = "programme", _("Programme")
    DECISION = "decision", _("Decision")
    INSTRUCTION = "instruction", _("Guidance")
    OFFICIAL_LETTER = "official_letter", _("Official letter")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


# Texts that carry tasks.
PLAN_KINDS = (DocumentKind.PLAN, DocumentKind.PROGRAMME)


class Document(models.Model):
    kind = models.CharField(_("kind of text"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(
        _("document number"), max_length=50, help_text=_("As printed, e.g. 80-KH/TU or 12/BC-UBND.")
    )
    issued_on = models.DateField(_("issued on"))
    issuer = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
        verbose_name=_("issuing unit"),
    )
    # For bodies outside the system (Bộ Chính trị, Ban Bí thư, a ministry).
    issuer_name = models.CharField(_("issuing body"), max_length=255, blank=True)
    is_party = models.BooleanField(_("Party document"), default=True)
    is_legal_normative = models.BooleanField(_("legal normative document"), default=False)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    implements = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="implementations",
        verbose_name=_("implements"),
    )
    # The chain of ids from the root text down to this one, itself included; kept by the services.
    path = models.CharField(max_length=500, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    file = models.FileField(_("file"), upload_to="programme/documents/%Y/", blank=True, max_length=255)
    file_name = models.CharField(_("file name"), max_length=150, blank=True)
    # The unit the document belongs to (scoping and statistics); NULL for national texts.
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programme_documents",
        verbose_name=_("unit"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            # "Everything down the chain of a text" (figures, the chain screen): prefix match.
            models.Index(fields=["path"], name="document_path_idx", opclasses=["varchar_pattern_ops"]),
            # Lists of a unit's documents and statistics windows.
            models.Index(fields=["unit", "-issued_on"], name="document_unit_issued_idx"),
            models.Index(fields=["issued_on"], name="document_issued_idx"),
            # The roots are looked up by number (27-CT/TW, 11-QĐi/TW).
            models.Index(fields=["number"], name="document_number_idx"),
        ]

    def __str__(self):
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"

    @property
    def issuer_label(self) -> str:
        return self.issuer.name if self.issuer_id else self.issuer_name

    @property
    def is_plan(self) -> bool:
        return self.kind in PLAN_KINDS

    @property
    def chain_ids(self) -> list[int]:
        """The ids from the root text down to this one, itself included."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class Timing(models.TextChoices):
    DUE_DATE = "due_date", _("By a date")
    ONGOING = "ongoing", _("Ongoing")
    RECURRING = "recurring", _("Recurring")


class Task(models.Model):
    plan = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("plan"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("task"), max_length=500)
    description = models.TextField(_("content"), blank=True)
    lead_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="programme_led_tasks", verbose_name=_("lead unit")
    )
    coordinating_units = models.ManyToManyField(
        "org.Unit", blank=True, related_name="programme_coordinated_tasks", verbose_name=_("coordinating units")
    )
    # "Các phòng, ban, trung tâm", or bodies outside the system.
    coordinating_note = models.CharField(_("other coordinating bodies"), max_length=500, blank=True)
    # The units that must do the task and report on it; empty means the lead unit alone.
    assignees = models.ManyToManyField(
        "org.Unit", blank=True, related_name="programme_assigned_tasks", verbose_name=_("units that must do it")
    )
    timing = models.CharField(_("time frame"), max_length=10, choices=Timing.choices, default=Timing.ONGOING)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # Day/month pairs, e.g. "05/06,05/12" (every 5 June and 5 December).
    recurrence = models.CharField(_("recurs on"), max_length=100, blank=True)
    recurrence_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    recurrence_until = models.PositiveSmallIntegerField(_("until year"), null=True, blank=True)
    timing_note = models.CharField(_("note on the time frame"), max_length=255, blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.CheckConstraint(
                condition=~Q(timing="due_date") | Q(due_on__isnull=False), name="task_due_date_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(timing="recurring") | ~Q(recurrence=""), name="task_recurring_has_rule"
            ),
            models.CheckConstraint(
                condition=Q(recurrence_until__isnull=True)
                | Q(recurrence_from__isnull=True)
                | Q(recurrence_until__gte=models.F("recurrence_from")),
                name="task_recurrence_years",
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"

    @property
    def recurrence_pairs(self) -> list[tuple[int, int]]:
        """(day, month) pairs of the rule; the services validated them."""
        pairs = []
        for part in self.recurrence.split(","):
            if part.strip():
                day, month = part.strip().split("/")
                pairs.append((int(day), int(month)))
        return pairs


class DueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done on time")
    LATE_DONE = "late_done", _("Done late")


class DueItem(models.Model):
    """One thing a unit owes for a task on a day: a report due 05/6, a task due by a date."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="due_items", verbose_name=_("task"))
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="programme_due_items", verbose_name=_("unit")
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=DueStatus.choices, default=DueStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "unit__path", "pk"]
        verbose_name = _("due item")
        verbose_name_plural = _("due items")
        constraints = [
            # Scheduling is idempotent because of this.
            models.UniqueConstraint(fields=["task", "unit", "due_on"], name="due_item_unique"),
            models.CheckConstraint(
                condition=Q(status="open", done_on__isnull=True) | (~Q(status="open") & Q(done_on__isnull=False)),
                name="due_item_done_has_date",
            ),
        ]
        indexes = [
            # The overdue worklist: open items of a unit by date.
            models.Index(fields=["status", "due_on"], name="due_item_status_due_idx"),
            models.Index(fields=["unit", "status", "due_on"], name="due_item_unit_status_idx"),
        ]

    def __str__(self):
        return f"{self.task_id}:{self.unit_id}:{self.due_on}"

    def is_overdue(self, today) -> bool:
        return self.status == DueStatus.OPEN and self.due_on < today


class ProgressUpdate(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress", verbose_name=_("task"))
    due_item = models.ForeignKey(
        DueItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="progress", verbose_name=_("due item")
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="programme_progress", verbose_name=_("unit")
    )
    reported_on = models.DateField(_("reported on"))
    text = models.TextField(_("work done"))
    percent = models.PositiveSmallIntegerField(_("percent done"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    file = models.FileField(_("file"), upload_to="programme/progress/%Y/", blank=True, max_length=255)
    file_name = models.CharField(_("file name"), max_length=150, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100), name="progress_percent_range"
            ),
        ]
        indexes = [models.Index(fields=["unit", "-reported_on"], name="progress_unit_reported_idx")]

    def __str__(self):
        return f"{self.task_id}:{self.unit_id}:{self.reported_on}"


# Activities


class DisseminationForm(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    TRAINING = "training", _("Training course")
    SEMINAR = "seminar", _("Seminar")
    CELL_MEETING = "cell_meeting", _("Within Party cell meetings")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class Dissemination(models.Model):
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="programme_disseminations", verbose_name=_("unit")
    )
    held_on = models.DateField(_("held on"))
    form = models.CharField(_("form of dissemination"), max_length=20, choices=DisseminationForm.choices)
    title = models.CharField(_("title"), max_length=500)
    sessions = models.PositiveIntegerField(_("sessions"), default=1)
    participants = models.PositiveIntegerField(_("participants (officials and Party members)"), default=0)
    materials = models.PositiveIntegerField(_("materials issued"), default=0)
    concerning = models.ManyToManyField(
        Document, blank=True, related_name="disseminations", verbose_name=_("texts disseminated")
    )
    # Column 1 of Appendix 1 of the Directive 27 review counts only the sessions organised by the
    # Party committee, Party delegation or Party executive committee itself. Entered explicitly;
    # the form proposes it when the unit is a Party committee.
    organised_by_committee = models.BooleanField(_("organised by the Party committee itself"), default=False)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("dissemination event")
        verbose_name_plural = _("dissemination events")
        indexes = [
            models.Index(fields=["unit", "-held_on"], name="dissemination_unit_held_idx"),
            models.Index(fields=["held_on"], name="dissemination_held_idx"),  # statistics windows
        ]

    def __str__(self):
        return self.title


class BodyKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    INSPECTION_COMMISSION = "inspection_commission", _("Inspection commission")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    PEOPLES_COUNCIL = "peoples_council", _("People's Council")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")
    TRADE_UNION = "trade_union", _("Trade union")
    OTHER = "other", _("Other body")


# Bodies whose inspections count as "by the Party committee or organisation directly under the
# Central" in Appendix 1 of the Directive 27 review; every other body is a subordinate body.
COMMITTEE_BODY_KINDS = (BodyKind.PARTY_COMMITTEE, BodyKind.INSPECTION_COMMISSION)


class ActivityKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    SUPERVISION = "supervision", _("Supervision")
    STATE_INSPECTION = "state_inspection", _("State inspection")
    AUDIT = "audit", _("Audit")


class Basis(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("programme", "Planned")
    AD_HOC = "ad_hoc", _("Ad hoc")


class Inspection(models.Model):
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="programme_inspections", verbose_name=_("conducted by")
    )
    body_kind = models.CharField(_("kind of body"), max_length=30, choices=BodyKind.choices)
    activity_kind = models.CharField(_("activity"), max_length=20, choices=ActivityKind.choices)
    basis = models.CharField(_("planned or ad hoc"), max_length=10, choices=Basis.choices, default=Basis.PLANNED)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    concerning = models.ManyToManyField(
        Document, blank=True, related_name="inspections", verbose_name=_("texts whose implementation is checked")
    )
    units_covered = models.ManyToManyField(
        "org.Unit", blank=True, related_name="programme_inspections_covering", verbose_name=_("units covered")
    )
    other_units = models.CharField(_("other bodies covered"), max_length=500, blank=True)
    other_units_count = models.PositiveIntegerField(_("number of other bodies covered"), default=0)
    findings = models.TextField(_("findings"), blank=True)
    heads_disciplined = models.PositiveIntegerField(_("heads violating, disciplined"), default=0)
    heads_not_disciplined = models.PositiveIntegerField(_("heads violating, not to the level of discipline"), default=0)
    sanctions_proposed = models.PositiveIntegerField(_("number of sanctions proposed"), default=0)
    sanctions_proposed_text = models.TextField(_("sanctions proposed: details"), blank=True)
    sanctions_applied = models.PositiveIntegerField(_("number of sanctions applied"), default=0)
    sanctions_applied_text = models.TextField(_("sanctions applied: details"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("inspection or supervision")
        verbose_name_plural = _("inspections and supervision")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="inspection_date_range",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "-started_on"], name="inspection_unit_started_idx"),
            models.Index(fields=["started_on"], name="inspection_started_idx"),  # statistics windows
        ]

    def __str__(self):
        return self.title


class Medium(models.TextChoices):
    PRESS = "press", _("Press")
    WEB = "web", _("Web page")
    RADIO = "radio", _("Radio")
    TELEVISION = "television", _("Television")
    SOCIAL = "social", _("Social network")
    BULLETIN = "bulletin", _("Bulletin")
    OTHER = "other", _("Other")


class PropagandaItem(models.Model):
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="programme_propaganda", verbose_name=_("unit")
    )
    published_on = models.DateField(_("published on"))
    medium = models.CharField(_("medium"), max_length=20, choices=Medium.choices)
    title = models.CharField(_("title"), max_length=500)
    outlet = models.CharField(_("outlet"), max_length=255, blank=True)
    count = models.PositiveIntegerField(_("number of items"), default=1)
    concerning = models.ManyToManyField(
        Document, blank=True, related_name="propaganda_items", verbose_name=_("texts concerned")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("propaganda item")
        verbose_name_plural = _("propaganda items")
        indexes = [
            models.Index(fields=["unit", "-published_on"], name="propaganda_unit_published_idx"),
            models.Index(fields=["published_on"], name="propaganda_published_idx"),  # statistics windows
        ]

    def __str__(self):
        return self.title
