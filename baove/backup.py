"""Encrypted, verifiable backups and their restore (see docs/backup.md).

A backup is one file: an authenticated header, then a gzip-compressed tar stream encrypted in
chunks of 1 MiB with AES-256-GCM under a random data key. The data key is sealed to the backup
*public* key (X25519 + HKDF-SHA256 + AES-256-GCM, ``baove.lib.crypto.seal_for``), so the server that
writes backups cannot read them: only the holder of the private key, kept offline, can.

Layout of the file::

    b"BAOVEBK1" | header length (4 bytes, big-endian) | header (JSON: format, time, recipient's
    fingerprint, sealed data key)
    then chunks: flag (1 byte: 0 more, 1 last) | length (4 bytes) | crypto.seal(data key, chunk,
    context = SHA-256(magic, length, header) | chunk number | flag)

Every chunk is bound to the header, to its place and to whether it is the last one: a changed
byte anywhere, a removed, repeated or reordered chunk, or a cut file is refused.

Inside the tar, in this order:

- ``tables/<app_label>.<model_name>/<n>.jsonl``: a header line ``{"model", "fields"}``, then one
  JSON array per row in primary-key order, for every concrete model of the installed apps except
  sign-in sessions (staff and portal), which a restored installation does not need;
- ``files/<name>``: every file of the default storage (sealed evidence, released working files,
  documents, exports);
- ``manifest.json``: format, time, migration state per app, rows per table, bytes and SHA-256 of
  every part, the audit chain's head, and check values of the installation secrets.

What is sealed in the database stays sealed in the backup: opening a backup with its private key
gives the same sealed identities as the database, openable only with a custodian's key.
"""

import base64
import datetime
import decimal
import gzip
import hashlib
import hmac
import io
import json
import os
import struct
import tarfile
import uuid
import zlib
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_string

from audit.models import AuditEvent, AuditHead
from audit.services import GENESIS_HASH, audit_record, audit_verify_chain, event_hash
from baove.lib import crypto

FORMAT = 1
MAGIC = b"BAOVEBK1"
CHUNK_BYTES = 1 << 20
PART_BYTES = 8 << 20
MAX_HEADER_BYTES = 64 * 1024
MANIFEST = "manifest.json"
PUBLIC_PREFIX = "baove-backup-public-v1:"
PRIVATE_PREFIX = "baove-backup-private-v1:"
PRIVATE_FILE = "baove-backup.key"
PUBLIC_FILE = "baove-backup.pub"
KEY_CONTEXT = b"baove-backup:data-key:v1"
# Sign-in sessions: a restored installation asks everyone to sign in again.
EXCLUDED_MODELS = frozenset({"sessions.session", "cases.portalsession"})
# Installation secrets that live outside the database; a restore needs the same values.
SECRET_SETTINGS = ("RECEIPT_PEPPER", "NOTICE_EMAIL_KEY", "PERSON_MATCH_KEY")
_MORE, _LAST = b"\x00", b"\x01"


class BackupError(Exception):
    """A backup could not be written, opened, verified or restored; the message says why."""


# Keys


