"""Mount at ``/reports/``: ``path("reports/", include("reports.urls"))``."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("new/<slug:kind>/", views.report_request, name="report_request"),
    path("board/", views.board_pack_list, name="board_pack_list"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/progress.json", views.report_progress, name="report_progress"),
    path("<int:pk>/page/", views.report_page, name="report_page"),
    path("<int:pk>/download/", views.report_download, name="report_download"),
    path("<int:pk>/regenerate/", views.report_regenerate, name="report_regenerate"),
    path("<int:pk>/sign-off/", views.report_sign_off, name="report_sign_off"),
]
