"""The transactional outbox (docs/adr/0007): with the broker unreachable, pages that hand work
to the worker still answer normally, the work waits in the outbox, and the beat relay sends
it exactly once when the broker is back. Against the test run's real Redis."""

import socket

import pytest
import redis
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ccpl import queue, tasks
from ccpl.celery import app
from ccpl.models import OutboxMessage
from reports.models import ReportJob
from reports.periods import financial_year_of
from surveys import services as survey_services
from surveys.models import Survey
from tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _point_broker_at(url: str) -> None:
    # Celery keeps its connection and producer pools per broker address (kombu.pools): forget
    # the app's own references and the next send takes the pool of the new address.
    # (broker_write_url: the test command's CELERY_BROKER_URL outranks broker_url.)
    app.conf.broker_write_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker():
    """The real broker; ``broker.down()`` points Celery at a closed port, ``broker.up()``
    back at the test Redis; ``broker.queued(name)`` counts that task's messages in Redis."""
    good = app.conf.broker_url
    assert good.startswith("redis://"), "run through make test: it starts Redis"

    class Broker:
        def down(self):
            _point_broker_at(f"redis://127.0.0.1:{_closed_port()}/0")

        def up(self):
            _point_broker_at(good)

        def queued(self, name):
            import json

            client = redis.Redis.from_url(good)
            return sum(
                json.loads(raw)["headers"]["task"] == name for raw in client.lrange("celery", 0, -1)
            )

    redis.Redis.from_url(good).delete("celery")
    yield Broker()
    _point_broker_at(good)
    app.conf.broker_write_url = None
    redis.Redis.from_url(good).delete("celery")


def test_a_message_is_written_in_the_callers_transaction(broker):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue.send_on_commit("ccpl.take_snapshots")
        raise RuntimeError("rolled back")
    assert not OutboxMessage.objects.exists()  # rolled back with the caller's data
    with transaction.atomic():
        message = queue.send_on_commit("ccpl.take_snapshots")
        assert broker.queued("ccpl.take_snapshots") == 0  # nothing before the commit
    message.refresh_from_db()
    assert message.sent_at and message.attempts == 1
    assert broker.queued("ccpl.take_snapshots") == 1
    assert tasks.relay_outbox() == 0  # the beat finds nothing left to send
    assert broker.queued("ccpl.take_snapshots") == 1


def test_report_request_with_the_broker_down_waits_in_the_outbox(broker, staff_client):
    for n in range(1, 6):
        PriorityFactory(number=n, short_title=f"Priority {n}")
    broker.down()
    year = financial_year_of(timezone.localdate())
    url = reverse("reports:report_request", args=["annual_report"])
    response = staff_client.post(url, {"year": year.key})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert staff_client.get(job.get_absolute_url()).status_code == 200
    message = OutboxMessage.objects.get()
    assert (message.task, message.args) == ("ccpl.reports.render_report", [job.pk])
    assert message.sent_at is None and message.attempts == 1
    assert "Connection refused" in message.last_error or "Error 111" in message.last_error

    assert tasks.relay_outbox() == 0  # still down: kept, tried again next minute
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 2

    broker.up()
    assert tasks.relay_outbox() == 1
    assert tasks.relay_outbox() == 0
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 3
    assert broker.queued("ccpl.reports.render_report") == 1  # exactly once


def test_send_invitations_with_the_broker_down_says_they_are_being_sent(
    broker, staff_client, settings
):
    settings.CCPL_SITE_URL = "http://testserver"
    for n in range(1, 6):
        PriorityFactory(number=n, short_title=f"Priority {n}")
    survey = survey_services.survey_from_template(year=2026)
    survey_services.survey_set_status(survey=survey, status=Survey.Status.OPEN)
    OutboxMessage.objects.all().delete()
    broker.down()
    response = staff_client.post(reverse("surveys:invitations_send", args=[survey.pk]), follow=True)
    assert response.status_code == 200
    assert "Invitations are being sent" in response.content.decode()
    message = OutboxMessage.objects.get()
    assert (message.task, message.args) == ("surveys.tasks.send_invitations", [survey.pk])
    assert message.sent_at is None

    broker.up()
    assert tasks.relay_outbox() == 1
    assert tasks.relay_outbox() == 0
    assert broker.queued("surveys.tasks.send_invitations") == 1
