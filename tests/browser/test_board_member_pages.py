"""A board member in a real browser: signs in (with their second factor), lands on the list of
board assurance packs, opens a pack as a web page; both pages pass axe and the HTML checker.
The pack is made by the report task from a small signed-off self-assessment (not the demo)."""

import pytest
from playwright.sync_api import expect

from reports import kinds, services
from reports.models import ReportJob
from reports.sections import ASSURANCE_PACK
from tests.factories import TEST_PASSWORD
from tests.reports import test_assurance_pack as made

principles, council, signed_off = made.principles, made.council, made.signed_off


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
def pack(signed_off, staff_user, monkeypatch):
    from ccpl import queue

    monkeypatch.setattr(queue, "send", lambda name, *args, **kwargs: None)
    job, _ = services.report_job_request(
        user=staff_user, inputs=kinds.inputs_for(kind=ASSURANCE_PACK, assessment_id=signed_off.pk)
    )
    services.report_job_process(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE, job.error
    return job


def test_a_board_member_lands_on_their_packs_and_reads_one(
    page, live_server, pack, board_user, sign_in, axe_check, screenshot_dir
):
    sign_in(page, board_user, TEST_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/reports/board/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Board assurance packs")
    header = page.get_by_role("navigation", name="Menu")
    expect(header.get_by_role("link", name="Board assurance packs")).to_have_count(1)
    expect(page.get_by_role("link", name="Dashboard")).to_have_count(0)
    axe_check(page)

    page.get_by_role("link", name=pack.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(pack.title)
    expect(
        page.get_by_role(
            "heading", level=2, name="1. Our self-assessment against the five principles"
        )
    ).to_be_visible()
    expect(page.get_by_text("ZEBRA-PINEAPPLE")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "board-member-pack.png", full_page=True)
    axe_check(page)
    page.get_by_role("link", name="Back to the board assurance packs").click()
    expect(page).to_have_url(f"{live_server.url}/reports/board/")
