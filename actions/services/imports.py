"""Import: a plan from a CSV file, checked row by row before anything is saved."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from ccpl.csvfiles import csv_rows
from ccpl.models import Priority

from ..models import (
    ActionPlan,
)
from ._common import CODE_PATTERN
from .action import action_create
from .dependencies import action_dependencies_set, dependency_cycle
from .owners import owner_links
from .plans import plan_create

# The fields an import fills; a file must give the required ones (under any alias).
IMPORT_COLUMNS = ("code", "priority", "text", "band", "owner")
IMPORT_OPTIONAL_COLUMNS = ("depends_on", "title")
IMPORT_FIELD_LABELS = {
    "code": "Code",
    "priority": "Priority",
    "text": "Action",
    "band": "Timeframe",
    "owner": "Owner",
    "depends_on": "Depends on",
    "title": "Short title",
}
# Headers people really write, by field. Compared after ``header_key`` (case, spaces,
# underscores, hyphens and punctuation ignored), so "Depends on", "depends_on" and
# "DEPENDS-ON" are one header.
HEADER_ALIASES = {
    "code": (
        "code",
        "ref",
        "reference",
        "action code",
        "action ref",
        "action reference",
        "action no",
        "action number",
        "action id",
    ),
    "priority": (
        "priority",
        "priority number",
        "priority no",
        "priority area",
        "strategic priority",
    ),
    "text": (
        "text",
        "action",
        "action text",
        "actions",
        "description",
        "action description",
        "what",
        "what we will do",
        "details",
    ),
    "band": (
        "band",
        "timeframe",
        "time frame",
        "timescale",
        "timescales",
        "timeframe band",
        "term",
        "timing",
        "when",
    ),
    "owner": (
        "owner",
        "owners",
        "lead",
        "leads",
        "action owner",
        "responsible",
        "who",
        "lead owner",
        "accountable",
    ),
    "depends_on": (
        "depends on",
        "dependencies",
        "dependency",
        "depends",
        "following",
        "prerequisites",
        "after",
    ),
    "title": ("title", "short title", "name", "short name", "action title"),
}
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


def header_key(name: str) -> str:
    """A header as compared with the aliases: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]+", "", (name or "").lower())


_ALIAS_FIELD = {
    header_key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases
}


def import_header(text: str) -> list[str]:
    """The file's header row as written (raises ValidationError for an unreadable file)."""
    records = csv_rows(text, max_rows=MAX_IMPORT_ROWS)
    if not records or not any(cell.strip() for cell in records[0]):
        raise ValidationError("The file is empty: it needs a header row, then one action a line.")
    if len(records) < 2:
        raise ValidationError("The file has a header row but no actions.")
    return [cell.strip() for cell in records[0]]


def import_columns_suggest(headers: list[str]) -> dict[str, int]:
    """Which column holds each field, going by the headers' names (field → column index).
    The first column to match a field wins; fields no header names are left out."""
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = _ALIAS_FIELD.get(header_key(header))
        if name and name not in columns:
            columns[name] = index
    return columns


def import_columns_missing(columns: dict[str, int]) -> list[str]:
    return [name for name in IMPORT_COLUMNS if name not in columns]


def import_rows(text: str, *, columns: dict[str, int]) -> list[dict]:
    """Rows of a CSV file as dicts keyed by field, reading each field from its column."""
    missing = import_columns_missing(columns)
    if missing:
        labels = ", ".join(IMPORT_FIELD_LABELS[name].lower() for name in missing)
        raise ValidationError(f"Choose the column that holds each of: {labels}.")
    records = csv_rows(text, max_rows=MAX_IMPORT_ROWS)
    rows = []
    for record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue  # a blank line, as csv.DictReader skips
        rows.append(
            {name: record[index] if index < len(record) else "" for name, index in columns.items()}
        )
    if len(rows) > MAX_IMPORT_ROWS:
        raise ValidationError(f"The file has more than {MAX_IMPORT_ROWS} actions.")
    return rows


def import_rows_from_csv(text: str) -> list[dict]:
    """Rows of a CSV file as dicts keyed by field, columns found by their headers
    ("Action", "Timeframe", "Depends_on"…: ``HEADER_ALIASES``)."""
    headers = import_header(text)
    columns = import_columns_suggest(headers)
    missing = import_columns_missing(columns)
    if missing:
        labels = ", ".join(IMPORT_FIELD_LABELS[name].lower() for name in missing)
        raise ValidationError(
            f"No column of the file could be matched to: {labels}. "
            f"The file's columns are: {', '.join(headers)}."
        )
    return import_rows(text, columns=columns)


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
    columns: dict[str, int] | None = None,
) -> ActionPlan:
    """Create a draft plan from CSV text; all or nothing. ``columns`` says which column
    holds each field (from the mapping step); without it the headers' names decide."""
    rows = import_rows_from_csv(text) if columns is None else import_rows(text, columns=columns)
    return plan_import(
        user=user,
        title=title,
        version=version,
        starts_on=starts_on,
        rows=rows,
        overseeing_forum=overseeing_forum,
    )
