"""The demo: about 40 realistic roles, about 85% filled, built on the core and forums demo."""

from io import StringIO

import pytest
from django.core.management.base import OutputWrapper

from ccpl.models import Snapshot
from roles import selectors
from roles.models import Appointment, DevelopmentRecord, LinkRole, Role, RoleFunction, Seat

pytestmark = pytest.mark.django_db


def _load():
    """The parts of ``load_demo`` this app builds on, then this app's."""
    import ccpl.demo
    import forums.demo
    import roles.demo

    for module in (ccpl.demo, forums.demo, roles.demo):
        module.load(stdout=OutputWrapper(StringIO()))


def test_demo_loads_twice_without_changing_anything():
    _load()
    counts = [
        Role.objects.count(),
        Appointment.objects.count(),
        Seat.objects.count(),
        LinkRole.objects.count(),
        Snapshot.objects.count(),
    ]
    _load()
    assert counts == [
        Role.objects.count(),
        Appointment.objects.count(),
        Seat.objects.count(),
        LinkRole.objects.count(),
        Snapshot.objects.count(),
    ]

    assert RoleFunction.objects.count() == 3
    roles = list(selectors.role_list())
    assert 38 <= len(roles) <= 45
    filled = sum(r.is_filled for r in roles)
    assert 0.8 <= filled / len(roles) <= 0.9
    assert {r.level for r in roles} == {"system", "place", "neighbourhood"}
    assert {r.function.order for r in roles} == {1, 2, 3}
    assert Role.objects.filter(title="AHP lead, Forest of Dean ILP").exists()
    assert selectors.job_description_reviews_due().count() >= 3
    assert any(r.jd_review_due_on is None for r in roles)
    assert LinkRole.objects.count() >= 8
    assert DevelopmentRecord.objects.exclude(induction_completed_on=None).count() >= 20
    assert selectors.appraisals_overdue().exists()
    assert selectors.appointments_ending().exists()
    assert Appointment.objects.exclude(ended_on=None).exclude(leaving_reason="").exists()
    # The leader demo account holds a role, so "your roles" has something to show.
    leader = Appointment.objects.current().filter(person__user__username="leader")
    assert leader.exists()
    # A job share has two holders; no other role has more than one.
    shared = Appointment.objects.current().filter(role__allows_job_share=True)
    assert shared.count() == 2
    assert Snapshot.objects.filter(population=selectors.ROLE_HOLDERS).count() == 3
