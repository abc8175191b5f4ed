from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "assurance"
    verbose_name = "Assurance against the five principles"

    def ready(self):
        from . import rules  # noqa: F401 - registers the permissions
