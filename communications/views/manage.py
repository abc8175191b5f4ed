"""The CCPL team's pages: who an audience reaches, counted from live data, and bulletins
(written, previewed, sent now or at a set time, and how far each went). Executives read."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ccpl.access import permission_required
from ccpl.forms import add_service_errors
from ccpl.pages import form_page

from .. import audiences, cascade_selectors, selectors, services
from ..formatting import bulletin_html
from ..forms import AttachmentForm, AudienceForm, BulletinForm, ScheduleForm
from ..models import MAX_ATTACHMENTS, Bulletin, BulletinAttachment

VIEW = "communications.view_communications"


@permission_required(VIEW)
def audience(request):
    form = AudienceForm(request.GET or None)
    resolution = page = None
    if request.GET and form.is_valid():
        resolution = audiences.resolve(form.criteria(), topic=form.cleaned_data["topic"])
        page = Paginator(resolution.recipients, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "communications/audience.html",
        {
            "form": form,
            "resolution": resolution,
            "page_obj": page,
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


MANAGE = "communications.manage_communications"


def _crumbs(*extra):
    return [("Home", reverse("home")), ("Bulletins", reverse("communications:manage")), *extra]


@permission_required(VIEW)
def bulletin_list(request):
    page = Paginator(selectors.manage_list(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "communications/manage_list.html",
        {"page_obj": page, "breadcrumbs": [("Home", reverse("home"))]},
    )


def _bulletin_form_page(request, *, bulletin=None):
    initial = BulletinForm.initial_for(bulletin) if bulletin else {}
    form = BulletinForm(request.POST or None, initial=initial)
    back = (
        reverse("communications:bulletin_manage", args=[bulletin.pk])
        if bulletin
        else reverse("communications:manage")
    )
    form.cancel_url = back
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.bulletin_save(
                user=request.user,
                bulletin=bulletin,
                title=data["title"],
                body=data["body"],
                topic=data["topic"],
                criteria=form.criteria(),
                audience_label=form.audience_label(),
                is_public=data["is_public"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The bulletin has been saved. Check it before you send it.")
            return redirect("communications:bulletin_manage", pk=saved.pk)
    return form_page(
        request,
        form,
        title="Change the bulletin" if bulletin else "Write a bulletin",
        breadcrumbs=_crumbs(),
    )


@permission_required(MANAGE)
def bulletin_create(request):
    return _bulletin_form_page(request)


@permission_required(MANAGE)
def bulletin_edit(request, pk):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    if bulletin.status not in (Bulletin.Status.DRAFT, Bulletin.Status.SCHEDULED):
        messages.error(request, "This bulletin has been sent: it can no longer be changed.")
        return redirect("communications:bulletin_manage", pk=pk)
    return _bulletin_form_page(request, bulletin=bulletin)


@permission_required(VIEW)
def bulletin_manage(request, pk):
    """The preview, the number of people it would reach now, and sending; once sent, how
    far it went."""
    bulletin = get_object_or_404(Bulletin, pk=pk)
    sendable = bulletin.status in (Bulletin.Status.DRAFT, Bulletin.Status.SCHEDULED)
    context = {
        "bulletin": bulletin,
        "sendable": sendable,
        "body_html": bulletin_html(bulletin.body),
        "breadcrumbs": _crumbs(),
        "schedule_form": ScheduleForm(),
        "attachments": bulletin.attachments.all(),
        "max_attachments": MAX_ATTACHMENTS,
    }
    if sendable:
        criteria = audiences.Criteria.from_json(bulletin.audience or {})
        context["resolution"] = audiences.resolve(criteria, topic=bulletin.topic)
    else:
        context["report"] = selectors.delivery_report(bulletin)
        context["reach"] = cascade_selectors.bulletin_reach(bulletin)
        context["page_obj"] = Paginator(selectors.deliveries(bulletin), 50).get_page(
            request.GET.get("page")
        )
    return render(request, "communications/bulletin_manage.html", context)


@require_POST
@permission_required(MANAGE)
def bulletin_send(request, pk):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    try:
        bulletin = services.bulletin_send(user=request.user, bulletin=bulletin)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The bulletin is on its way to {bulletin.recipients} people.")
    return redirect("communications:bulletin_manage", pk=pk)


@permission_required(MANAGE)
def bulletin_schedule(request, pk):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    form = ScheduleForm(request.POST or None)
    form.cancel_url = reverse("communications:bulletin_manage", args=[pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.bulletin_schedule(
                user=request.user, bulletin=bulletin, send_at=form.cleaned_data["send_at"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The bulletin will be sent at the time you chose.")
            return redirect("communications:bulletin_manage", pk=pk)
    return form_page(
        request,
        form,
        title="Choose when to send it",
        caption=bulletin.title,
        breadcrumbs=_crumbs((bulletin.title, form.cancel_url)),
    )


@require_POST
@permission_required(MANAGE)
def bulletin_unschedule(request, pk):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    try:
        services.bulletin_unschedule(user=request.user, bulletin=bulletin)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The bulletin will not be sent. It is a draft again.")
    return redirect("communications:bulletin_manage", pk=pk)


@permission_required(MANAGE)
def attachment_add(request, pk):
    """Attach a file to a bulletin not yet sent (checked by ``ccpl.uploads.check_upload``)."""
    bulletin = get_object_or_404(Bulletin, pk=pk)
    back = reverse("communications:bulletin_manage", args=[pk])
    if bulletin.status not in (Bulletin.Status.DRAFT, Bulletin.Status.SCHEDULED):
        messages.error(request, "This bulletin has been sent: its files can no longer change.")
        return redirect(back)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    form.cancel_url = back
    if request.method == "POST" and form.is_valid():
        try:
            services.bulletin_attachment_add(
                user=request.user, bulletin=bulletin, file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The file has been attached.")
            return redirect(back)
    return form_page(
        request,
        form,
        title="Attach a file",
        caption=bulletin.title,
        intro=f"A bulletin can have up to {MAX_ATTACHMENTS} files. People open them on this "
        "site, where they see them only if they may see the bulletin.",
        breadcrumbs=_crumbs((bulletin.title, back)),
    )


@require_POST
@permission_required(MANAGE)
def attachment_remove(request, pk, attachment_pk):
    attachment = get_object_or_404(BulletinAttachment, pk=attachment_pk, bulletin_id=pk)
    try:
        services.bulletin_attachment_remove(user=request.user, attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{attachment.name} has been removed.")
    return redirect("communications:bulletin_manage", pk=pk)
