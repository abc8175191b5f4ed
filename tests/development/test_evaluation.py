"""Cohort evaluation: drafting an ended cohort's anonymous questionnaire, the pooling rule
(a cohort's own results only when every evaluated cohort of the offer has 10 responses;
otherwise the offer's cohorts pooled, shown from 10), published comments only, who reaches
the pages, and the differencing attack on a small cohort."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from development import evaluation_selectors, evaluation_services
from development.evaluation_selectors import offer_evaluation
from development.models import Cohort, CohortApplication, Offer
from surveys import hooks as survey_hooks
from surveys import selectors as survey_selectors
from surveys import services as survey_services
from surveys.models import Answer, Response, Survey

from .factories import CohortApplicationFactory, CohortFactory, OfferFactory

pytestmark = pytest.mark.django_db


def _ended_cohort(offer=None, *, selected=3, **extra):
    today = timezone.localdate()
    cohort = CohortFactory(
        offer=offer or OfferFactory(),
        starts_on=today - timedelta(days=120),
        ends_on=today - timedelta(days=1),
        applications_open_on=today - timedelta(days=200),
        applications_close_on=today - timedelta(days=150),
        **extra,
    )
    for _ in range(selected):
        CohortApplicationFactory(
            cohort=cohort, status=CohortApplication.Status.SELECTED, decision_reason="Fits."
        )
    return cohort


def _evaluated(offer, responses, *, rating="Good", close=True, comment=""):
    """An ended cohort of ``offer`` whose evaluation has ``responses`` responses, each rating
    it ``rating`` (and with ``comment`` as "most useful", pending moderation)."""
    cohort = _ended_cohort(offer)
    survey = evaluation_services.evaluation_survey_create(user=None, cohort=cohort)
    questions = {q.key: q for q in survey.questions.prefetch_related("options")}
    option = questions["overall-rating"].options.get(label=rating)
    for _ in range(responses):
        response = Response.objects.create(survey=survey)
        Answer.objects.create(
            response=response, question=questions["overall-rating"], option=option
        )
        if comment:
            Answer.objects.create(
                response=response,
                question=questions["most-useful"],
                text=comment,
                moderation=Answer.Moderation.PENDING,
            )
    if close:
        survey.status = Survey.Status.CLOSED
        survey.save()
    cohort.refresh_from_db()
    return cohort


def _rating_counts(results) -> dict:
    rating = results.rating
    return {row.option: row.count.display for row in rating.result.rows()}


# --- Drafting the questionnaire ----------------------------------------------------------


def test_the_evaluation_invites_every_selected_participant_once(staff_user):
    cohort = _ended_cohort(selected=3)
    CohortApplicationFactory(cohort=cohort)  # waiting: not asked
    CohortApplicationFactory(
        cohort=cohort, status=CohortApplication.Status.NOT_SELECTED, decision_reason="No."
    )
    survey = evaluation_services.evaluation_survey_create(user=staff_user, cohort=cohort)
    assert survey.kind == Survey.Kind.EVALUATION
    assert survey.status == Survey.Status.DRAFT
    assert survey.invitations.count() == 3
    assert set(survey.questions.values_list("key", flat=True)) == {
        "overall-rating",
        "recommend",
        "helped-role",
        "most-useful",
        "improve",
        "professional-group",
    }
    assert survey.questions.get(key="professional-group").about_you == "professional_group"
    again = evaluation_services.evaluation_survey_create(user=staff_user, cohort=cohort)
    assert again == survey
    assert Survey.objects.filter(kind=Survey.Kind.EVALUATION).count() == 1
    cohort.refresh_from_db()
    assert cohort.evaluation_survey == survey


def test_no_evaluation_before_the_cohort_ends_or_of_a_cancelled_or_empty_cohort(staff_user):
    running = CohortFactory()
    with pytest.raises(ValidationError, match="once the cohort has ended"):
        evaluation_services.evaluation_survey_create(user=staff_user, cohort=running)
    cancelled = _ended_cohort(status=Cohort.Status.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        evaluation_services.evaluation_survey_create(user=staff_user, cohort=cancelled)
    empty = _ended_cohort(selected=0)
    with pytest.raises(ValidationError, match="nobody to ask"):
        evaluation_services.evaluation_survey_create(user=staff_user, cohort=empty)
    assert not Survey.objects.exists()


# --- The pooling rule --------------------------------------------------------------------


@pytest.mark.parametrize(("responses", "shown"), [(9, False), (10, True)])
def test_one_cohort_is_shown_from_10_responses(responses, shown):
    offer = OfferFactory()
    _evaluated(offer, responses)
    evaluation = evaluation_selectors.offer_evaluation(offer)
    assert evaluation.evaluated == 1
    assert evaluation.too_few is not shown
    assert (evaluation.pooled is not None) is shown
    assert evaluation.by_cohort == []
    if shown:
        assert evaluation.pooled.respondents == 10
        assert _rating_counts(evaluation.pooled)["Good"] == "10"


@pytest.mark.parametrize(("second", "shown"), [(4, False), (5, True)])
def test_small_cohorts_are_pooled_and_shown_once_the_pool_reaches_10(second, shown):
    offer = OfferFactory()
    _evaluated(offer, 5, rating="Excellent")
    _evaluated(offer, second, rating="Poor")
    evaluation = evaluation_selectors.offer_evaluation(offer)
    assert evaluation.too_few is not shown
    assert evaluation.by_cohort == []
    if shown:
        assert evaluation.is_pooled_only
        assert _rating_counts(evaluation.pooled) == {
            "Excellent": "5",
            "Good": "0",
            "Fair": "0",
            "Poor": "5",
            "Very poor": "0",
        }
        assert evaluation.pooled.rating.favourable.display == "50%"


def test_each_cohort_is_shown_when_every_cohort_has_10():
    offer = OfferFactory()
    _evaluated(offer, 10, rating="Excellent")
    _evaluated(offer, 12, rating="Fair")
    evaluation = evaluation_selectors.offer_evaluation(offer)
    assert evaluation.pooled.respondents == 22
    assert [r.respondents for r in evaluation.by_cohort] == [10, 12]
    assert _rating_counts(evaluation.by_cohort[0])["Excellent"] == "10"
    assert _rating_counts(evaluation.by_cohort[1])["Fair"] == "12"
    # Comments are never shown cohort by cohort.
    assert all(not q.comments for r in evaluation.by_cohort for q in r.questions)


def test_a_cohort_of_10_is_not_shown_alone_beside_a_cohort_of_9():
    offer = OfferFactory()
    _evaluated(offer, 10)
    _evaluated(offer, 9)
    evaluation = evaluation_selectors.offer_evaluation(offer)
    # The 10 make a batch of their own; the 9 wait for more (see the batching test).
    assert evaluation.pooled.respondents == 10 and evaluation.held_back == 1
    assert evaluation.by_cohort == []


def test_an_open_evaluation_counts_for_nothing():
    offer = OfferFactory()
    _evaluated(offer, 12, close=False)
    evaluation = evaluation_selectors.offer_evaluation(offer)
    assert evaluation.evaluated == 0
    assert evaluation.pooled is None


def test_only_published_comments_are_shown_pooled():
    offer = OfferFactory()
    _evaluated(offer, 6, comment="The action learning sets")
    _evaluated(offer, 4, comment="Meeting Dr Quillfeather")
    answers = Answer.objects.filter(question__key="most-useful").order_by("text")
    for answer in answers.filter(text="The action learning sets")[:2]:
        answer.moderation = Answer.Moderation.PUBLISH
        answer.published_text = "The action learning sets."
        answer.save()
    for answer in answers.filter(text="Meeting Dr Quillfeather")[:1]:
        answer.moderation = Answer.Moderation.WITHHOLD
        answer.save()
    evaluation = evaluation_selectors.offer_evaluation(offer)
    useful = next(q for q in evaluation.pooled.questions if q.key == "most-useful")
    assert useful.comments == ["The action learning sets."] * 2


def test_the_results_are_counted_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    offer = OfferFactory()
    _evaluated(offer, 10)
    _evaluated(offer, 11)
    evaluation_selectors.offer_evaluation(offer)  # the structure of the last is kept
    with django_assert_max_num_queries(6) as few:
        evaluation_selectors.offer_evaluation(offer)
    for _ in range(3):
        _evaluated(offer, 10)
    evaluation_selectors.offer_evaluation(offer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        evaluation = evaluation_selectors.offer_evaluation(offer)
    assert len(evaluation.by_cohort) == 5


# --- The differencing attack -------------------------------------------------------------


def _shown_vectors(evaluation) -> list[tuple]:
    """Every set of rating counts a viewer sees, as numbers (hidden figures as None)."""
    shown = [evaluation.pooled, *evaluation.by_cohort] if evaluation.pooled else []
    out = []
    for results in shown:
        counts = _rating_counts(results)
        out.append(tuple(int(v) if v.isdigit() else None for v in counts.values()))
    return out


def test_a_small_cohorts_answers_cannot_be_recovered_by_differencing(staff_client):
    """A cohort of 6 (all "Very poor") beside a cohort of 15 (all "Excellent"): nothing the
    offer's page shows, nor any difference of two things it shows, is the small cohort's."""
    offer = OfferFactory()
    large = _evaluated(offer, 15, rating="Excellent")
    small = _evaluated(offer, 6, rating="Very poor")
    victim = (0, 0, 0, 0, 6)
    vectors = _shown_vectors(evaluation_selectors.offer_evaluation(offer))
    assert vectors, "the pool is shown"
    derived = set(vectors)
    for a in vectors:
        for b in vectors:
            if a != b and None not in a and None not in b:
                derived.add(tuple(x - y for x, y in zip(a, b, strict=True)))
    assert victim not in derived
    # And on the page: no cohort's own results, only the pool's.
    body = staff_client.get(reverse("development:offer_manage", args=[offer.pk])).content.decode()
    assert "Each cohort" not in body
    # The 15 closed first and are a batch of their own; the 6 wait for more.
    assert "15 people responded" in body and "1 more cohort has responded too" in body
    assert small.name in body  # the questionnaire's link only
    # Nor on the large cohort's own survey pages: its results are withheld there, and it
    # cannot be published, while the small cohort is shown only pooled.
    survey = large.evaluation_survey
    assert "fewer than 10 responses" in survey_selectors.results_withheld_reason(survey)
    page = staff_client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "shown only pooled" in page
    assert "15 people responded" not in page
    with pytest.raises(ValidationError, match="shown only pooled"):
        survey_services.survey_set_status(survey=survey, status=Survey.Status.PUBLISHED)
    # With every cohort of an offer at 10 or more, each survey's own page shows its results.
    other = OfferFactory()
    _evaluated(other, 12)
    assert survey_selectors.results_withheld_reason(_evaluated(other, 10).evaluation_survey) == ""


# --- Pages and who reaches them ----------------------------------------------------------


def test_the_cohort_page_offers_the_evaluation_to_the_ccpl_team_only(staff_client, exec_client):
    cohort = _ended_cohort()
    url = reverse("development:cohort_manage", args=[cohort.pk])
    create = reverse("development:evaluation_survey_create", args=[cohort.pk])
    assert create in staff_client.get(url).content.decode()
    assert create not in exec_client.get(url).content.decode()
    assert exec_client.post(create).status_code == 403
    response = staff_client.post(create)
    cohort.refresh_from_db()
    assert response.status_code == 302
    assert response.url == reverse("surveys:survey_detail", args=[cohort.evaluation_survey_id])
    assert cohort.evaluation_survey.title in staff_client.get(url).content.decode()


def test_creating_the_evaluation_is_refused_with_a_message_before_the_end(staff_client):
    cohort = CohortFactory()
    create = reverse("development:evaluation_survey_create", args=[cohort.pk])
    response = staff_client.post(create, follow=True)
    assert "once the cohort has ended" in response.content.decode()
    assert staff_client.get(create).status_code == 405


@pytest.mark.parametrize("kind", ["client", "leader_client", "panel_client", "sysadmin_client"])
def test_nobody_else_creates_an_evaluation_or_reads_the_results(kind, request):
    client = request.getfixturevalue(kind)
    offer = OfferFactory()
    cohort = _evaluated(offer, 12)
    other = _ended_cohort(offer)
    create = reverse("development:evaluation_survey_create", args=[other.pk])
    assert client.post(create).status_code in (302, 403)
    other.refresh_from_db()
    assert other.evaluation_survey is None
    page = client.get(reverse("development:offer_manage", args=[offer.pk]))
    assert page.status_code in (302, 403)
    assert cohort.name not in page.content.decode()


def test_the_offer_page_says_too_few(exec_client):
    offer = OfferFactory()
    _evaluated(offer, 9)
    body = exec_client.get(reverse("development:offer_manage", args=[offer.pk])).content.decode()
    assert "Too few responses to show yet" in body
    assert "people responded" not in body


def test_the_demo_shows_one_offer_pooled_and_one_with_too_few(demo_db):
    incubator = offer_evaluation(Offer.objects.get(title="Incubator for new leaders"))
    assert incubator.evaluated == 2
    assert incubator.is_pooled_only and incubator.pooled.respondents == 13
    growing = offer_evaluation(Offer.objects.get(title="Growing system leaders"))
    assert growing.evaluated == 1 and growing.too_few
    assert Survey.objects.filter(kind=Survey.Kind.EVALUATION).count() == 3


def test_the_survey_hook_is_registered_by_development():
    assert survey_hooks.results_withheld.registered
    assert "development" in repr(survey_hooks.results_withheld)


def test_pools_grow_only_by_batches_of_10_so_comparing_over_time_gives_nobody_away():
    """The attack over time: seen when two cohorts of 6 and 7 had closed (13), then again
    after a cohort of 5 closed. Had the pool become 18, the difference would be the five's
    answers. It stays 13 until enough more have closed to make 10."""
    offer = OfferFactory()
    _evaluated(offer, 6, rating="Good")
    _evaluated(offer, 7, rating="Good")
    before = evaluation_selectors.offer_evaluation(offer)
    assert before.pooled.respondents == 13
    _evaluated(offer, 5, rating="Very poor")
    after = evaluation_selectors.offer_evaluation(offer)
    assert after.pooled.respondents == 13 and after.held_back == 1
    assert _rating_counts(after.pooled) == _rating_counts(before.pooled)
    _evaluated(offer, 5, rating="Fair")
    grown = evaluation_selectors.offer_evaluation(offer)
    assert grown.pooled.respondents == 23 and grown.held_back == 0
    assert _rating_counts(grown.pooled)["Very poor"] == "5"  # a batch of 10, not 5
