"""The CCPL team's pages: who an audience reaches, counted from live data (executives
read)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from ccpl.access import permission_required

from .. import audiences
from ..forms import AudienceForm

VIEW = "communications.view_communications"


@permission_required(VIEW)
def audience(request):
    form = AudienceForm(request.GET or None)
    resolution = page = None
    if request.GET and form.is_valid():
        resolution = audiences.resolve(form.criteria(), topic=form.cleaned_data["topic"])
        page = Paginator(resolution.recipients, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "communications/audience.html",
        {
            "form": form,
            "resolution": resolution,
            "page_obj": page,
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )
