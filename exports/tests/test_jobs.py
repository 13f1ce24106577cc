"""Export jobs: started through the service, run after the commit (inline, by a worker or in a
thread), followed on their page, downloaded by their creator only, purged when expired."""

import datetime
import io
import json
import logging
import time
import zipfile

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from audit.models import AuditEvent
from exports import builders, render, runner, services
from exports.models import ExportJob, ExportKind, ExportStatus
from exports.tests import builders as test_builders
from exports.tests.sample import make_report

pytestmark = pytest.mark.django_db

LABEL = "Báo cáo sơ kết Quy định 11-QĐi/TW (bản gửi Ban Nội chính)"
STEM = "bao-cao-ket-qua-so-ket-05-nam-thuc-hien-quy-dinh-so-11-qdi-tw-2026-06-05"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def inline(settings, media):
    settings.EXPORTS_RUN_INLINE = True
    return media


@pytest.fixture
def worker(settings, media):
    settings.EXPORTS_RUN_INLINE = False
    settings.EXPORTS_USE_WORKER = True
    return media


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    def start(user, *, kind=ExportKind.DOCX, builder="exports.tests.sample", params=None, label=LABEL, unit=None):
        with django_capture_on_commit_callbacks(execute=True):
            job = services.export_start(
                user=user,
                builder=builder,
                params={"style": "party"} if params is None else params,
                kind=kind,
                label=label,
                unit=unit,
            )
        job.refresh_from_db()
        return job

    return start


def _files(root):
    return sorted(path for path in root.rglob("*") if path.is_file())


# Running


def test_inline_job_runs_to_done(inline, start, people):
    job = start(people.reporting)
    assert job.status == ExportStatus.DONE
    assert job.progress == job.total == 3  # the builder's two steps and the Word file
    assert job.filename == f"{STEM}.docx"
    assert job.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert job.finished_at is not None and job.expires_at == job.finished_at + datetime.timedelta(hours=24)
    (stored,) = _files(inline)
    now = timezone.now()
    assert stored.relative_to(inline).parts[:3] == ("exports", f"{now:%Y}", f"{now:%m}")
    assert "bao-cao" not in stored.name  # the stored name says nothing about the report
    assert job.size == stored.stat().st_size
    document = Document(str(stored))
    assert "BÁO CÁO" in [p.text for p in document.paragraphs]


def test_zip_holds_the_three_formats(inline, start, people):
    job = start(people.reporting, kind=ExportKind.ZIP, params={"style": "state"})
    assert job.status == ExportStatus.DONE and job.progress == job.total == 5
    assert job.filename == f"{STEM}.zip" and job.content_type == "application/zip"
    with zipfile.ZipFile(job.result.path) as archive:
        assert sorted(archive.namelist()) == [f"{STEM}.docx", f"{STEM}.pdf", f"{STEM}.xlsx"]
        assert archive.read(f"{STEM}.pdf").startswith(b"%PDF")


def test_progress_is_visible_while_the_builder_runs(inline, start, people):
    seen = []

    @builders.register("exports.tests.watch")
    def watch(params, progress):
        for step in (1, 2, 3):
            progress(step, 4, f"Bước {step}")
            seen.append(ExportJob.objects.values_list("status", "progress", "total", "message").get())
        return make_report()

    try:
        job = start(people.reporting, builder="exports.tests.watch", kind=ExportKind.XLSX)
    finally:
        builders.unregister("exports.tests.watch")
    assert seen == [("running", 1, 5, "Bước 1"), ("running", 2, 5, "Bước 2"), ("running", 3, 5, "Bước 3")]
    assert (job.status, job.progress, job.total) == ("done", 5, 5)


def test_start_is_audited_without_content(inline, start, people, units):
    job = start(people.reporting, params={"style": "party", "campaign": 7}, unit=units.province)
    event = AuditEvent.objects.get(action="exports.job.start")
    assert event.actor == people.reporting and event.object_id == str(job.pk) and event.unit == units.province
    assert event.details == {"kind": "docx", "builder": "exports.tests.sample"}
    assert "Quy định" not in json.dumps(event.details, ensure_ascii=False) + event.reason


@pytest.mark.parametrize(
    ("builder", "expected"),
    [
        ("exports.tests.crash", "The export failed. Try again; if it fails again, tell the administrator."),
        ("exports.tests.refuse", "Mẫu báo cáo này đã bị xóa."),
        ("exports.tests.not_a_report", "The export failed. Try again; if it fails again, tell the administrator."),
    ],
)
def test_failure_records_a_message_and_keeps_no_file(inline, start, people, settings, caplog, builder, expected):
    settings.LANGUAGE_CODE = "en"
    with caplog.at_level(logging.ERROR, logger="exports.runner"):
        job = start(people.reporting, builder=builder)
    assert job.status == ExportStatus.FAILED
    assert job.message == expected
    assert not job.result and job.size == 0 and job.finished_at is not None
    assert _files(inline) == []
    assert "RuntimeError" in caplog.text or builder != "exports.tests.crash"
    assert test_builders.SECRET not in caplog.text  # the log says where it failed, not what the report held


