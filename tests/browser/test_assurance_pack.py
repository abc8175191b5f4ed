"""The board assurance pack in a real browser, on the demo data (its signed-off 2025
self-assessment): asked for on the reports pages, made by the report task, then read as a web
page by an executive; the request form, the ready report and the pack's page pass axe and the
HTML checker."""

import pytest
from playwright.sync_api import expect

from assurance.models import Assessment
from reports import services
from reports.models import ReportJob
from reports.sections import ASSURANCE_PACK
from tests.factories import TEST_PASSWORD


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": "/files/"},
        },
    }


@pytest.fixture(autouse=True)
def worker_runs_at_once(monkeypatch):
    """The report task runs as soon as it is sent, as a worker would run it."""
    from ccpl import queue

    send = queue.send

    def run(name, *args, **kwargs):
        if name == "ccpl.reports.render_report":
            services.report_job_process(job_id=args[0])
        else:
            send(name, *args, **kwargs)

    monkeypatch.setattr(queue, "send", run)


def test_the_pack_is_asked_for_and_read_as_a_page(
    demo_committed, page, live_server, staff_user, exec_user, sign_in, axe_check, screenshot_dir
):
    signed_off = Assessment.objects.get(status=Assessment.Status.SIGNED_OFF, year=2025)

    sign_in(page, staff_user, TEST_PASSWORD)
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="Board assurance pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board assurance pack")
    expect(page.get_by_label("Which self-assessment?")).to_have_value(str(signed_off.pk))
    axe_check(page)
    page.get_by_role("button", name="Make the report").click()
    expect(page.get_by_role("link", name="Download the report (PDF)")).to_be_visible(timeout=60_000)
    job = ReportJob.objects.get(kind=ASSURANCE_PACK)
    assert job.status == ReportJob.Status.DONE, job.error

    page.context.clear_cookies()
    sign_in(page, exec_user, TEST_PASSWORD)
    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    axe_check(page)
    page.get_by_role("link", name="Read the pack as a web page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(job.title)
    for title in (
        "1. Our self-assessment against the five principles",
        "2. Indicators and levels year on year",
    ):
        expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()
    expect(
        page.get_by_role("table", name="Maturity level of each principle", exact=True)
    ).to_be_visible()
    expect(page.get_by_role("img", name="Bar chart: each principle's", exact=False)).to_be_visible()
    page.screenshot(path=screenshot_dir / "assurance-pack.png", full_page=True)
    axe_check(page)
