"""Annual report sections. Each calls its app's selectors; none works out a domain figure
the app already provides, and every figure about people goes through ``ccpl.disclosure``.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from actions import selectors as action_selectors
from ccpl import disclosure, history
from ccpl.models import IntegratedCareBoard
from ccpl.selectors import priority_list
from forums import presenters as forum_presenters
from forums import selectors as forum_selectors
from roles import selectors as role_selectors
from surveys import selectors as survey_selectors

from . import charts
from .sections import ANNUAL_REPORT, NotIncluded, ReportInputs, section

# RAG segments in the order the actions app applies its rules; distinct fills for the chart
# (the actions app's tag colours repeat red and amber, which a chart cannot).
RAG_CHART_COLOURS = {
    "complete": charts.BLUE,
    "overdue": "#8a1538",
    "off_track": charts.RED,
    "at_risk": charts.AMBER,
    "not_started": "#ffb81c",
    "not_due": charts.GREY,
    "on_track": charts.GREEN,
}


# --- 1. The framework ----------------------------------------------------------------------


@section(
    key="framework",
    title="Our framework and five priorities",
    kinds=[ANNUAL_REPORT],
    order=10,
    models=["ccpl.Priority"],
    empty_reason="The five priorities have not been set up yet.",
)
def framework(inputs: ReportInputs) -> dict | None:
    priorities = priority_list()
    if not priorities:
        return None
    return {"icb": IntegratedCareBoard.current(), "priorities": priorities}


# --- 2. The action plan --------------------------------------------------------------------

ACTION_MODELS = ["actions.ActionPlan", "actions.Action", "actions.ProgressUpdate", "ccpl.Priority"]


def plan_for(inputs: ReportInputs):
    """The plan a report covers: the one chosen; else, for a period that has ended, the
    latest plan approved and started by its end (``NotIncluded`` when there was none);
    else the latest approved plan that starts in the period, or the current plan."""
    from actions.models import ActionPlan

    plans = ActionPlan.objects.select_related("overseeing_forum", "previous_plan")
    if "plan" in inputs.parameters:
        return plans.filter(pk=inputs.parameters["plan"]).first()
    if not inputs.is_live:
        plan = plans.filter(pk__in=action_selectors.plans_approved_by(inputs.on)).first()
        if plan is None and ActionPlan.objects.exists():
            return NotIncluded(f"No action plan had been approved by {inputs.on_label}.")
        return plan
    plan = (
        plans.exclude(status=ActionPlan.Status.DRAFT)
        .filter(starts_on__lte=inputs.ends_on)
        .order_by("-starts_on", "-pk")
        .first()
    )
    return plan or action_selectors.current_plan()


def plan_not_recorded(plan, inputs: ReportInputs) -> list[str]:
    """What cannot be shown about ``plan`` on the report's date, in plain words, with the
    plan's recorded status then (``None`` when not recorded)."""
    if inputs.is_live:
        return []
    record = action_selectors.plan_recorded_on(plan=plan, on=inputs.on)
    if record is not None:
        return []
    return [
        f"The plan's status on {inputs.on_label} is not recorded: it was entered into CCPL "
        "Manager later. Its actions are shown as they are now, each rated from the progress "
        f"updates dated up to {inputs.on_label}."
    ]


def plan_status_on(plan, inputs: ReportInputs) -> str | None:
    """The plan's status on the report's date in words (None when not recorded)."""
    if inputs.is_live:
        return plan.get_status_display()
    record = action_selectors.plan_recorded_on(plan=plan, on=inputs.on)
    return record.status_label if record is not None else None


def rag_chart(progress, *, chart_id: str, title: str):
    """RAG counts by priority as stacked bars (from ``actions.selectors.plan_progress``)."""
    from actions.models import Rag

    return charts.stacked_bar_chart(
        chart_id=chart_id,
        title=title,
        categories=[f"{row.priority.number}. {row.priority.short_title}" for row in progress.rows],
        segments=[
            charts.Series(
                name=rag.label,
                colour=RAG_CHART_COLOURS[rag.value],
                values=[row.rag_counts.get(rag.value, 0) for row in progress.rows],
            )
            for rag in Rag
        ],
    )


