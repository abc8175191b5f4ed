from django.urls import path

from . import views

app_name = "roles"

urlpatterns = [
    # Public
    path("", views.RegisterView.as_view(), name="public_list"),
    path("register.csv", views.register_csv, name="register_csv"),
    path("register.json", views.register_json, name="register_json"),
    path("diversity/", views.diversity, name="diversity"),
    path("diversity.csv", views.diversity_csv, name="diversity_csv"),
    # Staff
    path("manage/", views.RoleListView.as_view(), name="role_list"),
    path("manage/new/", views.role_create, name="role_create"),
    path("manage/due/", views.due, name="due"),
    path("manage/review/", views.register_review, name="register_review"),
    path("manage/functions/", views.function_list, name="function_list"),
    path("manage/functions/new/", views.function_create, name="function_create"),
    path("manage/functions/<int:pk>/edit/", views.function_edit, name="function_edit"),
    path("manage/link-roles/", views.link_role_list, name="link_role_list"),
    path("manage/link-roles/new/", views.link_role_create, name="link_role_create"),
    path("manage/link-roles/<int:pk>/edit/", views.link_role_edit, name="link_role_edit"),
    path("manage/link-roles/<int:pk>/remove/", views.link_role_remove, name="link_role_remove"),
    path("manage/snapshots/", views.snapshot_list, name="snapshot_list"),
    path("manage/snapshots/take/", views.snapshot_take, name="snapshot_take"),
    path("manage/<int:pk>/", views.role_detail, name="role_detail"),
    path("manage/<int:pk>/edit/", views.role_edit, name="role_edit"),
    path("manage/<int:pk>/appoint/", views.appointment_create, name="appointment_create"),
    path("manage/<int:pk>/job-descriptions/new/", views.jd_create, name="jd_create"),
    path("manage/<int:pk>/seats/new/", views.seat_add, name="seat_add"),
    path("manage/seats/<int:pk>/remove/", views.seat_remove, name="seat_remove"),
    path("manage/job-descriptions/<int:pk>/", views.jd_detail, name="jd_detail"),
    path("manage/appointments/<int:pk>/end/", views.appointment_end, name="appointment_end"),
    path("manage/appointments/<int:pk>/edit/", views.appointment_edit, name="appointment_edit"),
    path(
        "manage/appointments/<int:pk>/development/",
        views.development_edit,
        name="development_edit",
    ),
]
