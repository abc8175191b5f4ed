"""Running a cohort, for the CCPL team (executives read): its sessions and the register of
each, each participant's completion, and the project lab. The cohort's manage page
(``selection.CohortManageView``) shows the sessions, attendance and completions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ccpl.access import permission_required
from ccpl.forms import add_service_errors
from ccpl.pages import form_page

from .. import cohort_selectors as selectors
from .. import cohort_services as services
from ..cohort_run_forms import CompletionForm, ProjectForm, RegisterForm, SessionForm
from ..models import Cohort, CohortApplication, CohortProject, CohortSession
from . import MANAGE, VIEW, manage_crumbs


def _cohort(pk) -> Cohort:
    try:
        return selectors.cohort_for_run(pk)
    except Cohort.DoesNotExist:
        raise Http404("No such cohort") from None


def _session(pk) -> CohortSession:
    try:
        return selectors.session_for_register(pk)
    except CohortSession.DoesNotExist:
        raise Http404("No such session") from None


def _crumbs(cohort, *extra):
    return manage_crumbs(
        (cohort.offer.title, reverse("development:offer_manage", args=[cohort.offer_id])),
        (cohort.name, reverse("development:cohort_manage", args=[cohort.pk])),
        *extra,
    )


def _manage_url(cohort) -> str:
    return reverse("development:cohort_manage", args=[cohort.pk])


@permission_required(MANAGE)
def session_create(request, pk):
    cohort = _cohort(pk)
    form = SessionForm(request.POST or None)
    form.cancel_url = _manage_url(cohort)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_create(user=request.user, cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The session has been added.")
            return redirect(form.cancel_url)
    return form_page(
        request,
        form,
        title="Add a session",
        caption=f"{cohort.offer.title}: {cohort.name}",
        intro=f"Sessions fall within the cohort's dates, {cohort.starts_on:%-d %B %Y} to "
        f"{cohort.ends_on:%-d %B %Y}.",
        breadcrumbs=_crumbs(cohort),
    )


@permission_required(MANAGE)
def session_edit(request, pk):
    session = _session(pk)
    cohort = session.cohort
    form = SessionForm(request.POST or None, instance=CohortSession.objects.get(pk=pk))
    form.cancel_url = _manage_url(cohort)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_edit(user=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The session has been saved.")
            return redirect(form.cancel_url)
    return form_page(
        request,
        form,
        title=f"Change {session.title}",
        caption=f"{cohort.offer.title}: {cohort.name}",
        breadcrumbs=_crumbs(cohort),
    )


@permission_required(MANAGE)
def session_register(request, pk):
    session = _session(pk)
    cohort = session.cohort
    participants = list(selectors.cohort_participants(cohort))
    form = RegisterForm(
        request.POST or None,
        participants=participants,
        marks=selectors.register_marks(session),
        cancel_url=_manage_url(cohort),  # before the form's layout builds its buttons
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(user=request.user, session=session, marks=form.marks())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Attendance at {session.title} has been saved.")
            return redirect(form.cancel_url)
    return render(
        request,
        "development/cohort_run/session_register.html",
        {
            "form": form,
            "session": session,
            "cohort": cohort,
            "participants": participants,
            "breadcrumbs": _crumbs(cohort),
        },
    )


@permission_required(MANAGE)
def completion_record(request, pk):
    try:
        application = selectors.participant_for_completion(pk)
    except CohortApplication.DoesNotExist:
        raise Http404("No such participant") from None
    cohort = application.cohort
    completion = getattr(application, "completion", None)
    initial = {}
    if completion is not None:
        initial = {
            "outcome": completion.outcome,
            "completed_on": completion.completed_on,
            "reason": completion.reason,
        }
    form = CompletionForm(request.POST or None, initial=initial)
    form.cancel_url = _manage_url(cohort)
    if request.method == "POST" and form.is_valid():
        try:
            services.completion_record(
                user=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{application.full_name}'s completion has been saved.")
            return redirect(form.cancel_url)
    return form_page(
        request,
        form,
        title=f"Completion for {application.full_name}",
        caption=f"{cohort.offer.title}: {cohort.name}",
        intro="Only selected participants complete a cohort, once it has started.",
        breadcrumbs=_crumbs(cohort),
    )


@permission_required(VIEW)
def project_lab(request, pk):
    cohort = _cohort(pk)
    return render(
        request,
        "development/cohort_run/project_lab.html",
        {
            "cohort": cohort,
            "projects": selectors.cohort_projects(cohort),
            "breadcrumbs": _crumbs(cohort),
        },
    )


def _lab_url(cohort) -> str:
    return reverse("development:project_lab", args=[cohort.pk])


@permission_required(MANAGE)
def project_create(request, pk):
    cohort = _cohort(pk)
    form = ProjectForm(request.POST or None, instance=CohortProject(cohort=cohort))
    form.cancel_url = _lab_url(cohort)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_create(user=request.user, cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The project has been added to the project lab.")
            return redirect(form.cancel_url)
    return form_page(
        request,
        form,
        title="Add a project",
        caption=f"{cohort.offer.title}: {cohort.name}",
        breadcrumbs=_crumbs(cohort, ("Project lab", _lab_url(cohort))),
    )


@permission_required(MANAGE)
def project_edit(request, pk):
    try:
        project = CohortProject.objects.select_related("cohort__offer").get(pk=pk)
    except CohortProject.DoesNotExist:
        raise Http404("No such project") from None
    cohort = project.cohort
    form = ProjectForm(request.POST or None, instance=CohortProject.objects.get(pk=pk))
    form.cancel_url = _lab_url(cohort)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_edit(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The project has been saved.")
            return redirect(form.cancel_url)
    return form_page(
        request,
        form,
        title=f"Change {project.title}",
        caption=f"{cohort.offer.title}: {cohort.name}",
        breadcrumbs=_crumbs(cohort, ("Project lab", _lab_url(cohort))),
    )
