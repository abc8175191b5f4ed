from django.apps import AppConfig


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = "Communication with leaders"

    def ready(self):
        from ccpl.services import one_time_link_register

        from . import cascade_services, rules  # noqa: F401 - registers the permissions

        one_time_link_register("network_join", cascade_services.join_link)