def test_builder_removed_since_the_start(worker, start, people, settings):
    settings.LANGUAGE_CODE = "en"

    @builders.register("exports.tests.gone")
    def gone(params, progress):
        return make_report()

    job = start(people.reporting, builder="exports.tests.gone")
    builders.unregister("exports.tests.gone")
    call_command("run_exports", stdout=io.StringIO())
    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "This report can no longer be exported.")


def test_a_failing_format_leaves_no_partial_zip(inline, start, people, monkeypatch):
    def broken(report):
        raise OSError("disk full")

    renderer, content_type, extension, name = render.FORMATS[ExportKind.PDF]
    monkeypatch.setitem(render.FORMATS, ExportKind.PDF, (broken, content_type, extension, name))
    job = start(people.reporting, kind=ExportKind.ZIP)
    assert job.status == ExportStatus.FAILED
    assert job.progress == 4  # it stopped at the PDF, the third of three formats
    assert _files(inline) == []


def test_a_file_stored_before_a_failure_is_deleted(inline, start, people, monkeypatch):
    original = runner._update

    def flaky(job_id, **values):
        if values.get("status") == ExportStatus.DONE:
            raise DatabaseError("connection lost")
        return original(job_id, **values)

    monkeypatch.setattr(runner, "_update", flaky)
    job = start(people.reporting)
    assert job.status == ExportStatus.FAILED and not job.result
    assert _files(inline) == []


# Starting


def test_start_refuses_what_it_cannot_run(worker, people):
    def attempt(**changes):
        values = {
            "user": people.reporting,
            "builder": "exports.tests.sample",
            "params": {},
            "kind": ExportKind.PDF,
            "label": LABEL,
        }
        values.update(changes)
        with pytest.raises(ValidationError):
            services.export_start(**values)

    attempt(builder="exports.tests.nobody")
    attempt(kind="odt")
    attempt(params={"on": datetime.date(2026, 6, 5)})
    attempt(params=["not", "a", "dict"])
    attempt(params={"text": "x" * 20_000})
    attempt(label="   ")
    assert not ExportJob.objects.exists()


def test_one_person_runs_a_few_exports_at_once(worker, start, people):
    for _ in range(services.MAX_ACTIVE_PER_USER):
        start(people.reporting)
    with pytest.raises(ValidationError):
        start(people.reporting)
    start(people.head)  # another person is not held up
    assert ExportJob.objects.filter(created_by=people.reporting).count() == services.MAX_ACTIVE_PER_USER


# Workers, threads, purge


def test_worker_runs_queued_jobs_once(worker, start, people):
    first = start(people.reporting)
    second = start(people.reporting, kind=ExportKind.XLSX)
    assert first.status == second.status == ExportStatus.QUEUED
    out = io.StringIO()
    call_command("run_exports", stdout=out)
    assert out.getvalue().strip() == "exports run: 2"
    assert set(ExportJob.objects.values_list("status", flat=True)) == {"done"}
    out = io.StringIO()
    call_command("run_exports", stdout=out)
    assert out.getvalue().strip() == "exports run: 0"
    assert runner.export_run(first.pk) is False  # a job already run is never run again
    assert len(_files(worker)) == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_thread_runs_the_job_after_commit(settings, media, people):
    settings.EXPORTS_RUN_INLINE = False
    settings.EXPORTS_USE_WORKER = False
    job = services.export_start(
        user=people.reporting, builder="exports.tests.sample", params={}, kind=ExportKind.XLSX, label=LABEL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_active:
            break
        time.sleep(0.1)
    assert job.status == ExportStatus.DONE and job.progress == job.total
    assert len(_files(media)) == 1


def test_purge_deletes_expired_exports_and_fails_interrupted_ones(inline, start, people):
    done = start(people.reporting)
    (stored,) = _files(inline)
    interrupted = start(people.head, builder="exports.tests.crash")
    ExportJob.objects.filter(pk=interrupted.pk).update(
        status=ExportStatus.RUNNING, started_at=timezone.now() - datetime.timedelta(hours=3), message=""
    )
    out = io.StringIO()
    call_command("run_exports", "--purge", stdout=out)
    assert out.getvalue().strip() == "exports interrupted: 1; expired exports deleted: 0"
    interrupted.refresh_from_db()
    assert interrupted.status == ExportStatus.FAILED and interrupted.message
    assert stored.exists()

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=24, minutes=1)):
        out = io.StringIO()
        call_command("run_exports", "--purge", stdout=out)
    assert out.getvalue().strip() == "exports interrupted: 0; expired exports deleted: 2"
    assert not ExportJob.objects.filter(pk__in=[done.pk, interrupted.pk]).exists()
    assert not stored.exists()


