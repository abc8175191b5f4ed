from django.urls import path

from ccpl.pagecache import cached_public_page

from . import views

app_name = "forums"

urlpatterns = [
    # Public (each view still declares its audience; papers and feeds check the object).
    path("", cached_public_page(views.public_forum_list), name="public_list"),
    path("map/", cached_public_page(views.governance_map), name="map"),
    path("papers/<int:pk>/", views.paper_download, name="paper_download"),
    # Staff
    path("manage/", views.ForumListView.as_view(), name="forum_list"),
    path("manage/new/", views.forum_create, name="forum_create"),
    path("manage/decisions/", views.DecisionListView.as_view(), name="decision_list"),
    path("manage/membership-mix/", views.membership_mix, name="membership_mix"),
    path(
        "manage/coproduction/",
        views.CoproductionReviewListView.as_view(),
        name="coproduction_list",
    ),
    path("manage/coproduction/new/", views.coproduction_add, name="coproduction_add"),
    path("manage/coproduction/<int:pk>/edit/", views.coproduction_edit, name="coproduction_edit"),
    path(
        "manage/coproduction/<int:pk>/delete/",
        views.coproduction_delete,
        name="coproduction_delete",
    ),
    path("manage/calendar/", views.meeting_calendar, name="calendar"),
    path("manage/meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("manage/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("manage/meetings/<int:pk>/papers/new/", views.paper_upload, name="paper_upload"),
    path("manage/members/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path(
        "manage/reporting-lines/<int:pk>/remove/",
        views.reporting_line_remove,
        name="reporting_line_remove",
    ),
    path("manage/<slug:slug>/", views.forum_detail, name="forum_detail"),
    path("manage/<slug:slug>/edit/", views.forum_edit, name="forum_edit"),
    path("manage/<slug:slug>/remit/", views.forum_remit, name="forum_remit"),
    path("manage/<slug:slug>/terms/new/", views.terms_add, name="terms_add"),
    path(
        "manage/<slug:slug>/reporting-lines/new/",
        views.reporting_line_add,
        name="reporting_line_add",
    ),
    path("manage/<slug:slug>/members/new/", views.membership_add, name="membership_add"),
    path("manage/<slug:slug>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("<slug:slug>/", cached_public_page(views.public_forum_detail), name="public_forum_detail"),
    path("<slug:slug>/meetings.ics", views.forum_calendar_feed, name="calendar_feed"),
]
