"""Mounted with ``path("communications/", include("communications.urls"))``."""

from django.urls import path

from .views import archive, cascade, forum, manage, preferences

app_name = "communications"

urlpatterns = [
    path("", archive.archive, name="archive"),
    path("bulletins/<int:pk>/", archive.bulletin_detail, name="bulletin_detail"),
    path(
        "bulletins/<int:pk>/attachments/<int:attachment_pk>/",
        archive.attachment_download,
        name="attachment_download",
    ),
    path(
        "bulletins/<int:pk>/forward/<int:network_pk>/",
        cascade.bulletin_forward,
        name="bulletin_forward",
    ),
    path("networks/", cascade.network_list, name="network_list"),
    path("networks/confirm/<str:token>/", cascade.network_confirm, name="network_confirm"),
    path("networks/leave/<str:token>/", cascade.network_leave, name="network_leave"),
    path(
        "networks/leave/<str:token>/one-click/",
        cascade.network_leave_one_click,
        name="network_leave_one_click",
    ),
    path("networks/<slug:slug>/join/", cascade.network_join, name="network_join"),
    path("networks/<slug:slug>/join/sent/", cascade.network_join_sent, name="network_join_sent"),
    path("preferences/", preferences.my_preferences, name="my_preferences"),
    path("preferences/<str:token>/", preferences.preferences_by_link, name="preferences_by_link"),
    path("unsubscribe/<str:token>/", preferences.unsubscribe, name="unsubscribe"),
    path(
        "unsubscribe/<str:token>/one-click/",
        preferences.unsubscribe_one_click,
        name="unsubscribe_one_click",
    ),
    path("manage/", manage.bulletin_list, name="manage"),
    path("manage/new/", manage.bulletin_create, name="bulletin_create"),
    path("manage/audience/", manage.audience, name="audience"),
    path("manage/<int:pk>/", manage.bulletin_manage, name="bulletin_manage"),
    path("manage/<int:pk>/edit/", manage.bulletin_edit, name="bulletin_edit"),
    path("manage/<int:pk>/send/", manage.bulletin_send, name="bulletin_send"),
    path("manage/<int:pk>/schedule/", manage.bulletin_schedule, name="bulletin_schedule"),
    path("manage/<int:pk>/unschedule/", manage.bulletin_unschedule, name="bulletin_unschedule"),
    path("manage/<int:pk>/attachments/new/", manage.attachment_add, name="attachment_add"),
    path(
        "manage/<int:pk>/attachments/<int:attachment_pk>/remove/",
        manage.attachment_remove,
        name="attachment_remove",
    ),
    path("manage/networks/", cascade.network_manage_list, name="network_manage_list"),
    path("manage/networks/new/", cascade.network_create, name="network_create"),
    path("manage/networks/<int:pk>/", cascade.network_manage, name="network_manage"),
    path("manage/networks/<int:pk>/edit/", cascade.network_edit, name="network_edit"),
    path("forum/", forum.forum, name="forum"),
    path("forum/new/", forum.item_new, name="forum_new"),
    path("forum/<int:pk>/", forum.item_detail, name="forum_item"),
    path("forum/<int:pk>/support/", forum.item_support, name="forum_support"),
    path("forum/<int:pk>/comment/", forum.item_comment, name="forum_comment"),
    path("manage/forum/", forum.manage, name="forum_manage"),
    path("manage/forum/figures/", forum.figures, name="forum_figures"),
    path("manage/forum/<int:pk>/", forum.manage_item, name="forum_manage_item"),
    path("manage/forum/<int:pk>/accept/", forum.manage_accept, name="forum_accept"),
    path("manage/forum/<int:pk>/hide/", forum.manage_hide, name="forum_hide"),
    path("manage/forum/<int:pk>/merge/", forum.manage_merge, name="forum_merge"),
    path("manage/forum/<int:pk>/route/", forum.manage_route, name="forum_route"),
    path("manage/forum/<int:pk>/answer/", forum.manage_answer, name="forum_answer"),
    path("manage/forum/<int:pk>/act/", forum.manage_act, name="forum_act"),
    path(
        "manage/forum/comments/<int:pk>/hide/",
        forum.manage_comment_hide,
        name="forum_comment_hide",
    ),
]
