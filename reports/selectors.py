"""Reads for report jobs."""

from django.urls import reverse

from .models import ReportJob


def report_history():
    """Every report job, newest first, with who asked for it and who signed it off."""
    return ReportJob.objects.select_related(
        "requested_by__person", "signed_off_by__person"
    ).order_by("-requested_at", "-pk")


def job_progress(job: ReportJob) -> dict:
    """What the progress bar shows: status, percentage, the current step in words, and the
    download address once ready or the reason once failed."""
    done = job.status == ReportJob.Status.DONE
    failed = job.status == ReportJob.Status.FAILED
    if done:
        message = "The report is ready to download."
    elif failed:
        message = f"The report could not be made. {job.error}".strip()
    elif job.status == ReportJob.Status.QUEUED:
        message = f"Waiting to start. {job.step}." if job.step else "Waiting to start."
    else:
        message = f"{job.progress}% done: {job.step}."
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": 100 if done else job.progress,
        "step": job.step,
        "finished": done or failed,
        "error": job.error if failed else "",
        "message": message.replace("..", "."),
        "download_url": reverse("reports:report_download", kwargs={"pk": job.pk}) if done else "",
        "filename": job.filename if done else "",
    }
