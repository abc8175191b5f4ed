from django.urls import path

from . import views

app_name = "ccpl"

urlpatterns = [
    path("profile/", views.my_profile, name="my_profile"),
    path("profile/equality/", views.my_equality_profile, name="my_equality_profile"),
    path("manage/people/", views.PersonListView.as_view(), name="person_list"),
    path(
        "manage/history/<int:content_type_id>/<int:object_id>/",
        views.object_history,
        name="object_history",
    ),
]
