"""Every view declares its audience: ``public`` or a permission from ``ccpl.rules``.

``tests/ccpl/test_access.py`` walks the URL configuration and fails for any of our
views that declares none, so a page can never be public by accident.

Application permissions are decided by ``rules.has_perm(name, user, obj)`` and
nothing else. Never ``user.has_perm``: Django answers yes to a superuser before any
backend is asked, and the superuser is for the Django admin alone. Templates ask
through ``{{ can.app.permission }}`` (``ccpl.context_processors.service``), never
``perms``. ``tests/ccpl/test_access.py`` fails on any other way of asking.
"""

from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin

from .rules import MFA_USER_KINDS

PUBLIC = "public"


def public(view_func):
    """Mark a function view as open to everyone, signed in or not."""
    view_func.audience = PUBLIC
    return view_func


class PublicMixin:
    """Mark a class-based view as open to everyone, signed in or not."""

    audience = PUBLIC

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        view.audience = PUBLIC
        return view


class PermissionRequiredMixin(RulesPermissionRequiredMixin):
    """Require a rules permission, checked against ``get_permission_object()``.

    Anonymous users are sent to sign in; signed-in users without the permission
    get 403.
    """

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        view.audience = cls.permission_required
        return view

    def has_permission(self):
        # django-rules' mixin asks user.has_perms, which a superuser always passes.
        obj = self.get_permission_object()
        return all(
            rules.has_perm(perm, self.request.user, obj) for perm in self.get_permission_required()
        )


def permission_required(perm, fn=None):
    """Function-view form of :class:`PermissionRequiredMixin`.

    ``fn(request, *args, **kwargs)`` returns the object checked, when the rule is
    object-level.
    """

    def decorator(view_func):
        @wraps(view_func)
        def wrapped(request, *args, **kwargs):
            obj = fn(request, *args, **kwargs) if fn else None
            if rules.has_perm(perm, request.user, obj):
                return view_func(request, *args, **kwargs)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied

        wrapped.audience = perm
        return wrapped

    return decorator


def can_use_admin(user) -> bool:
    """The Django admin is the system administrator's alone: an active staff superuser.

    Django's admin checks its model permissions with ``user.has_perm``, which is only
    coherent for a superuser (who has them all); nobody else gets in, whatever
    groups or model permissions they hold.
    """
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.is_superuser)


def mfa_required(user) -> bool:
    """The CCPL team, executives, board members and the system administrator must use a
    second factor (``MFA_USER_KINDS``).

    They see people's records, run the service or read unpublished governance material
    (board members: the assurance pack); a password alone is not enough for
    them when they sign in locally (single sign-on leaves MFA to the identity provider:
    ``ccpl.middleware.MfaRequiredMiddleware``). Leaders and panel members are not asked.
    The Django admin's superuser is included whatever its groups, since it can change
    anything.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name__in=MFA_USER_KINDS).exists()
