"""Cohort evaluation: the CCPL team drafts an ended cohort's anonymous evaluation
questionnaire (sent from the survey's own pages); the pooled results are a section of the
offer's staff page (``manage.offer_manage``, from ``evaluation_selectors``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from ccpl.access import permission_required

from .. import evaluation_services
from ..models import Cohort
from . import MANAGE


@require_POST
@permission_required(MANAGE)
def evaluation_survey_create(request, pk):
    cohort = get_object_or_404(Cohort, pk=pk)
    try:
        survey = evaluation_services.evaluation_survey_create(user=request.user, cohort=cohort)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("development:cohort_manage", pk=pk)
    messages.success(
        request,
        "The evaluation questionnaire has been drafted with everyone selected for the cohort "
        "invited. Check it, then open it and send the invitations.",
    )
    return redirect("surveys:survey_detail", pk=survey.pk)
