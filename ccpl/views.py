import hashlib
import hmac
import json

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from ccpl.formatting import nhs_count

from . import selectors, services
from .access import PermissionRequiredMixin, permission_required, public
from .context_processors import own_navigation, public_links
from .exports import CsvExportMixin
from .filters import BenchmarkFilter, EmailFilter, PersonFilter
from .forms import (
    AccountKindsForm,
    AccountSetUpForm,
    BenchmarkImportForm,
    EmailChangeForm,
    EqualityProfileForm,
    InviteForm,
    PersonDetailsForm,
    PersonForm,
    add_service_errors,
    equality_answer_rows,
)
from .hooks import equality_offers
from .models import Email, Invitation, Person
from .pages import form_page
from .rules import LEADER
from .tables import BenchmarkTable, EmailTable, PersonTable


@public
def home(request):
    return render(
        request,
        "ccpl/home.html",
        {
            "priorities": selectors.priority_list(),
            "public_links": public_links(),
            "own_links": own_navigation(request.user),
        },
    )


@public
def bench_bare(request):
    """The benchmark's yardstick (docs/benchmarks.md): a page that does nothing, behind the
    same middleware and server as every other page. Mounted only when ``BENCH`` is on."""
    return HttpResponse("bare", content_type="text/plain")


@public
def healthz(request):
    checks = selectors.health_checks()
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"} | {
        name: "ok" if ok else "unavailable" for name, ok in checks.items()
    }
    return JsonResponse(body, status=200 if healthy else 503)


MAX_BOUNCE_REPORT_BYTES = 256 * 1024


@public
@csrf_exempt
@require_POST
def email_bounces(request):
    """The mail relay reports bounces here: a JSON list of ``{"message_id", "reason"}`` (or
    one such object), signed in ``X-CCPL-Signature: sha256=<hex HMAC-SHA256 of the body>``
    with ``MAIL_RELAY_WEBHOOK_SECRET``. Not offered (404) while no secret is set; a missing
    or wrong signature is refused (403); a body that is not such JSON gets a 400 that says
    why. A report for a message we did not send changes nothing and says only how many
    changed."""
    secret = settings.MAIL_RELAY_WEBHOOK_SECRET
    if not secret:
        raise Http404
    body = request.body
    if len(body) > MAX_BOUNCE_REPORT_BYTES:
        return JsonResponse({"error": "The report is too large."}, status=400)
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(request.headers.get("X-CCPL-Signature", ""), expected):
        return JsonResponse({"error": "The signature is missing or wrong."}, status=403)
    try:
        reports = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "The body is not JSON."}, status=400)
    if isinstance(reports, dict):
        reports = [reports]
    if not isinstance(reports, list) or not all(isinstance(r, dict) for r in reports):
        return JsonResponse(
            {"error": 'Send a list of objects like {"message_id": "<…>", "reason": "…"}.'},
            status=400,
        )
    return JsonResponse({"bounced": services.email_bounces_record(reports)})


def _no_person_record(request):
    """What a signed-in account without a person record gets on every profile page."""
    return render(request, "ccpl/no_person_record.html")


@permission_required("ccpl.view_own_profile")
def my_profile_edit(request):
    person = selectors.person_for_account(request.user)
    if person is None:
        return _no_person_record(request)
    form = PersonDetailsForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.person_update_own_details(person=person, data=form.cleaned_data)
        messages.success(request, "Your details have been saved.")
        return redirect("profile:my_profile")
    return render(request, "ccpl/my_profile_edit.html", {"form": form})


@permission_required("ccpl.view_own_profile")
def my_equality_profile(request):
    # Only ever the signed-in person's own answers: there is no id in the address.
    person = selectors.person_for_account(request.user)
    if person is None:
        return _no_person_record(request)
    initial = selectors.equality_answers_of(person)
    form = EqualityProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.equality_answers_save(owner=person, answers=form.cleaned_data)
        messages.success(request, "Your equality monitoring answers have been saved.")
        return redirect("profile:my_profile")
    # Answers this person gave elsewhere (with the application that appointed them), offered
    # to them alone to copy if they choose (ccpl.hooks.equality_offers).
    offers = [(offer, equality_answer_rows(offer.answers)) for offer in equality_offers(person)]
    return render(request, "ccpl/my_equality_profile.html", {"form": form, "offers": offers})


class PersonListView(PermissionRequiredMixin, CsvExportMixin, SingleTableMixin, FilterView):
    permission_required = "ccpl.view_people"
    table_class = PersonTable
    filterset_class = PersonFilter
    table_pagination = {"per_page": 25}
    template_name = "ccpl/person_list.html"
    export_name = "people"

    def get_queryset(self):
        return selectors.person_list()


class PersonDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "ccpl.view_person"
    template_name = "ccpl/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return selectors.person_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["content_type_id"] = ContentType.objects.get_for_model(Person).pk
        context["account"] = selectors.account_summary(self.object)
        context["can_manage_people"] = rules.has_perm("ccpl.manage_people", self.request.user)
        return context


