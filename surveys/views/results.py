"""Results: the full results for staff and executives, breakdowns, trends, moderation of
comments, recommendations, publishing, and the published summary for leaders (or everyone)."""

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from ccpl.access import permission_required, public
from ccpl.disclosure import SURVEY_FOOTNOTE
from ccpl.exports import csv_response
from ccpl.fragments import fragment_vary
from ccpl.models import Person, Priority
from ccpl.pages import form_page

from .. import selectors, services
from ..forms import CommentBulkForm, CommentModerationForm, RecommendationsForm
from ..models import Answer, QuestionKind, Survey
from . import MANAGE, VIEW, crumbs, survey_crumbs


def _withheld(request, survey, title="Results"):
    """The page shown instead of results that nobody may see yet (open, or under 10), or None."""
    reason = selectors.results_withheld_reason(survey)
    if not reason:
        return None
    return render(
        request,
        "surveys/results_withheld.html",
        {
            "survey": survey,
            "title": title,
            "reason": reason,
            "rate": selectors.response_rate(survey),
            "breadcrumbs": survey_crumbs(survey),
        },
        status=403,
    )


@permission_required(VIEW)
def results(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    if withheld := _withheld(request, survey):
        return withheld
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            # Worked out only when the cached parts are out of date (ccpl.fragments).
            "results": SimpleLazyObject(lambda: selectors.survey_results(survey)),
            "breakdown_questions": SimpleLazyObject(lambda: selectors.breakdown_questions(survey)),
            "fragment": fragment_vary(request, survey.pk),
            "footnote": SURVEY_FOOTNOTE,
            "breadcrumbs": survey_crumbs(survey),
        },
    )


