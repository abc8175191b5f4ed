"""Services and models: vacancy derivation, the one-holder rule, job descriptions, audit."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from roles import services
from roles.models import Appointment, DevelopmentRecord, LinkRole, Role, Seat
from tests.factories import PersonFactory, PlaceFactory
from tests.forums.factories import ForumFactory

from .factories import AppointmentFactory, JobDescriptionFactory, RoleFactory, RoleFunctionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)


def _status(role, on=TODAY):
    return Role.objects.with_status(on).get(pk=role.pk).is_filled


# --- Vacancy derivation ----------------------------------------------------------------


def test_a_role_without_appointments_is_vacant():
    assert _status(RoleFactory()) is False


def test_a_role_with_a_current_appointment_is_filled():
    appointment = AppointmentFactory(starts_on=TODAY - timedelta(days=10))
    assert _status(appointment.role) is True


def test_filled_until_the_last_day_then_vacant():
    appointment = AppointmentFactory(starts_on=date(2025, 1, 1), ended_on=TODAY)
    assert _status(appointment.role) is True
    assert _status(appointment.role, TODAY + timedelta(days=1)) is False


def test_an_appointment_starting_later_leaves_the_role_vacant_until_then():
    appointment = AppointmentFactory(starts_on=TODAY + timedelta(days=5))
    assert _status(appointment.role) is False
    assert _status(appointment.role, TODAY + timedelta(days=5)) is True


def test_filled_is_not_stored_on_the_role():
    field_names = {f.name for f in Role._meta.get_fields()}
    assert not field_names & {"is_filled", "filled", "vacant", "is_vacant", "status"}


def test_is_current_matches_the_queryset():
    appointment = AppointmentFactory(starts_on=date(2025, 1, 1), ended_on=date(2026, 1, 1))
    assert appointment.is_current(date(2025, 6, 1))
    assert not appointment.is_current(date(2026, 1, 2))
    assert list(Appointment.objects.current(date(2025, 6, 1))) == [appointment]


# --- The one-holder rule ---------------------------------------------------------------


def test_a_second_holder_is_refused_while_the_first_is_in_post(staff_user):
    role = RoleFactory()
    first = services.appointment_start(
        user=staff_user, role=role, person=PersonFactory(), starts_on=date(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.appointment_start(
            user=staff_user, role=role, person=PersonFactory(), starts_on=date(2026, 1, 1)
        )
    assert error.value.code == "one_holder"
    assert first.person.full_name in error.value.messages[0]
    assert role.appointments.count() == 1


def test_a_successor_can_start_the_day_after_the_holder_leaves(staff_user):
    role = RoleFactory()
    first = services.appointment_start(
        user=staff_user, role=role, person=PersonFactory(), starts_on=date(2025, 1, 1)
    )
    services.appointment_end(
        user=staff_user, appointment=first, ended_on=date(2026, 3, 31), reason="end_of_term"
    )
    with pytest.raises(ValidationError):
        services.appointment_start(
            user=staff_user, role=role, person=PersonFactory(), starts_on=date(2026, 3, 31)
        )
    second = services.appointment_start(
        user=staff_user, role=role, person=PersonFactory(), starts_on=date(2026, 4, 1)
    )
    assert second.pk


def test_a_future_appointment_blocks_an_earlier_open_ended_one(staff_user):
    role = RoleFactory()
    services.appointment_start(
        user=staff_user, role=role, person=PersonFactory(), starts_on=TODAY + timedelta(days=30)
    )
    with pytest.raises(ValidationError):
        services.appointment_start(
            user=staff_user, role=role, person=PersonFactory(), starts_on=TODAY
        )


def test_a_job_share_can_have_two_holders_but_not_the_same_person_twice(staff_user):
    role = RoleFactory(allows_job_share=True)
    person = PersonFactory()
    services.appointment_start(user=staff_user, role=role, person=person, starts_on=TODAY)
    services.appointment_start(user=staff_user, role=role, person=PersonFactory(), starts_on=TODAY)
    with pytest.raises(ValidationError) as error:
        services.appointment_start(user=staff_user, role=role, person=person, starts_on=TODAY)
    assert error.value.code == "already_holds"
    assert Appointment.objects.current(TODAY).filter(role=role).count() == 2


def test_a_role_with_two_holders_cannot_stop_being_a_job_share(staff_user):
    role = RoleFactory(allows_job_share=True)
    for _ in range(2):
        services.appointment_start(
            user=staff_user, role=role, person=PersonFactory(), starts_on=date(2025, 1, 1)
        )
    with pytest.raises(ValidationError) as error:
        services.role_update(user=staff_user, role=role, allows_job_share=False)
    assert error.value.code == "job_share_in_use"


def test_an_inactive_role_cannot_be_filled(staff_user):
    role = RoleFactory(is_active=False)
    with pytest.raises(ValidationError) as error:
        services.appointment_start(
            user=staff_user, role=role, person=PersonFactory(), starts_on=TODAY
        )
    assert error.value.code == "role_inactive"


def test_appointment_defaults_from_the_role(staff_user):
    role = RoleFactory(term_months=36, sessional_time=Decimal("2.5"))
    appointment = services.appointment_start(
        user=staff_user, role=role, person=PersonFactory(), starts_on=date(2026, 4, 1)
    )
    assert appointment.planned_end_on == date(2029, 3, 31)
    assert appointment.funded_time == Decimal("2.5")
    assert DevelopmentRecord.objects.filter(appointment=appointment).exists()


# --- Ending ----------------------------------------------------------------------------


def test_ending_needs_a_reason_and_a_date_after_the_start(staff_user):
    appointment = AppointmentFactory(starts_on=date(2025, 1, 1))
    with pytest.raises(ValidationError):
        services.appointment_end(
            user=staff_user, appointment=appointment, ended_on=TODAY, reason="bored"
        )
    with pytest.raises(ValidationError):
        services.appointment_end(
            user=staff_user, appointment=appointment, ended_on=date(2024, 1, 1), reason="resigned"
        )
    ended = services.appointment_end(
        user=staff_user,
        appointment=appointment,
        ended_on=TODAY,
        reason="resigned",
        notes="Could not get time released.",
        exit_interview_on=TODAY,
    )
    assert ended.leaving_reason == "resigned"
    with pytest.raises(ValidationError) as error:
        services.appointment_end(
            user=staff_user, appointment=appointment, ended_on=TODAY, reason="resigned"
        )
    assert error.value.code == "already_ended"


def test_appointment_update_changes_only_allowed_fields(staff_user):
    appointment = AppointmentFactory()
    services.appointment_update(
        user=staff_user, appointment=appointment, protected_time=Decimal("1")
    )
    appointment.refresh_from_db()
    assert appointment.protected_time == Decimal("1")
    with pytest.raises(TypeError):
        services.appointment_update(user=staff_user, appointment=appointment, person=None)


# --- Roles, job descriptions, seats, link roles ------------------------------------------


def test_role_create_checks_level_and_place(staff_user):
    function = RoleFunctionFactory()
    with pytest.raises(ValidationError):
        services.role_create(user=staff_user, title="ILP lead", function=function, level="place")
    place = PlaceFactory()
    role = services.role_create(
        user=staff_user, title="ILP lead", function=function, level="place", place=place
    )
    assert role.where == f"Place: {place.name}"
    with pytest.raises(ValidationError):
        services.role_create(user=staff_user, title="System lead", function=function, place=place)


def test_job_description_versions_and_annual_review(staff_user):
    role = RoleFactory()
    text = {
        "purpose": "Lead.",
        "responsibilities": "Chair.",
        "person_specification": "Registered.",
        "values_and_behaviours": "Together.",
        "approved_by": "CMO",
    }
    first = services.jd_new_version(
        user=staff_user, role=role, approved_on=date(2025, 2, 28), **text
    )
    assert (first.version, first.review_due_on) == (1, date(2026, 2, 28))
    with pytest.raises(ValidationError) as error:
        services.jd_new_version(
            user=staff_user,
            role=role,
            approved_on=date(2026, 1, 1),
            review_due_on=date(2027, 1, 2),
            **text,
        )
    assert "at least once a year" in error.value.messages[0]
    second = services.jd_new_version(
        user=staff_user,
        role=role,
        approved_on=date(2026, 1, 1),
        review_due_on=date(2026, 12, 1),
        **text,
    )
    assert second.version == 2


def test_a_role_sits_on_a_forum_once(staff_user):
    role, forum = RoleFactory(), ForumFactory()
    services.seat_add(user=staff_user, role=role, forum=forum, capacity="chair")
    with pytest.raises(ValidationError):
        services.seat_add(user=staff_user, role=role, forum=forum)
    seat = Seat.objects.get()
    services.seat_remove(user=staff_user, seat=seat)
    assert not Seat.objects.exists()
    assert Seat.history.filter(history_type="-").get().history_user == staff_user


def test_a_link_role_supports_a_role_or_a_programme(staff_user):
    with pytest.raises(ValidationError):
        services.link_role_add(user=staff_user, kind="bi", name="Sam Fletcher")
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkRole.objects.create(kind="bi", name="No one")
    link = services.link_role_add(
        user=staff_user, kind="finance", name="Priya Nair", programme="Planned care"
    )
    assert link.supports == "Planned care"


# --- Audit -------------------------------------------------------------------------------


def test_every_write_records_who_made_it(staff_user):
    role = services.role_create(user=staff_user, title="Lead", function=RoleFunctionFactory())
    appointment = services.appointment_start(
        user=staff_user, role=role, person=PersonFactory(), starts_on=TODAY
    )
    services.development_record_update(
        user=staff_user, appointment=appointment, induction_completed_on=TODAY
    )
    services.appointment_end(
        user=staff_user, appointment=appointment, ended_on=TODAY, reason="resigned"
    )
    assert role.history.get().history_user == staff_user
    assert {h.history_user for h in appointment.history.all()} == {staff_user}
    assert appointment.development.history.latest().history_user == staff_user
    assert appointment.history.latest().ended_on == TODAY


def test_register_review_records_the_reviewer(staff_user):
    review = services.register_review_record(user=staff_user, reviewed_on=timezone.localdate())
    assert review.reviewed_by == staff_user


def test_add_months_keeps_the_day_or_uses_the_month_end():
    assert services.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert services.add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert services.add_months(date(2024, 4, 1), 36) == date(2027, 4, 1)


def test_jd_factory_is_current_version():
    role = RoleFactory()
    JobDescriptionFactory(role=role, version=1)
    newest = JobDescriptionFactory(role=role, version=2)
    assert role.job_descriptions.order_by("-version").first() == newest
