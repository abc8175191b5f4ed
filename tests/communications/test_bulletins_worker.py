"""A bulletin with real Redis and two real Celery workers: the delivery task given four
times (a retry, a broker's redelivery) and run by both workers at once sends each address
exactly one e-mail."""

import signal

import pytest
from django.db import connection
from django.db.models import Count

from ccpl import queue
from ccpl.models import Email
from communications import services
from communications.audiences import Criteria
from communications.models import Bulletin, Delivery, Topic
from tests import outages
from tests.factories import PersonFactory, ProfessionalGroupFactory

pytestmark = [pytest.mark.outage, pytest.mark.django_db(transaction=True)]
PEOPLE = 60


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def test_a_retried_delivery_sends_nobody_twice(tmp_path):
    redis = outages.Redis(tmp_path).start()
    group = ProfessionalGroupFactory()
    for i in range(PEOPLE):
        PersonFactory(email=f"leader{i}@nhs.net", professional_group=group)
    bulletin = services.bulletin_save(
        user=None,
        title="Spring update",
        body="News.",
        topic=Topic.NEWS,
        criteria=Criteria(professional_groups=(group.pk,)),
        audience_label="Everyone",
        is_public=False,
    )
    env = {"DJANGO_SETTINGS_MODULE": "ccpl.settings.test", "DATABASE_URL": _database_url(),
           "CELERY_BROKER_URL": redis.url,
           # Small batches, so that the two workers' runs overlap.
           "COMMUNICATIONS_DELIVERY_BATCH": "7"}  # fmt: skip
    log = tmp_path / "worker.log"
    workers = [outages.celery_worker(env, log=log) for _ in range(2)]
    try:
        with outages.broker(redis.url):
            services.bulletin_send(user=None, bulletin=bulletin)  # committed: the task goes
            for _ in range(3):
                queue.send("communications.deliver_bulletin", bulletin.pk)
            outages.wait_for(
                lambda: (
                    Bulletin.objects.get(pk=bulletin.pk).status == Bulletin.Status.SENT
                    and Email.objects.filter(status=Email.Status.SENT).count() >= PEOPLE
                ),
                timeout=90,
                what=f"the workers to deliver ({log.read_text()[-2000:]})",
            )
    finally:
        for worker in workers:
            outages.stop_process(worker, signal.SIGTERM)
        redis.stop()
    per_address = Email.objects.values("to").annotate(n=Count("pk"))
    assert len(per_address) == PEOPLE
    assert {row["n"] for row in per_address} == {1}
    assert not Delivery.objects.filter(done=False).exists()
    assert Delivery.objects.filter(message__status=Email.Status.SENT).count() == PEOPLE
