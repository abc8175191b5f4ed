"""The CMO/CNO dashboard: staff and executives."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from ccpl.access import permission_required

from .selectors import dashboard_tiles, url_or_none

VIEW = "ccpl.view_staff_area"


@permission_required(VIEW)
def dashboard(request):
    today = timezone.localdate()
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "tiles": dashboard_tiles(on=today),
            "today": today,
            "reports_url": url_or_none("reports:report_list"),
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )
