"""Every state change of reporting campaigns (issue 7).

Keyword-only, atomic: validate, change, then write the audit event (``campaigns.*``) in the same
transaction. Audit details carry ids and counts, never a text someone typed. E-mails leave after
the commit (``campaigns.mail``).
"""

import datetime
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from audit.services import audit_record
from baove.lib.text import fold
from campaigns import consolidation, mail
from campaigns.models import (
    EDITABLE_STATUSES,
    Campaign,
    CampaignStatus,
    Recipient,
    RecipientStatus,
    ReportFile,
    Submission,
    SubmissionDecision,
    parse_days,
)
from campaigns.snapshot import report_to_json
from org.models import Unit
from reporting import engine
from reporting.models import ReportTemplate
from reporting.services import template_lock

MAX_FIGURE = 10**9
MAX_TEXT = 100_000


def _fail(message, field: str | None = None):
    raise ValidationError({field: message} if field else message)


# Campaigns


def _check_campaign(*, actor, issuer: Unit, template: ReportTemplate, date_from, date_to, due_on, reminders: str):
    if not permissions.has_role(actor, issuer, *permissions.CAMPAIGN_DRAFT_ROLES):
        _fail(_("You may not issue campaigns in the name of this unit."), "issuer")
    if date_to < date_from:
        _fail(_("The data window ends before it starts."), "date_to")
    if due_on < date_from:
        _fail(_("The due date is before the data window starts."), "due_on")
    try:
        parse_days(reminders)
    except ValueError:
        _fail(_("Write whole numbers of days separated by commas, e.g. “7,1”."), "reminder_days_before")
    if template.pk is None:
        _fail(_("Choose a template."), "template")


def _search_text(campaign: Campaign) -> str:
    return fold(f"{campaign.title} {campaign.reference}")


@transaction.atomic
def campaign_create(
    *,
    actor,
    issuer: Unit,
    template: ReportTemplate,
    title: str,
    date_from: datetime.date,
    date_to: datetime.date,
    due_on: datetime.date,
    reference: str = "",
    reminder_days_before: str = "7,1",
    remind_after_every_days: int = 3,
) -> Campaign:
    _check_campaign(
        actor=actor,
        issuer=issuer,
        template=template,
        date_from=date_from,
        date_to=date_to,
        due_on=due_on,
        reminders=reminder_days_before,
    )
    campaign = Campaign(
        issuer=issuer,
        template=template,
        title=title.strip(),
        reference=reference.strip(),
        date_from=date_from,
        date_to=date_to,
        due_on=due_on,
        reminder_days_before=",".join(str(d) for d in parse_days(reminder_days_before)),
        remind_after_every_days=remind_after_every_days,
        created_by=actor,
    )
    if not campaign.title:
        _fail(_("Give the campaign a title."), "title")
    campaign.search_text = _search_text(campaign)
    campaign.save()
    audit_record(
        actor=actor,
        action="campaigns.campaign.create",
        obj=campaign,
        unit=issuer,
        details={"template": template.pk, "version": template.version, "due_on": due_on.isoformat()},
    )
    return campaign


