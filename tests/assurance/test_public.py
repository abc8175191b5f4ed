"""The public summary: only the latest signed-off assessment the ICB chose to publish; its
levels and narrative, never internal notes, never a figure that is not already published."""

from datetime import date

import pytest
from django.urls import reverse

from assurance import services
from assurance.models import IndicatorValue

from .conftest import sign_off

pytestmark = pytest.mark.django_db

SECRET = "Finance query: do not share outside the team"


def _write(assessment, user):
    entry = assessment.entries.get(principle__order=1)
    services.entry_update(
        user=user,
        entry=entry,
        level=2,
        what_we_did="Set up the Council",
        what_we_heard="Leaders want a say",
        what_is_next="Fill the gaps",
        internal_notes=SECRET,
    )


def test_nothing_is_public_until_published(client, draft, staff_user, exec_user, council):
    _write(draft, staff_user)
    assert client.get(reverse("assurance:summary")).status_code == 404
    sign_off(draft, staff=staff_user, executive=exec_user, forum=council)
    response = client.get(reverse("assurance:summary"))
    assert response.status_code == 404 and b"Set up the Council" not in response.content


def test_the_public_summary_hides_internal_notes_and_unpublished_figures(
    client, draft, staff_user, exec_user, council
):
    _write(draft, staff_user)
    assessment = sign_off(draft, staff=staff_user, executive=exec_user, forum=council, publish=True)
    # A figure the ICB does not publish (live counts of people), stored at sign-off.
    IndicatorValue.objects.filter(assessment=assessment, key="talent_pool").update(
        figure={"headline": "Talent pool 4242 people", "number": 4242, "rows": []}
    )
    response = client.get(reverse("assurance:summary"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Set up the Council" in body and "Established" in body
    assert SECRET not in body
    assert "4242" not in body
    assert "/assurance/manage/" not in body


def test_a_newer_draft_is_never_shown(client, draft, staff_user, exec_user, council):
    _write(draft, staff_user)
    sign_off(draft, staff=staff_user, executive=exec_user, forum=council, publish=True)
    newer = services.assessment_create(user=staff_user, year=2026, as_of=date(2026, 6, 30))
    entry = newer.entries.get(principle__order=1)
    services.entry_update(
        user=staff_user,
        entry=entry,
        level=3,
        what_we_did="Draft words nobody has agreed",
        what_we_heard="",
        what_is_next="",
        internal_notes="",
    )
    body = client.get(reverse("assurance:summary")).content.decode()
    assert "Draft words nobody has agreed" not in body and "Set up the Council" in body
