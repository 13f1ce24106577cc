"""Encrypted, verifiable backups (docs/backup.md).

manage.py backup --new-key /media/usb/backup-key      # once: the key pair, private half offline
manage.py backup --out /var/backups/baove/2026-05-01.baove
manage.py backup --verify FILE --private-key /media/usb/backup-key/baove-backup.key
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from baove import backup


class Command(BaseCommand):
    help = (
        "Write an encrypted backup of the database and files (--out), verify one (--verify), "
        "or create the backup key pair (--new-key)."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--out", metavar="FILE", help="write a new backup to FILE")
        action.add_argument("--verify", metavar="FILE", help="decrypt FILE in memory and check all of it")
        action.add_argument(
            "--new-key", metavar="DIR", help="create a backup key pair in DIR (outside the data folder)"
        )
        parser.add_argument(
            "--recipient-public-key",
            metavar="KEYFILE",
            help="the backup public key (default: the BAOVE_BACKUP_PUBLIC_KEY setting)",
        )
        parser.add_argument("--private-key", metavar="KEYFILE", help="the backup private key, for --verify")

    def handle(self, *args, **options):
        try:
            if options["new_key"]:
                return self._new_key(options["new_key"])
            if options["verify"]:
                return self._verify(options["verify"], options["private_key"])
            return self._backup(options["out"], options["recipient_public_key"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(f"database error: {error}") from error

    def _new_key(self, directory):
        private_path, public_path, public = backup.write_key_pair(directory)
        self.stdout.write(f"Private key (keep offline, never on this server): {private_path}")
        self.stdout.write(f"Public key: {public_path}")
        self.stdout.write(f"Fingerprint: {backup.fingerprint(public)}")
        self.stdout.write("Set on the server:")
        self.stdout.write(f"BAOVE_BACKUP_PUBLIC_KEY={backup.public_key_text(public)}")

    def _backup(self, out, key_file):
        if key_file:
            public = backup.read_public_key(key_file)
        elif settings.BACKUP_PUBLIC_KEY:
            public = backup.parse_public_key(settings.BACKUP_PUBLIC_KEY)
        else:
            raise CommandError(
                "No backup public key: create a key pair with `backup --new-key DIR` on a trusted machine, "
                "then set BAOVE_BACKUP_PUBLIC_KEY (or pass --recipient-public-key)."
            )
        written = backup.write_backup(out, public)
        manifest = written.manifest
        audit = manifest.get("audit") or {"seq": 0, "hash": ""}
        self.stdout.write(
            self.style.SUCCESS(f"Backup written: {written.path} ({written.size:,} bytes), SHA-256 {written.sha256}")
        )
        self.stdout.write(
            f"{sum(manifest['tables'].values()):,} rows in {len(manifest['tables'])} tables; "
            f"{sum(1 for p in manifest['parts'] if p['name'].startswith('files/'))} files; "
            f"audit chain head #{audit['seq']} {audit['hash']}"
        )
        self.stdout.write(f"Encrypted for the backup key {manifest['recipient']}")

    def _verify(self, path, key_file):
        if not key_file:
            raise CommandError("--verify needs --private-key KEYFILE")
        verified = backup.verify_backup(path, backup.read_private_key(key_file))
        manifest = verified.manifest
        audit = manifest.get("audit") or {"seq": 0, "hash": ""}
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup verified: made {manifest['created_at']}, {verified.rows:,} rows in "
                f"{len(manifest['tables'])} tables, {verified.files} files, audit chain intact "
                f"({verified.audit_events} events, head #{audit['seq']} {audit['hash']})."
            )
        )
        self.stdout.write(f"SHA-256 of the file: {verified.sha256}")
