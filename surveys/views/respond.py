"""The respondent journey: public, reached only with a personal link.

``GET /survey/<token>/`` checks the link without using it up (mail scanners fetch links),
starts a journey in the respondent's own cookie and the journey table (never the session)
and redirects to addresses without the token. Only sending the answers uses the link; the
journey is then deleted. These views manage their own transactions (not ``ATOMIC_REQUESTS``)
so that using the link and saving the response are separate transactions. See
docs/adr/0003-survey-anonymity.md.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

from ccpl.access import public
from ccpl.forms import add_service_errors

from .. import selectors, services
from ..forms import SurveyPageForm, initial_from_answers
from ..models import QuestionKind

COOKIE = "ccpl_survey_journey"


def _cookie_path():
    return reverse("survey:about").removesuffix("about/")


def _unlogged(response):
    """The ``django.request`` logger writes the path of every 4xx response; the first address
    holds the token, so these pages are not logged."""
    response._has_been_logged = True
    return response


def _problem(request, error):
    """A clear page for a link that cannot be used: unknown, used, or survey not open."""
    if isinstance(error, services.LinkUnknown):
        response = render(request, "surveys/respond/link_unknown.html", status=404)
    elif isinstance(error, services.LinkUsed):
        response = render(request, "surveys/respond/link_used.html", status=410)
    else:
        response = render(request, "surveys/respond/survey_closed.html", status=410)
    response.delete_cookie(COOKIE, path=_cookie_path())
    return _unlogged(response)


def _journey(request, *, link_check=True):
    """(journey, secret, survey, pages) for a journey whose link still works, or an error page.

    ``link_check=False``: the caller is about to submit, which checks the link itself."""
    secret = request.COOKIES.get(COOKIE, "")
    journey = services.journey_get(secret=secret)
    if journey is None:
        return None, render(request, "surveys/respond/journey_missing.html", status=404)
    try:
        if link_check:
            services.journey_link_check(journey=journey, secret=secret)
    except services.LinkError as error:
        services.journey_end(journey=journey)
        return None, _problem(request, error)
    pages = [(s, qs) for s, qs in selectors.survey_structure(journey.survey) if qs]
    return (journey, secret, journey.survey, pages), None


def _page_url(number, change=False):
    url = reverse("survey:page", kwargs={"number": number})
    return url + "?change=1" if change else url


@transaction.non_atomic_requests
@public
def start(request, token):
    """The personal link: check it, start (or continue) the journey, leave the token behind."""
    try:
        _journey, secret = services.journey_start(
            token=token, secret=request.COOKIES.get(COOKIE, "")
        )
    except services.LinkError as error:
        return _problem(request, error)
    response = redirect("survey:about")
    response.set_cookie(
        COOKIE,
        secret,
        max_age=services.JOURNEY_DAYS * 24 * 60 * 60,
        path=_cookie_path(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@transaction.non_atomic_requests
@public
def about(request):
    journey, problem = _journey(request)
    if problem:
        return problem
    _journey_, _secret, survey, pages = journey
    return render(
        request,
        "surveys/respond/start.html",
        {
            "survey": survey,
            "pages": pages,
            "first_url": _page_url(1),
            "min_respondents": services.MIN_RESPONDENTS,
            "journey_days": services.JOURNEY_DAYS,
        },
    )


def page_form_view(request, *, survey, pages, number, answers, on_valid, back_url, preview=False):
    """One page of questions, for respondents and for staff previewing."""
    section, questions = pages[number - 1]
    form = SurveyPageForm(
        # Not "request.POST or None": a page of unanswered questions posts nothing.
        request.POST if request.method == "POST" else None,
        questions=questions,
        initial=initial_from_answers(questions, answers),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.page_answers_check(questions=questions, answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return on_valid(form)
    return render(
        request,
        "surveys/respond/page.html",
        {
            "survey": survey,
            "section": section,
            "form": form,
            "number": number,
            "total": len(pages),
            "back_url": back_url,
            "preview": preview,
        },
    )


@transaction.non_atomic_requests
@public
def page(request, number):
    journey_, problem = _journey(request)
    if problem:
        return problem
    journey, _secret, survey, pages = journey_
    if not 1 <= number <= len(pages):
        return redirect("survey:about")
    change = request.GET.get("change") == "1"

    def save(form):
        questions = pages[number - 1][1]
        asked = {str(q.pk) for q in questions}
        kept = {k: v for k, v in journey.answers.items() if k not in asked}
        services.journey_answers_save(journey=journey, answers=kept | form.answers())
        if change or number == len(pages):
            return redirect("survey:check")
        return redirect(_page_url(number + 1))

    if change:
        back = reverse("survey:check")
    elif number == 1:
        back = reverse("survey:about")
    else:
        back = _page_url(number - 1)
    return page_form_view(
        request,
        survey=survey,
        pages=pages,
        number=number,
        answers=journey.answers,
        on_valid=save,
        back_url=back,
    )


def _summary(pages, answers):
    """Check-your-answers rows per page (display only: the service checks the answers)."""
    summary = []
    for number, (section, questions) in enumerate(pages, start=1):
        rows = []
        for question in questions:
            value = answers.get(str(question.pk))
            if question.kind == QuestionKind.FREE_TEXT:
                shown = [value] if value else []
            else:
                chosen = value if isinstance(value, list) else [value] if value else []
                labels = {str(o.pk): o.label for o in question.options.all()}
                shown = [labels[c] for c in chosen if c in labels]
            rows.append((question, shown))
        summary.append((section, rows, _page_url(number, change=True)))
    return summary


def _page_of(pages, question):
    return next(
        (n for n, (_s, qs) in enumerate(pages, start=1) if question in qs),
        1,
    )


@transaction.non_atomic_requests
@public
def check(request):
    # Sending checks the link (once, in the service) before anything else.
    journey_, problem = _journey(request, link_check=request.method != "POST")
    if problem:
        return problem
    journey, secret, survey, pages = journey_
    errors = []
    if request.method == "POST":
        try:
            services.journey_submit(journey=journey, secret=secret)
        except services.LinkError as error:
            services.journey_end(journey=journey)
            return _problem(request, error)
        except services.AnswerMissing as error:
            errors.append((error.message, _page_url(_page_of(pages, error.question), True)))
        except services.NothingAnswered as error:
            errors.append((error.message, _page_url(1, change=True)))
        except ValidationError:
            # The questions changed under the answers (should not happen once open).
            return redirect(_page_url(1))
        else:
            response = redirect("survey:thank_you")
            response.delete_cookie(COOKIE, path=_cookie_path())
            return response
    return render(
        request,
        "surveys/respond/check.html",
        {
            "survey": survey,
            "summary": _summary(pages, journey.answers),
            "errors": errors,
            "back_url": _page_url(len(pages)),
        },
        status=400 if errors else 200,
    )


@public
def thank_you(request):
    return render(request, "surveys/respond/thank_you.html")
