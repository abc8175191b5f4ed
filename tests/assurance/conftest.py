from datetime import date

import pytest

from assurance import services
from forums.models import Forum
from tests.factories import PriorityFactory

AS_OF = date(2025, 12, 31)


@pytest.fixture
def principles(db):
    for n in range(1, 6):
        PriorityFactory(number=n)
    return services.principles_ensure()


@pytest.fixture
def council(db):
    return Forum.objects.create(
        name="Clinical and Care Professional Council",
        slug="council",
        kind=Forum.Kind.COUNCIL,
        purpose="Brings every profession together.",
    )


@pytest.fixture
def draft(principles, staff_user):
    return services.assessment_create(user=staff_user, year=2025, as_of=AS_OF)


def sign_off(assessment, *, staff, executive, forum, publish=False):
    services.assessment_send_for_review(user=staff, assessment=assessment, forum=forum)
    services.assessment_record_review(
        user=staff,
        assessment=assessment,
        reviewed_on=date(2026, 1, 20),
        outcome="Agreed.",
        changes_needed=False,
    )
    assessment = services.assessment_sign_off(user=executive, assessment=assessment)
    if publish:
        assessment = services.assessment_publish(
            user=executive, assessment=assessment, published=True
        )
    return assessment


@pytest.fixture
def signed_off(draft, staff_user, exec_user, council):
    return sign_off(draft, staff=staff_user, executive=exec_user, forum=council)
