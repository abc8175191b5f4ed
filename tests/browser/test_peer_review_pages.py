"""Peer review in a real browser: the CCPL team turns it on and invites a reviewer (with a form
error first); the reviewer opens their link without signing in and comments on a principle (an
error first); the team sees the comment. Each page passes axe and the HTML checker."""

from playwright.sync_api import expect

from assurance import peer_services
from assurance.models import PeerReviewer

from .test_assurance_pages import _assessments


def test_peer_review_pages_pass_axe(
    page, live_server, settings, staff_user, exec_user, sign_in_as, axe_check, screenshot_dir
):
    settings.CCPL_SITE_URL = live_server.url
    draft = _assessments(staff_user, exec_user)
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Peer review")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Turn on peer review").click()
    page.get_by_role("link", name="Invite a peer reviewer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Invite a peer reviewer")
    page.get_by_label("Reviewer's name").fill("Dr Amara Okafor")
    page.get_by_label("Their organisation").fill("NHS Northern Neighbour ICB")
    page.get_by_label("Their e-mail address").fill("not an address")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("Their e-mail address").fill("amara@neighbour.example.nhs.uk")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("cell", name="Invited")).to_be_visible()
    axe_check(page)

    # The worker makes the link as it sends the e-mail.
    link = peer_services.review_link(PeerReviewer.objects.get().pk)
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft self-assessment 2026")
    expect(page.get_by_text("Set up the Council").first).to_be_visible()
    expect(page.get_by_text("Not for the public")).to_have_count(0)
    axe_check(page)
    first = page.locator("form[id^=comment-]").first
    first.get_by_role("button").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page)
    first = page.locator("form[id^=comment-]").first
    first.locator("textarea").fill("A clear account; say more about social care leaders.")
    first.get_by_role("button").click()
    expect(page.get_by_text("Your comment has been saved")).to_be_visible()
    page.screenshot(path=screenshot_dir / "assurance-peer-review.png", full_page=True)
    axe_check(page)

    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    expect(page.get_by_text("A clear account; say more about social care leaders.")).to_be_visible()
    expect(page.get_by_role("cell", name="Commented (1 comment)")).to_be_visible()
    axe_check(page)
