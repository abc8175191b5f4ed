"""Writes for the action plan. Every function is keyword-only and runs in one transaction.

History rows (django-simple-history) record who made each change: ``user`` becomes the
history user, so changes made outside a request are attributed too. Rule breaches raise
``ValidationError`` with a message a member of staff can act on.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from ccpl import graphs
from ccpl.csvfiles import csv_dict_rows
from ccpl.history import attribute, saved
from ccpl.models import Priority

from .models import (
    Action,
    ActionPlan,
    Band,
    Executive,
    ProgressStatus,
    ProgressUpdate,
    band_dates,
)

CODE_PATTERN = re.compile(r"^\d{1,2}\.\d{1,2}$")
IMPORT_COLUMNS = ("code", "priority", "text", "band", "owner", "depends_on")
IMPORT_OPTIONAL_COLUMNS = ("title",)
MAX_IMPORT_ROWS = 500


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _codes(actions: Iterable[Action]) -> str:
    codes = sorted(a.code for a in actions)
    if len(codes) < 2:
        return "".join(codes)
    return ", ".join(codes[:-1]) + " and " + codes[-1]


# --- Owners --------------------------------------------------------------------------------


def _normalise_name(text: str) -> str:
    return " ".join(text.lower().replace("&", "and").split())


def owner_links(owner: str, *, forums=None) -> dict:
    """Best-guess links for an owner as a plan states it: an executive and/or a forum.

    "CMO / CNO" and "CMO and CNO" link both executives; "Clinical & Care Professional
    Council" links the forum of that name. Staff can correct the links afterwards.
    """
    from forums.models import Forum

    words = set(re.findall(r"[a-z]+", owner.lower()))
    if {"cmo", "cno"} <= words:
        executive = Executive.CMO_AND_CNO
    elif "cmo" in words:
        executive = Executive.CMO
    elif "cno" in words:
        executive = Executive.CNO
    else:
        executive = ""
    if forums is None:
        forums = Forum.objects.all()
    by_name = {_normalise_name(f.name): f for f in forums}
    return {"owner_executive": executive, "owner_forum": by_name.get(_normalise_name(owner))}


# --- Plans ---------------------------------------------------------------------------------


def _rederive_dates(plan: ActionPlan, user) -> None:
    for action in plan.actions.filter(dates_overridden=False):
        action.starts_on, action.due_on = band_dates(action.band, plan.starts_on)
        saved(action, user)


@transaction.atomic
def plan_create(
    *,
    user,
    title: str,
    version: str,
    starts_on: datetime.date,
    overseeing_forum=None,
    previous_plan: ActionPlan | None = None,
) -> ActionPlan:
    """Create a draft plan (approve it with ``plan_approve``)."""
    plan = ActionPlan(
        title=title,
        version=version,
        starts_on=starts_on,
        overseeing_forum=overseeing_forum,
        previous_plan=previous_plan,
        status=ActionPlan.Status.DRAFT,
    )
    return saved(plan, user)


@transaction.atomic
def plan_update(*, user, plan: ActionPlan, **fields) -> ActionPlan:
    """Change a plan's details; a new start date moves every action not given its own dates."""
    allowed = {"title", "version", "starts_on", "overseeing_forum", "approved_on", "approved_by"}
    if unknown := set(fields) - allowed:
        raise TypeError(f"plan_update() got unexpected fields: {', '.join(sorted(unknown))}")
    start_moved = "starts_on" in fields and fields["starts_on"] != plan.starts_on
    for name, value in fields.items():
        setattr(plan, name, value)
    saved(plan, user)
    if start_moved:
        _rederive_dates(plan, user)
    return plan