def _lock(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


@transaction.atomic
def campaign_update(
    *,
    actor,
    campaign: Campaign,
    issuer: Unit,
    template: ReportTemplate,
    title: str,
    date_from: datetime.date,
    date_to: datetime.date,
    due_on: datetime.date,
    reference: str = "",
    reminder_days_before: str = "7,1",
    remind_after_every_days: int = 3,
) -> Campaign:
    """A draft only: once started, the template, window and recipients stay as they were sent."""
    campaign = _lock(campaign)
    if campaign.status != CampaignStatus.DRAFT:
        _fail(_("Only a draft campaign can be changed."))
    if issuer.pk != campaign.issuer_id and campaign.recipients.exists():
        _fail(_("Remove the recipients before changing the issuing unit."), "issuer")
    _check_campaign(
        actor=actor,
        issuer=issuer,
        template=template,
        date_from=date_from,
        date_to=date_to,
        due_on=due_on,
        reminders=reminder_days_before,
    )
    if not title.strip():
        _fail(_("Give the campaign a title."), "title")
    old_due = campaign.due_on
    campaign.issuer, campaign.template = issuer, template
    campaign.title, campaign.reference = title.strip(), reference.strip()
    campaign.date_from, campaign.date_to, campaign.due_on = date_from, date_to, due_on
    campaign.reminder_days_before = ",".join(str(d) for d in parse_days(reminder_days_before))
    campaign.remind_after_every_days = remind_after_every_days
    campaign.search_text = _search_text(campaign)
    campaign.save()
    # Recipients that kept the campaign's due date follow it.
    campaign.recipients.filter(due_on=old_due).update(due_on=due_on)
    audit_record(
        actor=actor,
        action="campaigns.campaign.update",
        obj=campaign,
        unit=campaign.issuer,
        details={"template": template.pk, "version": template.version, "due_on": due_on.isoformat()},
    )
    return campaign


def _recompute_parents(campaign: Campaign) -> None:
    """Each recipient reports to the nearest recipient above it, or to the issuer."""
    recipients = list(campaign.recipients.select_related("unit"))
    by_unit = {r.unit_id: r for r in recipients}
    for recipient in recipients:
        parent = None
        for unit_id in reversed(recipient.unit.ancestor_ids):
            if unit_id in by_unit:
                parent = by_unit[unit_id]
                break
        parent_id = parent.pk if parent else None
        if recipient.parent_id != parent_id:
            recipient.parent_id = parent_id
            recipient.save(update_fields=["parent"])


@transaction.atomic
def recipients_add(*, actor, campaign: Campaign, units: Iterable[Unit]) -> int:
    """Ask ``units`` (below the issuer) for a report; returns how many were added."""
    campaign = _lock(campaign)
    if campaign.status != CampaignStatus.DRAFT:
        _fail(_("Recipients can be chosen only while the campaign is a draft."))
    issuer = campaign.issuer
    existing = set(campaign.recipients.values_list("unit_id", flat=True))
    added = []
    for unit in units:
        if unit.pk == issuer.pk or not unit.path.startswith(issuer.path):
            _fail(_("“%(unit)s” is not under the issuing unit.") % {"unit": unit.name})
        if unit.pk in existing:
            continue
        existing.add(unit.pk)
        added.append(Recipient(campaign=campaign, unit=unit, due_on=campaign.due_on))
    Recipient.objects.bulk_create(added)
    _recompute_parents(campaign)
    if added:
        audit_record(
            actor=actor,
            action="campaigns.recipient.add",
            obj=campaign,
            unit=issuer,
            details={"units": [r.unit_id for r in added]},
        )
    return len(added)


def units_matching(*, issuer: Unit, root: Unit, include_below: bool, kinds=(), levels=(), on: datetime.date):
    """The units a selection expands to: ``root`` (or its whole subtree), under the issuer, of the
    chosen kinds and levels, in existence on ``on``."""
    if not root.path.startswith(issuer.path):
        return Unit.objects.none()
    rows = Unit.objects.filter(path__startswith=root.path) if include_below else Unit.objects.filter(pk=root.pk)
    rows = rows.exclude(pk=issuer.pk).active_on(on)
    if kinds:
        rows = rows.filter(kind__in=list(kinds))
    if levels:
        rows = rows.filter(level__in=list(levels))
    return rows.order_by("path")


@transaction.atomic
def recipient_remove(*, actor, recipient: Recipient) -> None:
    campaign = _lock(recipient.campaign)
    if campaign.status != CampaignStatus.DRAFT:
        _fail(_("Recipients can be removed only while the campaign is a draft."))
    unit = recipient.unit
    recipient.delete()
    _recompute_parents(campaign)
    audit_record(
        actor=actor, action="campaigns.recipient.remove", obj=campaign, unit=campaign.issuer, details={"unit": unit.pk}
    )


@transaction.atomic
def recipient_set_due(*, actor, recipient: Recipient, due_on: datetime.date) -> Recipient:
    """A recipient's own due date (a parent that consolidates may need a later one)."""
    campaign = _lock(recipient.campaign)
    if campaign.status == CampaignStatus.CLOSED:
        _fail(_("The campaign is closed."))
    if due_on < campaign.date_from:
        _fail(_("The due date is before the data window starts."), "due_on")
    recipient.due_on = due_on
    recipient.save(update_fields=["due_on"])
    audit_record(
        actor=actor,
        action="campaigns.recipient.due",
        obj=recipient,
        unit=campaign.issuer,
        details={"campaign": campaign.pk, "unit": recipient.unit_id, "due_on": due_on.isoformat()},
    )
    return recipient


def _lock_template(template: ReportTemplate, actor) -> None:
    """The version the campaign starts with stays as it is: changes go to a new version."""
    locked = template_lock(template, actor=actor)
    template.locked_at = locked.locked_at


@transaction.atomic
def campaign_start(*, actor, campaign: Campaign) -> Campaign:
    campaign = _lock(campaign)
    if campaign.status != CampaignStatus.DRAFT:
        _fail(_("This campaign has already started."))
    if not campaign.recipients.exists():
        _fail(_("Choose at least one recipient before starting the campaign."))
    _lock_template(campaign.template, actor)
    campaign.status = CampaignStatus.RUNNING
    campaign.started_at, campaign.started_by = timezone.now(), actor
    campaign.save(update_fields=["status", "started_at", "started_by"])
    count = campaign.recipients.count()
    audit_record(
        actor=actor,
        action="campaigns.campaign.start",
        obj=campaign,
        unit=campaign.issuer,
        details={"template": campaign.template_id, "version": campaign.template.version, "recipients": count},
    )
    transaction.on_commit(lambda: mail.campaign_started(campaign.pk))
    return campaign


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign) -> Campaign:
    campaign = _lock(campaign)
    if campaign.status != CampaignStatus.RUNNING:
        _fail(_("Only a running campaign can be closed."))
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at, campaign.closed_by = timezone.now(), actor
    campaign.save(update_fields=["status", "closed_at", "closed_by"])
    missing = campaign.recipients.exclude(status=RecipientStatus.ACCEPTED).count()
    audit_record(
        actor=actor,
        action="campaigns.campaign.close",
        obj=campaign,
        unit=campaign.issuer,
        details={"not_accepted": missing},
    )
    return campaign


