from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from . import selectors, services
from .access import PermissionRequiredMixin, permission_required, public
from .context_processors import public_links
from .exports import CsvExportMixin
from .filters import BenchmarkFilter, EmailFilter, PersonFilter
from .forms import BenchmarkImportForm, EqualityProfileForm, PersonDetailsForm
from .models import Email, Person
from .tables import BenchmarkTable, EmailTable, PersonTable


@public
def home(request):
    return render(
        request,
        "ccpl/home.html",
        {"priorities": selectors.priority_list(), "public_links": public_links()},
    )


@public
def healthz(request):
    checks = selectors.health_checks()
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"} | {
        name: "ok" if ok else "unavailable" for name, ok in checks.items()
    }
    return JsonResponse(body, status=200 if healthy else 503)


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
    return render(request, "ccpl/my_equality_profile.html", {"form": form})


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
            messages.success(request, f"{count} benchmarks imported.")
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