@transaction.atomic
def plan_approve(
    *, user, plan: ActionPlan, approved_on: datetime.date, approved_by: str
) -> ActionPlan:
    """Make a draft plan the active one; the plan it replaces is archived.

    Actions of the archived plan that this plan carries over are marked as carried over.
    """
    if plan.status != ActionPlan.Status.DRAFT:
        raise ValidationError("Only a draft plan can be approved. This plan is already approved.")
    if not plan.actions.exists():
        raise ValidationError("Add at least one action before approving the plan.")
    if approved_on > timezone.localdate():
        raise ValidationError({"approved_on": "The date approved must be today or in the past."})
    for active in ActionPlan.objects.select_for_update().filter(status=ActionPlan.Status.ACTIVE):
        active.status = ActionPlan.Status.ARCHIVED
        saved(active, user)
    for origin in Action.objects.filter(carried_over_to__plan=plan).exclude(
        status=Action.Status.COMPLETE
    ):
        origin.status = Action.Status.CARRIED_OVER
        saved(origin, user)
    plan.status = ActionPlan.Status.ACTIVE
    plan.approved_on = approved_on
    plan.approved_by = approved_by
    return saved(plan, user)


# --- Dependencies --------------------------------------------------------------------------


def dependency_cycle(*, action_id, depends_on_ids: Iterable, edges: Iterable[tuple]) -> list | None:
    """The loop that ``action`` depending on ``depends_on_ids`` would close, or None.

    ``edges`` are (action, depends on) pairs already in the plan. A loop appears exactly
    when ``action`` can be reached by following dependencies from one of its new ones.
    Returns ``[action, dependency, …, action]``.
    """
    return graphs.cycle_closed_by(action_id, depends_on_ids, edges)


def _check_dependencies(action: Action, depends_on: list[Action]) -> None:
    errors = []
    if any(d.pk == action.pk for d in depends_on):
        errors.append(f"{action.code} cannot depend on itself.")
    elsewhere = [d for d in depends_on if d.plan_id != action.plan_id]
    if elsewhere:
        errors.append(
            f"{action.code} can only depend on actions in the same plan "
            f"({_codes(elsewhere)} {'is' if len(elsewhere) == 1 else 'are'} in another plan)."
        )
    if errors:
        raise ValidationError({"depends_on": errors})
    edges = Action.depends_on.through.objects.filter(from_action__plan_id=action.plan_id)
    path = dependency_cycle(
        action_id=action.pk,
        depends_on_ids=[d.pk for d in depends_on],
        edges=edges.values_list("from_action_id", "to_action_id"),
    )
    if path is not None:
        codes = dict(Action.objects.filter(pk__in=path).values_list("pk", "code"))
        route = " → ".join(codes[pk] for pk in path)
        raise ValidationError(
            {
                "depends_on": f"This would make a loop of actions waiting for each other: {route}. "
                "Remove one of these dependencies."
            },
            code="dependency_cycle",
        )
    if action.status == Action.Status.COMPLETE:
        incomplete = [d for d in depends_on if d.status != Action.Status.COMPLETE]
        if incomplete:
            raise ValidationError(
                {
                    "depends_on": f"{action.code} is complete, so it cannot depend on "
                    f"{_codes(incomplete)}, which {'is' if len(incomplete) == 1 else 'are'} "
                    "not complete."
                }
            )


@transaction.atomic
def action_dependencies_set(*, user, action: Action, depends_on: Iterable[Action]) -> Action:
    """Replace what ``action`` depends on: same plan only, never itself, never a loop."""
    depends_on = list(depends_on)
    # Lock the plan so that two changes at once cannot close a loop between them.
    ActionPlan.objects.select_for_update().filter(pk=action.plan_id).first()
    if action.pk is not None:
        action.status = Action.objects.values_list("status", flat=True).get(pk=action.pk)
    _check_dependencies(action, depends_on)
    attribute(action, user)
    action.depends_on.set(depends_on)
    return action


# --- Actions -------------------------------------------------------------------------------


