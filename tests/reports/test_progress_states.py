"""The progress page shows one status, and says plainly when a job has stalled and by when
it will be tried again (issue 13: "Waiting to start" beside "37% done"; a killed worker left
"15%" with no sign for nine minutes)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ccpl import queue
from ccpl.formatting import nhs_time
from ccpl.models import OutboxMessage
from reports import kinds, selectors, services
from reports.models import ReportJob
from tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(staff_user, settings):
    settings.REPORT_STALL_SECONDS = 60
    settings.REPORT_SWEEP_SECONDS = 60
    for number in range(1, 6):
        PriorityFactory(number=number, short_title=f"Priority {number}")
    job, _ = services.report_job_request(
        user=staff_user, inputs=kinds.inputs_for(kind="annual_report")
    )
    return job


def _page(client, job) -> str:
    return client.get(reverse("reports:report_detail", args=[job.pk])).content.decode()


def _json(client, job) -> dict:
    return client.get(reverse("reports:report_progress", args=[job.pk])).json()


def _statuses(html: str) -> list[str]:
    """Every status label on the page: each state's words, wherever they appear."""
    labels = [label for label in selectors.STATE_LABELS.values() if label in html]
    labels += [label for _value, label in ReportJob.Status.choices if label in html]
    return sorted(set(labels))


def _running(job, *, progress: int, beat_seconds_ago: float) -> ReportJob:
    now = timezone.now()
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.RUNNING,
        progress=progress,
        step="Gathering the figures",
        started_at=now - timedelta(seconds=beat_seconds_ago + 5),
        heartbeat_at=now - timedelta(seconds=beat_seconds_ago),
    )
    return ReportJob.objects.get(pk=job.pk)


def test_a_queued_job_says_waiting_and_shows_no_percentage(staff_client, job):
    html = _page(staff_client, job)
    assert _statuses(html) == ["Waiting to start"]
    assert re.search(r'<div id="report-bar"\s+hidden', html)
    body = _json(staff_client, job)
    assert body["state"] == "queued" and body["progress"] == 0 and not body["show_bar"]


def test_a_queued_job_whose_message_waits_in_the_outbox_says_it_is_saved(staff_client, job):
    # The broker was down: the outbox row is still pending (tests never commit).
    assert OutboxMessage.objects.filter(sent_at__isnull=True, args=[job.pk]).exists()
    body = _json(staff_client, job)
    assert "Your request is saved" in body["message"] and "as soon as it is back" in body["message"]
    OutboxMessage.objects.filter(args=[job.pk]).update(sent_at=timezone.now())
    body = _json(staff_client, job)
    assert "Your request is saved" not in body["message"]
    assert body["message"] == "Waiting to start. It will start as soon as a worker is free."


def test_a_running_job_shows_one_status_and_its_percentage(staff_client, job):
    _running(job, progress=37, beat_seconds_ago=2)
    html = _page(staff_client, job)
    assert _statuses(html) == ["Being made"]
    assert "Waiting to start" not in html  # never beside "37% done"
    assert "37% done: Gathering the figures." in html
    assert not re.search(r'<div id="report-bar"\s+hidden', html)
    body = _json(staff_client, job)
    assert body["state"] == "running" and body["progress"] == 37 and body["show_bar"]
    assert body["retry_at"] == ""


def test_a_running_job_without_a_heartbeat_is_stalled_and_says_when_it_is_retried(
    staff_client, job
):
    stalled = _running(job, progress=15, beat_seconds_ago=90)
    body = _json(staff_client, job)
    assert body["state"] == "stalled" and body["stalled"] is True
    assert body["status_label"] == "Stalled" and body["tag_colour"] == "orange"
    retry_at = timezone.datetime.fromisoformat(body["retry_at"])
    # Silent for the stall time, then the sweeper's next run at the latest.
    assert retry_at == stalled.heartbeat_at + timedelta(seconds=120)
    when = nhs_time(retry_at)
    assert "stopped at 15%" in body["message"] and f"by {when}" in body["message"]
    assert "Nothing is lost" in body["message"]
    html = _page(staff_client, job)
    assert _statuses(html) == ["Stalled"]
    assert f"by {when}" in html


def test_a_stalled_job_whose_retry_time_has_passed_says_now_not_the_past(staff_client, job):
    _running(job, progress=15, beat_seconds_ago=600)
    body = _json(staff_client, job)
    retry_at = timezone.datetime.fromisoformat(body["retry_at"])
    assert retry_at >= timezone.now() - timedelta(seconds=5)


def test_the_sweeper_requeues_a_stalled_job_at_once_and_not_a_live_one(job, monkeypatch):
    sent = []
    monkeypatch.setattr(queue, "send", lambda name, *args, **kwargs: sent.append(args))
    _running(job, progress=37, beat_seconds_ago=30)
    assert services.report_jobs_sweep() == {"requeued": [], "failed": []}
    _running(job, progress=37, beat_seconds_ago=61)
    assert services.report_jobs_sweep() == {"requeued": [job.pk], "failed": []}
    job.refresh_from_db()
    assert job.status == ReportJob.Status.QUEUED and job.retry_at is not None
    assert selectors.job_progress(job)["state"] == "retrying"
    assert "waiting to start again" in selectors.job_progress(job)["message"]


def test_a_transient_error_stores_when_it_will_be_tried_again(staff_client, job):
    _running(job, progress=20, beat_seconds_ago=1)
    before = timezone.now()
    assert services.report_job_requeue(job_id=job.pk, reason="database away", retry_in=8)
    job.refresh_from_db()
    assert before + timedelta(seconds=7) < job.retry_at <= timezone.now() + timedelta(seconds=8)
    body = _json(staff_client, job)
    when = nhs_time(job.retry_at)
    assert body["state"] == "retrying" and body["status_label"] == "Waiting to try again"
    assert f"tried again by {when}" in body["message"]
    assert _statuses(_page(staff_client, job)) == ["Waiting to try again"]


def test_a_claimed_job_forgets_its_retry_time_and_beats(job):
    ReportJob.objects.filter(pk=job.pk).update(retry_at=timezone.now())
    claimed = services._claim(job.pk)
    assert claimed.status == ReportJob.Status.RUNNING
    assert claimed.retry_at is None and claimed.heartbeat_at is not None


def test_done_and_failed_show_one_status(staff_client, job):
    services.report_job_fail(job_id=job.pk, reason="Nothing to report.")
    html = _page(staff_client, job)
    assert _statuses(html) == ["Failed"] and "Nothing to report." in html
