"""Mentoring and coaching in a real browser: the CCPL team suggests and confirms a match on
the register, a leader asks for a mentor (with an error first) and opens their match, each
page passing axe and the HTML checker."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from development.models import CheckIn, Match, MentoringTopic
from tests.development.factories import MatchFactory, MentorFactory, MentoringRequestFactory


def test_register_suggest_and_confirm_pass_axe(
    page, live_server, staff_user, sign_in_as, axe_check
):
    MentorFactory(person__given_name="Xavier", person__family_name="Mentor")
    MentorFactory(accreditation_expires_on=timezone.localdate() - timedelta(days=1))
    MentoringRequestFactory(mentee__given_name="Asha", mentee__family_name="Mentee")
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/development/manage/mentoring/")
    expect(page.get_by_text("Expired")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Suggest matches").click()
    expect(page.get_by_text("1 suggested match.")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Confirm Xavier Mentor for Asha Mentee").click()
    expect(page.get_by_text("The match for Asha Mentee has been confirmed.")).to_be_visible()
    assert Match.objects.get().status == Match.Status.CONFIRMED
    axe_check(page)


def test_leader_asks_and_opens_their_match_pass_axe(
    page, live_server, leader_user, sign_in_as, axe_check
):
    match = MatchFactory(
        request__mentee=leader_user.person,
        request__kind="coaching",
        request__goals=[MentoringTopic.BOARD],
    )
    CheckIn.objects.create(match=match, held_on=timezone.localdate(), note="First meeting.")
    sign_in_as(page, leader_user)
    page.goto(f"{live_server.url}/profile/mentoring/")
    axe_check(page)
    page.get_by_role("link", name="Ask for a mentor or coach").click()
    page.get_by_label("Mentoring", exact=True).check()
    page.get_by_role("button", name="Send your request").click()
    expect(
        page.get_by_role("link", name="Select at least one thing you would like help with")
    ).to_be_visible()
    axe_check(page)
    page.get_by_label("Career planning").check()
    page.get_by_role("button", name="Send your request").click()
    expect(page.get_by_text("Your request has been sent.")).to_be_visible()
    page.get_by_role("link", name=str(match.mentor.person.full_name)).click()
    expect(page.get_by_text("First meeting.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Record a check-in").click()
    axe_check(page)
