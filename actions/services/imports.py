"""Import: a plan from a CSV file, checked row by row before anything is saved."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from ccpl.csvfiles import csv_dict_rows
from ccpl.models import Priority

from ..models import (
    ActionPlan,
)
from ._common import CODE_PATTERN
from .action import action_create
from .dependencies import action_dependencies_set, dependency_cycle
from .owners import owner_links
from .plans import plan_create

IMPORT_COLUMNS = ("code", "priority", "text", "band", "owner", "depends_on")
IMPORT_OPTIONAL_COLUMNS = ("title",)
MAX_IMPORT_ROWS = 500


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
