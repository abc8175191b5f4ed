"""Fixtures shared by every test: one user per kind, and signed-in clients."""

import pytest
from django.contrib.auth.models import Group

from ccpl import rules, services
from tests import factories

# The longest test files, longest first (pytest --durations=60 on 2 cores, docs/testing.md).
# `make test` hands whole files to its pytest-xdist workers in collection order
# (--dist loadfile --no-loadscope-reorder): starting with these keeps one long file from
# being left to run alone at the end while the other worker sits idle. Most of them load
# the demo ICB (manage.py load_demo) once or more.
LONGEST_FIRST = (
    "tests/test_hostile_forms.py",
    "tests/ccpl/test_demo.py",
    "tests/test_authorisation_matrix.py",
    "tests/test_inert_markup.py",
    "tests/ccpl/test_equality_attack.py",
    "tests/surveys/test_unlinkability.py",
    "tests/test_embedded_default.py",
    "tests/forums/test_forum_demo.py",
    "tests/bench/test_smoke_benchmark.py",
    "tests/reports/test_rendering.py",
    "tests/recruitment/test_demo.py",
    "tests/dashboard/test_dashboard.py",
    "tests/browser/test_reports_pages.py",
    "tests/browser/test_surveys_pages.py",
    "tests/reports/test_reminders.py",
)


def pytest_collection_modifyitems(items):
    def rank(item):
        path = item.nodeid.split("::", 1)[0]
        return next(
            (i for i, prefix in enumerate(LONGEST_FIRST) if path.startswith(prefix)),
            len(LONGEST_FIRST),
        )

    items.sort(key=rank)  # stable: the rest keep their order


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache (Redis in the test run): start each test clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_page_cache(settings):
    """Public pages rendered every time (ccpl.pagecache): for tests of their query counts."""
    settings.PUBLIC_PAGE_CACHE = False


@pytest.fixture
def page_cache_paused():
    """For tests that step through migrations by hand: the data-change table of
    ccpl.pagecache may not exist in the states they visit."""
    from ccpl import pagecache

    with pagecache.paused():
        yield


@pytest.fixture(autouse=True)
def _force_login_passes_mfa(request, monkeypatch):
    """``Client.force_login`` and ``Client.login`` skip allauth's sign-in and so its second
    step, which staff must pass (ccpl.middleware.MfaRequiredMiddleware). For them, they also
    give the user an authenticator app and record the second step in the session as allauth
    does. Tests of MFA itself mark themselves ``real_mfa`` and sign in through the real
    forms."""
    if request.node.get_closest_marker("real_mfa"):
        return
    from django.test import Client

    from ccpl.access import mfa_required
    from tests.mfa import record_mfa_passed

    original_force_login = Client.force_login
    original_login = Client.login

    def force_login(self, user, backend=None):
        original_force_login(self, user, backend)
        if mfa_required(user):
            record_mfa_passed(self, user)

    def login(self, **credentials):
        from django.contrib.auth import get_user_model

        signed_in = original_login(self, **credentials)
        if signed_in:
            user = get_user_model().objects.get(pk=self.session["_auth_user_id"])
            if mfa_required(user):
                record_mfa_passed(self, user)
        return signed_in

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "login", login)


@pytest.fixture
def eager_celery():
    """Run Celery tasks in the calling thread, as the worker would."""
    from ccpl.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def user_kinds(db):
    services.user_kinds_ensure()


def _user_of_kind(kind, **extra):
    user = factories.UserFactory(**extra)
    user.groups.add(Group.objects.get(name=kind))
    return user


@pytest.fixture
def staff_user(user_kinds):
    return _user_of_kind(
        rules.CCPL_TEAM, username="staff-user", is_staff=True, first_name="Sam", last_name="Staff"
    )


@pytest.fixture
def exec_user(user_kinds):
    return _user_of_kind(rules.EXECUTIVE, username="exec-user", first_name="Erin", last_name="Exec")


@pytest.fixture
def leader_user(user_kinds):
    user = _user_of_kind(rules.LEADER, username="leader-user")
    factories.PersonFactory(user=user, given_name="Lee", family_name="Leader")
    return user


@pytest.fixture
def panel_user(user_kinds):
    return _user_of_kind(
        rules.RECRUITMENT_PANEL, username="panel-user", first_name="Pat", last_name="Panel"
    )


@pytest.fixture
def board_user(user_kinds):
    return _user_of_kind(
        rules.BOARD_MEMBER, username="board-user", first_name="Bo", last_name="Board"
    )


@pytest.fixture
def sysadmin_user(user_kinds):
    return _user_of_kind(
        rules.SYSTEM_ADMINISTRATOR,
        username="sysadmin-user",
        is_staff=True,
        is_superuser=True,
        first_name="Ash",
        last_name="Admin",
    )


def _client_for(client, user):
    # A client of its own per user kind, so a test may use several at once.
    from django.test import Client

    own = Client()
    own.force_login(user)
    return own


@pytest.fixture
def staff_client(client, staff_user):
    return _client_for(client, staff_user)


@pytest.fixture
def exec_client(client, exec_user):
    return _client_for(client, exec_user)


@pytest.fixture
def leader_client(client, leader_user):
    return _client_for(client, leader_user)


@pytest.fixture
def panel_client(client, panel_user):
    return _client_for(client, panel_user)


@pytest.fixture
def board_client(client, board_user):
    return _client_for(client, board_user)


@pytest.fixture
def sysadmin_client(client, sysadmin_user):
    return _client_for(client, sysadmin_user)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo ICB's rows, loaded once per test process (tests/demo_snapshot.py)."""
    from tests import demo_snapshot

    with django_db_blocker.unblock():
        return demo_snapshot.take()


@pytest.fixture(scope="module")
def demo_module(demo_snapshot, django_db_blocker):
    """The whole demo ICB, copied in once for a module's tests and rolled back afterwards.
    Tests use it with ``db`` (or ``demo``, where a conftest gives one), each in its own
    savepoint."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        demo_snapshot.restore()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(demo_snapshot, db):
    """The whole demo ICB, copied in for one test (in its transaction, rolled back after
    it): for a module whose other tests need an empty database."""
    demo_snapshot.restore()


@pytest.fixture
def demo_committed(demo_snapshot, transactional_db):
    """The demo ICB committed, for live-server tests (pytest-django empties the tables
    after the test)."""
    demo_snapshot.restore()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After the run, before the test database is dropped: any other session still connected
    to it is a connection some test's thread left open. Name it (its last query) and close it,
    so teardown never warns that the database "is being accessed by other users"."""
    yield
    import warnings

    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, state, left(query, 200) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        for pid, state, query in cursor.fetchall():
            warnings.warn(
                f"A test left a database connection open ({state}): {query}", stacklevel=1
            )
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
