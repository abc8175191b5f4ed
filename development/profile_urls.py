"""A person's own mentoring and coaching under /profile/mentoring/ (the
``development_profile`` namespace).

Mounted at the site root: ``path("", include("development.profile_urls"))``.
"""

from django.urls import path

from .views import profile

app_name = "development_profile"

P = "profile/mentoring/"

urlpatterns = [
    path(P, profile.my_mentoring, name="my_mentoring"),
    path(P + "ask/", profile.mentoring_ask, name="mentoring_ask"),
    path(P + "matches/<int:pk>/", profile.match_detail, name="match_detail"),
    path(P + "matches/<int:pk>/check-ins/new/", profile.check_in_create, name="check_in_create"),
    path(P + "matches/<int:pk>/close/", profile.match_close, name="match_close"),
]
