"""Every state change of exports: start a job, record a download, delete a job.

Keyword-only, atomic: validate, change, then write the audit event (``exports.*``). The details
name the format and the builder, never the report's content, its label or its parameters.
Running a job is ``exports.runner``.
"""

import json
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from baove.lib.text import fold
from exports import builders
from exports.models import ACTIVE_STATUSES, EXPORT_TTL, ExportJob, ExportKind

# Two cores serve everyone: one person waits for their own exports before starting more.
MAX_ACTIVE_PER_USER = 3
PARAMS_MAX_BYTES = 16_000


def _check_params(params: Any) -> dict:
    if not isinstance(params, dict):
        raise ValidationError(_("The export's parameters are not valid."))
    try:
        encoded = json.dumps(params, sort_keys=True)
    except (TypeError, ValueError):
        raise ValidationError(_("The export's parameters are not valid.")) from None
    if len(encoded.encode()) > PARAMS_MAX_BYTES:
        raise ValidationError(_("The export's parameters are too long."))
    return json.loads(encoded)


@transaction.atomic
def export_start(*, user, builder: str, params: dict, kind: str, label: str, unit=None) -> ExportJob:
    """Queue an export of the report ``builder`` makes from ``params``; it runs after the commit.

    The caller has checked that ``user`` may see that report. Returns the job: redirect to
    ``job.get_absolute_url()``, where the person follows its progress and downloads the file.
    """
    if kind not in ExportKind.values:
        raise ValidationError({"kind": _("Choose a format from the list.")})
    if not builders.is_registered(builder):
        raise ValidationError(_("This report cannot be exported."))
    params = _check_params(params)
    label = " ".join((label or "").split())[:255]
    if not label:
        raise ValidationError(_("Give the export a name."))
    active = ExportJob.objects.filter(created_by=user, status__in=ACTIVE_STATUSES).count()
    if active >= MAX_ACTIVE_PER_USER:
        raise ValidationError(
            _("You already have %(count)d exports in progress. Wait until one of them is ready.") % {"count": active}
        )
    now = timezone.now()
    job = ExportJob.objects.create(
        created_by=user,
        unit=unit,
        kind=kind,
        label=label,
        search_text=fold(label),
        builder=builder,
        params=params,
        created_at=now,
        expires_at=now + EXPORT_TTL,
    )
    audit_record(actor=user, action="exports.job.start", obj=job, unit=unit, details={"kind": kind, "builder": builder})
    from exports import runner

    transaction.on_commit(partial(runner.dispatch, job.pk))
    return job


@transaction.atomic
def export_download(*, job: ExportJob, actor) -> ExportJob:
    """Record that the creator downloads the file; the caller then sends it."""
    if actor.pk != job.created_by_id:
        raise ValidationError(_("Only the person who started an export may download it."))
    if not job.is_downloadable:
        raise ValidationError(_("This export is no longer available. Start it again."))
    audit_record(actor=actor, action="exports.job.download", obj=job, unit=job.unit, details={"kind": job.kind})
    return job


@transaction.atomic
def export_delete(*, job: ExportJob, actor) -> None:
    """The creator removes an export that is no longer needed (not while it runs)."""
    if actor.pk != job.created_by_id:
        raise ValidationError(_("Only the person who started an export may delete it."))
    if job.is_active:
        raise ValidationError(_("Wait until the export has finished."))
    audit_record(actor=actor, action="exports.job.delete", obj=job, unit=job.unit, details={"kind": job.kind})
    name = job.result.name
    job.delete()
    if name:
        storage = job.result.storage
        transaction.on_commit(partial(storage.delete, name))
