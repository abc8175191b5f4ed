from django.apps import AppConfig


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = "Communication with leaders"

    def ready(self):
        from actions import hooks as action_hooks
        from ccpl.services import one_time_link_register
        from forums import hooks as forum_hooks

        from . import cascade_services, forum_selectors, rules  # noqa: F401 - registers the permissions

        one_time_link_register("network_join", cascade_services.join_link)
        forum_hooks.practitioner_items_for_meeting.register(forum_selectors.items_for_meeting)
        action_hooks.practitioner_items_for_action.register(forum_selectors.items_for_action)
