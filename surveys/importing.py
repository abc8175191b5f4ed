"""Reading past results from a survey tool's CSV export (SurveyMonkey, SmartSurvey, MS Forms).

The shape: one header row (SurveyMonkey adds a second, with option names), then one row per
respondent, one column per question. Columns that identify people or say when they answered
(respondent id, name, email, IP address, start and end times) are dropped as the file is read,
before anything is kept, and can never be mapped.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from ccpl.csvfiles import csv_rows

from .models import QuestionKind, Survey

MAX_ROWS = 20_000

# Headers are compared lower-case with everything but letters and digits as spaces. Time
# columns are matched whole ("start date"), never by a word: "protected time" is a question.
_IDENTITY_HEADERS = {
    "id",
    "uid",
    "name",
    "full name",
    "first name",
    "last name",
    "surname",
    "given name",
    "family name",
    "username",
    "user",
    "user id",
    "respondent",
    "respondent id",
    "response id",
    "collector id",
    "unique id",
    "custom data",
    "tracking link",
    "external reference",
    "external data reference",
    "email",
    "e mail",
    "email address",
    "email list",
    "ip",
    "ip address",
    "location latitude",
    "location longitude",
    "latitude",
    "longitude",
    "start date",
    "end date",
    "start time",
    "end time",
    "started",
    "ended",
    "submitted",
    "submitted at",
    "submitted on",
    "submit date",
    "completion time",
    "completed",
    "completed at",
    "date created",
    "date modified",
    "created",
    "modified",
    "last modified time",
    "timestamp",
    "recorded date",
    "response date",
    "time taken",
    "duration",
    "duration in seconds",
    "date",
}
_IDENTITY_WORDS = {"email", "ip", "respondent", "username", "timestamp"}


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def is_identity_column(header: str) -> bool:
    """Whether a column identifies a respondent or records when they answered."""
    words = _normal(header)
    variants = {words, _normal(re.sub(r"\(.*?\)", "", header)), _normal(re.sub(r"\d+", "", header))}
    if variants & _IDENTITY_HEADERS:
        return True
    split = words.split()
    return len(split) <= 4 and bool(_IDENTITY_WORDS & set(split))


@dataclass
class Upload:
    """What is kept of an uploaded file: the columns that may be mapped, and the data rows
    with their line numbers in the file."""

    headers: list[str]
    rows: list[list[str]]
    lines: list[int]
    dropped: list[str] = field(default_factory=list)

    def as_session(self) -> dict:
        return {
            "headers": self.headers,
            "rows": self.rows,
            "lines": self.lines,
            "dropped": self.dropped,
        }

    @classmethod
    def from_session(cls, data: dict) -> "Upload":
        return cls(data["headers"], data["rows"], data["lines"], data.get("dropped", []))


def upload_read(text: str, *, skip_second_header: bool = False) -> Upload:
    """Read the CSV text, dropping identity and time columns straight away."""
    records = csv_rows(text)  # NUL bytes, over-long fields, bad quoting: refused by line
    numbered = [(n, r) for n, r in enumerate(records, start=1) if any(c.strip() for c in r)]
    if not numbered:
        raise ValidationError("The file is empty")
    (_, header), *body = numbered
    if skip_second_header:
        if not body:
            raise ValidationError("The file has no second header row")
        (_, second), *body = body
        header = _combine_headers(header, second)
    if not body:
        raise ValidationError("The file has a header row but no responses")
    if len(body) > MAX_ROWS:
        raise ValidationError(f"The file has more than {MAX_ROWS:,} responses")
    keep = [i for i, h in enumerate(header) if h.strip() and not is_identity_column(h)]
    dropped = [h.strip() for h in header if h.strip() and is_identity_column(h)]
    if not keep:
        raise ValidationError("The file has no question columns")
    rows, lines = [], []
    for number, record in body:
        record = record + [""] * (len(header) - len(record))
        rows.append([record[i].strip() for i in keep])
        lines.append(number)
    return Upload([header[i].strip() for i in keep], rows, lines, dropped)


def _combine_headers(first: list[str], second: list[str]) -> list[str]:
    """SurveyMonkey's two header rows as one: a question's extra columns have an empty first
    header and the option in the second ("Which tools?", "" over "Teams", "Email")."""
    combined, question = [], ""
    for index, heading in enumerate(first):
        heading = heading.strip()
        sub = second[index].strip() if index < len(second) else ""
        if heading:
            question = heading
        elif not question or not sub:
            combined.append("")
            continue
        generic = _normal(sub) in ("response", "open ended response", "")
        combined.append(
            question if generic or is_identity_column(question) else f"{question} ({sub})"
        )
    return combined


def mapping_suggest(survey: Survey, headers: list[str]) -> dict[int, int | None]:
    """For each column, the question whose key or text the header matches, if any."""
    questions = list(survey.questions.all())
    by_key = {_normal(q.key): q.pk for q in questions}
    by_text = {_normal(q.text): q.pk for q in questions}
    suggestion: dict[int, int | None] = {}
    for index, header in enumerate(headers):
        words = _normal(re.sub(r"\s*\([^)]*\)$", "", header))
        # "Q3 Communication could be better" → also try without the question number.
        bare = re.sub(r"^q\s?\d+[a-z]?\s", "", words)
        suggestion[index] = (
            by_key.get(words) or by_key.get(bare) or by_text.get(words) or by_text.get(bare)
        )
    return suggestion


def _option_lookup(question) -> dict[str, int]:
    return {_normal(o.label): o.pk for o in question.options.all()}


def rows_validate(
    *, survey: Survey, upload: Upload, mapping: dict[int, int | None]
) -> tuple[list[dict[int, object]], list[str], int]:
    """Check every mapped cell against its question.

    Returns (rows of ``{question id: option ids or text}``, one message per problem naming the
    line and column, and the number of rows with no answers, which are skipped).
    """
    questions = {q.pk: q for q in survey.questions.prefetch_related("options")}
    errors: list[str] = []
    mapped = {i: questions[q] for i, q in mapping.items() if q in questions}
    if not mapped:
        return [], ["Choose a question for at least one column"], 0
    columns_per_question: dict[int, list[int]] = {}
    for index, question in mapped.items():
        columns_per_question.setdefault(question.pk, []).append(index)
    for question_id, columns in columns_per_question.items():
        question = questions[question_id]
        if len(columns) > 1 and question.kind != QuestionKind.MULTIPLE_CHOICE:
            names = ", ".join(f"“{upload.headers[i]}”" for i in columns)
            errors.append(
                f"Columns {names} are all matched to “{question.text}”. Only a "
                "choose-all-that-apply question can take answers from more than one column."
            )
    if errors:
        return [], errors, 0

    lookups = {q.pk: _option_lookup(q) for q in mapped.values() if q.has_options}
    rows: list[dict[int, object]] = []
    empty = 0
    for record, line in zip(upload.rows, upload.lines, strict=True):
        row: dict[int, object] = {}
        for index, question in mapped.items():
            value = record[index] if index < len(record) else ""
            if not value:
                continue
            if question.kind == QuestionKind.FREE_TEXT:
                row[question.pk] = value
                continue
            parts = [value]
            if (
                question.kind == QuestionKind.MULTIPLE_CHOICE
                and _normal(value) not in lookups[question.pk]
            ):
                parts = [p for p in re.split(r"[;|\n]", value) if p.strip()]
            for part in parts:
                option_id = lookups[question.pk].get(_normal(part))
                if option_id is None:
                    choices = ", ".join(o.label for o in question.options.all())
                    errors.append(
                        f"Line {line}, column “{upload.headers[index]}”: “{part.strip()}” is not "
                        f"an answer to this question. Answers can be: {choices}"
                    )
                    continue
                if question.kind == QuestionKind.MULTIPLE_CHOICE:
                    row.setdefault(question.pk, []).append(str(option_id))
                else:
                    row[question.pk] = str(option_id)
        if row:
            rows.append(row)
        else:
            empty += 1
    if not rows and not errors:
        errors.append("None of the rows has an answer in the columns you chose")
    return rows, errors, empty