# Screens


def test_creator_downloads_the_file(inline, start, people, client_for):
    job = start(people.reporting)
    response = client_for(people.reporting).get(reverse("exports:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{STEM}.docx"'
    assert response["Content-Type"] == job.content_type
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body == open(job.result.path, "rb").read()  # noqa: SIM115
    event = AuditEvent.objects.get(action="exports.job.download")
    assert event.actor == people.reporting and event.details == {"kind": "docx"}


def test_nobody_else_sees_or_downloads_an_export(inline, start, people, client_for, django_capture_on_commit_callbacks):
    job = start(people.reporting)
    for user in (people.head, people.outsider, people.admin, people.oversight):
        client = client_for(user)
        for name in ("job_detail", "job_download"):
            assert client.get(reverse(f"exports:{name}", args=[job.pk])).status_code == 404, (user, name)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(reverse("exports:job_delete", args=[job.pk])).status_code == 404
        assert LABEL not in client.get(reverse("exports:job_list")).content.decode()
    assert ExportJob.objects.filter(pk=job.pk).exists()
    assert not AuditEvent.objects.filter(action="exports.job.download").exists()


def test_anonymous_visitors_are_sent_to_sign_in(inline, start, people, client):
    job = start(people.reporting)
    response = client.get(reverse("exports:job_download", args=[job.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_job_page_refreshes_until_the_file_is_ready(worker, start, people, client_for):
    job = start(people.reporting)
    client = client_for(people.reporting)
    url = reverse("exports:job_detail", args=[job.pk])
    page = client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert f'<progress id="job-progress" value="0" max="{job.total}">' in page
    assert reverse("exports:job_download", args=[job.pk]) not in page

    call_command("run_exports", stdout=io.StringIO())
    page = client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert '<progress id="job-progress" value="3" max="3">' in page
    assert reverse("exports:job_download", args=[job.pk]) in page


def test_an_expired_export_is_not_downloaded(inline, start, people, client_for):
    job = start(people.reporting)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client_for(people.reporting).get(reverse("exports:job_download", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert not AuditEvent.objects.filter(action="exports.job.download").exists()


def test_my_exports_are_listed_searched_and_filtered(worker, start, people, client_for):
    start(people.reporting, label="Báo cáo sơ kết Chỉ thị 27-CT/TW")
    start(people.reporting, label="Phụ lục tiếp dân năm 2025", kind=ExportKind.XLSX)
    start(people.head, label="Báo cáo của người khác")
    call_command("run_exports", "--limit", "1", stdout=io.StringIO())
    client = client_for(people.reporting)
    url = reverse("exports:job_list")
    page = client.get(url).content.decode()
    assert "Báo cáo sơ kết Chỉ thị 27-CT/TW" in page and "Phụ lục tiếp dân năm 2025" in page
    assert "Báo cáo của người khác" not in page
    assert 'http-equiv="refresh"' in page  # one is still waiting
    page = client.get(url, {"q": "chi thi 27"}).content.decode()
    assert "Báo cáo sơ kết Chỉ thị 27-CT/TW" in page and "Phụ lục tiếp dân" not in page
    page = client.get(url, {"status": "queued"}).content.decode()
    assert "Phụ lục tiếp dân năm 2025" in page and "Chỉ thị 27-CT/TW" not in page


def test_creator_deletes_an_export(inline, start, people, client_for, django_capture_on_commit_callbacks):
    job = start(people.reporting)
    (stored,) = _files(inline)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people.reporting).post(reverse("exports:job_delete", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("exports:job_list")
    assert not ExportJob.objects.filter(pk=job.pk).exists() and not stored.exists()
    assert AuditEvent.objects.get(action="exports.job.delete").details == {"kind": "docx"}


# The registry


def test_registry_refuses_a_second_builder_under_one_name():
    with pytest.raises(ValueError):

        @builders.register("exports.tests.sample")
        def impostor(params, progress):
            return make_report()

    assert builders.get("exports.tests.sample") is test_builders.sample
    with pytest.raises(LookupError):
        builders.get("exports.tests.nobody")
