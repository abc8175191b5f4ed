from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ccpl import publications, snapshots


class Command(BaseCommand):
    help = (
        "Publish the figures about people (the diversity analysis) for a publication point: "
        "each population whose people changed enough since its previous publication."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            dest="on",
            type=date.fromisoformat,
            help="The publication point (YYYY-MM-DD), one of PEOPLE_PUBLICATION_DATES. "
            "Default: today.",
        )

    def handle(self, *args, on=None, **options):
        on = on or timezone.localdate()
        if on > timezone.localdate():
            raise CommandError("Figures cannot be published for a date in the future.")
        if not publications.is_publication_day(on):
            raise CommandError(
                f"{on:%-d %B %Y} is not a publication date; the next is "
                f"{publications.next_publication_on(on):%-d %B %Y}."
            )
        for population in snapshots.populations():
            made = publications.publication_make(population=population.key, on=on)
            if made is None:
                self.stdout.write(
                    f"{population.label}: too few changes, the previous publication stands"
                )
            else:
                self.stdout.write(f"{population.label}: published for {on:%-d %B %Y}")
