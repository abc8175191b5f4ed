"""The public catalogue at /development/ and the staff pages at /development/manage/ (a
person's own mentoring is under /profile/: ``development.profile_urls``).

Mounted with ``path("development/", include("development.urls"))``.
"""

from django.urls import path

from ccpl.pagecache import cached_public_page

from .views import manage, mentoring, public

app_name = "development"

M = "manage/"

urlpatterns = [
    path("", cached_public_page(public.catalogue), name="catalogue"),
    path("<int:pk>/", cached_public_page(public.offer_detail), name="offer_detail"),
    path(M, manage.OfferListView.as_view(), name="offer_list"),
    path(M + "new/", manage.offer_create, name="offer_create"),
    path(M + "cohorts/", manage.CohortListView.as_view(), name="cohort_list"),
    path(M + "<int:pk>/", manage.offer_manage, name="offer_manage"),
    path(M + "<int:pk>/edit/", manage.offer_edit, name="offer_edit"),
    path(M + "<int:pk>/cohorts/new/", manage.cohort_create, name="cohort_create"),
    path(M + "cohorts/<int:pk>/edit/", manage.cohort_edit, name="cohort_edit"),
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
