"""Celery tasks for reports. Thin: each takes ids (or nothing) and calls one service.

The task names are those the tasks had when the reports lived in the core
(``ccpl.reports.…``): messages queued before a deploy, and Celery beat's schedule, still find
them (``tests/reports/test_tasks.py`` checks them).

``render_report`` is idempotent and ``acks_late`` (a worker that dies mid-report leaves
the message to be delivered again; the embedded filesystem broker cannot, which is what
``sweep_report_jobs`` is for). Its time limits are ``settings.REPORT_SOFT_TIME_LIMIT`` and
``settings.REPORT_TIME_LIMIT``. Transient errors (the database or broker briefly away) put
the job back in the queue and are retried here with exponential backoff; everything else is
handled by ``services.report_job_work``.
"""

from celery import shared_task
from django.conf import settings

from . import reminders, services

MAX_RETRIES = 5


@shared_task(
    bind=True,
    name="ccpl.reports.render_report",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_TIME_LIMIT,
    max_retries=MAX_RETRIES,
)
def render_report(self, job_id: int) -> str:
    """Make (or stamp the sign-off on) one report job's PDF."""
    last_try = self.request.retries >= self.max_retries
    countdown = min(2 ** (self.request.retries + 1), 300)
    try:
        return services.report_job_work(job_id=job_id, last_try=last_try, retry_in=countdown)
    except services.TRANSIENT_ERRORS as error:
        if last_try:
            raise
        raise self.retry(exc=error, countdown=countdown) from error


@shared_task(name="ccpl.reports.sweep_report_jobs")
def sweep_report_jobs() -> dict:
    """Send again the report jobs a worker lost (scheduled every few minutes)."""
    return services.report_jobs_sweep()


@shared_task(name="ccpl.reports.request_annual_report")
def request_annual_report(year: str | None = None) -> int:
    """Ask for the annual report (scheduled by Celery beat on the configured date)."""
    return services.report_job_request_annual(year=year).pk


@shared_task(name="ccpl.reports.send_reminders")
def send_reminders() -> int:
    """Email the CCPL team what needs attention (scheduled weekly)."""
    return reminders.reminders_send()
