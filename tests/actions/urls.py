"""The site's URLs with the action plan mounted at /actions/, until ccpl/urls.py includes it."""

from django.urls import include, path

from ccpl.urls import urlpatterns as site_urlpatterns

if any(getattr(p, "namespace", None) == "actions" for p in site_urlpatterns):
    urlpatterns = site_urlpatterns
else:
    urlpatterns = [path("actions/", include("actions.urls")), *site_urlpatterns]
