"""Importing past results from a survey tool's CSV export: upload, map columns, check, save."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ccpl.access import permission_required
from ccpl.formatting import nhs_count

from .. import importing, services
from ..forms import ImportMappingForm, ImportUploadForm
from ..models import Survey
from . import MANAGE, survey_crumbs


def _session_key(survey):
    return f"survey-import:{survey.pk}"


def _importable(request, survey):
    if survey.status == Survey.Status.OPEN:
        messages.error(request, "You cannot import responses while the survey is open.")
        return redirect("surveys:survey_detail", pk=survey.pk)
    if not survey.questions.exists():
        messages.error(request, "Add the survey's questions before importing its responses.")
        return redirect("surveys:survey_detail", pk=survey.pk)
    return None


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
    survey = get_object_or_404(Survey, pk=pk)
    stop = _importable(request, survey)
    if stop:
        return stop
    stored = request.session.get(_session_key(survey))
    if not stored:
        messages.error(request, "Upload the file first.")
        return redirect("surveys:import_upload", pk=pk)
    upload = importing.Upload.from_session(stored)
    form = ImportMappingForm(
        request.POST or None,
        headers=upload.headers,
        questions=survey.questions.all(),
        suggestion=importing.mapping_suggest(survey, upload.headers),
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        rows, problems, empty = importing.rows_validate(
            survey=survey, upload=upload, mapping=form.mapping()
        )
        if not problems:
            count = services.responses_import(survey=survey, rows=rows)
            services.survey_mark_imported(survey=survey, user=request.user)
            del request.session[_session_key(survey)]
            skipped = f" {nhs_count(empty)} empty rows were skipped." if empty else ""
            messages.success(request, f"{nhs_count(count)} responses imported.{skipped}")
            return redirect("surveys:results", pk=pk)
    return render(
        request,
        "surveys/import_map.html",
        {
            "survey": survey,
            "form": form,
            "upload": upload,
            "problems": problems,
            "row_count": len(upload.rows),
            "breadcrumbs": survey_crumbs(
                survey, ("Import responses", reverse("surveys:import_upload", args=[pk]))
            ),
        },
    )
