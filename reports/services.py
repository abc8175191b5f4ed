"""Report jobs: request, run, sign off, and the sweeper that rescues stuck jobs.

The walk goes one way: a view (or the scheduled task) calls a ``report_job_request…``
function here, which saves the job and sends its id to ``tasks.render_report`` once the
transaction commits; the task calls :func:`report_job_work` with that id, and nothing here
calls back into a task while a worker runs a job. (Celery's task names are kept from when the
app lived in the core, ``ccpl.reports.…``, so messages queued before a deploy still run.)
Running is idempotent: a job that is already done is left alone, a job another worker is
running is left to it (unless that run has passed its hard time limit, when its worker has
surely died), and the PDF is written to a fixed name per job, so running the same job twice
leaves one file.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

import rules
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from ccpl import queue
from ccpl.selectors import user_name

from .catalogue import sections_for
from .fingerprint import inputs_fingerprint
from .kinds import ReportRequestError, inputs_for, period_key, title_for
from .models import ReportJob
from .periods import FinancialYear, financial_year_of
from .rendering import ReportError, build_report, html_to_pdf, report_html
from .sections import ReportInputs
from .selectors import job_inputs

logger = logging.getLogger(__name__)

SIGN_OFF_MARKER_START = "<!--SIGN-OFF-->"
SIGN_OFF_MARKER_END = "<!--/SIGN-OFF-->"
MAX_ATTEMPTS = 3
# A queued job whose message was lost (the embedded broker drops one that a dying worker
# had read) is sent again after this long.
QUEUED_GRACE = timedelta(minutes=10)
# Beyond the hard time limit, allow for the worker's own shutdown before calling it dead.
RUNNING_GRACE = timedelta(minutes=2)


# Errors that put a job back in the queue to be tried again (the database or broker
# briefly away): the task retries them with exponential backoff.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


def hard_time_limit() -> timedelta:
    """The report task's hard time limit (``settings.REPORT_TIME_LIMIT``)."""
    return timedelta(seconds=settings.REPORT_TIME_LIMIT)


def stall_after() -> timedelta:
    """How long a running job may go without a heartbeat before it counts as stalled."""
    return timedelta(seconds=settings.REPORT_STALL_SECONDS)


def _lost_running(now) -> Q:
    """Running jobs whose worker has surely died: no heartbeat for ``stall_after()``, or
    (a job claimed before heartbeats) running past the hard time limit."""
    return Q(status=ReportJob.Status.RUNNING) & (
        Q(heartbeat_at__lt=now - stall_after())
        | Q(heartbeat_at__isnull=True, started_at__lt=now - hard_time_limit() - RUNNING_GRACE)
    )


# --- Requesting --------------------------------------------------------------------------


def _enqueue(job: ReportJob) -> None:
    """Send the job to a worker once the transaction that created or changed it commits."""
    queue.send_on_commit("ccpl.reports.render_report", job.pk)


def report_job_request(*, user, inputs: ReportInputs) -> tuple[ReportJob, bool]:
    """Ask for a report. Returns ``(job, created)``.

    When a job for the same inputs on unchanged data is queued, running or done, that job
    is returned (and ``user`` may follow its progress) instead of making a second one. Else
    a new job is queued, with the next version number for its kind and period; the task is
    sent only after the transaction commits.
    """
    sections = sections_for(inputs.kind)
    fingerprint = inputs_fingerprint(inputs=inputs, sections=sections)
    period = period_key(inputs)
    with transaction.atomic():
        existing = ReportJob.objects.filter(
            fingerprint=fingerprint, status__in=ReportJob.LIVE_STATUSES
        ).first()
        if existing is not None:
            _add_requester(existing, user)
            return existing, False
        version = (
            ReportJob.objects.filter(kind=inputs.kind, period=period)
            .exclude(status=ReportJob.Status.FAILED)
            .count()
            + 1
        )
        try:
            with transaction.atomic():
                job = ReportJob.objects.create(
                    kind=inputs.kind,
                    period=period,
                    title=title_for(inputs),
                    parameters={**inputs.parameters, "period_label": inputs.period_label},
                    starts_on=inputs.starts_on,
                    ends_on=inputs.ends_on,
                    as_of=inputs.on,
                    version=version,
                    fingerprint=fingerprint,
                    requested_by=user if user is not None and user.is_authenticated else None,
                    queued_at=timezone.now(),
                    step="Waiting for a worker to start",
                )
        except IntegrityError:
            # Someone asked for the same report at the same moment: theirs stands.
            job = ReportJob.objects.get(fingerprint=fingerprint, status__in=ReportJob.LIVE_STATUSES)
            _add_requester(job, user)
            return job, False
        _enqueue(job)
    return job, True


