from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo ICB: one command on top of every app (it imports each app's ``demo.load``)."""

    name = "demo"
    verbose_name = "Demo ICB"
