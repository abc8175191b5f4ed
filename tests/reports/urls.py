"""The site's URLs with /dashboard/ and /reports/ mounted, until ccpl/urls.py includes them."""

from django.urls import include, path

from ccpl.urls import urlpatterns as site_urlpatterns

_mounted = {getattr(p, "namespace", None) for p in site_urlpatterns}
urlpatterns = list(site_urlpatterns)
if "dashboard" not in _mounted:
    urlpatterns.insert(0, path("dashboard/", include("dashboard.urls")))
if "reports" not in _mounted:
    urlpatterns.insert(0, path("reports/", include("reports.urls")))
# Apps whose pages the dashboard and reports link to, if the site does not mount them yet.
for prefix, module, namespace in (
    ("forums/", "forums.urls", "forums"),
    ("actions/", "actions.urls", "actions"),
    ("roles/", "roles.urls", "roles"),
    ("surveys/", "surveys.urls", "surveys"),
):
    if namespace not in _mounted:
        urlpatterns.append(path(prefix, include(module)))