def _add_requester(job: ReportJob, user) -> None:
    if user is None or not user.is_authenticated or job.requested_by_id == user.pk:
        return
    job.also_requested_by.add(user)


def report_job_request_for(*, user, **request) -> tuple[ReportJob, bool]:
    """:func:`report_job_request` from a request's fields (kind, year, plan_id...)."""
    try:
        inputs = inputs_for(**request)
    except ReportRequestError as error:
        raise ValidationError(str(error)) from error
    return report_job_request(user=user, inputs=inputs)


def report_job_request_annual(*, year: str | None = None) -> ReportJob:
    """Ask for the annual report for ``year`` (such as ``2026-27``), by default the last
    financial year to have ended (scheduled by Celery beat on ``settings.ANNUAL_REPORT_ON``)."""
    if year is None:
        year = FinancialYear(financial_year_of(timezone.localdate()).start_year - 1).key
    job, _created = report_job_request(
        user=None, inputs=inputs_for(kind=ReportJob.Kind.ANNUAL_REPORT, year=year)
    )
    return job


def report_job_regenerate(*, user, job: ReportJob) -> tuple[ReportJob, bool]:
    """The same report again on today's data: the existing job if nothing has changed."""
    params = job.parameters
    return report_job_request_for(
        user=user,
        kind=job.kind,
        year=params.get("year"),
        plan_id=params.get("plan"),
        on=job.as_of if job.kind == ReportJob.Kind.COUNCIL_REPORT else None,
        survey_id=params.get("survey"),
        assessment_id=params.get("assessment"),
    )


# --- Running -----------------------------------------------------------------------------


def _claim(job_id: int) -> ReportJob | None:
    """Mark the job running if nobody else is: queued, or running with a dead worker."""
    now = timezone.now()
    claimed = ReportJob.objects.filter(
        Q(status=ReportJob.Status.QUEUED) | _lost_running(now), pk=job_id
    ).update(
        status=ReportJob.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        retry_at=None,
        progress=1,
        step="Starting",
        error="",
    )
    return ReportJob.objects.get(pk=job_id) if claimed else None


def _set_progress(job_id: int, percent: int, step: str) -> None:
    ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
        progress=max(0, min(percent, 99)), step=step[:200], heartbeat_at=timezone.now()
    )


@contextmanager
def _heartbeat(job_id: int):
    """While the block runs, touch the job's ``heartbeat_at`` every few seconds from a thread
    of its own, so a long step (laying out a big PDF) is not taken for a dead worker. A killed
    worker stops beating, which is how the page and the sweeper know it has stalled.

    Not inside a transaction (a test's): the row would be locked by the caller, and the
    beat would wait on it for ever."""
    if connection.in_atomic_block:
        yield
        return
    stop = threading.Event()

    def beat():
        from django.db import connection as thread_connection

        try:
            while not stop.wait(settings.REPORT_HEARTBEAT_SECONDS):
                ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        except Exception:  # noqa: BLE001 - a missed beat only makes the job look stalled
            logger.warning("Report job %s: heartbeat failed", job_id, exc_info=True)
        finally:
            thread_connection.close()

    thread = threading.Thread(target=beat, name=f"report-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


def _file_name(job: ReportJob, extension: str) -> str:
    """One fixed name per job and version, so a rerun overwrites instead of adding a file."""
    stem = slugify(f"{job.get_kind_display()} {job.period} version {job.version}")
    return f"reports/{job.pk}/{stem}.{extension}"


def _save(name: str, content: bytes) -> str:
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))


