"""Mounted with ``path("communications/", include("communications.urls"))``."""

from django.urls import path

from .views import manage, preferences

app_name = "communications"

urlpatterns = [
    path("preferences/", preferences.my_preferences, name="my_preferences"),
    path("preferences/<str:token>/", preferences.preferences_by_link, name="preferences_by_link"),
    path("unsubscribe/<str:token>/", preferences.unsubscribe, name="unsubscribe"),
    path(
        "unsubscribe/<str:token>/one-click/",
        preferences.unsubscribe_one_click,
        name="unsubscribe_one_click",
    ),
    path("manage/audience/", manage.audience, name="audience"),
]
