"""The public catalogue of development offers and one offer's page."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from ccpl.access import public

from .. import selectors
from ..forms import CatalogueFilterForm
from ..models import Offer
from . import public_crumbs

PER_PAGE = 10


@public
def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    offers = selectors.catalogue_offers(
        kind=filters.get("kind") or None, profession=filters.get("profession")
    )
    page = Paginator(offers, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "development/catalogue.html",
        {
            "filter_form": form,
            "filtered": any(filters.values()),
            "page_obj": page,
            "breadcrumbs": public_crumbs(),
        },
    )


@public
def offer_detail(request, pk):
    try:
        offer = selectors.public_offer(pk)
    except Offer.DoesNotExist:
        raise Http404("No such development offer") from None
    return render(
        request,
        "development/offer_detail.html",
        {
            "offer": offer,
            "today": timezone.localdate(),
            "breadcrumbs": public_crumbs(("Development offers", reverse("development:catalogue"))),
        },
    )