@section(
    key="action_plan",
    title="The action plan: where we are",
    kinds=[ANNUAL_REPORT],
    order=20,
    models=ACTION_MODELS,
    empty_reason="There is no action plan in CCPL Manager yet.",
)
def action_plan(inputs: ReportInputs) -> dict | None:
    from actions.models import Rag

    plan = plan_for(inputs)
    if plan is None or isinstance(plan, NotIncluded):
        return plan
    actions = list(action_selectors.action_list(plan=plan, on=inputs.on, as_of=inputs.on))
    if not actions:
        return None
    progress = action_selectors.plan_progress(plan=plan, on=inputs.on, as_of=inputs.on)
    complete = [a for a in actions if a.rag == Rag.COMPLETE]
    data = {
        "plan": plan,
        "status": plan_status_on(plan, inputs),
        "not_recorded": plan_not_recorded(plan, inputs),
        "matrix": action_selectors.plan_summary_matrix(plan=plan, as_of=inputs.on),
        "progress": progress,
        "rag_key": action_selectors.rag_key(),
        "rag_chart": rag_chart(
            progress,
            chart_id="chart-action-rag",
            title=(
                f"Bar chart: the {progress.totals.total} actions of {plan} by priority "
                f"and RAG rating on {inputs.on:%-d %B %Y}. {progress.totals.complete} are "
                f"complete."
            ),
        ),
        "completed_this_year": [a for a in complete if inputs.in_period(a.latest_update_on)],
        "completed_before": [a for a in complete if not inputs.in_period(a.latest_update_on)],
        "overdue": [a for a in actions if a.rag == Rag.OVERDUE],
        "stale": [a for a in actions if a.is_stale],
        "carried_over": [a for a in actions if a.carried_over_from_id],
        "stale_after_days": _stale_after_days(),
    }
    data["shown"] = {
        key: first_rows(data[key])
        for key in ("completed_this_year", "overdue", "stale", "carried_over")
    }
    return data


# Tables in the report list at most this many actions or adverts, with a line saying how
# many more there are (the app's own pages list them all): the report summarises.
ROWS_LISTED_MAX = 25


def first_rows(items: list) -> list:
    """The rows of ``items`` a report table lists (see ``ROWS_LISTED_MAX``)."""
    return items[:ROWS_LISTED_MAX]


def _stale_after_days() -> int:
    from actions.models import STALE_AFTER_DAYS

    return STALE_AFTER_DAYS


# --- 3. The temperature check --------------------------------------------------------------

SURVEY_MODELS = [
    "surveys.Survey",
    "surveys.Question",
    "surveys.QuestionOption",
    "surveys.Response",
    "surveys.Answer",
    "surveys.Recommendation",
    "surveys.Invitation",
    "ccpl.Priority",
]


def survey_markers(inputs: ReportInputs):
    """Answers and invitations change without history: their moderation and response flags."""
    from django.db.models import Count

    from surveys.models import Answer, Invitation

    return {
        "moderation": sorted(
            Answer.objects.order_by()
            .values_list("moderation")
            .annotate(n=Count("pk"))
            .values_list("moderation", "n")
        ),
        "responded": Invitation.objects.filter(responded=True).count(),
    }


def temperature_check_for(inputs: ReportInputs):
    """The latest closed or published temperature check run by the end of the period."""
    from surveys.models import Survey

    return (
        Survey.objects.filter(
            kind=Survey.Kind.TEMPERATURE_CHECK,
            status__in=survey_selectors.TREND_STATUSES,
            year__lte=inputs.ends_on.year,
        )
        .order_by("-year")
        .first()
    )


