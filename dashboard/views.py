"""The CMO/CNO dashboard: staff and executives."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from ccpl.access import permission_required
from ccpl.fragments import fragment_vary

from .selectors import dashboard_tiles, tiles_vary, url_or_none

VIEW = "ccpl.view_staff_area"


@permission_required(VIEW)
def dashboard(request):
    today = timezone.localdate()
    return render(
        request,
        "dashboard/dashboard.html",
        {
            # Built only when the cached tiles are out of date (ccpl.fragments).
            "tiles": SimpleLazyObject(lambda: dashboard_tiles(on=today)),
            "fragment": fragment_vary(request, *tiles_vary()),
            "today": today,
            "reports_url": url_or_none("reports:report_list"),
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )
