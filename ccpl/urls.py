from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views
from .pagecache import cached_public_page

urlpatterns = [
    path("", cached_public_page(views.home), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("email/bounces/", views.email_bounces, name="email_bounces"),
    path("accounts/set-up/<str:token>/", views.account_setup, name="account_setup"),
    path(
        "accounts/set-up/<str:token>/nhsmail/",
        views.account_setup_sso,
        name="account_setup_sso",
    ),
    # allauth's "connected accounts" pages are not offered: an NHSmail identity is linked only
    # through the person's own invitation (docs/security.md, "Single sign-on").
    path("accounts/3rdparty/", views.sso_connections_not_offered),
    path("accounts/3rdparty/<path:rest>", views.sso_connections_not_offered),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("ccpl.core_urls")),
    path("", include("recruitment.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("reports/", include("reports.urls")),
    path("roles/", include("roles.urls")),
    path("", include("roles.profile_urls")),
    path("forums/", include("forums.urls")),
    path("actions/", include("actions.urls")),
    path("surveys/", include("surveys.urls")),
    path("development/", include("development.urls")),
    path("communications/", include("communications.urls")),
    path("assurance/", include("assurance.urls")),
    path("", include("development.profile_urls")),
    path("survey/", include("surveys.respond_urls")),
]

if settings.BENCH:
    urlpatterns.append(path("bench/bare/", views.bench_bare, name="bench_bare"))

# Server errors: a database outage is a 503 "try again in a moment" page.
handler500 = "ccpl.errors.server_error"