def favourable_chart(results, *, chart_id: str, title: str):
    rows = results.priorities
    series = [
        charts.Series(
            name=str(results.survey.year),
            colour=charts.BLUE,
            values=[row.favourable.percent for row in rows],
            texts=[row.favourable.display for row in rows],
        )
    ]
    if results.previous_year:
        series.append(
            charts.Series(
                name=str(results.previous_year),
                colour=charts.GREY,
                values=[
                    row.previous_favourable.percent if row.previous_favourable else None
                    for row in rows
                ],
                texts=[
                    row.previous_favourable.display if row.previous_favourable else "–"
                    for row in rows
                ],
            )
        )
    return charts.bar_chart(
        chart_id=chart_id,
        title=title,
        categories=[f"{row.priority.number}. {row.priority.short_title}" for row in rows],
        series=series,
    )


@section(
    key="temperature_check",
    disclosure=[disclosure.SURVEY_POLICY],
    title="What leaders told us: the temperature check",
    kinds=[ANNUAL_REPORT],
    order=30,
    models=SURVEY_MODELS,
    markers=survey_markers,
    empty_reason="No annual temperature check has closed yet.",
)
def temperature_check(inputs: ReportInputs) -> dict | None:
    survey = temperature_check_for(inputs)
    if survey is None or survey_selectors.results_withheld_reason(survey):
        return None
    trend = survey_selectors.favourable_trend(before_year=survey.year + 1)
    results = survey_selectors.survey_results(survey, trend=trend)
    return {
        "survey": survey,
        "results": results,
        "rate": survey_selectors.response_rate(survey),
        "footnote": disclosure.POLICY_STATEMENTS[disclosure.SURVEY_POLICY],
        "trend": trend,
        "trend_rows": [
            (row, [row.by_year.get(year) for year in trend.years]) for row in trend.priorities
        ],
        "chart": favourable_chart(
            results,
            chart_id="chart-temperature-check",
            title=(
                f"Bar chart: percentage of leaders answering favourably about each priority in "
                f"the {survey.year} temperature check"
                + (f", compared with {results.previous_year}" if results.previous_year else "")
                + "."
            ),
        ),
        "recommendations": [p for p in results.priorities if p.recommendation],
    }


# --- 4. The role register ------------------------------------------------------------------

ROLE_MODELS = [
    "roles.Role",
    "roles.RoleFunction",
    "roles.Appointment",
    "roles.JobDescription",
    "roles.DevelopmentRecord",
    "roles.RegisterReview",
]


def _time_totals(roles) -> list[dict]:
    """Funded and protected time of current holders, per unit of time (PAs, hours).

    Funded time is the appointment's own, else the role's; protected time only where
    recorded. Sums of sessions, not people, so exact. Holders whose times on the report's
    date are not recorded (``times_recorded`` False) are left out.
    """
    totals: dict[str, dict] = {}
    for role in roles:
        unit = role.get_time_unit_display()
        entry = totals.setdefault(
            unit,
            {
                "unit": unit,
                "funded": Decimal(0),
                "protected": Decimal(0),
                "funded_where_recorded": Decimal(0),
                "holders": 0,
                "recorded": 0,
            },
        )
        for appointment in role.current_appointments:
            if not getattr(appointment, "times_recorded", True):
                continue
            funded = (
                appointment.funded_time
                if appointment.funded_time is not None
                else role.sessional_time
            )
            entry["holders"] += 1
            entry["funded"] += funded or 0
            if appointment.protected_time is not None:
                entry["recorded"] += 1
                entry["protected"] += appointment.protected_time
                entry["funded_where_recorded"] += funded or 0
    out = []
    for entry in totals.values():
        if not entry["holders"]:
            continue
        base = entry["funded_where_recorded"]
        entry["percent_protected"] = round(100 * entry["protected"] / base) if base else None
        out.append(entry)
    return out