def fingerprint(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()


def public_key_text(public: bytes) -> str:
    return PUBLIC_PREFIX + base64.b64encode(public).decode()


def _parse_key(text: str, prefix: str, what: str) -> bytes:
    for line in text.splitlines():
        line = line.strip()
        if line.startswith(prefix):
            try:
                raw = base64.b64decode(line[len(prefix) :], validate=True)
            except ValueError:
                break
            if len(raw) == crypto.KEY_BYTES:
                return raw
            break
    raise BackupError(f"not a baove backup {what} (expected a line starting with {prefix!r})")


def parse_public_key(text: str) -> bytes:
    return _parse_key(text, PUBLIC_PREFIX, "public key")


def read_public_key(path) -> bytes:
    return parse_public_key(_read_text(path))


def read_private_key(path) -> bytes:
    return _parse_key(_read_text(path), PRIVATE_PREFIX, "private key")


def _read_text(path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror or error}") from error


def _inside(path: Path, folder) -> bool:
    folder = Path(folder).resolve()
    return path == folder or folder in path.parents


def write_key_pair(directory) -> tuple[Path, Path, bytes]:
    """A new backup key pair in ``directory``: the private half (mode 0600) and the public half.

    Refused inside the data folder and the project's tree, so that the private key is neither
    backed up with the data it opens nor committed by accident.
    """
    directory = Path(directory).resolve()
    for folder, what in ((settings.DATA_DIR, "the data folder"), (settings.BASE_DIR, "the project's folder")):
        if _inside(directory, folder):
            raise BackupError(f"refusing to write a backup private key inside {what} ({folder})")
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    private_path, public_path = directory / PRIVATE_FILE, directory / PUBLIC_FILE
    for path in (private_path, public_path):
        if path.exists():
            raise BackupError(f"{path} already exists; choose another folder")
    pair = crypto.new_key_pair()
    key_fingerprint = fingerprint(pair.public)
    private_text = (
        "# baove backup PRIVATE key: keep it offline (docs/backup.md). It opens every backup made\n"
        f"# for the public key with fingerprint {key_fingerprint}.\n"
        f"{PRIVATE_PREFIX}{base64.b64encode(pair.private).decode()}\n"
    )
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(private_text)
    public_path.write_text(
        f"# baove backup public key, fingerprint {key_fingerprint}\n{public_key_text(pair.public)}\n",
        encoding="utf-8",
    )
    return private_path, public_path, pair.public


# The encrypted stream


def _chunk_context(aad: bytes, index: int, flag: bytes) -> bytes:
    return aad + struct.pack(">Q", index) + flag


class _EncryptingWriter:
    """A write-only file object that encrypts what it is given in chunks, as described above."""

    def __init__(self, out, public: bytes, *, created_at: str):
        self._out = out
        self._key = crypto.new_data_key()
        self._digest = hashlib.sha256()
        header = json.dumps(
            {
                "format": FORMAT,
                "created_at": created_at,
                "cipher": "AES-256-GCM, 1 MiB chunks",
                "key_wrap": "X25519 + HKDF-SHA256 + AES-256-GCM",
                "recipient": fingerprint(public),
                "wrapped_key": base64.b64encode(crypto.seal_for(self._key, public, context=KEY_CONTEXT)).decode(),
            },
            sort_keys=True,
        ).encode()
        prefix = MAGIC + struct.pack(">I", len(header)) + header
        self._aad = hashlib.sha256(prefix).digest()
        self._buffer = bytearray()
        self._index = 0
        self._raw_write(prefix)

    def _raw_write(self, data: bytes) -> None:
        self._out.write(data)
        self._digest.update(data)

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) >= CHUNK_BYTES:
            self._emit(bytes(self._buffer[:CHUNK_BYTES]), last=False)
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self) -> str:
        """Write the last chunk; returns the SHA-256 of the whole file."""
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()
        return self._digest.hexdigest()

    def _emit(self, plaintext: bytes, *, last: bool) -> None:
        flag = _LAST if last else _MORE
        sealed = crypto.seal(self._key, plaintext, context=_chunk_context(self._aad, self._index, flag))
        self._raw_write(flag + struct.pack(">I", len(sealed)) + sealed)
        self._index += 1


class _HashingReader:
    """Reads a file exactly, keeping the SHA-256 of everything read."""

    def __init__(self, raw):
        self._raw = raw
        self._digest = hashlib.sha256()

    def read_exact(self, size: int, what: str) -> bytes:
        data = self._raw.read(size)
        if len(data) != size:
            raise BackupError(f"the backup is cut short (in the {what})")
        self._digest.update(data)
        return data

    def at_end(self) -> bool:
        extra = self._raw.read(1)
        self._digest.update(extra)
        return not extra

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def read_header(raw: _HashingReader) -> tuple[dict, bytes]:
    """The header and the bytes that authenticate it (SHA-256 of magic, length and header)."""
    magic = raw.read_exact(len(MAGIC), "header")
    if magic != MAGIC:
        raise BackupError("not a baove backup (unknown file signature)")
    length_bytes = raw.read_exact(4, "header")
    (length,) = struct.unpack(">I", length_bytes)
    if not 0 < length <= MAX_HEADER_BYTES:
        raise BackupError("the backup header is damaged")
    header_bytes = raw.read_exact(length, "header")
    try:
        header = json.loads(header_bytes)
    except ValueError as error:
        raise BackupError("the backup header is damaged") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"unsupported backup format {header.get('format') if isinstance(header, dict) else '?'}")
    return header, hashlib.sha256(magic + length_bytes + header_bytes).digest()