def report_job_run(*, job_id: int) -> ReportJob | None:
    """Make the job's PDF. Idempotent; returns the job, or ``None`` when there is nothing
    to do (no such job, already done or failed, or another worker has it).

    A :class:`ReportError` (nothing to report, say) fails the job with its message; any
    other exception fails it with a plain reason and propagates, so the task can retry
    transient errors (the task puts a retried job back in the queue first).
    """
    job = _claim(job_id)
    if job is None:
        logger.info("Report job %s: nothing to do", job_id)
        return None
    ReportJob.objects.filter(pk=job_id).update(attempts=job.attempts + 1)
    inputs = job_inputs(job)
    try:
        with _heartbeat(job_id):
            report = build_report(inputs, progress=lambda p, s: _set_progress(job_id, p, s))
            if settings.REPORT_SLOW_STEP_SECONDS:  # test-only (ccpl.settings.test)
                _set_progress(job_id, 84, "Taking a slow step (test)")
                time.sleep(settings.REPORT_SLOW_STEP_SECONDS)
            _set_progress(job_id, 85, "Laying out the pages")
            html = report_html(report, version=job.version)
            pdf = html_to_pdf(html)
            _set_progress(job_id, 95, "Saving the PDF")
            source_name = _save(_file_name(job, "html"), html.encode())
            file_name = _save(_file_name(job, "pdf"), pdf)
    except ReportError as error:
        report_job_fail(job_id=job_id, reason=str(error))
        return ReportJob.objects.get(pk=job_id)
    ReportJob.objects.filter(pk=job_id).update(
        status=ReportJob.Status.DONE,
        progress=100,
        step="Ready to download",
        file=file_name,
        source=source_name,
        finished_at=timezone.now(),
        error="",
    )
    return ReportJob.objects.get(pk=job_id)


def report_job_fail(*, job_id: int, reason: str) -> None:
    """Mark a job failed with a reason its requester can read."""
    ReportJob.objects.filter(pk=job_id).exclude(status=ReportJob.Status.DONE).update(
        status=ReportJob.Status.FAILED,
        error=reason,
        step="Stopped",
        finished_at=timezone.now(),
    )


def report_job_requeue(*, job_id: int, reason: str = "", retry_in: int = 0) -> bool:
    """Put a running job back in the queue, to be tried again in ``retry_in`` seconds (the
    task's retry countdown; the page shows the time). False if it was not running."""
    now = timezone.now()
    return bool(
        ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
            status=ReportJob.Status.QUEUED,
            queued_at=now,
            retry_at=now + timedelta(seconds=retry_in) if retry_in else None,
            progress=0,
            step=f"Waiting to try again{': ' + reason if reason else ''}"[:200],
        )
    )


# --- The sweeper ---------------------------------------------------------------------------


def report_jobs_sweep(*, now=None) -> dict[str, list[int]]:
    """Rescue jobs a worker lost: those running with no heartbeat for ``stall_after()`` (the
    worker died) and those queued so long their message must have been dropped. Each is sent
    again, or failed with a reason after ``MAX_ATTEMPTS`` tries. Returns the ids requeued and
    failed. (The beat runs it every ``REPORT_SWEEP_SECONDS``: the progress page's "by" time.)
    """
    now = now or timezone.now()
    stuck_running = _lost_running(now)
    lost_queued = Q(status=ReportJob.Status.QUEUED, queued_at__lt=now - QUEUED_GRACE)
    requeued, failed = [], []
    with transaction.atomic():
        for job in ReportJob.objects.select_for_update(skip_locked=True).filter(
            stuck_running | lost_queued
        ):
            if job.attempts >= MAX_ATTEMPTS:
                job.status = ReportJob.Status.FAILED
                job.error = (
                    f"The report stopped {job.attempts} times before it finished. It may be "
                    "too big to make in the time allowed. Try again, or ask your system "
                    "administrator to check the report worker."
                )
                job.step = "Stopped"
                job.finished_at = now
                job.save(update_fields=["status", "error", "step", "finished_at"])
                failed.append(job.pk)
                continue
            job.status = ReportJob.Status.QUEUED
            job.queued_at = now
            job.retry_at = now
            job.progress = 0
            job.step = "Waiting to start again after an interruption"
            job.save(update_fields=["status", "queued_at", "retry_at", "progress", "step"])
            _enqueue(job)
            requeued.append(job.pk)
    if requeued or failed:
        logger.warning("Report sweeper: requeued %s, failed %s", requeued, failed)
    return {"requeued": requeued, "failed": failed}


# --- Sign-off ------------------------------------------------------------------------------


