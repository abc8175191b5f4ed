from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ccpl import snapshots


class Command(BaseCommand):
    help = (
        "Count each registered population (role holders, forum members...) by professional "
        "group, age band, sex and ethnic group, and store the counts as a dated snapshot."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--population",
            action="append",
            dest="populations",
            metavar="KEY",
            help="Only this population (may be repeated). Default: every population.",
        )
        parser.add_argument(
            "--date",
            dest="on",
            type=date.fromisoformat,
            help="Count the population as it was on this day (YYYY-MM-DD). Default: today.",
        )

    def handle(self, *args, populations=None, on=None, **options):
        keys = populations or [p.key for p in snapshots.populations()]
        if not keys:
            raise CommandError("No populations are registered.")
        for key in keys:
            try:
                snapshot = snapshots.snapshot_take(population=key, on=on)
            except (ValueError, ValidationError) as error:
                raise CommandError(str(getattr(error, "messages", [error])[0])) from error
            self.stdout.write(
                f"{snapshots.get_population(key).label}: {snapshot.total} people "
                f"on {snapshot.taken_on:%-d %B %Y}"
            )
