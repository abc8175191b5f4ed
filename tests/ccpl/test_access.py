"""Every view of ours declares its audience, and the permission scheme holds."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from ccpl.access import PUBLIC

OUR_APPS = ("ccpl", "forums", "roles", "actions", "surveys", "recruitment")


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_view_of_ours_declares_its_audience():
    ours = [
        (route, view)
        for route, view in _walk(get_resolver().url_patterns)
        if view.__module__.split(".")[0] in OUR_APPS
    ]
    assert len(ours) >= 5, "the walk should find our own views"
    undeclared = [route for route, view in ours if not getattr(view, "audience", None)]
    assert undeclared == []


def test_public_views_are_few_and_explicit():
    public = {
        route
        for route, view in _walk(get_resolver().url_patterns)
        if getattr(view, "audience", None) == PUBLIC
    }
    assert "" in public and "healthz" in public
    assert not any(route.startswith("manage/") or "/manage/" in route for route in public)


@pytest.mark.parametrize(
    ("fixture", "perm", "expected"),
    [
        ("staff_user", "ccpl.view_staff_area", True),
        ("exec_user", "ccpl.view_staff_area", True),
        ("leader_user", "ccpl.view_staff_area", False),
        ("panel_user", "ccpl.view_staff_area", False),
        ("staff_user", "ccpl.manage_framework", True),
        ("exec_user", "ccpl.manage_framework", False),
        ("leader_user", "ccpl.change_own_equality_profile", True),
        ("staff_user", "ccpl.change_own_equality_profile", False),
        ("sysadmin_user", "ccpl.use_admin", True),
        ("staff_user", "ccpl.use_admin", False),
        ("staff_user", "ccpl.view_history", True),
        ("exec_user", "ccpl.view_history", False),
    ],
)
def test_user_kinds_have_their_permissions(request, fixture, perm, expected):
    user = request.getfixturevalue(fixture)
    assert user.has_perm(perm) is expected


def test_object_rules_limit_a_leader_to_their_own_record(leader_user):
    from tests.factories import PersonFactory

    someone_else = PersonFactory()
    own = leader_user.person
    assert leader_user.has_perm("ccpl.change_person", own)
    assert not leader_user.has_perm("ccpl.change_person", someone_else)
    assert not leader_user.has_perm("ccpl.view_person", someone_else)


def test_inactive_staff_lose_staff_permissions(staff_user):
    staff_user.is_active = False
    staff_user.save()
    assert not staff_user.has_perm("ccpl.view_staff_area")
