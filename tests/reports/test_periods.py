"""Reports for a past period show the state on the period's last day, not today's.

The fixture is the 2025 to 2026 financial year (ending 31 March 2026) with changes made
after it ended: a forum member who joined later, an appointment that ended later, a plan
approved later, an action's status and an application's stage changed later, a forum, a
role and an action added later, a request decided later. History records made "during the
year" are backdated, as if CCPL Manager had been in use then.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from actions.models import ActionPlan, Band, ProgressStatus, Rag
from ccpl.models import Snapshot
from forums import selectors as forum_selectors
from recruitment import selectors as recruitment_selectors
from recruitment.models import Application
from reports import kinds, rendering
from reports.annual import plan_for
from reports.sections import ANNUAL_REPORT, COUNCIL_REPORT, NotIncluded
from roles import selectors as role_selectors
from roles.models import RegisterReview, Role
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.factories import PersonFactory, PriorityFactory, ProfessionalGroupFactory
from tests.forums.factories import ForumFactory, MeetingFactory, MembershipFactory
from tests.recruitment.factories import (
    ApplicationFactory,
    CampaignFactory,
    RequestToRecruitFactory,
)
from tests.reports.pdf import pdf_text, squashed
from tests.roles.factories import (
    AppointmentFactory,
    JobDescriptionFactory,
    RoleFactory,
    RoleFunctionFactory,
)

pytestmark = pytest.mark.django_db

YEAR = "2025-26"
END = dt.date(2026, 3, 31)
DURING = timezone.make_aware(dt.datetime(2025, 6, 1, 12))


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def recorded_during_year(*objects):
    """Backdate every history record so far of ``objects`` into the year."""
    for obj in objects:
        type(obj).history.filter(id=obj.pk).update(history_date=DURING)


@pytest.fixture
def year(db):
    for number in range(1, 6):
        PriorityFactory(number=number, short_title=f"Priority {number}")
    medical = ProfessionalGroupFactory(name="Medical")

    # Roles: one filled on 31 March (its holder left in June, after their time changed;
    # the role moved to another function); one whose holder then was entered later; one
    # added afterwards.
    network = RoleFunctionFactory(name="Leading a professional network", short_name="Network")
    programme = RoleFunctionFactory(name="Supporting a programme", short_name="Programme")
    role = RoleFactory(title="Clinical lead for frailty", function=network)
    held = AppointmentFactory(
        role=role,
        starts_on=d("2024-04-01"),
        ended_on=d("2026-06-30"),
        funded_time=2,
        protected_time=1,
    )
    jd = JobDescriptionFactory(role=role, version=1, approved_on=d("2025-05-01"))
    early_review = RegisterReview.objects.create(reviewed_on=d("2025-09-01"))
    entered_later = RoleFactory(title="Clinical lead entered later", function=network)
    recorded_during_year(role, held, jd, early_review, entered_later)
    AppointmentFactory(role=entered_later, starts_on=d("2025-01-01"), funded_time=4)
    held.funded_time, held.protected_time = 3, 2
    held.save()
    role.function = programme
    role.save()
    RegisterReview.objects.create(reviewed_on=d("2026-05-01"))
    JobDescriptionFactory(role=role, version=2, approved_on=d("2026-06-01"))
    later_role = RoleFactory(title="Clinical lead added later")
    AppointmentFactory(role=later_role, starts_on=d("2026-05-01"))

    # Forums: 12 members on 31 March, 6 more joined later; a forum set up later.
    forum = ForumFactory(name="Clinical and Care Professional Council", slug="council")
    early = [
        MembershipFactory(forum=forum, starts_on=d("2024-01-01"), person=PersonFactory())
        for _ in range(12)
    ]
    recorded_during_year(forum, *early)
    for _ in range(6):
        MembershipFactory(forum=forum, starts_on=d("2026-05-01"), person=PersonFactory())
    MeetingFactory(forum=forum, starts_at=timezone.make_aware(dt.datetime(2025, 10, 1, 10)))
    MeetingFactory(forum=forum, starts_at=timezone.make_aware(dt.datetime(2026, 6, 1, 10)))
    ForumFactory(name="Forum set up later", slug="later")

    # Action plans: last year's plan was active on 31 March (archived since); this year's
    # was approved in June. One action was on track then (complete since); one was added
    # later.
    plan = ActionPlanFactory(
        title="Action plan",
        version="2025 to 2026",
        starts_on=d("2025-04-01"),
        approved_on=d("2025-04-10"),
        status=ActionPlan.Status.ACTIVE,
    )
    action = ActionFactory(plan=plan, code="1.1", band=Band.LONG)
    update = ProgressUpdateFactory(
        action=action, on=d("2025-09-01"), status=ProgressStatus.ON_TRACK, narrative="Begun."
    )
    recorded_during_year(plan, action, update)
    ProgressUpdateFactory(
        action=action, on=d("2026-05-01"), status=ProgressStatus.COMPLETE, narrative="Done."
    )
    action.status = action.Status.COMPLETE
    action.save()
    ActionFactory(plan=plan, code="2.1", band=Band.SHORT)
    plan.status = ActionPlan.Status.ARCHIVED
    plan.save()
    ActionPlanFactory(
        title="Action plan",
        version="2026 to 2027",
        starts_on=d("2026-04-01"),
        approved_on=d("2026-06-01"),
        status=ActionPlan.Status.ACTIVE,
        previous_plan=plan,
    )

    # Recruitment: an advert in the year with two applicants, one shortlisted in July and
    # appointed after 31 March; a request decided after 31 March; an advert after.
    campaign = CampaignFactory(
        opens_on=d("2025-06-01"),
        closes_on=d("2025-06-30"),
        request__requested_on=d("2025-05-01"),
        request__decided_on=d("2025-05-10"),
    )
    submitted = timezone.make_aware(dt.datetime(2025, 6, 10, 9))
    appointed = ApplicationFactory(
        campaign=campaign,
        professional_group=medical,
        submitted_at=submitted,
        shortlisted_on=d("2025-07-01"),
        stage=Application.Stage.SHORTLISTED,
    )
    other = ApplicationFactory(
        campaign=campaign, professional_group=medical, submitted_at=submitted
    )
    recorded_during_year(appointed, other)
    appointed.stage = Application.Stage.APPOINTED
    appointed.save()
    RequestToRecruitFactory(requested_on=d("2026-02-01"), decided_on=d("2026-04-15"))
    CampaignFactory(opens_on=d("2026-04-01"), closes_on=d("2026-04-30"))

    # A diversity snapshot taken after the year. The diversity sections (which read the
    # publication on or before the period's end) are checked with them, not here; it must
    # change nothing else.
    Snapshot.objects.create(taken_on=d("2026-06-01"), population="role_holders", total=20)
    return SimpleNamespace(role=role, forum=forum, plan=plan, action=action, campaign=campaign)


def annual_inputs():
    return kinds.inputs_for(kind=ANNUAL_REPORT, year=YEAR)


def built(inputs):
    report = rendering.build_report(inputs)
    return (
        report,
        {b.section.key: b.data for b in report.included},
        {s.key: s.empty_reason for s in report.omitted},
    )


def test_the_annual_report_for_a_past_year_shows_the_year_end(year):
    inputs = annual_inputs()
    assert inputs.on == END and not inputs.is_live
    _report, data, _omitted = built(inputs)

    register = data["role_register"]
    assert (register["total"], register["filled"], register["vacant"]) == (2, 2, 0)
    assert [row["label"] for row in register["function_rows"]] == ["Network"]
    (time,) = register["time"]
    assert (time["holders"], time["funded"], time["protected"]) == (1, 2, 1)
    assert register["not_recorded"] == [
        "The funded and protected time of 1 holder on 31 March 2026 is not recorded (they "
        "were entered into CCPL Manager later), so the time figures leave that holder out."
    ]
    assert register["last_review"].reviewed_on == d("2025-09-01")
    jd_versions = {r.title: r.jd_version for r in role_selectors.role_register(as_of=END)}
    assert jd_versions["Clinical lead for frailty"] == 1  # version 2 was approved in June

    forums = data["forums"]
    assert [r["forum"].name for r in forums["rows"]] == [year.forum.name]
    assert forums["rows"][0]["members"].display == "10"  # 12, rounded; 18 today
    assert forums["meetings_held"] == 1
    assert sorted(f.member_count for f in forum_selectors.forum_list()) == [0, 18]
    assert [f.member_count for f in forum_selectors.forum_list(as_of=END)] == [12]

    plan = data["action_plan"]
    assert plan["plan"] == year.plan and plan["status"] == "Active"
    assert plan["not_recorded"] == []
    assert plan["matrix"].total == 1  # action 2.1 was added after the year
    assert plan["progress"].totals.rag_counts == {Rag.ON_TRACK: 1}
    assert plan["completed_this_year"] == [] and plan["overdue"] == []

    # The next plan was approved after the year: the preview goes by the status then.
    next_year = data["next_year"]
    assert next_year["next_plan"] is None
    assert [a.code for a in next_year["preview"]["carried_over"]] == ["1.1"]

    recruitment = data["recruitment"]
    assert recruitment["campaigns"] == [year.campaign]
    assert dict(recruitment["requests"]) == {
        "Awaiting decision": 1,
        "Approved": 1,
        "Declined": 0,
    }
    applications = Application.objects.filter(campaign=year.campaign)
    assert recruitment_selectors.funnel_counts_by_professional_group(applications, as_of=END) == {
        "Medical": {"applied": 2, "shortlisted": 1, "appointed": 0}
    }
    assert recruitment_selectors.funnel_counts_by_professional_group(applications) == {
        "Medical": {"applied": 2, "shortlisted": 1, "appointed": 1}
    }


def test_the_annual_report_pdf_for_a_past_year_reads_as_on_its_last_day(year):
    report, _data, _omitted = built(annual_inputs())
    text = squashed(pdf_text(rendering.html_to_pdf(rendering.report_html(report))))
    assert "On 31 March 2026 the plan was active." in text
    assert "All roles 2 2 0" in text
    assert "Forum set up later" not in text
    assert "Clinical lead added later" not in text
    assert "This year 1 meeting was held" in text
    assert "Clinical and Care Professional Council Monthly 10 1" in text


def test_the_council_report_on_a_past_date_leaves_out_later_changes(year):
    inputs = kinds.inputs_for(kind=COUNCIL_REPORT, plan_id=year.plan.pk, on=END)
    _report, data, _omitted = built(inputs)
    summary = data["council_summary"]
    assert summary["status"] == "Active" and summary["not_recorded"] == []
    assert summary["progress"].totals.total == 1
    (section,) = data["council_actions"]["sections"]
    (row,) = section.rows
    assert (row.action.code, row.rag, row.narrative) == ("1.1", Rag.ON_TRACK, "Begun.")


def test_history_not_recorded_is_said_in_plain_words(year):
    # A year before anything was recorded in CCPL Manager: the plan approved in April 2025
    # had not been, and the role register and forums had not been entered yet.
    inputs = kinds.inputs_for(kind=ANNUAL_REPORT, year="2024-25")
    assert isinstance(plan_for(inputs), NotIncluded)
    _report, data, omitted = built(inputs)
    assert omitted["action_plan"] == "No action plan had been approved by 31 March 2025."
    assert omitted["role_register"].startswith(
        "The role register on 31 March 2025 is not recorded: leadership roles were first "
        "recorded in CCPL Manager on 1 June 2025."
    )
    assert omitted["forums"].startswith("Forums on 31 March 2025 are not recorded")
    # A Council report on a plan entered later says its status then is not recorded.
    ActionPlan.history.filter(id=year.plan.pk).update(history_date=timezone.now())
    inputs = kinds.inputs_for(kind=COUNCIL_REPORT, plan_id=year.plan.pk, on=END)
    report, data, _omitted = built(inputs)
    assert data["council_summary"]["status"] is None
    (note,) = data["council_summary"]["not_recorded"]
    assert note.startswith("The plan's status on 31 March 2026 is not recorded")
    assert note.replace("'", "&#x27;") in rendering.report_html(report)


def test_a_report_for_this_year_still_uses_todays_data(year):
    # The dashboard and the running year stay live.
    inputs = kinds.inputs_for(kind=ANNUAL_REPORT)
    assert inputs.is_live
    assert inputs.on == timezone.localdate()
    _report, data, _omitted = built(inputs)
    names = [r["forum"].name for r in data["forums"]["rows"]]
    assert "Forum set up later" in names
    assert data["role_register"]["total"] == Role.objects.count()
