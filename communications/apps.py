from django.apps import AppConfig


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = "Communication with leaders"

    def ready(self):
        from forums import hooks as forum_hooks

        from . import forum_selectors, rules  # noqa: F401 - registers the permissions

        forum_hooks.practitioner_items_for_meeting.register(forum_selectors.items_for_meeting)
