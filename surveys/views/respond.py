"""The respondent journey: public, reached only with a personal link. Answers stay in the
respondent's session until they submit, and are then deleted from it."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from ccpl.access import public

from .. import selectors, services
from ..forms import SurveyPageForm, initial_from_answers
from ..models import QuestionKind

THANKS_KEY = "survey:thanks"


def _session_key(token):
    return f"survey:{services.hash_token(token)}"


def _problem(request, error):
    """A clear page for a link that cannot be used: unknown, used, or survey not open."""
    if isinstance(error, services.LinkUnknown):
        return render(request, "surveys/respond/link_unknown.html", status=404)
    if isinstance(error, services.LinkUsed):
        return render(request, "surveys/respond/link_used.html", status=410)
    return render(request, "surveys/respond/survey_closed.html", status=410)


def _journey(request, token):
    """(survey, pages, answers) for a usable link, or an error page."""
    try:
        link = services.link_check(token)
    except services.LinkError as error:
        request.session.pop(_session_key(token), None)
        return None, _problem(request, error)
    survey = link.invitation.survey
    pages = [(s, qs) for s, qs in selectors.survey_structure(survey) if qs]
    answers = request.session.get(_session_key(token), {})
    return (survey, pages, answers), None


def _page_url(token, number, change=False):
    url = reverse("survey:page", kwargs={"token": token, "number": number})
    return url + "?change=1" if change else url


@public
def start(request, token):
    journey, problem = _journey(request, token)
    if problem:
        return problem
    survey, pages, _answers = journey
    return render(
        request,
        "surveys/respond/start.html",
        {"survey": survey, "pages": pages, "first_url": _page_url(token, 1)},
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


@public
def page(request, token, number):
    journey, problem = _journey(request, token)
    if problem:
        return problem
    survey, pages, answers = journey
    if not 1 <= number <= len(pages):
        return redirect("survey:start", token=token)
    change = request.GET.get("change") == "1"

    def save(form):
        questions = pages[number - 1][1]
        kept = {k: v for k, v in answers.items() if k not in {str(q.pk) for q in questions}}
        request.session[_session_key(token)] = kept | form.answers()
        if change or number == len(pages):
            return redirect("survey:check", token=token)
        return redirect(_page_url(token, number + 1))

    if change:
        back = reverse("survey:check", kwargs={"token": token})
    elif number == 1:
        back = reverse("survey:start", kwargs={"token": token})
    else:
        back = _page_url(token, number - 1)
    return page_form_view(
        request,
        survey=survey,
        pages=pages,
        number=number,
        answers=answers,
        on_valid=save,
        back_url=back,
    )


def _summary(pages, answers, token):
    """Check-your-answers rows per page, and the first page with a required answer missing."""
    summary, missing = [], None
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
            if question.required and not shown and missing is None:
                missing = number
            rows.append((question, shown))
        summary.append((section, rows, _page_url(token, number, change=True)))
    return summary, missing


@public
def check(request, token):
    journey, problem = _journey(request, token)
    if problem:
        return problem
    survey, pages, answers = journey
    summary, missing = _summary(pages, answers, token)
    if missing is not None:
        return redirect(_page_url(token, missing))
    if request.method == "POST":
        try:
            services.response_submit(token=token, answers=answers)
        except services.LinkError as error:
            request.session.pop(_session_key(token), None)
            return _problem(request, error)
        except ValidationError:
            # The questions changed under the answers (should not happen once open).
            return redirect(_page_url(token, 1))
        request.session.pop(_session_key(token), None)
        request.session[THANKS_KEY] = survey.title
        return redirect("survey:thank_you")
    return render(
        request,
        "surveys/respond/check.html",
        {
            "survey": survey,
            "summary": summary,
            "back_url": _page_url(token, len(pages)),
        },
    )


@public
def thank_you(request):
    title = request.session.pop(THANKS_KEY, None)
    return render(request, "surveys/respond/thank_you.html", {"survey_title": title})