def report_job_sign_off(*, user, job: ReportJob) -> ReportJob:
    """Record that an executive signed off an annual report, and stamp the sign-off on the
    cover of the same document (the stored HTML, not the data as it is now). The stamping
    runs as a job step on a worker; the job is ready again when it is done."""
    if not rules.has_perm("reports.sign_off_report", user, job):
        raise PermissionDenied("Only an executive can sign off a finished annual report.")
    with transaction.atomic():
        locked = ReportJob.objects.select_for_update().get(pk=job.pk)
        if locked.signed_off_at is not None:
            raise ValidationError("This report has already been signed off.")
        locked.signed_off_by = user
        locked.signed_off_at = timezone.now()
        locked.status = ReportJob.Status.QUEUED
        locked.queued_at = locked.signed_off_at
        locked.progress = 0
        locked.step = "Adding the sign-off to the cover"
        locked.save(
            update_fields=[
                "signed_off_by",
                "signed_off_at",
                "status",
                "queued_at",
                "progress",
                "step",
            ]
        )
        _enqueue(locked)
    return locked


def stamped_html(html: str, *, signed_off_by: str, signed_off_on) -> str:
    """The report HTML with its sign-off block replaced by the executive's sign-off."""
    from django.template.loader import render_to_string

    start = html.find(SIGN_OFF_MARKER_START)
    end = html.find(SIGN_OFF_MARKER_END)
    if start < 0 or end < start:
        raise ReportError("This report has no place for a sign-off.")
    block = render_to_string(
        "reports/pdf/sign_off.html",
        {"signed_off_by": signed_off_by, "signed_off_on": signed_off_on},
    )
    return html[: start + len(SIGN_OFF_MARKER_START)] + block + html[end:]


def report_job_stamp(*, job_id: int) -> ReportJob | None:
    """Remake a signed-off job's PDF from its stored HTML with the sign-off on the cover."""
    job = _claim(job_id)
    if job is None:
        return None
    try:
        with default_storage.open(job.source.name, "rb") as source:
            html = source.read().decode()
        user = job.signed_off_by
        name = user_name(user) if user else "an executive"
        stamped = stamped_html(
            html,
            signed_off_by=name,
            signed_off_on=timezone.localdate(job.signed_off_at),
        )
        _set_progress(job_id, 60, "Laying out the pages")
        pdf = html_to_pdf(stamped)
        _set_progress(job_id, 95, "Saving the PDF")
        source_name = _save(job.source.name, stamped.encode())
        file_name = _save(job.file.name, pdf)
    except (ReportError, FileNotFoundError) as error:
        report_job_fail(job_id=job_id, reason=f"The sign-off could not be added: {error}")
        return ReportJob.objects.get(pk=job_id)
    ReportJob.objects.filter(pk=job_id).update(
        status=ReportJob.Status.DONE,
        progress=100,
        step="Ready to download",
        file=file_name,
        source=source_name,
        finished_at=timezone.now(),
    )
    return ReportJob.objects.get(pk=job_id)


def report_job_process(*, job_id: int) -> ReportJob | None:
    """What a worker does with a job: stamp a signed-off one, make any other."""
    signed = (
        ReportJob.objects.filter(pk=job_id, signed_off_at__isnull=False).exclude(source="").exists()
    )
    if signed:
        return report_job_stamp(job_id=job_id)
    return report_job_run(job_id=job_id)


def report_job_work(*, job_id: int, last_try: bool = True, retry_in: int = 0) -> str:
    """What the worker's task does with a job id: :func:`report_job_process`, and every way
    it can end, as the job's status (``"skipped"`` when there was nothing to do).

    A run past the soft time limit, or any unexpected error, fails the job with a reason its
    requester can read. A transient error (``TRANSIENT_ERRORS``) puts the job back in the
    queue and is raised again for the task to retry later; on the ``last_try`` it fails the
    job instead (and is raised again, for the worker's log).
    """
    try:
        job = report_job_process(job_id=job_id)
    except SoftTimeLimitExceeded:
        report_job_fail(
            job_id=job_id,
            reason=(
                f"The report took longer than {settings.REPORT_SOFT_TIME_LIMIT // 60} minutes "
                "to make and was stopped. Try again later, or ask your system administrator "
                "to allow more time."
            ),
        )
        return ReportJob.Status.FAILED
    except TRANSIENT_ERRORS:
        if last_try:
            report_job_fail(
                job_id=job_id,
                reason="The report could not be made because a service it needs was "
                "unavailable. Try again later.",
            )
        else:
            report_job_requeue(
                job_id=job_id, reason="a service was briefly unavailable", retry_in=retry_in
            )
        raise
    except Exception as error:
        logger.exception("Report job %s failed", job_id)
        report_job_fail(
            job_id=job_id,
            reason=f"Something went wrong while making the report ({type(error).__name__}). "
            "The details are in the report worker's log.",
        )
        return ReportJob.Status.FAILED
    return job.status if job is not None else "skipped"