# Reports


def _lock_recipient(recipient: Recipient) -> Recipient:
    locked = Recipient.objects.select_for_update().get(pk=recipient.pk)
    # Keep the related objects the caller already loaded.
    locked.campaign, locked.unit = recipient.campaign, recipient.unit
    return locked


def _check_running(recipient: Recipient) -> None:
    if recipient.campaign.status != CampaignStatus.RUNNING:
        _fail(_("The campaign is not running: reports can no longer be changed."))


def clean_values(template: ReportTemplate, values: dict) -> dict:
    """Drop empty entries; a whole number, a note and a text per key, as the engine reads them."""
    cleaned = {}
    for key, entry in (values or {}).items():
        if not isinstance(entry, dict):
            continue
        item = {}
        value = entry.get("value")
        if value is not None and value != "":
            if isinstance(value, bool) or not isinstance(value, int):
                _fail(_("Enter whole numbers only."))
            if value < 0 or value > MAX_FIGURE:
                _fail(_("A figure must be between 0 and %(max)s.") % {"max": f"{MAX_FIGURE:,}".replace(",", ".")})
            item["value"] = value
        for name in ("note", "text"):
            text = str(entry.get(name) or "").strip()
            if len(text) > MAX_TEXT:
                _fail(_("A text is too long."))
            if text:
                item[name] = text
        if "value" in item or "text" in item:
            cleaned[key] = item
    # Missing notes are checked against the consolidated figures when the report is submitted.
    probe = {key: {**entry, "note": entry.get("note") or "-"} for key, entry in cleaned.items()}
    problems = engine.validate_values(template, probe)
    if problems:
        raise ValidationError([str(p) for p in problems])
    return cleaned


