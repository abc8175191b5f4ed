"""A leader's own development pages under /profile/ (the ``development_profile`` namespace).

Mounted at the site root: ``path("", include("development.profile_urls"))``; the profile
page itself belongs to ``roles`` and links here through ``roles.hooks.profile_links``.
"""

from django.urls import path

from .views import applications

app_name = "development_profile"

urlpatterns = [
    path("profile/development/", applications.my_applications, name="my_applications"),
    path(
        "profile/development/applications/<int:pk>/withdraw/",
        applications.my_application_withdraw,
        name="my_application_withdraw",
    ),
]
