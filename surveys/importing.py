"""Reading past results from a survey tool's CSV export (SurveyMonkey, SmartSurvey, MS Forms).

The shape: one header row (SurveyMonkey adds a second, with option names), then one row per
respondent, one column per question. Columns that identify people or say when they answered
(respondent id, name, email, IP address, start and end times) are dropped as the file is read,
before anything is kept, and can never be mapped.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from ccpl.csvfiles import csv_rows

from .models import CHOICE_KINDS, SCALES, AboutYou, QuestionKind, Survey

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
    # For each column, SurveyMonkey's second-row option name when the column is one option
    # of a question spread over several columns ("Which tools?" over "Teams", "Email").
    subs: list[str] = field(default_factory=list)

    def __post_init__(self):
        if not self.subs:
            self.subs = [""] * len(self.headers)

    def as_session(self) -> dict:
        return {
            "headers": self.headers,
            "rows": self.rows,
            "lines": self.lines,
            "dropped": self.dropped,
            "subs": self.subs,
        }

    @classmethod
    def from_session(cls, data: dict) -> "Upload":
        return cls(
            data["headers"],
            data["rows"],
            data["lines"],
            data.get("dropped", []),
            data.get("subs", []),
        )

    def question_of(self, index: int) -> str:
        """The column's question: its header without the option name SurveyMonkey added."""
        header, sub = self.headers[index], self.subs[index]
        suffix = f" ({sub})"
        return header[: -len(suffix)] if sub and header.endswith(suffix) else header


def _is_second_header(record: list[str]) -> bool:
    """SurveyMonkey's second header row names the option under each column, or says
    "Response" / "Open-Ended Response": never a respondent's answers (those start with ids)."""
    cells = [_normal(c) for c in record]
    return bool({"response", "open ended response"} & set(cells))


def upload_read(text: str, *, skip_second_header: bool = False) -> Upload:
    """Read the CSV text, dropping identity and time columns straight away.

    SurveyMonkey's second header row is recognised by its "Response" cells even when
    ``skip_second_header`` is not ticked.
    """
    records = csv_rows(text)  # NUL bytes, over-long fields, bad quoting: refused by line
    numbered = [(n, r) for n, r in enumerate(records, start=1) if any(c.strip() for c in r)]
    if not numbered:
        raise ValidationError("The file is empty")
    (_, header), *body = numbered
    subs = [""] * len(header)
    if skip_second_header or (body and _is_second_header(body[0][1])):
        if not body:
            raise ValidationError("The file has no second header row")
        (_, second), *body = body
        header, subs = _combine_headers(header, second)
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
    return Upload([header[i].strip() for i in keep], rows, lines, dropped, [subs[i] for i in keep])


def _combine_headers(first: list[str], second: list[str]) -> tuple[list[str], list[str]]:
    """SurveyMonkey's two header rows as one: a question's extra columns have an empty first
    header and the option in the second ("Which tools?", "" over "Teams", "Email"). Returns
    the headers and, for each column, the option name it adds ("" for none)."""
    combined, subs, question = [], [], ""
    for index, heading in enumerate(first):
        heading = heading.strip()
        sub = second[index].strip() if index < len(second) else ""
        if heading:
            question = heading
        elif not question or not sub:
            combined.append("")
            subs.append("")
            continue
        plain = _normal(sub) in ("response", "open ended response", "") or is_identity_column(
            question
        )
        combined.append(question if plain else f"{question} ({sub})")
        subs.append("" if plain else sub)
    return combined, subs


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


# --- Questions from the file's headers -------------------------------------------------------

# "Q3 This principle…", "Q14a. If yes…", "Q10: In your view…": the file's own number.
_NUMBER = re.compile(r"^\s*Q\s?(\d{1,3}[a-z]?)(?:[\s.:)\]-]+|$)", re.IGNORECASE)
# Options that read best at the end of a choose-one list.
_LAST = ("other", "not applicable", "none of the above", "prefer not to say", "don t know")
FREE_TEXT_DISTINCT = 50
ABOUT_YOU_HINTS = (
    (AboutYou.PROFESSIONAL_GROUP, ("professional group", "staff group", "your profession")),
    (AboutYou.PLACE, ("place", "geographical", "area do you work")),
    (AboutYou.ORGANISATION_TYPE, ("type of organisation", "organisation type")),
)


def header_number(header: str) -> tuple[str, str]:
    """(the file's question number or "", the question text without it)."""
    match = _NUMBER.match(header)
    if not match:
        return "", header.strip()
    return match.group(1).lower(), header[match.end() :].strip() or header.strip()


def _parts(value: str, kind: str) -> list[str]:
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return [" ".join(p.split()) for p in re.split(r"[;|\n]", value) if p.strip()]
    return [" ".join(value.split())] if value.strip() else []


