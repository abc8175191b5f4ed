from django.http import JsonResponse
from django.shortcuts import render

from . import selectors
from .access import public


@public
def home(request):
    return render(request, "ccpl/home.html", {"priorities": selectors.priority_list()})


@public
def healthz(request):
    checks = selectors.health_checks()
    healthy = all(ok for ok in checks.values())
    body = {"status": "ok" if healthy else "unavailable"} | {
        name: "ok" if ok else "unavailable" for name, ok in checks.items()
    }
    return JsonResponse(body, status=200 if healthy else 503)


def my_profile(request):
    raise NotImplementedError


def my_equality_profile(request):
    raise NotImplementedError


def object_history(request, content_type_id, object_id):
    raise NotImplementedError


class PersonListView:
    @classmethod
    def as_view(cls):
        return my_profile
