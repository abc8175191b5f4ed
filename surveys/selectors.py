"""Survey reads. Results are counted in the database (a fixed number of queries however many
responses there are) and published through ``ccpl.disclosure``'s survey policy."""

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from ccpl import disclosure
from ccpl.models import Person, Priority
from roles import selectors as role_selectors

from . import hooks
from .models import (
    AGREEMENT_KINDS,
    BREAKDOWN_KINDS,
    MIN_RESPONDENTS,
    SCALE_KINDS,
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Recommendation,
    Response,
    Section,
    Sentiment,
    Survey,
    SurveyReminder,
)

RESULTS_DECIMALS = 2
NOT_ANSWERED = "Not answered"
TREND_STATUSES = (Survey.Status.CLOSED, Survey.Status.PUBLISHED)


def survey_list():
    """Every survey with its numbers of questions, responses and invitations, each counted
    in its own subquery: three joins in one query would count the product of the three
    (54 million rows for one survey round at scale 1)."""
    return Survey.objects.annotate(
        question_count=_count_per_survey(Question),
        response_count=_count_per_survey(Response),
        invitation_count=_count_per_survey(Invitation),
    ).order_by("-year", "title")


def _count_per_survey(model):
    rows = (
        model.objects.filter(survey=OuterRef("pk"))
        .order_by()
        .values("survey")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


# Once a survey has opened, its pages, questions and options never change (no service edits
# them: ``services.survey_check_editable``; a survey never goes back to draft). Every page of
# a respondent's journey and its submission need them, and loading some fifty questions with
# their options costs more than the rest of the request, so each process keeps the structure
# of the last few opened surveys it served. Drafts are always read afresh. Saving or deleting
# a page, question, option or priority in this process empties it (``apps.py``): a write by
# hand (a test, a data migration) is seen at once; other processes restart on a deploy.
_STRUCTURES_KEPT = 8
_structures: OrderedDict[int, list[tuple]] = OrderedDict()
_structures_lock = threading.Lock()


def survey_structure(survey: Survey) -> list[tuple]:
    """``[(section, [question, ...]), ...]`` with each question's options, in order.

    For an opened survey, the same objects for every request in this process: read them,
    never change them."""
    if survey.is_editable:
        return _structure_load(survey)
    with _structures_lock:
        structure = _structures.get(survey.pk)
        if structure is not None:
            _structures.move_to_end(survey.pk)
            return structure
    structure = _structure_load(survey)
    with _structures_lock:
        _structures[survey.pk] = structure
        while len(_structures) > _STRUCTURES_KEPT:
            _structures.popitem(last=False)
    return structure


def survey_questions(survey: Survey) -> list[Question]:
    """The survey's questions with their options, in order (see :func:`survey_structure`)."""
    return [question for _section, questions in survey_structure(survey) for question in questions]


def survey_structure_forget(**kwargs) -> None:
    """Forget every kept structure (connected to the saves and deletes in ``apps.py``)."""
    with _structures_lock:
        _structures.clear()


def _structure_load(survey: Survey) -> list[tuple]:
    # Through the model managers, not ``survey.sections``: a related manager would attach
    # this request's ``survey`` object (and its status) to objects other requests reuse.
    questions = (
        Question.objects.filter(survey_id=survey.pk)
        .select_related("priority")
        .prefetch_related("options")
    )
    by_section = defaultdict(list)
    for question in questions:
        by_section[question.section_id].append(question)
    sections = Section.objects.filter(survey_id=survey.pk)
    return [(section, by_section[section.pk]) for section in sections]


def latest_temperature_check() -> Survey | None:
    return Survey.objects.filter(kind=Survey.Kind.TEMPERATURE_CHECK).order_by("-year").first()


def breakdown_questions(survey: Survey) -> list[Question]:
    """The about-you questions results can be broken down by."""
    return list(
        survey.questions.filter(
            about_you__in=BREAKDOWN_KINDS,
            kind__in=(QuestionKind.SINGLE_CHOICE, QuestionKind.YES_NO),
        )
    )


# --- Results -----------------------------------------------------------------------------


def results_withheld_reason(survey: Survey) -> str:
    """Why nobody may see this survey's detailed results yet, or ``""`` when they may.

    Never while it is open (comparing results before and after one response would show that
    person's answers), never from fewer than ``MIN_RESPONDENTS`` people, and not while the
    app that runs the survey withholds them (``hooks.results_withheld``: a cohort evaluation
    shown only pooled).
    """
    if survey.status in (Survey.Status.DRAFT, Survey.Status.OPEN):
        return (
            "Results are shown only after the survey closes, so that nobody can work out "
            "one person's answers by comparing results before and after they respond."
        )
    respondents = survey.responses.count()
    if respondents < MIN_RESPONDENTS:
        return (
            f"{respondents} {'person' if respondents == 1 else 'people'} responded. Results are "
            f"never shown for fewer than {MIN_RESPONDENTS} people."
        )
    return hooks.results_withheld(survey)


@dataclass
class QuestionResult:
    question: Question
    answered: int
    skipped: int
    result: disclosure.SurveyResult | None = None
    favourable: disclosure.Share | None = None
    previous_favourable: disclosure.Share | None = None
    comments_total: int = 0
    comments_pending: int = 0
    published_comments: list[str] = field(default_factory=list)
    number: str = ""  # the survey's own number ("14a") or the place in order

    @property
    def change(self) -> int | None:
        return _change(self.favourable, self.previous_favourable)


@dataclass
class PriorityResult:
    priority: Priority
    favourable: disclosure.Share
    answers: int
    previous_favourable: disclosure.Share | None = None
    recommendation: str = ""

    @property
    def change(self) -> int | None:
        return _change(self.favourable, self.previous_favourable)


@dataclass
class SurveyResults:
    survey: Survey
    respondents: int
    sections: list[tuple]  # (section, [QuestionResult, ...])
    priorities: list[PriorityResult]
    previous_year: int | None
    overall_recommendation: str = ""

    @property
    def questions(self) -> list[QuestionResult]:
        return [q for _section, results in self.sections for q in results]

    @property
    def about_you(self) -> list[QuestionResult]:
        """The about-you tables (who responded), each group under 10 hidden."""
        return [q for q in self.questions if q.question.about_you and q.result is not None]

    @property
    def sections_without_about_you(self) -> list[tuple]:
        """The sections with their other questions; sections left empty are left out."""
        out = [(s, [q for q in qs if not q.question.about_you]) for s, qs in self.sections]
        return [(s, qs) for s, qs in out if qs]


def _is_about_you_table(question: Question) -> bool:
    """An about-you question whose answers put each respondent in one group."""
    return bool(question.about_you) and question.kind != QuestionKind.MULTIPLE_CHOICE


def _change(now, before) -> int | None:
    """Percentage-point change between two published whole percentages, if both are shown."""
    if now is None or before is None or now.percent is None or before.percent is None:
        return None
    return int(now.percent) - int(before.percent)


def _favourable_counts(rows) -> tuple[int, int]:
    """(favourable, answered) from ``(sentiment, negatively_worded, n)`` rows."""
    favourable = answered = 0
    for sentiment, negative, n in rows:
        answered += n
        wanted = Sentiment.NEGATIVE if negative else Sentiment.POSITIVE
        if sentiment == wanted:
            favourable += n
    return favourable, answered


def survey_results(
    survey: Survey, *, decimals: int = RESULTS_DECIMALS, trend: "Trend | None" = None
) -> SurveyResults:
    """Every question's results: options with counts and percentages, answered and skipped,
    % favourable (this year and last), comment counts; % favourable for each priority.

    ``trend``: a :func:`favourable_trend` the caller already has, covering at least every
    year before this survey's, to take last year's figures from instead of reading them
    again (later years in it are ignored)."""
    structure = survey_structure(survey)
    questions = [q for _s, qs in structure for q in qs]
    respondents = survey.responses.count()

    option_counts: dict[int, dict[int, int]] = defaultdict(dict)
    for question_id, option_id, n in (
        Answer.objects.filter(question__survey=survey, option__isnull=False)
        .values_list("question_id", "option_id")
        .annotate(n=Count("id"))
    ):
        option_counts[question_id][option_id] = n
    answered = dict(
        Answer.objects.filter(question__survey=survey)
        .filter(Q(option__isnull=False) | ~Q(text=""))
        .values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
    )
    comments: dict[int, dict[str, int]] = defaultdict(dict)
    for question_id, moderation, n in (
        Answer.objects.filter(question__survey=survey, question__kind=QuestionKind.FREE_TEXT)
        .exclude(text="")
        .values_list("question_id", "moderation")
        .annotate(n=Count("id"))
    ):
        comments[question_id][moderation] = n
    published = defaultdict(list)
    for question_id, text in (
        Answer.objects.filter(question__survey=survey, moderation=Answer.Moderation.PUBLISH)
        .order_by("id")
        .values_list("question_id", "published_text")
    ):
        published[question_id].append(text)

    previous = None
    previous_by_key: dict[str, disclosure.Share] = {}
    previous_by_priority: dict[int, disclosure.Share] = {}
    if survey.is_trend_survey:
        history = trend if trend is not None else favourable_trend(before_year=survey.year)
        earlier = [year for year in history.years if year < survey.year]
        if earlier:
            previous = earlier[-1]
            previous_by_key = {row.key: row.by_year.get(previous) for row in history.questions}
            previous_by_priority = {
                row.priority.number: row.by_year.get(previous) for row in history.priorities
            }

    results_by_question = {}
    for number, question in enumerate(questions, start=1):
        n = answered.get(question.pk, 0)
        qr = QuestionResult(
            question=question,
            answered=n,
            skipped=respondents - n,
            number=question.number or str(number),
        )
        if question.has_options and _is_about_you_table(question):
            # Who responded: groups under 10 are never shown, on any page or in any file.
            counts = option_counts.get(question.pk, {})
            qr.result = disclosure.survey_group_sizes(
                {o: counts.get(o.pk, 0) for o in question.options.all()},
                groups=list(question.options.all()),
                decimals=decimals,
            )
        elif question.has_options:
            options = list(question.options.all())
            counts = option_counts.get(question.pk, {})
            qr.result = disclosure.survey_question_result(
                {o: counts.get(o.pk, 0) for o in options},
                options=options,
                respondents=n,
                decimals=decimals,
            )
        if question.has_favourable:
            wanted = question.favourable_sentiment
            counts = option_counts.get(question.pk, {})
            good = sum(counts.get(o.pk, 0) for o in question.options.all() if o.sentiment == wanted)
            qr.favourable = disclosure.survey_share(good, n)
            qr.previous_favourable = previous_by_key.get(question.key)
        if question.kind == QuestionKind.FREE_TEXT:
            states = comments.get(question.pk, {})
            qr.comments_total = sum(states.values())
            qr.comments_pending = states.get(Answer.Moderation.PENDING, 0)
            qr.published_comments = published.get(question.pk, [])
        results_by_question[question.pk] = qr

    recommendations = {r.priority_id: r.text for r in Recommendation.objects.filter(survey=survey)}
    priorities = []
    for priority in Priority.objects.all():
        pooled = [
            (o.sentiment, q.negatively_worded, option_counts.get(q.pk, {}).get(o.pk, 0))
            for q in questions
            if q.priority_id == priority.pk and q.kind in AGREEMENT_KINDS
            for o in q.options.all()
        ]
        if not pooled:
            continue
        good, total = _favourable_counts(pooled)
        priorities.append(
            PriorityResult(
                priority=priority,
                favourable=disclosure.survey_share(good, total),
                answers=total,
                previous_favourable=previous_by_priority.get(priority.number),
                recommendation=recommendations.get(priority.pk, ""),
            )
        )
    return SurveyResults(
        survey=survey,
        respondents=respondents,
        sections=[(s, [results_by_question[q.pk] for q in qs]) for s, qs in structure],
        priorities=priorities,
        previous_year=previous,
        overall_recommendation=recommendations.get(None, ""),
    )


# --- Breakdowns --------------------------------------------------------------------------


@dataclass
class QuestionBreakdown:
    question: Question
    breakdown: disclosure.SurveyBreakdown
    favourable: disclosure.SurveyBreakdown | None
    group_labels: dict

    def rows(self):
        """(label, respondents, option results, favourable share or None) for each group."""
        favourable_rows = self.favourable.rows() if self.favourable else None
        out = []
        for i, row in enumerate(self.breakdown.rows()):
            share = favourable_rows[i].results[0].percent if favourable_rows else None
            out.append((self.group_labels[row.label], row.respondents, row.results, share))
        return out


def survey_breakdowns(survey: Survey, *, by: Question) -> list[QuestionBreakdown]:
    """Each choice question's results by the groups of an about-you question, through the
    survey disclosure policy (groups under 10 respondents hidden)."""
    group_options = list(by.options.all())
    group_keys = [o.pk for o in group_options] + [None]
    group_labels = {o.pk: o.label for o in group_options} | {None: NOT_ANSWERED}
    group_of = Subquery(
        Answer.objects.filter(response_id=OuterRef("response_id"), question=by)
        .order_by()
        .values("option_id")[:1]
    )
    answers = (
        Answer.objects.filter(question__survey=survey, option__isnull=False)
        .exclude(question=by)
        .annotate(group=group_of)
    )
    counts: dict[int, dict] = defaultdict(lambda: defaultdict(dict))
    for question_id, group, option_id, n in answers.values_list(
        "question_id", "group", "option_id"
    ).annotate(n=Count("id")):
        counts[question_id][group][option_id] = n
    respondents: dict[int, dict] = defaultdict(dict)
    for question_id, group, n in answers.values_list("question_id", "group").annotate(
        n=Count("response_id", distinct=True)
    ):
        respondents[question_id][group] = n

    out = []
    for _section, questions in survey_structure(survey):
        for question in questions:
            if not question.has_options or question.pk == by.pk or question.about_you:
                continue
            options = list(question.options.all())
            by_group = counts.get(question.pk, {})
            table = {g: {o: by_group.get(g, {}).get(o.pk, 0) for o in options} for g in group_keys}
            n = {g: respondents.get(question.pk, {}).get(g, 0) for g in group_keys}
            breakdown = disclosure.survey_breakdown(
                table, groups=group_keys, options=options, respondents=n
            )
            favourable = None
            if question.has_favourable:
                wanted = question.favourable_sentiment
                good = {
                    g: sum(c for o, c in table[g].items() if o.sentiment == wanted)
                    for g in group_keys
                }
                favourable = disclosure.survey_breakdown(
                    {g: {"favourable": good[g], "other": n[g] - good[g]} for g in group_keys},
                    groups=group_keys,
                    options=["favourable", "other"],
                    respondents=n,
                )
            out.append(QuestionBreakdown(question, breakdown, favourable, group_labels))
    return out


# --- Trend across years ------------------------------------------------------------------


@dataclass
class TrendRow:
    label: str
    by_year: dict[int, disclosure.Share]
    key: str = ""
    priority: Priority | None = None
    negatively_worded: bool = False


@dataclass
class Trend:
    years: list[int]
    respondents: dict[int, int]
    priorities: list[TrendRow]
    questions: list[TrendRow]


def favourable_trend(*, before_year: int | None = None) -> Trend:
    """% favourable for each priority and each question key in every closed or published
    annual temperature check (optionally only those before a year), oldest first."""
    surveys = Survey.objects.filter(kind=Survey.Kind.TEMPERATURE_CHECK, status__in=TREND_STATUSES)
    if before_year is not None:
        surveys = surveys.filter(year__lt=before_year)
    shown = list(
        surveys.annotate(n=Count("responses"))
        .filter(n__gte=MIN_RESPONDENTS)
        .order_by("year")
        .values_list("pk", "year", "n")
    )
    surveys = Survey.objects.filter(pk__in=[pk for pk, _year, _n in shown])
    respondents = {year: n for _pk, year, n in shown}
    years = sorted(respondents)
    rows = (
        Answer.objects.filter(question__survey__in=surveys, question__kind__in=SCALE_KINDS)
        .values_list(
            "question__survey__year",
            "question__key",
            "question__kind",
            "question__priority_id",
            "question__negatively_worded",
            "option__sentiment",
        )
        .annotate(n=Count("id"))
    )
    by_key: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    by_priority: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for year, key, kind, priority_id, negative, sentiment, n in rows:
        by_key[key][year].append((sentiment, negative, n))
        if priority_id and kind in AGREEMENT_KINDS:
            by_priority[priority_id][year].append((sentiment, negative, n))

    def shares(per_year):
        return {
            year: disclosure.survey_share(*_favourable_counts(r)) for year, r in per_year.items()
        }

    questions = {}
    for key, text, negative, number in (
        Question.objects.filter(survey__in=surveys, kind__in=SCALE_KINDS)
        .order_by("survey__year", "section__order", "order")
        .values_list("key", "text", "negatively_worded", "priority__number")
    ):
        # Latest wording wins; order by priority, then first appearance.
        first = questions.get(key)
        order = first[3] if first else len(questions)
        questions[key] = (text, negative, number or 99, order)
    question_rows = [
        TrendRow(label=text, by_year=shares(by_key.get(key, {})), key=key, negatively_worded=neg)
        for key, (text, neg, _number, _order) in sorted(
            questions.items(), key=lambda item: (item[1][2], item[1][3])
        )
    ]
    priority_rows = [
        TrendRow(label=str(p), by_year=shares(by_priority[p.pk]), priority=p)
        for p in Priority.objects.all()
        if p.pk in by_priority
    ]
    return Trend(
        years=years, respondents=respondents, priorities=priority_rows, questions=question_rows
    )


# --- Invitations and response rate -------------------------------------------------------


def latest_temperature_check_state() -> tuple:
    """The latest temperature check's id and a few figures about its invitations and
    reminders that change whenever its response rate can (how many, sent, responded, the
    newest; reminder batches), or ``()`` without one. Those tables are left out of the data
    version (``ccpl.pagecache.QUIET_TABLES``), so a cached part of a page showing the rate
    varies on this as well (``ccpl.fragments``). Plain SQL in one statement: it is read on
    every cached dashboard, where the ORM's query building would cost more than the rest."""
    from django.db import connection

    invitations = Invitation._meta.db_table
    reminders = SurveyReminder._meta.db_table
    per_survey = "FROM {table} x WHERE x.survey_id = s.id"
    figures = ", ".join(
        f"(SELECT {aggregate} {per_survey.format(table=table)})"
        for table, aggregate in (
            (invitations, "COUNT(*)"),
            (invitations, "COUNT(x.sent_on)"),
            (invitations, "SUM(CASE WHEN x.responded THEN 1 ELSE 0 END)"),
            (invitations, "MAX(x.id)"),
            (reminders, "COUNT(*)"),
            (reminders, "MAX(x.id)"),
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.id, {figures} FROM {Survey._meta.db_table} s "  # noqa: S608
            "WHERE s.kind = %s ORDER BY s.year DESC LIMIT 1",
            [Survey.Kind.TEMPERATURE_CHECK],
        )
        row = cursor.fetchone()
    return tuple(row) if row else ()


@dataclass
class ResponseRate:
    invited: int
    sent: int
    reminded: int  # reminder emails sent, in all batches
    reminder_batches: int
    last_reminded_on: object  # date of the last batch, or None
    responded: int
    rate: disclosure.Share
    by_group: dict[str, list]  # dimension label → [(group label, invited cell, responded share)]


def invitations_listed(survey: Survey):
    """The people invited to ``survey``, by name, for the invitations page (which never says
    who has responded)."""
    return survey.invitations.order_by("name", "email", "pk")


def response_rate(survey: Survey) -> ResponseRate:
    """How many invitees have responded, overall and, once the survey is no longer open, for
    groups of 10 or more invitees, by professional group and by Place (from People records).
    Never who. (While it is open, a group's count going up by one would say whose response
    just arrived.)"""
    rows = list(
        survey.invitations.annotate(
            family=Coalesce(
                "person__professional_group__parent__name", "person__professional_group__name"
            ),
            place_name=F("person__place__name"),
        )
        .values_list("family", "place_name", "responded")
        .annotate(n=Count("id"))
        .order_by()
    )
    totals = survey.invitations.aggregate(
        invited=Count("id"),
        sent=Count("id", filter=Q(sent_on__isnull=False)),
        responded=Count("id", filter=Q(responded=True)),
    )
    by_group = {}
    for label, index in (
        () if survey.status == Survey.Status.OPEN else (("Professional group", 0), ("Place", 1))
    ):
        counts: dict = defaultdict(lambda: {"responded": 0, "not yet": 0})
        for row in rows:
            group = row[index] or "Not recorded"
            counts[group]["responded" if row[2] else "not yet"] += row[3]
        groups = sorted(counts, key=lambda g: (g == "Not recorded", g))
        breakdown = disclosure.survey_breakdown(
            {g: counts[g] for g in groups}, groups=groups, options=["responded", "not yet"]
        )
        by_group[label] = [
            (row.label, row.respondents, row.results[0].percent) for row in breakdown.rows()
        ]
    batches = survey.reminders.aggregate(
        n=Count("id"), reminded=Sum("recipients"), last=Max("sent_on")
    )
    return ResponseRate(
        invited=totals["invited"],
        sent=totals["sent"],
        reminded=batches["reminded"] or 0,
        reminder_batches=batches["n"],
        last_reminded_on=batches["last"],
        responded=totals["responded"],
        rate=disclosure.survey_share(totals["responded"], totals["invited"]),
        by_group=by_group,
    )


def current_role_holders() -> list[Person]:
    """People holding a leadership role today who have an e-mail address (the roles app's
    ``role_holders``)."""
    return list(role_selectors.role_holders().exclude(email=""))


def people_with_email():
    return Person.objects.exclude(email="").select_related("professional_group", "place")


# --- Free text and exports ---------------------------------------------------------------


def comment_list(survey: Survey, *, question: Question | None = None, status: str = ""):
    """Free-text answers in random (id) order, never submission order."""
    comments = (
        Answer.objects.filter(question__survey=survey, question__kind=QuestionKind.FREE_TEXT)
        .exclude(text="")
        .select_related("question")
        .order_by("question__section__order", "question__order", "id")
    )
    if question is not None:
        comments = comments.filter(question=question)
    if status:
        comments = comments.filter(moderation=status)
    return comments


def anonymised_response_rows(survey: Survey):
    """CSV rows: a header of question keys, then one row per response in random order.

    No dates, no ids; free text only as published after moderation (redacted), since raw
    comments can name people.
    """
    questions = [q for _s, qs in survey_structure(survey) for q in qs]
    yield ["response", *(q.key for q in questions)]
    position = {q.pk: i for i, q in enumerate(questions)}
    current, cells, number = None, None, 0
    answers = (
        Answer.objects.filter(response__survey=survey)
        .order_by("response_id", "option__order")
        .values_list("response_id", "question_id", "option__label", "published_text")
    )
    for response_id, question_id, label, published_text in answers.iterator(chunk_size=2000):
        if response_id != current:
            if cells is not None:
                yield [number, *("; ".join(c) for c in cells)]
            current, cells, number = response_id, [[] for _ in questions], number + 1
        value = label if label is not None else published_text
        if value and question_id in position:
            cells[position[question_id]].append(value)
    if cells is not None:
        yield [number, *("; ".join(c) for c in cells)]


def published_comments(question: Question):
    """A free-text question's comments as published after moderation (redacted), in the
    order the mix left them."""
    return (
        Answer.objects.filter(question=question, moderation=Answer.Moderation.PUBLISH)
        .order_by("id")
        .values_list("published_text", flat=True)
    )


def results_table_rows(results: SurveyResults):
    """The results table as survey tools export it, for a CSV file: for each question its
    number and text, each answer with its count and percentage (numbers, ``*`` when hidden),
    then answered and skipped. About-you tables keep their hidden groups hidden."""
    yield ["Question number", "Question", "Answer", "Responses (number)", "Responses (%)"]
    for qr in results.questions:
        number, text = qr.number, qr.question.text
        if qr.result is not None:
            for row in qr.result.rows():
                yield [
                    number,
                    text,
                    str(row.option),
                    row.count.value if not row.count.hidden else row.count.csv_value,
                    row.percent.percent
                    if row.percent.percent is not None
                    else row.percent.csv_value,
                ]
        yield [number, text, "Answered", qr.answered, ""]
        yield [number, text, "Skipped", qr.skipped, ""]
