"""Report jobs: one job per unchanged request, idempotent runs, failures with reasons,
retries, the sweeper, and executive sign-off. Small data (the five priorities) keeps the
PDFs quick; the demo-sized reports are in test_rendering."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.utils import timezone

from reports import kinds, rendering, services, tasks
from reports.models import ReportJob
from reports.sections import ANNUAL_REPORT
from tests.factories import PriorityFactory
from tests.reports.pdf import pdf_text, squashed

pytestmark = pytest.mark.django_db


@pytest.fixture
def priorities(db):
    return [PriorityFactory(number=n, short_title=f"Priority {n}") for n in range(1, 6)]


@pytest.fixture
def sent(monkeypatch):
    """Task messages sent (job ids), instead of a broker."""
    ids = []
    from ccpl import queue

    def send(name, job_id):
        assert name == tasks.render_report.name
        ids.append(job_id)

    monkeypatch.setattr(queue, "send", send)
    return ids


def _request(user, **extra):
    return services.report_job_request(
        user=user, inputs=kinds.inputs_for(kind=ANNUAL_REPORT, **extra)
    )


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_the_task_is_sent_only_after_the_transaction_commits(
    priorities, staff_user, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job, created = _request(staff_user)
        assert sent == []
    assert created and job.status == ReportJob.Status.QUEUED and job.version == 1
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [job.pk]


def test_the_same_request_on_unchanged_data_returns_the_same_job(
    priorities, staff_user, exec_user, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job, created = _request(staff_user)
        again, created_again = _request(exec_user)
    assert created and not created_again and again.pk == job.pk
    assert sent == [job.pk]
    assert list(job.also_requested_by.all()) == [exec_user]
    assert ReportJob.objects.count() == 1


def test_changed_data_makes_a_new_version(priorities, staff_user, sent):
    job, _ = _request(staff_user)
    services.report_job_run(job_id=job.pk)
    priorities[0].short_title = "Decisions at every level"
    priorities[0].save()
    new, created = _request(staff_user)
    assert created and new.pk != job.pk and new.version == 2
    assert new.fingerprint != job.fingerprint


def test_running_a_job_twice_makes_one_file(priorities, staff_user, sent, private_storage):
    job, _ = _request(staff_user)
    done = services.report_job_run(job_id=job.pk)
    assert done.status == ReportJob.Status.DONE and done.progress == 100
    files = _files(private_storage)
    assert [p.suffix for p in files] == [".html", ".pdf"]
    assert services.report_job_run(job_id=job.pk) is None  # done: nothing to do
    # Even a forced rerun (as after a lost acknowledgement) overwrites, never adds.
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.QUEUED)
    services.report_job_run(job_id=job.pk)
    assert _files(private_storage) == files
    text = squashed(pdf_text(done.file.open("rb").read()))
    assert "Our framework and five priorities" in text and "Priority 5" in text


def test_the_task_runs_the_job_and_skips_unknown_ids(priorities, staff_user, sent):
    job, _ = _request(staff_user)
    assert tasks.render_report.apply(args=[job.pk]).get() == "done"
    assert tasks.render_report.apply(args=[job.pk]).get() == "skipped"
    assert tasks.render_report.apply(args=[999999]).get() == "skipped"


def test_a_report_with_nothing_in_it_fails_with_its_reason(db, staff_user, sent):
    job, _ = _request(staff_user)
    tasks.render_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED
    assert job.error == "There is nothing to report yet for this period."
    assert not job.file


def test_a_forced_failure_marks_the_job_failed_with_a_reason(
    priorities, staff_user, sent, monkeypatch
):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(services, "html_to_pdf", broken)
    job, _ = _request(staff_user)
    assert tasks.render_report.apply(args=[job.pk]).get() == "failed"
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED and job.step == "Stopped"
    assert "Something went wrong while making the report (ZeroDivisionError)" in job.error
    # A failed job does not block asking again.
    monkeypatch.undo()
    again, created = _request(staff_user)
    assert created and again.pk != job.pk


def test_a_transient_error_is_retried_with_the_job_back_in_the_queue(
    priorities, staff_user, sent, monkeypatch
):
    real = services.report_job_run
    calls = []

    def flaky(*, job_id):
        calls.append(ReportJob.objects.get(pk=job_id).status)
        if len(calls) == 1:
            real_claim = services._claim(job_id)  # a worker had started it
            assert real_claim is not None
            raise OperationalError("server closed the connection unexpectedly")
        return real(job_id=job_id)

    monkeypatch.setattr(services, "report_job_run", flaky)
    job, _ = _request(staff_user)
    result = tasks.render_report.apply(args=[job.pk])
    job.refresh_from_db()
    # Eagerly, Celery runs the retry at once: the second attempt finds the job queued again.
    assert calls == [ReportJob.Status.QUEUED, ReportJob.Status.QUEUED]
    assert job.status == ReportJob.Status.DONE
    assert result.state in ("SUCCESS", "RETRY")


def test_the_task_is_late_acknowledged_and_time_limited():
    task = tasks.render_report
    assert task.acks_late and task.reject_on_worker_lost
    assert task.soft_time_limit < task.time_limit
    assert task.max_retries >= 3


def test_the_sweeper_requeues_jobs_stuck_running_and_lost_in_the_queue(
    priorities, staff_user, sent, django_capture_on_commit_callbacks
):
    job, _ = _request(staff_user)
    now = timezone.now()
    long_ago = now - services.hard_time_limit() - datetime.timedelta(minutes=5)
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.RUNNING, started_at=long_ago, attempts=1, progress=40
    )
    recent = ReportJob.objects.create(
        kind=ANNUAL_REPORT,
        period="2025-26",
        title="Another",
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2026, 3, 31),
        as_of=datetime.date(2026, 3, 31),
        fingerprint="b" * 64,
        status=ReportJob.Status.RUNNING,
        started_at=now,
    )
    lost = ReportJob.objects.create(
        kind=ANNUAL_REPORT,
        period="2024-25",
        title="Lost",
        starts_on=datetime.date(2024, 4, 1),
        ends_on=datetime.date(2025, 3, 31),
        as_of=datetime.date(2025, 3, 31),
        fingerprint="c" * 64,
        queued_at=now - datetime.timedelta(hours=1),
    )
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.report_jobs_sweep(now=now)
    assert sorted(result["requeued"]) == sorted([job.pk, lost.pk]) and result["failed"] == []
    assert sorted(sent) == sorted([job.pk, lost.pk])
    job.refresh_from_db()
    recent.refresh_from_db()
    assert job.status == ReportJob.Status.QUEUED and job.progress == 0
    assert recent.status == ReportJob.Status.RUNNING  # still within its time limit
    # Picked up again, the rescued job completes.
    assert services.report_job_run(job_id=job.pk).status == ReportJob.Status.DONE


def test_the_sweeper_gives_up_after_three_attempts(priorities, staff_user, sent):
    job, _ = _request(staff_user)
    long_ago = timezone.now() - services.hard_time_limit() - datetime.timedelta(minutes=5)
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.RUNNING, started_at=long_ago, attempts=services.MAX_ATTEMPTS
    )
    assert services.report_jobs_sweep()["failed"] == [job.pk]
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED
    assert job.error.startswith("The report stopped 3 times before it finished.")


def test_a_claim_is_refused_while_another_worker_runs_the_job(priorities, staff_user, sent):
    job, _ = _request(staff_user)
    assert services._claim(job.pk) is not None
    assert services._claim(job.pk) is None  # running, within the limit
    assert services.report_job_run(job_id=job.pk) is None


def test_an_executive_signs_off_the_annual_report(priorities, staff_user, exec_user, sent):
    job, _ = _request(staff_user)
    services.report_job_run(job_id=job.pk)
    job.refresh_from_db()
    draft = squashed(pdf_text(job.file.open("rb").read()))
    assert "Draft for sign-off" in draft
    with pytest.raises(PermissionDenied):
        services.report_job_sign_off(user=staff_user, job=job)
    exec_user.first_name, exec_user.last_name = "Ananya", "Rao"
    exec_user.save()
    signed = services.report_job_sign_off(user=exec_user, job=job)
    assert signed.signed_off_by == exec_user and signed.status == ReportJob.Status.QUEUED
    # The same document, stamped: the data changing meanwhile does not change it.
    PriorityFactory(number=6, short_title="A sixth priority added later")
    services.report_job_process(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.is_signed_off
    text = squashed(pdf_text(job.file.open("rb").read()))
    assert f"Signed off by Ananya Rao on {timezone.localdate():%-d %B %Y}" in text
    assert "Draft for sign-off" not in text and "A sixth priority" not in text
    assert not exec_user.has_perm("reports.sign_off_report", job)  # once only
    # A new request on the changed data is a new version, to be signed off again.
    new, created = _request(staff_user)
    assert created and new.version == 2 and not new.is_signed_off


def test_the_scheduled_annual_report_is_for_the_year_just_ended(priorities, sent):
    from reports.periods import financial_year_of

    job_id = tasks.request_annual_report.apply().get()
    job = ReportJob.objects.get(pk=job_id)
    assert job.kind == ANNUAL_REPORT and job.requested_by is None
    last_year = financial_year_of(timezone.localdate() - datetime.timedelta(days=366))
    assert job.period == last_year.key and job.as_of == last_year.ends_on
    chosen = tasks.request_annual_report.apply(kwargs={"year": "2024-25"}).get()
    assert ReportJob.objects.get(pk=chosen).period == "2024-25"


def test_rendering_progress_is_reported_by_step(priorities, staff_user, sent, monkeypatch):
    steps = []
    real = services._set_progress

    def record(job_id, percent, step):
        steps.append((percent, step))
        real(job_id, percent, step)

    monkeypatch.setattr(services, "_set_progress", record)
    job, _ = _request(staff_user)
    services.report_job_run(job_id=job.pk)
    percents = [p for p, _ in steps]
    assert percents == sorted(percents) and percents[-1] == 95
    assert "Gathering our framework and five priorities" in [s for _, s in steps]
    assert rendering.PROTECTIVE_MARKING == "Official"
