"""Server error pages that never need the database.

Django calls ``handler500`` while the exception is being handled, so ``sys.exc_info()``
tells why. When the database cannot be reached (a restart, a fail-over) people are told
to try again in a moment (503 with ``Retry-After``) instead of "there is a problem with
the service"; nothing here touches the database or the cache.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

RETRY_AFTER_SECONDS = 30


def database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError))


def server_error(request, template_name="500.html"):
    exc = sys.exc_info()[1]
    if database_unavailable(exc):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())
