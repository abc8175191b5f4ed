"""Every view of ours declares its audience, and the permission scheme holds."""

import re
from pathlib import Path

import pytest
import rules
from django.conf import settings
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
        ("staff_user", "ccpl.view_history", True),
        ("exec_user", "ccpl.view_history", False),
    ],
)
def test_user_kinds_have_their_permissions(request, fixture, perm, expected):
    user = request.getfixturevalue(fixture)
    assert rules.has_perm(perm, user) is expected


def test_object_rules_limit_a_leader_to_their_own_record(leader_user):
    from tests.factories import PersonFactory

    someone_else = PersonFactory()
    own = leader_user.person
    assert rules.has_perm("ccpl.change_person", leader_user, own)
    assert not rules.has_perm("ccpl.change_person", leader_user, someone_else)
    assert not rules.has_perm("ccpl.view_person", leader_user, someone_else)


def test_inactive_staff_lose_staff_permissions(staff_user):
    staff_user.is_active = False
    staff_user.save()
    assert not rules.has_perm("ccpl.view_staff_area", staff_user)


# --- Application permissions are asked of rules.has_perm only -----------------
# Django's user.has_perm (and the ``perms`` template variable built on it) answers
# yes to a superuser before any backend is asked; the superuser is for the admin alone.

ROOT = Path(settings.BASE_DIR)
FORBIDDEN = {
    "user.has_perm(": re.compile(r"user\.has_perm\("),
    ".has_perms(": re.compile(r"\.has_perms\("),
    "perms.": re.compile(r"(?<![\w.])perms\."),
}


def _checked_files():
    sources = [
        *ROOT.glob("*/views*.py"),
        *ROOT.glob("*/**/views/*.py"),
        *ROOT.glob("*/**/context_processors*.py"),
        *ROOT.glob("*/**/forms*.py"),
        ROOT / "ccpl" / "access.py",
    ]
    templates = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]
    skip = (".venv", "node_modules", "tests", "static", "staticfiles")
    return sorted(
        {path for path in sources + templates if not set(path.relative_to(ROOT).parts) & set(skip)}
    )


def test_the_scan_covers_views_forms_context_processors_and_templates():
    names = {str(path.relative_to(ROOT)) for path in _checked_files()}
    for expected in (
        "ccpl/views.py",
        "ccpl/access.py",
        "ccpl/context_processors.py",
        "ccpl/forms.py",
        "reports/views.py",
        "surveys/views/results.py",
        "templates/base.html",
        "templates/roles/role_detail.html",
    ):
        assert expected in names


def test_permissions_are_asked_of_rules_only():
    found = []
    for path in _checked_files():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for name, pattern in FORBIDDEN.items():
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {name}")
    assert found == [], "use rules.has_perm(name, user, obj) or {{ can.app.perm }}"


def test_every_permission_a_template_asks_for_exists():
    asked = set()
    for path in ROOT.glob("templates/**/*.html"):
        asked |= set(re.findall(r"\bcan\.(\w+)\.(\w+)", path.read_text()))
    assert asked, "templates ask through {{ can.app.perm }}"
    unknown = sorted(
        f"{app}.{name}" for app, name in asked if not rules.perm_exists(f"{app}.{name}")
    )
    assert unknown == []


def test_a_superuser_gets_no_application_permission(user_kinds):
    from tests.factories import UserFactory

    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert superuser.has_perm("ccpl.view_staff_area")  # Django's own answer: why we never ask it
    plain = UserFactory()  # signed in, of no kind

    def granted(user):
        return [name for name in rules.permissions.permissions if rules.has_perm(name, user)]

    assert granted(superuser) == granted(plain) == ["ccpl.view_own_profile"]
