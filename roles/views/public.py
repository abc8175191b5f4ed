"""The public role register (HTML, CSV, JSON) and the published diversity analysis."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from ccpl import disclosure, population
from ccpl.access import PublicMixin, public
from ccpl.exports import csv_response
from ccpl.models import IntegratedCareBoard

from .. import presenters, selectors
from ..filters import RoleFilter
from ..services import add_months
from ..tables import RegisterTable
from . import public_crumbs


def _register_context():
    review = selectors.last_register_review()
    return {
        "last_review": review,
        "next_review_due": add_months(review.reviewed_on, selectors.REGISTER_REVIEW_MONTHS)
        if review
        else None,
    }


class RegisterView(PublicMixin, SingleTableMixin, FilterView):
    """The published role register: who holds each leadership role and where it is involved
    in decision-making. Names and professional groups only; no equality data, ever."""

    table_class = RegisterTable
    filterset_class = RoleFilter
    table_pagination = {"per_page": 100}
    template_name = "roles/register.html"

    def get_queryset(self):
        return selectors.role_register()

    def get_table_kwargs(self):
        return {"advert_urls": selectors.advert_urls()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_register_context())
        context["query_string"] = self.request.GET.urlencode()
        context["breadcrumbs"] = public_crumbs()
        return context


def _register_rows(request):
    filterset = RoleFilter(request.GET or None, queryset=selectors.role_register())
    roles = filterset.qs if filterset.is_valid() else selectors.role_register()
    return presenters.role_register_rows(roles)


@public
def register_csv(request):
    rows = presenters.role_register_csv_rows(_register_rows(request))
    return csv_response(rows=rows, filename=f"role-register-{timezone.localdate():%Y-%m-%d}.csv")


@public
def register_json(request):
    review = selectors.last_register_review()
    icb = IntegratedCareBoard.current()
    body = {
        "title": "Clinical and care professional leadership roles",
        "publisher": icb.name,
        "generated_on": timezone.localdate().isoformat(),
        "last_reviewed_on": review.reviewed_on.isoformat() if review else None,
        "roles": _register_rows(request),
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'inline; filename="role-register.json"'
    return response


@public
def diversity(request):
    published = selectors.diversity_published()
    analysis = published.analysis
    return render(
        request,
        "roles/diversity.html",
        {
            "published": published,
            "analysis": analysis,
            "tables": analysis.tables if analysis else [],
            "total": analysis.total if analysis else None,
            "min_changes": settings.PEOPLE_PUBLICATION_MIN_CHANGES,
            "footnote": disclosure.PEOPLE_FOOTNOTE,
            "breadcrumbs": public_crumbs(("Leadership roles", reverse("roles:public_list"))),
        },
    )


@public
def diversity_csv(request):
    published = selectors.diversity_published()
    if published.analysis is None:  # nothing published yet: the header only
        return csv_response(rows=[population.CSV_HEADER], filename="leadership-diversity.csv")
    return csv_response(
        rows=population.diversity_csv_rows(published.analysis),
        filename=f"leadership-diversity-{published.published_on:%Y-%m-%d}.csv",
    )
