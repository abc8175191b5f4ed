"""The pipeline: the CCPL team's page linking upcoming term ends and vacancies to the
talent-pool members and programme alumni who fit them (executives read it), and an
alumnus's own choice to hear about vacancies, on their development profile page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ccpl import selectors as core_selectors
from ccpl.access import permission_required

from .. import pipeline_selectors, pipeline_services
from . import VIEW, manage_crumbs

PER_PAGE = 20


@permission_required(VIEW)
def pipeline(request):
    today = timezone.localdate()
    page = Paginator(pipeline_selectors.pipeline_roles(on=today), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "development/pipeline/pipeline.html",
        {
            "page_obj": page,
            "rows": pipeline_selectors.pipeline_rows(page.object_list, on=today),
            "within_months": round(pipeline_selectors.TERM_ENDING_DAYS / 30.5),
            "today": today,
            "breadcrumbs": manage_crumbs(),
        },
    )


@require_POST
@permission_required("ccpl.view_own_profile")
def vacancy_alerts(request):
    person = core_selectors.person_for_account(request.user)
    if person is None:
        return render(request, "ccpl/no_person_record.html")
    opted_in = request.POST.get("vacancy_alerts") == "yes"
    try:
        pipeline_services.vacancy_alerts_set(person=person, opted_in=opted_in)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            "We will email you about leadership vacancies that fit you."
            if opted_in
            else "We will not email you about leadership vacancies.",
        )
    return redirect("development_profile:my_applications")