@section(
    key="role_register",
    title="Leadership roles: the register",
    kinds=[ANNUAL_REPORT],
    order=40,
    models=ROLE_MODELS,
    empty_reason="No leadership roles have been recorded yet.",
)
def role_register(inputs: ReportInputs) -> dict | None:
    if inputs.is_live:
        roles = list(role_selectors.role_register(on=inputs.on))
    else:
        roles = role_selectors.role_register_on(on=inputs.on)
    if not roles:
        first = role_selectors.roles_first_recorded_on()
        if first is not None and first > inputs.on:
            return NotIncluded(
                f"The role register on {inputs.on_label} is not recorded: leadership roles "
                f"were first recorded in CCPL Manager on {first:%-d %B %Y}."
            )
        return None
    by_function: dict = defaultdict(lambda: {"roles": 0, "filled": 0})
    by_level: dict = defaultdict(lambda: {"roles": 0, "filled": 0})
    for role in roles:
        for key, bucket in (
            (str(role.function), by_function),
            (role.get_level_display(), by_level),
        ):
            bucket[key]["roles"] += 1
            bucket[key]["filled"] += int(role.is_filled)
    function_rows = [
        {"label": label, **counts, "vacant": counts["roles"] - counts["filled"]}
        for label, counts in by_function.items()
    ]
    filled = sum(1 for role in roles if role.is_filled)
    times_missing = sum(
        1
        for role in roles
        for appointment in role.current_appointments
        if not getattr(appointment, "times_recorded", True)
    )
    # Counted in the database: due for review by the report's date, or never written.
    jd_overdue = (
        role_selectors.job_description_reviews_due(on=inputs.on, as_of=inputs.on)
        .filter(Q(jd_review_due_on__isnull=True) | Q(jd_review_due_on__lt=inputs.on))
        .count()
    )
    return {
        "not_recorded": [
            f"The funded and protected time of {times_missing} "
            f"{'holder' if times_missing == 1 else 'holders'} on {inputs.on_label} is not "
            "recorded (they were entered into CCPL Manager later), so the time figures leave "
            f"{'them' if times_missing > 1 else 'that holder'} out."
        ]
        if times_missing
        else [],
        "total": len(roles),
        "filled": filled,
        "vacant": len(roles) - filled,
        "function_rows": function_rows,
        "level_rows": [
            {"label": label, **counts, "vacant": counts["roles"] - counts["filled"]}
            for label, counts in by_level.items()
        ],
        "time": _time_totals(roles),
        "jd_overdue": jd_overdue,
        "last_review": role_selectors.last_register_review(on=inputs.on),
        "chart": charts.stacked_bar_chart(
            chart_id="chart-roles-filled",
            title=(
                f"Bar chart: {len(roles)} leadership roles by function, {filled} filled and "
                f"{len(roles) - filled} vacant on {inputs.on:%-d %B %Y}."
            ),
            categories=[row["label"] for row in function_rows],
            segments=[
                charts.Series("Filled", charts.BLUE, [row["filled"] for row in function_rows]),
                charts.Series("Vacant", charts.GREY, [row["vacant"] for row in function_rows]),
            ],
        ),
    }


# --- 5. Diversity --------------------------------------------------------------------------

DIVERSITY_MODELS = [
    "roles.Appointment",
    "roles.Role",
    "ccpl.Person",
    "ccpl.EqualityProfile",
    "ccpl.Benchmark",
    "ccpl.ProfessionalGroup",
    "ccpl.Publication",
]


def diversity_markers(inputs: ReportInputs):
    """Equality answers have no history and no dates (by design): their revision number."""
    from ccpl.selectors import equality_revision

    return equality_revision()


def _percent_of(display: str) -> float | None:
    """``"51%"`` → 51.0; ``"*"`` or ``"–"`` → None (for drawing a published figure)."""
    text = display.rstrip("%")
    try:
        return float(text)
    except ValueError:
        return None


def diversity_chart(table, *, chart_id: str, population: str):
    rows = [row for row in table.rows if not row.not_stated]
    return charts.bar_chart(
        chart_id=chart_id,
        title=(
            f"Bar chart: {population} by {table.title.lower()} compared with "
            f"the {table.benchmark_label.lower()}, as percentages."
        ),
        categories=[row.label for row in rows],
        series=[
            charts.Series(
                population[:1].upper() + population[1:],
                charts.BLUE,
                [row.share.percent if not row.share.hidden else None for row in rows],
                [row.share.display for row in rows],
            ),
            charts.Series(
                table.benchmark_label,
                charts.GREY,
                [_percent_of(row.benchmark) for row in rows],
                [row.benchmark for row in rows],
            ),
        ],
    )


