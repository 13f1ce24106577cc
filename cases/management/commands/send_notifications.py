"""Create the due-soon, overdue and decision notifications, then e-mail the pending ones.

Run it every few minutes from cron or a systemd timer; several copies at once send nothing twice:
    */10 * * * * cd /srv/baove && .venv/bin/python manage.py send_notifications
"""

from django.core.management.base import BaseCommand

from cases.notifications import notifications_generate, notifications_send


class Command(BaseCommand):
    help = "Create staff notifications (due soon, overdue, decisions needed) and e-mail the pending ones."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=100, help="Rows claimed per transaction (default 100).")
        parser.add_argument("--no-generate", action="store_true", help="Only send what is already pending.")

    def handle(self, *args, batch, no_generate, **options):
        created = 0 if no_generate else notifications_generate()
        sent = notifications_send(batch=max(1, batch))
        self.stdout.write(f"notifications created: {created}; e-mails sent: {sent}")
