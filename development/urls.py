"""The public catalogue at /development/ (with applying to a cohort) and the staff pages at
/development/manage/ (with selection and the mentoring register); a person's own
applications and mentoring are under /profile/ (``development.profile_urls``).

Mounted with ``path("development/", include("development.urls"))``.
"""

from django.urls import path

from ccpl.pagecache import cached_public_page

from .views import (
    applications,
    cohort_run,
    evaluation,
    manage,
    mentoring,
    pipeline,
    public,
    selection,
    uptake,
)

app_name = "development"

M = "manage/"

urlpatterns = [
    path("", cached_public_page(public.catalogue), name="catalogue"),
    path("<int:pk>/", cached_public_page(public.offer_detail), name="offer_detail"),
    path("cohorts/<int:pk>/apply/", applications.cohort_apply, name="cohort_apply"),
    path(
        "cohorts/<int:pk>/apply/equality/",
        applications.cohort_apply_equality,
        name="cohort_apply_equality",
    ),
    path(
        "cohorts/<int:pk>/apply/confirmation/",
        applications.cohort_apply_confirmation,
        name="cohort_apply_confirmation",
    ),
    path(M, manage.OfferListView.as_view(), name="offer_list"),
    path(M + "new/", manage.offer_create, name="offer_create"),
    path(M + "cohorts/", manage.CohortListView.as_view(), name="cohort_list"),
    path(M + "<int:pk>/", manage.offer_manage, name="offer_manage"),
    path(M + "<int:pk>/edit/", manage.offer_edit, name="offer_edit"),
    path(M + "<int:pk>/cohorts/new/", manage.cohort_create, name="cohort_create"),
    path(M + "cohorts/<int:pk>/edit/", manage.cohort_edit, name="cohort_edit"),
    path(M + "cohorts/<int:pk>/", selection.CohortManageView.as_view(), name="cohort_manage"),
    path(
        M + "cohorts/<int:pk>/evaluation/",
        evaluation.evaluation_survey_create,
        name="evaluation_survey_create",
    ),
    path(M + "applications/<int:pk>/", selection.application_manage, name="application_manage"),
    path(
        M + "applications/<int:pk>/decide/",
        selection.application_decide,
        name="application_decide",
    ),
    path(M + "uptake/", uptake.uptake_page, name="uptake"),
    # Running a cohort: sessions and their registers, completion, the project lab.
    path(M + "cohorts/<int:pk>/sessions/new/", cohort_run.session_create, name="session_create"),
    path(M + "sessions/<int:pk>/edit/", cohort_run.session_edit, name="session_edit"),
    path(M + "sessions/<int:pk>/register/", cohort_run.session_register, name="session_register"),
    path(
        M + "applications/<int:pk>/completion/",
        cohort_run.completion_record,
        name="completion_record",
    ),
    path(M + "cohorts/<int:pk>/projects/", cohort_run.project_lab, name="project_lab"),
    path(M + "cohorts/<int:pk>/projects/new/", cohort_run.project_create, name="project_create"),
    path(M + "projects/<int:pk>/edit/", cohort_run.project_edit, name="project_edit"),
    path(M + "pipeline/", pipeline.pipeline, name="pipeline"),
    path(M + "mentoring/", mentoring.mentoring_register, name="mentoring_register"),
    path(M + "mentoring/suggest/", mentoring.matches_suggest, name="matches_suggest"),
    path(M + "mentoring/mentors/new/", mentoring.mentor_create, name="mentor_create"),
    path(M + "mentoring/mentors/<int:pk>/edit/", mentoring.mentor_edit, name="mentor_edit"),
    path(
        M + "mentoring/matches/<int:pk>/confirm/",
        mentoring.match_confirm,
        name="match_confirm",
    ),
]
