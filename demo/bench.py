"""The benchmark's measuring parts (``make bench``, docs/benchmarks.md), on generated data.

``pages()`` names every page type the benchmark loads, as addresses in the data at hand, with
the account that opens it (None: the public). ``page_queries()`` counts each page's SQL
queries through Django's test client; ``session_cookie()`` makes a signed-in session (with the
second factor recorded, as ``ccpl.middleware.MfaRequiredMiddleware`` expects) for the load
tool; ``journeys_start()`` starts survey journeys, answered up to the last step, whose final
submission the load tool then posts; ``measure()`` gives a piece of work's wall time and the
process's peak memory.
"""

from __future__ import annotations

import csv
import datetime
import io
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.models import Action, ActionPlan
from ccpl.middleware import MFA_PASSED
from forums.models import Forum
from recruitment.models import Campaign
from reports import services as report_services
from reports.models import ReportJob
from reports.periods import FinancialYear, financial_year_of
from surveys import demo as surveys_demo
from surveys import importing as survey_importing
from surveys import selectors as survey_selectors
from surveys import services as survey_services
from surveys.models import Invitation, QuestionKind, Survey, SurveyJourney

from .scale import scale_token

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Page:
    label: str
    url: str
    username: str | None  # None: the public


def pages() -> list[Page]:
    """Every public page type and the main signed-in pages, in the data at hand."""
    forum = Forum.objects.filter(is_public=True).order_by("pk").first()
    campaign_open = Campaign.objects.filter(closes_on__gte=timezone.localdate()).order_by("pk")
    campaign = Campaign.objects.filter(closes_on__lt=timezone.localdate()).order_by("pk").first()
    published = (
        Survey.objects.filter(
            status=Survey.Status.PUBLISHED, results_audience=Survey.Audience.PUBLIC
        )
        .order_by("-year")
        .first()
    )
    plan = ActionPlan.objects.filter(status=ActionPlan.Status.ACTIVE).first()
    action = Action.objects.filter(plan=plan).order_by("pk").first()
    listed = [
        Page("home", "/", None),
        Page("role register", "/roles/", None),
        Page("diversity", "/roles/diversity/", None),
        Page("forums", "/forums/", None),
        Page("forum", f"/forums/{forum.slug}/", None),
        Page("governance map", "/forums/map/", None),
        Page("vacancies", "/vacancies/", None),
        Page("vacancy", f"/vacancies/{campaign_open.first().pk}/", None),
        Page("published survey results", "/surveys/results/", None),
        Page("published survey", f"/surveys/results/{published.pk}/", None),
        Page("dashboard", "/dashboard/", "exec"),
        Page("action plan", f"/actions/plans/{plan.pk}/", "staff"),
        Page("plan's actions", f"/actions/plans/{plan.pk}/actions/", "staff"),
        Page("action", f"/actions/{action.pk}/", "staff"),
        Page("role management", "/roles/manage/", "staff"),
        Page("survey results", f"/surveys/manage/{published.pk}/results/", "staff"),
        Page("recruitment campaign", f"/recruitment/manage/campaigns/{campaign.pk}/", "staff"),
        Page("funnel", "/recruitment/manage/funnel/", "staff"),
    ]
    return listed


