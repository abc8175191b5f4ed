"""Reads for the action plan. Each selector runs a fixed number of queries, however many rows."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from ccpl import history
from ccpl.models import Priority

from .models import (
    RAG_COLOUR_NAMES,
    STALE_AFTER_DAYS,
    Action,
    ActionPlan,
    Band,
    ProgressUpdate,
    Rag,
)


def current_plan() -> ActionPlan | None:
    """The active plan; before any is approved, the most recent draft."""
    plans = ActionPlan.objects.select_related("overseeing_forum")
    return (
        plans.filter(status=ActionPlan.Status.ACTIVE).first()
        or plans.filter(status=ActionPlan.Status.DRAFT).first()
        or plans.first()
    )


def plan_list():
    return ActionPlan.objects.select_related("overseeing_forum", "previous_plan").annotate(
        action_count=Count("actions")
    )


def plan_actions(*, plan: ActionPlan, as_of: datetime.date | None = None):
    """The plan's actions; with ``as_of``, only those in the plan by the end of that day
    (from their history: an action added later is left out). When the plan itself was not
    recorded by then, which actions it had is not recorded either (see
    :func:`plan_recorded_on`) and every action is kept."""
    actions = Action.objects.filter(plan=plan)
    if as_of is not None and plan_recorded_on(plan=plan, on=as_of) is not None:
        actions = actions.filter(
            pk__in=history.as_of(Action, as_of).filter(plan_id=plan.pk).values("id")
        )
    return actions


def action_list(
    *, plan: ActionPlan, on: datetime.date | None = None, as_of: datetime.date | None = None
):
    """The plan's actions in code order, with their latest progress, RAG and stale flag on
    ``on`` (today); with ``as_of``, only the actions it had then (:func:`plan_actions`)."""
    return plan_actions(plan=plan, as_of=as_of).with_related().with_progress(on).in_code_order()


@dataclass(frozen=True)
class PlanRecord:
    """What CCPL Manager recorded about a plan by the end of a day."""

    status: str
    approved_on: datetime.date | None

    @property
    def status_label(self) -> str:
        return ActionPlan.Status(self.status).label


def plan_recorded_on(*, plan: ActionPlan, on: datetime.date) -> PlanRecord | None:
    """The plan as recorded by the end of ``on``; None when it was not recorded by then
    (added, or entered into CCPL Manager, later)."""
    row = (
        history.as_of(ActionPlan, on)
        .filter(id=plan.pk)
        .values_list("status", "approved_on")
        .first()
    )
    return PlanRecord(status=row[0], approved_on=row[1]) if row else None


def plans_approved_by(on: datetime.date):
    """Plans approved and started by ``on``, latest first: their approval date says so, or
    (without one) their recorded status by then was no longer draft."""
    not_draft_then = (
        history.as_of(ActionPlan, on).exclude(status=ActionPlan.Status.DRAFT).values("id")
    )
    return (
        ActionPlan.objects.filter(starts_on__lte=on)
        .filter(Q(approved_on__lte=on) | Q(approved_on__isnull=True, pk__in=not_draft_then))
        .order_by("-starts_on", "-pk")
    )


# --- Summary matrix ------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixRow:
    priority: Priority
    counts: dict  # band value → number of actions
    total: int

    @property
    def cells(self) -> list[int]:
        return [self.counts[band] for band in Band.values]


@dataclass(frozen=True)
class SummaryMatrix:
    rows: list[MatrixRow]
    band_totals: dict
    total: int

    @property
    def bands(self) -> list[Band]:
        return list(Band)

    @property
    def total_cells(self) -> list[int]:
        return [self.band_totals[band] for band in Band.values]


def plan_summary_matrix(*, plan: ActionPlan, as_of: datetime.date | None = None) -> SummaryMatrix:
    """Actions counted by priority and timeframe band, with totals (two queries, counted
    in the database). Every priority has a row, even with no actions. With ``as_of``, only
    the actions the plan had then."""
    actions = plan_actions(plan=plan, as_of=as_of)
    per_band = {
        band: Count("actions", filter=Q(actions__in=actions, actions__band=band))
        for band in Band.values
    }
    priorities = Priority.objects.annotate(**per_band).order_by("number")
    rows = [
        MatrixRow(
            priority=p,
            counts={band: getattr(p, band) for band in Band.values},
            total=sum(getattr(p, band) for band in Band.values),
        )
        for p in priorities
    ]
    totals = actions.aggregate(
        total=Count("pk"),
        **{band: Count("pk", filter=Q(band=band)) for band in Band.values},
    )
    return SummaryMatrix(
        rows=rows,
        band_totals={band: totals[band] for band in Band.values},
        total=totals["total"],
    )


# --- RAG -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RagKeyRow:
    order: int
    rag: Rag
    colour: str
    rule: str


def rag_key() -> list[RagKeyRow]:
    """The RAG rules in the order they are applied, for the key shown beside ratings."""
    return [
        RagKeyRow(order=n, rag=rag, colour=RAG_COLOUR_NAMES[rag.colour], rule=rag.rule)
        for n, rag in enumerate(Rag, start=1)
    ]


@dataclass
class PriorityProgress:
    priority: Priority
    rag_counts: dict = field(default_factory=dict)  # Rag value → count
    total: int = 0
    stale: int = 0

    @property
    def complete(self) -> int:
        return self.rag_counts.get(Rag.COMPLETE, 0)

    @property
    def percent_complete(self) -> int:
        return round(100 * self.complete / self.total) if self.total else 0

    @property
    def cells(self) -> list[int]:
        return [self.rag_counts.get(rag, 0) for rag in Rag]


@dataclass
class PlanProgress:
    rows: list[PriorityProgress]
    totals: PriorityProgress

    @property
    def rags(self) -> list[Rag]:
        return list(Rag)


def plan_progress(
    *, plan: ActionPlan, on: datetime.date | None = None, as_of: datetime.date | None = None
) -> PlanProgress:
    """RAG counts, stale counts and share complete per priority on ``on`` (two queries);
    with ``as_of``, of the actions the plan had then."""
    priorities = list(Priority.objects.order_by("number"))
    rows = {p.pk: PriorityProgress(priority=p) for p in priorities}
    totals = PriorityProgress(priority=None)
    ratings = (
        plan_actions(plan=plan, as_of=as_of)
        .with_progress(on)
        .values_list("priority_id", "rag", "is_stale")
        .order_by()
    )
    counts, stale = Counter(), Counter()
    for priority_id, rag, is_stale in ratings:
        counts[(priority_id, rag)] += 1
        stale[priority_id] += bool(is_stale)
    for (priority_id, rag), n in counts.items():
        for target in (rows[priority_id], totals):
            target.rag_counts[rag] = target.rag_counts.get(rag, 0) + n
            target.total += n
    for priority_id, n in stale.items():
        rows[priority_id].stale += n
        totals.stale += n
    return PlanProgress(rows=list(rows.values()), totals=totals)


# --- One action ----------------------------------------------------------------------------


def action_detail(*, pk: int, on: datetime.date | None = None) -> Action:
    """One action with its dependencies both ways (each with its RAG) and every update."""
    on = on or timezone.localdate()
    related = Action.objects.with_progress(on).select_related("plan").in_code_order()
    return (
        Action.objects.with_related()
        .with_progress(on)
        .select_related("decision__meeting__forum")
        .prefetch_related(
            Prefetch("depends_on", queryset=related),
            Prefetch("dependents", queryset=related),
            Prefetch("carried_over_to", queryset=Action.objects.select_related("plan")),
            Prefetch("updates", queryset=_updates(ProgressUpdate.objects.all())),
        )
        .get(pk=pk)
    )


def _updates(updates):
    return updates.select_related("author__person").order_by("-on", "-pk")


def action_heading(*, pk: int) -> Action:
    """One action and its plan alone: what its page shows outside the cached details."""
    return Action.objects.select_related("plan").get(pk=pk)


def action_updates(*, action: Action):
    """An action's progress updates, newest first, with their authors."""
    return _updates(action.updates.all())


