"""The archive of sent bulletins: signed-in leaders see every one; the public sees those
marked public."""

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from .. import selectors
from ..formatting import bulletin_html


def archive(request):
    public_only = not request.user.is_authenticated
    page = Paginator(selectors.archive(public_only=public_only), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communications/archive.html",
        {
            "page_obj": page,
            "public_only": public_only,
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


def bulletin_detail(request, pk):
    bulletin = get_object_or_404(selectors.archive(public_only=False), pk=pk)
    if not bulletin.is_public and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(
        request,
        "communications/bulletin_detail.html",
        {
            "bulletin": bulletin,
            "body_html": bulletin_html(bulletin.body),
            "breadcrumbs": [
                ("Home", reverse("home")),
                ("Bulletins", reverse("communications:archive")),
            ],
        },
    )
