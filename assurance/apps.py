from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "assurance"
    verbose_name = "Assurance against the five principles"

    def ready(self):
        from ccpl.services import one_time_link_register

        from . import peer_services, rules  # noqa: F401 - registers the permissions

        one_time_link_register(peer_services.LINK_KIND, peer_services.review_link)
