"""Mount at ``/dashboard/``: ``path("dashboard/", include("ccpl.reports.dashboard_urls"))``."""

from django.urls import path

from .views import dashboard

app_name = "dashboard"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
]
