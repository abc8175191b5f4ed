"""A real SMTP server (aiosmtpd, over TCP) as the mail relay, then stopped (docs/adr/0007):
the application is saved and confirmed, its e-mail shows "failed" to staff, and "send
again" sends it once the relay is back. Nothing is sent inside the request."""

import socket

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from ccpl.models import Email
from recruitment.models import Application

from .factories import CampaignFactory
from .test_public_pages import _application_data

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def relay(settings):
    """The mail relay: ``relay.start()`` / ``relay.stop()``; ``relay.inbox.messages``."""
    port = _free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

    class Relay:
        inbox = Inbox()
        controller = None

        def start(self):
            self.controller = Controller(self.inbox, hostname="127.0.0.1", port=port)
            self.controller.start()

        def stop(self):
            if self.controller is not None:
                self.controller.stop()
                self.controller = None

    relay = Relay()
    yield relay
    relay.stop()


def test_the_relay_up_then_down_then_back(
    relay, client, staff_client, django_capture_on_commit_callbacks, eager_celery
):
    from tests.factories import ProfessionalGroupFactory

    group = ProfessionalGroupFactory()
    campaign = CampaignFactory()
    url = reverse("recruitment:vacancy_apply", args=[campaign.pk])
    confirmation = reverse("recruitment:vacancy_confirmation", args=[campaign.pk])

    relay.start()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, _application_data(group, email="ada@nhs.net"))
    assert Email.objects.get().status == "sent"
    [(to, content)] = relay.inbox.messages
    assert to == ["ada@nhs.net"] and "Your application for" in content

    relay.stop()
    other = client.__class__()
    with django_capture_on_commit_callbacks(execute=True):
        response = other.post(url, _application_data(group, email="grace@nhs.net"))
    assert response.status_code == 302
    assert "Your candidate number" in other.get(confirmation).content.decode()
    assert Application.objects.count() == 2
    failed = Email.objects.get(to="grace@nhs.net")
    assert failed.status == "failed" and failed.last_error
    page = staff_client.get(reverse("ccpl:email_list"), {"status": "failed"}).content.decode()
    assert "grace@nhs.net" in page and "Send again" in page

    relay.start()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("ccpl:email_send_again", args=[failed.pk]))
    failed.refresh_from_db()
    assert failed.status == "sent" and failed.attempts == 2
    assert [to for to, _ in relay.inbox.messages] == [["ada@nhs.net"], ["grace@nhs.net"]]
