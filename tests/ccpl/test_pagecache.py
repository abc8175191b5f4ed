"""Cached public pages (ccpl.pagecache, docs/adr/0009): a write shows at once, nothing
cached crosses users, and a page with a form, a cookie or a message is never shared."""

import datetime
import itertools

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path

from ccpl import pagecache
from ccpl.access import public
from ccpl.models import DataChange
from roles.models import Role
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db

# ── what counts as a write to a public table ───────────────────────────────────


@pytest.mark.parametrize(
    "sql",
    [
        'INSERT INTO "roles_role" ("title") VALUES (%s)',
        'UPDATE "roles_role" SET "title" = %s',
        'DELETE FROM "forums_membership" WHERE "id" IN (%s)',
        'INSERT OR IGNORE INTO "ccpl_equalityprofile" ("x") VALUES (%s)',
        "  update roles_role set title = 'x'",
    ],
)
def test_writes_to_public_tables_are_seen(sql):
    assert pagecache.writes_public_table(sql)


@pytest.mark.parametrize(
    "sql",
    [
        'SELECT "roles_role"."id" FROM "roles_role"',
        'UPDATE "django_session" SET "session_data" = %s',
        'INSERT INTO "ccpl_email" ("to") VALUES (%s)',
        'UPDATE "auth_user" SET "last_login" = %s',
        'INSERT INTO "surveys_surveyjourney" ("x") VALUES (%s)',
        'INSERT INTO "ccpl_datachange" DEFAULT VALUES',
        None,
    ],
)
def test_reads_and_quiet_tables_are_not(sql):
    assert not pagecache.writes_public_table(sql)


# ── the data version ───────────────────────────────────────────────────────────


def test_every_kind_of_write_raises_the_version():
    role = RoleFactory(title="Clinical lead for frailty")
    before = pagecache.current_version()
    role.title = "Clinical lead for older people"
    role.save()
    after_save = pagecache.current_version()
    Role.objects.filter(pk=role.pk).update(title="Bulk renamed")  # no signals
    after_update = pagecache.current_version()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE roles_role SET title = 'Raw' WHERE id = %s", [role.pk])
    after_raw = pagecache.current_version()
    assert before < after_save < after_update < after_raw


def test_a_rolled_back_write_leaves_the_version_alone():
    RoleFactory()
    before = pagecache.current_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        RoleFactory(title="Never committed")
        assert pagecache.current_version() > before  # seen inside its own transaction
        raise RuntimeError
    assert pagecache.current_version() == before


def test_quiet_writes_do_not_raise_the_version(client, staff_user):
    before = pagecache.current_version()
    client.force_login(staff_user)  # session and last_login writes
    assert pagecache.current_version() == before


def test_prune_keeps_the_version():
    for _ in range(3):
        RoleFactory()
    version = pagecache.current_version()
    assert pagecache.prune() >= 2
    assert DataChange.objects.count() == 1
    assert pagecache.current_version() == version


def _statements(queries):
    """Queries other than the savepoints of ATOMIC_REQUESTS."""
    return sum(1 for q in queries if "SAVEPOINT" not in q["sql"])


# ── the register, as an outsider and as staff ──────────────────────────────────