def _set_dates(
    action: Action,
    *,
    starts_on: datetime.date | None,
    due_on: datetime.date | None,
    reason: str,
) -> None:
    """Dates from the band unless given; dates that differ from the band's need a reason."""
    derived_start, derived_due = band_dates(action.band, action.plan.starts_on)
    start, due = starts_on or derived_start, due_on or derived_due
    overridden = (start, due) != (derived_start, derived_due)
    reason = (reason or "").strip()
    if overridden and not reason:
        raise ValidationError(
            {
                "date_override_reason": "Give a reason for changing the dates from the "
                f"timeframe's {_day(derived_start)} to {_day(derived_due)}"
            }
        )
    if due < start:
        raise ValidationError({"due_on": "The due date must be on or after the start date"})
    action.starts_on, action.due_on = start, due
    action.dates_overridden = overridden
    action.date_override_reason = reason if overridden else ""


def _check_code(action: Action) -> None:
    code = (action.code or "").strip()
    if not CODE_PATTERN.match(code):
        raise ValidationError(
            {"code": "Enter a code like 2.3: a priority number, a dot, then a number"}
        )
    if action.priority_id and int(code.split(".")[0]) != action.priority.number:
        raise ValidationError(
            {
                "code": f"Code {code} starts with {code.split('.')[0]}, so it belongs to priority "
                f"{code.split('.')[0]}. Change the code or the priority"
            }
        )
    taken = Action.objects.filter(plan_id=action.plan_id, code=code).exclude(pk=action.pk)
    if taken.exists():
        raise ValidationError({"code": f"Another action in this plan already has the code {code}"})
    action.code = code


def _check_plan_open(plan: ActionPlan) -> None:
    if plan.status == ActionPlan.Status.ARCHIVED:
        raise ValidationError(f"{plan} is archived. Change the action in the current plan instead.")


@transaction.atomic
def action_create(
    *,
    user,
    plan: ActionPlan,
    code: str,
    priority: Priority,
    text: str,
    band: str,
    owner: str,
    title: str = "",
    owner_executive: str = "",
    owner_forum=None,
    owner_role=None,
    overseeing_forum=None,
    decision=None,
    depends_on: Iterable[Action] = (),
    starts_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    date_override_reason: str = "",
    carried_over_from: Action | None = None,
) -> Action:
    """Add an action to a plan, with dates from its band unless given (with a reason)."""
    _check_plan_open(plan)
    action = Action(
        plan=plan,
        code=code,
        priority=priority,
        title=title,
        text=text,
        band=band,
        owner=owner,
        owner_executive=owner_executive,
        owner_forum=owner_forum,
        owner_role=owner_role,
        overseeing_forum=overseeing_forum if overseeing_forum else plan.overseeing_forum,
        decision=decision,
        carried_over_from=carried_over_from,
    )
    _check_code(action)
    if band not in Band.values:
        raise ValidationError({"band": "Select a timeframe"})
    _set_dates(action, starts_on=starts_on, due_on=due_on, reason=date_override_reason)
    saved(action, user)
    depends_on = list(depends_on)
    if depends_on:
        action_dependencies_set(user=user, action=action, depends_on=depends_on)
    return action


ACTION_FIELDS = {
    "code",
    "priority",
    "title",
    "text",
    "band",
    "owner",
    "owner_executive",
    "owner_forum",
    "owner_role",
    "overseeing_forum",
    "decision",
}
_DATE_FIELDS = {"starts_on", "due_on", "date_override_reason"}


@transaction.atomic
def action_update(*, user, action: Action, depends_on: Iterable[Action] | None = None, **fields):
    """Change an action. Dates follow a new band unless they were set by hand.

    Pass ``starts_on``/``due_on`` (``None`` for the band's date) with
    ``date_override_reason`` to set dates by hand; ``depends_on`` replaces the
    dependencies.
    """
    if unknown := set(fields) - ACTION_FIELDS - _DATE_FIELDS:
        raise TypeError(f"action_update() got unexpected fields: {', '.join(sorted(unknown))}")
    _check_plan_open(action.plan)
    for name in ACTION_FIELDS & set(fields):
        setattr(action, name, fields[name])
    _check_code(action)
    if _DATE_FIELDS & set(fields):
        _set_dates(
            action,
            starts_on=fields.get("starts_on"),
            due_on=fields.get("due_on"),
            reason=fields.get("date_override_reason", ""),
        )
    elif not action.dates_overridden:
        _set_dates(action, starts_on=None, due_on=None, reason="")
    saved(action, user)
    if depends_on is not None:
        action_dependencies_set(user=user, action=action, depends_on=depends_on)
    return action


