"""Reads for report jobs."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ccpl.formatting import nhs_time
from ccpl.models import OutboxMessage

from .models import ReportJob
from .sections import ReportInputs


def job_inputs(job: ReportJob) -> ReportInputs:
    """What a job's report is about, as its request recorded it."""
    return ReportInputs(
        kind=job.kind,
        starts_on=job.starts_on,
        ends_on=job.ends_on,
        on=job.as_of,
        period_label=job.parameters.get("period_label", ""),
        parameters={k: v for k, v in job.parameters.items() if k != "period_label"},
    )


def report_history():
    """Every report job, newest first, with who asked for it and who signed it off."""
    return ReportJob.objects.select_related(
        "requested_by__person", "signed_off_by__person"
    ).order_by("-requested_at", "-pk")


def board_packs():
    """The finished board assurance packs, newest first: all a board member may list."""
    return ReportJob.objects.filter(
        kind=ReportJob.Kind.ASSURANCE_PACK, status=ReportJob.Status.DONE
    ).order_by("-requested_at", "-pk")


def _clock(moment) -> str:
    """A time as people read it on the page: "2:07pm", with the day when it is not today."""
    local = timezone.localtime(moment)
    clock = nhs_time(local)
    return clock if local.date() == timezone.localdate() else f"{clock} on {local:%-d %B}"


def _waiting_for_broker(job: ReportJob) -> bool:
    """The job's task is still in the outbox: saved, not yet handed to the queue (the broker
    was away when it was asked for; the relay sends it when the broker is back)."""
    return OutboxMessage.objects.filter(
        task="ccpl.reports.render_report", args=[job.pk], sent_at__isnull=True
    ).exists()


def job_state(job: ReportJob, *, now=None) -> str:
    """The one status the page shows: queued, retrying, running, stalled, done or failed."""
    now = now or timezone.now()
    if job.status == ReportJob.Status.RUNNING:
        beat = job.heartbeat_at or job.started_at
        stalled = beat is None or now - beat > timedelta(seconds=settings.REPORT_STALL_SECONDS)
        return "stalled" if stalled else "running"
    if job.status == ReportJob.Status.QUEUED and job.retry_at is not None:
        return "retrying"
    return job.status


STATE_TAGS = {
    "queued": "grey",
    "retrying": "yellow",
    "running": "blue",
    "stalled": "orange",
    "done": "green",
    "failed": "red",
}
STATE_LABELS = {
    "queued": "Waiting to start",
    "retrying": "Waiting to try again",
    "running": "Being made",
    "stalled": "Stalled",
    "done": "Ready",
    "failed": "Failed",
}


def job_progress(job: ReportJob, *, now=None) -> dict:
    """What the progress page shows: one status (``state``) with its words, the percentage
    while it is being made, when a stalled or interrupted job will be tried again, and the
    download address once ready or the reason once failed."""
    now = now or timezone.now()
    state = job_state(job, now=now)
    retry_by = None
    if state == "stalled":
        # The sweeper sees it once it has been silent for the stall time, at its next run.
        beat = job.heartbeat_at or job.started_at or now
        retry_by = max(
            beat + timedelta(seconds=settings.REPORT_STALL_SECONDS + settings.REPORT_SWEEP_SECONDS),
            now,
        )
        message = (
            f"The report stopped at {job.progress}%: the worker making it has not responded "
            f"since {_clock(beat)}. Nothing is lost: it will be started again automatically "
            f"by {_clock(retry_by)}."
        )
    elif state == "retrying":
        retry_by = max(job.retry_at, now)
        message = (
            f"The report was interrupted and is waiting to start again "
            f"(it will be tried again by {_clock(retry_by)})."
            if job.retry_at > now
            else "The report was interrupted and is waiting to start again. It will start "
            "as soon as a worker is free."
        )
    elif state == "queued":
        if _waiting_for_broker(job):
            message = (
                "Waiting to start. Your request is saved: the service that runs reports is "
                "briefly unavailable, and the report will start as soon as it is back."
            )
        else:
            message = "Waiting to start. It will start as soon as a worker is free."
    elif state == "running":
        message = f"{job.progress}% done: {job.step}."
    elif state == "done":
        message = "The report is ready to download."
    else:
        message = f"The report could not be made. {job.error}".strip()
    done = state == "done"
    failed = state == "failed"
    return {
        "id": job.pk,
        "status": job.status,
        "state": state,
        "status_label": STATE_LABELS[state],
        "tag_colour": STATE_TAGS[state],
        "progress": 100 if done else (job.progress if state in ("running", "stalled") else 0),
        "show_bar": state in ("running", "stalled"),
        "step": job.step,
        "finished": done or failed,
        "stalled": state == "stalled",
        "retry_at": retry_by.isoformat() if retry_by else "",
        "error": job.error if failed else "",
        "message": message.replace("..", "."),
        "download_url": reverse("reports:report_download", kwargs={"pk": job.pk}) if done else "",
        "filename": job.filename if done else "",
    }


EVIDENCE_CHOICES = 100


def versions_for_evidence(ids=None) -> list:
    """Finished report versions as assurance evidence (``assurance.hooks.report_versions``):
    those with ``ids``, or the most recent ``EVIDENCE_CHOICES`` to choose from. One query."""
    from assurance.hooks import ReportVersion

    jobs = ReportJob.objects.filter(status=ReportJob.Status.DONE)
    jobs = jobs.filter(pk__in=ids) if ids is not None else jobs.order_by("-pk")[:EVIDENCE_CHOICES]
    return [
        ReportVersion(pk=job.pk, label=str(job), url=job.get_absolute_url())
        for job in jobs.only("pk", "title", "version")
    ]
