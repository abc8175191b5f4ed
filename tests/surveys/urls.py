"""The site's URLs with the surveys mounted at /surveys/ and /survey/, until ccpl/urls.py does."""

from django.urls import include, path

from ccpl.urls import urlpatterns as site_urlpatterns

_namespaces = {getattr(p, "namespace", None) for p in site_urlpatterns}
urlpatterns = list(site_urlpatterns)
if "surveys" not in _namespaces:
    urlpatterns.append(path("surveys/", include("surveys.urls")))
if "survey" not in _namespaces:
    urlpatterns.append(path("survey/", include("surveys.respond_urls")))
