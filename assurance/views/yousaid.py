"""You said, we did: the CCPL team's list and forms (executives read), and the public page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ccpl.access import permission_required, public
from ccpl.forms import add_service_errors
from ccpl.pages import form_page

from .. import yousaid_selectors as selectors
from .. import yousaid_services as services
from ..yousaid_forms import YouSaidFilterForm, YouSaidForm

VIEW = "assurance.view_you_said"
MANAGE = "assurance.manage_you_said"
TITLE = "You said, we did"


def _crumbs(*extra):
    return [
        ("Home", reverse("home")),
        (TITLE, reverse("assurance:you_said_manage")),
        *extra,
    ]


def _entry(pk):
    entry = selectors.entry_get(pk)
    if entry is None:
        raise Http404("No such entry.")
    return entry


@permission_required(VIEW)
def manage_list(request):
    form = YouSaidFilterForm(request.GET or None)
    entries = selectors.entry_list(**form.filters())
    page = Paginator(entries, 20).get_page(request.GET.get("page"))
    selectors.with_status(page.object_list)
    return render(
        request,
        "assurance/yousaid/manage_list.html",
        {"form": form, "page_obj": page, "breadcrumbs": [("Home", reverse("home"))]},
    )


def _save(request, form, entry=None):
    data = dict(form.cleaned_data)
    actions = data.pop("actions")
    try:
        if entry is None:
            return services.entry_create(user=request.user, actions=actions, **data)
        return services.entry_update(user=request.user, entry=entry, actions=actions, **data)
    except ValidationError as error:
        add_service_errors(form, error)
    return None


@permission_required(MANAGE)
def entry_create(request):
    form = YouSaidForm(request.POST or None, cancel_url=reverse("assurance:you_said_manage"))
    if request.method == "POST" and form.is_valid() and _save(request, form) is not None:
        messages.success(request, "The entry has been added.")
        return redirect("assurance:you_said_manage")
    return form_page(
        request,
        form,
        title="Add to you said, we did",
        intro="Write what leaders said and what we did in the CCPL team's own words: only those "
        "words reach the public page.",
        breadcrumbs=_crumbs(),
    )


@permission_required(MANAGE)
def entry_edit(request, pk):
    entry = _entry(pk)
    initial = {name: getattr(entry, name) for name in services.EDIT_FIELDS}
    initial["is_public"] = entry.is_public
    initial["actions"] = list(entry.actions.all())
    form = YouSaidForm(
        request.POST or None, initial=initial, cancel_url=reverse("assurance:you_said_manage")
    )
    if request.method == "POST" and form.is_valid() and _save(request, form, entry) is not None:
        messages.success(request, "The entry has been saved.")
        return redirect("assurance:you_said_manage")
    return form_page(request, form, title="Change the entry", breadcrumbs=_crumbs())


@permission_required(MANAGE)
def entry_delete(request, pk):
    entry = _entry(pk)
    if request.method == "POST":
        services.entry_delete(user=request.user, entry=entry)
        messages.success(request, "The entry has been deleted.")
        return redirect("assurance:you_said_manage")
    return render(
        request,
        "assurance/yousaid/delete.html",
        {"entry": entry, "breadcrumbs": _crumbs()},
    )


@public
def public_page(request):
    return render(
        request,
        "assurance/yousaid/public.html",
        {
            "groups": selectors.you_said_we_did(public_only=True),
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )
