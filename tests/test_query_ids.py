"""Ids in query strings: anything that is not a short ASCII number is ignored, never a 500.

"²".isdigit() is true but int("²") fails; a 20-digit number overflows the database integer."""

import pytest
from django.urls import reverse

from tests.surveys.factories import SurveyFactory

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "١٢", "99999999999999999999", "-1", "1e3", ""]


@pytest.mark.parametrize("value", HOSTILE)
def test_staff_pages_ignore_ids_that_are_not_ids(staff_client, value):
    survey = SurveyFactory()
    urls = [
        reverse("roles:link_role_create") + f"?role={value}",
        reverse("surveys:survey_create") + f"?source={value}",
        reverse("surveys:question_create", args=[survey.pk]) + f"?section={value}",
    ]
    for url in urls:
        response = staff_client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
