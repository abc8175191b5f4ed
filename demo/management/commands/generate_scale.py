import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ccpl.models import Person
from demo import scale as scale_data


class Command(BaseCommand):
    help = (
        "Fill an empty database with a national-scale data set: the demo ICB grown to a large "
        "ICB's volumes times --scale (deterministic with --seed). See demo/scale.py."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="1 is a large ICB; 10 is ten times it"
        )
        parser.add_argument("--seed", type=int, default=scale_data.SEED)

    def handle(self, *args, scale: int, seed: int, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Generated data has known passwords and is never loaded in production."
            )
        if scale < 1 or scale > 100:
            raise CommandError("--scale must be between 1 and 100.")
        if Person.objects.exists():
            raise CommandError("The database already holds people: generate into an empty one.")
        started = time.monotonic()
        scale_data.generate(scale=scale, seed=seed, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Scale {scale} generated in {time.monotonic() - started:.1f} s.")
        )