# --- Progress ------------------------------------------------------------------------------


@transaction.atomic
def progress_update_add(
    *,
    user,
    action: Action,
    on: datetime.date,
    status: str,
    narrative: str,
    evidence_url: str = "",
    evidence_file=None,
) -> ProgressUpdate:
    """Record progress. The latest update sets the action's status, so an action cannot
    become complete before everything it depends on, nor reopen while an action that
    depends on it is complete."""
    given = action
    action = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    _check_plan_open(action.plan)
    if status not in ProgressStatus.values:
        raise ValidationError({"status": "Select the status of the action"})
    if on > timezone.localdate():
        raise ValidationError({"on": "The date of the update must be today or in the past"})
    if not (narrative or "").strip():
        raise ValidationError({"narrative": "Enter the progress made"})
    latest = action.updates.order_by("-on", "-pk").first()
    becomes_latest = latest is None or on >= latest.on
    if becomes_latest:
        completing = status == ProgressStatus.COMPLETE
        if completing:
            waiting_for = [d for d in action.depends_on.all() if d.status != Action.Status.COMPLETE]
            if waiting_for:
                raise ValidationError(
                    {
                        "status": f"{action.code} cannot be marked complete until "
                        f"{_codes(waiting_for)} {'is' if len(waiting_for) == 1 else 'are'} "
                        "complete, because it depends on "
                        f"{'it' if len(waiting_for) == 1 else 'them'}"
                    },
                    code="dependency_incomplete",
                )
        elif action.status == Action.Status.COMPLETE:
            done = [d for d in action.dependents.all() if d.status == Action.Status.COMPLETE]
            if done:
                raise ValidationError(
                    {
                        "status": f"{action.code} cannot be reopened while {_codes(done)}, which "
                        f"{'depends' if len(done) == 1 else 'depend'} on it, "
                        f"{'is' if len(done) == 1 else 'are'} complete"
                    },
                    code="dependent_complete",
                )
    update = ProgressUpdate(
        action=action,
        on=on,
        status=status,
        narrative=narrative.strip(),
        evidence_url=evidence_url or "",
        evidence_file=evidence_file or "",
        author=user if user is not None and user.is_authenticated else None,
    )
    saved(update, user)
    if becomes_latest and action.status != Action.Status.CARRIED_OVER:
        new_status = (
            Action.Status.COMPLETE if status == ProgressStatus.COMPLETE else Action.Status.OPEN
        )
        if new_status != action.status:
            action.status = new_status
            saved(action, user)
    given.status = action.status
    return update


# --- Import --------------------------------------------------------------------------------


def _parse_band(text: str) -> str | None:
    words = text.strip().lower().replace("-", " ").split()
    if words and words[0] in {"short", "medium", "long"}:
        return words[0]
    return None


def _parse_priority(text: str, priorities: dict[int, Priority]) -> Priority | None:
    match = re.match(r"^\s*(\d+)", text or "")
    return priorities.get(int(match.group(1))) if match else None


def _parse_depends_on(text: str) -> list[str]:
    text = re.sub(r"(?i)\b(following|after|and)\b", " ", text or "")
    return [code for code in re.split(r"[\s,;/]+", text) if code]


@dataclass
class _ImportRow:
    line: int
    code: str
    priority: Priority
    text: str
    band: str
    owner: str
    title: str = ""
    depends_on: list[str] = field(default_factory=list)


