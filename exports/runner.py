"""Running export jobs: in a thread of the web process after the commit (the default), in the
request itself (``EXPORTS_RUN_INLINE``, tests), or by a worker, ``manage.py run_exports``
(``EXPORTS_USE_WORKER`` stops the web process from starting threads).

A job is claimed with a conditional UPDATE (queued → running), so a thread and a worker never run
it twice; the worker picks the oldest queued job with ``SELECT … FOR UPDATE SKIP LOCKED`` where the
database has it. The file is stored only once complete: a failed job keeps none.
"""

import datetime
import logging
import threading
import traceback
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from exports import builders
from exports.models import EXPORT_TTL, ExportJob, ExportStatus
from exports.render import render, steps
from reporting.document import FilledReport

logger = logging.getLogger(__name__)

# A job still "running" after this was cut off (the web process restarted): --purge fails it.
STALE_AFTER = datetime.timedelta(hours=2)
MESSAGE_MAX = 500

_slots_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None


def _thread_slots() -> threading.BoundedSemaphore:
    """At most ``EXPORTS_THREADS`` (2) exports render at once in one web process."""
    global _slots
    with _slots_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(max(1, int(getattr(settings, "EXPORTS_THREADS", 2))))
        return _slots


def dispatch(job_id: int) -> None:
    """Called after the commit that queued the job."""
    if getattr(settings, "EXPORTS_RUN_INLINE", False):
        export_run(job_id)
    elif not getattr(settings, "EXPORTS_USE_WORKER", False):
        start_thread(job_id)


def start_thread(job_id: int) -> threading.Thread:
    thread = threading.Thread(target=_thread_main, args=(job_id,), name=f"export-{job_id}", daemon=True)
    thread.start()
    return thread


def _thread_main(job_id: int) -> None:
    try:
        with _thread_slots():
            export_run(job_id)
    except Exception as error:  # the thread has nobody to tell but the log
        logger.error("Export job %s could not run (%s).", job_id, type(error).__name__)
    finally:
        connections.close_all()


def _update(job_id: int, **values) -> int:
    if "message" in values:
        values["message"] = str(values["message"])[:MESSAGE_MAX]
    return ExportJob.objects.filter(pk=job_id).update(**values)


def _claim(job_id: int) -> bool:
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=timezone.now(), progress=0
    )
    return claimed == 1


def export_run(job_id: int) -> bool:
    """Run the job if it is still queued; whether this call ran it."""
    if not _claim(job_id):
        return False
    _execute(job_id)
    return True


def _claim_next() -> int | None:
    with transaction.atomic():
        queued = ExportJob.objects.filter(status=ExportStatus.QUEUED).order_by("created_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True)
        job_id = queued.values_list("pk", flat=True).first()
        if job_id is None or not _claim(job_id):
            return None
        return job_id


def export_run_queued(*, limit: int | None = None) -> int:
    """Run queued jobs, oldest first, until none is left (or ``limit``); how many ran."""
    count = 0
    while limit is None or count < limit:
        job_id = _claim_next()
        if job_id is None:
            break
        _execute(job_id)
        count += 1
    return count


class _Progress:
    """Turns the builder's steps and the rendering steps into one progress bar."""

    def __init__(self, job_id: int, render_steps: int):
        self.job_id = job_id
        self.render_steps = render_steps
        self.builder_total = 1
        _update(job_id, progress=0, total=1 + render_steps, message=_("Preparing the report"))

    def builder(self, step: int, total: int, message: str = "") -> None:
        total = max(1, int(total))
        step = max(0, min(int(step), total))
        self.builder_total = total
        _update(self.job_id, progress=step, total=total + self.render_steps, message=message)

    def rendering(self, index: int, name: str) -> None:
        _update(
            self.job_id,
            progress=self.builder_total + index,
            total=self.builder_total + self.render_steps,
            message=_("Writing the %(format)s file") % {"format": name},
        )


class _BuilderGone(Exception):
    pass


def _failure_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, _BuilderGone):
        return _("This report can no longer be exported.")
    return _("The export failed. Try again; if it fails again, tell the administrator.")


def _builder(name: str) -> builders.Builder:
    try:
        return builders.get(name)
    except LookupError:
        raise _BuilderGone(name) from None


def _execute(job_id: int) -> None:
    job = ExportJob.objects.get(pk=job_id)
    stored = ""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            progress = _Progress(job_id, steps(job.kind))
            report = _builder(job.builder)(dict(job.params), progress.builder)
            if not isinstance(report, FilledReport):
                raise TypeError("A report builder must return a FilledReport.")
            output = render(job.kind, report, progress.rendering)
            extension = output.filename.rsplit(".", 1)[-1]
            # A random stored name: the path tells nothing about the report.
            job.result.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(output.data), save=False)
            stored = job.result.name
            finished = timezone.now()
            updated = _update(
                job_id,
                status=ExportStatus.DONE,
                progress=progress.builder_total + progress.render_steps,
                total=progress.builder_total + progress.render_steps,
                message=_("Ready to download."),
                result=stored,
                filename=output.filename,
                content_type=output.content_type,
                size=len(output.data),
                finished_at=finished,
                expires_at=finished + EXPORT_TTL,
            )
            if not updated:  # the job was deleted meanwhile
                job.result.storage.delete(stored)
        except Exception as error:
            if stored:
                job.result.storage.delete(stored)
            logger.error(
                "Export job %s failed (%s):\n%s",
                job_id,
                type(error).__name__,
                "".join(traceback.format_tb(error.__traceback__)),  # where, never what: no content
            )
            _update(
                job_id,
                status=ExportStatus.FAILED,
                message=_failure_message(error),
                result="",
                size=0,
                finished_at=timezone.now(),
            )


def exports_purge(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Fail the jobs cut off while running, delete expired jobs with their files.

    Returns (jobs failed as interrupted, jobs deleted).
    """
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        interrupted = ExportJob.objects.filter(status=ExportStatus.RUNNING, started_at__lt=now - STALE_AFTER).update(
            status=ExportStatus.FAILED,
            message=_("The export was interrupted. Start it again."),
            finished_at=now,
        )
    deleted = 0
    expired = ExportJob.objects.filter(expires_at__lte=now).exclude(status=ExportStatus.RUNNING)
    for job in expired.iterator():
        name = job.result.name
        if ExportJob.objects.filter(pk=job.pk).exclude(status=ExportStatus.RUNNING).delete()[0]:
            deleted += 1
            if name:
                job.result.storage.delete(name)
    return interrupted, deleted
