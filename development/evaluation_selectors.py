"""Reads for cohort evaluation: an offer's evaluation results, pooled across its cohorts
while any is small.

The rule (the surveys app's: never results from fewer than ``MIN_RESPONDENTS`` people):

* Only evaluations that have closed count (results are never shown while a survey is open:
  comparing before and after one response would show that person's answers).
* When every evaluated cohort of the offer has at least 10 responses, each cohort's own
  results are shown, with the offer's pooled results.
* When any has fewer, no cohort's own figures are shown at all, not even those of the large
  ones: the pooled figures less a large cohort's would give the small cohort's. The
  offer's cohorts are pooled (by question key) and shown once the pool has 10 responses.
* Below that: "too few responses to show yet", with no figures at all.
* Pools grow only in batches of at least 10: taking the closed evaluations in the order they
  closed (their closing date, else the cohort's end), a batch is made of consecutive ones
  until it holds 10 responses; only whole batches are shown, and a last batch still under 10
  waits (``held_back``). So comparing the page before and after an evaluation closes never
  gives fewer than 10 people's answers: 13 then 18 would give a cohort of 5's.

Free text is only ever what the CCPL team published after moderation (redacted), in the
random order of the answers' ids, never said to come from one cohort when pooled. Counting
is done in the database: a fixed number of queries however many cohorts and responses.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from ccpl import disclosure
from surveys.models import MIN_RESPONDENTS, Answer, QuestionKind, Response, Survey
from surveys.selectors import TREND_STATUSES, survey_questions

from .evaluation_services import GOOD_RATINGS, RATING_KEY
from .models import Cohort, Offer


@dataclass
class EvaluationQuestion:
    key: str
    text: str
    kind: str
    answered: int = 0
    result: disclosure.SurveyResult | None = None
    favourable: disclosure.Share | None = None  # rated good or excellent; agree
    comments: list[str] = field(default_factory=list)
    about_you: bool = False


@dataclass
class EvaluationResults:
    """One set of shown results: one cohort's, or the offer's cohorts pooled."""

    label: str
    respondents: int
    questions: list[EvaluationQuestion]

    @property
    def rating(self) -> EvaluationQuestion | None:
        return next((q for q in self.questions if q.key == RATING_KEY), None)


@dataclass
class OfferEvaluation:
    cohorts: list[Cohort]  # cohorts with an evaluation, each with ``evaluation_responses``
    evaluated: int  # cohorts whose evaluation has closed
    held_back: int = 0  # closed evaluations waiting for enough more to make a batch of 10
    pooled: EvaluationResults | None = None
    by_cohort: list[EvaluationResults] = field(default_factory=list)

    @property
    def held_back_negative(self) -> int:
        """For templates: minus ``held_back`` (the cohorts in the pool are ``evaluated`` less
        those)."""
        return -self.held_back

    @property
    def too_few(self) -> bool:
        return self.evaluated > 0 and self.pooled is None

    @property
    def is_pooled_only(self) -> bool:
        return self.pooled is not None and not self.by_cohort


def _evaluated_cohorts(offer: Offer | int) -> list[Cohort]:
    responses = (
        Response.objects.filter(survey=OuterRef("evaluation_survey"))
        .order_by()
        .values("survey")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Cohort.objects.filter(offer=offer, evaluation_survey__isnull=False)
        .select_related("evaluation_survey")
        .annotate(evaluation_responses=Coalesce(Subquery(responses), 0))
        .order_by("ends_on", "pk")
    )


def _whole_batches(closed: list[Cohort]) -> tuple[list[Cohort], list[Cohort]]:
    """The closed evaluations in whole batches of at least 10 responses (in closing order),
    and those of the last batch, still under 10, held back."""
    ordered = sorted(
        closed, key=lambda c: (c.evaluation_survey.closes_on or c.ends_on, c.ends_on, c.pk)
    )
    shown, batch, responses = [], [], 0
    for cohort in ordered:
        batch.append(cohort)
        responses += cohort.evaluation_responses
        if responses >= MIN_RESPONDENTS:
            shown += batch
            batch, responses = [], 0
    return shown, batch


def offer_evaluation(offer: Offer) -> OfferEvaluation:
    """The evaluation results the offer's staff page may show, under the pooling rule."""
    cohorts = _evaluated_cohorts(offer)
    closed, held_back = _whole_batches(
        [c for c in cohorts if c.evaluation_survey.status in TREND_STATUSES]
    )
    out = OfferEvaluation(
        cohorts=cohorts, evaluated=len(closed) + len(held_back), held_back=len(held_back)
    )
    total = sum(c.evaluation_responses for c in closed)
    if total < MIN_RESPONDENTS:
        return out
    reference = max(closed, key=lambda c: (c.ends_on, c.pk)).evaluation_survey
    structure = survey_questions(reference)
    surveys = [c.evaluation_survey_id for c in closed]
    every_cohort_large = all(c.evaluation_responses >= MIN_RESPONDENTS for c in closed)
    counts = _counts(surveys, per_survey=every_cohort_large)
    label = "All cohorts" if len(closed) > 1 else closed[0].name
    out.pooled = _results(label, total, structure, counts, None)
    if every_cohort_large and len(closed) > 1:
        out.by_cohort = [
            _results(c.name, c.evaluation_responses, structure, counts, c.evaluation_survey_id)
            for c in closed
        ]
    return out