@permission_required(VIEW)
def breakdown(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    if withheld := _withheld(request, survey, "Results by group"):
        return withheld
    options = selectors.breakdown_questions(survey)
    if not options:
        raise Http404("This survey has no about-you questions to break results down by.")
    by = next((q for q in options if str(q.pk) == request.GET.get("by")), options[0])
    return render(
        request,
        "surveys/breakdown.html",
        {
            "survey": survey,
            "by": by,
            "options": options,
            "breakdowns": selectors.survey_breakdowns(survey, by=by),
            "footnote": SURVEY_FOOTNOTE,
            "breadcrumbs": survey_crumbs(
                survey, ("Results", reverse("surveys:results", args=[pk]))
            ),
        },
    )


@permission_required(VIEW)
def trends(request):
    return render(
        request,
        "surveys/trends.html",
        {"trend": selectors.favourable_trend(), "breadcrumbs": crumbs()},
    )


@permission_required("surveys.export_responses")
def responses_export(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    if withheld := _withheld(request, survey, "Anonymised responses"):
        return withheld
    return csv_response(
        rows=selectors.anonymised_response_rows(survey),
        filename=f"survey-{survey.year}-responses-{timezone.localdate():%Y-%m-%d}.csv",
    )


def _person_names():
    return [p.full_name for p in Person.objects.only("given_name", "family_name")]


def _results_csv(survey):
    return csv_response(
        rows=selectors.results_table_rows(selectors.survey_results(survey)),
        filename=f"survey-{survey.year}-results-{timezone.localdate():%Y-%m-%d}.csv",
    )


@permission_required(VIEW)
def results_export(request, pk):
    """The results table (counts and percentages for each answer) as CSV."""
    survey = get_object_or_404(Survey, pk=pk)
    if withheld := _withheld(request, survey, "Results"):
        return withheld
    return _results_csv(survey)


@permission_required(MANAGE)
def comment_list(request, pk):
    """The comments, 20 a page, each with a checkbox: publish or withhold the ticked ones in
    one go, or decide one at a time (with editing)."""
    survey = get_object_or_404(Survey, pk=pk)
    if withheld := _withheld(request, survey, "Comments"):
        return withheld
    questions = list(survey.questions.filter(kind=QuestionKind.FREE_TEXT))
    question = next((q for q in questions if str(q.pk) == request.GET.get("question")), None)
    status = request.GET.get("status", "")
    if status not in Answer.Moderation.values:
        status = ""
    comments = selectors.comment_list(survey, question=question, status=status)
    page = Paginator(comments, 20).get_page(request.GET.get("page"))
    form = CommentBulkForm(request.POST or None, answer_ids=[a.pk for a in page])
    if request.method == "POST" and form.is_valid():
        publish = form.cleaned_data["decision"] == "publish"
        try:
            count = services.comments_moderate_bulk(
                survey=survey,
                answer_ids=form.cleaned_data["comments"],
                publish=publish,
                names=_person_names() if publish else (),
            )
        except ValidationError as error:
            form.add_error("comments", error)
        else:
            verb = "published" if publish else "withheld"
            messages.success(request, f"{count} comment{'s' if count != 1 else ''} {verb}.")
            return redirect(request.get_full_path())
    return render(
        request,
        "surveys/comment_list.html",
        {
            "survey": survey,
            "page_obj": page,
            "form": form,
            "questions": questions,
            "question": question,
            "status": status,
            "statuses": Answer.Moderation.choices,
            "breadcrumbs": survey_crumbs(
                survey, ("Results", reverse("surveys:results", args=[pk]))
            ),
        },
        status=400 if form.errors else 200,
    )


@permission_required(MANAGE)
def comment_moderate(request, pk, answer_pk):
    survey = get_object_or_404(Survey, pk=pk)
    if withheld := _withheld(request, survey, "Comments"):
        return withheld
    answer = get_object_or_404(
        Answer.objects.select_related("question"),
        pk=answer_pk,
        question__survey=survey,
        question__kind=QuestionKind.FREE_TEXT,
    )
    if answer.moderation == Answer.Moderation.PUBLISH:
        suggested = answer.published_text
    else:
        suggested = services.redaction_suggest(answer.text, names=_person_names())
    initial = {"published_text": suggested}
    if answer.moderation in (Answer.Moderation.PUBLISH, Answer.Moderation.WITHHOLD):
        initial["decision"] = answer.moderation
    form = CommentModerationForm(request.POST or None, initial=initial)
    back = reverse("surveys:comment_list", args=[pk]) + f"?question={answer.question_id}"
    form.cancel_url = back
    if request.method == "POST" and form.is_valid():
        services.comment_moderate(
            answer=answer,
            publish=form.cleaned_data["decision"] == "publish",
            published_text=form.cleaned_data["published_text"],
        )
        messages.success(request, "Your decision on the comment has been saved.")
        return redirect(back)
    return render(
        request,
        "surveys/comment_moderate.html",
        {
            "survey": survey,
            "answer": answer,
            "form": form,
            "breadcrumbs": survey_crumbs(
                survey, ("Comments", reverse("surveys:comment_list", args=[pk]))
            ),
        },
    )


@permission_required(MANAGE)
def recommendations(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    priorities = list(Priority.objects.all())
    existing = {r.priority_id: r.text for r in survey.recommendations.all()}
    initial = {f"priority_{p.pk}": existing.get(p.pk, "") for p in priorities}
    initial |= {"overall": existing.get(None, ""), "summary": survey.results_summary}
    form = RecommendationsForm(request.POST or None, priorities=priorities, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.recommendations_save(
            survey=survey,
            texts=form.texts(),
            summary=form.cleaned_data["summary"],
            user=request.user,
        )
        messages.success(request, "The summary and recommendations have been saved.")
        return redirect("surveys:results", pk=pk)
    return form_page(
        request,
        form,
        title="Summary and recommendations",
        caption=survey.title,
        intro="These are shown on the published results page, beside each priority's results.",
        breadcrumbs=survey_crumbs(survey, ("Results", reverse("surveys:results", args=[pk]))),
    )


@public
def published_list(request):
    surveys = [
        s
        for s in Survey.objects.filter(status=Survey.Status.PUBLISHED).order_by("-year")
        if rules.has_perm("surveys.view_published_results", request.user, s)
    ]
    return render(
        request,
        "surveys/published_list.html",
        {"surveys": surveys, "breadcrumbs": [("Home", reverse("home"))]},
    )


def _published_survey(request, pk, **kwargs):
    return get_object_or_404(Survey, pk=pk)


@permission_required("surveys.view_published_results", fn=_published_survey)
def published_detail(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    if selectors.results_withheld_reason(survey):
        raise Http404("These results are not published.")
    trend = selectors.favourable_trend() if survey.is_trend_survey else None
    return render(
        request,
        "surveys/published_detail.html",
        {
            "survey": survey,
            "results": selectors.survey_results(survey),
            "trend": trend,
            "footnote": SURVEY_FOOTNOTE,
            "breadcrumbs": [
                ("Home", reverse("home")),
                ("Survey results", reverse("surveys:published_list")),
            ],
        },
    )


PUBLISHED_COMMENTS_PER_PAGE = 50


@permission_required("surveys.view_published_results", fn=_published_survey)
def published_comments(request, pk, question_pk):
    """Every published comment to one free-text question, 50 a page (the results page shows
    the first few: a large system publishes thousands)."""
    survey = get_object_or_404(Survey, pk=pk)
    if selectors.results_withheld_reason(survey):
        raise Http404("These results are not published.")
    question = get_object_or_404(
        survey.questions.filter(kind=QuestionKind.FREE_TEXT), pk=question_pk
    )
    comments = Paginator(selectors.published_comments(question), PUBLISHED_COMMENTS_PER_PAGE)
    return render(
        request,
        "surveys/published_comments.html",
        {
            "survey": survey,
            "question": question,
            "comments": comments.get_page(request.GET.get("page")),
            "breadcrumbs": [
                ("Home", reverse("home")),
                ("Survey results", reverse("surveys:published_list")),
                (survey.title, reverse("surveys:published_detail", args=[survey.pk])),
            ],
        },
    )


@permission_required("surveys.view_published_results", fn=_published_survey)
def published_export(request, pk):
    """The published results table as CSV, for whoever may read the published results."""
    survey = get_object_or_404(Survey, pk=pk)
    if selectors.results_withheld_reason(survey):
        raise Http404("These results are not published.")
    return _results_csv(survey)
