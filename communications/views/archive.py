"""The archive of sent bulletins: signed-in leaders see every one; the public sees those
marked public."""

import mimetypes

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ccpl import uploads
from ccpl.access import permission_required, public

from .. import cascade_selectors, selectors
from ..formatting import bulletin_html
from ..models import BulletinAttachment


@public
def archive(request):
    public_only = not request.user.is_authenticated
    page = Paginator(selectors.archive(public_only=public_only), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communications/archive.html",
        {
            "page_obj": page,
            "public_only": public_only,
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@public
def bulletin_detail(request, pk):
    bulletin = get_object_or_404(selectors.archive(public_only=False), pk=pk)
    if not bulletin.is_public and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(
        request,
        "communications/bulletin_detail.html",
        {
            "bulletin": bulletin,
            "body_html": bulletin_html(bulletin.body),
            "attachments": bulletin.attachments.all(),
            "forward_choices": cascade_selectors.forward_choices(request.user, bulletin),
            "breadcrumbs": [
                ("Home", reverse("home")),
                ("Bulletins", reverse("communications:archive")),
            ],
        },
    )


def _attachment_bulletin(request, pk, attachment_pk):
    attachment = get_object_or_404(
        BulletinAttachment.objects.select_related("bulletin"), pk=attachment_pk, bulletin_id=pk
    )
    return attachment.bulletin


@permission_required("communications.view_bulletin", fn=_attachment_bulletin)
def attachment_download(request, pk, attachment_pk):
    """Attachments live in private storage; this view, which asks whether the person may
    see the bulletin, is the only way out."""
    attachment = get_object_or_404(BulletinAttachment, pk=attachment_pk, bulletin_id=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    content_type = mimetypes.guess_type(attachment.name)[0] or "application/octet-stream"
    return uploads.attachment_response(handle, filename=attachment.name, content_type=content_type)
