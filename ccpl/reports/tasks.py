"""Celery tasks for reports. Thin: take ids, call a service.

``render_report`` is idempotent and ``acks_late`` (a worker that dies mid-report leaves
the message to be delivered again; the embedded filesystem broker cannot, which is what
``sweep_report_jobs`` is for). Transient errors (the database or broker briefly away) put
the job back in the queue and retry with exponential backoff; a run over the soft time
limit fails the job with a reason; anything else fails it with a plain reason.
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from . import services

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
SOFT_TIME_LIMIT = services.SOFT_TIME_LIMIT
TIME_LIMIT = services.TIME_LIMIT
MAX_RETRIES = 5


@shared_task(
    bind=True,
    name="ccpl.reports.render_report",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
    max_retries=MAX_RETRIES,
)
def render_report(self, job_id: int) -> str:
    """Make (or stamp the sign-off on) one report job's PDF."""
    try:
        job = services.report_job_process(job_id=job_id)
    except SoftTimeLimitExceeded:
        services.report_job_fail(
            job_id=job_id,
            reason=(
                f"The report took longer than {SOFT_TIME_LIMIT // 60} minutes to make and was "
                "stopped. Try again later, or ask your system administrator to allow more time."
            ),
        )
        return "failed"
    except TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            services.report_job_fail(
                job_id=job_id,
                reason="The report could not be made because a service it needs was unavailable. Try again later.",
            )
            raise
        services.report_job_requeue(job_id=job_id, reason="a service was briefly unavailable")
        countdown = min(2 ** (self.request.retries + 1), 300)
        raise self.retry(exc=error, countdown=countdown) from error
    except Exception as error:
        logger.exception("Report job %s failed", job_id)
        services.report_job_fail(
            job_id=job_id,
            reason=f"Something went wrong while making the report ({type(error).__name__}). "
            "The details are in the report worker's log.",
        )
        return "failed"
    return job.status if job is not None else "skipped"


@shared_task(name="ccpl.reports.sweep_report_jobs")
def sweep_report_jobs() -> dict:
    """Send again the report jobs a worker lost (scheduled every few minutes)."""
    return services.report_jobs_sweep()


@shared_task(name="ccpl.reports.request_annual_report")
def request_annual_report(year: str | None = None) -> int:
    """Ask for the annual report (scheduled by Celery beat on the configured date): for
    ``year`` (such as ``2026-27``), by default the last financial year to have ended."""
    from django.utils import timezone

    from .kinds import inputs_for
    from .periods import FinancialYear, financial_year_of
    from .sections import ANNUAL_REPORT

    if year is None:
        year = FinancialYear(financial_year_of(timezone.localdate()).start_year - 1).key
    inputs = inputs_for(kind=ANNUAL_REPORT, year=year)
    job, _created = services.report_job_request(user=None, inputs=inputs)
    return job.pk


@shared_task(name="ccpl.reports.send_reminders")
def send_reminders() -> int:
    """Email the CCPL team what needs attention (scheduled weekly)."""
    from .reminders import reminders_send

    return reminders_send()
