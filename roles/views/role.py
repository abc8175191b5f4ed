"""Staff pages for one role: details, appointments, development, job descriptions and seats."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from ccpl.access import permission_required
from ccpl.forms import add_service_errors
from ccpl.pages import form_page

from .. import selectors, services
from ..forms import (
    DEFAULT_VALUES_AND_BEHAVIOURS,
    AppointmentEndForm,
    AppointmentForm,
    AppointmentUpdateForm,
    DevelopmentRecordForm,
    JobDescriptionForm,
    RoleForm,
    SeatForm,
)
from ..models import (
    Appointment,
    DevelopmentRecord,
    JobDescription,
    Role,
    Seat,
)
from . import MANAGE, VIEW, crumbs, role_crumbs


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
            "breadcrumbs": crumbs(),
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
    return form_page(request, form, title="Add a role", breadcrumbs=crumbs())


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
    return form_page(request, form, title=f"Change {role.title}", breadcrumbs=role_crumbs(role))


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
        breadcrumbs=role_crumbs(role),
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
        breadcrumbs=role_crumbs(role),
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
        breadcrumbs=role_crumbs(role),
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
        breadcrumbs=role_crumbs(role),
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
        breadcrumbs=role_crumbs(role),
    )


@permission_required(VIEW)
def jd_detail(request, pk):
    jd = get_object_or_404(JobDescription.objects.select_related("role"), pk=pk)
    return render(
        request,
        "roles/jd_detail.html",
        {"jd": jd, "role": jd.role, "breadcrumbs": role_crumbs(jd.role)},
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
        breadcrumbs=role_crumbs(role),
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
            "breadcrumbs": role_crumbs(role),
        },
    )
