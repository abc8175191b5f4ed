"""Outages with real services (issue 13): each test starts its own Redis, SMTP relay,
Celery worker or PostgreSQL (``tests/outages.py``), takes it away while people are using the
service, and brings it back: nothing is lost, nothing is done twice, and people are told
plainly what is happening. Marked ``outage``; each takes seconds, and all run in ``make test``.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis as redis_client
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ccpl import queue
from ccpl import services as core_services
from ccpl.models import Email, OutboxMessage
from recruitment.models import Application
from reports import selectors as report_selectors
from reports import services as report_services
from reports.models import ReportJob
from reports.periods import financial_year_of
from surveys import services as survey_services
from surveys.models import Survey
from tests import outages
from tests.factories import PriorityFactory, ProfessionalGroupFactory
from tests.recruitment.factories import CampaignFactory
from tests.recruitment.test_public_pages import _application_data
from tests.surveys.factories import SectionFactory, SurveyFactory, invite, question

pytestmark = [pytest.mark.outage, pytest.mark.django_db(transaction=True)]


def _messages_in(redis: outages.Redis) -> list[tuple[str, list]]:
    """The task messages waiting in the broker: (task name, arguments)."""
    client = redis_client.Redis.from_url(redis.url)
    found = []
    for raw in client.lrange("celery", 0, -1):
        message = json.loads(raw)
        args = json.loads(base64.b64decode(message["body"]))[0]
        found.append((message["headers"]["task"], args))
    return found


@pytest.fixture
def redis(tmp_path):
    server = outages.Redis(tmp_path).start()
    yield server
    server.stop()


# --- The broker (Redis) goes away ---------------------------------------------------------


def test_with_redis_stopped_requests_are_saved_and_sent_once_when_it_is_back(
    redis, staff_client, client, settings
):
    settings.CCPL_SITE_URL = "http://testserver"
    for n in range(1, 6):
        PriorityFactory(number=n, short_title=f"Priority {n}")
    survey = survey_services.survey_from_template(year=2026)
    survey_services.survey_set_status(survey=survey, status=Survey.Status.OPEN)
    campaign = CampaignFactory()
    OutboxMessage.objects.all().delete()

    with outages.broker(redis.url):
        redis.stop()
        started = time.monotonic()
        # A report.
        year = financial_year_of(timezone.localdate())
        response = staff_client.post(
            reverse("reports:report_request", args=["annual_report"]), {"year": year.key}
        )
        assert response.status_code == 302
        job = ReportJob.objects.get()
        page = staff_client.get(response["Location"]).content.decode()
        assert "Your request is saved" in page and "as soon as it is back" in page
        # Survey invitations.
        response = staff_client.post(
            reverse("surveys:invitations_send", args=[survey.pk]), follow=True
        )
        assert response.status_code == 200
        assert "Invitations are being sent" in response.content.decode()
        # A job application, whose acknowledgement is an e-mail.
        url = reverse("recruitment:vacancy_apply", args=[campaign.pk])
        response = client.post(url, _application_data(ProfessionalGroupFactory()))
        assert response.status_code == 302
        confirmation = client.get(reverse("recruitment:vacancy_confirmation", args=[campaign.pk]))
        assert "Your candidate number" in confirmation.content.decode()
        assert time.monotonic() - started < 10  # a dead broker holds no page for long

        application = Application.objects.get()
        email = Email.objects.get()
        expected = sorted(
            [
                ("ccpl.reports.render_report", [job.pk]),
                ("surveys.tasks.send_invitations", [survey.pk]),
                ("ccpl.send_email", [email.pk]),
            ]
        )
        pending = OutboxMessage.objects.filter(sent_at__isnull=True)
        assert sorted((m.task, m.args) for m in pending) == expected
        assert all(m.attempts == 1 and m.last_error for m in pending)
        assert queue.relay_pending() == 0  # the beat, while Redis is still down: kept

        redis.start()
        assert queue.relay_pending() == 3  # the beat's next run
        assert queue.relay_pending() == 0  # and never again
    assert sorted(_messages_in(redis)) == expected  # each exactly once
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    assert Application.objects.filter(pk=application.pk).count() == 1


# --- The mail relay goes away ---------------------------------------------------------------


@pytest.fixture
def smtp(tmp_path, settings):
    relay = outages.SmtpRelay(tmp_path).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", relay.port, 3
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield relay
    relay.stop()


def test_the_test_command_runs_a_real_smtp_server(settings):
    """``make test`` exports EMAIL_URL (aiosmtpd) and SMTP_SINK_DIR: mail really goes."""

    assert os.environ["EMAIL_URL"].startswith("smtp://127.0.0.1:")
    port = int(os.environ["EMAIL_URL"].rsplit(":", 1)[1])
    assert ("127.0.0.1", port) == (settings.EMAIL_HOST, settings.EMAIL_PORT)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    email = core_services.email_queue(to="ada@nhs.net", subject="Sink check", body="Hi", kind="T")
    assert core_services.email_send(email_id=email.pk) == "sent"
    subjects = [m["Subject"] for m in outages.delivered(os.environ["SMTP_SINK_DIR"])]
    assert "Sink check" in subjects


def test_with_the_mail_relay_stopped_an_application_is_kept_once_and_mailed_once(
    smtp, client, staff_client, eager_celery
):
    campaign = CampaignFactory()
    url = reverse("recruitment:vacancy_apply", args=[campaign.pk])
    key = client.get(url).context["form"].initial["submission_key"]
    smtp.stop()
    data = _application_data(ProfessionalGroupFactory(), submission_key=key)
    response = client.post(url, data)
    assert response.status_code == 302
    # The applicant, impatient, sends the form again: the same application.
    again = client.post(url, _application_data(ProfessionalGroupFactory(), submission_key=key))
    assert again.status_code == 302 and again["Location"] == response["Location"]
    confirmation = client.get(reverse("recruitment:vacancy_confirmation", args=[campaign.pk]))
    assert "Your candidate number" in confirmation.content.decode()
    application = Application.objects.get()
    email = Email.objects.get()
    assert email.status == "failed" and email.attempts == 1 and email.retry_at is not None
    assert "could not be reached" in email.last_error
    assert smtp.messages() == []
    # Staff see why, and that it will go by itself.
    page = staff_client.get(reverse("ccpl:email_list"), {"status": "failed"}).content.decode()
    assert "the mail relay could not be reached. It will be sent again automatically" in page

    assert core_services.emails_sweep() == 0  # not due yet: left alone
    smtp.start()
    assert core_services.emails_sweep(now=email.retry_at) == 1  # the beat, once due
    assert core_services.emails_sweep(now=email.retry_at) == 0
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 2 and email.retry_at is None
    delivered = smtp.messages()
    assert len(delivered) == 1
    assert delivered[0]["To"] == "grace@nhs.net"
    assert f"candidate number {application.candidate_number}" in delivered[0].get_payload()
    assert Application.objects.count() == 1


# --- The worker dies mid-report -------------------------------------------------------------


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def test_a_worker_killed_mid_report_shows_stalled_and_the_sweeper_runs_it_once(
    redis, staff_client, settings, tmp_path
):
    for n in range(1, 6):
        PriorityFactory(number=n, short_title=f"Priority {n}")
    private = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private), "base_url": "/files/"},
        },
    }
    settings.REPORT_STALL_SECONDS, settings.REPORT_SWEEP_SECONDS = 2, 5
    env = {
        "DJANGO_SETTINGS_MODULE": "ccpl.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": redis.url,
        "PRIVATE_MEDIA_ROOT": str(private),
        "REPORT_HEARTBEAT_SECONDS": "0.3",
        "REPORT_STALL_SECONDS": "2",
    }
    log = tmp_path / "worker.log"
    first = outages.celery_worker({**env, "REPORT_SLOW_STEP_SECONDS": "60"}, log=log)
    second = None
    try:
        with outages.broker(redis.url):
            year = financial_year_of(timezone.localdate())
            response = staff_client.post(
                reverse("reports:report_request", args=["annual_report"]), {"year": year.key}
            )
            job = ReportJob.objects.get()
            progress_url = reverse("reports:report_progress", args=[job.pk])
            outages.wait_for(
                lambda: ReportJob.objects.get(pk=job.pk).progress == 84,
                timeout=60,
                what=f"the worker to start the slow step ({log.read_text()[-2000:]})",
            )
            # The rescuer boots while the first one works (its queue is empty until the sweep).
            second = outages.celery_worker(env, log=log)
            running = staff_client.get(progress_url).json()
            assert running["state"] == "running" and running["progress"] == 84
            time.sleep(1)  # it is alive: its heartbeat keeps it "running" past the stall time
            assert staff_client.get(progress_url).json()["state"] == "running"

            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            stalled = outages.wait_for(
                lambda: (p := staff_client.get(progress_url).json())["state"] == "stalled" and p,
                timeout=10,
                what="the page to say stalled",
            )
            assert stalled["status_label"] == "Stalled" and stalled["progress"] == 84
            assert "started again automatically by" in stalled["message"]
            assert stalled["retry_at"]
            page = staff_client.get(response["Location"]).content.decode()
            assert "Stalled" in page and "Being made" not in page

            assert report_services.report_jobs_sweep() == {"requeued": [job.pk], "failed": []}
            assert report_selectors.job_progress(ReportJob.objects.get(pk=job.pk))["state"] in (
                "retrying",
                "running",
                "done",
            )
            done = outages.wait_for(
                lambda: (j := ReportJob.objects.get(pk=job.pk)).is_finished and j,
                timeout=60,
                what=f"the second worker to finish ({log.read_text()[-2000:]})",
            )
            assert report_services.report_jobs_sweep() == {"requeued": [], "failed": []}
    finally:
        outages.stop_process(first, signal.SIGKILL)
        outages.stop_process(second)
    assert done.status == ReportJob.Status.DONE, done.error
    assert done.attempts == 2  # the killed run and the rescue: once each
    files = sorted(p.name for p in (private / "reports" / str(job.pk)).iterdir())
    assert len([f for f in files if f.endswith(".pdf")]) == 1, files
    assert staff_client.get(progress_url).json()["state"] == "done"


# --- PostgreSQL restarts under load ---------------------------------------------------------


class Browser:
    """One respondent's browser: cookies and the CSRF token, over plain HTTP."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.statuses: list[int] = []

    def request(self, method: str, path: str, data: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        conn.close()
        self.statuses.append(response.status)
        if response.status == 503:
            assert "Try again in a moment" in text
        return response.status, response.getheader("Location", ""), text

    def until_not_503(self, method, path, data=None):
        """What a person does when told "try again in a moment"."""
        for _ in range(100):
            status, location, text = self.request(method, path, data)
            if status != 503:
                return status, location, text
            time.sleep(0.1)
        raise AssertionError(f"{path} unavailable for 10s")


def _respond(port: int, token: str, question_name: str, option: str) -> tuple[bool, list]:
    """One respondent's whole journey: whether the service said the answers were sent, and
    every status code the respondent saw."""
    browser = Browser(port)
    status, location, _ = browser.until_not_503("GET", f"/survey/{token}/")
    assert (status, location) == (302, "/survey/about/"), status
    status, _, _ = browser.until_not_503("GET", "/survey/page/1/")
    assert status == 200
    status, location, _ = browser.until_not_503("POST", "/survey/page/1/", {question_name: option})
    assert (status, location) == (302, "/survey/check/"), (status, location)
    status, location, _ = browser.request("POST", "/survey/check/", {})
    assert status in (302, 503), status
    return status == 302 and location == "/survey/thank-you/", browser.statuses


def test_a_postgresql_restart_under_load_loses_and_duplicates_nothing(tmp_path):
    survey = SurveyFactory(status=Survey.Status.OPEN)
    q = question(SectionFactory(survey=survey), "yn", kind="yes_no")
    option = str(q.options.first().pk)
    tokens = [invite(survey, email=f"leader{n}@nhs.net")[1] for n in range(100)]

    # Our own cluster, holding a copy of the test database as it is now.
    pg = outages.Postgres().init()
    pg.start()
    try:
        s = connection.settings_dict
        bin_ = outages.PG_BIN
        subprocess.run(
            [str(bin_ / "createdb"), "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres",
             "ccpl"], check=True)  # fmt: skip
        dump = subprocess.run(
            [str(bin_ / "pg_dump"), "-h", s["HOST"], "-p", str(s["PORT"]), "-U", s["USER"],
             "--no-owner", s["NAME"]], check=True, capture_output=True)  # fmt: skip
        subprocess.run(
            [str(bin_ / "psql"), "-q", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres",
             "-v", "ON_ERROR_STOP=1", "ccpl"], input=dump.stdout, check=True,
            stdout=subprocess.DEVNULL)  # fmt: skip
        port = outages.free_port()
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "ccpl.wsgi",
             "-b", f"127.0.0.1:{port}", "-w", "1", "--threads", "8", "--preload", "--log-level", "warning",
             "--access-logfile", str(tmp_path / "access.log"),
             "--error-logfile", str(tmp_path / "gunicorn.log")],
            cwd=outages.ROOT,
            env={**outages.own_process_environ(), "DATABASE_URL": pg.url("ccpl"), "CONN_MAX_AGE": "60",
                 "DJANGO_SETTINGS_MODULE": "ccpl.settings.test",
                 # Work it queues stays in its outbox, away from the run's shared Redis.
                 "CELERY_BROKER_URL": f"redis://127.0.0.1:{outages.free_port()}/0"},
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            outages.wait_for(lambda: outages.listening(port), what="the web server")
            for _ in range(2):  # the worker has loaded Django and answers
                Browser(port).request("GET", "/survey/about/")
            name = f"q{q.pk}"
            finished = []
            halfway = threading.Event()

            def one_done(_future):
                finished.append(1)
                if len(finished) == 20:
                    halfway.set()

            def restart():
                halfway.wait(timeout=60)
                pg.stop("fast")
                time.sleep(1.5)  # people keep sending answers while it is down
                pg.start()

            restarter = threading.Thread(target=restart)
            restarter.start()
            with ThreadPoolExecutor(max_workers=8) as pool:
                futures = [pool.submit(_respond, port, token, name, option) for token in tokens]
                for future in futures:
                    future.add_done_callback(one_done)
                outcomes = [f.result() for f in futures]
            restarter.join()
        finally:
            outages.stop_process(server)
            log = (tmp_path / "gunicorn.log").read_text()
            access = (tmp_path / "access.log").read_text()
        server_errors = re.findall(r'" (5(?!03)\d\d) ', access)
        assert not server_errors and "Internal Server Error" not in log, log[-3000:]
        statuses = {status for _sent, seen in outcomes for status in seen}
        assert statuses <= {200, 302, 503}, statuses  # never a server error
        assert 503 in statuses  # the restart was felt, and people were told to try again
        acknowledged = sum(sent for sent, _seen in outcomes)
        import psycopg2

        with psycopg2.connect(pg.url("ccpl")) as db, db.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM surveys_response WHERE survey_id = %s", [survey.pk]
            )
            stored = cursor.fetchone()[0]
        assert stored == acknowledged, (stored, acknowledged)
        assert acknowledged >= 50  # most got through; the rest were told to try again
    finally:
        pg.remove()