def _day(value: datetime.date) -> str:
    from django.utils.formats import date_format

    return date_format(value, "j F Y")


def dependency_date_warnings(
    *, plan: ActionPlan | None = None, action: Action | None = None
) -> list[str]:
    """Warnings, in code order, for actions due before an action they depend on (one
    query): of a whole plan, or those about one action either way round. Not refused:
    the dates may be right and the dependency partial, but someone should look."""
    through = Action.depends_on.through.objects.select_related("from_action", "to_action")
    if action is not None:
        through = through.filter(Q(from_action=action) | Q(to_action=action))
    else:
        through = through.filter(from_action__plan=plan)
    pairs = [
        (link.from_action, link.to_action)
        for link in through
        if link.from_action.due_on < link.to_action.due_on
    ]
    pairs.sort(key=lambda pair: (pair[0].priority_id, pair[0].code_sort, pair[1].code))
    return [
        f"{waiting.code} is due on {_day(waiting.due_on)}, before {first.code} (which it "
        f"depends on) is due on {_day(first.due_on)}. Check the dates or the dependency."
        for waiting, first in pairs
    ]


def other_actions_in_plan(*, action: Action):
    return (
        Action.objects.filter(plan_id=action.plan_id)
        .exclude(pk=action.pk)
        .select_related("priority")
        .in_code_order()
    )