class BenchmarkListView(PermissionRequiredMixin, CsvExportMixin, SingleTableMixin, FilterView):
    permission_required = "ccpl.view_staff_area"
    table_class = BenchmarkTable
    filterset_class = BenchmarkFilter
    table_pagination = {"per_page": 50}
    template_name = "ccpl/benchmark_list.html"
    export_name = "benchmarks"

    def get_queryset(self):
        return selectors.benchmark_list()


@permission_required("ccpl.manage_framework")
def benchmark_import(request):
    form = BenchmarkImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.benchmarks_import_csv(text=form.cleaned_data["file"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, f"{nhs_count(count)} benchmarks imported.")
            return redirect("ccpl:benchmark_list")
    return render(request, "ccpl/benchmark_import.html", {"form": form})


@permission_required("ccpl.view_history")
def object_history(request, content_type_id, object_id):
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None or not selectors.has_audit_history(model):
        raise Http404("This kind of record has no change history.")
    obj = get_object_or_404(model, pk=object_id)
    page = Paginator(selectors.change_history(obj), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "ccpl/object_history.html",
        {"object": obj, "page_obj": page, "changes": selectors.change_history_rows(page, obj)},
    )


class EmailListView(PermissionRequiredMixin, SingleTableMixin, FilterView):
    permission_required = "ccpl.view_emails"
    table_class = EmailTable
    filterset_class = EmailFilter
    table_pagination = {"per_page": 50}
    template_name = "ccpl/email_list.html"

    def get_queryset(self):
        return Email.objects.all()


@require_POST
@permission_required("ccpl.view_emails")
def email_send_again(request, pk):
    email = get_object_or_404(Email, pk=pk)
    try:
        services.email_send_again(email=email)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"The e-mail to {email.to} will be sent again.")
    return redirect("ccpl:email_list")


# --- People and accounts (the CCPL team; docs/security.md "People and accounts") ----------


def _people_crumbs(person=None):
    crumbs = [("Home", reverse("home")), ("People", reverse("ccpl:person_list"))]
    if person is not None:
        crumbs.append((person.full_name, reverse("ccpl:person_detail", args=[person.pk])))
    return crumbs


def _person(pk):
    return get_object_or_404(Person, pk=pk)


@permission_required("ccpl.manage_people")
def person_add(request):
    form = PersonForm(request.POST or None, cancel_url=reverse("ccpl:person_list"))
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_save(person=Person(), data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} has been added.")
            return redirect("ccpl:person_detail", pk=person.pk)
    return form_page(request, form, title="Add a person", breadcrumbs=_people_crumbs())