def _without_unchanged(recipient: Recipient, values: dict) -> dict:
    """A computed figure given the value it would have anyway is not a change by hand."""
    built = consolidation.compute(recipient, values={k: v for k, v in values.items() if "text" in v or "value" in v})
    kept = {}
    for key, entry in values.items():
        line = built.lines.get(key)
        if line is not None and line.bound and entry.get("value") == line.suggested:
            entry = {k: v for k, v in entry.items() if k not in ("value", "note")}
        elif line is not None and line.bound and "value" not in entry:
            entry = {k: v for k, v in entry.items() if k != "note"}
        if entry:
            kept[key] = entry
    return kept


@transaction.atomic
def report_save(
    *,
    actor,
    recipient: Recipient,
    values: dict,
    report_number: str = "",
    report_place: str = "",
    signed_on: datetime.date | None = None,
    signer_title: str = "",
    signer_name: str = "",
    report_recipients: str = "",
) -> Recipient:
    """Save the draft: figures changed by hand (with their notes), narratives, report details."""
    recipient = _lock_recipient(recipient)
    _check_running(recipient)
    if not permissions.can_edit_report(actor, recipient):
        _fail(_("Only the unit's reporting officers write its report."))
    if not recipient.is_editable:
        _fail(_("The report was sent; it can be changed again only if it is returned."))
    values = _without_unchanged(recipient, clean_values(recipient.campaign.template, values))
    changed_by_hand = sum(1 for entry in values.values() if "value" in entry)
    recipient.values = values
    recipient.report_number = report_number.strip()
    recipient.report_place = report_place.strip()
    recipient.signed_on = signed_on
    recipient.signer_title = signer_title.strip()
    recipient.signer_name = signer_name.strip()
    recipient.report_recipients = report_recipients.strip()
    if recipient.status == RecipientStatus.NOT_STARTED:
        recipient.status = RecipientStatus.DRAFT
    recipient.updated_at, recipient.updated_by = timezone.now(), actor
    recipient.save()
    audit_record(
        actor=actor,
        action="campaigns.report.save",
        obj=recipient,
        unit=recipient.unit,
        details={"campaign": recipient.campaign_id, "entries": len(values), "numbers": changed_by_hand},
    )
    return recipient