# --- Council progress report ---------------------------------------------------------------


@dataclass(frozen=True)
class CouncilReportRow:
    action: Action
    rag: Rag
    is_stale: bool
    status_label: str
    latest_update_on: datetime.date | None
    narrative: str


@dataclass(frozen=True)
class CouncilReportSection:
    priority: Priority
    rows: list[CouncilReportRow]


def council_report(
    *, plan: ActionPlan, on: datetime.date, as_of: datetime.date | None = None
) -> list[CouncilReportSection]:
    """Every action's status and latest narrative on ``on``, grouped by priority (one query).

    Updates dated after ``on`` are left out, so a report for a past meeting reads as it
    would have on that day; with ``as_of``, so are actions added to the plan after it.
    """
    from .models import ProgressStatus

    sections: dict[int, CouncilReportSection] = {}
    for action in action_list(plan=plan, on=on, as_of=as_of):
        section = sections.setdefault(
            action.priority_id, CouncilReportSection(priority=action.priority, rows=[])
        )
        section.rows.append(
            CouncilReportRow(
                action=action,
                rag=Rag(action.rag),
                is_stale=action.is_stale,
                status_label=ProgressStatus(action.progress_status).label,
                latest_update_on=action.latest_update_on,
                narrative=action.latest_narrative or "No progress update yet.",
            )
        )
    return list(sections.values())


COUNCIL_REPORT_HEADER = [
    "Priority",
    "Code",
    "Action",
    "Timeframe",
    "Owner",
    "Start date",
    "Due date",
    "RAG",
    "Stale",
    "Latest status",
    "Latest update",
    "Progress",
]


def council_report_csv_rows(*, plan: ActionPlan, on: datetime.date):
    """The Council report as CSV rows, header first (ISO dates, for spreadsheets)."""
    yield COUNCIL_REPORT_HEADER
    for section in council_report(plan=plan, on=on):
        for row in section.rows:
            action = row.action
            yield [
                str(section.priority),
                action.code,
                action.text,
                action.band_label,
                action.owner,
                action.starts_on.isoformat(),
                action.due_on.isoformat(),
                row.rag.label,
                f"No update for {STALE_AFTER_DAYS} days or more" if row.is_stale else "",
                row.status_label,
                row.latest_update_on.isoformat() if row.latest_update_on else "",
                row.narrative,
            ]


# --- Refresh -------------------------------------------------------------------------------


