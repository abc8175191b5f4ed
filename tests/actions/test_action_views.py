"""Action plan pages: who may see and change what, clear errors for bad input, CSV,
and a constant number of queries as actions and updates grow."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from actions import demo, selectors
from actions.models import (
    Action,
    ActionPlan,
    Band,
    ProgressStatus,
    ProgressUpdate,
    add_months,
)
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory

TODAY = timezone.localdate()


def _read_urls(plan, action):
    return [
        reverse("actions:overview"),
        reverse("actions:plan_list"),
        reverse("actions:plan_overview", args=[plan.pk]),
        reverse("actions:action_list", args=[plan.pk]),
        reverse("actions:action_list", args=[plan.pk]) + "?_export=csv",
        reverse("actions:timeline", args=[plan.pk]),
        reverse("actions:council_report", args=[plan.pk]),
        reverse("actions:council_report", args=[plan.pk]) + "?_export=csv",
        reverse("actions:action_detail", args=[action.pk]),
    ]


def _manage_urls(plan, action):
    return [
        reverse("actions:plan_create"),
        reverse("actions:plan_import"),
        reverse("actions:plan_import_template"),
        reverse("actions:plan_edit", args=[plan.pk]),
        reverse("actions:plan_refresh", args=[plan.pk]),
        reverse("actions:action_create", args=[plan.pk]),
        reverse("actions:action_edit", args=[action.pk]),
        reverse("actions:progress_update_add", args=[action.pk]),
    ]


def test_every_actions_view_declares_its_audience():
    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.callback

    ours = [v for v in walk(get_resolver("tests.actions.urls").url_patterns)]
    ours = [v for v in ours if v.__module__.startswith("actions.")]
    assert len(ours) >= 15
    assert all(getattr(v, "audience", None) is not None for v in ours)
    # Only the plan progress page is public; it reads through a selector that copies out
    # what may be published (tests/actions/test_public_plan.py).
    public = [f"{v.__module__}.{v.__name__}" for v in ours if v.audience == "public"]
    assert public == ["actions.views_public.public_plan"]


# --- Permissions ---------------------------------------------------------------------------


def test_staff_see_and_manage_everything(staff_client, demo_plan):
    action = demo_plan.actions.get(code="1.3")
    for url in _read_urls(demo_plan, action) + _manage_urls(demo_plan, action):
        assert staff_client.get(url).status_code == 200, url


def test_executives_read_everything_but_change_nothing(exec_client, demo_plan):
    action = demo_plan.actions.get(code="1.3")
    for url in _read_urls(demo_plan, action):
        assert exec_client.get(url).status_code == 200, url
    for url in _manage_urls(demo_plan, action):
        assert exec_client.get(url).status_code == 403, url
    response = exec_client.post(
        reverse("actions:progress_update_add", args=[action.pk]),
        {"status": "complete", "on_day": "1", "on_month": "1", "on_year": "2026"},
    )
    assert response.status_code == 403
    # Read-only: no links to change anything.
    page = exec_client.get(reverse("actions:action_detail", args=[action.pk])).content.decode()
    assert "Add a progress update" not in page


@pytest.mark.parametrize("client_fixture", ["leader_client", "panel_client"])
def test_leaders_and_panel_members_are_refused(request, client_fixture, demo_plan):
    client = request.getfixturevalue(client_fixture)
    action = demo_plan.actions.get(code="1.1")
    for url in _read_urls(demo_plan, action) + _manage_urls(demo_plan, action):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client, demo_plan):
    action = demo_plan.actions.get(code="1.1")
    for url in _read_urls(demo_plan, action) + _manage_urls(demo_plan, action):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url


def test_missing_records_are_404_not_500(staff_client, db):
    for url in [
        reverse("actions:plan_overview", args=[999]),
        reverse("actions:action_list", args=[999]),
        reverse("actions:action_detail", args=[999]),
        reverse("actions:timeline", args=[999]),
        reverse("actions:council_report", args=[999]),
        reverse("actions:action_edit", args=[999]),
        reverse("actions:progress_update_add", args=[999]),
        reverse("actions:evidence_download", args=[999]),
        reverse("actions:action_from_decision", args=[999]),
    ]:
        assert staff_client.get(url).status_code == 404, url


def test_overview_without_a_plan_offers_to_start_one(staff_client, db):
    page = staff_client.get(reverse("actions:overview")).content.decode()
    assert "There is no action plan yet" in page
    assert reverse("actions:plan_import") in page


# --- Overview ------------------------------------------------------------------------------


def test_overview_shows_the_seed_matrix_and_the_rag_key(exec_client, demo_plan):
    response = exec_client.get(reverse("actions:overview"))
    matrix = response.context["matrix"]
    assert [row.cells for row in matrix.rows] == [
        [2, 3, 0],
        [1, 1, 2],
        [0, 3, 0],
        [0, 3, 1],
        [0, 2, 2],
    ]
    page = response.content.decode()
    assert "Total actions (20)" in page
    assert "How the status is worked out" in page
    assert "The due date has passed and the action is not complete." in page
    assert "action</span>" not in page  # the key is plain text, not nested markup
    assert response.context["progress"].totals.total == 20


# --- Action list ---------------------------------------------------------------------------


def test_action_list_filters(staff_client, demo_plan):
    url = reverse("actions:action_list", args=[demo_plan.pk])

    def codes(query):
        response = staff_client.get(url, query)
        assert response.status_code == 200
        return [row.record.code for row in response.context["table"].rows]

    assert len(codes({})) == 20
    assert codes({"band": "short"}) == ["1.1", "1.2", "2.3"]
    assert codes({"priority": demo_plan.actions.get(code="3.1").priority_id}) == [
        "3.1",
        "3.2",
        "3.3",
    ]
    assert codes({"owner": "ICS Strategic Executive"}) == ["5.1", "5.3"]
    assert codes({"rag": "complete"}) == codes({"rag": "complete", "stale": ""})
    overdue = codes({"overdue": "on"})
    assert overdue and set(overdue) == set(codes({"rag": "overdue"}))
    stale = codes({"stale": "on"})
    expected = [a.code for a in selectors.action_list(plan=demo_plan) if a.is_stale]
    assert stale and stale == expected


def test_action_list_bad_filters_are_an_error_message_not_a_500(staff_client, demo_plan):
    response = staff_client.get(
        reverse("actions:action_list", args=[demo_plan.pk]),
        {"rag": "purple", "priority": "x", "band": "soon", "page": "999"},
    )
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "Select a valid choice" in response.content.decode()


def test_action_list_downloads_as_csv(staff_client, demo_plan):
    response = staff_client.get(
        reverse("actions:action_list", args=[demo_plan.pk]), {"band": "long", "_export": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Code", "Action", "Timeframe", "Owner", "Due", "Status", "Last update"]
    assert len(rows) == 1 + 5
    assert rows[1][:3] == ["2.1", demo.ACTIONS[5][3], "Long term"]


# --- Action detail -------------------------------------------------------------------------


def test_action_detail_shows_dependencies_both_ways_and_history(staff_client, demo_plan):
    follows = demo_plan.actions.get(code="1.3")
    first = demo_plan.actions.get(code="1.2")
    page = staff_client.get(reverse("actions:action_detail", args=[follows.pk])).content.decode()
    assert "This action depends on" in page and "1.2 Review governance" in page
    assert page.count("Complete") >= 3
    page = staff_client.get(reverse("actions:action_detail", args=[first.pk])).content.decode()
    assert "1.3 Improve 2-way communication" in page
    for update in first.updates.all():
        assert update.narrative.split(".")[0] in page


# --- Progress updates ----------------------------------------------------------------------


def _post_update(client, action, **data):
    on = data.pop("on", TODAY)
    values = {
        "status": "on_track",
        "narrative": "Workshop held with 30 leaders.",
        "on_day": on.day,
        "on_month": on.month,
        "on_year": on.year,
        "evidence_url": "",
    } | data
    return client.post(reverse("actions:progress_update_add", args=[action.pk]), values)


def test_adding_an_update_with_an_evidence_file(client, staff_user, exec_user, demo_plan):
    client.force_login(staff_user)
    action = demo_plan.actions.get(code="5.4")
    upload = SimpleUploadedFile("survey-findings.pdf", b"%PDF-1.4 findings", "application/pdf")
    response = _post_update(client, action, status="on_track", evidence_file=upload)
    assert response.status_code == 302
    assert response.url == reverse("actions:action_detail", args=[action.pk])
    update = action.updates.get()
    assert update.author == staff_user and update.evidence_filename == "survey-findings.pdf"
    client.force_login(exec_user)
    download = client.get(reverse("actions:evidence_download", args=[update.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 findings"
    assert "attachment" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == "sandbox"


def test_evidence_is_not_for_leaders(leader_client, demo_plan):
    update = ProgressUpdate.objects.first()
    response = leader_client.get(reverse("actions:evidence_download", args=[update.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": ""}, "Select how the action is going"),
        ({"narrative": ""}, "Enter the progress made"),
        ({"on_day": "31", "on_month": "2"}, "Date of update must be a real date"),
        ({"on": TODAY + datetime.timedelta(days=3)}, "must be today or in the past"),
        ({"evidence_url": "not a link"}, "Enter a link to evidence"),
        (
            {"evidence_file": SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")},
            "must be a PDF, Word, Excel, PowerPoint, OpenDocument or text file",
        ),
    ],
)
def test_bad_updates_get_clear_errors(staff_client, demo_plan, data, message):
    action = demo_plan.actions.get(code="5.4")
    response = _post_update(staff_client, action, **data)
    assert response.status_code == 200
    page = response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    assert "There is a problem" in page
    assert message.split("?")[0].lower() in page.lower()
    assert not action.updates.exists()


def test_completing_before_a_dependency_is_refused_on_the_form(staff_client, priorities):
    plan = ActionPlanFactory(starts_on=datetime.date(2026, 1, 1))
    first = ActionFactory(plan=plan, code="1.2")
    then = ActionFactory(plan=plan, code="1.3")
    then.depends_on.add(first)
    response = _post_update(staff_client, then, status="complete")
    assert response.status_code == 200
    assert "1.3 cannot be marked complete until 1.2 is complete" in response.content.decode()
    assert not then.updates.exists()


def test_archived_plans_send_you_back_to_the_action(staff_client, priorities):
    action = ActionFactory(plan=ActionPlanFactory(status=ActionPlan.Status.ARCHIVED))
    response = _post_update(staff_client, action)
    assert response.status_code == 302
    assert not action.updates.exists()


# --- Actions: add and change ---------------------------------------------------------------


def _action_data(priority, **extra):
    return {
        "code": f"{priority.number}.9",
        "priority": priority.pk,
        "title": "",
        "text": "Run a leadership conference for every profession.",
        "band": "medium",
        "owner": "CMO / CNO",
        "owner_executive": "cmo_cno",
        "owner_forum": "",
        "overseeing_forum": "",
        "starts_on_day": "",
        "starts_on_month": "",
        "starts_on_year": "",
        "due_on_day": "",
        "due_on_month": "",
        "due_on_year": "",
        "date_override_reason": "",
    } | extra


def test_adding_an_action_derives_its_dates(staff_client, demo_plan, priorities):
    response = staff_client.post(
        reverse("actions:action_create", args=[demo_plan.pk]), _action_data(priorities[2])
    )
    assert response.status_code == 302
    action = demo_plan.actions.get(code="2.9")
    assert action.overseeing_forum == demo_plan.overseeing_forum
    # The approved plan started before today: the band counts from the day it was added.
    assert demo_plan.status == ActionPlan.Status.ACTIVE and demo_plan.starts_on < TODAY
    assert (action.starts_on, action.due_on) == (add_months(TODAY, 6), add_months(TODAY, 12))
    assert action.bands_from == TODAY
    assert not action.dates_overridden


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"code": "1.1"}, "Another action in this plan already has the code 1.1"),
        ({"code": "two"}, "Enter a code like 2.3"),
        ({"code": "3.9"}, "belongs to priority 3"),
        ({"due_on_day": "1", "due_on_month": "1", "due_on_year": "2030"}, "Give a reason"),
        ({"band": ""}, "Select timeframe"),
    ],
)
def test_adding_a_bad_action_explains_why(staff_client, demo_plan, priorities, extra, message):
    response = staff_client.post(
        reverse("actions:action_create", args=[demo_plan.pk]),
        _action_data(priorities[1], **extra),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert demo_plan.actions.count() == 20


def test_a_dependency_loop_is_refused_on_the_edit_form(staff_client, demo_plan):
    first = demo_plan.actions.get(code="1.2")
    then = demo_plan.actions.get(code="1.3")
    data = _action_data(first.priority, code="1.2", text=first.text, depends_on=[then.pk])
    response = staff_client.post(reverse("actions:action_edit", args=[first.pk]), data)
    assert response.status_code == 200
    assert "1.2 → 1.3 → 1.2" in response.content.decode()
    assert not first.depends_on.exists()


def test_editing_an_action_keeps_hand_set_dates_with_their_reason(staff_client, demo_plan):
    action = demo_plan.actions.get(code="3.1")
    page = staff_client.get(reverse("actions:action_edit", args=[action.pk])).content.decode()
    assert action.date_override_reason.replace("'", "&#x27;") in page
    data = _action_data(
        action.priority,
        code="3.1",
        text=action.text,
        band="medium",
        starts_on_day=action.starts_on.day,
        starts_on_month=action.starts_on.month,
        starts_on_year=action.starts_on.year,
        due_on_day=action.due_on.day,
        due_on_month=action.due_on.month,
        due_on_year=action.due_on.year,
        date_override_reason=action.date_override_reason,
    )
    assert (
        staff_client.post(reverse("actions:action_edit", args=[action.pk]), data).status_code == 302
    )
    action.refresh_from_db()
    assert action.dates_overridden


def test_create_an_action_from_a_forum_decision(staff_client, demo_plan, priorities):
    from tests.forums.factories import DecisionFactory

    decision = DecisionFactory(text="Set up a social care professional council.")
    decision.priority = priorities[1]
    decision.save()
    url = reverse("actions:action_from_decision", args=[decision.pk])
    form = staff_client.get(url).context["form"]
    assert form.initial["text"] == decision.text
    assert form.initial["code"] == "1.6"
    assert form.initial["overseeing_forum"] == decision.meeting.forum
    data = _action_data(priorities[1], code="1.6", text=decision.text)
    response = staff_client.post(url, data)
    assert response.status_code == 302
    action = Action.objects.get(decision=decision)
    assert action.plan == demo_plan
    page = staff_client.get(action.get_absolute_url()).content.decode()
    assert "Set up a social care professional council." in page


# --- Council report ------------------------------------------------------------------------


def test_council_report_for_a_chosen_date(exec_client, demo_plan):
    url = reverse("actions:council_report", args=[demo_plan.pk])
    day = demo_plan.starts_on + datetime.timedelta(days=160)
    query = {"on_day": day.day, "on_month": day.month, "on_year": day.year}
    response = exec_client.get(url, query)
    assert response.status_code == 200
    assert response.context["on"] == day
    page = response.content.decode()
    assert f"Progress report on {day:%-d %B %Y}" in page
    assert "Role register and diversity analysis published" in page  # 1.1 done on day 150
    assert "Governance map agreed" not in page  # 1.2 done on day 175

    csv = exec_client.get(url, query | {"_export": "csv"})
    assert csv["Content-Disposition"].endswith(f'council-progress-report-{day:%Y-%m-%d}.csv"')
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Priority,Code,Action")
    assert len(lines) >= 21


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"on_day": "31", "on_month": "2", "on_year": "2026"}, "Report date must be a real date"),
        ({"on_day": "1", "on_month": "1", "on_year": "26"}, "Year must include 4 numbers"),
        ({"on_day": "1", "on_month": "", "on_year": "2026"}, "must include a month"),
        ({"on_day": "1", "on_month": "1", "on_year": "2999"}, "today or in the past"),
    ],
)
def test_council_report_bad_dates_get_clear_errors(staff_client, demo_plan, query, message):
    url = reverse("actions:council_report", args=[demo_plan.pk])
    response = staff_client.get(url, query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["sections"] == []
    assert staff_client.get(url, query | {"_export": "csv"}).status_code == 200


# --- Import and refresh --------------------------------------------------------------------


def _import_post(client, text, **extra):
    data = {
        "title": "Imported plan",
        "version": "2027",
        "starts_on_day": "1",
        "starts_on_month": "4",
        "starts_on_year": "2027",
        "overseeing_forum": "",
        "file": SimpleUploadedFile("plan.csv", text, "text/csv"),
    } | extra
    return client.post(reverse("actions:plan_import"), data)


def test_importing_a_plan(staff_client, priorities):
    text = (
        b"code,priority,text,band,owner,depends_on\n1.1,1,One,Short,CMO,\n1.2,1,Two,Long,CMO,1.1\n"
    )
    response = _import_post(staff_client, text)
    plan = ActionPlan.objects.get()
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    assert plan.actions.count() == 2


def test_importing_a_bad_file_lists_every_line_and_saves_nothing(staff_client, priorities):
    text = b"code,priority,text,band,owner,depends_on\n1.1,1,One,Soon,CMO,\n1.1,1,Two,Long,CMO,\n"
    response = _import_post(staff_client, text)
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'")
    assert "Line 2: The band 'Soon' should be short, medium or long term." in page
    assert "Line 3: The code 1.1 is already used on line 2." in page
    assert not ActionPlan.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("\N{POUND SIGN}".encode("latin-1") + b"code\n", "must be saved as UTF-8"),
        (b"code,priority,text,band,owner\n", "no actions"),
        (b"", "is empty"),
        (b'code,priority,text,band,owner,depends_on\n"1.1,1,One', "should look like 2.3"),
    ],
)
def test_importing_unreadable_files(staff_client, priorities, content, message):
    response = _import_post(staff_client, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_refreshing_the_plan(staff_client, demo_plan):
    url = reverse("actions:plan_refresh", args=[demo_plan.pk])
    page = staff_client.get(url)
    carried = [a.code for a in page.context["preview"]["carried_over"]]
    start = add_months(demo_plan.starts_on, 12)
    data = {
        "title": demo_plan.title,
        "version": "Year 2",
        "starts_on_day": start.day,
        "starts_on_month": start.month,
        "starts_on_year": start.year,
    }
    response = staff_client.post(url, data)
    new = ActionPlan.objects.get(version="Year 2")
    assert response.url == new.get_absolute_url()
    assert sorted(new.actions.values_list("code", flat=True)) == sorted(carried)
    again = staff_client.post(url, data | {"version": "Year 3"})
    assert again.status_code == 200
    assert "already been refreshed" in again.content.decode()


def test_approving_a_refreshed_plan(staff_client, demo_plan):
    from actions import services

    new = services.plan_refresh(
        user=None,
        plan=demo_plan,
        title=demo_plan.title,
        version="Year 2",
        starts_on=add_months(demo_plan.starts_on, 12),
    )
    url = reverse("actions:plan_approve", args=[new.pk])
    bad = staff_client.post(url, {"approved_on_day": "", "approved_by": ""})
    assert bad.status_code == 200 and "Enter date approved" in bad.content.decode()
    response = staff_client.post(
        url,
        {
            "approved_on_day": TODAY.day,
            "approved_on_month": TODAY.month,
            "approved_on_year": TODAY.year,
            "approved_by": "Clinical and Care Professional Council",
        },
    )
    assert response.status_code == 302
    demo_plan.refresh_from_db()
    assert demo_plan.status == ActionPlan.Status.ARCHIVED
    # The archived plan is read-only.
    action = demo_plan.actions.get(code="5.4")
    assert action.status == Action.Status.CARRIED_OVER
    page = staff_client.get(action.get_absolute_url()).content.decode()
    assert "carried over to the next plan" in page
    assert "Add a progress update" not in page


# --- Queries stay constant as the plan grows -----------------------------------------------


def _grow(plan, priorities, start, count):
    for n in range(start, start + count):
        action = ActionFactory(
            plan=plan,
            code=f"{n % 5 + 1}.{n + 10}",
            band=[Band.SHORT, Band.MEDIUM, Band.LONG][n % 3],
        )
        for day in range(3):
            ProgressUpdateFactory(
                action=action,
                on=plan.starts_on + datetime.timedelta(days=30 * day + n),
                status=[ProgressStatus.ON_TRACK, ProgressStatus.AT_RISK][day % 2],
            )
        if n > start:
            action.depends_on.add(Action.objects.get(plan=plan, code=f"{(n - 1) % 5 + 1}.{n + 9}"))


def _page_urls(plan):
    action = plan.actions.order_by("pk").first()
    return [
        reverse("actions:overview"),
        reverse("actions:plan_overview", args=[plan.pk]),
        reverse("actions:action_list", args=[plan.pk]),
        reverse("actions:action_list", args=[plan.pk]) + "?_export=csv",
        reverse("actions:action_list", args=[plan.pk]) + "?stale=on&rag=at_risk",
        reverse("actions:action_detail", args=[action.pk]),
        reverse("actions:timeline", args=[plan.pk]),
        reverse("actions:council_report", args=[plan.pk]),
        reverse("actions:council_report", args=[plan.pk]) + "?_export=csv",
        reverse("actions:plan_refresh", args=[plan.pk]),
    ]


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


def test_queries_stay_constant_as_actions_and_updates_grow(
    staff_client, priorities, django_assert_max_num_queries
):
    plan = ActionPlanFactory(status=ActionPlan.Status.ACTIVE, starts_on=datetime.date(2026, 1, 1))
    _grow(plan, priorities, 0, 3)
    baseline = {url: _count_queries(staff_client, url) for url in _page_urls(plan)}
    _grow(plan, priorities, 3, 30)
    for url, count in baseline.items():
        with django_assert_max_num_queries(count):
            response = staff_client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)


# --- Plans: start and change ---------------------------------------------------------------


def _plan_data(**extra):
    return {
        "title": "Leadership action plan",
        "version": "2027 to 2028",
        "starts_on_day": "1",
        "starts_on_month": "4",
        "starts_on_year": "2027",
        "overseeing_forum": "",
    } | extra


def test_starting_a_plan_and_moving_its_start(staff_client, priorities):
    response = staff_client.post(reverse("actions:plan_create"), _plan_data())
    plan = ActionPlan.objects.get()
    assert response.url == plan.get_absolute_url()
    assert plan.status == ActionPlan.Status.DRAFT
    action = ActionFactory(plan=plan, code="1.1", band=Band.SHORT)
    response = staff_client.post(
        reverse("actions:plan_edit", args=[plan.pk]), _plan_data(starts_on_month="6")
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_on == datetime.date(2027, 12, 1)


def test_a_plan_needs_a_real_start_date(staff_client, db):
    response = staff_client.post(reverse("actions:plan_create"), _plan_data(starts_on_day="32"))
    assert response.status_code == 200
    assert "Start date must be a real date" in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_importing_under_a_used_name_points_at_the_version(staff_client, priorities):
    text = b"code,priority,text,band,owner,depends_on\n1.1,1,One,Short,CMO,\n"
    _import_post(staff_client, text)
    response = _import_post(staff_client, text)
    assert response.status_code == 200
    assert response.context["form"].errors["version"] == [
        "A plan called Imported plan (2027) already exists. Change the version"
    ]
    assert ActionPlan.objects.count() == 1


def test_an_action_can_be_owned_by_a_leadership_role(staff_client, demo_plan):
    from tests.roles.factories import RoleFactory

    role = RoleFactory(title="Chief Pharmacist lead")
    action = demo_plan.actions.get(code="1.4")
    data = _action_data(
        action.priority, code="1.4", text=action.text, band=action.band, owner_role=role.pk
    )
    response = staff_client.post(reverse("actions:action_edit", args=[action.pk]), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.owner_role == role
    page = staff_client.get(action.get_absolute_url()).content.decode()
    assert f'href="{role.get_absolute_url()}"' in page
    assert "Chief Pharmacist lead" in page


@pytest.mark.django_db
def test_cached_action_list_shows_a_write_at_once(staff_client, staff_user):
    """The filter panel and the table are kept in the cache (ccpl.fragments) until the next
    write; each plan and each filter is kept apart."""
    from actions import services

    action = ActionFactory(title="Map the leadership roles")
    other = ActionFactory(title="Run the induction")
    url = reverse("actions:action_list", args=[action.plan.pk])
    assert "Map the leadership roles" in staff_client.get(url).content.decode()
    assert "Map the leadership roles" in staff_client.get(url).content.decode()  # cached
    services.action_update(user=staff_user, action=action, title="Map every leadership role")
    html = staff_client.get(url).content.decode()
    assert "Map every leadership role" in html and "Map the leadership roles" not in html
    elsewhere = reverse("actions:action_list", args=[other.plan.pk])
    if other.plan != action.plan:
        assert "Map every leadership role" not in staff_client.get(elsewhere).content.decode()


@pytest.mark.django_db
def test_cached_action_page_and_overview_show_a_write_at_once(staff_user, exec_user):
    """An action's details and the plan's tables are kept in the cache (ccpl.fragments);
    the progress updates, with their forms, are shown afresh."""
    from django.test import Client

    from actions import services

    action = ActionFactory(title="Map the leadership roles")
    staff, executive = Client(), Client()
    staff.force_login(staff_user)
    executive.force_login(exec_user)
    url = reverse("actions:action_detail", args=[action.pk])
    change = reverse("actions:action_edit", args=[action.pk])
    # Each kind sees its own part, whoever came first.
    assert change in staff.get(url).content.decode()
    assert change not in executive.get(url).content.decode()
    services.action_update(user=staff_user, action=action, title="Map every leadership role")
    html = executive.get(url).content.decode()
    assert "Map every leadership role" in html and "Map the leadership roles" not in html
    overview = reverse("actions:plan_overview", args=[action.plan.pk])
    assert "0 of 1 action complete" in staff.get(overview).content.decode()
    services.progress_update_add(
        user=staff_user,
        action=action,
        on=TODAY,
        status=ProgressStatus.COMPLETE,
        narrative="Every role is on the register.",
    )
    assert "1 of 1 action complete" in staff.get(overview).content.decode()
    page = staff.get(url).content.decode()
    assert "Every role is on the register." in page
    assert reverse("actions:progress_update_publish", args=[action.updates.get().pk]) in page
