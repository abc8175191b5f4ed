"""Hostile input into every form and list query string: never a server error.

On the demo ICB, the product is crawled as staff, executive, leader, panel member and the
public (one address per URL pattern). Every form found is then posted by the first of those
user kinds that reached it, with values from Hypothesis (huge and negative numbers, NUL
bytes, very long strings, odd unicode, malformed dates, markup), about 25 examples a form;
every page with a table or a filter is requested with hostile ``?page=``, ``?per_page=``,
``?sort=`` and filter values. Each example runs in a savepoint rolled back afterwards, so a
form that deletes or publishes does not change what the next one sees. A server error
raises in the test client and fails the test with the example that caused it.
"""

import re
import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_authorisation_matrix import SKIPPED_PREFIXES, _route_of, _walk

KINDS = ("staff", "exec", "leader", "panel", "board", None)
EXAMPLES = 25
# Forms that end the session or the account, not the product's data.
NOT_FUZZED = ("/accounts/logout/", "/accounts/password/change/", "/accounts/email/")
# Time is this process's own (CPU) time: wall time on a shared machine says more about the
# neighbours than about the test. The crawl must stay short, and so must each form or list
# fuzzed (a pathological one stands out however many there are); the budget grows with the
# product's forms rather than being one total that each new form eats into.
CRAWL_BUDGET_SECONDS = 90
TARGET_BUDGET_SECONDS = 20  # the slowest single form or list, all its examples
AVERAGE_BUDGET_SECONDS = 3  # per form or list, on average

hostile_text = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "-99999999999999999999",
            "99999999999999999999999999",
            "1e309",
            "NaN",
            "inf",
            "\x00",
            "a\x00b",
            "x" * 100_000,
            "9" * 5000,
            "2026-02-30",
            "31/13/2026",
            "9999999-99-99",
            "0000-00-00",
            "99999999",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "../../etc/passwd",
            "\u202e\ufeff\u200b",
            "\U0001f600" * 50,
            "e\u0301\u0301\u0301\ufffd\uffff",
            "on",
            "true",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
)


@dataclass
class FoundForm:
    kind: str | None
    method: str
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name → values on the page


class _Page(HTMLParser):
    """Links and forms (with their field names and the values the page offers)."""

    def __init__(self, path):
        super().__init__()
        self.path = path
        self.links: list[str] = []
        self.forms: list[tuple[str, str, dict[str, list[str]]]] = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = (
                (attrs.get("method") or "get").lower(),
                urlsplit(attrs.get("action") or self.path).path or self.path,
                {},
            )
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea", "button") and self._form is not None:
            name = attrs.get("name")
            if name and name != "csrfmiddlewaretoken":
                values = self._form[2].setdefault(name, [])
                if attrs.get("value") is not None:
                    values.append(attrs["value"])
        elif tag == "option" and self._form is not None and self._form[2]:
            last = list(self._form[2])[-1]
            if attrs.get("value"):
                self._form[2][last].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _crawl(client, kind, start, routes_seen, forms, lists, routes, limit=1500):
    """Each URL pattern is fetched once, by the first user kind that reaches it (``routes``
    is shared between the kinds), which keeps the crawl short."""
    queue = deque(p for p in start if _route_of(p) not in routes)
    seen = set(start)
    queued: set = set()
    while queue and len(seen) < limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        routes.add(_route_of(path))
        html = response.content.decode("utf-8", "replace")
        page = _Page(path)
        page.feed(html)
        route = _route_of(path)
        if route not in routes_seen and ("per_page" in html or "sort=" in html):
            lists.append((kind, path, {}))
        for method, action, fields in page.forms:
            key = (method, _route_of(action), tuple(sorted(fields)))
            if key[1] is None or key in routes_seen or action.startswith(NOT_FUZZED):
                continue
            routes_seen.add(key)
            if method == "get":
                lists.append((kind, action, fields))
            else:
                forms.append(FoundForm(kind, method, action, fields))
        routes_seen.add(route)
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            link = parts.path
            if link in seen or link.startswith(SKIPPED_PREFIXES + NOT_FUZZED):
                continue
            seen.add(link)
            link_route = _route_of(link)
            if link_route is None or link_route in routes or link_route in queued:
                continue
            queued.add(link_route)
            queue.append(link)


def _value_for(name, offered, draw):
    # Half the time a value the page offers (a real id or choice), so forms get past their
    # first check; otherwise anything.
    if offered and draw(st.booleans()):
        return draw(st.sampled_from(offered))
    return draw(hostile_text)


def _request(client, method, path, data):
    with transaction.atomic():
        response = getattr(client, method)(path, data)
        transaction.set_rollback(True)
    return response


def _fuzz(client, kind, method, path, fields, extra):
    """About 25 hostile requests to one form or list; any server error fails the test."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def check(data):
        names = [*extra, *fields]
        values = {name: _value_for(name, fields.get(name), data.draw) for name in names}
        response = _request(client, method, path, values)
        assert response.status_code < 500, (kind, method, path, values)

    check()


@pytest.mark.django_db
def test_hostile_values_in_every_form_and_query_string_give_no_server_error(demo_db):
    started = time.process_time()
    users = get_user_model().objects
    clients = {}
    for kind in KINDS:
        clients[kind] = Client(raise_request_exception=True)
        if kind:
            clients[kind].force_login(users.get(username=kind))
    start = sorted(
        "/" + route
        for route in set(_walk(get_resolver().url_patterns))
        if "<" not in route
        and not re.search(r"[\\^$(]", route)
        and not ("/" + route).startswith(SKIPPED_PREFIXES + NOT_FUZZED)
        and _route_of("/" + route) == route
    )
    seen: set = set()
    forms: list[FoundForm] = []
    lists: list[tuple] = []
    fetched: set = set()
    for kind in KINDS:
        _crawl(clients[kind], kind, start, seen, forms, lists, fetched)
    print(
        f"hostile input: {len(forms)} forms, {len(lists)} lists after {time.process_time() - started:.0f}s"
    )  # noqa: E501
    assert len(forms) > 40, "the crawl should find most of the product's forms"
    assert len(lists) > 10

    crawled = time.process_time()
    assert crawled - started < CRAWL_BUDGET_SECONDS, "keep the crawl short"
    targets = [(form.kind, form.method, form.action, form.fields, []) for form in forms] + [
        (kind, "get", path, fields, ["page", "per_page", "sort"]) for kind, path, fields in lists
    ]
    slowest = (0.0, None)
    for kind, method, path, fields, extra in targets:
        before = time.process_time()
        _fuzz(clients[kind], kind, method, path, fields, extra)
        slowest = max(slowest, (time.process_time() - before, path), key=lambda t: t[0])
    average = (time.process_time() - crawled) / len(targets)
    print(f"hostile input: {average:.1f}s a target on average; slowest {slowest}")
    assert slowest[0] < TARGET_BUDGET_SECONDS, f"one form or list is slow to reject: {slowest}"
    assert average < AVERAGE_BUDGET_SECONDS, "keep the hostile-input run short"
