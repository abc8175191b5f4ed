"""A recipient's preferences and unsubscribing, from the signed link in an e-mail (no
sign-in) or signed in. A GET shows; only a POST changes anything."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ccpl.access import permission_required
from ccpl.forms import add_service_errors
from ccpl.pages import form_page

from .. import services
from ..forms import PreferenceForm


def _email(token: str) -> str:
    email = services.email_for_token(token)
    if email is None:
        raise PermissionDenied(
            "This link is not valid. Use the link in your latest e-mail from us."
        )
    return email


def _preference_page(request, *, email: str, back: str, crumbs):
    preference = services.preference_for(email)
    initial = {
        "topics": [] if preference.is_unsubscribed else preference.topics,
        "frequency": preference.frequency,
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_save(
                email=email,
                topics=form.cleaned_data["topics"],
                frequency=form.cleaned_data["frequency"],
                user=request.user if request.user.is_authenticated else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your choices have been saved.")
            return redirect(back)
    return form_page(
        request,
        form,
        title="Choose what you hear from us",
        intro=f"These choices are for {email}. We only send e-mails about the topics you choose.",
        breadcrumbs=crumbs,
    )


def preferences_by_link(request, token):
    email = _email(token)
    return _preference_page(
        request,
        email=email,
        back=request.path,
        crumbs=[("Home", reverse("home"))],
    )


@permission_required("ccpl.view_own_profile")
def my_preferences(request):
    person = getattr(request.user, "person", None)
    if person is None or not person.email:
        raise PermissionDenied("There is no e-mail address on your record.")
    return _preference_page(
        request,
        email=person.email,
        back=request.path,
        crumbs=[("Home", reverse("home")), ("Your profile", reverse("profile:my_profile"))],
    )


def unsubscribe(request, token):
    """GET: a page with a confirm button (a scanner fetching the link changes nothing).
    POST: unsubscribe from every e-mail."""
    email = _email(token)
    done = False
    if request.method == "POST":
        services.unsubscribe(email=email)
        done = True
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return render(
        request,
        "communications/unsubscribe.html",
        {
            "email": email,
            "done": done,
            "preference": services.preference_for(email),
            "preferences_url": reverse("communications:preferences_by_link", args=[token]),
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@csrf_exempt
@require_POST
def unsubscribe_one_click(request, token):
    """RFC 8058 one-click: the mail client POSTs ``List-Unsubscribe=One-Click`` with no
    cookies. The signed token is the authority (CSRF protection would only stop it)."""
    email = _email(token)
    if request.POST.get("List-Unsubscribe") != "One-Click":
        return HttpResponseBadRequest("Expected List-Unsubscribe=One-Click.")
    services.unsubscribe(email=email)
    return HttpResponse("You have been unsubscribed.", content_type="text/plain")
