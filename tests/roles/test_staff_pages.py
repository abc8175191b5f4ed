"""Staff role pages: permissions for every page, forms that call the services, CSV."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ccpl.models import Snapshot
from roles.models import Appointment, DevelopmentRecord, JobDescription, LinkRole, Role, Seat
from tests.factories import PersonFactory, PlaceFactory
from tests.forums.factories import ForumFactory

from .factories import (
    AppointmentFactory,
    DevelopmentRecordFactory,
    JobDescriptionFactory,
    LinkRoleFactory,
    RoleFactory,
    RoleFunctionFactory,
    SeatFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects():
    appointment = AppointmentFactory()
    DevelopmentRecordFactory(appointment=appointment)
    role = appointment.role
    return {
        "role": role,
        "appointment": appointment,
        "jd": JobDescriptionFactory(role=role, version=1),
        "seat": SeatFactory(role=role),
        "link": LinkRoleFactory(role=role),
        "function": role.function,
    }


# (url name, object key or None) for every page: read pages, then write pages.
READ_PAGES = [
    ("roles:role_list", None),
    ("roles:due", None),
    ("roles:link_role_list", None),
    ("roles:function_list", None),
    ("roles:snapshot_list", None),
    ("roles:role_detail", "role"),
    ("roles:jd_detail", "jd"),
]
WRITE_PAGES = [
    ("roles:role_create", None),
    ("roles:register_review", None),
    ("roles:function_create", None),
    ("roles:function_edit", "function"),
    ("roles:link_role_create", None),
    ("roles:link_role_edit", "link"),
    ("roles:link_role_remove", "link"),
    ("roles:role_edit", "role"),
    ("roles:appointment_create", "role"),
    ("roles:jd_create", "role"),
    ("roles:seat_add", "role"),
    ("roles:seat_remove", "seat"),
    ("roles:appointment_end", "appointment"),
    ("roles:appointment_edit", "appointment"),
    ("roles:development_edit", "appointment"),
]
PUBLIC_PAGES = [
    "roles:public_list",
    "roles:register_csv",
    "roles:register_json",
    "roles:diversity",
    "roles:diversity_csv",
]


def _url(name, key, objects):
    return reverse(name, kwargs={"pk": objects[key].pk}) if key else reverse(name)


@pytest.mark.parametrize(("name", "key"), READ_PAGES + WRITE_PAGES)
def test_staff_pages_send_anonymous_users_to_sign_in(login, objects, name, key):
    response = login().get(_url(name, key, objects))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("name", "key"), READ_PAGES + WRITE_PAGES)
@pytest.mark.parametrize("kind", ["leader_user", "panel_user"])
def test_staff_pages_refuse_other_user_kinds(request, login, objects, name, key, kind):
    user = request.getfixturevalue(kind)
    assert login(user).get(_url(name, key, objects)).status_code == 403


@pytest.mark.parametrize(("name", "key"), READ_PAGES)
def test_executives_read_staff_pages(login, exec_user, objects, name, key):
    assert login(exec_user).get(_url(name, key, objects)).status_code == 200


@pytest.mark.parametrize(("name", "key"), WRITE_PAGES)
def test_executives_cannot_change_roles(login, exec_user, objects, name, key):
    client = login(exec_user)
    assert client.get(_url(name, key, objects)).status_code == 403
    assert client.post(_url(name, key, objects), {}).status_code == 403


@pytest.mark.parametrize(("name", "key"), READ_PAGES + WRITE_PAGES)
def test_the_ccpl_team_uses_every_page(login, staff_user, objects, name, key):
    assert login(staff_user).get(_url(name, key, objects)).status_code == 200


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_are_open_to_everyone(login, objects, name):
    assert login().get(reverse(name)).status_code == 200


def test_taking_snapshots_is_for_the_ccpl_team(login, staff_user, exec_user):
    url = reverse("roles:snapshot_take")
    assert login().post(url).status_code == 302
    assert login(exec_user).post(url).status_code == 403
    response = login(staff_user).post(url, follow=True)
    assert "Snapshots taken" in response.content.decode()
    assert Snapshot.objects.filter(taken_by=staff_user).count() >= 2
    assert login(staff_user).get(url).status_code == 302  # GET takes nothing


# --- Lists -----------------------------------------------------------------------------


def test_role_list_filters_and_csv(staff_client):
    today = timezone.localdate()
    filled = AppointmentFactory(role__title="Clinical lead, Frailty CPG").role
    overdue = RoleFactory(title="Dental professional lead")
    JobDescriptionFactory(
        role=overdue,
        version=1,
        approved_on=today - timedelta(days=500),
        review_due_on=today - timedelta(days=135),
    )
    url = reverse("roles:role_list")
    html = staff_client.get(url).content.decode()
    assert "Filled" in html and "Vacant" in html and "Overdue" in html
    html = staff_client.get(url, {"status": "vacant"}).content.decode()
    assert "Dental professional lead" in html and filled.title not in html
    html = staff_client.get(url, {"job_description": "overdue"}).content.decode()
    assert "Dental professional lead" in html and filled.title not in html
    html = staff_client.get(url, {"job_description": "missing"}).content.decode()
    assert filled.title in html and "Dental professional lead" not in html
    response = staff_client.get(url, {"_export": "csv", "status": "filled"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Role", "Function", "Level", "Place"]
    assert [row[0] for row in rows[1:]] == [filled.title]
    assert "Filled" in rows[1]


def test_due_lists(staff_client):
    today = timezone.localdate()
    jd = JobDescriptionFactory(
        approved_on=today - timedelta(days=330), review_due_on=today + timedelta(days=30)
    )
    ending = AppointmentFactory(planned_end_on=today + timedelta(days=45))
    AppointmentFactory(planned_end_on=today + timedelta(days=200))
    late = DevelopmentRecordFactory(
        appointment__starts_on=today - timedelta(days=800),
        last_appraisal_on=today - timedelta(days=400),
        next_appraisal_due_on=today - timedelta(days=35),
    )
    html = staff_client.get(reverse("roles:due")).content.decode()
    assert jd.role.title in html
    assert ending.person.full_name in html
    assert late.appointment.person.full_name in html
    assert timezone.localdate().strftime("%Y") in html


def test_each_due_list_is_paged_on_its_own(staff_client):
    """A large ICB has hundreds of appointments ending at once: each worklist shows 25 a
    page, and paging one leaves the others where they are."""
    today = timezone.localdate()
    for days in range(1, 31):
        AppointmentFactory(planned_end_on=today + timedelta(days=days))
    first = staff_client.get(reverse("roles:due")).content.decode()
    assert "Showing 1 to 25 of 30" in first
    assert 'aria-label="Pagination: Appointments ending"' in first
    assert "?endings=2" in first
    second = staff_client.get(reverse("roles:due"), {"endings": "2"}).content.decode()
    assert "Showing 26 to 30 of 30" in second
    assert 'aria-current="page">2<' in second


# --- Forms -----------------------------------------------------------------------------


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_add_and_change_a_role(staff_client):
    function = RoleFunctionFactory()
    place = PlaceFactory()
    url = reverse("roles:role_create")
    data = {
        "title": "AHP lead, Forest of Dean ILP",
        "function": function.pk,
        "level": "place",
        "sessional_time": "7.5",
        "time_unit": "hours",
        "accountable_to": "cno",
        "term_months": "36",
        "is_active": "on",
    }
    response = staff_client.post(url, data)
    assert "Select the Place this role covers" in response.content.decode()
    response = staff_client.post(url, data | {"place": place.pk})
    role = Role.objects.get()
    assert response.status_code == 302 and response["Location"] == role.get_absolute_url()
    assert role.time_display == "7.5 hours a week"
    response = staff_client.post(
        reverse("roles:role_edit", kwargs={"pk": role.pk}),
        data | {"place": place.pk, "title": "AHP lead, Forest of Dean"},
    )
    role.refresh_from_db()
    assert role.title == "AHP lead, Forest of Dean"


def test_appoint_end_and_reappoint_through_the_forms(staff_client):
    role = RoleFactory(title="Clinical lead, Frailty CPG")
    first, second = PersonFactory(), PersonFactory()
    url = reverse("roles:appointment_create", kwargs={"pk": role.pk})
    page = staff_client.get(url).content.decode()
    assert "Appoint someone to this role" in page and "PAs a week" in page
    response = staff_client.post(url, {"person": first.pk, **_date("starts_on", date(2025, 4, 1))})
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.planned_end_on == date(2028, 3, 31)

    response = staff_client.post(url, {"person": second.pk, **_date("starts_on", date(2026, 4, 1))})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "holds this role" in html
    assert Appointment.objects.count() == 1

    end_url = reverse("roles:appointment_end", kwargs={"pk": appointment.pk})
    response = staff_client.post(end_url, _date("ended_on", date(2026, 3, 31)))
    assert "Select reason for leaving" in response.content.decode()
    response = staff_client.post(
        end_url, {**_date("ended_on", date(2026, 3, 31)), "leaving_reason": "end_of_term"}
    )
    assert response.status_code == 302
    response = staff_client.post(url, {"person": second.pk, **_date("starts_on", date(2026, 4, 1))})
    assert response.status_code == 302
    assert Appointment.objects.count() == 2
    detail = staff_client.get(role.get_absolute_url()).content.decode()
    assert second.full_name in detail and "Came to the end of the term" in detail


def test_development_record_and_appointment_time(staff_client):
    appointment = AppointmentFactory(starts_on=date(2025, 1, 1))
    url = reverse("roles:development_edit", kwargs={"pk": appointment.pk})
    response = staff_client.post(
        url,
        {
            **_date("induction_completed_on", date(2025, 2, 1)),
            **_date("last_appraisal_on", date(2026, 1, 10)),
            **_date("next_appraisal_due_on", date(2025, 12, 1)),
            "mentoring": "taken_up",
            "shadowing": "offered",
        },
    )
    assert "Next appraisal must be after the last one" in response.content.decode()
    response = staff_client.post(
        url,
        {
            **_date("induction_completed_on", date(2025, 2, 1)),
            **_date("last_appraisal_on", date(2026, 1, 10)),
            **_date("next_appraisal_due_on", date(2027, 1, 10)),
            "mentoring": "taken_up",
            "shadowing": "offered",
        },
    )
    assert response.status_code == 302
    assert DevelopmentRecord.objects.get().mentoring == "taken_up"
    response = staff_client.post(
        reverse("roles:appointment_edit", kwargs={"pk": appointment.pk}),
        {"funded_time": "2", "protected_time": "1"},
    )
    assert response.status_code == 302
    detail = staff_client.get(appointment.role.get_absolute_url()).content.decode()
    assert "1 PA a week" in detail and "2 PAs a week" in detail


def test_job_description_versions_through_the_form(staff_client):
    role = RoleFactory()
    url = reverse("roles:jd_create", kwargs={"pk": role.pk})
    assert "We put people and communities first" in staff_client.get(url).content.decode()
    data = {
        "purpose": "Lead frailty work.",
        "responsibilities": "Chair the group.",
        "person_specification": "Registered professional.",
        "values_and_behaviours": "Together.",
        "approved_by": "Chief Medical Officer",
        **_date("approved_on", date(2026, 1, 5)),
        **_date("review_due_on", date(2027, 6, 1)),
    }
    response = staff_client.post(url, data)
    assert "at least once a year" in response.content.decode()
    for part in ("day", "month", "year"):
        data.pop(f"review_due_on_{part}")
    assert staff_client.post(url, data).status_code == 302
    assert staff_client.post(url, data | {"purpose": "Lead it better."}).status_code == 302
    assert list(JobDescription.objects.values_list("version", flat=True)) == [2, 1]
    assert "Lead it better." in staff_client.get(url).content.decode()  # starts from current


def test_seats_add_and_remove(staff_client):
    role, forum = RoleFactory(), ForumFactory(name="System Senate")
    url = reverse("roles:seat_add", kwargs={"pk": role.pk})
    assert staff_client.post(url, {"forum": forum.pk, "capacity": "member"}).status_code == 302
    # A forum the role already sits on is not offered again.
    response = staff_client.post(url, {"forum": forum.pk, "capacity": "member"})
    assert "Select a valid choice" in response.content.decode()
    seat = Seat.objects.get()
    response = staff_client.post(reverse("roles:seat_remove", kwargs={"pk": seat.pk}))
    assert response.status_code == 302 and not Seat.objects.exists()


def test_link_roles_add_change_remove(staff_client):
    role = RoleFactory()
    url = reverse("roles:link_role_create")
    assert str(role.pk) in staff_client.get(url, {"role": role.pk}).content.decode()
    response = staff_client.post(url, {"kind": "bi", "name": "Sam Fletcher"})
    assert "Choose the role they support, or enter the programme" in response.content.decode()
    assert (
        staff_client.post(url, {"kind": "bi", "name": "Sam Fletcher", "role": role.pk}).status_code
        == 302
    )
    link = LinkRole.objects.get()
    edit = reverse("roles:link_role_edit", kwargs={"pk": link.pk})
    staff_client.post(edit, {"kind": "finance", "name": "Sam Fletcher", "programme": "Frailty"})
    link.refresh_from_db()
    assert link.kind == "finance" and link.programme == "Frailty"
    staff_client.post(reverse("roles:link_role_remove", kwargs={"pk": link.pk}))
    assert not LinkRole.objects.exists()


def test_functions_and_register_review(staff_client):
    url = reverse("roles:function_create")
    data = {"name": "Leading population health in a locality", "short_name": "Locality", "order": 2}
    assert staff_client.post(url, data).status_code == 302
    html = staff_client.get(reverse("roles:function_list")).content.decode()
    assert "Leading population health in a locality" in html
    response = staff_client.post(
        reverse("roles:register_review"), _date("reviewed_on", date(2026, 2, 3))
    )
    assert response.status_code == 302
    public = staff_client.get(reverse("roles:public_list")).content.decode()
    assert "3 February 2026" in public


def test_role_detail_shows_history_of_holders_and_development(staff_client, objects):
    role = objects["role"]
    AppointmentFactory(
        role=role,
        starts_on=date(2020, 1, 1),
        ended_on=date(2022, 12, 31),
        leaving_reason="resigned",
    )
    html = staff_client.get(role.get_absolute_url()).content.decode()
    assert objects["appointment"].person.full_name in html
    assert "Past holders" in html and "Resigned" in html and "31 December 2022" in html
    assert "Version 1" in html and objects["seat"].forum.name in html
    assert objects["link"].name in html
    assert "Induction" in html and "View change history" in html


def test_admin_lists_roles_and_keeps_appointments_read_only(login, sysadmin_user, objects):
    client = login(sysadmin_user)
    for model in ("role", "rolefunction", "jobdescription", "appointment", "linkrole"):
        assert client.get(reverse(f"admin:roles_{model}_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:roles_role_change", args=[objects["role"].pk])).status_code == 200
    )
    assert client.get(reverse("admin:roles_appointment_add")).status_code == 403


# --- The role list from the cache (ccpl.fragments) ------------------------------------------


def test_cached_role_list_shows_a_write_at_once(login, staff_user, exec_user):
    from roles import services

    role = RoleFactory(title="Lead for frailty")
    url = reverse("roles:role_list")
    staff = login(staff_user)
    assert "Lead for frailty" in staff.get(url).content.decode()
    assert "Lead for frailty" in staff.get(url).content.decode()  # from the cache
    services.role_update(user=staff_user, role=role, title="Lead for ageing well")
    for client in (staff, login(exec_user)):
        html = client.get(url).content.decode()
        assert "Lead for ageing well" in html and "Lead for frailty" not in html


def test_cached_role_list_keeps_filters_sorting_and_pages_apart(login, staff_user):
    RoleFactory(title="Lead for frailty")
    RoleFactory(title="Lead for sepsis")
    url = reverse("roles:role_list")
    staff = login(staff_user)
    assert "Lead for sepsis" in staff.get(url).content.decode()
    filtered = staff.get(url, {"q": "frailty"}).content.decode()
    assert "Lead for frailty" in filtered and "Lead for sepsis" not in filtered
    # The export is never taken from the cached page.
    export = staff.get(url, {"q": "frailty", "_export": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    assert "Lead for frailty" in b"".join(export.streaming_content).decode()
