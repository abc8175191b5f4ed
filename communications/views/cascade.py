"""The cascade's pages: the public list of networks and joining one (double opt-in),
confirming and leaving from the links in e-mails, a lead forwarding a sent bulletin, and the
CCPL team's network pages. A GET never joins, confirms or leaves anyone."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ccpl.access import permission_required, public
from ccpl.forms import add_service_errors
from ccpl.pages import form_page

from .. import cascade_selectors, cascade_services, selectors
from ..cascade_models import Network
from ..forms import ForwardForm, JoinForm, NetworkForm

VIEW = "communications.view_communications"
MANAGE = "communications.manage_communications"


def _home():
    return [("Home", reverse("home"))]


def _networks_crumbs():
    return [*_home(), ("Networks", reverse("communications:network_list"))]


def _invalid_link(request, error: PermissionDenied):
    return render(
        request,
        "communications/cascade/invalid_link.html",
        {"message": str(error), "breadcrumbs": _networks_crumbs()},
        status=403,
    )


# --- Public: joining ----------------------------------------------------------------------


@public
def network_list(request):
    page = Paginator(cascade_selectors.open_networks(), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "communications/cascade/network_list.html",
        {"page_obj": page, "breadcrumbs": _home()},
    )


@public
def network_join(request, slug):
    """Anyone joins with their own address (confirmed from the e-mail sent to it); a
    signed-in leader may instead join with the address on their record, in one click."""
    network = get_object_or_404(Network, slug=slug, is_open=True)
    own_email = (
        cascade_services.account_email(request.user) if request.user.is_authenticated else ""
    )
    as_self = request.method == "POST" and "as_self" in request.POST
    form = JoinForm(request.POST if request.method == "POST" and not as_self else None)
    if as_self:
        if not own_email:
            raise PermissionDenied
        try:
            cascade_services.network_join_account(network=network, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"You have joined the {network.name} list as {own_email}.")
        return redirect("communications:network_join", slug=slug)
    if request.method == "POST" and form.is_valid():
        try:
            cascade_services.network_join(
                network=network,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # The same page whether or not the address was on the list already.
            return redirect("communications:network_join_sent", slug=slug)
    return render(
        request,
        "communications/cascade/join.html",
        {
            "network": network,
            "form": form,
            "own_email": own_email,
            "breadcrumbs": _networks_crumbs(),
        },
    )


@public
def network_join_sent(request, slug):
    network = get_object_or_404(Network, slug=slug, is_open=True)
    return render(
        request,
        "communications/cascade/join_sent.html",
        {"network": network, "breadcrumbs": _networks_crumbs()},
    )


@public
def network_confirm(request, token):
    """GET: the confirm button (a mail scanner fetching the link confirms nothing).
    POST: put the address on the list."""
    try:
        subscriber = cascade_services.subscriber_for_join_token(token)
    except PermissionDenied as error:
        return _invalid_link(request, error)
    done = False
    if request.method == "POST":
        subscriber = cascade_services.network_confirm(subscriber=subscriber)
        done = True
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return render(
        request,
        "communications/cascade/confirm.html",
        {
            "subscriber": subscriber,
            "network": subscriber.network,
            "done": done,
            "breadcrumbs": _networks_crumbs(),
        },
    )


@public
def network_leave(request, token):
    try:
        network, email = cascade_services.network_and_email_for_leave_token(token)
    except PermissionDenied as error:
        return _invalid_link(request, error)
    done = False
    if request.method == "POST":
        cascade_services.network_leave(network=network, email=email)
        done = True
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return render(
        request,
        "communications/cascade/leave.html",
        {"network": network, "email": email, "done": done, "breadcrumbs": _networks_crumbs()},
    )


@public
@csrf_exempt
@require_POST
def network_leave_one_click(request, token):
    """RFC 8058 one-click leaving: the signed token is the authority."""
    try:
        network, email = cascade_services.network_and_email_for_leave_token(token)
    except PermissionDenied as error:
        return HttpResponse(str(error), status=403, content_type="text/plain")
    if request.POST.get("List-Unsubscribe") != "One-Click":
        return HttpResponseBadRequest("Expected List-Unsubscribe=One-Click.")
    cascade_services.network_leave(network=network, email=email)
    return HttpResponse(f"You have left the {network.name} list.", content_type="text/plain")


# --- A lead forwarding ----------------------------------------------------------------------


def _network(request, pk, network_pk):
    return get_object_or_404(Network, pk=network_pk)


@permission_required("communications.forward_to_network", fn=_network)
def bulletin_forward(request, pk, network_pk):
    network = get_object_or_404(Network, pk=network_pk)
    bulletin = get_object_or_404(selectors.archive(public_only=False), pk=pk)
    form = ForwardForm(request.POST or None)
    form.cancel_url = bulletin.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            forward = cascade_services.bulletin_forward(
                user=request.user,
                bulletin=bulletin,
                network=network,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The bulletin is on its way to {forward.recipients} "
                f"{'address' if forward.recipients == 1 else 'addresses'} on the "
                f"{network.name} list that had not had it already.",
            )
            return redirect(bulletin.get_absolute_url())
    return form_page(
        request,
        form,
        title=f"Forward it to the {network.name}",
        caption=bulletin.title,
        intro=(
            "Everyone who confirmed they want the network's e-mails gets it, except people "
            "who have had it already or have unsubscribed. You can forward a bulletin to a "
            "network once."
        ),
        breadcrumbs=[
            *_home(),
            ("Bulletins", reverse("communications:archive")),
            (bulletin.title, bulletin.get_absolute_url()),
        ],
    )


# --- The CCPL team's network pages ----------------------------------------------------------


def _manage_crumbs(*extra):
    return [*_home(), ("Networks", reverse("communications:network_manage_list")), *extra]


@permission_required(VIEW)
def network_manage_list(request):
    page = Paginator(cascade_selectors.manage_networks(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "communications/cascade/manage_list.html",
        {
            "page_obj": page,
            "breadcrumbs": [*_home(), ("Bulletins", reverse("communications:manage"))],
        },
    )


@permission_required(VIEW)
def network_manage(request, pk):
    network = get_object_or_404(cascade_selectors.manage_networks(), pk=pk)
    page = Paginator(cascade_selectors.network_subscribers(network), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communications/cascade/manage_detail.html",
        {"network": network, "page_obj": page, "breadcrumbs": _manage_crumbs()},
    )


def _network_form_page(request, *, network=None):
    form = NetworkForm(
        request.POST or None, initial=NetworkForm.initial_for(network) if network else None
    )
    form.cancel_url = (
        reverse("communications:network_manage", args=[network.pk])
        if network
        else reverse("communications:network_manage_list")
    )
    if request.method == "POST" and form.is_valid():
        try:
            network = cascade_services.network_save(
                user=request.user, network=network, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The network has been saved.")
            return redirect("communications:network_manage", pk=network.pk)
    return form_page(
        request,
        form,
        title="Change the network" if network else "Add a network",
        breadcrumbs=_manage_crumbs(),
    )


@permission_required(MANAGE)
def network_create(request):
    return _network_form_page(request)


@permission_required(MANAGE)
def network_edit(request, pk):
    return _network_form_page(request, network=get_object_or_404(Network, pk=pk))