def signed_in_client(username: str | None) -> Client:
    """A test client (over https, as behind the proxy), signed in as ``username`` with the
    second factor recorded the way allauth records it."""
    client = Client(HTTP_HOST=HOST, headers={"X-Forwarded-Proto": "https"})
    if username is None:
        return client
    user = get_user_model().objects.get(username=username)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    authenticator = Authenticator.objects.filter(user=user).first()
    now = time.time()
    session = client.session
    methods = [{"method": "password", "at": now, "username": user.get_username()}]
    if authenticator is not None:
        methods.append({"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = methods
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session[MFA_PASSED] = str(user.pk)
    session.save()
    return client


def session_cookie(username: str) -> str:
    """``name=value`` of a signed-in session cookie for ``username``."""
    client = signed_in_client(username)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def page_queries(listed: list[Page] | None = None) -> dict[str, dict]:
    """Each page's status, number of SQL queries and length in bytes (the second load:
    caches warm). A streamed page (a CSV export) is read to its end inside the count: its
    rows are queried as it streams."""
    clients: dict[str | None, Client] = {}
    out = {}
    for page in listed or pages():
        client = clients.get(page.username) or signed_in_client(page.username)
        clients[page.username] = client
        _body(client.get(page.url, secure=True))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url, secure=True)
            body = _body(response)
        out[page.label] = {
            "url": page.url,
            "status": response.status_code,
            "queries": len(queries.captured_queries),
            "bytes": len(body),
        }
    return out


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def open_survey() -> Survey:
    return Survey.objects.get(kind=Survey.Kind.TEMPERATURE_CHECK, status=Survey.Status.OPEN)


def journeys_start(*, count: int) -> list[str]:
    """Start ``count`` journeys on the open survey's unused links, answered up to the check
    page, in bulk; returns their cookie secrets. Each row is what ``journey_start`` and
    ``journey_answers_save`` store (the same key and sealed link, worked out by the service's
    own helpers), so the load tool's request is the real final submission."""
    import random
    import secrets as secrets_module

    survey = open_survey()
    questions = [q for _s, qs in survey_selectors.survey_structure(survey) for q in qs]
    rng = random.Random(7)
    today = timezone.localdate()
    secrets_, journeys = [], []
    invitations = Invitation.objects.filter(survey=survey, responded=False).order_by("pk")[:count]
    for invitation in invitations:
        answers = {}
        for question, value in surveys_demo._respondent(rng, questions, 3).items():
            if question.kind == QuestionKind.FREE_TEXT:
                answers[str(question.pk)] = value
            else:
                labels = value if isinstance(value, list) else [value]
                ids = [str(o.pk) for o in question.options.all() if o.label in labels]
                answers[str(question.pk)] = ids if len(ids) > 1 else ids[0]
        secret = secrets_module.token_urlsafe(32)
        token_hash = survey_services.hash_token(scale_token(survey.pk, invitation.email))
        journeys.append(
            SurveyJourney(
                id=survey_services._journey_id(secret),
                survey=survey,
                sealed_link=survey_services._seal(secret, token_hash),
                answers=answers,
                started_on=today,
            )
        )
        secrets_.append(secret)
    SurveyJourney.objects.bulk_create(journeys, batch_size=1000)
    return secrets_


def measure(work: Callable[[], object]) -> dict:
    """Wall time of ``work()`` and the peak resident memory of this process (MB)."""
    started = time.monotonic()
    work()
    seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 2), "peak_mb": round(peak_mb, 1)}


def report_run(kind: str) -> None:
    """Make one report as the worker does (the same service the task calls), for the last
    financial year to have ended."""
    year = FinancialYear(financial_year_of(timezone.localdate()).start_year - 1).key
    # A report already made from the same data would be returned as it is: make it afresh
    # (the benchmark's database is thrown away; make bench measures other code first).
    ReportJob.objects.filter(kind=kind).delete()
    job, _created = report_services.report_job_request_for(user=None, kind=kind, year=year)
    done = report_services.report_job_run(job_id=job.pk)
    job.refresh_from_db()
    if done is None or job.status != ReportJob.Status.DONE:
        raise RuntimeError(f"the {kind} report did not finish: {job.status} {job.step}")


class _Undo(Exception):
    pass


def survey_import(rows: int = 20000) -> dict:
    """Time the survey CSV import of ``rows`` rows (read, map, validate, save) into a survey
    made for it; the file and the survey are made before the clock starts, and everything is
    rolled back afterwards."""
    import random

    result = {}
    try:
        with transaction.atomic():
            survey = survey_services.survey_from_template(year=1990, title="Import benchmark")
            questions = [q for _s, qs in survey_selectors.survey_structure(survey) for q in qs]
            text = surveys_demo._baseline_csv(random.Random(3), questions, rows)

            def work():
                # The import's three steps with every suggestion accepted: columns to
                # questions, labels to options, then the rows checked and saved.
                upload = survey_importing.upload_read(text)
                plan = survey_importing.plan_suggest(survey, upload, create=False)
                label_maps = survey_importing.label_maps_suggest(plan, upload)
                rows, problems, _empty = survey_importing.rows_build(
                    upload=upload, plan=plan, label_maps=label_maps
                )
                if problems or not rows:
                    raise RuntimeError(problems[:3] or "no rows")
                survey_services.responses_import_planned(survey=survey, plan=plan, rows=rows)

            result = measure(work)
            raise _Undo
    except _Undo:
        pass
    return result


def plan_import() -> None:
    """The action-plan import of a plan as large as the active one (up to the import's
    limit); rolled back afterwards."""
    from actions.services import imports

    plan = ActionPlan.objects.get(status=ActionPlan.Status.ACTIVE)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "priority", "title", "text", "band", "owner", "depends_on"])
    actions = list(plan.actions.select_related("priority")[: imports.MAX_IMPORT_ROWS])
    for a in actions:
        writer.writerow([a.code, a.priority.number, a.title, a.text, a.band, a.owner, ""])
    try:
        with transaction.atomic():
            imports.plan_import_csv(
                user=None,
                title="Import benchmark",
                version="benchmark",
                starts_on=datetime.date(2030, 4, 1),
                text=out.getvalue(),
            )
            raise _Undo
    except _Undo:
        pass
