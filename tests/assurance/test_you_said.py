"""You said, we did: what leaders said linked to what was done. The public page and the annual
report show only the CCPL team's own words: never a practitioner item's title, body or author,
never an unpublished comment, never a leaders-only decision's text."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionPlan, ProgressStatus
from assurance import indicators
from assurance import yousaid_selectors as selectors
from assurance import yousaid_services as services
from assurance.models import YouSaid
from communications.forum_models import PractitionerItem
from reports import kinds, rendering
from reports.sections import ANNUAL_REPORT
from surveys.models import Answer, Recommendation, Response, Survey
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.communications.forum_helpers import leader, posted
from tests.factories import PriorityFactory
from tests.forums.factories import DecisionFactory, ForumFactory, MeetingFactory
from tests.surveys.factories import SectionFactory, SurveyFactory, question

pytestmark = pytest.mark.django_db

KINDS = ("anonymous", "leader", "panel", "board", "sysadmin", "exec", "staff")

ITEM_TITLE = "Zanzibar rota question"
ITEM_BODY = "Quibbling about the Xylophone rota"
ITEM_AUTHOR = "Ottoline Pemberton-Quayle"
ITEM_COMMENT = "Comment Vermilion seventeen"
WITHHELD = "Withheld remark about Dr Grimsby"
PENDING = "Pending remark about Ward Nineteen"
PUBLISHED = "The Council listened to us this year"
PRIVATE_DECISION = "Agreed in private: Marmalade budget cut"
LEADERS_RECOMMENDATION = "Leaders-only recommendation Tangerine"
DRAFT_ACTION = "Draft action Periwinkle"
SECRETS = (
    ITEM_TITLE,
    ITEM_BODY,
    ITEM_AUTHOR,
    ITEM_COMMENT,
    WITHHELD,
    PENDING,
    PRIVATE_DECISION,
    LEADERS_RECOMMENDATION,
    DRAFT_ACTION,
)


def _client(request, kind):
    if kind == "anonymous":
        return request.getfixturevalue("client")
    return request.getfixturevalue(f"{kind}_client")


def _survey(audience, *, year, comments=()):
    survey = SurveyFactory(year=year, status=Survey.Status.PUBLISHED, results_audience=audience)
    section = SectionFactory(survey=survey)
    q = question(section, f"c{year}", kind="free_text")
    for text, moderation, published in comments:
        response = Response.objects.create(survey=survey)
        Answer.objects.create(
            response=response,
            question=q,
            text=text,
            moderation=moderation,
            published_text=published,
        )
    return survey


@pytest.fixture
def world(staff_user, exec_user, leader_user):
    from communications import forum_services

    priorities = {n: PriorityFactory(number=n, short_title=f"Priority {n}") for n in range(1, 6)}
    today = timezone.localdate()
    plan = ActionPlanFactory(status=ActionPlan.Status.ACTIVE, starts_on=today - timedelta(days=30))
    done = ActionFactory(plan=plan, code="1.1", priority=priorities[1], title="Protect time")
    ProgressUpdateFactory(action=done, on=today, status=ProgressStatus.COMPLETE)
    moving = ActionFactory(plan=plan, code="2.1", priority=priorities[2], title="Learn together")
    ProgressUpdateFactory(action=moving, on=today, status=ProgressStatus.ON_TRACK)
    draft_plan = ActionPlanFactory(status=ActionPlan.Status.DRAFT)
    hidden = ActionFactory(plan=draft_plan, code="3.1", priority=priorities[3], title=DRAFT_ACTION)

    author = leader("ottoline", given_name="Ottoline", family_name="Pemberton-Quayle")
    item = posted(author, title=ITEM_TITLE, body=ITEM_BODY, accept_by=staff_user)
    forum_services.comment_add(user=author, item=item, body=ITEM_COMMENT, anonymous=False)
    pending_item = posted(author, title="Pending item Saffron")

    public_survey = _survey(
        Survey.Audience.PUBLIC,
        year=2024,
        comments=[
            ("raw " + PUBLISHED, Answer.Moderation.PUBLISH, PUBLISHED),
            (WITHHELD, Answer.Moderation.WITHHOLD, ""),
            (PENDING, Answer.Moderation.PENDING, ""),
        ],
    )
    public_rec = Recommendation.objects.create(
        survey=public_survey, priority=priorities[2], text="Run a learning session each quarter"
    )
    leaders_survey = _survey(Survey.Audience.LEADERS, year=2025)
    leaders_rec = Recommendation.objects.create(
        survey=leaders_survey, priority=priorities[4], text=LEADERS_RECOMMENDATION
    )
    public_forum = ForumFactory(name="Public Council", slug="public-council", is_public=True)
    public_decision = DecisionFactory(
        meeting=MeetingFactory(forum=public_forum, minutes_public=True),
        text="Agreed in public: a learning session each quarter",
    )
    private_forum = ForumFactory(name="Private board", slug="private-board", is_public=False)
    private_decision = DecisionFactory(
        meeting=MeetingFactory(forum=private_forum), text=PRIVATE_DECISION
    )

    entries = {
        "item": services.entry_create(
            user=staff_user,
            source_kind=YouSaid.Source.PRACTITIONER_ITEM,
            practitioner_item=item,
            priority=priorities[1],
            you_said="Leaders asked for time to lead",
            we_did="We protected sessional time",
            actions=[done],
            is_public=True,
        ),
        "theme": services.entry_create(
            user=staff_user,
            source_kind=YouSaid.Source.COMMENT_THEME,
            survey=public_survey,
            theme="Being heard",
            quote=PUBLISHED,
            priority=priorities[2],
            you_said="Leaders wanted to be heard",
            we_did="We report back every quarter",
            actions=[moving, hidden],
            is_public=True,
        ),
        "recommendation": services.entry_create(
            user=staff_user,
            source_kind=YouSaid.Source.RECOMMENDATION,
            recommendation=public_rec,
            priority=priorities[2],
            you_said="Leaders wanted to learn together",
            actions=[],
            is_public=True,
        ),
        "decision": services.entry_create(
            user=staff_user,
            source_kind=YouSaid.Source.DECISION,
            decision=public_decision,
            priority=None,
            you_said="The Council asked for sessions",
            is_public=True,
        ),
        "private": services.entry_create(
            user=staff_user,
            source_kind=YouSaid.Source.DECISION,
            decision=private_decision,
            priority=priorities[3],
            you_said="The board asked us to look at budgets",
        ),
        "leaders_rec": services.entry_create(
            user=staff_user,
            source_kind=YouSaid.Source.RECOMMENDATION,
            recommendation=leaders_rec,
            priority=priorities[4],
            you_said="Leaders asked for mentoring",
        ),
    }
    return {
        "entries": entries,
        "item": item,
        "pending_item": pending_item,
        "public_survey": public_survey,
        "leaders_rec": leaders_rec,
        "private_decision": private_decision,
        "public_decision": public_decision,
        "done": done,
        "moving": moving,
        "priorities": priorities,
    }


# --- What the public page and the annual report never show ----------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_public_page_shows_only_the_teams_words(request, world, kind):
    response = _client(request, kind).get(reverse("assurance:you_said"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Leaders asked for time to lead" in body and "We protected sessional time" in body
    assert "Leaders wanted to be heard" in body and "The Council asked for sessions" in body
    for secret in SECRETS:
        assert secret not in body, secret
    # Entries that are not public stay off it.
    assert "The board asked us to look at budgets" not in body
    assert "Leaders asked for mentoring" not in body
    # Statuses come from the actions; links go to the public plan only.
    assert "Done" in body and "In progress" in body and "No action linked yet" in body
    assert reverse("actions:public_plan") + "#priority-1" in body
    assert f'href="/actions/{world["done"].pk}/"' not in body


def test_the_annual_report_shows_only_the_teams_words(world):
    inputs = kinds.inputs_for(kind=ANNUAL_REPORT, today=timezone.localdate())
    html = rendering.report_html(rendering.build_report(inputs))
    assert "You said, we did" in html
    assert "Leaders asked for time to lead" in html and "We protected sessional time" in html
    for secret in SECRETS:
        assert secret not in html, secret
    assert "The board asked us to look at budgets" not in html


def test_a_source_that_stops_being_public_takes_its_entry_off_the_page(client, world):
    meeting = world["public_decision"].meeting
    meeting.minutes_public = False
    meeting.save()
    body = client.get(reverse("assurance:you_said")).content.decode()
    assert "The Council asked for sessions" not in body
    # A quote later withheld: the entry goes too.
    Answer.objects.filter(published_text=PUBLISHED).update(moderation=Answer.Moderation.WITHHOLD)
    body = client.get(reverse("assurance:you_said")).content.decode()
    assert "Leaders wanted to be heard" not in body
    groups = selectors.you_said_we_did(public_only=True)
    shown = [e.you_said for g in groups for e in g.entries]
    assert "Leaders asked for time to lead" in shown and "Leaders wanted to be heard" not in shown


def test_a_leaders_only_entry_flagged_public_behind_the_services_back_stays_off(client, world):
    # As if the flag were set in the admin or by a bulk update: the selector checks again.
    YouSaid.objects.filter(
        pk__in=[world["entries"]["private"].pk, world["entries"]["leaders_rec"].pk]
    ).update(is_public=True)
    body = client.get(reverse("assurance:you_said")).content.decode()
    inputs = kinds.inputs_for(kind=ANNUAL_REPORT, today=timezone.localdate())
    html = rendering.report_html(rendering.build_report(inputs))
    for text in (body, html):
        assert "Leaders asked for time to lead" in text
        assert "The board asked us to look at budgets" not in text
        assert "Leaders asked for mentoring" not in text


# --- Making public is refused for leaders-only sources -------------------------------------


def test_making_a_private_decision_public_is_refused(world, staff_user):
    with pytest.raises(ValidationError, match="not public"):
        services.entry_set_public(
            user=staff_user, entry=world["entries"]["private"], is_public=True
        )
    assert not YouSaid.objects.get(pk=world["entries"]["private"].pk).is_public


def test_making_a_leaders_only_recommendation_public_is_refused(world, staff_user):
    with pytest.raises(ValidationError, match="not published to everyone"):
        services.entry_set_public(
            user=staff_user, entry=world["entries"]["leaders_rec"], is_public=True
        )
    with pytest.raises(ValidationError):
        services.entry_update(
            user=staff_user, entry=world["entries"]["leaders_rec"], is_public=True
        )


@pytest.mark.parametrize("quote", [WITHHELD, PENDING, "raw " + PUBLISHED, "Made up words"])
def test_a_quote_must_be_a_published_comment(world, staff_user, quote):
    with pytest.raises(ValidationError, match="published comments"):
        services.entry_create(
            user=staff_user,
            source_kind=YouSaid.Source.COMMENT_THEME,
            survey=world["public_survey"],
            theme="Theme",
            quote=quote,
            you_said="x",
        )


def test_only_an_accepted_practitioner_item_can_be_linked(world, staff_user):
    with pytest.raises(ValidationError, match="accepted"):
        services.entry_create(
            user=staff_user,
            source_kind=YouSaid.Source.PRACTITIONER_ITEM,
            practitioner_item=world["pending_item"],
            you_said="x",
        )
    assert world["pending_item"] not in selectors.practitioner_item_choices()


def test_one_source_of_the_kind_chosen(world, staff_user):
    with pytest.raises(ValidationError):
        services.entry_create(
            user=staff_user, source_kind=YouSaid.Source.DECISION, you_said="No decision chosen"
        )
    # Sources of other kinds are dropped, never kept beside the chosen one.
    entry = services.entry_create(
        user=staff_user,
        source_kind=YouSaid.Source.DECISION,
        decision=world["public_decision"],
        practitioner_item=world["item"],
        you_said="Both given",
    )
    assert entry.practitioner_item is None and entry.decision == world["public_decision"]


# --- Pages and permissions ----------------------------------------------------------------


GETS = [
    ("assurance:you_said_manage", None, {"exec", "staff"}),
    ("assurance:you_said_create", None, {"staff"}),
    ("assurance:you_said_edit", "item", {"staff"}),
    ("assurance:you_said_delete", "item", {"staff"}),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("name", "arg", "allowed"), GETS)
def test_who_reaches_each_page(request, world, kind, name, arg, allowed):
    url = reverse(name, args=[world["entries"][arg].pk] if arg else [])
    response = _client(request, kind).get(url)
    if kind in allowed:
        assert response.status_code == 200, url
    elif kind == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403, (kind, url)


@pytest.mark.parametrize("kind", KINDS)
def test_only_the_ccpl_team_deletes(request, world, kind):
    entry = world["entries"]["item"]
    response = _client(request, kind).post(reverse("assurance:you_said_delete", args=[entry.pk]))
    if kind == "staff":
        assert response.status_code == 302
        assert not YouSaid.objects.filter(pk=entry.pk).exists()
    else:
        assert response.status_code in (302, 403)
        assert YouSaid.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_only_the_ccpl_team_adds(request, world, kind):
    data = {
        "source_kind": "decision",
        "decision": world["public_decision"].pk,
        "you_said": "Added through the form",
    }
    _client(request, kind).post(reverse("assurance:you_said_create"), data)
    assert YouSaid.objects.filter(you_said="Added through the form").exists() == (kind == "staff")


def test_the_form_refuses_a_public_private_decision_with_an_error(world, staff_client):
    data = {
        "source_kind": "decision",
        "decision": world["private_decision"].pk,
        "you_said": "Try to publish",
        "is_public": "on",
    }
    response = staff_client.post(reverse("assurance:you_said_create"), data)
    assert response.status_code == 200
    assert b"nhsuk-error-summary" in response.content
    assert b"cannot be made public" in response.content
    assert not YouSaid.objects.filter(you_said="Try to publish").exists()
    # Bad ids are form errors too, never a 500.
    response = staff_client.post(
        reverse("assurance:you_said_create"),
        {"source_kind": "practitioner_item", "practitioner_item": "abc", "you_said": "x"},
    )
    assert response.status_code == 200 and b"nhsuk-error-summary" in response.content


def test_the_ccpl_team_edits_through_the_form(world, staff_client):
    entry = world["entries"]["private"]
    response = staff_client.post(
        reverse("assurance:you_said_edit", args=[entry.pk]),
        {
            "source_kind": "decision",
            "decision": world["public_decision"].pk,
            "you_said": "Now from the public Council",
            "actions": [world["moving"].pk],
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_public and list(entry.actions.all()) == [world["moving"]]
    assert entry.history.count() >= 2


def test_the_list_filters(world, staff_client):
    url = reverse("assurance:you_said_manage")
    body = staff_client.get(url, {"source_kind": "decision"}).content.decode()
    assert "The Council asked for sessions" in body and "Leaders asked for time" not in body
    body = staff_client.get(url, {"public": "no"}).content.decode()
    assert "Leaders asked for mentoring" in body and "Leaders wanted to be heard" not in body
    body = staff_client.get(url, {"priority": world["priorities"][1].pk}).content.decode()
    assert "Leaders asked for time to lead" in body and "mentoring" not in body
    assert staff_client.get(url, {"priority": "zzz", "page": "x"}).status_code == 200


def _more(world, staff_user, n):
    for i in range(n):
        services.entry_create(
            user=staff_user,
            source_kind=YouSaid.Source.PRACTITIONER_ITEM,
            practitioner_item=world["item"],
            priority=world["priorities"][1 + i % 5],
            you_said=f"More {i}",
            actions=[world["done"], world["moving"]],
            is_public=True,
        )


@pytest.mark.parametrize("name", ["assurance:you_said_manage", "assurance:you_said"])
def test_query_counts_do_not_grow(request, world, staff_user, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = request.getfixturevalue("staff_client" if "manage" in name else "client")
    url = reverse(name)
    client.get(url)
    cache.clear()  # the public page is cached: count a page made afresh
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _more(world, staff_user, 12)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) <= len(small), (len(small), len(large))


# --- The practitioner-forum indicator matches the forum's figures page ---------------------


def test_the_forum_indicator_matches_the_figures_page(world, staff_user, exec_client):
    answered = posted(leader("another"), title="Answered one", accept_by=staff_user)
    PractitionerItem.objects.filter(pk=answered.pk).update(status=PractitionerItem.Status.ANSWERED)
    figure = indicators.get("practitioner_forum_items").compute(timezone.localdate())
    page = exec_client.get(reverse("communications:forum_figures"))
    by_status = page.context["engagement"].by_status
    assert dict(figure["rows"]) == {k: str(v) for k, v in by_status.items()}
    total = sum(by_status.values())
    assert figure["headline"].startswith(f"1 of {total} items answered or acted on")