@section(
    key="diversity",
    disclosure=[disclosure.PEOPLE_POLICY],
    title="How diverse our leaders are",
    kinds=[ANNUAL_REPORT],
    order=50,
    models=DIVERSITY_MODELS,
    markers=diversity_markers,
    empty_reason="No figures about role holders had been published by the end of the period.",
)
def diversity(inputs: ReportInputs) -> dict | None:
    # Role holders as published on the latest publication point on or before the period end.
    published = role_selectors.diversity_published(on=inputs.on)
    if published.analysis is None or not published.analysis.has_people:
        return None
    tables = published.analysis.tables
    return {
        "analysis": published.analysis,
        "published": published,
        "tables": [
            (
                table,
                diversity_chart(
                    table, chart_id=f"chart-diversity-{table.dimension}", population="role holders"
                ),
            )
            for table in tables
        ],
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }


# --- 7. Forums -----------------------------------------------------------------------------

FORUM_MODELS = [
    "forums.Forum",
    "forums.Membership",
    "forums.Meeting",
    "forums.Attendance",
    "forums.Decision",
    "forums.ReportingLine",
    "ccpl.Priority",
]


@section(
    key="forums",
    disclosure=[disclosure.PEOPLE_POLICY],
    title="Forums: where leaders shape decisions",
    kinds=[ANNUAL_REPORT],
    order=70,
    models=FORUM_MODELS,
    empty_reason="No forums have been recorded yet.",
)
def forums(inputs: ReportInputs) -> dict | None:
    forum_rows = list(forum_selectors.forum_list(as_of=inputs.on))
    if not forum_rows:
        first = forum_selectors.forums_first_recorded_on()
        if first is not None and first > inputs.on:
            return NotIncluded(
                f"Forums on {inputs.on_label} are not recorded: forums were first recorded "
                f"in CCPL Manager on {first:%-d %B %Y}."
            )
        return None
    activity = forum_selectors.forum_activity(
        [f.pk for f in forum_rows], since=inputs.starts_on, until=inputs.ends_on
    )
    graph = forum_selectors.governance_graph(as_of=inputs.on)
    # A summary, not a directory: with many forums, those of the system and those other
    # forums report to are listed one by one, and the rest are counted by Place (each
    # forum's page has its own figures). The map and its outline show the listed forums.
    spine = graph.spine() if len(forum_rows) > FORUMS_LISTED_MAX else None
    listed = [f for f in forum_rows if spine is None or f.pk in spine]
    # Forum members are people: counts and attendance rates through disclosure control.
    members = disclosure.people_count_table(
        {f.pk: f.member_count for f in listed},
        rows=[f.pk for f in listed],
        columns=["members"],
        column_totals=False,
    )
    no_attendance = forum_selectors.AttendanceRate()
    rows = []
    for forum in listed:
        rate = activity.attendance.get(forum.pk, no_attendance)
        rows.append(
            {
                "forum": forum,
                "members": members.cell(forum.pk, "members"),
                "meetings": activity.meetings_held.get(forum.pk, 0),
                "attendance": disclosure.people_share(rate.present, rate.recorded),
                "decisions": activity.decisions.get(forum.pk, 0),
            }
        )
    by_place = _forums_by_place(
        [f for f in forum_rows if spine is not None and f.pk not in spine], activity
    )
    priorities = {p.pk: p for p in priority_list()}
    decisions_by_priority = sorted(
        (
            (priorities.get(pk) if pk is not None else None, n)
            for pk, n in activity.decisions_by_priority.items()
        ),
        key=lambda item: (item[0] is None, item[0].number if item[0] else 0),
    )
    mix = forum_selectors.membership_mix(forum_rows, on=inputs.on)
    flagged = [m for m in mix if m.flagged]
    shown_graph = graph if spine is None else graph.subgraph(spine)

    def anchor(forum):
        return f"#forum-{forum.slug}"

    return {
        "rows": rows,
        "by_place": by_place,
        "summarised": sum(row["forums"] for row in by_place),
        "meetings_held": sum(activity.meetings_held.values()),
        "decision_count": sum(activity.decisions.values()),
        "decisions_by_priority": decisions_by_priority,
        "flagged": flagged[:FLAGGED_LISTED_MAX],
        "flagged_more": max(len(flagged) - FLAGGED_LISTED_MAX, 0),
        "map": forum_presenters.governance_map_svg(
            shown_graph,
            url_for=anchor,
            title=(
                f"Governance map: how {len(shown_graph.forums)} forums report to one another "
                "and to the Integrated Care Board. The list that follows gives the same "
                "structure in words."
            ),
            title_id="report-governance-map-title",
        ),
        "outline": forum_presenters.governance_outline_html(shown_graph, url_for=anchor),
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }


