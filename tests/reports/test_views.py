"""Report pages: who may ask, follow, download and sign off; clear errors; private files."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import ReportJob
from reports.periods import financial_year_of
from tests.factories import PriorityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    from ccpl import queue

    monkeypatch.setattr(queue, "send", lambda name, *args, **kwargs: None)


@pytest.fixture
def priorities(db):
    return [PriorityFactory(number=n, short_title=f"Priority {n}") for n in range(1, 6)]


@pytest.fixture
def job(priorities, staff_user):
    from reports import kinds

    job, _ = services.report_job_request(
        user=staff_user, inputs=kinds.inputs_for(kind="annual_report")
    )
    return job


def _other_staff():
    from django.contrib.auth.models import Group

    from ccpl import rules

    user = UserFactory(username="other-staff")
    user.groups.add(Group.objects.get(name=rules.CCPL_TEAM))
    return user


def test_reports_are_for_staff_and_executives(client, leader_client, staff_client, job):
    urls = [
        reverse("reports:report_list"),
        reverse("reports:report_request", args=["annual_report"]),
        reverse("reports:report_detail", args=[job.pk]),
        reverse("reports:report_download", args=[job.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        assert leader_client.get(url).status_code == 403, url
    assert staff_client.get(urls[0]).status_code == 200


def test_the_list_offers_each_kind_and_shows_the_history(staff_client, job):
    response = staff_client.get(reverse("reports:report_list"))
    html = response.content.decode()
    for label in (
        "Annual report",
        "Diversity analysis",
        "Council progress report",
        "Survey results",
    ):
        assert label in html
    assert job.title in html and "Waiting to start" in html
    assert "Not available" in html  # no download until done


def test_requesting_a_report_goes_to_its_progress_page(staff_client, priorities, staff_user):
    year = financial_year_of(timezone.localdate())
    url = reverse("reports:report_request", args=["annual_report"])
    page = staff_client.get(url)
    assert year.label in page.content.decode()
    response = staff_client.post(url, {"year": year.key})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.requested_by == staff_user and job.period == year.key
    detail = staff_client.get(job.get_absolute_url()).content.decode()
    assert 'role="progressbar"' in detail and 'aria-live="polite"' in detail
    assert reverse("reports:report_progress", args=[job.pk]) in detail
    # Asking again on unchanged data lands on the same job, with a note saying so.
    response = staff_client.post(url, {"year": year.key}, follow=True)
    assert ReportJob.objects.count() == 1
    assert "Nothing has changed since this report was last made" in response.content.decode()


def test_bad_requests_get_clear_errors(staff_client, priorities):
    url = reverse("reports:report_request", args=["annual_report"])
    response = staff_client.post(url, {"year": "1999-00"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert staff_client.get(reverse("reports:report_request", args=["nonsense"])).status_code == 404
    council = reverse("reports:report_request", args=["council_report"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = staff_client.post(
        council,
        {"plan": "", "on-day": tomorrow.day, "on-month": tomorrow.month, "on-year": tomorrow.year},
    )
    assert response.status_code == 200
    assert (
        "Select which plan?" in response.content.decode() or "Select" in response.content.decode()
    )
    assert ReportJob.objects.count() == 0


def test_progress_json_is_only_for_those_who_asked(client, staff_client, exec_user, job):
    url = reverse("reports:report_progress", args=[job.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "queued" and body["finished"] is False and body["download_url"] == ""
    assert "no-cache" in response["Cache-Control"]
    other = client.__class__()
    other.force_login(_other_staff())
    assert other.get(url).status_code == 403
    other.force_login(exec_user)
    assert other.get(url).status_code == 403
    # The progress page itself shows other staff the status, without the live feed.
    detail = other.get(job.get_absolute_url()).content.decode()
    assert url not in detail
    # Someone who asked for the same report may follow it too.
    job.also_requested_by.add(exec_user)
    assert other.get(url).status_code == 200
    anonymous = client.__class__()
    assert anonymous.get(url).status_code == 302


def test_progress_says_when_done_and_the_download_is_private(staff_client, leader_client, job):
    services.report_job_run(job_id=job.pk)
    body = staff_client.get(reverse("reports:report_progress", args=[job.pk])).json()
    assert body["finished"] and body["progress"] == 100
    assert body["download_url"] == reverse("reports:report_download", args=[job.pk])
    assert body["message"] == "The report is ready to download."
    response = staff_client.get(body["download_url"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        "attachment" in response["Content-Disposition"]
        and ".pdf" in response["Content-Disposition"]
    )
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert leader_client.get(body["download_url"]).status_code == 403
    job.refresh_from_db()
    assert job.file.url.startswith("/files/")  # a storage URL nothing serves
    assert staff_client.get(job.file.url).status_code == 404


def test_a_failed_report_shows_its_reason(staff_client, job):
    services.report_job_fail(
        job_id=job.pk, reason="There is nothing to report yet for this period."
    )
    html = staff_client.get(job.get_absolute_url()).content.decode()
    assert "The report could not be made" in html
    assert "There is nothing to report yet for this period." in html
    assert staff_client.get(reverse("reports:report_download", args=[job.pk])).status_code == 404
    body = staff_client.get(reverse("reports:report_progress", args=[job.pk])).json()
    assert body["status"] == "failed" and "nothing to report" in body["error"]


def test_regenerate_returns_the_same_job_on_unchanged_data(staff_client, job):
    services.report_job_run(job_id=job.pk)
    url = reverse("reports:report_regenerate", args=[job.pk])
    assert staff_client.get(url).status_code == 405
    response = staff_client.post(url)
    assert response["Location"] == job.get_absolute_url()
    PriorityFactory(number=6, short_title="New priority")
    response = staff_client.post(url)
    new = ReportJob.objects.latest("pk")
    assert new.pk != job.pk and response["Location"] == new.get_absolute_url()


def test_only_an_executive_signs_off_a_finished_annual_report(staff_client, exec_client, job):
    url = reverse("reports:report_sign_off", args=[job.pk])
    assert exec_client.post(url).status_code == 403  # not finished yet
    services.report_job_run(job_id=job.pk)
    assert staff_client.post(url).status_code == 403
    detail = exec_client.get(job.get_absolute_url()).content.decode()
    assert "Sign off this version" in detail
    response = exec_client.post(url)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.is_signed_off and job.status == ReportJob.Status.QUEUED
    services.report_job_process(job_id=job.pk)
    detail = exec_client.get(job.get_absolute_url()).content.decode()
    assert "This is the version for the Integrated Care Board" in detail
    assert "Sign off this version" not in detail
    assert exec_client.post(url).status_code == 403
