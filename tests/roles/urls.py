"""The project's URLs, with forums and roles mounted if the project has not mounted them yet."""

from django.urls import include, path

from ccpl import urls as project

urlpatterns = list(project.urlpatterns)
_mounted = {getattr(p, "namespace", None) for p in project.urlpatterns}
for prefix, app in (("forums/", "forums"), ("roles/", "roles")):
    if app not in _mounted:
        urlpatterns.append(path(prefix, include(f"{app}.urls")))