def _import_row(line: int, row: dict, priorities: dict[int, Priority]) -> _ImportRow:
    problems = []
    code = (row.get("code") or "").strip()
    text = (row.get("text") or "").strip()
    owner = (row.get("owner") or "").strip()
    title = (row.get("title") or "").strip()
    band = _parse_band(row.get("band") or "")
    priority = _parse_priority(row.get("priority") or "", priorities)
    if not code:
        problems.append("the code is missing")
    elif not CODE_PATTERN.match(code):
        problems.append(f"the code '{code}' should look like 2.3")
    if priority is None:
        numbers = ", ".join(str(n) for n in sorted(priorities)) or "none set up"
        problems.append(
            f"the priority '{(row.get('priority') or '').strip()}' should be one of {numbers}"
        )
    elif CODE_PATTERN.match(code) and int(code.split(".")[0]) != priority.number:
        problems.append(f"the code {code} does not belong to priority {priority.number}")
    if not text:
        problems.append("the text of the action is missing")
    if band is None:
        problems.append(
            f"the band '{(row.get('band') or '').strip()}' should be short, medium or long term"
        )
    if not owner:
        problems.append("the owner is missing")
    elif len(owner) > 200:
        problems.append("the owner must be 200 characters or fewer")
    if len(title) > 200:
        problems.append("the title must be 200 characters or fewer")
    if problems:
        message = "; ".join(problems)
        raise ValidationError(f"Line {line}: {message[0].upper()}{message[1:]}.")
    return _ImportRow(
        line=line,
        code=code,
        priority=priority,
        text=text,
        band=band,
        owner=owner,
        title=title,
        depends_on=_parse_depends_on(row.get("depends_on") or ""),
    )


def _import_dependency_errors(rows: list[_ImportRow]) -> list[str]:
    by_code = {row.code: row for row in rows}
    errors = []
    for row in rows:
        for code in row.depends_on:
            if code == row.code:
                errors.append(f"Line {row.line}: {row.code} cannot depend on itself.")
            elif code not in by_code:
                errors.append(
                    f"Line {row.line}: {row.code} depends on {code}, which is not in the file."
                )
    if errors:
        return errors
    edges = [(row.code, code) for row in rows for code in row.depends_on]
    reported: set[frozenset] = set()
    for row in rows:
        path = dependency_cycle(action_id=row.code, depends_on_ids=row.depends_on, edges=edges)
        if path and frozenset(path) not in reported:
            reported.add(frozenset(path))
            errors.append(
                f"Line {row.line}: These actions wait for each other in a loop: "
                f"{' → '.join(path)}. Remove one of the dependencies."
            )
    return errors


def import_rows_from_csv(text: str) -> list[dict]:
    """Rows of a CSV file as dicts with normalised headers ("Depends on" → depends_on)."""
    header, rows = csv_dict_rows(
        text,
        normalise=lambda name: re.sub(r"[\s\-]+", "_", (name or "").strip().lower()),
        max_rows=MAX_IMPORT_ROWS,
    )
    missing = [column for column in IMPORT_COLUMNS if column not in header]
    if missing:
        raise ValidationError(
            f"The file needs a header row with the columns {', '.join(IMPORT_COLUMNS)}. "
            f"Missing: {', '.join(missing)}."
        )
    if len(rows) > MAX_IMPORT_ROWS:
        raise ValidationError(f"The file has more than {MAX_IMPORT_ROWS} actions.")
    return rows


