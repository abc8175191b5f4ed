"""The practitioner forum in a real browser: a leader posts anonymously (with an error first)
and sees it waiting; a moderator accepts it; another leader supports it and comments; the
moderator routes it to a forum's meeting and answers it. The list, an item, the new-item
form and the moderation pages pass axe and the HTML checker, and the other leader never
sees the author."""

from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from ccpl import rules as ccpl_rules
from tests.factories import PersonFactory, PlaceFactory, UserFactory
from tests.forums.factories import ForumFactory, MeetingFactory


def test_posting_moderating_supporting_and_answering_pass_axe(
    page, live_server, leader_user, staff_user, sign_in_as, axe_check, screenshot_dir
):
    PlaceFactory(name="North Place")
    forum = ForumFactory(name="Clinical and Care Professional Forum")
    MeetingFactory(
        forum=forum, starts_at=timezone.now() + timezone.timedelta(days=10), status="planned"
    )
    other = UserFactory(username="other-leader")
    other.groups.add(Group.objects.get(name=ccpl_rules.LEADER))
    PersonFactory(user=other, given_name="Olu", family_name="Other")

    sign_in_as(page, leader_user)
    page.goto(f"{live_server.url}/communications/forum/")
    axe_check(page)
    page.get_by_role("link", name="Post a question, idea or concern").click()
    expect(
        page.get_by_text("Only the CCPL team's moderators can see that you wrote this")
    ).to_be_visible()
    page.get_by_role("button", name="Post it").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("Concern", exact=True).check()
    page.get_by_label("Title", exact=True).fill("Rotas leave no time for leadership")
    page.get_by_label("Your question, idea or concern").fill("Our rotas leave no time.")
    page.locator("#id_place").select_option(label="North Place")
    page.get_by_label("Post it anonymously").check()
    page.get_by_role("button", name="Post it").click()
    expect(page.get_by_text("Waiting for moderation")).to_be_visible()
    expect(page.get_by_text("You (shown to others as anonymous)")).to_be_visible()
    axe_check(page)
    item_url = page.url

    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/communications/manage/forum/")
    axe_check(page)
    page.get_by_role("link", name="Rotas leave no time for leadership").click()
    expect(page.get_by_text("Lee Leader (posted anonymously)")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Accept it").click()
    expect(page.get_by_text("The item is accepted")).to_be_visible()

    sign_in_as(page, other)
    page.goto(item_url)
    expect(page.get_by_text("Posted by Anonymous")).to_be_visible()
    assert "Lee" not in page.content()
    page.get_by_role("button", name="Support this").click()
    expect(page.get_by_text("You support this item.")).to_be_visible()
    page.get_by_label("Your comment").fill("Same in our team.")
    page.get_by_role("button", name="Add your comment").click()
    expect(page.get_by_text("Same in our team.")).to_be_visible()
    expect(page.get_by_text("1 leader supports this.")).to_be_visible()
    axe_check(page)
    page.screenshot(path=screenshot_dir / "forum-item.png", full_page=True)

    sign_in_as(page, staff_user)
    page.goto(item_url)
    page.get_by_role("link", name="Moderate this item").click()
    page.get_by_role("link", name="Put it on a forum's agenda").click()
    axe_check(page)
    page.get_by_label("Forum", exact=True).select_option(label=forum.name)
    page.get_by_label("Meeting").select_option(index=1)
    page.get_by_role("button", name="Put it on the agenda").click()
    expect(page.get_by_text("The item is on the forum's agenda.")).to_be_visible()
    page.get_by_role("link", name="Record an answer").click()
    page.get_by_label("Answer", exact=True).fill("The forum agreed protected sessions.")
    page.get_by_role("button", name="Record the answer").click()
    expect(page.get_by_text("The answer is recorded")).to_be_visible()
    axe_check(page)
    page.screenshot(path=screenshot_dir / "forum-moderate.png", full_page=True)
    page.goto(f"{live_server.url}/communications/manage/forum/figures/")
    axe_check(page)
    page.screenshot(path=screenshot_dir / "engagement-figures.png", full_page=True)

    sign_in_as(page, other)
    page.goto(f"{live_server.url}/communications/forum/?status=answered")
    page.get_by_role("link", name="Rotas leave no time for leadership").click()
    expect(page.get_by_text("The forum agreed protected sessions.")).to_be_visible()
    assert "Lee" not in page.content()
    axe_check(page)
