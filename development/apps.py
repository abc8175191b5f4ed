from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "development"
    verbose_name = "Development offer"

    def ready(self):
        from django.db.models.signals import post_delete

        from ccpl import snapshots
        from ccpl.services import equality_answers_forget_on_delete
        from recruitment import hooks as recruitment_hooks
        from roles import hooks as role_hooks
        from surveys import hooks as survey_hooks

        from . import (
            application_selectors,
            evaluation_selectors,
            pipeline_selectors,
            rules,  # noqa: F401 - registers the permissions
            uptake,
        )
        from .models import CohortApplication

        # An applicant's equality answers go with their application (no foreign key).
        post_delete.connect(
            equality_answers_forget_on_delete,
            sender=CohortApplication,
            dispatch_uid="development.application_equality",
        )
        # A leader's profile page links to their development applications.
        role_hooks.profile_development_links.register(
            application_selectors.profile_development_links
        )
        # Participants join the core's diversity publications, beside role holders: their
        # figures are published on the publication points, never live (ADR 4).
        snapshots.register_population(
            uptake.PARTICIPANTS,
            label="Development programme participants",
            people=uptake.participants,
        )
        # Opted-in programme alumni who fit hear of a new advert (through recruitment's
        # one announcement service: one e-mail per person per advert).
        recruitment_hooks.advert_audiences.register(pipeline_selectors.alumni_audience)
        # A cohort evaluation's own results are withheld while it is shown only pooled.
        survey_hooks.results_withheld.register(evaluation_selectors.evaluation_results_withheld)
