import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit.models import AppendOnlyError, AuditEvent
from audit.services import audit_record, audit_verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_events(people):
    for number in range(3):
        audit_record(actor=people.admin, action="test.event", details={"n": number, "text": "Việt Nam"})
    return list(AuditEvent.objects.order_by("seq"))


def test_every_event_links_to_the_one_before(three_events):
    for before, after in zip(three_events, three_events[1:], strict=False):
        assert after.prev_hash == before.hash
        assert after.seq == before.seq + 1
    assert audit_verify_chain().ok


def test_verify_audit_command_passes_on_an_intact_chain(three_events, capsys):
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out


def test_editing_a_row_in_the_database_is_detected(three_events):
    target = three_events[-2]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["sửa lén", target.pk])
    report = audit_verify_chain()
    assert not report.ok
    assert report.broken_at == target.seq
    with pytest.raises(CommandError, match=f"#{target.seq}"):
        call_command("verify_audit")


def test_editing_details_json_is_detected(three_events):
    target = three_events[0]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET details = %s WHERE id = %s", ['{"n": 99}', target.pk])
    assert audit_verify_chain().broken_at == target.seq


def test_deleting_a_row_in_the_database_is_detected(three_events):
    victim = three_events[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
    report = audit_verify_chain()
    assert report.broken_at == victim.seq + 1


def test_deleting_the_newest_row_is_detected(three_events):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [three_events[-1].pk])
    assert not audit_verify_chain().ok


def test_reordering_rows_is_detected(three_events):
    first, second = three_events[-2], three_events[-1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [0, first.pk])
        cursor.execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [first.seq, second.pk])
        cursor.execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [second.seq, first.pk])
    report = audit_verify_chain()
    assert report.broken_at == first.seq


def test_the_orm_refuses_to_change_or_remove_events(three_events):
    event = three_events[0]
    event.reason = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert audit_verify_chain().ok
