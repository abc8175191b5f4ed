from django.apps import AppConfig


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = "Communication with leaders"

    def ready(self):
        from actions import hooks as action_hooks
        from forums import hooks as forum_hooks

        from . import forum_selectors, rules  # noqa: F401 - registers the permissions

        forum_hooks.practitioner_items_for_meeting.register(forum_selectors.items_for_meeting)
        action_hooks.practitioner_items_for_action.register(forum_selectors.items_for_action)
