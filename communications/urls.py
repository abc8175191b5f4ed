"""Mounted with ``path("communications/", include("communications.urls"))``."""

from django.urls import path

from .views import archive, manage, preferences

app_name = "communications"

urlpatterns = [
    path("", archive.archive, name="archive"),
    path("bulletins/<int:pk>/", archive.bulletin_detail, name="bulletin_detail"),
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
]