@dataclass
class _Counts:
    options: dict  # (survey id or None, key) -> {label: n}
    answered: dict  # (survey id or None, key) -> n
    comments: dict  # key -> [published text]


def _counts(surveys: list[int], *, per_survey: bool) -> _Counts:
    """Answer counts by question key and option label, pooled across ``surveys`` (and per
    survey too when ``per_survey``), and the published comments, pooled. Four queries."""
    answers = Answer.objects.filter(question__survey__in=surveys)
    groupings = [False, True] if per_survey else [False]
    options: dict = defaultdict(dict)
    answered: dict = {}
    for by_survey in groupings:
        fields = ["question__survey_id"] if by_survey else []
        for *head, key, label, n in (
            answers.filter(option__isnull=False)
            .values_list(*fields, "question__key", "option__label")
            .annotate(n=Count("id"))
            .order_by()
        ):
            options[(head[0] if by_survey else None, key)][label] = n
        for *head, key, n in (
            answers.filter(Q(option__isnull=False) | ~Q(text=""))
            .values_list(*fields, "question__key")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        ):
            answered[(head[0] if by_survey else None, key)] = n
    comments = defaultdict(list)
    for key, text in (
        answers.filter(question__kind=QuestionKind.FREE_TEXT, moderation=Answer.Moderation.PUBLISH)
        .exclude(published_text="")
        .order_by("id")
        .values_list("question__key", "published_text")
    ):
        comments[key].append(text)
    return _Counts(options=options, answered=answered, comments=comments)


def _results(label, respondents, structure, counts: _Counts, survey_id) -> EvaluationResults:
    questions = []
    for question in structure:
        labels = [o.label for o in question.options.all()]
        chosen = counts.options.get((survey_id, question.key), {})
        n = counts.answered.get((survey_id, question.key), 0)
        item = EvaluationQuestion(
            key=question.key,
            text=question.text,
            kind=question.kind,
            answered=n,
            about_you=bool(question.about_you),
        )
        if question.about_you and question.has_options:
            item.result = disclosure.survey_group_sizes(
                {label: chosen.get(label, 0) for label in labels}, groups=labels
            )
        elif question.has_options:
            item.result = disclosure.survey_question_result(
                {label: chosen.get(label, 0) for label in labels}, options=labels, respondents=n
            )
        if question.key == RATING_KEY:
            item.favourable = disclosure.survey_share(
                sum(chosen.get(label, 0) for label in GOOD_RATINGS), n
            )
        elif question.has_favourable:
            wanted = question.favourable_sentiment
            good = sum(
                chosen.get(o.label, 0) for o in question.options.all() if o.sentiment == wanted
            )
            item.favourable = disclosure.survey_share(good, n)
        if question.kind == QuestionKind.FREE_TEXT and survey_id is None:
            item.comments = counts.comments.get(question.key, [])
        questions.append(item)
    return EvaluationResults(label=label, respondents=respondents, questions=questions)


def evaluation_results_withheld(survey) -> str:
    """Why a cohort evaluation's own results are withheld on the survey's pages (``""`` when
    they are not): while another closed evaluation of the cohort's offer has fewer than 10
    responses, this cohort is shown only pooled (registered as ``surveys.hooks``'s
    ``results_withheld``). Other surveys: nothing withheld."""
    if survey.kind != Survey.Kind.EVALUATION:
        return ""
    cohort = Cohort.objects.filter(evaluation_survey=survey).only("offer_id").first()
    if cohort is None:
        return ""
    small = [
        c
        for c in _evaluated_cohorts(cohort.offer_id)
        if c.evaluation_survey.status in TREND_STATUSES and c.evaluation_responses < MIN_RESPONDENTS
    ]
    if not small:
        return ""
    return (
        "Another cohort of this offer had fewer than 10 responses, so each cohort's results are "
        "shown only pooled, on the offer's page: this cohort's own results less the pool would "
        "give the small cohort's."
    )
