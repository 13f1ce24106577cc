"""Create the due items of every dated and recurring task up to the horizon (default: the end of
next year). Idempotent: run it daily from cron or a systemd timer; a second run creates nothing.
    15 2 * * * cd /srv/baove && .venv/bin/python manage.py programme_schedule
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from programme.services import default_horizon, schedule_all


class Command(BaseCommand):
    help = "Create the due items of dated and recurring plan tasks (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--until", help="Last day to schedule, YYYY-MM-DD (default: 31 December of next year).")

    def handle(self, *args, until=None, **options):
        if until:
            try:
                horizon = datetime.date.fromisoformat(until)
            except ValueError as error:
                raise CommandError("--until must be a date written YYYY-MM-DD") from error
        else:
            horizon = default_horizon()
        tasks, created = schedule_all(until=horizon)
        self.stdout.write(f"tasks scheduled: {tasks}; due items created: {created}; until {horizon.isoformat()}")