@transaction.atomic
def plan_import(
    *,
    user,
    title: str,
    version: str,
    starts_on: datetime.date,
    rows: list[dict],
    overseeing_forum=None,
) -> ActionPlan:
    """Create a draft plan from rows with ``IMPORT_COLUMNS``; all or nothing.

    Raises ValidationError listing every problem by line (the header is line 1) and
    saves nothing when there is any.
    """
    if not rows:
        raise ValidationError("The file has a header row but no actions.")
    if ActionPlan.objects.filter(title=title, version=version).exists():
        raise ValidationError(
            {"version": f"A plan called {title} ({version}) already exists. Change the version"}
        )
    priorities = {p.number: p for p in Priority.objects.all()}
    parsed, errors, first_line = [], [], {}
    for line, row in enumerate(rows, start=2):
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue  # a blank line at the end of a spreadsheet export
        code = (row.get("code") or "").strip()
        if code and code in first_line:
            errors.append(
                f"Line {line}: The code {code} is already used on line {first_line[code]}."
            )
            continue
        first_line.setdefault(code, line)
        try:
            parsed.append(_import_row(line, row, priorities))
        except ValidationError as error:
            errors.append(error.messages[0])
    if not errors:
        errors = _import_dependency_errors(parsed)
    if errors:
        raise ValidationError(errors)
    if not parsed:
        raise ValidationError("The file has a header row but no actions.")

    from forums.models import Forum

    forums = list(Forum.objects.all())
    plan = plan_create(
        user=user,
        title=title,
        version=version,
        starts_on=starts_on,
        overseeing_forum=overseeing_forum,
    )
    created = {}
    for item in parsed:
        created[item.code] = action_create(
            user=user,
            plan=plan,
            code=item.code,
            priority=item.priority,
            title=item.title,
            text=item.text,
            band=item.band,
            owner=item.owner,
            **owner_links(item.owner, forums=forums),
        )
    for item in parsed:
        if item.depends_on:
            action_dependencies_set(
                user=user,
                action=created[item.code],
                depends_on=[created[code] for code in item.depends_on],
            )
    return plan


def plan_import_csv(
    *,
    user,
    title: str,
    version: str,
    starts_on: datetime.date,
    text: str,
    overseeing_forum=None,
) -> ActionPlan:
    """Create a draft plan from CSV text (see ``IMPORT_COLUMNS``); all or nothing."""
    return plan_import(
        user=user,
        title=title,
        version=version,
        starts_on=starts_on,
        rows=import_rows_from_csv(text),
        overseeing_forum=overseeing_forum,
    )


# --- Annual refresh ------------------------------------------------------------------------


@transaction.atomic
def plan_refresh(
    *, user, plan: ActionPlan, title: str, version: str, starts_on: datetime.date
) -> ActionPlan:
    """Start next year's draft plan: every incomplete action carried over, linked to its origin.

    Carried-over actions keep their code, text, band and owner, with dates from the new
    start; dependencies between carried-over actions are kept (completed ones are met).
    Completed actions stay behind, closed with the old plan when the new one is approved.
    """
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == ActionPlan.Status.DRAFT:
        raise ValidationError("Approve this plan before refreshing it.")
    if following := plan.next_plans.first():
        raise ValidationError(
            f"This plan has already been refreshed: {following} was made from it."
        )
    if starts_on <= plan.starts_on:
        raise ValidationError(
            {"starts_on": f"The new plan must start after {_day(plan.starts_on)}"}
        )
    if ActionPlan.objects.filter(title=title, version=version).exists():
        raise ValidationError({"version": f"A plan called {title} ({version}) already exists"})
    new_plan = plan_create(
        user=user,
        title=title,
        version=version,
        starts_on=starts_on,
        overseeing_forum=plan.overseeing_forum,
        previous_plan=plan,
    )
    incomplete = list(
        plan.actions.exclude(status=Action.Status.COMPLETE)
        .select_related("priority")
        .prefetch_related("depends_on")
        .in_code_order()
    )
    copies = {}
    for origin in incomplete:
        copies[origin.pk] = action_create(
            user=user,
            plan=new_plan,
            code=origin.code,
            priority=origin.priority,
            title=origin.title,
            text=origin.text,
            band=origin.band,
            owner=origin.owner,
            owner_executive=origin.owner_executive,
            owner_forum=origin.owner_forum,
            owner_role=origin.owner_role,
            overseeing_forum=origin.overseeing_forum,
            decision=origin.decision,
            carried_over_from=origin,
        )
    for origin in incomplete:
        kept = [copies[d.pk] for d in origin.depends_on.all() if d.pk in copies]
        if kept:
            action_dependencies_set(user=user, action=copies[origin.pk], depends_on=kept)
    return new_plan
