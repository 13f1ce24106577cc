"""Citizen reception (tiếp công dân, DOMAIN.md step 8; Regulation 11-QĐi/TW).

A unit holds reception sessions, scheduled (định kỳ) or ad hoc (đột xuất), hosted by its head in
person or by someone the head delegated; each session receives visitors, one person or a mass
delegation (đoàn đông người) at a time.

No visitor's identity lives here: a visit keeps a summary written by staff without the visitor's
name, ID number, phone or address. When a visit becomes a petition, the identity goes into the
petition's sealed original (``cases.services.petition_submit``) and nowhere else.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Subject
from org.models import UnitKind

# The heads of these units receive citizens themselves (Regulation 11-QĐi/TW: heads of Party
# committees; Law on Citizen Reception 2013, art. 18: presidents of People's Committees and heads of
# administrative bodies). Only they have a monthly reception duty to track.
DUTY_UNIT_KINDS = (UnitKind.PARTY_COMMITTEE, UnitKind.PEOPLES_COMMITTEE, UnitKind.DEPARTMENT)


class SessionKind(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("reception", "Scheduled")
    AD_HOC = "ad_hoc", pgettext_lazy("reception", "Ad hoc")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("reception", "Planned")
    HELD = "held", pgettext_lazy("reception", "Held")
    CANCELLED = "cancelled", pgettext_lazy("reception", "Cancelled")


class ReceptionSession(models.Model):
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="reception_sessions", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind of session"), max_length=10, choices=SessionKind.choices)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host's account"),
    )
    host_title = models.CharField(_("host"), max_length=200)
    hosted_by_head = models.BooleanField(_("the head of the unit hosts in person"), default=True)
    delegated_reason = models.CharField(_("why the head delegated"), max_length=500, blank=True)
    published = models.BooleanField(_("published on the portal"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    notes = models.TextField(_("notes"), blank=True)
    # fold(unit name, place, host, notes): the diacritic-insensitive search of the lists and the portal.
    search_text = models.TextField(blank=True, default="", editable=False)
    # None when the session was loaded by the system (demo data, imports).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-start_time", "-pk"]
        verbose_name = _("reception session")
        verbose_name_plural = _("reception sessions")
        indexes = [
            # A unit's sessions by date: the session list of a unit and the head's duty by month.
            models.Index(fields=["unit", "date"], name="receptionsession_unit_date_idx"),
            # Statistics windows (reception.stats) and the portal schedule (from today on).
            models.Index(fields=["date", "status"], name="receptionsession_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gte=models.F("start_time")),
                name="receptionsession_time_range",
            ),
        ]

    def __str__(self):
        return f"{self.unit} · {self.date:%d/%m/%Y}"


class VisitKind(models.TextChoices):
    INDIVIDUAL = "individual", pgettext_lazy("reception", "One person")
    DELEGATION = "delegation", pgettext_lazy("reception", "Mass delegation")


class MatterKind(models.TextChoices):
    FEEDBACK = "feedback", pgettext_lazy("reception", "Feedback")
    RECOMMENDATION = "recommendation", pgettext_lazy("reception", "Recommendation")
    COMPLAINT = "complaint", pgettext_lazy("reception", "Complaint")
    DENUNCIATION = "denunciation", pgettext_lazy("reception", "Denunciation")


class Competence(models.TextChoices):
    HANDLE = "handle", pgettext_lazy("reception", "Within our authority to handle")
    DIRECT = "direct", pgettext_lazy("reception", "Within our authority to direct the handling")
    NOT_COMPETENT = (
        "not_competent",
        pgettext_lazy("reception", "Not within our authority: visitor guided to the competent body"),
    )


class Outcome(models.TextChoices):
    IN_PROGRESS = "in_progress", pgettext_lazy("reception", "Being handled")
    RESOLVED_CLOSED = "resolved_closed", pgettext_lazy("reception", "Handled, no further feedback")
    RESOLVED_CONTINUING = "resolved_continuing", pgettext_lazy("reception", "Handled, the visitors still pursue it")


RESOLVED = (Outcome.RESOLVED_CLOSED, Outcome.RESOLVED_CONTINUING)


class Visit(models.Model):
    """One person or one mass delegation received at a session, with one matter ("vụ việc")."""

    session = models.ForeignKey(
        ReceptionSession, on_delete=models.PROTECT, related_name="visits", verbose_name=_("session")
    )
    kind = models.CharField(_("visitors"), max_length=10, choices=VisitKind.choices, default=VisitKind.INDIVIDUAL)
    headcount = models.PositiveSmallIntegerField(_("number of people"), default=1)
    matter_kind = models.CharField(_("what they brought"), max_length=20, choices=MatterKind.choices)
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices, default=Subject.OTHER)
    summary = models.TextField(_("summary of the matter"))
    complex_prolonged = models.BooleanField(_("complex or prolonged"), default=False)
    degradation = models.BooleanField(
        _("concerns degradation, “self-evolution” or “self-transformation” of officials or Party members"),
        default=False,
    )
    exploited_incitement = models.BooleanField(
        _("exploited or incited: persistent, rejects the competent body's decision, disturbs order"),
        default=False,
    )
    refused = models.BooleanField(_("refused"), default=False)
    refusal_reason = models.CharField(_("reason for refusing"), max_length=500, blank=True)
    competence = models.CharField(_("competence"), max_length=20, choices=Competence.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    petition = models.OneToOneField(
        "cases.Petition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reception_visit",
        verbose_name=_("petition"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            # The minimum size of a delegation is a setting (RECEPTION_DELEGATION_MIN_PEOPLE), checked
            # by the services; the database only keeps the two kinds apart.
            models.CheckConstraint(
                condition=Q(kind="individual", headcount=1) | Q(kind="delegation", headcount__gte=2),
                name="visit_headcount_by_kind",
            ),
            models.CheckConstraint(condition=Q(refused=False) | ~Q(refusal_reason=""), name="visit_refusal_reason"),
            models.CheckConstraint(
                condition=Q(refused=True) | (~Q(competence="") & ~Q(outcome="")), name="visit_received_is_classified"
            ),
            models.CheckConstraint(
                condition=Q(refused=False) | Q(petition__isnull=True), name="visit_refused_no_petition"
            ),
        ]

    def __str__(self):
        return f"{self.session_id}:{self.pk}"

    def flag_labels(self) -> list[str]:
        flags = [
            (self.complex_prolonged, _("Complex or prolonged")),
            (self.degradation, _("Degradation, “self-evolution”, “self-transformation”")),
            (self.exploited_incitement, _("Exploited or incited")),
        ]
        return [str(label) for on, label in flags if on]


class ReceptionDutyRule(models.Model):
    """How many days a month the head of a unit at ``level`` must receive citizens in person. A change
    is a new row from its ``valid_from``; a month is judged by the row in force on its last day."""

    level = models.ForeignKey(
        "org.AdministrativeLevel", on_delete=models.PROTECT, related_name="+", verbose_name=_("level")
    )
    days_per_month = models.PositiveSmallIntegerField(_("days a month"))
    valid_from = models.DateField(_("in force from"))
    basis = models.TextField(_("legal basis"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["level__rank", "-valid_from"]
        verbose_name = _("reception duty rule")
        verbose_name_plural = _("reception duty rules")
        constraints = [models.UniqueConstraint(fields=["level", "valid_from"], name="dutyrule_unique_level_from")]

    def __str__(self):
        return f"{self.level_id}: {self.days_per_month}"
