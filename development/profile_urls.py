"""A leader's own development pages under /profile/ (the ``development_profile`` namespace):
their applications to cohorts, and their mentoring and coaching.

Mounted at the site root: ``path("", include("development.profile_urls"))``; the profile
page itself belongs to ``roles`` and links here through ``roles.hooks.profile_links``.
"""

from django.urls import path

from .views import applications, pipeline, profile

app_name = "development_profile"

P = "profile/mentoring/"

urlpatterns = [
    path("profile/development/", applications.my_applications, name="my_applications"),
    path(
        "profile/development/applications/<int:pk>/withdraw/",
        applications.my_application_withdraw,
        name="my_application_withdraw",
    ),
    path(
        "profile/development/vacancy-alerts/",
        pipeline.vacancy_alerts,
        name="vacancy_alerts",
    ),
    path(P, profile.my_mentoring, name="my_mentoring"),
    path(P + "ask/", profile.mentoring_ask, name="mentoring_ask"),
    path(P + "matches/<int:pk>/", profile.match_detail, name="match_detail"),
    path(P + "matches/<int:pk>/check-ins/new/", profile.check_in_create, name="check_in_create"),
    path(P + "matches/<int:pk>/close/", profile.match_close, name="match_close"),
]
