import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load a realistic demo ICB (idempotent). Each app with a demo.py adds its own part, "
        "core first, in INSTALLED_APPS order."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data has known passwords and is never loaded in production.")
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name == f"{config.name}.demo":
                    continue
                raise
            with transaction.atomic():
                module.load(stdout=self.stdout)
            self.stdout.write(f"Demo data loaded: {config.verbose_name}")
        self.stdout.write(self.style.SUCCESS("Demo ICB ready."))
