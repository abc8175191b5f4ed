"""The public plan progress page: everyone sees the active plan's actions, owners as roles or
forums, the RAG and the latest *published* update; internal notes never reach the page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.models import ActionPlan, Executive, ProgressStatus, ProgressUpdate
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.factories import UserFactory
from tests.forums.factories import ForumFactory

TODAY = timezone.localdate()
URL = "/actions/progress/"


@pytest.fixture
def active_plan(db):
    return ActionPlanFactory(
        title="Leadership action plan",
        version="2026 to 2027",
        starts_on=TODAY - datetime.timedelta(days=60),
        status=ActionPlan.Status.ACTIVE,
        approved_on=TODAY - datetime.timedelta(days=70),
        approved_by="Dr Quentin Approver",
    )


def test_the_page_is_at_its_address_and_public(client, active_plan):
    assert reverse("actions:public_plan") == URL
    response = client.get(URL)
    assert response.status_code == 200
    assert b"How we are doing against our plan" in response.content


def test_it_shows_actions_owners_rag_and_the_latest_published_update(client, active_plan):
    council = ForumFactory(name="Clinical and Care Professional Council", is_public=True)
    action = ActionFactory(
        plan=active_plan,
        code="1.1",
        title="Publish the role register",
        owner="CMO / CNO",
        owner_executive=Executive.CMO_AND_CNO,
        owner_forum=council,
    )
    ProgressUpdateFactory(
        action=action,
        on=TODAY - datetime.timedelta(days=20),
        status=ProgressStatus.ON_TRACK,
        narrative="The first published update.",
        is_public=True,
    )
    ProgressUpdateFactory(
        action=action,
        on=TODAY - datetime.timedelta(days=10),
        status=ProgressStatus.AT_RISK,
        narrative="The latest published update.",
        is_public=True,
    )
    page = client.get(URL).content.decode()
    assert "1.1 Publish the role register" in page
    assert "Chief Medical Officer and Chief Nursing Officer" in page
    assert f'href="{council.get_public_url()}"' in page
    assert "At risk" in page
    assert "The latest published update." in page
    assert "The first published update." not in page
    assert "Short term (0 to 6 months)" in page


def test_an_internal_note_never_reaches_the_page_nor_its_source(client, active_plan):
    """The attack: the latest update is internal, with evidence and a named author; none of
    it may appear, not even in the HTML source (attributes, comments, hidden text)."""
    author = UserFactory(username="zebedee", first_name="Zebedee", last_name="Quill")
    action = ActionFactory(plan=active_plan, code="1.2", title="Review governance")
    ProgressUpdateFactory(
        action=action,
        on=TODAY - datetime.timedelta(days=30),
        narrative="Governance review under way.",
        is_public=True,
    )
    services.progress_update_add(
        user=author,
        action=action,
        on=TODAY - datetime.timedelta(days=2),
        status=ProgressStatus.OFF_TRACK,
        narrative="INTERNAL: the lead is off sick; do not share",
        evidence_url="https://intranet.example.nhs.uk/secret-minutes",
    )
    assert ProgressUpdate.objects.get(narrative__startswith="INTERNAL").is_public is False
    page = client.get(URL).content.decode()
    assert "Governance review under way." in page
    for secret in ("INTERNAL", "off sick", "secret-minutes", "Zebedee", "Quill", "Quentin"):
        assert secret not in page, secret
    # The status of the internal update still counts: the rating is honest.
    assert "Off track" in page


def test_an_action_with_only_internal_updates_says_nothing_is_published(client, active_plan):
    action = ActionFactory(plan=active_plan, code="2.1", title="Run the survey")
    ProgressUpdateFactory(action=action, on=TODAY, narrative="Private detail 4471")
    page = client.get(URL).content.decode()
    assert "Private detail 4471" not in page
    assert "No update published yet" in page


def test_a_draft_plan_is_not_public(client, db):
    draft = ActionPlanFactory(status=ActionPlan.Status.DRAFT, starts_on=TODAY)
    ActionFactory(plan=draft, code="1.1", title="A draft action 9182")
    page = client.get(URL).content.decode()
    assert "A draft action 9182" not in page
    assert "has not been approved yet" in page


def test_staff_publish_and_withdraw_an_update(staff_client, active_plan):
    action = ActionFactory(plan=active_plan, code="3.1")
    update = ProgressUpdateFactory(action=action, on=TODAY, narrative="Ready to share 5521")
    publish = reverse("actions:progress_update_publish", args=[update.pk])

    response = staff_client.post(publish, {"publish": "yes"})
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.is_public is True
    assert "Ready to share 5521" in staff_client.get(URL).content.decode()
    assert update.history.first().history_change_reason == "Published"

    staff_client.post(publish, {"publish": "no"})
    update.refresh_from_db()
    assert update.is_public is False
    assert "Ready to share 5521" not in staff_client.get(URL).content.decode()


def test_only_the_ccpl_team_may_publish(client, exec_client, leader_client, active_plan):
    update = ProgressUpdateFactory(action=ActionFactory(plan=active_plan), on=TODAY)
    publish = reverse("actions:progress_update_publish", args=[update.pk])
    assert exec_client.post(publish, {"publish": "yes"}).status_code == 403
    assert leader_client.post(publish, {"publish": "yes"}).status_code == 403
    assert client.post(publish, {"publish": "yes"}).status_code == 302  # to sign in
    update.refresh_from_db()
    assert update.is_public is False


def test_publishing_needs_a_post(staff_client, active_plan):
    update = ProgressUpdateFactory(action=ActionFactory(plan=active_plan), on=TODAY)
    publish = reverse("actions:progress_update_publish", args=[update.pk])
    assert staff_client.get(publish).status_code == 405


def test_the_progress_form_publishes_only_when_asked(staff_client, active_plan):
    action = ActionFactory(plan=active_plan, code="4.1")
    url = reverse("actions:progress_update_add", args=[action.pk])
    day = {"on_day": TODAY.day, "on_month": TODAY.month, "on_year": TODAY.year}
    staff_client.post(url, {"status": "on_track", "narrative": "Kept inside", **day})
    staff_client.post(
        url, {"status": "on_track", "narrative": "For everyone", "is_public": "on", **day}
    )
    published = dict(action.updates.values_list("narrative", "is_public"))
    assert published == {"Kept inside": False, "For everyone": True}


def test_the_home_page_and_the_navigation_link_the_plan(client, db):
    page = client.get("/").content.decode()
    assert page.count(f'href="{URL}"') >= 2  # in the header and in the text
    assert "how we are doing against our plan</a>" in page


def test_the_demo_shows_published_updates_and_keeps_its_internal_notes(client, demo_plan):
    from actions import demo

    page = client.get(URL).content.decode()
    assert page.count("public-plan-action") == len(demo.ACTIONS)
    published = ProgressUpdate.objects.filter(action__plan=demo_plan, is_public=True)
    internal = ProgressUpdate.objects.filter(action__plan=demo_plan, is_public=False)
    assert published.count() > 10
    assert internal.count() == len(demo.INTERNAL_UPDATES)
    assert "Virtual forum now runs every quarter" in page
    for note in internal:
        assert note.narrative not in page
