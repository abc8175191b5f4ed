"""The project's URLs, with the forums mounted at /forums/ if the project has not yet."""

from django.urls import include, path

from ccpl import urls as project

_mounted = any(getattr(p, "namespace", None) == "forums" for p in project.urlpatterns)
urlpatterns = list(project.urlpatterns)
if not _mounted:
    urlpatterns.append(path("forums/", include("forums.urls")))
