"""Importing past results from a survey tool's CSV export: upload; what each column becomes
(new questions from the headers, or existing ones); which option each answer label means;
then everything is saved in one go."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ccpl.access import permission_required

from .. import importing, services
from ..forms import ImportAnswersForm, ImportQuestionsForm, ImportUploadForm
from ..models import CHOICE_KINDS, SCALES, Survey
from . import MANAGE, survey_crumbs


def _session_key(survey):
    return f"survey-import:{survey.pk}"


def _importable(request, survey):
    if survey.status == Survey.Status.OPEN:
        messages.error(request, "You cannot import responses while the survey is open.")
        return redirect("surveys:survey_detail", pk=survey.pk)
    if not survey.is_editable and not survey.questions.exists():
        messages.error(request, "Add the survey's questions before importing its responses.")
        return redirect("surveys:survey_detail", pk=survey.pk)
    return None


def _stored(request, survey):
    stored = request.session.get(_session_key(survey))
    if not stored:
        messages.error(request, "Upload the file first.")
    return stored


def _crumbs(survey):
    return survey_crumbs(
        survey, ("Import responses", reverse("surveys:import_upload", args=[survey.pk]))
    )


@permission_required(MANAGE)
def import_upload(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    stop = _importable(request, survey)
    if stop:
        return stop
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = importing.upload_read(
                form.cleaned_data["file"],
                skip_second_header=form.cleaned_data["skip_second_header"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            # Identity and time columns were dropped while reading: they are never kept.
            request.session[_session_key(survey)] = upload.as_session()
            return redirect("surveys:import_map", pk=pk)
    return render(
        request,
        "surveys/import_upload.html",
        {"survey": survey, "form": form, "breadcrumbs": survey_crumbs(survey)},
    )


@permission_required(MANAGE)
def import_map(request, pk):
    """Step 2: what each column becomes."""
    survey = get_object_or_404(Survey, pk=pk)
    stop = _importable(request, survey)
    if stop:
        return stop
    stored = _stored(request, survey)
    if not stored:
        return redirect("surveys:import_upload", pk=pk)
    upload = importing.Upload.from_session(stored)
    form = ImportQuestionsForm(
        request.POST or None,
        upload=upload,
        proposals=importing.question_proposals(survey, upload),
        questions=survey.questions.prefetch_related("options"),
        can_create=survey.is_editable,
    )
    if request.method == "POST" and form.is_valid():
        request.session[_session_key(survey)] = {**stored, "plan": form.plan()}
        return redirect("surveys:import_answers", pk=pk)
    return render(
        request,
        "surveys/import_map.html",
        {
            "survey": survey,
            "form": form,
            "upload": upload,
            "row_count": len(upload.rows),
            "breadcrumbs": _crumbs(survey),
        },
    )


def _with_options(plan: list[dict], upload, label_maps) -> list[dict]:
    """The plan with each new choice question's options: its scale, or the options that
    some label in the file was matched to, in order."""
    out = []
    for position, item in enumerate(plan):
        item = dict(item)
        if not item.get("question") and item["kind"] in CHOICE_KINDS and item["kind"] not in SCALES:
            used = set(label_maps.get(position, {}).values())
            item["options"] = [o for o in importing.plan_options(item, upload) if o in used]
        out.append(item)
    return out


@permission_required(MANAGE)
def import_answers(request, pk):
    """Step 3: which option each answer label means; then import."""
    survey = get_object_or_404(Survey, pk=pk)
    stop = _importable(request, survey)
    if stop:
        return stop
    stored = _stored(request, survey)
    if not stored or "plan" not in stored:
        return redirect("surveys:import_map" if stored else "surveys:import_upload", pk=pk)
    upload = importing.Upload.from_session(stored)
    plan = stored["plan"]
    form = ImportAnswersForm(request.POST or None, upload=upload, plan=plan)
    problems = []
    if request.method == "POST" and form.is_valid():
        label_maps = form.label_maps()
        rows, found, empty = importing.rows_build(upload=upload, plan=plan, label_maps=label_maps)
        problems = importing.problems_summarise(found)
        if not rows and not problems:
            form.add_error(None, "None of the rows has an answer to import")
        elif not problems:
            try:
                count = services.responses_import_planned(
                    survey=survey,
                    plan=_with_options(plan, upload, label_maps),
                    rows=rows,
                    user=request.user,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                del request.session[_session_key(survey)]
                skipped = f" {empty:,} empty rows were skipped." if empty else ""
                messages.success(request, f"{count:,} responses imported.{skipped}")
                return redirect("surveys:results", pk=pk)
    return render(
        request,
        "surveys/import_answers.html",
        {
            "survey": survey,
            "form": form,
            "plan": plan,
            "problems": problems,
            "problem_lines": sum(p.count for p in problems),
            "row_count": len(upload.rows),
            "breadcrumbs": _crumbs(survey),
        },
    )