@permission_required("ccpl.manage_people")
def person_edit(request, pk):
    person = _person(pk)
    form = PersonForm(
        request.POST or None,
        instance=person,
        cancel_url=reverse("ccpl:person_detail", args=[person.pk]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_save(person=person, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The person's details have been saved.")
            return redirect("ccpl:person_detail", pk=person.pk)
    return form_page(
        request,
        form,
        title=f"Change {person.full_name}'s details",
        breadcrumbs=_people_crumbs(person),
        intro="To change the e-mail address of someone with an account, use “Change e-mail "
        "address”: they confirm it themselves."
        if person.user_id
        else "",
    )


@permission_required("ccpl.manage_people")
def person_invite(request, pk):
    person = _person(pk)
    detail = reverse("ccpl:person_detail", args=[person.pk])
    if person.user_id:
        messages.error(request, "This person already has an account, so cannot be invited again.")
        return redirect(detail)
    form = InviteForm(request.POST or None, initial={"kinds": [LEADER]}, cancel_url=detail)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_invite(person=person, kinds=form.cleaned_data["kinds"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"An invitation is on its way to {person.email}.")
            return redirect(detail)
    return form_page(
        request,
        form,
        title=f"Invite {person.full_name} to set up an account",
        breadcrumbs=_people_crumbs(person),
        intro=f"We will e-mail {person.email or 'them (add an e-mail address first)'} a link "
        f"that works once, for {services.INVITATION_DAYS} days. They choose a password or sign "
        "in with NHSmail.",
    )


@require_POST
@permission_required("ccpl.manage_people")
def invitation_cancel(request, pk, invitation_pk):
    person = _person(pk)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, person=person)
    try:
        services.invitation_cancel(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The invitation has been cancelled: its link no longer works.")
    return redirect("ccpl:person_detail", pk=person.pk)


@permission_required("ccpl.manage_people")
def person_kinds(request, pk):
    person = _person(pk)
    detail = reverse("ccpl:person_detail", args=[person.pk])
    if not person.user_id:
        raise Http404("This person has no account")
    form = AccountKindsForm(
        request.POST or None,
        initial={"kinds": selectors.account_kinds(person)},
        cancel_url=detail,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.account_set_kinds(
                person=person, kinds=form.cleaned_data["kinds"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "What they can do has been saved.")
            return redirect(detail)
    return form_page(
        request,
        form,
        title=f"What {person.full_name} can do",
        breadcrumbs=_people_crumbs(person),
    )


@permission_required("ccpl.manage_people")
def person_deactivate(request, pk):
    person = _person(pk)
    if request.method == "POST":
        try:
            services.account_deactivate(person=person, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"{person.full_name}'s account is deactivated: they can no longer sign in."
            )
        return redirect("ccpl:person_detail", pk=person.pk)
    if not person.user_id:
        raise Http404("This person has no account")
    return render(
        request,
        "ccpl/person_deactivate.html",
        {"person": person, "breadcrumbs": _people_crumbs(person)},
    )


@require_POST
@permission_required("ccpl.manage_people")
def person_reactivate(request, pk):
    person = _person(pk)
    try:
        services.account_reactivate(person=person, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{person.full_name}'s account can sign in again.")
    return redirect("ccpl:person_detail", pk=person.pk)


@permission_required("ccpl.manage_people")
def person_email_change(request, pk):
    person = _person(pk)
    detail = reverse("ccpl:person_detail", args=[person.pk])
    if not person.user_id:
        return redirect("ccpl:person_edit", pk=person.pk)
    form = EmailChangeForm(request.POST or None, cancel_url=detail)
    if request.method == "POST" and form.is_valid():
        try:
            services.email_change_request(
                person=person, new_email=form.cleaned_data["new_email"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error, field="new_email")
        else:
            messages.success(
                request,
                "A confirmation link is on its way to the new address. The address changes "
                "when they confirm it.",
            )
            return redirect(detail)
    return form_page(
        request,
        form,
        title=f"Change {person.full_name}'s e-mail address",
        breadcrumbs=_people_crumbs(person),
        intro=f"Their address now is {person.email or 'not recorded'}. We tell that address too.",
    )


@permission_required("ccpl.view_own_profile")
def email_change_confirm(request, token):
    """The person, signed in, confirms their new address. A GET only shows the page."""
    change = services.email_change_open(token=token)
    if change is None:
        return render(request, "ccpl/link_not_valid.html", status=404)
    if change.person.user_id != request.user.pk:
        return render(
            request,
            "ccpl/link_not_valid.html",
            {
                "reason": "This link is for someone else's account. Sign in as yourself to use "
                "a link sent to you."
            },
            status=403,
        )
    if request.method == "POST":
        try:
            services.email_change_confirm(change=change, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Your e-mail address is now {change.new_email}.")
        return redirect("profile:my_profile")
    return render(request, "ccpl/email_change_confirm.html", {"change": change})


@public
@require_POST
def account_setup_sso(request, token):
    """ "Sign in with NHSmail" on the set-up page: remember which invitation this browser is
    accepting (its id, never the token) and send the person to NHSmail. Nothing is used up
    here; the invitation is accepted only when an unknown NHSmail identity comes back
    (ccpl.adapters.SocialAccountAdapter). POST only: link scanners never start it."""
    from allauth.socialaccount.adapter import get_adapter

    invitation = services.invitation_open(token=token)
    if invitation is None or not selectors.sso_configured():
        return render(request, "ccpl/link_not_valid.html", status=404)
    if request.user.is_authenticated:
        return render(
            request,
            "ccpl/link_not_valid.html",
            {"reason": "You are signed in already. Sign out first, then open the link again."},
            status=409,
        )
    request.session[services.SSO_INVITATION_SESSION_KEY] = invitation.pk
    provider = get_adapter(request).get_provider(request, settings.SSO_PROVIDER_ID)
    return provider.redirect(request, process="login")


@public
def sso_connections_not_offered(request, rest=""):
    """allauth's pages for connecting and disconnecting other sign-in accounts."""
    raise Http404


@public
def account_setup(request, token):
    """Where an invitation's link leads. A GET only shows the page (mail scanners fetch
    links); choosing a password (a POST) makes the account and uses the invitation up."""
    invitation = services.invitation_open(token=token)
    if invitation is None:
        return render(request, "ccpl/link_not_valid.html", status=404)
    if request.user.is_authenticated:
        return render(
            request,
            "ccpl/link_not_valid.html",
            {"reason": "You are signed in already. Sign out first, then open the link again."},
            status=409,
        )
    form = AccountSetUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_set_up_with_password(
                invitation=invitation, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            add_service_errors(form, error, field="password1")
        else:
            messages.success(
                request,
                "Your account is set up. Sign in with your e-mail address and your new password.",
            )
            return redirect("account_login")
    return render(
        request,
        "ccpl/account_setup.html",
        {"invitation": invitation, "form": form, "token": token, "sso": selectors.sso_configured()},
    )
