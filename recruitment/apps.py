from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "recruitment"

    def ready(self):
        from ccpl import snapshots

        from . import (
            rules,  # noqa: F401 - registers the permissions
            selectors,
        )

        # Applicants join the core's diversity snapshots, beside role holders.
        snapshots.register_population(
            selectors.APPLICANTS, label="Applicants", people=selectors.applicants
        )
