"""The public summary of the latest signed-off self-assessment, only when the ICB chose to
publish it: levels and narrative, never internal notes, never an unpublished figure."""

from django.shortcuts import render
from django.urls import reverse

from ccpl.access import public

from .. import selectors


@public
def summary(request):
    assessment = selectors.latest_published()
    context = {"assessment": assessment, "breadcrumbs": [("Home", reverse("home"))]}
    if assessment is None:
        return render(request, "assurance/not_published.html", context, status=404)
    context["entries"] = selectors.public_summary(assessment)
    return render(request, "assurance/public_summary.html", context)