def refresh_preview(*, plan: ActionPlan, as_of: datetime.date | None = None) -> dict | None:
    """Which actions a refresh would carry over and which it would close (one query; two
    with ``as_of``, when it goes by each action's status recorded by the end of that day).
    ``None`` when the plan's actions on ``as_of`` are not recorded."""
    actions = list(plan_actions(plan=plan, as_of=as_of).select_related("priority").in_code_order())
    if as_of is not None:
        if plan_recorded_on(plan=plan, on=as_of) is None:
            return None
        status_then = dict(
            history.as_of(Action, as_of)
            .filter(id__in=[a.pk for a in actions])
            .values_list("id", "status")
        )
        for action in actions:
            action.status = status_then.get(action.pk, action.status)
    return {
        "carried_over": [a for a in actions if a.status != Action.Status.COMPLETE],
        "closed": [a for a in actions if a.status == Action.Status.COMPLETE],
    }


def owner_choices(*, plan: ActionPlan) -> list[tuple[str, str]]:
    owners = (
        Action.objects.filter(plan=plan)
        .order_by("owner")
        .values_list("owner", flat=True)
        .distinct()
    )
    return [(owner, owner) for owner in owners]


# --- The public plan page ------------------------------------------------------------------


def public_plan() -> ActionPlan | None:
    """The plan the public page shows: the active (approved) plan; never a draft."""
    return (
        ActionPlan.objects.select_related("overseeing_forum")
        .filter(status=ActionPlan.Status.ACTIVE)
        .first()
    )


@dataclass(frozen=True)
class PublicOwner:
    label: str
    url: str = ""


@dataclass(frozen=True)
class PublicAction:
    """What the public page may show of an action: nothing internal is ever copied here."""

    code: str
    title: str
    text: str
    priority: Priority
    band_label: str
    starts_on: datetime.date
    due_on: datetime.date
    owners: list[PublicOwner]
    rag: Rag
    update_on: datetime.date | None
    update_narrative: str


def _public_owners(action: Action) -> list[PublicOwner]:
    """Owners as roles and forums: the executive role, the owning forum (linked when the forum
    is public) and the owning role (when the public register shows it); the plan's own
    wording when none is linked. Never a person's name."""
    owners = []
    if action.owner_executive:
        owners.append(PublicOwner(label=action.get_owner_executive_display()))
    forum = action.owner_forum
    if forum is not None:
        owners.append(
            PublicOwner(label=forum.name, url=forum.get_public_url() if forum.is_public else "")
        )
    if action.owner_role is not None and action.owner_role.is_active:
        owners.append(PublicOwner(label=action.owner_role.title))
    if not owners:
        owners.append(PublicOwner(label=action.owner))
    return owners


def public_plan_progress(
    *, plan: ActionPlan, on: datetime.date | None = None
) -> list[PublicAction]:
    """The plan's actions in code order for everyone: timeframe, owners, the derived RAG and
    the latest *published* update on ``on`` (today). Internal updates count towards the RAG
    (their status) but their words, evidence and authors never leave this function (one
    query)."""
    on = on or timezone.localdate()
    latest_public = ProgressUpdate.objects.filter(
        action=OuterRef("pk"), is_public=True, on__lte=on
    ).order_by("-on", "-pk")
    actions = (
        Action.objects.filter(plan=plan)
        .select_related("priority", "owner_forum", "owner_role")
        .with_progress(on)
        .annotate(
            public_update_on=Subquery(latest_public.values("on")[:1]),
            public_update_narrative=Subquery(latest_public.values("narrative")[:1]),
        )
        .in_code_order()
    )
    return [
        PublicAction(
            code=action.code,
            title=action.display_title,
            text=action.text,
            priority=action.priority,
            band_label=action.get_band_display(),
            starts_on=action.starts_on,
            due_on=action.due_on,
            owners=_public_owners(action),
            rag=Rag(action.rag),
            update_on=action.public_update_on,
            update_narrative=action.public_update_narrative or "",
        )
        for action in actions
    ]
