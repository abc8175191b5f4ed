"""`make test` runs the suite on pytest-xdist workers at once: each must have Redis databases
of its own (ccpl/settings/test.py), or one worker's ``cache.clear()`` or Celery worker would
wipe or steal another's keys and messages."""

import os
import re

import pytest
from django.core.cache import cache

from ccpl.celery import app
from ccpl.settings.redis_per_worker import REDIS_DATABASES, redis_url_for_worker


def _database(url: str) -> int:
    return int(re.search(r"/(\d+)$", url)[1])


def test_this_worker_has_its_own_cache_and_broker_databases(settings):
    cache_url = settings.CACHES["default"]["LOCATION"]
    broker_url = app.conf.broker_url  # what Celery really uses (the environment outranks)
    if not (cache_url.startswith("redis://") and broker_url.startswith("redis://")):
        pytest.fail("run through make test: it starts Redis")
    worker = re.fullmatch(r"gw(\d+)", os.environ.get("PYTEST_XDIST_WORKER", ""))
    if worker:
        number = int(worker[1])
        assert (_database(cache_url), _database(broker_url)) == (2 * number + 1, 2 * number + 2)
        assert os.environ["CELERY_BROKER_URL"] == broker_url
    assert _database(cache_url) != _database(broker_url)
    # The cache really is that database: a key set here is in it, and only there.
    import redis

    cache.set("isolation-probe", 1)
    key = cache.make_key("isolation-probe")
    assert redis.Redis.from_url(cache_url).exists(key) == 1
    assert redis.Redis.from_url(broker_url).exists(key) == 0


def test_a_worker_url_keeps_the_address_and_changes_only_the_database():
    url = "redis://:secret@127.0.0.1:63841/0"
    assert redis_url_for_worker(url, 5) == "redis://:secret@127.0.0.1:63841/5"
    assert redis_url_for_worker("redis://127.0.0.1:6379", 3) == "redis://127.0.0.1:6379/3"
    with pytest.raises(ValueError, match="use fewer workers"):
        redis_url_for_worker(url, REDIS_DATABASES)
