"""The public catalogue at /development/ and the staff pages at /development/manage/.

Mounted with ``path("development/", include("development.urls"))``.
"""

from django.urls import path

from ccpl.pagecache import cached_public_page

from .views import manage, public

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
]