class _DecryptingReader(io.RawIOBase):
    """The plaintext of an encrypted backup, chunk by chunk; refuses any change to the file."""

    def __init__(self, raw: _HashingReader, private: bytes):
        super().__init__()
        self._raw = raw
        self.header, self._aad = read_header(raw)
        ours = fingerprint(crypto.public_from_private(private))
        if self.header.get("recipient") != ours:
            raise BackupError(
                f"this backup was made for the backup key {str(self.header.get('recipient'))[:16]}…, "
                f"not for the key given ({ours[:16]}…)"
            )
        try:
            wrapped = base64.b64decode(self.header["wrapped_key"], validate=True)
            self._key = crypto.open_for(wrapped, private, context=KEY_CONTEXT)
        except (KeyError, ValueError, crypto.DecryptionError) as error:
            raise BackupError("the backup's data key does not open with this private key") from error
        self._index = 0
        self._pending = memoryview(b"")
        self.complete = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            if self.complete:
                return 0
            self._pending = memoryview(self._next_chunk())
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count

    def _next_chunk(self) -> bytes:
        flag = self._raw.read_exact(1, f"chunk {self._index}")
        if flag not in (_MORE, _LAST):
            raise BackupError(f"the backup is damaged (chunk {self._index})")
        (length,) = struct.unpack(">I", self._raw.read_exact(4, f"chunk {self._index}"))
        if length > CHUNK_BYTES + 64:
            raise BackupError(f"the backup is damaged (chunk {self._index})")
        sealed = self._raw.read_exact(length, f"chunk {self._index}")
        try:
            plaintext = crypto.unseal(self._key, sealed, context=_chunk_context(self._aad, self._index, flag))
        except crypto.DecryptionError as error:
            raise BackupError(
                f"the backup was changed or damaged (chunk {self._index} does not authenticate)"
            ) from error
        self._index += 1
        if flag == _LAST:
            if not self._raw.at_end():
                raise BackupError("the backup has data after its last chunk")
            self.complete = True
        return plaintext


@contextmanager
def open_payload(path, private: bytes):
    """The decrypted, decompressed tar stream of a backup (a binary file object), for reading.

    Nothing is written to disk. Whoever reads it to the end should then call ``finish()`` on the
    second value to check that the file ended where its last chunk says.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed below)
    except OSError as error:
        raise BackupError(f"cannot open {path}: {error.strerror or error}") from error
    with handle:
        hashing = _HashingReader(handle)
        decrypting = _DecryptingReader(hashing, private)
        stream = gzip.GzipFile(fileobj=io.BufferedReader(decrypting, CHUNK_BYTES), mode="rb")

        class _End:
            header = decrypting.header

            @staticmethod
            def finish() -> str:
                while stream.read(CHUNK_BYTES):
                    pass
                if not decrypting.complete:
                    raise BackupError("the backup is cut short (no last chunk)")
                return hashing.hexdigest()

        try:
            yield stream, _End
        except (EOFError, zlib.error, tarfile.TarError, gzip.BadGzipFile, UnicodeDecodeError) as error:
            raise BackupError(f"the backup's content is damaged: {error}") from error


def _walk(path, private: bytes, on_member) -> tuple[dict, str]:
    """Decrypt and read every entry of a backup in order; returns its header and the file's SHA-256."""
    with open_payload(path, private) as (stream, end):
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for member in archive:
                if not member.isfile():
                    raise BackupError(f"unexpected entry in the backup: {member.name!r}")
                on_member(member.name, archive.extractfile(member))
        return end.header, end.finish()


