"""Sign-in that one person cannot break for everyone: proxy-aware rate limits, a cache
outage that fails open, weak passwords refused, idle and absolute session limits, and a
database outage that says "try again in a moment"."""

import logging
import socket
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path

from ccpl.cache import FailOpenRedisCache
from ccpl.errors import server_error
from ccpl.middleware import LAST_SEEN, SIGNED_IN_AT
from tests.factories import TEST_PASSWORD, UserFactory


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _sign_in(client, username, password, client_ip):
    return client.post(
        "/accounts/login/",
        {"login": username, "password": password},
        HTTP_X_FORWARDED_FOR=client_ip,
        REMOTE_ADDR="10.0.0.1",  # the reverse proxy: the same for everyone
    )


# --- Rate limits behind a proxy ------------------------------------------------------


def _lockout_spreads(*, proxies: int) -> bool:
    """An attacker at 203.0.113.9 fails five times; can someone else still sign in?"""
    UserFactory(username="victim")
    UserFactory(username="bystander")
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=proxies):
        for n in range(6):
            _sign_in(Client(), "victim", f"wrong-{n}", "203.0.113.9")
        response = _sign_in(Client(), "bystander", TEST_PASSWORD, "198.51.100.7")
    return not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_behind_the_proxy_one_attacker_does_not_lock_everyone_out():
    assert not _lockout_spreads(proxies=1)


@pytest.mark.django_db
def test_without_the_trusted_proxy_count_everyone_is_locked_out():
    """The attack the setting prevents: shown to succeed when the count is left at 0."""
    assert _lockout_spreads(proxies=0)


@pytest.mark.django_db
def test_the_attacker_is_still_limited_by_their_own_address():
    UserFactory(username="victim")
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        pages = [
            _sign_in(Client(), "victim", f"wrong-{n}", "203.0.113.9").content.decode()
            for n in range(6)
        ]
    assert "Too many failed" in pages[5]


# --- Cache outage ----------------------------------------------------------------------


def _dead_cache():
    return {
        "default": {
            "BACKEND": "ccpl.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


def test_a_dead_cache_misses_and_warns(caplog):
    cache = FailOpenRedisCache(f"redis://127.0.0.1:{_closed_port()}/0", {})
    FailOpenRedisCache._last_warning = 0.0
    with caplog.at_level(logging.WARNING, logger="ccpl.cache"):
        assert cache.get("k", "missing") == "missing"
        assert cache.add("k", 1) is True
        assert cache.set("k", 1) is None
        assert cache.delete("k") is False
        assert cache.get_many(["a", "b"]) == {}
    assert "Cache unavailable" in caplog.text
    assert caplog.text.count("Cache unavailable") == 1  # once a minute, not per call


@pytest.mark.django_db(transaction=True)
def test_sign_in_works_and_limits_fail_open_while_the_cache_is_down(caplog):
    UserFactory(username="jo")
    FailOpenRedisCache._last_warning = 0.0
    # override_settings(CACHES=...) makes Django drop its cache connections.
    with override_settings(CACHES=_dead_cache()), caplog.at_level(logging.WARNING):
        for n in range(6):
            Client().post("/accounts/login/", {"login": "jo", "password": f"wrong-{n}"})
        response = Client().post("/accounts/login/", {"login": "jo", "password": TEST_PASSWORD})
        assert response.status_code == 302
        assert response.wsgi_request.user.is_authenticated
    assert "Cache unavailable" in caplog.text


# --- Passwords ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password", ["staffstaff12", "Staff-2026-staff!", "CCPLmanager2026!", "nhs-icb-ccpl-2026"]
)
def test_passwords_built_from_the_username_or_service_are_refused(password):
    user = UserFactory.build(username="staff")
    with pytest.raises(ValidationError):
        validate_password(password, user)


@pytest.mark.django_db
def test_a_passphrase_is_accepted():
    validate_password("copper kettle orchard lantern", UserFactory.build(username="staff"))


# --- Session limits -----------------------------------------------------------------------


def _aged_session(client, *, idle_seconds, signed_in_seconds_ago):
    session = client.session
    now = int(time.time())
    session[SIGNED_IN_AT] = now - signed_in_seconds_ago
    session[LAST_SEEN] = now - idle_seconds
    session.save()


@pytest.mark.django_db
def test_staff_are_signed_out_after_30_idle_minutes(staff_client):
    assert staff_client.get("/dashboard/").status_code == 200
    _aged_session(staff_client, idle_seconds=29 * 60, signed_in_seconds_ago=3600)
    assert staff_client.get("/dashboard/").status_code == 200
    _aged_session(staff_client, idle_seconds=31 * 60, signed_in_seconds_ago=3600)
    response = staff_client.get("/dashboard/", follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/?next=/dashboard/")
    assert "did nothing for 30 minutes" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_board_members_are_signed_out_after_30_idle_minutes_too(board_client):
    # They read unpublished governance material (the assurance pack), as staff do.
    assert board_client.get("/reports/board/").status_code == 200
    _aged_session(board_client, idle_seconds=31 * 60, signed_in_seconds_ago=3600)
    response = board_client.get("/reports/board/", follow=True)
    assert "did nothing for 30 minutes" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_leaders_have_a_longer_idle_time_out(leader_client):
    _aged_session(leader_client, idle_seconds=31 * 60, signed_in_seconds_ago=3600)
    assert leader_client.get("/profile/").status_code == 200
    _aged_session(leader_client, idle_seconds=121 * 60, signed_in_seconds_ago=3 * 3600)
    assert leader_client.get("/profile/").status_code == 302


@pytest.mark.django_db
def test_every_session_ends_12_hours_after_sign_in(leader_client):
    _aged_session(leader_client, idle_seconds=60, signed_in_seconds_ago=12 * 3600 + 1)
    response = leader_client.get("/profile/", follow=True)
    assert "signed in more than 12 hours ago" in response.content.decode()


# --- Database outage -----------------------------------------------------------------------


def _database_gone(request):
    raise OperationalError("could not connect to server: Connection refused")


def _bug(request):
    raise ZeroDivisionError


urlpatterns = [path("gone/", _database_gone), path("bug/", _bug)]
handler500 = server_error


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_database_outage_asks_people_to_try_again_in_a_moment():
    client = Client(raise_request_exception=False)
    response = client.get("/gone/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Try again in a moment" in response.content.decode()
    other = client.get("/bug/")
    assert other.status_code == 500
    assert "there is a problem with the service" in other.content.decode()


def test_the_project_uses_the_database_aware_error_handler():
    from ccpl import urls

    assert urls.handler500 == "ccpl.errors.server_error"
