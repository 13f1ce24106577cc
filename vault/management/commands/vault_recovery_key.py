import base64
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vault.services import recovery_key_create


class Command(BaseCommand):
    help = (
        "Create a recovery key. The private half is written to --out (a removable medium, then kept "
        "offline in a safe); only the public half stays in the database. See docs/vault.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--label", required=True, help="e.g. 'Két sắt Văn phòng Tỉnh ủy, 2026'")
        parser.add_argument("--out", required=True, help="file to create for the private half; must not exist")

    def handle(self, *args, label, out, **options):
        path = Path(out)
        if path.exists():
            raise CommandError(f"{path} exists; choose a new file.")
        key, private = recovery_key_create(actor=None, label=label)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o400)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(f"baove-recovery-key-v1 {key.fingerprint}\n{base64.b64encode(private).decode()}\n")
        self.stdout.write(f"Recovery key #{key.pk} created; fingerprint {key.fingerprint}")
        self.stdout.write(f"Private half written to {path}: move it offline now and delete every other copy.")