@transaction.atomic
def report_submit(*, actor, recipient: Recipient) -> Submission:
    """Send the report upward, frozen as it stands. Refused while a figure changed by hand has no
    note; children that have not sent theirs are recorded as missing (a warning, not a refusal)."""
    recipient = _lock_recipient(recipient)
    _check_running(recipient)
    if not permissions.can_submit_report(actor, recipient):
        _fail(_("Only the unit's reporting officers, its head or deputy head submit its report."))
    if recipient.status not in EDITABLE_STATUSES:
        _fail(_("The report has already been sent."))
    built = consolidation.compute(recipient, values=recipient.values)
    unexplained = built.changed_without_note()
    if unexplained:
        raise ValidationError(
            [
                _("“%(label)s” was changed by hand (computed: %(computed)s); write a note saying why.")
                % {"label": line.label, "computed": line.suggested}
                for line in unexplained
            ]
        )
    now = timezone.now()
    number = (recipient.submissions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    submission = Submission.objects.create(
        recipient=recipient,
        number=number,
        document=report_to_json(built.report),
        values=recipient.values,
        file_names=list(recipient.files.values_list("name", flat=True)),
        missing_children=[child.pk for child in built.missing_children],
        submitted_by=actor,
        submitted_at=now,
    )
    recipient.status = RecipientStatus.SUBMITTED
    recipient.submitted_at = now
    recipient.first_submitted_at = recipient.first_submitted_at or now
    recipient.save(update_fields=["status", "submitted_at", "first_submitted_at"])
    audit_record(
        actor=actor,
        action="campaigns.report.submit",
        obj=recipient,
        unit=recipient.unit,
        details={
            "campaign": recipient.campaign_id,
            "version": number,
            "missing_children": len(built.missing_children),
            "late": recipient.is_late_on(timezone.localdate(now)),
        },
    )
    transaction.on_commit(lambda: mail.report_submitted(recipient.pk))
    return submission


def _decide(*, actor, recipient: Recipient, decision: str, comment: str) -> Submission:
    recipient = _lock_recipient(recipient)
    _check_running(recipient)
    if not permissions.can_review_report(actor, recipient):
        _fail(_("Only the reporting officers of the unit this report goes to may accept or return it."))
    if recipient.status != RecipientStatus.SUBMITTED:
        _fail(_("There is no submitted report awaiting review."))
    submission = recipient.submissions.select_for_update().order_by("-number").first()
    submission.decision, submission.decided_by, submission.decided_at = decision, actor, timezone.now()
    submission.comment = comment
    submission.save(update_fields=["decision", "decided_by", "decided_at", "comment"])
    recipient.status = RecipientStatus.RETURNED if decision == SubmissionDecision.RETURNED else RecipientStatus.ACCEPTED
    recipient.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=f"campaigns.report.{'return' if decision == SubmissionDecision.RETURNED else 'accept'}",
        obj=recipient,
        unit=recipient.unit,
        details={"campaign": recipient.campaign_id, "version": submission.number},
    )
    transaction.on_commit(lambda: mail.report_decided(recipient.pk))
    return submission


@transaction.atomic
def report_return(*, actor, recipient: Recipient, comment: str) -> Submission:
    """Send the report back for correction, saying what to correct."""
    comment = (comment or "").strip()
    if not comment:
        _fail(_("Say what must be corrected."), "comment")
    return _decide(actor=actor, recipient=recipient, decision=SubmissionDecision.RETURNED, comment=comment)


@transaction.atomic
def report_accept(*, actor, recipient: Recipient, comment: str = "") -> Submission:
    return _decide(
        actor=actor, recipient=recipient, decision=SubmissionDecision.ACCEPTED, comment=(comment or "").strip()
    )


# Evidence files


@transaction.atomic
def files_add(*, actor, recipient: Recipient, files) -> list[ReportFile]:
    """``files``: ``cases.files.EvidenceFile`` (checked by content, in memory)."""
    recipient = _lock_recipient(recipient)
    _check_running(recipient)
    if not permissions.can_edit_report(actor, recipient):
        _fail(_("Only the unit's reporting officers write its report."))
    if not recipient.is_editable:
        _fail(_("The report was sent; files can be added again only if it is returned."))
    created = []
    for item in files:
        stored = default_storage.save(f"campaigns/{uuid.uuid4().hex}", ContentFile(item.data))
        created.append(
            ReportFile.objects.create(
                recipient=recipient,
                name=item.name,
                content_type=item.content_type,
                size=item.size,
                stored_name=stored,
                uploaded_by=actor,
            )
        )
    audit_record(
        actor=actor,
        action="campaigns.file.add",
        obj=recipient,
        unit=recipient.unit,
        details={"campaign": recipient.campaign_id, "files": [f.pk for f in created]},
    )
    return created


@transaction.atomic
def file_remove(*, actor, file: ReportFile) -> None:
    recipient = _lock_recipient(file.recipient)
    _check_running(recipient)
    if not permissions.can_edit_report(actor, recipient):
        _fail(_("Only the unit's reporting officers write its report."))
    if not recipient.is_editable:
        _fail(_("The report was sent; its files can no longer be removed."))
    stored, pk = file.stored_name, file.pk
    file.delete()
    transaction.on_commit(lambda: default_storage.delete(stored))
    audit_record(
        actor=actor,
        action="campaigns.file.remove",
        obj=recipient,
        unit=recipient.unit,
        details={"campaign": recipient.campaign_id, "file": pk},
    )
