"""Mount at ``/reports/``: ``path("reports/", include("ccpl.reports.urls"))``."""

from django.urls import path

from .views import reports

app_name = "reports"

urlpatterns = [
    path("", reports.report_list, name="report_list"),
    path("new/<slug:kind>/", reports.report_request, name="report_request"),
    path("<int:pk>/", reports.report_detail, name="report_detail"),
    path("<int:pk>/progress.json", reports.report_progress, name="report_progress"),
    path("<int:pk>/download/", reports.report_download, name="report_download"),
    path("<int:pk>/regenerate/", reports.report_regenerate, name="report_regenerate"),
    path("<int:pk>/sign-off/", reports.report_sign_off, name="report_sign_off"),
]
