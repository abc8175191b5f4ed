"""Report pages: history and requests, the progress page and its JSON, downloads, sign-off.

Report files are private: never under a public URL, served only by :func:`report_download`
after a permission check.
"""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ccpl import uploads
from ccpl.access import permission_required

from . import rendering, selectors, services
from .kinds import ReportRequestError, available_kinds, get_kind
from .models import ReportJob

VIEW = "reports.view_reports"
# One report's page and PDF: staff any report, a board member a finished assurance pack.
VIEW_ONE = "reports.view_report"
BOARD = "reports.view_board_packs"
REQUEST = "reports.request_report"
PROGRESS = "reports.view_report_progress"
SIGN_OFF = "reports.sign_off_report"
PER_PAGE = 25


def _job(request, pk, *args, **kwargs):
    return get_object_or_404(
        ReportJob.objects.select_related("requested_by__person", "signed_off_by__person"), pk=pk
    )


def _crumbs(*extra):
    return [("Home", reverse("home")), ("Reports", reverse("reports:report_list")), *extra]


@permission_required(VIEW)
def report_list(request):
    page = Paginator(selectors.report_history(), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/report_list.html",
        {
            "kinds": available_kinds(),
            "page_obj": page,
            "jobs": page.object_list,
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@permission_required(BOARD)
def board_pack_list(request):
    """The finished board assurance packs, to read as a page or download: a board member's
    page (they see no other report)."""
    page = Paginator(selectors.board_packs(), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/board_pack_list.html",
        {"page_obj": page, "jobs": page.object_list, "breadcrumbs": [("Home", reverse("home"))]},
    )


@permission_required(REQUEST)
def report_request(request, kind):
    try:
        report_kind = get_kind(kind)
    except ReportRequestError as error:
        raise Http404("No such kind of report") from error
    form = report_kind.form(request.POST or None)
    form.cancel_url = reverse("reports:report_list")
    if request.method == "POST" and form.is_valid():
        try:
            job, created = services.report_job_request_for(
                user=request.user, kind=kind, **form.request_fields()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if not created:
                messages.info(
                    request,
                    "Nothing has changed since this report was last made, so here is that one.",
                )
            return redirect(job)
    return render(
        request,
        "reports/report_request.html",
        {
            "form": form,
            "kind": report_kind,
            "breadcrumbs": _crumbs(),
        },
    )


@permission_required(VIEW)
def report_detail(request, pk):
    """The job's page: for its requesters a live progress bar that turns into a download
    link; for other staff its status and, once ready, the download."""
    job = _job(request, pk)
    return render(
        request,
        "reports/report_detail.html",
        {
            "job": job,
            "can_follow": rules.has_perm(PROGRESS, request.user, job),
            "can_sign_off": rules.has_perm(SIGN_OFF, request.user, job),
            "progress": selectors.job_progress(job),
            "breadcrumbs": _crumbs(),
        },
    )


@never_cache
@permission_required(PROGRESS, fn=_job)
def report_progress(request, pk):
    """The job's progress as JSON, for its progress bar. Only for those who asked for it."""
    return JsonResponse(selectors.job_progress(_job(request, pk)))


# The kinds read as a web page as well as a PDF ("HTML first").
PAGE_KINDS = (ReportJob.Kind.ASSURANCE_PACK,)


@permission_required(VIEW_ONE, fn=_job)
def report_page(request, pk):
    """A finished report as a web page: the same sections as its PDF, with its figures as of
    the same day (a signed-off self-assessment's indicators are those stored at sign-off)."""
    job = _job(request, pk)
    if job.kind not in PAGE_KINDS or job.status != ReportJob.Status.DONE:
        raise Http404("This report is not ready to read as a page")
    try:
        report = rendering.build_report(selectors.job_inputs(job))
    except rendering.ReportError as error:
        raise Http404(str(error)) from error
    return render(
        request,
        "reports/report_page.html",
        {
            "job": job,
            "report": report,
            "inputs": report.inputs,
            **_way_back(request, job),
        },
    )


def _way_back(request, job) -> dict:
    """Staff go back to the job's page; a board member, who sees no other report page, to
    the list of packs."""
    if rules.has_perm(VIEW, request.user):
        return {
            "breadcrumbs": _crumbs((job.title, job.get_absolute_url())),
            "back": ("Back to the report", job.get_absolute_url()),
        }
    packs = reverse("reports:board_pack_list")
    return {
        "breadcrumbs": [("Home", reverse("home")), ("Board assurance packs", packs)],
        "back": ("Back to the board assurance packs", packs),
    }


@permission_required(VIEW_ONE, fn=_job)
def report_download(request, pk):
    job = _job(request, pk)
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404("This report is not ready")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The report file is missing") from error
    return uploads.attachment_response(
        handle, filename=job.filename, content_type="application/pdf"
    )


@require_POST
@permission_required(REQUEST)
def report_regenerate(request, pk):
    job = _job(request, pk)
    try:
        new_job, created = services.report_job_regenerate(user=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:report_list")
    if not created:
        messages.info(
            request, "Nothing has changed since this report was last made, so here is that one."
        )
    return redirect(new_job)


@require_POST
@permission_required(SIGN_OFF, fn=_job)
def report_sign_off(request, pk):
    job = _job(request, pk)
    try:
        services.report_job_sign_off(user=request.user, job=job)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, str(getattr(error, "message", error)))
        return redirect(job)
    messages.success(request, "Signed off. The sign-off is being added to the report's cover.")
    return redirect(job)
