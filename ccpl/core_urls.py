from django.urls import path

from . import views

app_name = "ccpl"

urlpatterns = [
    path("profile/details/", views.my_profile_edit, name="my_profile_edit"),
    path("profile/equality/", views.my_equality_profile, name="my_equality_profile"),
    path("manage/people/", views.PersonListView.as_view(), name="person_list"),
    path("manage/people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("manage/people/add/", views.person_add, name="person_add"),
    path("manage/people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("manage/people/<int:pk>/invite/", views.person_invite, name="person_invite"),
    path(
        "manage/people/<int:pk>/invitations/<int:invitation_pk>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path("manage/people/<int:pk>/access/", views.person_kinds, name="person_kinds"),
    path("manage/people/<int:pk>/deactivate/", views.person_deactivate, name="person_deactivate"),
    path("manage/people/<int:pk>/reactivate/", views.person_reactivate, name="person_reactivate"),
    path("manage/people/<int:pk>/email/", views.person_email_change, name="person_email_change"),
    path(
        "profile/email/confirm/<str:token>/",
        views.email_change_confirm,
        name="email_change_confirm",
    ),
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
