"""Public pages served from the cache, made afresh after every write (docs/adr/0009).

Public pages (the register, the diversity figures, forums, the map, vacancies, published
survey results, the plan) change rarely and are read often. ``cached_public_page`` keeps
each one in the shared cache under a key made of

- the **data version**: the id of the newest ``ccpl.models.DataChange`` row. A row is added
  by every INSERT, UPDATE and DELETE the application sends to a table a public page may
  show, in the same transaction: the version changes when the write commits, and not at
  all if it rolls back. Ids follow the order of writes, not of commits, so a transaction
  adds one more row just after it commits (``_record_change_after_commit``): a page made
  while it was open is never kept under the version that follows it. The bump is not left to each service to remember: a database
  execute wrapper (installed on every connection by ``install``) sees every write, whether
  from a service, the admin, a bulk update, a migration or the worker. Only tables no
  public page reads are left out (``QUIET_TABLES``);
- **today's date**, because closing dates and terms of office change pages without a write;
- the host, path and query string.

Only anonymous GET and HEAD requests read or fill the cache, so a cached page is never
served across users or permissions. A response is kept only when it is a plain 200 that set
no cookie, used no CSRF token (a page with a form is never shared) and showed no message.
A cache outage is a miss (``ccpl.cache.FailOpenRedisCache``); the page is rendered as usual.
Middleware runs on a cached page as on any other, so it carries the same headers, including
the Content-Security-Policy (no nonces: the policy is the same for every response).
"""

import hashlib
import logging
import re
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

# Tables written often that no public page reads. Any other table bumps the data version.
QUIET_TABLES = frozenset(
    {
        "ccpl_datachange",  # the version itself
        "django_session",  # sign-in and every visit
        "django_admin_log",
        "auth_user",  # last_login on every sign-in; public pages name people, not users
        "auth_user_groups",
        "account_emailaddress",
        "account_emailconfirmation",
        "mfa_authenticator",
        "socialaccount_socialaccount",
        "socialaccount_socialtoken",
        "socialaccount_socialapp",
        "ccpl_outboxmessage",  # the worker's queue
        "ccpl_email",
        "ccpl_invitation",
        "ccpl_emailchange",
        "ccpl_accountevent",
        "ccpl_reportjob",
        "surveys_invitation",  # invitations and journeys: never shown outside the survey
        "surveys_invitationtoken",
        "surveys_surveyjourney",
        "surveys_surveyreminder",
    }
)

_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE
)
# While migrate runs, the change table may not exist yet: nothing is recorded, and one
# change is recorded when it ends (a data migration may have changed public pages).
_migrating = False
_KEPT_HEADERS = ("Content-Disposition", "Content-Language")


def writes_public_table(sql) -> bool:
    """Whether ``sql`` changes a table that a public page may show."""
    if not isinstance(sql, str):
        return False
    match = _WRITE.match(sql)
    return bool(match) and match.group(1).rsplit(".", 1)[-1] not in QUIET_TABLES


def _record_change(connection):
    from .models import DataChange

    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {DataChange._meta.db_table} DEFAULT VALUES")  # noqa: S608


def _record_change_after_commit():
    """A change row after the commit: ids are handed out in the order writes happen, not in
    the order transactions commit, so the row recorded inside a transaction may be older
    than one a quicker transaction has already committed. Without a row of its own after
    the commit, a page made in between (showing the quicker change but not this one) would
    be kept under a version that this commit does not change. The row is only a cache's
    version, so it is not worth a wait for the disk (``synchronous_commit`` off)."""
    from django.db import DatabaseError, connection

    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            _record_change(connection)
    except DatabaseError:
        # The commit itself succeeded; only a page made in the last moments before it may
        # stay in the cache until the next write (or the day ends).
        logger.warning("Data version not raised after a commit", exc_info=True)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not _migrating and writes_public_table(sql):
        connection = context["connection"]
        _record_change(connection)
        if connection.in_atomic_block and not any(
            func is _record_change_after_commit for _sids, func, _robust in connection.run_on_commit
        ):
            # Robust: whatever happens here, the callbacks queued after it (mail, tasks) run.
            connection.on_commit(_record_change_after_commit, robust=True)
    return result


def install(sender=None, connection=None, **kwargs):
    """Watch every write on ``connection`` (connected to ``connection_created``)."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def migrate_started(sender=None, **kwargs):
    global _migrating
    _migrating = True


def migrate_ended(sender=None, using="default", **kwargs):
    global _migrating
    _migrating = False
    from django.db import connections

    from .models import DataChange

    connection = connections[using]
    if DataChange._meta.db_table in connection.introspection.table_names():
        _record_change(connection)


@contextmanager
def paused():
    """Record no changes inside (for code that steps through migrations by hand, when the
    change table may not exist: ``migrate`` itself pauses through its signals)."""
    global _migrating
    before, _migrating = _migrating, True
    try:
        yield
    finally:
        _migrating = before


def current_version() -> int:
    """The data version: the id of the newest committed change a public page may show.

    Plain SQL (one index lookup): it is read on every cached page, where the ORM's query
    building would cost as much as the rest of the hit."""
    from django.db import connection

    from .models import DataChange

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {DataChange._meta.db_table} ORDER BY id DESC LIMIT 1"  # noqa: S608
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def prune() -> int:
    """Delete every change row but the newest (the version stays as it is)."""
    from .models import DataChange

    newest = current_version()
    deleted, _ = DataChange.objects.filter(id__lt=newest).delete()
    return deleted


def _pending_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _key(request, version) -> str:
    raw = "|".join(
        (
            str(version),
            timezone.localdate().isoformat(),
            request.get_host(),
            request.get_full_path(),
        )
    )
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _cacheable_query(request) -> bool:
    """Only the page as linked (no query string, or a page number) is kept: every distinct
    filter or search would be a cache entry of its own, and anyone could make unlimited
    numbers of them. Filtered views are rendered as usual."""
    params = request.GET
    return not params or (
        list(params) == ["page"]
        and params["page"].isascii()
        and params["page"].isdigit()
        and len(params["page"]) <= 4
    )


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not _pending_messages(request)
    )


def _store(request, response, key):
    if _storable(request, response):
        headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
        cache.set(
            key,
            {"content": response.content, "type": response["Content-Type"], "headers": headers},
            timeout=24 * 60 * 60,
        )


def cached_public_page(view):
    """Serve ``view`` to anonymous visitors from the cache, made afresh after any write."""

    # A hit reads one row and the cache: it needs no transaction, so the wrapper is exempt
    # from ATOMIC_REQUESTS and the view itself (a miss, or anything not cached) runs in one,
    # as every other view does.
    atomic_view = (
        transaction.atomic(view) if settings.DATABASES["default"].get("ATOMIC_REQUESTS") else view
    )

    @transaction.non_atomic_requests
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if (
            not settings.PUBLIC_PAGE_CACHE
            or request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
            or _pending_messages(request)
            or not _cacheable_query(request)
        ):
            return atomic_view(request, *args, **kwargs)
        key = _key(request, current_version())
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"], content_type=stored["type"])
            for name, value in stored["headers"].items():
                response[name] = value
            return response
        response = atomic_view(request, *args, **kwargs)
        if hasattr(response, "add_post_render_callback") and not response.is_rendered:
            response.add_post_render_callback(lambda rendered: _store(request, rendered, key))
        else:
            _store(request, response, key)
        return response

    # A view that is an instance (a syndication Feed) keeps its audience on its class, which
    # ``wraps`` does not copy (ccpl.access).
    if hasattr(view, "audience"):
        wrapped.audience = view.audience
    wrapped.page_cached = True
    return wrapped
