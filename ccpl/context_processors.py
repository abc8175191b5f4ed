import rules
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import NoReverseMatch, reverse

from .access import can_use_admin
from .models import IntegratedCareBoard

# Public pages, linked from the home page once their app has them.
PUBLIC_PAGES = [
    ("Leadership roles and who holds them", "roles:public_list"),
    ("Vacancies", "recruitment:vacancy_list"),
    ("Development offers for leaders", "development:catalogue"),
    ("Diversity of our leaders", "roles:diversity"),
    ("Governance forums", "forums:public_list"),
    ("How decisions are made: the governance map", "forums:map"),
    ("How we are doing against our plan", "actions:public_plan"),
    ("What leaders told us: survey results", "surveys:published_list"),
]

# The same public pages in the header, for everyone (short labels: NHS.UK header navigation).
PUBLIC_NAVIGATION = [
    ("Leaders and roles", "roles:public_list"),
    ("Vacancies", "recruitment:vacancy_list"),
    ("Development", "development:catalogue"),
    ("Forums", "forums:public_list"),
    ("Governance map", "forums:map"),
    ("Our plan", "actions:public_plan"),
    ("Survey results", "surveys:published_list"),
]


def public_links(pages=PUBLIC_PAGES):
    links = []
    for label, name in pages:
        try:
            links.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    return links


class _AppPermissions:
    def __init__(self, user, app_label):
        self._user = user
        self._app_label = app_label

    def __getitem__(self, name):
        return rules.has_perm(f"{self._app_label}.{name}", self._user)


class Permissions:
    """``{% if can.ccpl.manage_framework %}``: a template asks for an application
    permission, decided by ``rules.has_perm`` (never ``user.has_perm``, which lets a
    superuser through). Object-level checks are made in the view and passed in."""

    def __init__(self, user):
        self._user = user

    def __getitem__(self, app_label):
        return _AppPermissions(self._user, app_label)


def _navigation(user):
    """Header links: home, what the signed-in user may use, then the public pages (for
    everyone, signed in or not; a link already given is not repeated)."""
    items = [("Home", reverse("home"))] + own_navigation(user)
    urls = {url for _, url in items}
    return items + [
        (label, url) for label, url in public_links(PUBLIC_NAVIGATION) if url not in urls
    ]


def own_navigation(user):
    items = []
    if not user.is_authenticated:
        return items
    if rules.has_perm("ccpl.view_staff_area", user):
        items.append(("Dashboard", reverse("dashboard:dashboard")))
    if rules.has_perm("ccpl.view_people", user):
        items.append(("People", reverse("ccpl:person_list")))
    # Each app's own read permission (the same people today: the CCPL team and executives).
    for permission, label, url_name in (
        ("roles.view_roles", "Roles", "roles:role_list"),
        ("actions.view_plan", "Action plan", "actions:overview"),
        ("forums.view_forums", "Manage forums", "forums:forum_list"),
        ("surveys.view_surveys", "Surveys", "surveys:survey_list"),
        ("recruitment.view_recruitment", "Recruitment", "recruitment:manage_home"),
        ("development.view_development", "Manage development", "development:offer_list"),
        ("communications.manage_communications", "Bulletins", "communications:manage"),
    ):
        if rules.has_perm(permission, user):
            items.append((label, reverse(url_name)))
    if rules.has_perm("ccpl.view_staff_area", user):
        items.append(("Reports", reverse("reports:report_list")))
        items.append(("Benchmarks", reverse("ccpl:benchmark_list")))
    elif rules.has_perm("reports.view_board_packs", user):
        # A board member (staff find the packs among the reports).
        items.append(("Board assurance packs", reverse("reports:board_pack_list")))
    if rules.has_perm("recruitment.view_panel_area", user):
        items.append(("Your panels", reverse("recruitment:panel_home")))
    if rules.has_perm("ccpl.view_leader_area", user):
        items.append(("Survey results", reverse("surveys:published_list")))
        items.append(("News", reverse("communications:archive")))
    if rules.has_perm("communications.view_forum", user):
        items.append(("Practitioner forum", reverse("communications:forum")))
    if rules.has_perm("ccpl.change_own_equality_profile", user):
        items.append(("Your profile", reverse("profile:my_profile")))
    if can_use_admin(user):
        items.append(("Administration", reverse("admin:index")))
    return items


def service(request):
    # Cached on the request: included templates (tables2) render with a fresh
    # RequestContext, which runs the context processors again.
    cached = getattr(request, "_ccpl_service_context", None)
    if cached is None:
        user = getattr(request, "user", None) or AnonymousUser()
        cached = {
            "service_name": settings.SERVICE_NAME,
            "icb": IntegratedCareBoard.current(),
            "navigation": _navigation(user),
            "can": Permissions(user),
        }
        request._ccpl_service_context = cached
    return cached
