"""Several senders at once: each notification is e-mailed exactly once (SQLite and PostgreSQL).

Real threads with their own database connections run ``manage.py send_notifications`` together;
a slow mail backend keeps both busy at the same time, so that their claims interleave.
"""

import io
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from cases.models import Kind, Matter, MatterStatus, Notification, Subject

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

N = 40


@pytest.fixture(scope="module", autouse=True)
def _migrated_rows_back(django_db_setup, django_db_blocker):
    """A transactional test ends by emptying every table, the rows the migrations wrote included
    (administrative levels, time-limit rules, notice templates, the audit chain's head). Put them
    back once this module is done, so that a later transactional test on this worker finds them."""
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)


class SlowBackend(EmailBackend):
    """The test mail box, a little slow, like a real mail server."""

    def send_messages(self, messages):
        time.sleep(0.005)
        return super().send_messages(messages)


def _matters(unit, n):
    return Matter.objects.bulk_create(
        Matter(
            reference=f"VV-{i:04d}",
            unit=unit,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            summary="…",
            status=MatterStatus.ACCEPTED,
            opened_at=timezone.now(),
        )
        for i in range(n)
    )


def _run_at_once(command_args, workers=2):
    barrier, errors, outputs = threading.Barrier(workers), [], []

    def run():
        try:
            out = io.StringIO()
            barrier.wait()
            call_command(*command_args, stdout=out)
            outputs.append(out.getvalue())
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return outputs


@override_settings(EMAIL_BACKEND="cases.tests.test_notifications_concurrent.SlowBackend")
def test_run_twice_at_once_sends_each_notice_once(people, units):
    User.objects.filter(pk=people.handler.pk).update(email="xuly@example.gov.vn")
    matters = _matters(units.committee, N)
    Notification.objects.bulk_create(
        Notification(user=people.handler, kind=Notification.Kind.OVERDUE, matter=m, dedupe_key=f"overdue:t{m.pk}")
        for m in matters
    )

    outputs = _run_at_once(["send_notifications", "--batch", "3"])

    assert len(mail.outbox) == N
    mailed = sorted(next(m.reference for m in matters if m.reference in message.subject) for message in mail.outbox)
    assert mailed == sorted(m.reference for m in matters)  # each one, none twice
    rows = Notification.objects.filter(matter__in=matters)
    assert set(rows.values_list("mail", flat=True)) == {Notification.Mail.SENT}
    assert rows.filter(mailed_at__isnull=True).count() == 0
    sent_by_worker = [int(output.rsplit(":", 1)[1]) for output in outputs]
    assert sum(sent_by_worker) == N
    print(connection.vendor, "sent by each worker:", sent_by_worker)


def test_two_generators_at_once_create_each_notification_once(people, units):
    matters = _matters(units.committee, 20)
    Matter.objects.filter(pk__in=[m.pk for m in matters]).update(status=MatterStatus.AWAITING_DECISION)

    outputs = _run_at_once(["send_notifications"])

    rows = Notification.objects.filter(kind=Notification.Kind.DECISION_NEEDED)
    assert rows.count() == 20
    assert set(rows.values_list("user_id", flat=True)) == {people.head.pk}
    assert set(rows.values_list("mail", flat=True)) == {Notification.Mail.SKIPPED}  # the head has no address
    assert len(outputs) == 2
