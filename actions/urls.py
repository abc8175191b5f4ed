from django.urls import path

from ccpl.pagecache import cached_public_page

from . import views, views_public

app_name = "actions"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("progress/", cached_public_page(views_public.public_plan), name="public_plan"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:plan_pk>/", views.plan_overview, name="plan_overview"),
    path("plans/<int:plan_pk>/actions/", views.ActionListView.as_view(), name="action_list"),
    path("plans/<int:plan_pk>/timeline/", views.timeline, name="timeline"),
    path("plans/<int:plan_pk>/council-report/", views.council_report, name="council_report"),
    path("<int:pk>/", views.action_detail, name="action_detail"),
    path("updates/<int:pk>/evidence/", views.evidence_download, name="evidence_download"),
    path("manage/plans/new/", views.plan_create, name="plan_create"),
    path("manage/plans/import/", views.plan_import, name="plan_import"),
    path(
        "manage/plans/import/template.csv",
        views.plan_import_template,
        name="plan_import_template",
    ),
    path("manage/plans/<int:plan_pk>/edit/", views.plan_edit, name="plan_edit"),
    path("manage/plans/<int:plan_pk>/approve/", views.plan_approve, name="plan_approve"),
    path("manage/plans/<int:plan_pk>/refresh/", views.plan_refresh, name="plan_refresh"),
    path("manage/plans/<int:plan_pk>/actions/new/", views.action_create, name="action_create"),
    path("manage/actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path(
        "manage/actions/<int:pk>/progress/", views.progress_update_add, name="progress_update_add"
    ),
    path(
        "manage/updates/<int:pk>/publish/",
        views_public.progress_update_publish,
        name="progress_update_publish",
    ),
    path(
        "manage/decisions/<int:decision_pk>/new-action/",
        views.action_from_decision,
        name="action_from_decision",
    ),
]