def test_a_cached_page_costs_one_query_and_carries_the_policy():
    RoleFactory(title="Clinical lead for frailty")
    first = Client().get("/roles/")
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        second = Client().get("/roles/")
    assert second.status_code == 200
    assert second.content == first.content
    assert _statements(queries) == 1, queries.captured_queries  # the data version
    assert "default-src" in second["Content-Security-Policy"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_write_shows_at_once():
    role = RoleFactory(title="Clinical lead for frailty")
    assert b"Clinical lead for frailty" in Client().get("/roles/").content
    Role.objects.filter(pk=role.pk).update(title="Clinical lead for older people")
    page = Client().get("/roles/").content
    assert b"Clinical lead for older people" in page
    assert b"Clinical lead for frailty" not in page


def test_nothing_cached_crosses_users(client, staff_user):
    RoleFactory(title="Clinical lead for frailty")
    client.force_login(staff_user)
    signed_in = client.get("/roles/").content.decode()
    assert "Sign out" in signed_in
    anonymous = Client().get("/roles/").content.decode()
    assert "Sign out" not in anonymous
    # ... and the other way round: the anonymous copy is now cached; staff never get it.
    assert "Sign out" in client.get("/roles/").content.decode()
    assert "Sign out" not in Client().get("/roles/").content.decode()


def test_a_new_day_makes_the_page_afresh(monkeypatch):
    RoleFactory()
    Client().get("/roles/")
    with CaptureQueriesContext(connection) as same_day:
        Client().get("/roles/")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(pagecache.timezone, "localdate", lambda: tomorrow)
    with CaptureQueriesContext(connection) as next_day:
        Client().get("/roles/")
    assert _statements(same_day) == 1
    assert _statements(next_day) > 1


def test_a_cache_outage_is_a_miss():
    RoleFactory(title="Clinical lead for frailty")
    unreachable = {
        "default": {
            "BACKEND": "ccpl.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=unreachable):
        from django.core.cache import caches

        caches._settings = caches.settings = unreachable  # noqa: SLF001
        try:
            for _ in range(2):
                response = Client().get("/roles/")
                assert response.status_code == 200
                assert b"Clinical lead for frailty" in response.content
        finally:
            del caches._settings
            caches.settings = caches.configure_settings(None)


# ── pages that must never be shared ────────────────────────────────────────────

calls = itertools.count()


@public
@pagecache.cached_public_page
def _form_page(request):
    next(calls)
    return HttpResponse(f"<form>{get_token(request)}</form>")


@public
@pagecache.cached_public_page
def _message_page(request):
    if next(calls) == 0:
        messages.info(request, "Your application was sent")
    template = Template("{% for message in messages %}{{ message }}{% endfor %}page")
    return HttpResponse(template.render(Context({"messages": get_messages(request)})))


@public
@pagecache.cached_public_page
def _cookie_page(request):
    next(calls)
    response = HttpResponse("hello")
    response.set_cookie("seen", "1")
    return response


@public
@pagecache.cached_public_page
def _plain_page(request):
    next(calls)
    return HttpResponse(f"plain {request.method}")


urlpatterns = [
    path("plain/", _plain_page),
    path("form/", _form_page),
    path("message/", _message_page),
    path("cookie/", _cookie_page),
]


@pytest.fixture
def count_calls():
    global calls
    calls = itertools.count()
    return lambda: next(calls)  # the number of calls so far (counting this one)


@override_settings(ROOT_URLCONF=__name__)
def test_a_page_with_a_form_is_never_shared(count_calls):
    one, two = Client(), Client()
    first, second = one.get("/form/"), two.get("/form/")
    assert first.content != second.content  # each visitor has their own CSRF token
    assert count_calls() == 2


@override_settings(ROOT_URLCONF=__name__)
def test_a_page_showing_a_message_is_not_kept(count_calls):
    visitor = Client()
    assert b"Your application was sent" in visitor.get("/message/").content
    assert b"Your application was sent" not in Client().get("/message/").content
    assert count_calls() == 2


@override_settings(ROOT_URLCONF=__name__)
def test_a_page_setting_a_cookie_is_not_kept(count_calls):
    Client().get("/cookie/")
    assert Client().get("/cookie/").cookies["seen"].value == "1"
    assert count_calls() == 2


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "roles:public_list",
        "roles:register_csv",
        "roles:register_json",
        "roles:diversity",
        "roles:diversity_csv",
        "forums:public_list",
        "forums:map",
        "recruitment:vacancy_list",
        "recruitment:vacancy_feed",
        "surveys:published_list",
        "actions:public_plan",
    ],
)
def test_the_public_pages_are_cached(name):
    from django.urls import resolve, reverse

    view = resolve(reverse(name)).func
    assert getattr(view, "page_cached", False), name
    assert view.audience == "public"


def test_searches_and_filters_are_not_kept():
    """Each distinct query string would be an entry of its own: only the page as linked (or a
    page number) is kept, so nobody can fill the cache with endless variants."""
    RoleFactory()
    for url in ("/roles/?q=frailty", "/roles/?q=frailty&page=1", "/roles/?page=²"):
        Client().get(url)
        with CaptureQueriesContext(connection) as again:
            Client().get(url)
        assert _statements(again) > 1, url
    Client().get("/roles/?page=1")
    with CaptureQueriesContext(connection) as paged:
        Client().get("/roles/?page=1")
    assert _statements(paged) == 1


@override_settings(ROOT_URLCONF=__name__)
def test_a_hit_needs_no_transaction_but_the_view_always_runs_in_one(count_calls):
    """The wrapper is exempt from ATOMIC_REQUESTS (a hit reads one row); the view itself,
    on a miss or for a request that is never cached, runs in a transaction as before."""

    def savepoints(queries):
        return sum(1 for q in queries if q["sql"].startswith("SAVEPOINT"))

    with CaptureQueriesContext(connection) as miss:
        assert Client().get("/plain/").content == b"plain GET"
    with CaptureQueriesContext(connection) as hit:
        assert Client().get("/plain/").content == b"plain GET"
    with CaptureQueriesContext(connection) as post:
        assert Client(enforce_csrf_checks=False).post("/plain/").content == b"plain POST"
    assert count_calls() == 2  # the miss and the POST ran the view; the hit did not
    assert savepoints(miss.captured_queries) == 1
    assert savepoints(post.captured_queries) == 1
    assert savepoints(hit.captured_queries) == 0
    assert _statements(hit.captured_queries) == 1  # the data version only


# ── transactions that commit in another order than they wrote ──────────────────


@pytest.mark.django_db(transaction=True)
def test_a_slow_transaction_s_write_shows_once_it_commits():
    """Change ids follow the order of writes, not commits. A transaction that wrote first but
    commits last must still change the version: otherwise a page made in between (showing
    the quicker transaction's change, not the slow one's) would be kept and shown as fresh."""
    import threading

    from django.db import connections

    slow = RoleFactory(title="Clinical lead for frailty")
    quick = RoleFactory(title="Clinical lead for sepsis")
    wrote, go_on, done = threading.Event(), threading.Event(), threading.Event()

    def slow_transaction():
        try:
            with transaction.atomic():
                Role.objects.filter(pk=slow.pk).update(title="Clinical lead for older people")
                wrote.set()
                go_on.wait(10)
        finally:
            connections.close_all()
            done.set()

    thread = threading.Thread(target=slow_transaction)
    thread.start()
    assert wrote.wait(10)
    with transaction.atomic():  # the quicker one: writes after, commits first
        Role.objects.filter(pk=quick.pk).update(title="Clinical lead for sepsis and AKI")
    between = Client().get("/roles/").content
    assert b"Clinical lead for sepsis and AKI" in between
    assert b"Clinical lead for frailty" in between  # the slow change is not committed yet
    go_on.set()
    assert done.wait(10)
    thread.join()
    after = Client().get("/roles/").content
    assert b"Clinical lead for older people" in after
    assert b"Clinical lead for frailty" not in after


def test_an_advert_is_cached_and_its_application_form_is_not():
    """The advert reads the same for everyone; its form, with each visitor's CSRF token, is
    a page of its own that is never shared."""
    from tests.recruitment.factories import CampaignFactory

    campaign = CampaignFactory()
    advert, form = f"/vacancies/{campaign.pk}/", f"/vacancies/{campaign.pk}/apply/"
    Client().get(advert)
    with CaptureQueriesContext(connection) as queries:
        page = Client().get(advert)
    assert page.status_code == 200 and _statements(queries) == 1
    assert b"csrfmiddlewaretoken" not in page.content
    first, second = Client().get(form), Client().get(form)
    assert b"csrfmiddlewaretoken" in first.content
    assert first.content != second.content  # each visitor's own token: nothing shared
