"""CSV import (all or nothing, line-numbered errors) and the annual refresh."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError

from actions import demo, selectors, services
from actions.models import Action, ActionPlan, ProgressStatus

D = datetime.date
HEADER = "code,priority,text,band,owner,depends on\n"


def _csv_of_the_gloucestershire_plan():
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Code", "Priority", "Text", "Band", "Owner", "Depends on"])
    bands = {"short": "Short-term", "medium": "Medium-term", "long": "Long-term"}
    for code, band, owner, text in demo.ACTIONS:
        depends = ", ".join(demo.DEPENDENCIES.get(code, []))
        writer.writerow([code, code.split(".")[0], text, bands[band], owner, depends])
    return out.getvalue()


def _import(text, **extra):
    return services.plan_import_csv(
        user=None,
        title=extra.get("title", "Imported plan"),
        version=extra.get("version", "2026"),
        starts_on=D(2026, 4, 1),
        text=text,
    )


def test_importing_the_gloucestershire_plan_reproduces_its_matrix(priorities):
    plan = _import("\ufeff" + _csv_of_the_gloucestershire_plan())
    assert plan.status == ActionPlan.Status.DRAFT
    matrix = selectors.plan_summary_matrix(plan=plan)
    assert [row.cells for row in matrix.rows] == [
        [2, 3, 0],
        [1, 1, 2],
        [0, 3, 0],
        [0, 3, 1],
        [0, 2, 2],
    ]
    assert (matrix.total_cells, matrix.total) == ([3, 12, 5], 20)
    follows = plan.actions.get(code="1.3")
    assert [a.code for a in follows.depends_on.all()] == ["1.2"]
    assert follows.due_on == D(2027, 4, 1)


def test_a_bad_file_reports_every_problem_by_line_and_saves_nothing(priorities):
    text = HEADER + (
        "1.1,1,Publish the list,Short-term,CMO / CNO,\n"
        "1.2,1,Review governance,Soon,CMO / CNO,\n"
        "1.1,1,Duplicate code,Medium,CMO / CNO,\n"
        "2.1,9,,Long,,\n"
        "x,1,Bad code,Long,Council,\n"
    )
    with pytest.raises(ValidationError) as error:
        _import(text)
    assert error.value.messages == [
        "Line 3: The band 'Soon' should be short, medium or long term.",
        "Line 4: The code 1.1 is already used on line 2.",
        "Line 5: The priority '9' should be one of 1, 2, 3, 4, 5; the text of the action is "
        "missing; the owner is missing.",
        "Line 6: The code 'x' should look like 2.3.",
    ]
    assert not ActionPlan.objects.exists()
    assert not Action.objects.exists()


def test_unknown_dependencies_and_loops_are_reported_by_line(priorities):
    unknown = HEADER + "1.1,1,One,Short,CMO,\n1.2,1,Two,Short,CMO,Following 1.9\n"
    with pytest.raises(ValidationError) as error:
        _import(unknown)
    assert error.value.messages == ["Line 3: 1.2 depends on 1.9, which is not in the file."]
    loop = HEADER + "1.1,1,One,Short,CMO,1.3\n1.2,1,Two,Short,CMO,1.1\n1.3,1,Three,Short,CMO,1.2\n"
    with pytest.raises(ValidationError) as error:
        _import(loop)
    assert error.value.messages == [
        "Line 2: These actions wait for each other in a loop: 1.1 → 1.3 → 1.2 → 1.1. "
        "Remove one of the dependencies."
    ]
    assert not ActionPlan.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        ("code,priority,text\n1.1,1,x\n", "could be matched to: timeframe, owner."),
        (HEADER, "no actions"),
        (HEADER + ",,,,,\n", "no actions"),
    ],
)
def test_empty_or_headerless_files_say_what_is_wrong(priorities, text, message):
    with pytest.raises(ValidationError) as error:
        _import(text)
    assert message in " ".join(error.value.messages)


def test_a_plan_title_and_version_can_only_be_used_once(priorities):
    _import(HEADER + "1.1,1,One,Short,CMO,\n")
    with pytest.raises(ValidationError) as error:
        _import(HEADER + "1.1,1,One,Short,CMO,\n")
    assert "already exists" in error.value.messages[0]
    assert ActionPlan.objects.count() == 1


# --- Refresh -------------------------------------------------------------------------------


@pytest.fixture
def active_plan(priorities):
    plan = _import(
        HEADER
        + "1.1,1,One,Short,CMO,\n1.2,1,Two,Short,CMO,\n1.3,1,Three,Medium,Council,1.2\n"
        + "2.1,2,Four,Long,CMO,1.1\n"
    )
    services.plan_approve(user=None, plan=plan, approved_on=D(2026, 3, 1), approved_by="Council")
    return plan


def _complete(plan, code):
    services.progress_update_add(
        user=None,
        action=plan.actions.get(code=code),
        on=D(2026, 5, 1),
        status=ProgressStatus.COMPLETE,
        narrative="Done.",
    )


def test_refresh_carries_over_exactly_the_incomplete_actions(active_plan):
    _complete(active_plan, "1.1")
    services.progress_update_add(
        user=None,
        action=active_plan.actions.get(code="1.2"),
        on=D(2026, 5, 1),
        status=ProgressStatus.AT_RISK,
        narrative="Slow.",
    )
    preview = selectors.refresh_preview(plan=active_plan)
    assert [a.code for a in preview["carried_over"]] == ["1.2", "1.3", "2.1"]
    assert [a.code for a in preview["closed"]] == ["1.1"]

    new = services.plan_refresh(
        user=None, plan=active_plan, title="Action plan", version="2027", starts_on=D(2027, 4, 1)
    )
    carried = {a.code: a for a in new.actions.select_related("carried_over_from")}
    assert sorted(carried) == ["1.2", "1.3", "2.1"]
    for code, action in carried.items():
        assert action.carried_over_from == active_plan.actions.get(code=code)
        assert action.status == Action.Status.OPEN
        assert not action.updates.exists()
    assert carried["1.2"].due_on == D(2027, 10, 1)
    # The dependency between two carried-over actions stays; one on a completed action goes.
    assert [a.code for a in carried["1.3"].depends_on.all()] == ["1.2"]
    assert list(carried["2.1"].depends_on.all()) == []
    assert new.previous_plan == active_plan and new.status == ActionPlan.Status.DRAFT

    services.plan_approve(user=None, plan=new, approved_on=D(2026, 6, 1), approved_by="Council")
    active_plan.refresh_from_db()
    assert active_plan.status == ActionPlan.Status.ARCHIVED
    statuses = dict(active_plan.actions.values_list("code", "status"))
    assert statuses == {
        "1.1": "complete",
        "1.2": "carried_over",
        "1.3": "carried_over",
        "2.1": "carried_over",
    }


def test_a_plan_is_refreshed_once_and_forwards_in_time(active_plan):
    with pytest.raises(ValidationError) as error:
        services.plan_refresh(
            user=None, plan=active_plan, title="Next", version="1", starts_on=D(2026, 1, 1)
        )
    assert "must start after 1 April 2026" in " ".join(error.value.messages)
    new = services.plan_refresh(
        user=None, plan=active_plan, title="Next", version="1", starts_on=D(2027, 4, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.plan_refresh(
            user=None, plan=active_plan, title="Next", version="2", starts_on=D(2027, 4, 1)
        )
    assert f"already been refreshed: {new}" in error.value.messages[0]


def test_a_draft_plan_cannot_be_refreshed(priorities):
    draft = _import(HEADER + "1.1,1,One,Short,CMO,\n")
    with pytest.raises(ValidationError, match="Approve this plan"):
        services.plan_refresh(
            user=None, plan=draft, title="Next", version="1", starts_on=D(2027, 4, 1)
        )
