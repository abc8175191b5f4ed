"""Co-production reviews in a real browser: the list (empty, then filtered) and the add form
(with its error state) pass axe and the Nu HTML checker; a review recorded through the form
appears on the list, and an executive reads the list without change links."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from forums.models import CoproductionReview
from tests.forums.factories import (
    CoproductionReviewFactory,
    DecisionFactory,
    ForumFactory,
    MeetingFactory,
)


@pytest.fixture
def forum(db):
    forum = ForumFactory(name="Clinical Programme Board", slug="programme-board")
    DecisionFactory(meeting=MeetingFactory(forum=forum), text="Adopted the frailty pathway.")
    return forum


def test_list_and_add_form_pass_axe(
    page, live_server, forum, staff_user, sign_in_as, axe_check, screenshot_dir
):
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/forums/manage/coproduction/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Co-production reviews")
    expect(page.get_by_text("No co-production reviews have been recorded yet.")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Record a co-production review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a co-production review")
    axe_check(page)

    # Nothing filled in: an accessible error summary, each message linked to its field.
    page.get_by_role("button", name="Save review").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Choose the forum that held the review")
    expect(summary).to_contain_text("Enter date held")
    page.screenshot(path=screenshot_dir / "coproduction-errors.png", full_page=True)
    axe_check(page)

    page.get_by_label("Forum that held it").select_option(label="Clinical Programme Board")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("2025")
    page.get_by_label("What was co-produced or reviewed").fill(
        "Frailty pathway redesign reviewed with the Patient and Public Involvement group"
    )
    page.get_by_label(re.compile("lived experience or members of the public")).fill("9")
    page.get_by_label("What changed as a result").fill("One named contact after discharge.")
    page.get_by_role("button", name="Save review").click()
    expect(page).to_have_url(re.compile(r"/forums/manage/programme-board/$"))
    expect(
        page.locator(".nhsuk-table", has_text="Frailty pathway redesign reviewed")
    ).to_be_visible()
    axe_check(page)  # the forum page with its reviews
    assert CoproductionReview.objects.get().participants == 9

    page.goto(f"{live_server.url}/forums/manage/coproduction/?year=2025")
    expect(page.locator("table")).to_contain_text("Frailty pathway redesign reviewed")
    page.screenshot(path=screenshot_dir / "coproduction-list.png", full_page=True)
    axe_check(page)

    page.goto(f"{live_server.url}/forums/manage/coproduction/?year=2021")
    expect(page.get_by_text("No co-production reviews match these filters.")).to_be_visible()
    axe_check(page)


def test_executive_reads_the_list_without_change_links(
    page, live_server, exec_user, sign_in_as, axe_check
):
    CoproductionReviewFactory(
        forum=None,
        programme_group="Maternity and Neonatal Voices Partnership",
        held_on=date(2025, 11, 19),
        subject="Postnatal mental health support reviewed with parents",
    )
    sign_in_as(page, exec_user)
    page.goto(f"{live_server.url}/forums/manage/coproduction/")
    expect(page.locator("table")).to_contain_text("Maternity and Neonatal Voices Partnership")
    expect(page.get_by_role("link", name=re.compile("^Change"))).to_have_count(0)
    expect(page.get_by_role("link", name="Record a co-production review")).to_have_count(0)
    axe_check(page)
