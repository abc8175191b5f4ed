"""Importing real plan files: headers by their usual names, a column-mapping step for the
rest, and imported actions that read well in the list, its CSV and the ratings."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from actions import selectors, services
from actions.models import Action, ActionPlan, Rag, band_dates

TODAY = timezone.localdate()


def _post(client, text: str, **extra):
    data = {
        "title": "Imported plan",
        "version": "2026",
        "starts_on_day": "1",
        "starts_on_month": "4",
        "starts_on_year": "2026",
        "overseeing_forum": "",
        "file": SimpleUploadedFile("plan.csv", text.encode(), "text/csv"),
    } | extra
    return client.post(reverse("actions:plan_import"), data)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Action", "text"),
        ("ACTION", "text"),
        (" action ", "text"),
        ("Timeframe", "band"),
        ("Time frame", "band"),
        ("time_frame", "band"),
        ("depends_on", "depends_on"),
        ("Depends On", "depends_on"),
        ("DEPENDS-ON", "depends_on"),
        ("Dependencies", "depends_on"),
        ("Owner", "owner"),
        ("Lead", "owner"),
        ("Ref", "code"),
        ("Action code", "code"),
        ("Priority", "priority"),
        ("Short title", "title"),
    ],
)
def test_well_known_headers_are_recognised_whatever_their_case_and_spacing(header, field):
    assert services.import_columns_suggest(["Something else", header]) == {field: 1}


def test_a_plan_with_everyday_headers_imports_without_a_mapping_step(staff_client, priorities):
    text = (
        "Ref,Priority,Action,Timeframe,Owner,Depends_on\n"
        "1.1,1,Publish the role register,Short term,CMO / CNO,\n"
        "1.2,1,Agree the governance map,Medium term,Council,1.1\n"
    )
    response = _post(staff_client, text)
    plan = ActionPlan.objects.get()
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    follows = plan.actions.get(code="1.2")
    assert follows.text == "Agree the governance map"
    assert [a.code for a in follows.depends_on.all()] == ["1.1"]


def test_unknown_headers_lead_to_a_column_mapping_step(staff_client, priorities):
    text = (
        "No.,Theme,What we will deliver,By when,Lead,Needs\n"
        "1.1,1,Publish the role register,Short,CMO / CNO,\n"
        "1.2,1,Agree the governance map,Medium,Council,1.1\n"
    )
    response = _post(staff_client, text)
    assert response.status_code == 302
    assert response.url == reverse("actions:plan_import_columns")
    assert not ActionPlan.objects.exists()

    page = staff_client.get(response.url)
    html = page.content.decode()
    assert "Match the file&#x27;s columns" in html or "Match the file's columns" in html
    assert "What we will deliver" in html and "Theme" in html
    form = page.context["form"]
    assert form.fields["owner"].initial == "4"  # "Lead" is a known owner header
    assert form.fields["text"].initial == ""

    # The same column twice is refused, saying which.
    same_twice = {"code": "0", "priority": "0", "text": "2", "band": "3", "owner": "4"}
    response = staff_client.post(reverse("actions:plan_import_columns"), same_twice)
    assert response.status_code == 200
    assert "already chosen for code" in response.content.decode()
    missing = {"code": "0", "priority": "1", "text": "2", "owner": "4"}
    response = staff_client.post(reverse("actions:plan_import_columns"), missing)
    assert "Choose the column that holds the timeframe" in response.content.decode()
    assert not ActionPlan.objects.exists()

    mapping = {
        "code": "0",
        "priority": "1",
        "text": "2",
        "band": "3",
        "owner": "4",
        "depends_on": "5",
    }
    response = staff_client.post(reverse("actions:plan_import_columns"), mapping)
    plan = ActionPlan.objects.get()
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    assert plan.title == "Imported plan" and plan.starts_on == datetime.date(2026, 4, 1)
    assert [a.code for a in plan.actions.get(code="1.2").depends_on.all()] == ["1.1"]
    # The file is forgotten once imported.
    assert staff_client.get(reverse("actions:plan_import_columns")).status_code == 302


def test_the_mapping_step_lists_every_problem_of_the_file(staff_client, priorities):
    text = "No.,Theme,What,When,Who\n1.1,1,One,Soon,CMO\n"
    _post(staff_client, text)
    mapping = {"code": "0", "priority": "1", "text": "2", "band": "3", "owner": "4"}
    response = staff_client.post(reverse("actions:plan_import_columns"), mapping)
    assert response.status_code == 200
    assert "Line 2: The band &#x27;Soon&#x27; should be short" in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_the_mapping_step_needs_an_upload_first(staff_client, leader_client):
    url = reverse("actions:plan_import_columns")
    response = staff_client.get(url)
    assert response.status_code == 302 and response.url == reverse("actions:plan_import")
    assert leader_client.get(url).status_code == 403


def _imported_plan(staff_client, starts_on: datetime.date) -> ActionPlan:
    text = (
        "code,priority,action,timeframe,owner,depends_on\n"
        "1.1,1,Publish the role register and diversity analysis,Short,CMO / CNO,\n"
        "1.2,1,Agree the governance map,Short,Council,1.1\n"
    )
    response = _post(
        staff_client,
        text,
        starts_on_day=str(starts_on.day),
        starts_on_month=str(starts_on.month),
        starts_on_year=str(starts_on.year),
    )
    assert response.status_code == 302
    return ActionPlan.objects.get()


def test_imported_actions_show_their_text_in_the_list_and_its_csv(staff_client, priorities):
    plan = _imported_plan(staff_client, TODAY)
    assert plan.actions.get(code="1.1").title == ""
    url = reverse("actions:action_list", args=[plan.pk])
    html = staff_client.get(url).content.decode()
    assert "Publish the role register and diversity analysis" in html
    response = staff_client.get(url, {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][:2] == ["1.1", "Publish the role register and diversity analysis"]
    assert rows[2][:2] == ["1.2", "Agree the governance map"]


def test_imported_actions_are_not_stale_on_the_day_of_import(staff_client, priorities):
    # A plan that started a year ago, entered today: nobody has had a chance to update it.
    plan = _imported_plan(staff_client, TODAY - datetime.timedelta(days=365))
    actions = list(selectors.action_list(plan=plan, on=TODAY))
    assert [a.is_stale for a in actions] == [False, False]
    assert selectors.plan_progress(plan=plan, on=TODAY).totals.stale == 0
    later = TODAY + datetime.timedelta(days=91)
    assert all(a.is_stale for a in selectors.action_list(plan=plan, on=later))


def test_import_warns_when_an_action_is_due_before_what_it_depends_on(staff_client, priorities):
    text = (
        "code,priority,action,timeframe,owner,depends_on\n"
        "1.1,1,Agree the framework,Long,CMO / CNO,\n"
        "1.2,1,Recruit to the framework,Short,Council,1.1\n"
    )
    response = _post(staff_client, text)
    plan = ActionPlan.objects.get()
    page = staff_client.get(response.url).content.decode()
    assert "1.2 is due on 1 October 2026, before 1.1 (which it depends on)" in page
    assert selectors.dependency_date_warnings(plan=plan) == [
        "1.2 is due on 1 October 2026, before 1.1 (which it depends on) is due on "
        "1 October 2027. Check the dates or the dependency."
    ]
    action = plan.actions.get(code="1.2")
    detail = staff_client.get(action.get_absolute_url()).content.decode()
    assert "Due before what it waits for" in detail


def test_no_warning_when_dependencies_are_due_first(priorities):
    plan = services.plan_import_csv(
        user=None,
        title="In order",
        version="1",
        starts_on=datetime.date(2026, 4, 1),
        text="code,priority,action,timeframe,owner,depends_on\n"
        "1.1,1,One,Short,CMO,\n1.2,1,Two,Long,CMO,1.1\n",
    )
    assert selectors.dependency_date_warnings(plan=plan) == []


def test_an_action_from_a_decision_is_neither_overdue_nor_stale_when_born(staff_client, priorities):
    """The plan started 10 months ago: a short-term action counts from today, not then."""
    from tests.forums.factories import DecisionFactory

    starts_on = TODAY - datetime.timedelta(days=300)
    plan = services.plan_create(user=None, title="Plan", version="1", starts_on=starts_on)
    services.action_create(
        user=None,
        plan=plan,
        code="1.1",
        priority=priorities[1],
        text="First",
        band="short",
        owner="CMO",
    )
    services.plan_approve(user=None, plan=plan, approved_on=starts_on, approved_by="Council")
    decision = DecisionFactory(text="Set up a social care professional council.")
    data = {
        "code": "1.2",
        "priority": priorities[1].pk,
        "title": "",
        "text": decision.text,
        "band": "short",
        "owner": "Council",
        "owner_executive": "",
        "owner_forum": "",
        "overseeing_forum": "",
        "date_override_reason": "",
    }
    response = staff_client.post(reverse("actions:action_from_decision", args=[decision.pk]), data)
    assert response.status_code == 302
    action = Action.objects.with_progress(TODAY).get(decision=decision)
    assert action.bands_from == TODAY
    assert (action.starts_on, action.due_on) == (
        TODAY,
        band_dates("short", TODAY)[1],
    )
    assert action.rag != Rag.OVERDUE and not action.is_stale
    # The plan's own action keeps its band from the plan's start (and is overdue by now).
    first = Action.objects.with_progress(TODAY).get(code="1.1")
    assert first.bands_from is None and first.starts_on == starts_on
    assert first.rag == Rag.OVERDUE
    page = staff_client.get(action.get_absolute_url()).content.decode()
    assert "the day it was added to the plan" in page


def test_actions_of_a_draft_plan_count_from_the_plan_start(priorities):
    starts_on = TODAY - datetime.timedelta(days=300)
    plan = services.plan_create(user=None, title="Draft", version="1", starts_on=starts_on)
    action = services.action_create(
        user=None,
        plan=plan,
        code="1.1",
        priority=priorities[1],
        text="One",
        band="short",
        owner="CMO",
    )
    assert action.bands_from is None and action.starts_on == starts_on


def test_a_late_action_keeps_its_own_start_when_the_plan_start_moves(priorities):
    starts_on = TODAY - datetime.timedelta(days=300)
    plan = services.plan_create(user=None, title="Moving", version="1", starts_on=starts_on)
    services.action_create(
        user=None,
        plan=plan,
        code="1.1",
        priority=priorities[1],
        text="One",
        band="short",
        owner="CMO",
    )
    services.plan_approve(user=None, plan=plan, approved_on=starts_on, approved_by="Council")
    late = services.action_create(
        user=None,
        plan=plan,
        code="1.2",
        priority=priorities[1],
        text="Two",
        band="short",
        owner="CMO",
    )
    services.plan_update(user=None, plan=plan, starts_on=starts_on - datetime.timedelta(days=30))
    late.refresh_from_db()
    assert late.starts_on == TODAY
    assert plan.actions.get(code="1.1").starts_on == starts_on - datetime.timedelta(days=30)
