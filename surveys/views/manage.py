"""Staff pages: the survey list, starting a survey, the builder and the preview."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import SingleTableView

from ccpl.access import PermissionRequiredMixin, permission_required
from ccpl.exports import CsvExportMixin
from ccpl.forms import add_service_errors
from ccpl.pages import form_page, query_id

from .. import selectors, services
from ..forms import QuestionForm, SectionForm, SurveyForm, SurveyStartForm
from ..models import Question, Section, Survey
from ..tables import SurveyTable
from . import MANAGE, VIEW, crumbs, survey_crumbs
from .respond import page_form_view


class SurveyListView(PermissionRequiredMixin, CsvExportMixin, SingleTableView):
    permission_required = VIEW
    table_class = SurveyTable
    table_pagination = {"per_page": 25}
    template_name = "surveys/survey_list.html"
    export_name = "surveys"

    def get_queryset(self):
        return selectors.survey_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "breadcrumbs": [("Home", reverse("home"))],
            "latest": selectors.latest_temperature_check(),
        }


@permission_required(MANAGE)
def survey_create(request):
    latest = selectors.latest_temperature_check()
    initial = {
        "start": request.GET.get("start", SurveyStartForm.TEMPLATE),
        "year": timezone.localdate().year,
    }
    if query_id(request, "source") is not None:
        initial |= {"start": SurveyStartForm.COPY, "source": query_id(request, "source")}
    elif latest is not None:
        initial["source"] = latest.pk
    if latest is not None:
        initial["year"] = max(initial["year"], latest.year + 1)
    form = SurveyStartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["start"] == form.TEMPLATE:
                survey = services.survey_from_template(
                    year=data["year"], title=data["title"], user=request.user
                )
            elif data["start"] == form.COPY:
                survey = services.survey_copy(
                    source=data["source"],
                    year=data["year"],
                    title=data["title"]
                    or data["source"].title.replace(str(data["source"].year), str(data["year"])),
                    user=request.user,
                )
            else:
                survey = services.survey_create(
                    kind=data["resolved_kind"],
                    year=data["year"],
                    title=data["title"] or f"Survey {data['year']}",
                    user=request.user,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{survey.title}” has been created as a draft.")
            return redirect("surveys:survey_detail", pk=survey.pk)
    return form_page(
        request,
        form,
        title="Start a new survey",
        breadcrumbs=crumbs(),
        intro="Copying last year's survey keeps each question's key, so results compare year on year.",
    )


@permission_required(VIEW)
def survey_detail(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "structure": selectors.survey_structure(survey),
            "response_count": survey.responses.count(),
            "invitation_count": survey.invitations.count(),
            "breadcrumbs": crumbs(),
        },
    )


@permission_required(MANAGE)
def survey_edit(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(survey=survey, data=form.cleaned_data, user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The survey details have been saved.")
            return redirect("surveys:survey_detail", pk=survey.pk)
    return form_page(
        request,
        form,
        title="Survey details",
        caption=survey.title,
        breadcrumbs=survey_crumbs(survey),
    )


@require_POST
@permission_required(MANAGE)
def survey_status(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    status = request.POST.get("status")
    done = {
        Survey.Status.OPEN: "The survey is open. Send the invitations when you are ready.",
        Survey.Status.CLOSED: "The survey is closed. Nobody can respond now.",
        Survey.Status.PUBLISHED: "The results summary is published.",
    }
    if status not in done:
        messages.error(request, "Choose what to do with the survey.")
    else:
        try:
            services.survey_set_status(survey=survey, status=status, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done[status])
    return redirect(request.POST.get("next") or reverse("surveys:survey_detail", args=[pk]))


def _editable_survey(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    if not survey.is_editable:
        messages.error(
            request,
            "You cannot change the questions once a survey has opened. Start a new survey by copying this one.",
        )
        return survey, redirect("surveys:survey_detail", pk=pk)
    return survey, None


@permission_required(MANAGE)
def section_form(request, pk, section_pk=None):
    survey, stop = _editable_survey(request, pk)
    if stop:
        return stop
    section = get_object_or_404(Section, pk=section_pk, survey=survey) if section_pk else None
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        if section is None:
            services.section_create(survey=survey, user=request.user, **form.cleaned_data)
        else:
            services.section_update(section=section, data=form.cleaned_data, user=request.user)
        messages.success(request, "The page has been saved.")
        return redirect("surveys:survey_detail", pk=pk)
    return form_page(
        request,
        form,
        title="Change page" if section else "Add a page",
        caption=survey.title,
        breadcrumbs=survey_crumbs(survey),
        intro="Each page is one group of questions. People answer one page at a time.",
    )


@permission_required(MANAGE)
def question_form(request, pk, question_pk=None):
    survey, stop = _editable_survey(request, pk)
    if stop:
        return stop
    if not survey.sections.exists():
        messages.error(request, "Add a page before adding questions.")
        return redirect("surveys:section_create", pk=pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey) if question_pk else None
    initial = {}
    if question is None and query_id(request, "section") is not None:
        initial["section"] = query_id(request, "section")
    form = QuestionForm(request.POST or None, instance=question, survey=survey, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.question_data()
        labels = form.cleaned_data["option_labels"]
        try:
            if question is None:
                services.question_create(
                    section=data.pop("section"), data=data, option_labels=labels, user=request.user
                )
            else:
                services.question_update(
                    question=question, data=data, option_labels=labels, user=request.user
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The question has been saved.")
            return redirect("surveys:survey_detail", pk=pk)
    return form_page(
        request,
        form,
        title="Change question" if question else "Add a question",
        caption=survey.title,
        breadcrumbs=survey_crumbs(survey),
    )


@require_POST
@permission_required(MANAGE)
def item_move(request, pk, kind, item_pk):
    survey, stop = _editable_survey(request, pk)
    if stop:
        return stop
    direction = "up" if request.POST.get("direction") == "up" else "down"
    if kind == "section":
        services.section_move(
            section=get_object_or_404(Section, pk=item_pk, survey=survey),
            direction=direction,
            user=request.user,
        )
    else:
        services.question_move(
            question=get_object_or_404(Question, pk=item_pk, survey=survey),
            direction=direction,
            user=request.user,
        )
    return redirect(reverse("surveys:survey_detail", args=[pk]) + f"#{kind}-{item_pk}")


@permission_required(MANAGE)
def item_delete(request, pk, kind, item_pk):
    survey, stop = _editable_survey(request, pk)
    if stop:
        return stop
    model = Section if kind == "section" else Question
    item = get_object_or_404(model, pk=item_pk, survey=survey)
    if request.method == "POST":
        services.survey_item_delete(item=item, user=request.user)
        messages.success(
            request,
            "The page has been removed." if kind == "section" else "The question has been removed.",
        )
        return redirect("surveys:survey_detail", pk=pk)
    return render(
        request,
        "surveys/confirm_delete.html",
        {"survey": survey, "item": item, "kind": kind, "breadcrumbs": survey_crumbs(survey)},
    )


@permission_required(VIEW)
def preview(request, pk, number=1):
    """The survey as a respondent sees it. Nothing is saved."""
    survey = get_object_or_404(Survey, pk=pk)
    pages = [(s, qs) for s, qs in selectors.survey_structure(survey) if qs]
    if not pages:
        messages.error(request, "There are no questions to preview yet.")
        return redirect("surveys:survey_detail", pk=pk)
    if not 1 <= number <= len(pages):
        return redirect("surveys:preview", pk=pk, number=1)

    def next_page(form):
        if number == len(pages):
            messages.success(
                request, "That was the last page. Respondents would now check their answers."
            )
            return redirect("surveys:survey_detail", pk=pk)
        return redirect("surveys:preview", pk=pk, number=number + 1)

    back = (
        reverse("surveys:preview", args=[pk, number - 1])
        if number > 1
        else reverse("surveys:survey_detail", args=[pk])
    )
    return page_form_view(
        request,
        survey=survey,
        pages=pages,
        number=number,
        answers={},
        on_valid=next_page,
        back_url=back,
        preview=True,
    )
