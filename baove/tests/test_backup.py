"""Issue 9: an encrypted, verifiable backup; a restore into a fresh installation brings back the
same rows and files, the audit chain verifies, and identities still open only for custodians."""

import datetime
import json
import os
import stat
import struct
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from audit.models import AuditEvent, AuditHead
from audit.services import audit_verify_chain
from baove import backup
from cases import services as case_services
from cases.files import EvidenceFile
from cases.models import Channel, Kind, Petition, Subject
from protection import services as protection_services
from protection.models import ProtectionCase
from protection.tests.helpers import ID_NUMBER, NAME, REPORTER_IDENTITY, key_of, open_case

pytestmark = pytest.mark.django_db

EVIDENCE_MARKER = "Biên bản họp kín số BBK-7731-QX"
PHONE = REPORTER_IDENTITY["phone"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def keys(tmp_path):
    """A backup key pair made by the command, outside the data folder."""
    call_command("backup", "--new-key", str(tmp_path / "keys"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    return tmp_path / "keys" / backup.PRIVATE_FILE, tmp_path / "keys" / backup.PUBLIC_FILE


@pytest.fixture
def world(units, people):
    """A petition with the reporter's identity and a sealed evidence file, a message, and a
    protection case for the reporter: everything that must stay sealed."""
    submitted = case_services.petition_submit(
        submission=case_services.Submission(
            channel=Channel.PORTAL,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            unit=units.committee,
            content="Trưởng phòng nhận tiền của doanh nghiệp.",
            accused=[{"name": "Trần Văn Bị", "position": "Trưởng phòng", "unit": "Sở Tài chính"}],
            identity=REPORTER_IDENTITY,
            files=[EvidenceFile("bien-ban.txt", "text/plain", EVIDENCE_MARKER.encode())],
        )
    )
    petition = submitted.petition
    case_services.message_from_reporter(petition=petition, kind="message", text="Tôi có thêm chứng cứ.")
    case = open_case(units, people, petition=petition)
    return petition, case


def canonical_dump() -> dict:
    """Every row of every backed-up table, as the database gives it back."""
    dump = {}
    for model in backup.backup_models():
        fields = [f.attname for f in model._meta.local_concrete_fields]
        rows = model._base_manager.order_by("pk").values_list(*fields)
        dump[model._meta.label_lower] = [
            tuple(bytes(value) if isinstance(value, memoryview) else value for value in row) for row in rows
        ]
    return dump


def stored_files() -> dict[str, bytes]:
    return {name: default_storage.open(name).read() for name in backup.storage_files()}


def make_backup(tmp_path, keys, name="backup.baove") -> Path:
    path = tmp_path / name
    call_command("backup", "--out", str(path), "--recipient-public-key", str(keys[1]), stdout=open(os.devnull, "w"))  # noqa: SIM115
    return path


def verify(path, private_key_path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("backup", "--verify", str(path), "--private-key", str(private_key_path), stdout=out)
    return out.getvalue()


def restore(path, private_key_path, *extra) -> str:
    from io import StringIO

    out = StringIO()
    call_command("restore", str(path), "--private-key", str(private_key_path), *extra, stdout=out)
    return out.getvalue()


def opens_identity(user, petition_pk: int, case_pk: int) -> tuple[dict, dict] | None:
    petition = Petition.objects.get(pk=petition_pk)
    case = ProtectionCase.objects.get(pk=case_pk)
    private = case_services.petition_private_key(petition=petition, user=user, user_private=key_of(user))
    case_private = protection_services.protection_private_key(case=case, user=user, user_private=key_of(user))
    if private is None or case_private is None:
        return None
    original = case_services.petition_read_original(petition=petition, actor=user, private=private, reason="Kiểm tra")
    person = protection_services.protection_read_person(case=case, actor=user, private=case_private, reason="Kiểm tra")
    return original, person


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_into_a_fresh_installation_brings_back_the_same_rows_files_and_sealed_identities(
    world, people, keys, tmp_path, settings, monkeypatch
):
    petition, case = world
    rows_before, files_before = canonical_dump(), stored_files()
    assert any(name.startswith("sealed/") for name in files_before)
    path = make_backup(tmp_path, keys)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "Backup verified" in verify(path, keys[0])

    # A fresh installation: migrated, no records, an empty file storage.
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    assert not backup.database_has_records() and not stored_files()

    # A restore that fails at its last check leaves the database and the storage as they were.
    from audit.services import ChainReport

    with monkeypatch.context() as patch:
        patch.setattr(backup, "audit_verify_chain", lambda: ChainReport(checked=0, broken_at=1, problem="simulated"))
        with pytest.raises(CommandError, match="Nothing was restored"):
            restore(path, keys[0])
    assert not get_user_model().objects.exists() and not AuditEvent.objects.exists()
    assert not stored_files()

    output = restore(path, keys[0])
    assert "Audit chain intact" in output

    rows_after = canonical_dump()
    for label, rows in rows_before.items():
        if label not in ("audit.auditevent", "audit.audithead"):
            assert rows_after[label] == rows, label
    # The restore adds one event at the end of the restored chain, which verifies.
    events_before, events_after = rows_before["audit.auditevent"], rows_after["audit.auditevent"]
    assert events_after[: len(events_before)] == events_before
    assert len(events_after) == len(events_before) + 1
    restore_event = AuditEvent.objects.order_by("-seq").first()
    assert restore_event.action == "backup.restore" and restore_event.details["rows"] > 0
    assert AuditHead.objects.get(pk=1).seq == len(events_after)
    assert audit_verify_chain().ok
    assert stored_files() == files_before

    # The identity is as sealed as before: the custodian opens it with their own key, the handler cannot.
    User = get_user_model()
    custodian, handler = User.objects.get(pk=people.custodian.pk), User.objects.get(pk=people.handler.pk)
    original, person = opens_identity(custodian, petition.pk, case.pk)
    assert original["identity"]["id_number"] == ID_NUMBER and person["person"]["full_name"] == NAME
    assert opens_identity(handler, petition.pk, case.pk) is None
    attachment = Petition.objects.get(pk=petition.pk).attachments.get()
    private = case_services.petition_private_key(
        petition=attachment.petition, user=custodian, user_private=key_of(custodian)
    )
    _name, _type, data = case_services.attachment_read_original(
        attachment=attachment, actor=custodian, private=private, reason="Kiểm tra"
    )
    assert data.decode() == EVIDENCE_MARKER
    assert audit_verify_chain().ok

    # Restoring over records needs --force; the files, already there and the same, are kept.
    with pytest.raises(CommandError, match="already holds records"):
        restore(path, keys[0])
    assert "(0 written)" in restore(path, keys[0], "--force")
    rows_again = canonical_dump()
    for label, rows in rows_before.items():
        if label not in ("audit.auditevent", "audit.audithead"):
            assert rows_again[label] == rows, label
    assert rows_again["audit.auditevent"][: len(events_before)] == events_before
    assert len(rows_again["audit.auditevent"]) == len(events_before) + 1
    assert audit_verify_chain().ok and stored_files() == files_before


def test_the_backup_and_its_decrypted_content_hold_no_identity(world, keys, tmp_path):
    path = make_backup(tmp_path, keys)
    with backup.open_payload(path, backup.read_private_key(keys[0])) as (stream, end):
        payload = stream.read()
        end.finish()
    # The decrypted content is the real thing: the accused's name (not protected) is there in clear.
    assert "Trần Văn Bị".encode() in payload
    assert b'"model":"cases.petition"' in payload
    file_bytes = path.read_bytes()
    for marker in (NAME, ID_NUMBER, PHONE, EVIDENCE_MARKER, "Trần Văn Bị"):
        assert marker.encode() not in file_bytes, marker
    for marker in (NAME, ID_NUMBER, PHONE, EVIDENCE_MARKER):
        assert marker.encode() not in payload, marker
        assert json.dumps(marker)[1:-1].encode() not in payload, marker


def test_a_changed_byte_a_cut_file_or_another_key_is_refused(world, keys, tmp_path):
    path = make_backup(tmp_path, keys)
    data = path.read_bytes()
    assert "Backup verified" in verify(path, keys[0])

    def tampered(name: str, content: bytes) -> Path:
        target = tmp_path / name
        target.write_bytes(content)
        return target

    flip = lambda index: data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]  # noqa: E731
    cases = {
        "middle": flip(len(data) // 2),
        "header": flip(20),
        "last byte": flip(len(data) - 1),
        "cut": data[: len(data) - 100],
        "extra": data + b"\x00",
    }
    for name, content in cases.items():
        with pytest.raises(CommandError):
            verify(tampered(f"{name}.baove", content), keys[0])
    other = tmp_path / "other"
    call_command("backup", "--new-key", str(other), stdout=open(os.devnull, "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="not for the key given"):
        verify(path, other / backup.PRIVATE_FILE)


def test_chunks_cannot_be_reordered_repeated_dropped_or_marked_last(world, keys, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "CHUNK_BYTES", 4096)
    path = make_backup(tmp_path, keys)
    assert "Backup verified" in verify(path, keys[0])
    data = path.read_bytes()
    (length,) = struct.unpack(">I", data[8:12])
    head, offset, frames = data[: 12 + length], 12 + length, []
    while offset < len(data):
        (size,) = struct.unpack(">I", data[offset + 1 : offset + 5])
        frames.append(data[offset : offset + 5 + size])
        offset += 5 + size
    assert len(frames) > 3 and frames[-1][0] == 1 and all(frame[0] == 0 for frame in frames[:-1])
    variants = {
        "swapped": head + frames[1] + frames[0] + b"".join(frames[2:]),
        "repeated": head + frames[0] + b"".join(frames),
        "last dropped": head + b"".join(frames[:-1]),
        "marked last early": head + b"".join(frames[:-2]) + b"\x01" + frames[-2][1:],
    }
    for name, content in variants.items():
        target = tmp_path / f"{name}.baove"
        target.write_bytes(content)
        with pytest.raises(CommandError):
            verify(target, keys[0])


def test_a_restore_is_refused_over_records_other_migrations_or_other_secrets(world, keys, tmp_path, settings):
    path = make_backup(tmp_path, keys)
    rows = canonical_dump()
    with pytest.raises(CommandError, match="already holds records"):
        restore(path, keys[0])
    recorder = MigrationRecorder(connection)
    recorder.record_applied("cases", "9999_later_release")
    try:
        with pytest.raises(CommandError, match="9999_later_release"):
            restore(path, keys[0])
    finally:
        recorder.record_unapplied("cases", "9999_later_release")
    settings.RECEIPT_PEPPER = "another-pepper"
    with pytest.raises(CommandError, match="RECEIPT_PEPPER"):
        restore(path, keys[0])
    assert canonical_dump() == rows


def test_the_backup_needs_a_public_key_and_keeps_the_private_one_out_of_the_data_folder(tmp_path, settings):
    settings.BACKUP_PUBLIC_KEY = ""
    with pytest.raises(CommandError, match="No backup public key"):
        call_command("backup", "--out", str(tmp_path / "x.baove"))
    for folder in (Path(settings.DATA_DIR) / "keys", Path(settings.BASE_DIR) / "keys"):
        with pytest.raises(CommandError, match="refusing"):
            call_command("backup", "--new-key", str(folder))
        assert not folder.exists()
    private_path, public_path, public = backup.write_key_pair(tmp_path / "k")
    assert stat.S_IMODE(private_path.stat().st_mode) == 0o600
    assert backup.read_public_key(public_path) == public
    # The setting takes the printed line, as from BAOVE_BACKUP_PUBLIC_KEY.
    settings.BACKUP_PUBLIC_KEY = backup.public_key_text(public)
    call_command("backup", "--out", str(tmp_path / "y.baove"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    verified = backup.verify_backup(tmp_path / "y.baove", backup.read_private_key(private_path))
    assert verified.manifest["recipient"] == backup.fingerprint(public)
    assert verified.manifest["migrations"]["cases"]
    created = datetime.datetime.fromisoformat(verified.manifest["created_at"])
    assert abs((datetime.datetime.now(datetime.UTC) - created).total_seconds()) < 600
