"""The shared cache (Redis in production and tests) treats an outage as a miss.

Sign-in rate limits, cached pages and data versions live in the cache. When Redis is
down, none of them may turn a page into a server error: reads miss, writes are dropped
and ``add`` reports success (so allauth's rate-limit lock is taken and the limit fails
open). Each failure is logged as a warning, at most once a minute per process, so an
outage is visible without flooding the log.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)
_WARN_EVERY_SECONDS = 60


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, with every operation failing open during an outage."""

    _last_warning = 0.0

    def _outage(self, operation: str, error: Exception, default):
        now = time.monotonic()
        if now - FailOpenRedisCache._last_warning > _WARN_EVERY_SECONDS:
            FailOpenRedisCache._last_warning = now
            logger.warning(
                "Cache unavailable (%s failed: %s); carrying on without it: rate limits are "
                "not applied and nothing is cached until it is back.",
                operation,
                error.__class__.__name__,
            )
        return default

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except OUTAGE_ERRORS as error:
            return self._outage("get", error, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except OUTAGE_ERRORS as error:
            return self._outage("get_many", error, {})

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except OUTAGE_ERRORS as error:
            return self._outage("add", error, True)

    def set(self, key, value, timeout=None, version=None):
        try:
            return super().set(key, value, timeout, version)
        except OUTAGE_ERRORS as error:
            return self._outage("set", error, None)

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except OUTAGE_ERRORS as error:
            return self._outage("set_many", error, [])

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except OUTAGE_ERRORS as error:
            return self._outage("touch", error, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except OUTAGE_ERRORS as error:
            return self._outage("delete", error, False)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except OUTAGE_ERRORS as error:
            return self._outage("delete_many", error, None)

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except OUTAGE_ERRORS as error:
            return self._outage("has_key", error, False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except OUTAGE_ERRORS as error:
            # Django's contract for a missing key.
            self._outage("incr", error, None)
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from None

    def clear(self):
        try:
            return super().clear()
        except OUTAGE_ERRORS as error:
            return self._outage("clear", error, False)
