"""The CMO/CNO dashboard: permissions, live figures matching the apps' own pages, and a
constant number of queries as data grows."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard import selectors as dashboard

pytestmark = pytest.mark.django_db


def _tiles(client):
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 200
    return response, {built.tile.key: built.data for built in response.context["tiles"]}


def test_dashboard_is_for_staff_and_executives(client, leader_client, demo):
    url = reverse("dashboard:dashboard")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert leader_client.get(url).status_code == 403
    for user in (demo["staff"], demo["exec"]):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_every_tile_shows_with_the_demo_data(client, demo):
    client.force_login(demo["exec"])
    response, tiles = _tiles(client)
    assert list(tiles) == [
        "action_plan",
        "roles",
        "diversity",
        "temperature_check",
        "forums",
        "development",
        "communications",
        "coming_up",
    ]
    html = response.content.decode()
    for built in response.context["tiles"]:
        assert f'id="tile-{built.tile.key.replace("_", "-")}"' in html
    # Each tile links to its detail.
    plan = tiles["action_plan"]["plan"]
    survey = tiles["temperature_check"]["survey"]
    assert survey.status == "open" and tiles["temperature_check"]["withheld"]
    assert "priorities" not in tiles["temperature_check"]
    for url in (
        reverse("actions:plan_overview", args=[plan.pk]),
        reverse("roles:role_list"),
        reverse("roles:diversity"),
        # The demo's latest temperature check is open: its response rate, never its results.
        reverse("surveys:invitation_list", args=[survey.pk]),
        reverse("forums:decision_list"),
        reverse("roles:due"),
    ):
        assert f'href="{url}"' in html, url


def test_action_plan_tile_matches_the_action_plan_page(client, demo):
    client.force_login(demo["staff"])
    _response, tiles = _tiles(client)
    page = client.get(reverse("actions:overview")).context
    tile = tiles["action_plan"]
    assert tile["plan"] == page["plan"]
    assert [r.cells for r in tile["progress"].rows] == [r.cells for r in page["progress"].rows]
    assert tile["progress"].totals.stale == page["progress"].totals.stale
    assert tile["overdue_count"] == page["progress"].totals.rag_counts.get("overdue", 0)
    assert tile["progress"].totals.total == 20


def test_roles_and_coming_up_tiles_match_the_roles_pages(client, demo):
    client.force_login(demo["staff"])
    response, tiles = _tiles(client)
    register = client.get(reverse("roles:public_list")).context
    roles = list(register["filter"].qs)
    assert tiles["roles"]["total"] == len(roles)
    assert tiles["roles"]["filled"] == sum(1 for r in roles if r.is_filled)
    html = response.content.decode()
    assert f"{tiles['roles']['filled']} of {tiles['roles']['total']}" in html
    due = client.get(reverse("roles:due")).context
    assert tiles["coming_up"]["jd_count"] == len(due["jd_reviews"])
    assert tiles["coming_up"]["appraisal_count"] == len(due["appraisals"])
    assert tiles["coming_up"]["ending_count"] == len(due["endings"])


def test_diversity_tile_matches_the_published_analysis(client, demo):
    client.force_login(demo["staff"])
    _response, tiles = _tiles(client)
    public = client.get(reverse("roles:diversity")).context["tables"]
    by_dimension = {t.dimension: t for t in public}
    for table, rows in tiles["diversity"]["tables"]:
        published = {
            r.category: (r.share.display, r.benchmark) for r in by_dimension[table.dimension].rows
        }
        for row in rows:
            assert (row.share.display, row.benchmark) == published[row.category]
    assert tiles["diversity"]["total"].display == public[0].total.display


def test_temperature_check_tile_matches_the_survey_results_page(client, demo):
    from surveys.models import Survey

    client.force_login(demo["staff"])
    response, tiles = _tiles(client)
    tile = tiles["temperature_check"]
    # Open: counts only, as on the invitations page; the results page is withheld.
    rate = client.get(reverse("surveys:invitation_list", args=[tile["survey"].pk])).context["rate"]
    assert tile["respondents"] == rate.responded and "priorities" not in tile
    assert client.get(reverse("surveys:results", args=[tile["survey"].pk])).status_code == 403
    html = response.content.decode()
    assert f"{tile['rate'].rate.display} of {tile['rate'].invited} invited" in html
    # Closed: the tile shows the same results as the results page.
    Survey.objects.filter(pk=tile["survey"].pk).update(status=Survey.Status.CLOSED)
    _response, tiles = _tiles(client)
    tile = tiles["temperature_check"]
    page = client.get(reverse("surveys:results", args=[tile["survey"].pk])).context["results"]
    assert tile["respondents"] == page.respondents
    assert [(p.priority.number, p.favourable.display, p.change) for p in tile["priorities"]] == [
        (p.priority.number, p.favourable.display, p.change) for p in page.priorities
    ]


def test_forums_tile_counts_this_quarter(client, demo):
    from forums import selectors as forum_selectors
    from forums.models import Meeting

    client.force_login(demo["staff"])
    _response, tiles = _tiles(client)
    tile = tiles["forums"]
    today = timezone.localdate()
    since = dashboard.quarter_start(today)
    assert tile["since"] == since and since.day == 1 and since.month in (1, 4, 7, 10)
    assert tile["decision_count"] == sum(
        1
        for d in forum_selectors.decisions_log()
        if since <= timezone.localdate(d.meeting.starts_at) <= today
    )
    assert tile["meetings_held"] == sum(
        1
        for m in Meeting.objects.filter(status="held")
        if since <= timezone.localdate(m.starts_at) <= today
    )
    assert tile["attendance"].display.endswith("%") or tile["attendance"].display in ("*", "–")


def _grow(demo):
    """Add a good deal more of everything the tiles read."""
    from actions.models import Action, ProgressUpdate
    from actions.selectors import current_plan
    from ccpl.models import Person, Priority
    from forums.models import Attendance, Decision, Forum, Meeting
    from roles.models import Appointment, Role, RoleFunction
    from surveys.models import Answer, Response, Survey

    today = timezone.localdate()
    plan = current_plan()
    priority = Priority.objects.get(number=3)
    for n in range(10, 20):
        action = Action.objects.create(
            plan=plan,
            code=f"3.{n}",
            priority=priority,
            text=f"Extra action {n}",
            band="medium",
            starts_on=plan.starts_on,
            due_on=today - datetime.timedelta(days=n),
            owner="CMO / CNO",
        )
        ProgressUpdate.objects.create(action=action, on=today, status="at_risk", narrative="Slow.")
    function = RoleFunction.objects.first()
    people = list(Person.objects.all()[:10])
    for n, person in enumerate(people):
        role = Role.objects.create(title=f"Extra lead {n}", function=function)
        Appointment.objects.create(
            role=role,
            person=person,
            starts_on=today - datetime.timedelta(days=800),
            planned_end_on=today + datetime.timedelta(days=30),
        )
    forum = Forum.objects.first()
    for n in range(5):
        meeting = Meeting.objects.create(
            forum=forum,
            starts_at=timezone.now() - datetime.timedelta(hours=n + 1),
            status="held",
        )
        for person in people:
            Attendance.objects.create(meeting=meeting, person=person, status="present")
        Decision.objects.create(meeting=meeting, text=f"Decision {n}", priority=priority)
    survey = Survey.objects.filter(kind="temperature_check").order_by("-year").first()
    questions = list(survey.questions.prefetch_related("options"))
    for _ in range(15):
        response = Response.objects.create(survey=survey)
        for question in questions:
            options = list(question.options.all())
            if options:
                Answer.objects.create(response=response, question=question, option=options[0])


def test_the_query_count_stays_constant_as_data_grows(client, demo):
    client.force_login(demo["exec"])
    client.get(reverse("dashboard:dashboard"))  # warm caches (ICB, content types)
    cache.clear()  # the tiles themselves are built afresh each time (ccpl.fragments)
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("dashboard:dashboard"))
    _grow(demo)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 200
    assert len(after) == len(before), [q["sql"][:120] for q in after.captured_queries]
    assert len(before) < 120


# --- The tiles from the cache (ccpl.fragments) ----------------------------------------------


def _html(client) -> str:
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_cached_tiles_show_a_write_at_once(client, demo):
    from roles import services as role_services
    from roles.models import Role, RoleFunction

    client.force_login(demo["staff"])
    total = Role.objects.count()
    assert f" of {total}</span> roles filled" in _html(client)
    assert f" of {total}</span> roles filled" in _html(client)  # from the cache
    role_services.role_create(
        user=demo["staff"], title="Cache test lead", function=RoleFunction.objects.first()
    )
    assert f" of {total + 1}</span> roles filled" in _html(client)


def test_cached_tiles_show_new_invitations_at_once(client, demo):
    """Invitations are left out of the data version; the tiles vary on them all the same."""
    from surveys import selectors as survey_selectors
    from surveys import services as survey_services

    client.force_login(demo["exec"])
    survey = survey_selectors.latest_temperature_check()
    invited = survey.invitations.count()
    assert f"of {invited} invited" in _html(client)
    survey_services.invitations_add(
        survey=survey, invitees=[survey_services.Invitee(email="cache.test@example.nhs.uk")]
    )
    assert f"of {invited + 1} invited" in _html(client)


def test_cached_tiles_are_the_tiles_built_afresh(client, demo):
    client.force_login(demo["exec"])

    def tiles():
        html = _html(client)
        return html[html.index('<div class="ccpl-dashboard">') : html.index("</main>")]

    fresh = tiles()
    assert tiles() == fresh


def test_cached_tiles_show_a_response_recorded_on_an_invitation_at_once(client, demo):
    """A submitted survey marks its invitation answered at once, and its response is stored
    only later, by the mix: the tile varies on the invitations all the same."""
    from surveys import selectors as survey_selectors

    client.force_login(demo["exec"])
    survey = survey_selectors.latest_temperature_check()
    rate = survey_selectors.response_rate(survey)
    assert f"{rate.responded}</span> response" in _html(client)
    invitation = survey.invitations.filter(responded=False).first()
    # As surveys.services.journey_submit marks it.
    type(invitation).objects.filter(pk=invitation.pk, responded=False).update(responded=True)
    assert f"{rate.responded + 1}</span> response" in _html(client)


def test_communications_tile_matches_the_engagement_figures_page(client, demo):
    client.force_login(demo["staff"])
    response, tiles = _tiles(client)
    tile = tiles["communications"]
    page = client.get(reverse("communications:forum_figures")).context
    assert tile["reach"].bulletins == page["reach"].bulletins > 0
    assert tile["reach"].people == page["reach"].people
    assert tile["reach"].through_networks == page["reach"].through_networks
    assert tile["forum"].items == sum(page["engagement"].by_status.values()) > 0
    assert tile["forum"].median_days_to_answer == page["engagement"].median_days_to_answer
    assert f'href="{reverse("communications:forum_figures")}"' in response.content.decode()
    # The CSV copy carries the same figures; a hostile year falls back to this one.
    csv = b"".join(
        client.get(reverse("communications:forum_figures"), {"format": "csv"}).streaming_content
    ).decode("utf-8-sig")
    assert f"Bulletins sent,{page['reach'].bulletins}" in csv
    assert "Practitioner forum items by status" in csv
    for year in ("x", "1900", "-1", "99999999999999999999"):
        again = client.get(reverse("communications:forum_figures"), {"year": year})
        assert again.status_code == 200 and again.context["year"] == page["year"]