# Rows: one JSON value per field, read back with the field's own parser


def _encode(field: models.Field, value):
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _decode(field: models.Field, value):
    if value is None or isinstance(field, models.JSONField):
        return value
    return field.to_python(value)


def _json_line(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode() + b"\n"


def backup_models() -> list[type[models.Model]]:
    """Every table a backup holds, in the order of INSTALLED_APPS (foreign keys are deferred)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in EXCLUDED_MODELS
    ]


def _model(label: str) -> type[models.Model]:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as error:
        raise BackupError(f"the backup holds a table this installation does not know: {label}") from error
    if model._meta.label_lower in EXCLUDED_MODELS:
        raise BackupError(f"the backup holds a table it should not: {label}")
    return model


def _secret_checks() -> dict[str, str]:
    """Check values (HMAC of a fixed text, 64 bits) telling whether two installations share a secret."""
    return {
        name: hmac.new(str(getattr(settings, name)).encode(), b"baove-backup-check-v1", hashlib.sha256).hexdigest()[:16]
        for name in SECRET_SETTINGS
    }


def migration_state(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    labels = {config.label for config in apps.get_app_configs()}
    state: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        if app in labels:
            state.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


def storage_files(storage=default_storage) -> list[str]:
    names: list[str] = []

    def walk(prefix: str) -> None:
        try:
            folders, files = storage.listdir(prefix)
        except FileNotFoundError:
            return
        names.extend(prefix + name for name in sorted(files))
        for folder in sorted(folders):
            walk(f"{prefix}{folder}/")

    walk("")
    return names


def _clean_file_name(name: str) -> str:
    path = PurePosixPath(name)
    if not name or path.is_absolute() or any(part in ("", ".", "..") for part in name.split("/")):
        raise BackupError(f"the backup holds a file with an unsafe name: {name!r}")
    return name


# Writing


@contextmanager
def _snapshot(using: str):
    """One consistent view of the database for the whole dump, without blocking writers.

    PostgreSQL: a REPEATABLE READ, READ ONLY transaction. SQLite (in WAL mode): a deferred read
    transaction (the connection's own transactions are IMMEDIATE, which would stop every writer).
    Inside a transaction already (a test), that transaction is the snapshot.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
    else:
        with transaction.atomic(using=using):
            yield


class _HashingFile(io.RawIOBase):
    """Reads through ``source`` keeping the SHA-256 and the byte count."""

    def __init__(self, source):
        super().__init__()
        self._source = source
        self.digest = hashlib.sha256()
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._source.read(len(buffer))
        buffer[: len(data)] = data
        self.digest.update(data)
        self.count += len(data)
        return len(data)


@dataclass
class Written:
    path: Path
    sha256: str
    size: int
    manifest: dict


class _ArchiveWriter:
    def __init__(self, archive: tarfile.TarFile, manifest: dict):
        self.archive = archive
        self.manifest = manifest

    def _info(self, name: str, size: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, 0
        return info

    def add_bytes(self, name: str, data: bytes, **extra) -> None:
        self.archive.addfile(self._info(name, len(data)), io.BytesIO(data))
        self.manifest["parts"].append(
            {"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), **extra}
        )

    def add_table(self, model: type[models.Model], using: str) -> int:
        fields = list(model._meta.local_concrete_fields)
        names = [f.attname for f in fields]
        label = model._meta.label_lower
        header = _json_line({"model": label, "fields": names})
        buffer, rows, part, total = bytearray(header), 0, 0, 0

        def flush() -> None:
            nonlocal buffer, rows, part
            part += 1
            self.add_bytes(f"tables/{label}/{part:04d}.jsonl", bytes(buffer), rows=rows)
            buffer, rows = bytearray(header), 0

        queryset = model._base_manager.using(using).order_by("pk").values_list(*names)
        for values in queryset.iterator(chunk_size=2000):
            buffer += _json_line([_encode(f, v) for f, v in zip(fields, values, strict=True)])
            rows, total = rows + 1, total + 1
            if len(buffer) >= PART_BYTES:
                flush()
        if rows or part == 0:
            flush()
        self.manifest["tables"][label] = total
        return total

    def add_file(self, name: str, storage) -> None:
        size = storage.size(name)
        with storage.open(name, "rb") as handle:
            reader = _HashingFile(handle)
            self.archive.addfile(self._info(f"files/{name}", size), reader)
        self.manifest["parts"].append(
            {"name": f"files/{name}", "bytes": reader.count, "sha256": reader.digest.hexdigest()}
        )


def write_backup(out, public: bytes, *, using: str = DEFAULT_DB_ALIAS, storage=default_storage) -> Written:
    """Write an encrypted backup of the database and the file storage to ``out`` (a new file)."""
    out = Path(out).resolve()
    if out.exists():
        raise BackupError(f"{out} already exists")
    if _inside(out, settings.MEDIA_ROOT):
        raise BackupError("refusing to write a backup inside the file storage it backs up")
    if not out.parent.is_dir():
        raise BackupError(f"the folder {out.parent} does not exist")
    created_at = timezone.now().isoformat()
    partial = out.with_name(out.name + ".partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise BackupError(f"cannot write {partial}: {error.strerror or error}") from error
    try:
        with os.fdopen(descriptor, "wb") as handle:
            writer = _EncryptingWriter(handle, public, created_at=created_at)
            compressed = gzip.GzipFile(fileobj=writer, mode="wb", compresslevel=1, mtime=0)
            archive = tarfile.open(fileobj=compressed, mode="w|", format=tarfile.PAX_FORMAT)  # noqa: SIM115
            manifest = {
                "format": FORMAT,
                "created_at": created_at,
                "django": django.get_version(),
                "database": connections[using].vendor,
                "recipient": fingerprint(public),
                "secrets": _secret_checks(),
                "tables": {},
                "parts": [],
            }
            parts = _ArchiveWriter(archive, manifest)
            with _snapshot(using):
                manifest["migrations"] = migration_state(using)
                for model in backup_models():
                    parts.add_table(model, using)
                head = AuditHead.objects.using(using).filter(pk=1).values_list("seq", "hash").first()
                manifest["audit"] = {"seq": head[0], "hash": head[1]} if head else None
            # Files are written before the rows that name them commit, so every file named in the
            # snapshot is already there; a file added since is kept too, unused.
            for name in storage_files(storage):
                parts.add_file(name, storage)
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode = len(data), 0o600
            archive.addfile(info, io.BytesIO(data))
            archive.close()
            compressed.close()
            sha256 = writer.finish()
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Written(path=out, sha256=sha256, size=out.stat().st_size, manifest=manifest)


# Reading and verifying


def _instance(model, fields: list[str], row: list) -> models.Model:
    by_name = {f.attname: f for f in model._meta.local_concrete_fields}
    try:
        return model(**{name: _decode(by_name[name], value) for name, value in zip(fields, row, strict=True)})
    except KeyError as error:
        raise BackupError(f"{model._meta.label_lower} has no field {error.args[0]} in this installation") from error
    except (ValueError, TypeError, ValidationError) as error:
        raise BackupError(f"a row of {model._meta.label_lower} does not read back: {error}") from error


class _ChainCheck:
    """The audit chain as the backup holds it, checked without a database."""

    def __init__(self):
        self.events: list[tuple[int, str, str, str]] = []
        self.head: tuple[int, str] | None = None

    def add(self, model, fields: list[str], row: list) -> None:
        if model is AuditEvent:
            event = _instance(model, fields, row)
            self.events.append((event.seq, event.prev_hash, event.hash, event_hash(event)))
        elif model is AuditHead:
            values = dict(zip(fields, row, strict=True))
            if values.get("id") == 1:
                self.head = (values.get("seq"), values.get("hash"))

    def check(self, manifest: dict) -> int:
        expected, previous = 1, GENESIS_HASH
        for seq, prev_hash, stored, computed in sorted(self.events):
            if seq != expected or prev_hash != previous or computed != stored:
                raise BackupError(f"the audit chain in the backup is broken at event #{seq}")
            expected, previous = expected + 1, stored
        head = (len(self.events), previous)
        if self.head != head or manifest.get("audit") != {"seq": head[0], "hash": head[1]}:
            raise BackupError("the audit chain's head in the backup does not match its events")
        return len(self.events)


def _consume(name: str, fileobj) -> dict:
    digest, size = hashlib.sha256(), 0
    for block in iter(lambda: fileobj.read(1 << 16), b""):
        digest.update(block)
        size += len(block)
    return {"bytes": size, "sha256": digest.hexdigest()}


class _Reader:
    """One pass over a backup: hashes and counts every part, reads the manifest, follows the audit
    chain, and hands rows and files to the sinks given (the restore's loaders)."""

    def __init__(self, *, table_sink=None, file_sink=None):
        self.table_sink = table_sink
        self.file_sink = file_sink or _consume
        self.seen: dict[str, dict] = {}
        self.manifest: dict | None = None
        self.chain = _ChainCheck()

    def __call__(self, name: str, fileobj) -> None:
        if self.manifest is not None:
            raise BackupError("the backup has entries after its manifest")
        if name == MANIFEST:
            try:
                self.manifest = json.loads(fileobj.read())
            except ValueError as error:
                raise BackupError("the backup's manifest is damaged") from error
            if not isinstance(self.manifest, dict):
                raise BackupError("the backup's manifest is damaged")
            return
        if name in self.seen:
            raise BackupError(f"the backup holds {name} twice")
        if name.startswith("tables/"):
            self.seen[name] = self._table(name, fileobj)
        elif name.startswith("files/"):
            self.seen[name] = self.file_sink(_clean_file_name(name[len("files/") :]), fileobj)
        else:
            raise BackupError(f"unexpected entry in the backup: {name!r}")

    def _table(self, name: str, fileobj) -> dict:
        digest, size, rows = hashlib.sha256(), 0, 0
        lines = iter(fileobj)
        first = next(lines, b"")
        digest.update(first)
        size += len(first)
        try:
            header = json.loads(first)
        except ValueError as error:
            raise BackupError(f"{name} has no header") from error
        fields = header.get("fields") if isinstance(header, dict) else None
        label = header.get("model") if isinstance(header, dict) else None
        if not isinstance(fields, list) or not isinstance(label, str) or name.split("/")[1] != label:
            raise BackupError(f"{name} has no valid header")
        model = _model(label)
        sink = self.table_sink(model, fields) if self.table_sink else None
        for line in lines:
            digest.update(line)
            size += len(line)
            try:
                row = json.loads(line)
            except ValueError as error:
                raise BackupError(f"{name} has a damaged row") from error
            if not isinstance(row, list) or len(row) != len(fields):
                raise BackupError(f"{name} has a row with {len(row)} values for {len(fields)} fields")
            rows += 1
            if model in (AuditEvent, AuditHead):
                self.chain.add(model, fields, row)
            if sink is not None:
                sink.add(row)
        if sink is not None:
            sink.close()
        return {"bytes": size, "sha256": digest.hexdigest(), "rows": rows, "model": label}

    def check(self, header: dict) -> "Verified":
        manifest = self.manifest
        if manifest is None:
            raise BackupError("the backup has no manifest")
        if manifest.get("format") != FORMAT or manifest.get("recipient") != header.get("recipient"):
            raise BackupError("the backup's manifest does not match its header")
        parts = {part.get("name"): part for part in manifest.get("parts", []) if isinstance(part, dict)}
        missing, extra = sorted(set(parts) - set(self.seen)), sorted(set(self.seen) - set(parts))
        if missing:
            raise BackupError(f"the backup lacks {len(missing)} part(s) its manifest lists, first {missing[0]}")
        if extra:
            raise BackupError(f"the backup holds {len(extra)} part(s) its manifest does not list, first {extra[0]}")
        totals: dict[str, int] = {}
        for name, found in self.seen.items():
            expected = parts[name]
            for key in ("bytes", "sha256", "rows"):
                if key in found and expected.get(key) != found[key]:
                    raise BackupError(f"{name}: {key} differs from the manifest (changed or damaged)")
            if "model" in found:
                totals[found["model"]] = totals.get(found["model"], 0) + found["rows"]
        if totals != manifest.get("tables"):
            raise BackupError("the rows per table differ from the manifest")
        events = self.chain.check(manifest)
        return Verified(
            manifest=manifest,
            header=header,
            sha256="",
            rows=sum(totals.values()),
            files=sum(1 for name in self.seen if name.startswith("files/")),
            audit_events=events,
        )


@dataclass
class Verified:
    manifest: dict
    header: dict
    sha256: str
    rows: int
    files: int
    audit_events: int


def verify_backup(path, private: bytes) -> Verified:
    """Decrypt the backup in memory and check every part's SHA-256 and size, every table's row
    count and the audit chain it holds against its manifest. Raises ``BackupError`` at the first
    problem; writes nothing anywhere."""
    reader = _Reader()
    header, sha256 = _walk(path, private, reader)
    verified = reader.check(header)
    verified.sha256 = sha256
    return verified


# Restoring


def database_has_records(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the database holds anything a person made: every record is created with an audit
    event, and a fresh installation has neither accounts nor events."""
    return get_user_model()._base_manager.using(using).exists() or AuditEvent._base_manager.using(using).exists()


class _TableLoader:
    BATCH = 500

    def __init__(self, model, fields: list[str], using: str):
        local = {f.attname for f in model._meta.local_concrete_fields}
        if set(fields) != local:
            raise BackupError(
                f"the columns of {model._meta.label_lower} differ between the backup and this installation"
            )
        self.model, self.fields, self.using = model, fields, using
        self.concrete = list(model._meta.local_concrete_fields)
        operations = connections[using].ops
        self.batch_size = max(1, min(self.BATCH, operations.bulk_batch_size(self.concrete, [None] * self.BATCH)))
        self.pending: list[models.Model] = []
        self.count = 0

    def add(self, row: list) -> None:
        self.pending.append(_instance(self.model, self.fields, row))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            # raw=True: the values are stored as they are (no auto_now, no save() override, no signal).
            self.model._base_manager.using(self.using)._insert(
                self.pending, fields=self.concrete, raw=True, using=self.using
            )
            self.count += len(self.pending)
            self.pending = []

    def close(self) -> None:
        self.flush()


class _FileRestorer:
    """Writes the backup's files into the storage; a file already there with the same content is
    kept as it is, one with other content only replaced with ``force``."""

    def __init__(self, storage, expected: dict[str, dict], *, force: bool):
        self.storage, self.expected, self.force = storage, expected, force
        self.written: list[str] = []

    def conflicts(self) -> list[str]:
        return [
            name[len("files/") :]
            for name, part in self.expected.items()
            if name.startswith("files/") and self._differs(name[len("files/") :], part)
        ]

    def _differs(self, name: str, part: dict) -> bool:
        if not self.storage.exists(name):
            return False
        with self.storage.open(name, "rb") as handle:
            return _consume(name, handle) != {"bytes": part["bytes"], "sha256": part["sha256"]}

    def __call__(self, name: str, fileobj) -> dict:
        reader = _HashingFile(fileobj)
        if self.storage.exists(name):
            if not self._differs(name, self.expected[f"files/{name}"]):
                return _consume(name, fileobj)
            if not self.force:
                raise BackupError(f"the file {name} already exists in the storage with other content")
            self.storage.delete(name)
        saved = self.storage.save(name, File(reader, name=name))
        self.written.append(saved)
        if saved != name:
            raise BackupError(f"the storage saved {name} as {saved}")
        while reader.read(1 << 16):
            pass
        return {"bytes": reader.count, "sha256": reader.digest.hexdigest()}

    def undo(self) -> None:
        for name in self.written:
            with suppress(OSError):
                self.storage.delete(name)


@dataclass
class Restored:
    verified: Verified
    tables: dict[str, int]
    files: int
    audit_events: int
    different_secrets: list[str]


def _check_migrations(manifest: dict, using: str) -> None:
    here = migration_state(using)
    if not here:
        raise BackupError("this database has no tables yet: run `manage.py migrate` first")
    there = manifest.get("migrations") or {}
    if here != there:
        only_backup = sorted(f"{app}.{n}" for app, names in there.items() for n in names if n not in here.get(app, []))
        only_here = sorted(f"{app}.{n}" for app, names in here.items() for n in names if n not in there.get(app, []))
        raise BackupError(
            "the database schema differs from the backup's: "
            + (f"not applied here: {', '.join(only_backup[:5])}; " if only_backup else "")
            + (f"applied here only: {', '.join(only_here[:5])}; " if only_here else "")
            + "restore with the release that made the backup, then upgrade"
        )


def secrets_differing(manifest: dict) -> list[str]:
    """The installation secrets whose value here is not the backed-up installation's."""
    theirs = manifest.get("secrets") or {}
    return [name for name, value in _secret_checks().items() if theirs.get(name) != value]


def _wipe(using: str) -> None:
    connection = connections[using]
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, reset_sequences=False))


def restore_backup(
    path,
    private: bytes,
    *,
    force: bool = False,
    allow_different_secrets: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    storage=default_storage,
) -> Restored:
    """Put a backup back into a migrated, empty installation, in one transaction.

    First a full verification pass; then, inside one transaction, every table is emptied and
    loaded (foreign keys are checked at the end), the files are written, the counts and the audit
    chain are checked, and one audit event records the restore. Any failure rolls the database
    back to what it was and removes the files written.
    """
    verified = verify_backup(path, private)
    manifest = verified.manifest
    _check_migrations(manifest, using)
    differing = secrets_differing(manifest)
    if differing and not allow_different_secrets:
        raise BackupError(
            "this installation's secrets differ from the backed-up one's ("
            + ", ".join(differing)
            + "): set the same values, or receipts, e-mail notices and the early warning stop working"
        )
    if database_has_records(using) and not force:
        raise BackupError("the database already holds records; restore only into a fresh installation")
    connection = connections[using]
    loaders: dict[str, _TableLoader] = {}

    def table_sink(model, fields):
        loader = loaders.setdefault(model._meta.label_lower, _TableLoader(model, fields, using))
        if loader.fields != fields:
            raise BackupError(f"the parts of {model._meta.label_lower} disagree on their columns")
        return loader

    files = _FileRestorer(storage, {part["name"]: part for part in manifest["parts"]}, force=force)
    conflicts = files.conflicts()
    if conflicts and not force:
        raise BackupError(
            f"{len(conflicts)} file(s) of the backup already exist in the storage with other content, "
            f"first {conflicts[0]}; restore only into a fresh installation"
        )
    try:
        with transaction.atomic(using=using):
            _wipe(using)
            ContentType.objects.clear_cache()
            reader = _Reader(table_sink=table_sink, file_sink=files)
            header, sha256 = _walk(path, private, reader)
            if sha256 != verified.sha256:
                raise BackupError("the backup file changed while it was being restored")
            reader.check(header)
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), backup_models()):
                    cursor.execute(statement)
            connection.check_constraints()
            ContentType.objects.clear_cache()
            tables = {}
            for model in backup_models():
                count = model._base_manager.using(using).count()
                if count != manifest["tables"].get(model._meta.label_lower, 0):
                    raise BackupError(f"{model._meta.label_lower}: {count} rows after loading, not as in the backup")
                tables[model._meta.label_lower] = count
            chain = audit_verify_chain()
            if not chain.ok:
                raise BackupError(f"the restored audit chain is broken at event #{chain.broken_at}: {chain.problem}")
            audit_record(
                actor=None,
                action="backup.restore",
                details={
                    "backup_created_at": manifest["created_at"],
                    "backup_sha256": verified.sha256,
                    "audit_seq": manifest["audit"]["seq"] if manifest.get("audit") else 0,
                    "rows": verified.rows,
                    "files": verified.files,
                    "different_secrets": differing,
                },
            )
    except BaseException:
        files.undo()
        ContentType.objects.clear_cache()
        raise
    return Restored(
        verified=verified,
        tables=tables,
        files=len(files.written),
        audit_events=chain.checked,
        different_secrets=differing,
    )
