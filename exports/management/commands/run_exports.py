"""Run the queued report exports, or (--purge) delete the expired ones.

Exports run in a thread of the web process by default; this command is for a deployment that sets
EXPORTS_USE_WORKER and runs it as a service (--watch), and for the hourly clean-up:
    0 * * * * cd /srv/baove && .venv/bin/python manage.py run_exports --purge
Several copies at once never run a job twice.
"""

import time

from django.core.management.base import BaseCommand

from exports.runner import export_run_queued, exports_purge


class Command(BaseCommand):
    help = "Run the queued report exports; with --purge, delete expired exports and their files."

    def add_arguments(self, parser):
        parser.add_argument("--purge", action="store_true", help="Delete expired exports instead of running jobs.")
        parser.add_argument("--limit", type=int, default=None, help="Run at most this many jobs.")
        parser.add_argument(
            "--watch", type=float, default=0, metavar="SECONDS", help="Keep running, looking for jobs every SECONDS."
        )

    def handle(self, *args, purge, limit, watch, **options):
        if purge:
            interrupted, deleted = exports_purge()
            self.stdout.write(f"exports interrupted: {interrupted}; expired exports deleted: {deleted}")
            return
        while True:
            ran = export_run_queued(limit=limit)
            if ran or watch <= 0:
                self.stdout.write(f"exports run: {ran}")
            if watch <= 0:
                return
            time.sleep(watch)
