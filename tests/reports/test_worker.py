"""A real Celery worker against the test run's real Redis makes a report end to end: the
request commits, the message goes through Redis, the worker renders the PDF and the job is
done with its file. ``make test`` provides Redis (CELERY_BROKER_URL=redis://...)."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker

from ccpl.celery import app
from reports import kinds, services
from reports.models import ReportJob
from tests.factories import PriorityFactory
from tests.reports.pdf import pdf_text, squashed

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"),
        reason="needs the test run's Redis (make test exports CELERY_BROKER_URL)",
    ),
]


def _wait_until_finished(job_id: int, timeout: float = 90) -> ReportJob:
    deadline = time.monotonic() + timeout
    seen = set()
    while time.monotonic() < deadline:
        job = ReportJob.objects.get(pk=job_id)
        seen.add(job.status)
        if job.is_finished:
            job.seen_statuses = seen
            return job
        time.sleep(0.2)
    raise AssertionError(f"Report job {job_id} still {job.status} after {timeout}s")


@pytest.fixture
def worker_closes_its_connections():
    """The worker runs tasks in its own thread, with its own database connection: close it
    after each task, or the test database is "being accessed by other users" at teardown."""
    from celery.signals import task_postrun
    from django.db import connections

    def close(**_kwargs):
        connections.close_all()

    task_postrun.connect(close, weak=False)
    yield
    task_postrun.disconnect(close)


def test_a_real_worker_makes_a_report_through_redis(staff_user, worker_closes_its_connections):
    assert app.conf.broker_url.startswith("redis://")
    for number in range(1, 6):
        PriorityFactory(number=number, short_title=f"Priority {number}")
    with start_worker(
        app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        shutdown_timeout=30,
        loglevel="WARNING",
    ):
        # Autocommit: the request's transaction commits at once, so the task is sent now.
        job, created = services.report_job_request(
            user=staff_user, inputs=kinds.inputs_for(kind="annual_report")
        )
        assert created
        done = _wait_until_finished(job.pk)
        assert done.status == ReportJob.Status.DONE, done.error
        assert done.progress == 100 and done.attempts == 1
        # The same request again finds the finished job: no second run, no second file.
        again, created_again = services.report_job_request(
            user=staff_user, inputs=kinds.inputs_for(kind="annual_report")
        )
        assert not created_again and again.pk == job.pk
    text = squashed(pdf_text(done.file.open("rb").read()))
    assert "Our framework and five priorities" in text and "Priority 5" in text
    assert ReportJob.objects.count() == 1
