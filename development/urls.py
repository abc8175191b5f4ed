"""The public catalogue at /development/ (with applying to a cohort) and the staff pages at
/development/manage/ (with selection and the mentoring register); a person's own
applications and mentoring are under /profile/ (``development.profile_urls``).

Mounted with ``path("development/", include("development.urls"))``.
"""

from django.urls import path

from ccpl.pagecache import cached_public_page

from .views import applications, evaluation, manage, mentoring, public, selection

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