# With more forums than this, the section lists the system's forums and those other forums
# report to, and counts the rest by Place; at most this many forums missing a voice are named.
FORUMS_LISTED_MAX = 40
FLAGGED_LISTED_MAX = 20


def _forums_by_place(forums, activity) -> list[dict]:
    """Forums, meetings held, attendance and decisions of each Place's forums together."""
    places: dict = {}
    for forum in forums:
        entry = places.setdefault(
            forum.place_id,
            {
                "place": forum.place,
                "forums": 0,
                "meetings": 0,
                "present": 0,
                "recorded": 0,
                "decisions": 0,
            },
        )
        rate = activity.attendance.get(forum.pk)
        entry["forums"] += 1
        entry["meetings"] += activity.meetings_held.get(forum.pk, 0)
        entry["decisions"] += activity.decisions.get(forum.pk, 0)
        if rate is not None:
            entry["present"] += rate.present
            entry["recorded"] += rate.recorded
    rows = sorted(places.values(), key=lambda e: (e["place"] is not None, str(e["place"] or "")))
    for entry in rows:
        entry["attendance"] = disclosure.people_share(entry.pop("present"), entry.pop("recorded"))
    return rows


# --- 8. Next year --------------------------------------------------------------------------


@section(
    key="next_year",
    title="Next year's actions",
    kinds=[ANNUAL_REPORT],
    order=80,
    models=ACTION_MODELS,
    empty_reason="There is no action plan in CCPL Manager yet.",
)
def next_year(inputs: ReportInputs) -> dict | NotIncluded | None:
    from actions.models import ActionPlan

    plan = plan_for(inputs)
    if plan is None or isinstance(plan, NotIncluded):
        return plan
    next_plans = plan.next_plans.order_by("-starts_on", "-pk")
    if not inputs.is_live:
        # A next plan made after the period's end was not "next year's" plan then.
        next_plans = next_plans.filter(pk__in=history.ids_recorded_by(ActionPlan, inputs.on))
    next_plan = next_plans.first()
    if next_plan is not None:
        actions = list(action_selectors.action_list(plan=next_plan, on=inputs.on, as_of=inputs.on))
        return {
            "plan": plan,
            "next_plan": next_plan,
            "actions": actions,
            "actions_shown": first_rows(actions),
            "carried": sum(1 for a in actions if a.carried_over_from_id),
        }
    preview = action_selectors.refresh_preview(
        plan=plan, as_of=None if inputs.is_live else inputs.on
    )
    if preview is None:
        return NotIncluded(
            f"Which actions were complete on {inputs.on_label} is not recorded: the plan was "
            "entered into CCPL Manager later."
        )
    if not preview["carried_over"] and not preview["closed"]:
        return None
    return {
        "plan": plan,
        "next_plan": None,
        "preview": preview,
        "carried_over_shown": first_rows(list(preview["carried_over"])),
    }
