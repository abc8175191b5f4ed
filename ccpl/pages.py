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


def query_id(request, name: str) -> int | None:
    """The id in the query string parameter ``name``, or None when it is not one.

    Short ASCII digit strings only: ``"²".isdigit()`` is true but ``int("²")`` fails, and a
    huge number would overflow the database's integer."""
    value = request.GET.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None
