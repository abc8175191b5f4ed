"""Mount at ``/dashboard/``: ``path("dashboard/", include("dashboard.urls"))``."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
