"""The cascade with real Redis and two real Celery workers: a bulletin sent directly, then
forwarded to two networks whose lists overlap each other and the direct audience, with the
delivery task given again and again, reaches each address with exactly one e-mail."""

import signal

import pytest
from django.db import connection
from django.db.models import Count

from ccpl import queue
from ccpl.models import Email
from communications import cascade_services
from communications.models import Bulletin, Delivery
from tests import outages
from tests.factories import PersonFactory, UserFactory

from .cascade_helpers import network, sent_bulletin

pytestmark = [pytest.mark.outage, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def test_forwards_through_two_networks_send_each_address_once(tmp_path):
    redis = outages.Redis(tmp_path).start()
    direct = [f"direct{i}@nhs.net" for i in range(20)]
    first = network("Nursing", addresses=direct[:10] + [f"a{i}@nhs.net" for i in range(20)])
    second = network(
        "AHP council",
        addresses=direct[5:15] + [f"a{i}@nhs.net" for i in range(10, 30)],
    )
    lead = UserFactory()
    person = PersonFactory(user=lead, email="lead@nhs.net")
    first.leads.add(person)
    second.leads.add(person)
    expected = set(direct) | {f"a{i}@nhs.net" for i in range(30)}
    env = {"DJANGO_SETTINGS_MODULE": "ccpl.settings.test", "DATABASE_URL": _database_url(),
           "CELERY_BROKER_URL": redis.url, "COMMUNICATIONS_DELIVERY_BATCH": "7"}  # fmt: skip
    log = tmp_path / "worker.log"
    workers = [outages.celery_worker(env, log=log) for _ in range(2)]
    try:
        with outages.broker(redis.url):
            bulletin = sent_bulletin(direct)  # committed: the task goes
            cascade_services.bulletin_forward(user=lead, bulletin=bulletin, network=first)
            cascade_services.bulletin_forward(user=lead, bulletin=bulletin, network=second)
            for _ in range(3):
                queue.send("communications.deliver_bulletin", bulletin.pk)
            outages.wait_for(
                lambda: (
                    Bulletin.objects.get(pk=bulletin.pk).status == Bulletin.Status.SENT
                    and not Delivery.objects.filter(done=False).exists()
                    and Email.objects.filter(status=Email.Status.SENT).count() >= len(expected)
                ),
                timeout=90,
                what=f"the workers to deliver ({log.read_text()[-2000:]})",
            )
    finally:
        for worker in workers:
            outages.stop_process(worker, signal.SIGTERM)
        redis.stop()
    per_address = {
        row["to"]: row["n"] for row in Email.objects.values("to").annotate(n=Count("pk"))
    }
    assert set(per_address) == expected
    assert set(per_address.values()) == {1}
    assert Delivery.objects.filter(forward__network=first).count() == 20
    assert Delivery.objects.filter(forward__network=second).count() == 10
