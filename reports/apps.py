from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        # The report permissions (django-rules' autodiscovery imports reports/rules.py too;
        # importing it here makes them exist whichever way the app is loaded).
        from assurance import hooks as assurance_hooks

        from . import rules, selectors  # noqa: F401

        assurance_hooks.report_versions.register(selectors.versions_for_evidence)
