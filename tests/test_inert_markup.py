"""Stored script stays inert: markup typed into any text field is shown as text.

On the demo ICB, every free-text field of the main models (people, roles, forums, meetings,
decisions, actions, progress updates, surveys and their questions and help text, campaigns,
applications and the rest of those apps) is overwritten with hostile markup. Then the
product is crawled as staff, executive, leader, panel member and the public (one address
per URL pattern, as the authorisation matrix does) and every HTML page is parsed: no
``<script>`` carrying our payload, no ``on…=`` event-handler attribute, no ``javascript:``
address. The detector itself is checked against a template that uses ``|safe``.
"""

import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import DatabaseError, models, transaction
from django.template import Context, Template
from django.test import Client
from django.urls import get_resolver, reverse

from tests.test_authorisation_matrix import SKIPPED_PREFIXES, _route_of, _walk

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
LINK = "javascript:alert(1)"
PAYLOAD = f"{SCRIPT}{IMG}{LINK}"
APPS = ("ccpl", "forums", "roles", "actions", "surveys", "recruitment", "reports")
# Fields whose text is an identifier, a key or a stored choice, not something shown as typed.
NOT_FREE_TEXT = (
    models.SlugField,
    models.EmailField,
    models.URLField,
    models.GenericIPAddressField,
)
NOT_FREE_TEXT_NAMES = {"token", "pseudonym", "key", "fingerprint", "filename", "code", "ods_code"}


DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}


class Unsafe(HTMLParser):
    """Finds markup that would run: a script element holding the payload, an event-handler
    attribute, or a ``javascript:`` address in href, src, action or formaction. A data block
    (``<script type="application/ld+json">``) is never run, so it may hold the payload as
    data, but only as whole JSON: one the payload cut short is reported."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False
        self._data_block = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in_script = True
            self._data_block = (dict(attrs).get("type") or "").lower() in DATA_BLOCK_TYPES
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and (
                (value or "").strip().lower().startswith("javascript:")
            ):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(1)" in data:
            if self._data_block:
                try:
                    json.loads(data)
                except ValueError:
                    self.found.append(f"<script data block cut short>{data}")
                return
            self.found.append(f"<script>{data}")


def unsafe_markup(html: str) -> list[str]:
    parser = Unsafe()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_detector_catches_a_template_that_marks_user_text_safe():
    # The deliberately broken build: one `|safe` on user text is caught.
    broken = Template("<p>{{ text|safe }}</p>").render(Context({"text": PAYLOAD}))
    found = unsafe_markup(broken)
    assert any("onerror" in f for f in found)
    assert any("<script>" in f for f in found)
    link = Template('<a href="{{ url|safe }}">x</a>').render(Context({"url": LINK}))
    assert unsafe_markup(link)
    # Django's escaping leaves the same text inert.
    assert unsafe_markup(Template("<p>{{ text }}</p>").render(Context({"text": PAYLOAD}))) == []
    assert "<script>alert(1)" not in Template("{{ text }}").render(Context({"text": PAYLOAD}))
    # Structured data (JSON-LD) escaped as ``|json_ld`` does it stays one whole data block;
    # the same JSON written unescaped is cut short by the payload and caught.
    data = {"title": PAYLOAD}
    inert = Template("{% load nhsuk %}{{ data|json_ld }}").render(Context({"data": data}))
    assert unsafe_markup(inert) == []
    unescaped = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    assert unsafe_markup(unescaped)


def _free_text_fields(model):
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if isinstance(field, NOT_FREE_TEXT) or field.choices or field.unique or field.primary_key:
            continue
        if field.name in NOT_FREE_TEXT_NAMES or field.name.endswith(("_token", "_key", "_hash")):
            continue
        yield field


def _poison_every_text_field() -> int:
    """Overwrites every free-text field of every row; returns how many fields took it."""
    poisoned = 0
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if not model.objects.exists():
                continue
            for field in _free_text_fields(model):
                limit = field.max_length or len(PAYLOAD)
                value = next(
                    (v for v in (PAYLOAD, SCRIPT + IMG, IMG, SCRIPT) if len(v) <= limit), None
                )
                if value is None:
                    continue
                try:
                    with transaction.atomic():
                        model.objects.update(**{field.attname: value})
                except DatabaseError:
                    continue  # a database constraint on this column's shape: leave it
                poisoned += 1
    return poisoned


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def _crawl_and_check(client, start, problems, kind, limit=1500):
    queue = deque(start)
    seen = set(start)
    routes = set()
    pages = 0
    while queue and pages < limit:
        path = queue.popleft()
        response = client.get(path)
        pages += 1
        if response.status_code >= 500:
            problems.append((kind, path, f"server error {response.status_code}"))
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        html = response.content.decode("utf-8", "replace")
        for found in unsafe_markup(html):
            problems.append((kind, path, found))
        links = _Links()
        links.feed(html)
        for href in links.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            link = parts.path
            if link in seen or link.startswith(SKIPPED_PREFIXES):
                continue
            seen.add(link)
            route = _route_of(link)
            if route is None or route in routes:
                continue
            routes.add(route)
            queue.append(link)
    return pages


@pytest.fixture(scope="module")
def poisoned_demo(demo_snapshot, django_db_blocker):
    """The demo ICB with markup in every free-text field, loaded once for the module and
    rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_snapshot.restore()
        fields = _poison_every_text_field()
        yield fields
        transaction.set_rollback(True)


def test_markup_in_every_text_field_is_shown_inert_on_every_page(poisoned_demo, db):
    assert poisoned_demo > 100
    users = get_user_model().objects
    start = sorted(
        "/" + route
        for route in set(_walk(get_resolver().url_patterns))
        if "<" not in route
        and not re.search(r"[\\^$(]", route)
        and not ("/" + route).startswith(SKIPPED_PREFIXES)
        and _route_of("/" + route) == route
    )
    problems = []
    pages = 0
    for kind in ("staff", "exec", "leader", "panel", "board", None):
        client = Client()
        if kind:
            client.force_login(users.get(username=kind))
        pages += _crawl_and_check(client, start, problems, kind or "public")
    assert pages > 300, "the crawl should reach most of the product"
    assert problems == []


def test_survey_questions_and_help_text_are_inert_for_respondents_and_in_the_preview(
    poisoned_demo, db
):
    # The respondent journey and the question pages are not reached by links.
    from surveys import services as survey_services
    from surveys.models import Invitation, Question, Survey

    staff = Client()
    staff.force_login(get_user_model().objects.get(username="staff"))
    problems = []
    checked = 0
    for survey in Survey.objects.all():
        pages = survey.sections.count()
        paths = [reverse("surveys:preview", args=[survey.pk, n]) for n in range(1, pages + 1)]
        paths += [
            reverse("surveys:question_edit", args=[survey.pk, q.pk])
            for q in Question.objects.filter(survey=survey)
        ]
        for path in paths:
            response = staff.get(path)
            if response.status_code == 200:
                checked += 1
                problems += [("staff", path, f) for f in unsafe_markup(response.content.decode())]
        survey.status = Survey.Status.OPEN
        survey.save(update_fields=["status"])
        invitation = Invitation.objects.create(survey=survey, email="x@nhs.net", name=PAYLOAD)
        token = survey_services.invitation_token_issue(invitation=invitation)
        respondent = Client()
        response = respondent.get(f"/survey/{token}/", follow=True)
        for number in range(1, pages + 1):
            response = respondent.get(f"/survey/page/{number}/")
            if response.status_code == 200:
                checked += 1
                html = response.content.decode()
                problems += [("respondent", number, f) for f in unsafe_markup(html)]
    assert checked > 5
    assert problems == []
