import datetime

from django.core.management.base import BaseCommand

from campaigns.reminders import reminders_send


class Command(BaseCommand):
    help = "E-mail the reminders of reporting campaigns due today (idempotent: run it daily)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this day (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = datetime.date.fromisoformat(options["date"]) if options["date"] else None
        count = reminders_send(today=today)
        self.stdout.write(f"{count} reminder(s) sent.")
