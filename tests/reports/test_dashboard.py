"""The CMO/CNO dashboard: permissions, live figures matching the apps' own pages, queries."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dashboard_is_for_staff_and_executives(client, leader_client, demo):
    url = reverse("dashboard:dashboard")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert leader_client.get(url).status_code == 403
    for user in (demo["staff"], demo["exec"]):
        client.force_login(user)
        assert client.get(url).status_code == 200
