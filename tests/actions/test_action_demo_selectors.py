"""The demo plan: Gloucestershire's matrix exactly, a believable spread, loaded once.

Also the read side over it: progress per priority and the Council report.
"""

import datetime
import io

from django.utils import timezone

from actions import demo, selectors
from actions.models import Action, ActionPlan, ProgressUpdate, Rag


def test_the_demo_plan_reproduces_the_seed_summary_matrix(demo_plan, django_assert_num_queries):
    with django_assert_num_queries(2):
        matrix = selectors.plan_summary_matrix(plan=demo_plan)
    assert [row.priority.number for row in matrix.rows] == [1, 2, 3, 4, 5]
    assert [row.cells for row in matrix.rows] == [
        [2, 3, 0],
        [1, 1, 2],
        [0, 3, 0],
        [0, 3, 1],
        [0, 2, 2],
    ]
    assert [row.total for row in matrix.rows] == [5, 4, 3, 4, 4]
    assert matrix.total_cells == [3, 12, 5]
    assert matrix.total == 20


def test_the_demo_plan_is_verbatim_with_owners_and_the_dependency(demo_plan):
    actions = {a.code: a for a in demo_plan.actions.select_related("owner_forum")}
    assert len(actions) == 20
    assert actions["1.4"].owner == "Clinical & Care Professional Council"
    assert actions["1.4"].owner_forum.name == "Clinical and Care Professional Council"
    assert actions["1.5"].owner_forum.name == "Integrated Care Board"
    assert actions["2.3"].owner == "Directors of People (with CMO and CNO)"
    assert actions["5.1"].owner == "ICS Strategic Executive"
    assert actions["4.4"].band == "long"
    assert actions["3.3"].text.startswith("Determine the scope of – and recruit")
    assert "\n\nAs part of this, consider opportunities for shadowing" in actions["3.3"].text
    assert [a.code for a in actions["1.3"].depends_on.all()] == ["1.2"]
    assert actions["3.1"].dates_overridden and actions["3.1"].date_override_reason
    assert demo_plan.status == ActionPlan.Status.ACTIVE
    assert demo_plan.overseeing_forum.name == "Clinical and Care Professional Council"


def test_the_demo_plan_started_12_to_18_months_ago(demo_plan):
    months = (timezone.localdate() - demo_plan.starts_on).days / 30.44
    assert 12 <= months <= 18


def test_the_demo_has_a_believable_spread_of_progress(demo_plan):
    rows = list(selectors.action_list(plan=demo_plan))
    rags = {a.code: a.rag for a in rows}
    seen = set(rags.values())
    assert {Rag.COMPLETE, Rag.OVERDUE, Rag.AT_RISK, Rag.ON_TRACK, Rag.NOT_STARTED} <= seen
    assert any(a.is_stale for a in rows)
    assert 8 <= sum(r == Rag.COMPLETE for r in rags.values()) <= 13
    assert rags["1.3"] == Rag.COMPLETE and rags["1.2"] == Rag.COMPLETE
    assert ProgressUpdate.objects.filter(author__username="staff").count() > 30


def test_loading_the_demo_twice_changes_nothing(demo_plan):
    counts = (ActionPlan.objects.count(), Action.objects.count(), ProgressUpdate.objects.count())
    demo.load(stdout=io.StringIO())
    assert counts == (
        ActionPlan.objects.count(),
        Action.objects.count(),
        ProgressUpdate.objects.count(),
    )


def test_progress_counts_each_action_once_per_priority(demo_plan, django_assert_num_queries):
    with django_assert_num_queries(2):
        progress = selectors.plan_progress(plan=demo_plan)
    assert [row.total for row in progress.rows] == [5, 4, 3, 4, 4]
    assert progress.totals.total == 20
    assert sum(progress.totals.cells) == 20
    for row in progress.rows:
        assert sum(row.cells) == row.total
        assert 0 <= row.percent_complete <= 100
    assert progress.totals.complete == sum(row.complete for row in progress.rows)


def test_council_report_reads_as_it_would_have_on_the_chosen_date(demo_plan):
    early = demo_plan.starts_on + datetime.timedelta(days=10)
    sections = selectors.council_report(plan=demo_plan, on=early)
    assert [s.priority.number for s in sections] == [1, 2, 3, 4, 5]
    rows = [row for s in sections for row in s.rows]
    assert [r.action.code for r in rows][:5] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert all(r.latest_update_on is None for r in rows)
    assert rows[0].narrative == "No progress update yet."

    today = selectors.council_report(plan=demo_plan, on=timezone.localdate())
    first = today[0].rows[0]
    assert first.rag == Rag.COMPLETE
    assert first.narrative.startswith("Role register and diversity analysis published")


def test_council_report_csv_has_a_row_per_action(demo_plan):
    rows = list(selectors.council_report_csv_rows(plan=demo_plan, on=timezone.localdate()))
    assert rows[0] == selectors.COUNCIL_REPORT_HEADER
    assert len(rows) == 21
    assert rows[1][1] == "1.1"


def test_current_plan_prefers_the_active_one(demo_plan):
    from tests.actions.factories import ActionPlanFactory

    ActionPlanFactory(starts_on=datetime.date(2030, 1, 1))
    assert selectors.current_plan() == demo_plan
