"""Reports and the dashboard in a real browser: the dashboard's tiles, and the journey from
asking for a report through its progress bar to the download, each state passing axe."""

import threading
import time

import pytest
from django.db import connection
from playwright.sync_api import expect

from ccpl import queue
from reports import services, tasks
from reports.models import ReportJob
from tests.factories import TEST_PASSWORD, PriorityFactory


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": "/files/"},
        },
    }


@pytest.fixture
def background_worker(monkeypatch):
    """Jobs run in a thread after a short pause, as a worker would pick them up, so the page
    shows the report being made before it is ready. (The real worker through Redis is
    tested in tests/reports/test_worker.py.)"""
    threads = []

    def run_later(job_id):
        def work():
            try:
                time.sleep(1.5)
                services.report_job_process(job_id=job_id)
            finally:
                connection.close()

        thread = threading.Thread(target=work, daemon=True)
        threads.append(thread)
        thread.start()

    send = queue.send

    def send_or_run_later(name, *args, **kwargs):
        if name == tasks.render_report.name:
            run_later(*args)
        else:
            send(name, *args, **kwargs)

    monkeypatch.setattr(queue, "send", send_or_run_later)
    yield threads
    for thread in threads:
        thread.join(timeout=60)


def test_dashboard_shows_live_tiles_and_passes_axe(
    demo_committed, page, live_server, exec_user, sign_in, axe_check, screenshot_dir
):
    sign_in(page, exec_user, TEST_PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    for title in (
        "Action plan",
        "Leadership roles",
        "Diversity of role holders",
        "Temperature check",
        "Forums this quarter",
        "Coming up",
    ):
        expect(page.get_by_role("region", name=title)).to_be_visible()
    expect(page.get_by_role("img", name="Bar chart: the 20 actions", exact=False)).to_be_visible()
    expect(page.get_by_role("table", name="Actions by priority and RAG rating")).to_be_visible()
    page.screenshot(path=screenshot_dir / "dashboard.png", full_page=True)
    axe_check(page)
    page.get_by_role("link", name="See every role").click()
    expect(page).to_have_url(f"{live_server.url}/roles/manage/")


def test_request_progress_and_download_pass_axe(
    page, live_server, staff_user, sign_in, axe_check, screenshot_dir, background_worker
):
    for number in range(1, 6):
        PriorityFactory(number=number, short_title=f"Priority {number}")
    sign_in(page, staff_user, TEST_PASSWORD)
    page.goto(f"{live_server.url}/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    expect(page.get_by_text("No reports have been made yet.")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Annual report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual report")
    axe_check(page)
    page.get_by_role("button", name="Make the report").click()

    # The progress page: one status in a polite live region (the labelled progress bar shows
    # while the report is being made: tests/reports/test_progress_states.py).
    expect(page.get_by_role("heading", level=1)).to_contain_text("annual report")
    bar = page.get_by_role("progressbar", name="Making the report")
    status = page.get_by_role("status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(page.locator("#report-state")).to_have_count(1)
    page.screenshot(path=screenshot_dir / "report-progress.png", full_page=True)
    axe_check(page)

    # It turns into a download link without reloading the page.
    download_link = page.get_by_role("link", name="Download the report (PDF)")
    expect(download_link).to_be_visible(timeout=60_000)
    expect(status).to_contain_text("The report is ready to download.")
    expect(page.locator("#report-state")).to_have_text("Ready")
    expect(bar).to_have_count(0)
    page.screenshot(path=screenshot_dir / "report-ready.png", full_page=True)
    axe_check(page)
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The history lists it with its download.
    page.get_by_role("link", name="Back to reports").click()
    expect(page.get_by_role("table", name="Reports made, newest first")).to_contain_text("Ready")
    axe_check(page)


def test_a_failed_report_shows_its_reason_and_passes_axe(
    page, live_server, staff_user, sign_in, axe_check, screenshot_dir, background_worker
):
    sign_in(page, staff_user, TEST_PASSWORD)  # no priorities, nothing at all to report
    page.goto(f"{live_server.url}/reports/new/annual_report/")
    page.get_by_role("button", name="Make the report").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("The report could not be made", timeout=60_000)
    expect(summary).to_contain_text("There is nothing to report yet for this period.")
    expect(summary).to_be_focused()
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.FAILED
    page.screenshot(path=screenshot_dir / "report-failed.png", full_page=True)
    axe_check(page)
