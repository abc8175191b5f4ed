from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        # The report permissions (django-rules' autodiscovery imports reports/rules.py too;
        # importing it here makes them exist whichever way the app is loaded).
        from . import rules  # noqa: F401
