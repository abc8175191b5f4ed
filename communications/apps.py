from django.apps import AppConfig


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = "Communication with leaders"

    def ready(self):
        from . import rules  # noqa: F401 - registers the permissions
