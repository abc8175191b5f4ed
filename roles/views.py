"""Role pages: the public register and diversity analysis at /roles/, staff pages under
/roles/manage/."""

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from ccpl import disclosure, population, snapshots
from ccpl.access import PermissionRequiredMixin, PublicMixin, permission_required, public
from ccpl.exports import CsvExportMixin, csv_response
from ccpl.forms import add_service_errors
from ccpl.models import IntegratedCareBoard
from ccpl.pages import form_page

from . import selectors, services
from .filters import RoleFilter, StaffRoleFilter
from .forms import (
    DEFAULT_VALUES_AND_BEHAVIOURS,
    AppointmentEndForm,
    AppointmentForm,
    AppointmentUpdateForm,
    DevelopmentRecordForm,
    JobDescriptionForm,
    LinkRoleForm,
    RegisterReviewForm,
    RoleForm,
    RoleFunctionForm,
    SeatForm,
)
from .models import (
    Appointment,
    DevelopmentRecord,
    JobDescription,
    LinkRole,
    Role,
    RoleFunction,
    Seat,
)
from .services import add_months
from .tables import RegisterTable, RoleTable

VIEW = "roles.view_roles"
MANAGE = "roles.manage_roles"


def _crumbs(*extra):
    return [("Home", reverse("home")), ("Roles", reverse("roles:role_list")), *extra]


def _role_crumbs(role, *extra):
    return _crumbs((role.title, role.get_absolute_url()), *extra)


def _public_crumbs(*extra):
    return [("Home", reverse("home")), *extra]


# --- Public ------------------------------------------------------------------------------


def _register_context():
    review = selectors.last_register_review()
    return {
        "last_review": review,
        "next_review_due": add_months(review.reviewed_on, selectors.REGISTER_REVIEW_MONTHS)
        if review
        else None,
    }


class RegisterView(PublicMixin, SingleTableMixin, FilterView):
    """The published role register: who holds each leadership role and where it is involved
    in decision-making. Names and professional groups only; no equality data, ever."""

    table_class = RegisterTable
    filterset_class = RoleFilter
    table_pagination = {"per_page": 100}
    template_name = "roles/register.html"

    def get_queryset(self):
        return selectors.role_register()

    def get_table_kwargs(self):
        return {"advert_urls": selectors.advert_urls()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_register_context())
        context["query_string"] = self.request.GET.urlencode()
        context["breadcrumbs"] = _public_crumbs()
        return context


def _register_rows(request):
    filterset = RoleFilter(request.GET or None, queryset=selectors.role_register())
    roles = filterset.qs if filterset.is_valid() else selectors.role_register()
    return selectors.role_register_rows(roles)


@public
def register_csv(request):
    rows = selectors.role_register_csv_rows(_register_rows(request))
    return csv_response(rows=rows, filename=f"role-register-{timezone.localdate():%Y-%m-%d}.csv")


