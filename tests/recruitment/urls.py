"""The project's URLs, with roles and recruitment mounted if the project has not mounted them yet."""

from django.urls import include, path

from ccpl import urls as project

urlpatterns = list(project.urlpatterns)
_mounted = {getattr(p, "namespace", None) for p in project.urlpatterns}
if "roles" not in _mounted:
    urlpatterns.append(path("roles/", include("roles.urls")))
if "recruitment" not in _mounted:
    urlpatterns.append(path("", include("recruitment.urls")))
