"""Preferences and unsubscribing without signing in: a GET never unsubscribes, a POST
does (the page's button, or RFC 8058's one-click with no cookies), a forged or altered
link does nothing, and every bulletin-style e-mail carries the one-click headers."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from ccpl.models import Email
from ccpl.services import email_queue, email_send
from communications import services
from communications.models import Preference, Topic
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
ADDRESS = "leader@nhs.net"


def _unsubscribed(email=ADDRESS) -> bool:
    found = Preference.objects.filter(email__iexact=email).first()
    return bool(found and found.is_unsubscribed)


def test_a_get_never_unsubscribes_and_the_button_does(client):
    url = reverse("communications:unsubscribe", args=[services.preference_token(ADDRESS)])
    for _ in range(3):  # a mail scanner fetching the link, again and again
        page = client.get(url)
        assert page.status_code == 200
        client.head(url)
    assert "Unsubscribe" in page.content.decode()
    assert not _unsubscribed()
    done = client.post(url)
    assert "You have been unsubscribed" in done.content.decode()
    assert _unsubscribed()
    again = client.get(url).content.decode()
    assert "already unsubscribed" in again


def test_one_click_post_needs_no_cookie_or_csrf_token_and_only_a_post():
    client = Client(enforce_csrf_checks=True)
    url = reverse("communications:unsubscribe_one_click", args=[services.preference_token(ADDRESS)])
    assert client.get(url).status_code == 405
    assert client.post(url, {"something": "else"}).status_code == 400
    assert not _unsubscribed()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert _unsubscribed()
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200


@pytest.mark.parametrize("token", ["nonsense", "bGVhZGVyQG5ocy5uZXQ", "leader@nhs.net"])
def test_a_forged_link_changes_nothing(client, token):
    for name in ("unsubscribe", "unsubscribe_one_click", "preferences_by_link"):
        url = reverse(f"communications:{name}", args=[token])
        assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 403
    assert not Preference.objects.exists()


def test_an_altered_link_cannot_reach_another_address(client):
    token = services.preference_token("me@nhs.net")
    value, signature = token.rsplit(":", 1)
    other = services.preference_token("victim@nhs.net").rsplit(":", 1)[0]
    url = reverse("communications:unsubscribe", args=[f"{other}:{signature}"])
    assert client.post(url).status_code == 403
    assert not _unsubscribed("victim@nhs.net")


def test_preferences_by_link_and_signed_in(client, leader_client, leader_user):
    url = reverse("communications:preferences_by_link", args=[services.preference_token(ADDRESS)])
    page = client.get(url).content.decode()
    assert ADDRESS in page and "What would you like to hear about?" in page
    response = client.post(url, {"topics": [Topic.EVENTS], "frequency": "weekly"})
    assert response.status_code == 302
    saved = Preference.objects.get(email=ADDRESS)
    assert saved.topics == [Topic.EVENTS] and saved.frequency == "weekly"
    assert not saved.is_unsubscribed
    client.post(url, {"frequency": "each"})  # no topic at all: unsubscribed
    assert _unsubscribed()
    bad = client.post(url, {"topics": ["nonsense"], "frequency": "hourly"})
    assert bad.status_code == 200
    assert "There is a problem" in bad.content.decode()
    # Signed in: one's own address only.
    own = reverse("communications:my_preferences")
    assert client.get(own).status_code == 302
    email = leader_user.person.email
    leader_client.post(own, {"topics": [Topic.NEWS], "frequency": "each"})
    assert Preference.objects.get(email__iexact=email).topics == [Topic.NEWS]
    assert Preference.objects.get(email=ADDRESS).is_unsubscribed


def test_every_preference_change_keeps_history():
    services.preferences_save(email=ADDRESS, topics=[Topic.NEWS], frequency="each")
    services.unsubscribe(email=ADDRESS)
    services.unsubscribe(email=ADDRESS)
    assert Preference.objects.get(email=ADDRESS).history.count() == 3


def test_the_mail_carries_the_one_click_headers(settings, django_capture_on_commit_callbacks):
    settings.CCPL_SITE_URL = "https://ccpl.example.nhs.uk"
    PersonFactory(email=ADDRESS)
    with django_capture_on_commit_callbacks():
        email = email_queue(
            to=ADDRESS,
            subject="CCPL bulletin",
            body="News.",
            kind="Bulletin",
            headers=services.unsubscribe_headers(ADDRESS),
        )
    assert email_send(email_id=email.pk) == "sent"
    message = mail.outbox[-1]
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith("<https://ccpl.example.nhs.uk/communications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.search(r"^List-Unsubscribe:\s+<https://ccpl", message.message().as_string(), re.M)
    path = link.strip("<>").removeprefix("https://ccpl.example.nhs.uk")
    Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert _unsubscribed()
    assert Email.objects.get(pk=email.pk).status == Email.Status.SENT
