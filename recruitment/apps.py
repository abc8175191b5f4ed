from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "recruitment"

    def ready(self):
        from django.db.models.signals import post_delete

        from ccpl import snapshots
        from ccpl.services import equality_answers_forget_on_delete

        from .models import Application

        # An applicant's equality answers go with their application (no foreign key).
        post_delete.connect(
            equality_answers_forget_on_delete,
            sender=Application,
            dispatch_uid="recruitment.application_equality",
        )
        from ccpl import hooks as core_hooks
        from roles import hooks as role_hooks

        from . import (
            rules,  # noqa: F401 - registers the permissions
            selectors,
        )

        # Applicants join the core's diversity snapshots, beside role holders.
        snapshots.register_population(
            selectors.APPLICANTS, label="Applicants", people=selectors.applicants
        )
        # The public role register links a vacant role to its open advert.
        role_hooks.advert_urls.register(selectors.open_advert_urls)
        # An appointee is offered, on their own equality page, the answers they applied with.
        core_hooks.equality_offers.register(selectors.appointee_equality_offers)
