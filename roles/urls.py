from django.urls import path

from ccpl.pagecache import cached_public_page

from .views import manage, public, role

app_name = "roles"

urlpatterns = [
    # Public
    path("", cached_public_page(public.RegisterView.as_view()), name="public_list"),
    path("register.csv", cached_public_page(public.register_csv), name="register_csv"),
    path("register.json", cached_public_page(public.register_json), name="register_json"),
    path("diversity/", cached_public_page(public.diversity), name="diversity"),
    path("diversity.csv", cached_public_page(public.diversity_csv), name="diversity_csv"),
    # Staff
    path("manage/", manage.RoleListView.as_view(), name="role_list"),
    path("manage/new/", role.role_create, name="role_create"),
    path("manage/due/", manage.due, name="due"),
    path("manage/review/", manage.register_review, name="register_review"),
    path("manage/functions/", manage.function_list, name="function_list"),
    path("manage/functions/new/", manage.function_create, name="function_create"),
    path("manage/functions/<int:pk>/edit/", manage.function_edit, name="function_edit"),
    path("manage/link-roles/", manage.link_role_list, name="link_role_list"),
    path("manage/link-roles/new/", manage.link_role_create, name="link_role_create"),
    path("manage/link-roles/<int:pk>/edit/", manage.link_role_edit, name="link_role_edit"),
    path("manage/link-roles/<int:pk>/remove/", manage.link_role_remove, name="link_role_remove"),
    path("manage/snapshots/", manage.snapshot_list, name="snapshot_list"),
    path("manage/snapshots/take/", manage.snapshot_take, name="snapshot_take"),
    path("manage/<int:pk>/", role.role_detail, name="role_detail"),
    path("manage/<int:pk>/edit/", role.role_edit, name="role_edit"),
    path("manage/<int:pk>/appoint/", role.appointment_create, name="appointment_create"),
    path("manage/<int:pk>/job-descriptions/new/", role.jd_create, name="jd_create"),
    path("manage/<int:pk>/seats/new/", role.seat_add, name="seat_add"),
    path("manage/seats/<int:pk>/remove/", role.seat_remove, name="seat_remove"),
    path("manage/job-descriptions/<int:pk>/", role.jd_detail, name="jd_detail"),
    path("manage/appointments/<int:pk>/end/", role.appointment_end, name="appointment_end"),
    path("manage/appointments/<int:pk>/edit/", role.appointment_edit, name="appointment_edit"),
    path(
        "manage/appointments/<int:pk>/development/",
        role.development_edit,
        name="development_edit",
    ),
]
