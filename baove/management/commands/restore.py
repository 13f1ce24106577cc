"""Restore an encrypted backup into a fresh installation (docs/backup.md).

manage.py migrate
manage.py restore FILE --private-key /media/usb/backup-key/baove-backup.key
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from baove import backup


class Command(BaseCommand):
    help = (
        "Restore an encrypted backup into this (migrated, empty) installation in one transaction, "
        "then verify the audit chain. On any failure the database is left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--private-key", metavar="KEYFILE", required=True, help="the backup private key")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds records, and files of the storage that differ",
        )
        parser.add_argument(
            "--allow-different-secrets",
            action="store_true",
            help="restore although the receipt pepper or other installation secrets differ from the backup's",
        )

    def handle(self, *args, **options):
        try:
            private = backup.read_private_key(options["private_key"])
            restored = backup.restore_backup(
                options["file"],
                private,
                force=options["force"],
                allow_different_secrets=options["allow_different_secrets"],
            )
        except backup.BackupError as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        except DatabaseError as error:
            raise CommandError(f"Nothing was restored: database error: {error}") from error
        manifest = restored.verified.manifest
        for label, count in restored.tables.items():
            if count:
                self.stdout.write(f"{label:45} {count:>10,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup made {manifest['created_at']}: {sum(restored.tables.values()):,} rows, "
                f"{restored.verified.files} files ({restored.files} written). Audit chain intact: "
                f"{restored.audit_events} events verified; the restore is event #{restored.audit_events + 1}."
            )
        )
        if restored.different_secrets:
            self.stdout.write(
                self.style.WARNING(
                    "These installation secrets differ from the backup's: " + ", ".join(restored.different_secrets)
                )
            )
