from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "development"
    verbose_name = "Development offer"

    def ready(self):
        from . import rules  # noqa: F401 - registers the permissions
