"""Page helpers every app's views share."""

from django.shortcuts import render


def form_page(request, form, *, title: str, breadcrumbs, caption: str = "", intro: str = ""):
    """One form on a page (``templates/form_page.html``): ``caption`` sits above the title
    in the heading, ``intro`` is a paragraph under it. The submit label and the Cancel link
    are the form's own (``submit_label``, ``cancel_url``)."""
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "intro": intro,
            "breadcrumbs": breadcrumbs,
        },
    )
