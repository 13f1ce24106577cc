import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from synth.common import AlreadyBuilt
from synth.generate import build


class Command(BaseCommand):
    help = (
        "Build a synthetic country for benchmarks: units, staff, petitions (identities sealed by the vault's "
        "code), matters, protection, retaliation, reception, activities and campaigns. Deterministic for a seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=5000, help="units in the tree (default 5000)")
        parser.add_argument("--petitions", type=int, default=1_000_000, help="petitions (default 1,000,000)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--until", type=datetime.date.fromisoformat, default=None, help="last day of the data (default today)"
        )
        parser.add_argument("--workers", type=int, default=None, help="sealing processes (default: one per core)")

    def handle(self, *args, units, petitions, seed, until, workers, **options):
        if not (settings.DEBUG or settings.DEMO or settings.TESTING):
            # Synthetic accounts share a known password: never in a production database.
            raise CommandError("synth runs only with BAOVE_DEMO=1 (or DJANGO_DEBUG=1): never on a production database.")
        try:
            report = build(
                units=units,
                petitions=petitions,
                seed=seed,
                until=until,
                workers=workers,
                log=lambda line: self.stdout.write(line),
            )
        except AlreadyBuilt as error:
            raise CommandError("The synthetic country is already in this database.") from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        for name, count in sorted(report.counts.items()):
            self.stdout.write(f"  {name:<24} {count:>10,}")
        self.stdout.write(
            f"{report.rows:,} rows in {report.seconds:.1f} s: {report.rows_per_second:,.0f} rows/s "
            f"({petitions / report.seconds if report.seconds else 0:,.0f} petitions/s)"
        )