def column_values(upload: Upload, columns: list[int], kind: str):
    """Each row's answer labels for these columns, with its line: ``(line, [label, ...])``."""
    for record, line in zip(upload.rows, upload.lines, strict=True):
        labels = []
        for index in columns:
            value = record[index] if index < len(record) else ""
            labels += _parts(value, kind)
        yield line, labels


def label_counts(upload: Upload, columns: list[int], kind: str) -> list[tuple[str, int]]:
    """Each distinct answer label in the columns with how many rows give it, most first."""
    counts: Counter[str] = Counter()
    for _line, labels in column_values(upload, columns, kind):
        counts.update(set(labels))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))


def guess_kind(values: list[str]) -> str:
    """The type of answer a column's values suggest: a fixed scale when every value is one
    of its answers (ignoring case, spaces and punctuation), free text when the values are
    mostly different or long, otherwise choose one (or all that apply, for lists)."""
    filled = [v for v in values if v.strip()]
    if not filled:
        return QuestionKind.FREE_TEXT
    distinct = {_normal(v) for v in filled}
    for kind in (
        QuestionKind.YES_NO,
        QuestionKind.AGREE_4,
        QuestionKind.AGREE_5,
        QuestionKind.IMPORTANCE_4,
    ):
        if distinct <= {_normal(label) for label, _ in SCALES[kind]}:
            return kind
    if max(len(v) for v in filled) > 200 or (
        len(distinct) > FREE_TEXT_DISTINCT
        or (len(distinct) > 5 and len(distinct) * 2 > len(filled))
    ):
        return QuestionKind.FREE_TEXT
    listed = sum(1 for v in filled if ";" in v)
    return QuestionKind.MULTIPLE_CHOICE if listed * 10 > len(filled) else QuestionKind.SINGLE_CHOICE


def guess_about_you(text: str) -> str:
    words = _normal(text)
    for about_you, hints in ABOUT_YOU_HINTS:
        if any(re.search(rf"\b{hint}\b", words) for hint in hints):
            return about_you
    return AboutYou.NONE


def _column_groups(upload: Upload) -> list[tuple[list[int], bool]]:
    """Columns that hold one question: a question SurveyMonkey spread over one column per
    option (each cell empty or that option's name) is one group; every other column is
    its own (including an "Other (please specify)" column of typed text). Each group comes
    with whether its columns are option columns."""
    groups: list[tuple[list[int], bool]] = []
    open_group: tuple[str, list[int]] | None = None
    for index in range(len(upload.headers)):
        sub = upload.subs[index]
        values = {_normal(r[index]) for r in upload.rows if index < len(r) and r[index].strip()}
        if sub and values <= {_normal(sub)}:
            question = upload.question_of(index)
            if open_group and open_group[0] == question:
                open_group[1].append(index)
                continue
            open_group = (question, [index])
            groups.append((open_group[1], True))
            continue
        open_group = None
        groups.append(([index], False))
    return groups


def question_proposals(survey: Survey, upload: Upload) -> list[dict]:
    """For each question in the file (a column, or a group of option columns): the existing
    question it matches, or a new question with the file's number, its text and a type
    guessed from its answers."""
    suggestion = mapping_suggest(survey, upload.headers) if survey.pk else {}
    proposals = []
    for columns, options in _column_groups(upload):
        index = columns[0]
        number, text = header_number(
            upload.question_of(index) if options else upload.headers[index]
        )
        if options:
            kind = QuestionKind.MULTIPLE_CHOICE
        elif upload.subs[index]:  # "Other (please specify)" beside a question: typed text
            kind = QuestionKind.FREE_TEXT
        else:
            kind = guess_kind([record[index] for record in upload.rows if index < len(record)])
        proposals.append(
            {
                "column": index,
                "columns": columns,
                "question": suggestion.get(index),
                "number": number,
                "text": text,
                "kind": kind,
                "about_you": guess_about_you(text)
                if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.YES_NO)
                else AboutYou.NONE,
            }
        )
    return proposals


def plan_suggest(survey: Survey, upload: Upload, *, create: bool) -> list[dict]:
    """The import plan as proposed, without anyone choosing: each column to the question it
    matches, and (if ``create``) the other columns to new questions. The same shape as
    ``ImportQuestionsForm.plan()``."""
    questions = {q.pk: q for q in survey.questions.prefetch_related("options")}
    plan: list[dict] = []
    by_question: dict[int, dict] = {}
    for proposal in question_proposals(survey, upload):
        question = questions.get(proposal["question"])
        if question is None:
            if create:
                plan.append({**proposal, "option_labels": []})
            continue
        if question.pk in by_question:
            by_question[question.pk]["columns"] += proposal["columns"]
            continue
        by_question[question.pk] = item = {
            "columns": list(proposal["columns"]),
            "question": question.pk,
            "number": question.number,
            "text": question.text,
            "kind": question.kind,
            "about_you": question.about_you,
            "option_labels": [o.label for o in question.options.all()],
        }
        plan.append(item)
    return plan


