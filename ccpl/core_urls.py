from django.urls import path

from . import views

app_name = "ccpl"

urlpatterns = [
    path("profile/details/", views.my_profile_edit, name="my_profile_edit"),
    path("profile/equality/", views.my_equality_profile, name="my_equality_profile"),
    path("manage/people/", views.PersonListView.as_view(), name="person_list"),
    path("manage/people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("manage/benchmarks/", views.BenchmarkListView.as_view(), name="benchmark_list"),
    path("manage/emails/", views.EmailListView.as_view(), name="email_list"),
    path("manage/emails/<int:pk>/send-again/", views.email_send_again, name="email_send_again"),
    path("manage/benchmarks/import/", views.benchmark_import, name="benchmark_import"),
    path(
        "manage/history/<int:content_type_id>/<int:object_id>/",
        views.object_history,
        name="object_history",
    ),
]
