from django.conf import settings
from django.urls import reverse

from .models import IntegratedCareBoard


def _navigation(user):
    """Header links for what the signed-in user may use (public links for everyone)."""
    items = [("Home", reverse("home"))]
    if not user.is_authenticated:
        return items
    if user.has_perm("ccpl.view_people"):
        items.append(("People", reverse("ccpl:person_list")))
    if user.has_perm("ccpl.change_own_equality_profile"):
        items.append(("Your profile", reverse("ccpl:my_profile")))
    if user.has_perm("ccpl.use_admin"):
        items.append(("Administration", reverse("admin:index")))
    return items


def service(request):
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "icb": IntegratedCareBoard.current(),
        "navigation": _navigation(user) if user is not None else [],
    }