def label_maps_suggest(plan: list[dict], upload: Upload) -> dict[int, dict[str, str]]:
    """Each label in the file to the option it obviously means ("" where none does)."""
    maps = {}
    for position, item in enumerate(plan):
        if item["kind"] not in CHOICE_KINDS:
            continue
        options = plan_options(item, upload)
        maps[position] = {
            label: label_suggest(label, options)
            for label, _n in label_counts(upload, item["columns"], item["kind"])
        }
    return maps


def plan_options(item: dict, upload: Upload) -> list[str]:
    """The answer options a planned question will have, in order: an existing question's
    options, a fixed scale's answers, or the file's distinct labels (one spelling each)."""
    kind = item["kind"]
    if item.get("question"):
        return list(item["option_labels"])
    if kind in SCALES:
        return [label for label, _ in SCALES[kind]]
    if kind not in CHOICE_KINDS:
        return []
    spellings: dict[str, str] = {}
    for label, _n in label_counts(upload, item["columns"], kind):  # most common spelling first
        spellings.setdefault(_normal(label), label)
    return sorted(
        spellings.values(), key=lambda label: (_normal(label).startswith(_LAST), label.lower())
    )


def label_suggest(label: str, options: list[str]) -> str:
    """The option a label obviously means (same text ignoring case, spaces, punctuation), or ""."""
    by_text = {_normal(option): option for option in options}
    return by_text.get(_normal(label), "")


# --- Checking the rows --------------------------------------------------------------------------


@dataclass
class ProblemSummary:
    """One kind of problem: what is wrong, on how many lines, and the first few of them."""

    message: str
    count: int
    lines: list[int]

    EXAMPLES = 5

    @property
    def examples(self) -> str:
        shown = ", ".join(str(n) for n in self.lines[: self.EXAMPLES])
        return f"line {shown}" if self.count == 1 else f"lines {shown}"


def problems_summarise(problems: list[tuple[str, int]]) -> list[ProblemSummary]:
    """Problems grouped by their message (first seen first), each with its line count and
    the first few lines, so 550 repeats of one mistake read as one line."""
    grouped: dict[str, list[int]] = {}
    for message, line in problems:
        grouped.setdefault(message, []).append(line)
    return [ProblemSummary(m, len(lines), lines) for m, lines in grouped.items()]


TEXT_MAX = 2000


def rows_build(
    *, upload: Upload, plan: list[dict], label_maps: dict[int, dict[str, str]]
) -> tuple[list[dict[int, object]], list[tuple[str, int]], int]:
    """Each row's answers by planned question: ``{plan index: [option label, ...] or text}``.

    ``label_maps[plan index]`` says which option each label in the file means ("" to leave it
    unanswered). Returns (rows, problems as ``(message, line)``, rows with no answers).
    """
    answers: list[dict[int, object]] = [{} for _ in upload.rows]
    problems: list[tuple[str, int]] = []
    for position, item in enumerate(plan):
        kind, name = item["kind"], item_name(item)
        if kind == QuestionKind.FREE_TEXT:
            for row, (line, labels) in zip(
                answers, column_values(upload, item["columns"], kind), strict=True
            ):
                text = "\n".join(labels)
                if len(text) > TEXT_MAX:
                    problems.append(
                        (f"{name}: the answer is longer than {TEXT_MAX:,} characters", line)
                    )
                elif text:
                    row[position] = text
            continue
        mapping = label_maps.get(position, {})
        for row, (line, labels) in zip(
            answers, column_values(upload, item["columns"], kind), strict=True
        ):
            chosen = []
            for label in labels:
                if label not in mapping:
                    problems.append((f"{name}: “{label}” is not matched to an answer", line))
                elif mapping[label] and mapping[label] not in chosen:
                    chosen.append(mapping[label])
            if len(chosen) > 1 and kind != QuestionKind.MULTIPLE_CHOICE:
                problems.append((f"{name}: more than one answer to a choose-one question", line))
            elif chosen:
                row[position] = chosen
    rows = [row for row in answers if row]
    return rows, problems, len(answers) - len(rows)


def item_name(item: dict) -> str:
    """How the pages name a planned question: "Q3", or the start of its text."""
    if item.get("number"):
        return f"Q{item['number']}"
    text = item["text"]
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"
