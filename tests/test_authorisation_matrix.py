"""The authorisation matrix: the status of every address for every user kind.

On the demo ICB, the pages are crawled as each user kind (links in document order,
from fixed starting pages), one sample address is kept per URL pattern, and every
sample is requested as every user kind without following redirects. The result
must equal ``tests/authz_matrix.json``: a change of who may reach what is then a
reviewed change of that file, never a side effect of moving code.

Regenerate after an intended change:
    AUTHZ_MATRIX_WRITE=1 PYTEST_ARGS="tests/test_authorisation_matrix.py" make test
"""

import json
import os
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

MATRIX = Path(__file__).with_name("authz_matrix.json")
KINDS = ("public", "leader", "panel", "board", "exec", "staff", "admin")
# Django's own admin is the administrator's tool, not an application page; its
# entry address is in the matrix, its hundreds of model pages are not.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/__")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        # Links, and the addresses forms post to (requested here with GET only).
        href = dict(attrs).get("href" if tag in ("a", "link") else "action")
        if tag in ("a", "link", "form") and href:
            self.links.append(href)


def _route_of(path):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _crawl(client, samples, start, limit=4000):
    queue = deque(start)
    seen = set(start)
    fetched = 0
    while queue and fetched < limit:
        path = queue.popleft()
        response = client.get(path)
        fetched += 1
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(response.content.decode("utf-8", "replace"))
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            link = parts.path
            if link in seen or link.startswith(SKIPPED_PREFIXES):
                continue
            seen.add(link)
            route = _route_of(link)
            if route is None or route in samples:
                continue
            samples[route] = link
            queue.append(link)


def _status(response):
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = urlsplit(response["Location"]).path
        if "/accounts/login/" in location or "/account/login" in location:
            return f"{status} sign-in"
        route = _route_of(location)
        return f"{status} {location if route is None else '/' + route}"
    return str(status)


@pytest.fixture
def demo(demo_db):
    users = get_user_model().objects
    return {
        "public": None,
        "leader": users.get(username="leader"),
        "panel": users.get(username="panel"),
        "board": users.get(username="board"),
        "exec": users.get(username="exec"),
        "staff": users.get(username="staff"),
        "admin": users.get(username="admin"),
    }


def test_authorisation_matrix_is_unchanged(demo):
    clients = {kind: _client(user) for kind, user in demo.items()}
    routes = sorted(set(_walk(get_resolver().url_patterns)))
    samples = {}
    # Addresses that take no argument are their own sample.
    for route in routes:
        if "<" not in route and not re.search(r"[\\^$(]", route):
            path = "/" + route
            if not path.startswith(SKIPPED_PREFIXES) and _route_of(path) == route:
                samples[route] = path
    start = sorted(samples.values())
    for kind in ("staff", "exec", "leader", "panel", "board", "public"):
        _crawl(clients[kind], samples, start)

    matrix = {}
    for route in sorted(samples):
        path = samples[route]
        matrix[route] = {kind: _status(clients[kind].get(path)) for kind in KINDS}
    unreached = sorted(
        route
        for route in routes
        if route not in samples and not ("/" + route).startswith(SKIPPED_PREFIXES)
    )
    recorded = {"addresses": matrix, "unreached_patterns": unreached}

    if os.environ.get("AUTHZ_MATRIX_WRITE"):
        MATRIX.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    expected = json.loads(MATRIX.read_text())
    assert len(matrix) > 100, "the crawl should reach most of the product"
    changed = {
        route: {"was": expected["addresses"].get(route), "now": statuses}
        for route, statuses in matrix.items()
        if expected["addresses"].get(route) != statuses
    }
    gone = sorted(set(expected["addresses"]) - set(matrix))
    assert changed == {} and gone == [], {"changed": changed, "no longer reached": gone}
    assert unreached == expected["unreached_patterns"]


def test_a_public_page_of_the_matrix_is_public_and_a_staff_page_is_not(db):
    # Guards the guard: the matrix must record real differences between kinds.
    recorded = json.loads(MATRIX.read_text())["addresses"]
    assert recorded[""]["public"] == "200"
    staff_only = [
        route
        for route, statuses in recorded.items()
        if statuses["staff"] == "200" and statuses["leader"] == "403"
    ]
    assert len(staff_only) > 20
    assert all(recorded[route]["public"] == "302 sign-in" for route in staff_only)
    without_arguments = [route for route in staff_only if "<" not in route]
    assert _status(_client(None).get("/" + without_arguments[0])) == "302 sign-in"
