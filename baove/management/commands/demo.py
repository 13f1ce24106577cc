from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from baove import demo


class Command(BaseCommand):
    help = "Load the demo province (idempotent). Refused unless BAOVE_DEMO=1."

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError("Demo data is only loaded with BAOVE_DEMO=1, never into a real installation.")
        if demo.load():
            self.stdout.write(self.style.SUCCESS("Demo province loaded."))
        else:
            self.stdout.write("Demo province already loaded.")
        demo.load_extras()