def test_with_the_mail_relay_stopped_survey_invitations_wait_and_none_goes_twice(
    smtp, settings, staff_user
):
    from django.core import mail

    from surveys import tasks as survey_tasks
    from surveys.models import Invitation

    settings.CCPL_SITE_URL = "https://ccpl.example.nhs.uk"
    survey = SurveyFactory(status=Survey.Status.OPEN)
    SectionFactory(survey=survey)
    for n in range(5):
        Invitation.objects.create(survey=survey, email=f"p{n}@nhs.net")
    smtp.stop()
    # The relay is away: nothing is marked e-mailed, and the task is one that tries again.
    with pytest.raises(survey_services.MailRelayUnreachable):
        survey_services.invitations_send(survey=survey)
    assert not Invitation.objects.filter(sent_on__isnull=False).exists()
    assert survey_services.MailRelayUnreachable in survey_tasks.send_invitations.autoretry_for
    # It comes back but goes away again after two messages: those two are marked e-mailed.
    settings.EMAIL_BACKEND = "tests.outages.RelayCutOffAfter"
    outages.RelayCutOffAfter.limit = 2
    with pytest.raises(Exception, match="unexpectedly closed"):
        survey_services.invitations_send(survey=survey)
    assert Invitation.objects.filter(sent_on__isnull=False).count() == 2
    # The next try sends only the other three: everyone once, nobody twice.
    outages.RelayCutOffAfter.limit = 100
    assert survey_services.invitations_send(survey=survey) == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"p{n}@nhs.net" for n in range(5)]
    assert survey_services.invitations_send(survey=survey) == 0
