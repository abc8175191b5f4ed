"""Writes: actions and their dates, dependency rules, progress updates, approval."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from actions import services
from actions.models import Action, ActionPlan, Band, Executive, ProgressStatus
from tests.actions.factories import ActionPlanFactory
from tests.forums.factories import ForumFactory

D = datetime.date


@pytest.fixture
def plan(db):
    return ActionPlanFactory(starts_on=D(2026, 1, 1))


def _create(plan, priorities, code, **extra):
    values = {
        "user": None,
        "plan": plan,
        "code": code,
        "priority": priorities[int(code.split(".")[0])],
        "text": f"Action {code}.",
        "band": Band.SHORT,
        "owner": "CMO / CNO",
    } | extra
    return services.action_create(**values)


def _messages(error):
    return " ".join(error.value.messages)


# --- Dates ---------------------------------------------------------------------------------


def test_create_derives_dates_from_the_band(plan, priorities):
    action = _create(plan, priorities, "1.1", band=Band.LONG)
    assert (action.starts_on, action.due_on) == (D(2027, 1, 1), D(2027, 7, 1))
    assert not action.dates_overridden


def test_changing_the_dates_needs_a_reason(plan, priorities):
    with pytest.raises(ValidationError) as error:
        _create(plan, priorities, "1.1", due_on=D(2026, 9, 1))
    assert "Give a reason for changing the dates" in _messages(error)
    assert "1 January 2026 to 1 July 2026" in _messages(error)
    action = _create(
        plan, priorities, "1.1", due_on=D(2026, 9, 1), date_override_reason="Waiting for data"
    )
    assert (action.starts_on, action.due_on, action.dates_overridden) == (
        D(2026, 1, 1),
        D(2026, 9, 1),
        True,
    )


def test_due_date_before_start_date_is_refused(plan, priorities):
    with pytest.raises(ValidationError) as error:
        _create(
            plan,
            priorities,
            "1.1",
            starts_on=D(2026, 5, 1),
            due_on=D(2026, 4, 1),
            date_override_reason="Because",
        )
    assert "due date must be on or after the start date" in _messages(error)


def test_new_band_moves_derived_dates_but_not_dates_set_by_hand(plan, priorities):
    derived = _create(plan, priorities, "1.1")
    by_hand = _create(
        plan, priorities, "1.2", due_on=D(2026, 9, 1), date_override_reason="Waiting for data"
    )
    services.action_update(user=None, action=derived, band=Band.MEDIUM)
    services.action_update(user=None, action=by_hand, band=Band.MEDIUM)
    assert (derived.starts_on, derived.due_on) == (D(2026, 7, 1), D(2027, 1, 1))
    assert (by_hand.starts_on, by_hand.due_on) == (D(2026, 1, 1), D(2026, 9, 1))
    # Clearing the dates goes back to the band's.
    services.action_update(user=None, action=by_hand, starts_on=None, due_on=None)
    assert (by_hand.due_on, by_hand.dates_overridden, by_hand.date_override_reason) == (
        D(2027, 1, 1),
        False,
        "",
    )


def test_moving_the_plan_start_moves_derived_dates(plan, priorities):
    derived = _create(plan, priorities, "1.1")
    by_hand = _create(
        plan, priorities, "1.2", due_on=D(2026, 9, 1), date_override_reason="Waiting for data"
    )
    services.plan_update(user=None, plan=plan, starts_on=D(2026, 4, 1))
    derived.refresh_from_db()
    by_hand.refresh_from_db()
    assert derived.due_on == D(2026, 10, 1)
    assert by_hand.due_on == D(2026, 9, 1)


# --- Codes ---------------------------------------------------------------------------------


def test_codes_are_unique_in_a_plan(plan, priorities):
    _create(plan, priorities, "1.1")
    with pytest.raises(ValidationError) as error:
        _create(plan, priorities, "1.1")
    assert "already has the code 1.1" in _messages(error)
    # Another plan may reuse it.
    _create(ActionPlanFactory(), priorities, "1.1")


@pytest.mark.parametrize("code", ["", "1", "1.a", "A1", "1.2.3"])
def test_codes_look_like_priority_dot_number(plan, priorities, code):
    with pytest.raises(ValidationError) as error:
        services.action_create(
            user=None,
            plan=plan,
            code=code,
            priority=priorities[1],
            text="Text.",
            band=Band.SHORT,
            owner="CMO",
        )
    assert "Enter a code like 2.3" in _messages(error)


def test_code_matches_its_priority(plan, priorities):
    with pytest.raises(ValidationError) as error:
        _create(plan, priorities, "2.1", priority=priorities[1])
    assert "belongs to priority 2" in _messages(error)


def test_1_10_sorts_after_1_9(plan, priorities):
    for code in ("1.10", "1.9", "2.1", "1.1"):
        _create(plan, priorities, code)
    assert [a.code for a in Action.objects.in_code_order()] == ["1.1", "1.9", "1.10", "2.1"]


# --- Owners --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("owner", "executive"),
    [
        ("CMO / CNO", Executive.CMO_AND_CNO),
        ("CMO and CNO", Executive.CMO_AND_CNO),
        ("Directors of People (with CMO and CNO)", Executive.CMO_AND_CNO),
        ("ICS Strategic Executive", ""),
    ],
)
def test_owner_links_guess_the_executive(db, owner, executive):
    assert services.owner_links(owner)["owner_executive"] == executive


def test_owner_links_find_the_forum_whatever_the_ampersand(db):
    council = ForumFactory(name="Clinical and Care Professional Council")
    links = services.owner_links("Clinical & Care Professional Council")
    assert links == {"owner_executive": "", "owner_forum": council}


# --- Dependencies --------------------------------------------------------------------------


def test_dependency_loops_are_refused_with_the_loop_named(plan, priorities):
    a = _create(plan, priorities, "1.1")
    b = _create(plan, priorities, "1.2", depends_on=[a])
    c = _create(plan, priorities, "1.3", depends_on=[b])
    with pytest.raises(ValidationError) as error:
        services.action_dependencies_set(user=None, action=a, depends_on=[c])
    assert "1.1 → 1.3 → 1.2 → 1.1" in _messages(error)
    assert list(a.depends_on.all()) == []


def test_an_action_cannot_depend_on_itself_or_another_plan(plan, priorities):
    a = _create(plan, priorities, "1.1")
    elsewhere = _create(ActionPlanFactory(), priorities, "1.2")
    with pytest.raises(ValidationError) as error:
        services.action_dependencies_set(user=None, action=a, depends_on=[a])
    assert "1.1 cannot depend on itself" in _messages(error)
    with pytest.raises(ValidationError) as error:
        services.action_dependencies_set(user=None, action=a, depends_on=[elsewhere])
    assert "same plan" in _messages(error)


MARCH = D(2026, 3, 1)


def _progress(action, status, on=MARCH):
    return services.progress_update_add(
        user=None, action=action, on=on, status=status, narrative="Progress."
    )


def test_cannot_complete_before_what_it_depends_on(plan, priorities):
    first = _create(plan, priorities, "1.2")
    then = _create(plan, priorities, "1.3", depends_on=[first])
    with pytest.raises(ValidationError) as error:
        _progress(then, ProgressStatus.COMPLETE)
    assert "1.3 cannot be marked complete until 1.2 is complete" in _messages(error)
    assert not then.updates.exists()
    _progress(first, ProgressStatus.COMPLETE)
    _progress(then, ProgressStatus.COMPLETE)
    then.refresh_from_db()
    assert then.status == Action.Status.COMPLETE


def test_cannot_reopen_what_a_complete_action_depends_on(plan, priorities):
    first = _create(plan, priorities, "1.2")
    then = _create(plan, priorities, "1.3", depends_on=[first])
    _progress(first, ProgressStatus.COMPLETE)
    _progress(then, ProgressStatus.COMPLETE)
    with pytest.raises(ValidationError) as error:
        _progress(first, ProgressStatus.AT_RISK, on=D(2026, 3, 2))
    assert "1.2 cannot be reopened while 1.3" in _messages(error)
    # An older update filed late does not change the latest status, so it is allowed.
    _progress(first, ProgressStatus.AT_RISK, on=D(2026, 2, 1))
    first.refresh_from_db()
    assert first.status == Action.Status.COMPLETE


def test_a_complete_action_cannot_take_an_incomplete_dependency(plan, priorities):
    done = _create(plan, priorities, "1.1")
    _progress(done, ProgressStatus.COMPLETE)
    open_action = _create(plan, priorities, "1.2")
    with pytest.raises(ValidationError) as error:
        services.action_dependencies_set(user=None, action=done, depends_on=[open_action])
    assert "1.1 is complete, so it cannot depend on 1.2" in _messages(error)


# --- Progress updates ----------------------------------------------------------------------


def test_progress_update_sets_the_status_and_records_the_author(plan, priorities, staff_user):
    action = _create(plan, priorities, "1.1")
    update = services.progress_update_add(
        user=staff_user,
        action=action,
        on=D(2026, 2, 1),
        status=ProgressStatus.COMPLETE,
        narrative="  Done.  ",
        evidence_url="https://example.nhs.uk/evidence",
    )
    action.refresh_from_db()
    assert action.status == Action.Status.COMPLETE
    assert update.author == staff_user
    assert update.narrative == "Done."
    assert update.history.first().history_user == staff_user
    _progress(action, ProgressStatus.ON_TRACK, on=D(2026, 3, 1))
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_progress_update_cannot_be_in_the_future(plan, priorities):
    action = _create(plan, priorities, "1.1")
    with pytest.raises(ValidationError) as error:
        _progress(action, ProgressStatus.ON_TRACK, on=datetime.date.today() + datetime.timedelta(2))
    assert "today or in the past" in _messages(error)


def test_archived_plans_take_no_updates(priorities):
    plan = ActionPlanFactory(status=ActionPlan.Status.ARCHIVED)
    action = _create(ActionPlanFactory(), priorities, "1.1")
    action.plan = plan
    action.save()
    with pytest.raises(ValidationError) as error:
        _progress(action, ProgressStatus.ON_TRACK)
    assert "is archived" in _messages(error)


# --- Approval ------------------------------------------------------------------------------


def test_approving_a_plan_archives_the_active_one(priorities):
    old = ActionPlanFactory(status=ActionPlan.Status.ACTIVE)
    new = services.plan_create(user=None, title="Plan", version="2", starts_on=D(2027, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.plan_approve(user=None, plan=new, approved_on=D(2026, 1, 1), approved_by="Council")
    assert "Add at least one action" in _messages(error)
    _create(new, priorities, "1.1")
    services.plan_approve(user=None, plan=new, approved_on=D(2026, 1, 1), approved_by="Council")
    old.refresh_from_db()
    assert (old.status, new.status) == (ActionPlan.Status.ARCHIVED, ActionPlan.Status.ACTIVE)
    with pytest.raises(ValidationError):
        services.plan_approve(user=None, plan=new, approved_on=D(2026, 1, 1), approved_by="x")


def test_an_action_made_from_a_decision_links_to_it(plan, priorities):
    from tests.forums.factories import DecisionFactory

    decision = DecisionFactory()
    action = _create(plan, priorities, "1.1", decision=decision)
    assert list(decision.actions.all()) == [action]


def test_dependency_cycle_finder_on_plain_ids():
    edges = [(2, 1), (3, 2)]
    assert services.dependency_cycle(action_id=1, depends_on_ids=[3], edges=edges) == [1, 3, 2, 1]
    assert services.dependency_cycle(action_id=4, depends_on_ids=[3], edges=edges) is None
    assert services.dependency_cycle(action_id=1, depends_on_ids=[1], edges=[]) == [1, 1]
