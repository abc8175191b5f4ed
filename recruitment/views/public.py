"""Public pages: vacancies, the vacancy feed, applying (with equality monitoring) and joining the talent pool."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from ccpl.access import PUBLIC, public
from ccpl.forms import add_service_errors
from ccpl.models import Place, ProfessionalGroup
from ccpl.pages import query_id
from roles.models import RoleFunction

from .. import selectors, services
from ..forms import (
    ApplicantEqualityForm,
    ApplicationForm,
    TalentPoolForm,
)
from ..models import Application, Campaign
from . import SESSION_KEY, vacancies_crumbs

# --- Public ---------------------------------------------------------------------------------

VACANCIES_PER_PAGE = 20


@public
def vacancy_list(request):
    campaigns = selectors.open_vacancies()
    function, place, group = (query_id(request, n) for n in ("function", "place", "group"))
    if function:
        campaigns = campaigns.filter(role__function_id=function)
    if place:
        campaigns = campaigns.filter(role__place_id=place)
    if group:
        # A role with no eligible groups is open to every profession.
        campaigns = campaigns.filter(
            Q(role__eligible_groups__isnull=True) | Q(role__eligible_groups=group)
        )
    return render(
        request,
        "recruitment/vacancy_list.html",
        {
            # 20 adverts a page: a large system has dozens open at once.
            "campaigns": Paginator(
                campaigns.distinct().order_by("closes_on", "role__title", "pk"), VACANCIES_PER_PAGE
            ).get_page(request.GET.get("page")),
            "functions": RoleFunction.objects.order_by("order", "name"),
            "places": Place.objects.all(),
            "groups": ProfessionalGroup.objects.filter(parent__isnull=True),
            "selected": {"function": function, "place": place, "group": group},
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


def _campaign_or_404(pk):
    try:
        return selectors.public_campaign(pk)
    except Campaign.DoesNotExist:
        raise Http404("No such vacancy") from None


@public
@require_safe
def vacancy_detail(request, pk):
    """The advert: the same for every visitor, so it is served from the page cache
    (``recruitment.urls``); the form is on a page of its own (:func:`vacancy_apply`), since a
    page with a form carries each visitor's CSRF token and is never shared."""
    campaign = _campaign_or_404(pk)
    closed_because = campaign.closed_because()
    return render(
        request,
        "recruitment/vacancy_detail.html",
        {
            "campaign": campaign,
            "jd": campaign.job_description,
            "is_open": closed_because is None,
            "closed_because": closed_because,
            "job_posting": selectors.job_posting(campaign, request=request),
            "breadcrumbs": vacancies_crumbs(),
        },
    )


@public
def vacancy_apply(request, pk):
    """The application form of an open advert. A closed advert takes no application: its
    form sends the visitor back to the advert, which says why (a late POST gets a 410)."""
    campaign = _campaign_or_404(pk)
    closed_because = campaign.closed_because()
    if closed_because is not None:
        if request.method != "POST":
            return redirect("recruitment:vacancy_detail", pk=campaign.pk)
        messages.error(request, "This advert has closed. Applications are no longer accepted.")
        return render(
            request,
            "recruitment/vacancy_apply.html",
            {
                "campaign": campaign,
                "closed_because": closed_because,
                "breadcrumbs": _advert_crumbs(campaign),
            },
            status=410,
        )
    posted = request.method == "POST"
    form = ApplicationForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            application = services.application_submit(campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[SESSION_KEY] = application.pk
            return redirect("recruitment:vacancy_equality", pk=campaign.pk)
    return render(
        request,
        "recruitment/vacancy_apply.html",
        {"campaign": campaign, "form": form, "breadcrumbs": _advert_crumbs(campaign)},
    )


def _advert_crumbs(campaign):
    return [
        *vacancies_crumbs(),
        (campaign.role.title, reverse("recruitment:vacancy_detail", args=[campaign.pk])),
    ]


def _session_application(request, campaign_pk):
    pk = request.session.get(SESSION_KEY)
    if not pk:
        return None
    return Application.objects.filter(pk=pk, campaign_id=campaign_pk).first()


@public
def vacancy_equality(request, pk):
    # Only the application just made in this browser session; its answers are never shown back.
    application = _session_application(request, pk)
    if application is None:
        return redirect("recruitment:vacancy_detail", pk=pk)
    form = ApplicantEqualityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.application_equality_save(application=application, answers=form.cleaned_data)
        return redirect("recruitment:vacancy_confirmation", pk=pk)
    return render(
        request,
        "recruitment/vacancy_equality.html",
        {"form": form, "campaign_pk": pk, "breadcrumbs": vacancies_crumbs()},
    )


@public
def vacancy_confirmation(request, pk):
    application = _session_application(request, pk)
    if application is None:
        return redirect("recruitment:vacancy_detail", pk=pk)
    request.session.pop(SESSION_KEY, None)
    return render(
        request,
        "recruitment/vacancy_confirmation.html",
        {
            "candidate_number": application.candidate_number,
            "role": application.campaign.role,
            "closes_on": application.campaign.closes_on,
            "email": application.email,
        },
    )


class VacancyFeed(Feed):
    audience = PUBLIC
    title = "Clinical and care leadership vacancies"
    description = "Open adverts for clinical and care professional leadership roles."

    def link(self):
        return reverse("recruitment:vacancy_list")

    def items(self):
        return selectors.open_vacancies()[:50]

    def item_title(self, item):
        return item.role.title

    def item_description(self, item):
        return selectors.advert_description(item)

    def item_pubdate(self, item):
        # The day the advert opened, from the start of that day in the site's time zone.
        return timezone.make_aware(datetime.combine(item.opens_on, time.min))

    def item_link(self, item):
        return item.get_absolute_url()


vacancy_feed = VacancyFeed()


# --- Talent pool ---------------------------------------------------------------------------


@public
def talent_pool_join(request):
    posted = request.method == "POST"
    form = TalentPoolForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            services.talent_pool_join(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "recruitment/talent_pool_joined.html",
                {"breadcrumbs": vacancies_crumbs()},
            )
    return render(
        request,
        "recruitment/talent_pool_join.html",
        {"form": form, "breadcrumbs": vacancies_crumbs()},
    )
