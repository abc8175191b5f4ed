"""Running a cohort: sessions and their registers, completion, the project lab; the rules of
each write, who reaches which page, and the promise that a leader sees only their own
attendance and completion."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from development import cohort_selectors, cohort_services
from development.models import Attendance, Cohort, CohortApplication, CohortProject, Completion
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.factories import PlaceFactory, UserFactory

from .factories import CohortApplicationFactory, CohortFactory, running_cohort, selected

pytestmark = pytest.mark.django_db

P, A, X = Attendance.Status.PRESENT, Attendance.Status.APOLOGIES, Attendance.Status.ABSENT


def _session(cohort, days_ago=7, **kwargs):
    values = {"title": "Day 1", "venue": "Shire Hall, Gloucester", "online": False, **kwargs}
    return cohort_services.session_create(
        user=None,
        cohort=cohort,
        held_on=timezone.localdate() - timedelta(days=days_ago),
        **values,
    )


# --- Services ------------------------------------------------------------------------------


def test_a_session_falls_within_the_cohort_and_has_a_venue_or_is_online():
    cohort = running_cohort()
    with pytest.raises(ValidationError) as error:
        _session(cohort, days_ago=40)
    assert "within the cohort's dates" in str(error.value)
    with pytest.raises(ValidationError) as error:
        _session(cohort, venue="", online=False)
    assert "Enter a venue, or say that the session is online" in str(error.value)
    session = _session(cohort, venue="", online=True)
    assert session.where == "Online"
    cohort.status = Cohort.Status.CANCELLED
    cohort.save()
    with pytest.raises(ValidationError, match="cancelled"):
        _session(cohort)


def test_attendance_only_for_selected_participants_of_a_held_session_with_history():
    staff = UserFactory()
    cohort = running_cohort()
    one, two = selected(cohort), selected(cohort)
    waiting = CohortApplicationFactory(cohort=cohort)
    other = selected(running_cohort())
    session = _session(cohort)
    for outsider in (waiting, other):
        with pytest.raises(ValidationError, match="only be recorded for the cohort's participants"):
            cohort_services.attendance_record(
                user=staff, session=session, marks={one.pk: P, outsider.pk: P}
            )
    assert not Attendance.objects.exists()  # nothing half-saved
    assert (
        cohort_services.attendance_record(user=staff, session=session, marks={one.pk: P, two.pk: A})
        == 2
    )
    assert (
        cohort_services.attendance_record(user=staff, session=session, marks={one.pk: P, two.pk: X})
        == 1
    )
    row = Attendance.objects.get(application=two)
    assert row.status == X
    assert row.history.count() == 2 and row.history.first().history_user == staff
    future = _session(cohort, days_ago=-3)
    with pytest.raises(ValidationError, match="has not been held yet"):
        cohort_services.attendance_record(user=staff, session=future, marks={one.pk: P})
    with pytest.raises(ValidationError):
        cohort_services.attendance_record(user=staff, session=session, marks={one.pk: "late"})


def test_completion_rules():
    staff = UserFactory()
    today = timezone.localdate()
    cohort = running_cohort()
    participant = selected(cohort)
    with pytest.raises(ValidationError, match="Only a selected participant"):
        cohort_services.completion_record(
            user=staff,
            application=CohortApplicationFactory(cohort=cohort),
            outcome=Completion.Outcome.COMPLETED,
            completed_on=today,
        )
    with pytest.raises(ValidationError) as error:
        cohort_services.completion_record(
            user=staff,
            application=participant,
            outcome=Completion.Outcome.DID_NOT_COMPLETE,
            completed_on=today,
            reason="  ",
        )
    assert error.value.message_dict == {"reason": ["Enter why they did not complete"]}
    for day in (cohort.starts_on - timedelta(days=1), today + timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            cohort_services.completion_record(
                user=staff,
                application=participant,
                outcome=Completion.Outcome.COMPLETED,
                completed_on=day,
            )
        assert "completed_on" in error.value.message_dict
    not_started = selected(CohortFactory())
    with pytest.raises(ValidationError, match="Record completion once it has started"):
        cohort_services.completion_record(
            user=staff,
            application=not_started,
            outcome=Completion.Outcome.COMPLETED,
            completed_on=today,
        )
    done = cohort_services.completion_record(
        user=staff,
        application=participant,
        outcome=Completion.Outcome.DID_NOT_COMPLETE,
        completed_on=today,
        reason="Moved away.",
    )
    again = cohort_services.completion_record(
        user=staff,
        application=participant,
        outcome=Completion.Outcome.COMPLETED,
        completed_on=today,
        reason="ignored",
    )
    assert again.pk == done.pk and again.reason == "" and again.recorded_by == staff
    assert again.history.count() == 2


def test_a_project_has_a_place_or_a_neighbourhood_and_may_name_an_action():
    cohort = running_cohort()
    base = {"title": "Frailty huddles", "sponsor": "Place director", "status": "planned"}
    with pytest.raises(ValidationError) as error:
        cohort_services.project_create(user=None, cohort=cohort, **base)
    assert error.value.message_dict == {
        "neighbourhood": ["Select a Place or enter a neighbourhood"]
    }
    action = ActionFactory()
    project = cohort_services.project_create(
        user=None, cohort=cohort, neighbourhood="Cinderford", action=action, **base
    )
    assert project.where == "Cinderford"
    project = cohort_services.project_edit(
        user=None, project=project, place=PlaceFactory(name="Forest of Dean")
    )
    assert project.where == "Cinderford, Forest of Dean"
    assert cohort_selectors.action_projects(action.pk) == [project]
    assert project.history.count() == 2


# --- Pages ---------------------------------------------------------------------------------


def _urls(cohort, session, participant, project):
    return {
        "manage": reverse("development:cohort_manage", args=[cohort.pk]),
        "lab": reverse("development:project_lab", args=[cohort.pk]),
        "session new": reverse("development:session_create", args=[cohort.pk]),
        "session edit": reverse("development:session_edit", args=[session.pk]),
        "register": reverse("development:session_register", args=[session.pk]),
        "completion": reverse("development:completion_record", args=[participant.pk]),
        "project new": reverse("development:project_create", args=[cohort.pk]),
        "project edit": reverse("development:project_edit", args=[project.pk]),
    }


READ = ("manage", "lab")


def _run(cohort=None):
    cohort = cohort or running_cohort()
    participant = selected(cohort, given_name="Grace", family_name="Mensah")
    session = _session(cohort)
    project = cohort_services.project_create(
        user=None,
        cohort=cohort,
        title="Frailty huddles",
        neighbourhood="Cinderford",
        sponsor="Place director",
        status="planned",
    )
    return cohort, session, participant, project


def test_permission_matrix(
    client, staff_client, exec_client, leader_client, panel_client, sysadmin_client
):
    urls = _urls(*_run())
    for name, url in urls.items():
        assert client.get(url).status_code == 302, name
        assert staff_client.get(url).status_code == 200, name
        assert exec_client.get(url).status_code == (200 if name in READ else 403), name
        assert leader_client.get(url).status_code == 403, name
        assert panel_client.get(url).status_code == 403, name
        assert sysadmin_client.get(url).status_code == 403, name
        if name not in READ:
            assert exec_client.post(url, {}).status_code == 403, name


def test_the_team_adds_a_session_takes_the_register_and_records_completion(staff_client):
    cohort, session, grace, _project = _run()
    other = selected(cohort, given_name="Tomasz", family_name="Nowak")
    page = staff_client.get(reverse("development:cohort_manage", args=[cohort.pk])).content
    page = page.decode()
    assert "Day 1" in page and "Not recorded" in page and "Project lab" in page
    held = timezone.localdate() - timedelta(days=2)
    response = staff_client.post(
        reverse("development:session_create", args=[cohort.pk]),
        {
            "title": "Action learning set",
            "held_on_day": held.day,
            "held_on_month": held.month,
            "held_on_year": held.year,
            "venue": "",
            "online": "on",
        },
    )
    assert response.status_code == 302
    register = reverse("development:session_register", args=[session.pk])
    response = staff_client.post(register, {f"p{grace.pk}": P})
    assert response.status_code == 200
    assert "Select whether Tomasz Nowak was present, sent apologies or was absent" in (
        response.content.decode()
    )
    response = staff_client.post(register, {f"p{grace.pk}": P, f"p{other.pk}": A})
    assert response.status_code == 302
    page = staff_client.get(reverse("development:cohort_manage", args=[cohort.pk])).content
    assert "1 of 2 sessions held" in page.decode()
    completion = reverse("development:completion_record", args=[other.pk])
    today = timezone.localdate()
    date = {
        "completed_on_day": today.day,
        "completed_on_month": today.month,
        "completed_on_year": today.year,
    }
    response = staff_client.post(completion, {"outcome": "did_not_complete", **date})
    assert "Enter why they did not complete" in response.content.decode()
    response = staff_client.post(
        completion, {"outcome": "did_not_complete", "reason": "Left the trust.", **date}
    )
    assert response.status_code == 302
    page = staff_client.get(reverse("development:cohort_manage", args=[cohort.pk])).content
    assert "Did not complete" in page.decode() and "Left the trust." in page.decode()


def test_the_project_lab_links_a_project_to_an_action(staff_client, exec_client):
    plan = ActionPlanFactory(status="active")
    action = ActionFactory(plan=plan, code="1.4", title="Help more professions build their voice")
    cohort = running_cohort()
    place = PlaceFactory(name="Gloucester City")
    response = staff_client.post(
        reverse("development:project_create", args=[cohort.pk]),
        {
            "title": "Community pharmacists in the neighbourhood team",
            "place": place.pk,
            "neighbourhood": "",
            "sponsor": "Clinical Director, Inner City Gloucester PCN",
            "status": CohortProject.Status.UNDER_WAY,
            "outcome": "",
            "action": action.pk,
        },
    )
    assert response.status_code == 302
    page = exec_client.get(reverse("development:project_lab", args=[cohort.pk])).content.decode()
    assert "Community pharmacists" in page and "Gloucester City" in page
    assert action.get_absolute_url() in page and "Add a project" not in page
    response = staff_client.post(
        reverse("development:project_create", args=[cohort.pk]),
        {"title": "x", "sponsor": "y", "status": "planned"},
    )
    assert "Select a Place or enter a neighbourhood" in response.content.decode()


def test_a_leader_sees_their_own_cohorts_attendance_and_completion(leader_client, leader_user):
    cohort, session, grace, _project = _run()
    mine = selected(cohort, person=leader_user.person, given_name="Lee", family_name="Leader")
    cohort_services.attendance_record(user=None, session=session, marks={grace.pk: P, mine.pk: A})
    cohort_services.completion_record(
        user=None,
        application=grace,
        outcome=Completion.Outcome.DID_NOT_COMPLETE,
        completed_on=timezone.localdate(),
        reason="A private reason about Grace.",
    )
    page = leader_client.get(reverse("development_profile:my_applications")).content.decode()
    assert "Your cohorts" in page
    assert "You attended 0 of 1 session held so far" in page
    assert "Not recorded yet" in page


def test_attack_a_leader_never_sees_another_participants_attendance_or_completion(
    leader_client, leader_user
):
    """The profile page of a participant shows their own marks only: another participant's
    name, completion reason and attendance never reach it, and the staff pages refuse them."""
    cohort, session, grace, _project = _run()
    mine = selected(cohort, person=leader_user.person, given_name="Lee", family_name="Leader")
    second = _session(cohort, days_ago=3, title="Day 2")
    cohort_services.attendance_record(user=None, session=session, marks={grace.pk: P, mine.pk: X})
    cohort_services.attendance_record(user=None, session=second, marks={grace.pk: P, mine.pk: X})
    cohort_services.completion_record(
        user=None,
        application=grace,
        outcome=Completion.Outcome.DID_NOT_COMPLETE,
        completed_on=timezone.localdate(),
        reason="Zanzibar-private-reason",
    )
    page = leader_client.get(reverse("development_profile:my_applications")).content.decode()
    assert "You attended 0 of 2 sessions held so far" in page  # not Grace's 2
    assert "Mensah" not in page and "Zanzibar-private-reason" not in page
    assert "Did not complete" not in page
    for name in ("session_register", "completion_record"):
        pk = session.pk if name == "session_register" else grace.pk
        assert leader_client.get(reverse(f"development:{name}", args=[pk])).status_code == 403
    assert (
        leader_client.get(reverse("development:cohort_manage", args=[cohort.pk])).status_code == 403
    )


def test_selectors_run_a_fixed_number_of_queries(django_assert_num_queries, leader_user):
    cohort = running_cohort()
    for n in range(2):
        _run(cohort) if n == 0 else None
    for _ in range(3):
        application = selected(cohort, person=None)
        _session(cohort, days_ago=5, title="Another")
        cohort_services.attendance_record(
            user=None,
            session=cohort.sessions.last(),
            marks={application.pk: P},
        )
    selected(cohort, person=leader_user.person)
    with django_assert_num_queries(3):
        run = cohort_selectors.cohort_run(cohort)
    assert len(run["participants"]) == 5 and run["held_count"] == 4
    with django_assert_num_queries(1):
        [mine] = cohort_selectors.person_cohorts(leader_user.person)
    assert mine.held_count == 4 and mine.attended_count == 0
    assert CohortApplication.objects.count() == 5
