"""The signed-in person's profile page at /profile/ (the ``profile`` namespace).

Mounted at the site root: ``path("", include("roles.profile_urls"))``. Its details and
equality pages, which do not read roles, stay in the core (``ccpl:my_profile_edit``,
``ccpl:my_equality_profile``).
"""

from django.urls import path

from .views import profile

app_name = "profile"

urlpatterns = [
    path("profile/", profile.my_profile, name="my_profile"),
]
