"""The appointee's own choice to copy the equality answers they gave with their application
to their own record (offered on their equality page through ``ccpl.hooks.equality_offers``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ccpl.access import permission_required

from .. import services


@require_POST
@permission_required("ccpl.change_own_equality_profile")
def appointee_equality_copy(request):
    offer = request.POST.get("offer", "")
    if not (offer.isascii() and offer.isdigit() and len(offer) <= 9):
        raise Http404("No such answers")
    try:
        services.appointee_equality_copy(user=request.user, application_id=int(offer))
    except PermissionDenied:
        raise Http404("No such answers") from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "The answers from your application have been copied to your record."
        )
    return redirect("ccpl:my_equality_profile")