@public
def register_json(request):
    review = selectors.last_register_review()
    icb = IntegratedCareBoard.current()
    body = {
        "title": "Clinical and care professional leadership roles",
        "publisher": icb.name,
        "generated_on": timezone.localdate().isoformat(),
        "last_reviewed_on": review.reviewed_on.isoformat() if review else None,
        "roles": _register_rows(request),
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'inline; filename="role-register.json"'
    return response


@public
def diversity(request):
    published = selectors.diversity_published()
    analysis = published.analysis
    return render(
        request,
        "roles/diversity.html",
        {
            "published": published,
            "analysis": analysis,
            "tables": analysis.tables if analysis else [],
            "total": analysis.total if analysis else None,
            "min_changes": settings.PEOPLE_PUBLICATION_MIN_CHANGES,
            "footnote": disclosure.PEOPLE_FOOTNOTE,
            "breadcrumbs": _public_crumbs(("Leadership roles", reverse("roles:public_list"))),
        },
    )


@public
def diversity_csv(request):
    published = selectors.diversity_published()
    if published.analysis is None:  # nothing published yet: the header only
        return csv_response(rows=[population.CSV_HEADER], filename="leadership-diversity.csv")
    return csv_response(
        rows=population.diversity_csv_rows(published.analysis),
        filename=f"leadership-diversity-{published.published_on:%Y-%m-%d}.csv",
    )


# --- Staff: lists ------------------------------------------------------------------------


class RoleListView(PermissionRequiredMixin, CsvExportMixin, SingleTableMixin, FilterView):
    permission_required = VIEW
    table_class = RoleTable
    filterset_class = StaffRoleFilter
    table_pagination = {"per_page": 50}
    template_name = "roles/role_list.html"
    export_name = "roles"

    def get_queryset(self):
        return selectors.role_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [("Home", reverse("home"))]
        return context


@permission_required(VIEW)
def due(request):
    today = timezone.localdate()
    return render(
        request,
        "roles/due.html",
        {
            "today": today,
            "jd_reviews": selectors.job_description_reviews_due(on=today),
            "endings": selectors.appointments_ending(on=today),
            "appraisals": selectors.appraisals_overdue(on=today),
            "jd_days": selectors.JD_DUE_DAYS,
            "ending_days": selectors.APPOINTMENT_ENDING_DAYS,
            "breadcrumbs": _crumbs(),
        },
    )


@permission_required(VIEW)
def link_role_list(request):
    links = LinkRole.objects.select_related("role", "organisation").order_by(
        "role__title", "programme", "name"
    )
    return render(request, "roles/link_role_list.html", {"links": links, "breadcrumbs": _crumbs()})


@permission_required(VIEW)
def function_list(request):
    return render(
        request,
        "roles/function_list.html",
        {"functions": selectors.role_functions(), "breadcrumbs": _crumbs()},
    )


@permission_required(VIEW)
def snapshot_list(request):
    labels = {p.key: p.label for p in snapshots.populations()}
    return render(
        request,
        "roles/snapshot_list.html",
        {
            "snapshots": [
                (snapshot, labels.get(snapshot.population, snapshot.population))
                for snapshot in snapshots.snapshot_list()[:100]
            ],
            "can_take": rules.has_perm("roles.take_snapshots", request.user),
            "breadcrumbs": _crumbs(),
        },
    )


@permission_required("roles.take_snapshots")
def snapshot_take(request):
    if request.method != "POST":
        return redirect("roles:snapshot_list")
    taken = snapshots.snapshots_take_all(user=request.user)
    labels = {p.key: p.label for p in snapshots.populations()}
    counted = ", ".join(f"{labels[s.population].lower()}" for s in taken)
    messages.success(request, f"Snapshots taken for {timezone.localdate():%-d %B %Y}: {counted}.")
    return redirect("roles:snapshot_list")


@permission_required(MANAGE)
def register_review(request):
    form = RegisterReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    form.cancel_url = reverse("roles:role_list")
    if request.method == "POST" and form.is_valid():
        services.register_review_record(user=request.user, **form.cleaned_data)
        messages.success(request, "The review of the register has been recorded.")
        return redirect("roles:role_list")
    return form_page(
        request,
        form,
        title="Record a review of the register",
        intro="Check every role, holder and forum seat in the public register at least once "
        "a year. The register shows the date of the last review.",
        breadcrumbs=_crumbs(),
    )


# --- Staff: functions --------------------------------------------------------------------


@permission_required(MANAGE)
def function_create(request):
    form = RoleFunctionForm(request.POST or None)
    form.cancel_url = reverse("roles:function_list")
    if request.method == "POST" and form.is_valid():
        try:
            services.role_function_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The function has been added.")
            return redirect("roles:function_list")
    return form_page(request, form, title="Add a role function", breadcrumbs=_crumbs())


@permission_required(MANAGE)
def function_edit(request, pk):
    function = get_object_or_404(RoleFunction, pk=pk)
    form = RoleFunctionForm(request.POST or None, instance=RoleFunction.objects.get(pk=pk))
    form.cancel_url = reverse("roles:function_list")
    if request.method == "POST" and form.is_valid():
        try:
            services.role_function_update(user=request.user, function=function, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The function has been saved.")
            return redirect("roles:function_list")
    return form_page(request, form, title=f"Change {function.name}", breadcrumbs=_crumbs())


# --- Staff: a role -----------------------------------------------------------------------


@permission_required(VIEW)
def role_detail(request, pk):
    role = get_object_or_404(Role.objects.select_related("function", "place"), pk=pk)
    page = selectors.role_page(role)
    return render(
        request,
        "roles/role_detail.html",
        {
            "page": page,
            "role": role,
            "eligible_groups": list(role.eligible_groups.all()),
            "content_type_id": ContentType.objects.get_for_model(Role).pk,
            "today": timezone.localdate(),
            "breadcrumbs": _crumbs(),
        },
    )


@permission_required(MANAGE)
def role_create(request):
    form = RoleForm(request.POST or None)
    form.cancel_url = reverse("roles:role_list")
    if request.method == "POST" and form.is_valid():
        try:
            role = services.role_create(user=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{role.title} has been added. It is vacant until you appoint someone."
            )
            return redirect(role)
    return form_page(request, form, title="Add a role", breadcrumbs=_crumbs())


@permission_required(MANAGE)
def role_edit(request, pk):
    role = get_object_or_404(Role, pk=pk)
    form = RoleForm(request.POST or None, instance=Role.objects.get(pk=pk))
    form.cancel_url = role.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            role = services.role_update(user=request.user, role=role, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The role's details have been saved.")
            return redirect(role)
    return form_page(request, form, title=f"Change {role.title}", breadcrumbs=_role_crumbs(role))


@permission_required(MANAGE)
def appointment_create(request, pk):
    role = get_object_or_404(Role, pk=pk)
    form = AppointmentForm(
        request.POST or None, role=role, initial={"starts_on": timezone.localdate()}
    )
    form.cancel_url = role.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appointment_start(
                user=request.user, role=role, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{appointment.person.full_name} has been appointed to {role.title}."
            )
            return redirect(role)
    intro = (
        "This role can be a job share, so it may have more than one holder at a time."
        if role.allows_job_share
        else "A role has one holder at a time. If someone holds it now, end their "
        "appointment first."
    )
    return form_page(
        request,
        form,
        title="Appoint someone to this role",
        caption=role.title,
        intro=intro,
        breadcrumbs=_role_crumbs(role),
    )


def _appointment(pk):
    return get_object_or_404(
        Appointment.objects.select_related("role", "person", "development"), pk=pk
    )


@permission_required(MANAGE)
def appointment_end(request, pk):
    appointment = _appointment(pk)
    role = appointment.role
    if appointment.ended_on is not None:
        messages.info(request, f"{appointment.person.full_name}'s appointment has already ended.")
        return redirect(role)
    form = AppointmentEndForm(
        request.POST or None,
        instance=Appointment.objects.select_related("role").get(pk=pk),
        initial={"ended_on": timezone.localdate()},
    )
    form.cancel_url = role.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appointment_end(
                user=request.user,
                appointment=appointment,
                ended_on=data["ended_on"],
                reason=data["leaving_reason"],
                notes=data["leaving_notes"],
                exit_interview_on=data["exit_interview_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{appointment.person.full_name}'s appointment has ended.")
            return redirect(role)
    return form_page(
        request,
        form,
        title=f"End {appointment.person.full_name}'s appointment",
        caption=role.title,
        intro="Offer an exit interview: what leavers tell us helps shape future roles.",
        breadcrumbs=_role_crumbs(role),
    )


@permission_required(MANAGE)
def appointment_edit(request, pk):
    appointment = _appointment(pk)
    role = appointment.role
    form = AppointmentUpdateForm(
        request.POST or None, instance=Appointment.objects.select_related("role").get(pk=pk)
    )
    form.cancel_url = role.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_update(
                user=request.user, appointment=appointment, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The appointment has been saved.")
            return redirect(role)
    return form_page(
        request,
        form,
        title=f"Change {appointment.person.full_name}'s appointment",
        caption=role.title,
        breadcrumbs=_role_crumbs(role),
    )


@permission_required(MANAGE)
def development_edit(request, pk):
    appointment = _appointment(pk)
    role = appointment.role
    record = DevelopmentRecord.objects.filter(appointment=appointment).first()
    form = DevelopmentRecordForm(
        request.POST or None, instance=record or DevelopmentRecord(appointment=appointment)
    )
    form.cancel_url = role.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            services.development_record_update(
                user=request.user, appointment=appointment, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The development record has been saved.")
            return redirect(role)
    return form_page(
        request,
        form,
        title=f"Development record: {appointment.person.full_name}",
        caption=role.title,
        intro="Induction, objectives, appraisal, mentoring or coaching and shadowing.",
        breadcrumbs=_role_crumbs(role),
    )


@permission_required(MANAGE)
def jd_create(request, pk):
    role = get_object_or_404(Role, pk=pk)
    current = role.job_descriptions.order_by("-version").first()
    if current:
        initial = {
            "purpose": current.purpose,
            "responsibilities": current.responsibilities,
            "person_specification": current.person_specification,
            "values_and_behaviours": current.values_and_behaviours,
            "approved_by": current.approved_by,
        }
    else:
        initial = {"values_and_behaviours": DEFAULT_VALUES_AND_BEHAVIOURS}
    form = JobDescriptionForm(request.POST or None, initial=initial)
    form.cancel_url = role.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            jd = services.jd_new_version(user=request.user, role=role, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Version {jd.version} of the job description has been added."
            )
            return redirect(role)
    return form_page(
        request,
        form,
        title="Add a version of the job description",
        caption=role.title,
        intro="The newest version is the one shown and used for recruitment. Review it at "
        "least once a year.",
        breadcrumbs=_role_crumbs(role),
    )


@permission_required(VIEW)
def jd_detail(request, pk):
    jd = get_object_or_404(JobDescription.objects.select_related("role"), pk=pk)
    return render(
        request,
        "roles/jd_detail.html",
        {"jd": jd, "role": jd.role, "breadcrumbs": _role_crumbs(jd.role)},
    )


@permission_required(MANAGE)
def seat_add(request, pk):
    role = get_object_or_404(Role, pk=pk)
    form = SeatForm(request.POST or None, role=role)
    form.cancel_url = role.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.seat_add(user=request.user, role=role, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{role.title} now has a seat on {seat.forum.name}.")
            return redirect(role)
    return form_page(
        request,
        form,
        title="Add a seat on a forum",
        caption=role.title,
        intro="Whoever holds the role sits on the forum: they appear in its member list, and "
        "the member changes when the role's holder does.",
        breadcrumbs=_role_crumbs(role),
    )


@permission_required(MANAGE)
def seat_remove(request, pk):
    seat = get_object_or_404(Seat.objects.select_related("role", "forum"), pk=pk)
    role = seat.role
    if request.method == "POST":
        services.seat_remove(user=request.user, seat=seat)
        messages.success(request, f"{role.title} no longer has a seat on {seat.forum.name}.")
        return redirect(role)
    return render(
        request,
        "roles/confirm_remove.html",
        {
            "title": f"Remove the seat on {seat.forum.name}?",
            "caption": role.title,
            "body": "Whoever holds the role will no longer be listed as a member of the forum.",
            "button": "Remove seat",
            "cancel_url": role.get_absolute_url(),
            "breadcrumbs": _role_crumbs(role),
        },
    )


# --- Staff: link roles -------------------------------------------------------------------


@permission_required(MANAGE)
def link_role_create(request):
    initial = {}
    role_id = request.GET.get("role", "")
    if role_id.isdigit():
        initial["role"] = Role.objects.filter(pk=int(role_id)).first()
    form = LinkRoleForm(request.POST or None, initial=initial)
    form.cancel_url = reverse("roles:link_role_list")
    if request.method == "POST" and form.is_valid():
        try:
            link = services.link_role_add(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{link.name} has been added as a link role.")
            return redirect(link.role if link.role_id else "roles:link_role_list")
    return form_page(
        request,
        form,
        title="Add a link role",
        intro="Name the business intelligence, finance, performance or programme management "
        "person who supports a leadership role or a programme. Link roles are published "
        "in the role register.",
        breadcrumbs=_crumbs(("Link roles", reverse("roles:link_role_list"))),
    )


@permission_required(MANAGE)
def link_role_edit(request, pk):
    link = get_object_or_404(LinkRole, pk=pk)
    form = LinkRoleForm(request.POST or None, instance=LinkRole.objects.get(pk=pk))
    form.cancel_url = reverse("roles:link_role_list")
    if request.method == "POST" and form.is_valid():
        try:
            services.link_role_update(user=request.user, link_role=link, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The link role has been saved.")
            return redirect("roles:link_role_list")
    return form_page(
        request,
        form,
        title=f"Change {link.name}'s link role",
        breadcrumbs=_crumbs(("Link roles", reverse("roles:link_role_list"))),
    )


@permission_required(MANAGE)
def link_role_remove(request, pk):
    link = get_object_or_404(LinkRole.objects.select_related("role"), pk=pk)
    if request.method == "POST":
        services.link_role_remove(user=request.user, link_role=link)
        messages.success(request, f"{link.name} is no longer listed as a link role.")
        return redirect("roles:link_role_list")
    return render(
        request,
        "roles/confirm_remove.html",
        {
            "title": f"Remove {link.name}?",
            "caption": "Link roles",
            "body": f"{link.name} will no longer be listed as supporting {link.supports}.",
            "button": "Remove link role",
            "cancel_url": reverse("roles:link_role_list"),
            "breadcrumbs": _crumbs(("Link roles", reverse("roles:link_role_list"))),
        },
    )
