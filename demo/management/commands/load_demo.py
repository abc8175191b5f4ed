from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from actions import demo as actions_demo
from assurance import demo as assurance_demo
from ccpl import demo as core_demo
from communications import demo as communications_demo
from development import demo as development_demo
from forums import demo as forums_demo
from recruitment import demo as recruitment_demo
from roles import demo as roles_demo
from surveys import demo as surveys_demo

# Each app adds its own part, in the order the apps build on each other (docs/architecture.md).
PARTS = (
    ("CCPL framework core", core_demo),
    ("Forums", forums_demo),
    ("Roles", roles_demo),
    ("Actions", actions_demo),
    ("Surveys", surveys_demo),
    ("Recruitment", recruitment_demo),
    ("Development", development_demo),
    ("Communications", communications_demo),
    ("Assurance", assurance_demo),
)


class Command(BaseCommand):
    help = "Load a realistic demo ICB (idempotent): each app's part, core first."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data has known passwords and is never loaded in production.")
        for name, part in PARTS:
            with transaction.atomic():
                part.load(stdout=self.stdout)
            self.stdout.write(f"Demo data loaded: {name}")
        self.stdout.write(self.style.SUCCESS("Demo ICB ready."))
