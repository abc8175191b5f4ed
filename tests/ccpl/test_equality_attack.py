"""The attack on "individual equality answers are seen only by the person themself".

A victim with answers no other fixture uses (Gypsy or Irish Traveller, Sikh, bisexual),
also an applicant with the same answers, is attacked by every kind of user: anonymous, a
leader, another leader, a panel member on the victim's campaign, the CCPL team (with
``is_staff``, as they once had the admin), an executive, the system administrator (the
group) and a superuser. Each GETs every URL pattern of the project it can fill (ids and
slugs from the planted objects; CSV exports too), every admin page of every registered
model on every routed admin site, the change history pages, then tries every way of
linking the victim's record to their own account and reads ``/profile/equality/``.

:func:`equality_attack` returns findings, so the same attack is shown to catch a leak
when the build is deliberately broken (the last tests).
"""

from __future__ import annotations

import contextlib
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.sites import all_sites
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from ccpl import equality, rules
from ccpl.exports import CsvExportMixin
from ccpl.models import EqualityProfile, Person
from tests.factories import EqualityProfileFactory, PersonFactory, UserFactory
from tests.forums.factories import MeetingFactory, MembershipFactory
from tests.recruitment.factories import ApplicationFactory, CampaignFactory
from tests.roles.factories import AppointmentFactory, LinkRoleFactory, SeatFactory

# Answers nobody else in the test data gives: their labels must never reach anyone else.
VICTIM_ANSWERS = {
    "age_band": equality.AgeBand.AGE_60_PLUS,
    "sex": equality.Sex.MALE,
    "gender_same_as_birth": equality.YesNo.NO,
    "disability": equality.YesNo.YES,
    "ethnicity": equality.Ethnicity.WHITE_GYPSY_TRAVELLER,
    "sexual_orientation": equality.SexualOrientation.BISEXUAL,
    "religion": equality.Religion.SIKH,
}
# The distinctive ones, with every category of their question (a page listing them all is
# a list of categories, such as a form or an aggregate table, not somebody's answer).
WATCHED = {
    "ethnicity": equality.Ethnicity,
    "sexual_orientation": equality.SexualOrientation,
    "religion": equality.Religion,
}
ATTACKERS = (
    "anonymous",
    "leader",
    "other_leader",
    "panel",
    "board",
    "ccpl_team",
    "executive",
    "system_administrator",
    "superuser",
)


@dataclass
class Planted:
    victim: Person
    victim_user: object
    profile: EqualityProfile
    decoy: Person
    attackers: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)  # name -> object, for filling URLs

    def by_model(self):
        return {type(obj): obj for obj in reversed(list(self.objects.values()))}


def plant() -> Planted:
    """The victim, their record's neighbours, and one account per kind of attacker."""
    from ccpl.services import user_kinds_ensure

    user_kinds_ensure()
    User = get_user_model()

    def account(username, kind=None, **flags):
        user = UserFactory(username=username, **flags)
        if kind:
            user.groups.add(Group.objects.get(name=kind))
        return user

    victim_user = account("victim-user", rules.LEADER)
    victim = PersonFactory(given_name="Vashti", family_name="Quillfeather", user=victim_user)
    profile = EqualityProfileFactory(person=victim, **VICTIM_ANSWERS)
    decoy = PersonFactory(given_name="Dorian", family_name="Decoyson")
    EqualityProfileFactory(person=decoy, religion="christian", sexual_orientation="heterosexual")

    attackers = {
        "leader": account("attacker-leader", rules.LEADER),
        "other_leader": account("attacker-other-leader", rules.LEADER),
        "panel": account("attacker-panel", rules.RECRUITMENT_PANEL),
        "board": account("attacker-board", rules.BOARD_MEMBER),
        "ccpl_team": account("attacker-team", rules.CCPL_TEAM, is_staff=True),
        "executive": account("attacker-exec", rules.EXECUTIVE),
        "system_administrator": account(
            "attacker-sysadmin", rules.SYSTEM_ADMINISTRATOR, is_staff=True
        ),
        # The most powerful account there is: the demo's administrator is this.
        "superuser": account(
            "attacker-superuser", rules.SYSTEM_ADMINISTRATOR, is_staff=True, is_superuser=True
        ),
    }
    PersonFactory(given_name="Leo", family_name="Own", user=attackers["leader"])

    appointment = AppointmentFactory(person=victim)
    role = appointment.role
    seat = SeatFactory(role=role)
    membership = MembershipFactory(forum=seat.forum, person=victim)
    meeting = MeetingFactory(forum=seat.forum)
    campaign = CampaignFactory(request__role=role, panel=[attackers["panel"]])
    application = ApplicationFactory(
        campaign=campaign,
        given_name="Vashti",
        family_name="Quillfeather",
        email="vashti@nhs.net",
        shortlisted_on=timezone.localdate() - timedelta(days=1),
    )
    applicant_answers = EqualityProfileFactory(owner=application, **VICTIM_ANSWERS)
    objects = {
        "person": victim,
        "user": victim_user,
        "equality_profile": profile,
        "appointment": appointment,
        "role": role,
        "function": role.function,
        "seat": seat,
        "link_role": LinkRoleFactory(role=role),
        "forum": seat.forum,
        "membership": membership,
        "meeting": meeting,
        "campaign": campaign,
        "request": campaign.request,
        "job_description": campaign.job_description,
        "application": application,
        "applicant_answers": applicant_answers,
    }
    User.objects.filter(pk=victim_user.pk).update(last_login=timezone.now())
    return Planted(victim, victim_user, profile, decoy, attackers, objects)


# --- Spotting the victim's answers in a response ------------------------------------

_CHOICE_LISTS = re.compile(r"<(select|label|datalist)\b.*?</\1>", re.S | re.I)
_FORM_TAGS = re.compile(r"<(?:input|option)\b[^>]*>", re.I)


def _body(response) -> str:
    # (The test client has closed the response already: closing it again would close the
    # test's database connection.)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"%PDF"):
        return ""  # compressed text: not searched here
    return content.decode("utf-8", "replace")


def answers_shown(body: str) -> list[str]:
    """The victim's distinctive answers this page shows, as chosen answers or as text."""
    shown = []
    for tag in _FORM_TAGS.findall(body):
        for question in WATCHED:
            code = VICTIM_ANSWERS[question]
            if f'value="{code}"' in tag and re.search(r"\s(checked|selected)\b", tag):
                shown.append(f"{question}={code} chosen in a form")
    text = _FORM_TAGS.sub(" ", _CHOICE_LISTS.sub(" ", body))
    for question, choices in WATCHED.items():
        code = VICTIM_ANSWERS[question]
        label = choices(code).label
        every = [c.label for c in choices if c.value != equality.PREFER_NOT_TO_SAY]
        if all(other in text for other in every):
            continue  # every category of the question: a form or an aggregate, not an answer
        if label in text or re.search(rf"\b{re.escape(code)}\b", text):
            shown.append(f"{question}: {label!r}")
    return shown


# --- The URLs to try ----------------------------------------------------------------


def _walk(patterns, prefix="", in_admin=False):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            admin_site = in_admin or pattern.app_name == "admin"
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), admin_site)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern, in_admin


# An id argument is filled from the planted object its address is about (first match).
_PK_BY_ROUTE = (
    ("manage/people/", "person"),
    ("vacancies/", "campaign"),
    ("recruitment/manage/requests/", "request"),
    ("recruitment/manage/applications/", "application"),
    ("recruitment/manage/", "campaign"),
    ("roles/manage/functions/", "function"),
    ("roles/manage/link-roles/", "link_role"),
    ("roles/manage/seats/", "seat"),
    ("roles/manage/job-descriptions/", "job_description"),
    ("roles/manage/appointments/", "appointment"),
    ("roles/manage/", "role"),
    ("forums/manage/meetings/", "meeting"),
    ("forums/manage/members/", "membership"),
)
_PK_BY_NAME = {
    "application_pk": "application",
    "appointment_pk": "appointment",
    "answer_pk": None,
}


def _fill(route: str, planted: Planted) -> str | None:
    if "^" in route or "(" in route:
        return None  # a regular expression: not ours to fill
    objects = planted.objects

    def value(match):
        converter, name = match.group(1) or "str", match.group(2)
        if name in _PK_BY_NAME and _PK_BY_NAME[name]:
            return str(objects[_PK_BY_NAME[name]].pk)
        if converter == "uuid":
            return str(uuid.uuid4())
        if name == "pk":
            for start, key in _PK_BY_ROUTE:
                if route.startswith(start):
                    return str(objects[key].pk)
            return str(planted.victim.pk)
        if name == "slug":
            return objects["forum"].slug
        if name == "kind":
            return "diversity_analysis"
        if converter == "int":
            return "1"
        return "not-a-real-key"

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def project_urls(planted: Planted) -> list[str]:
    """Every URL of the project (outside the admin) with its arguments filled, CSV exports
    of every exporting list, and the change history of each planted object."""
    urls = []
    for route, pattern, in_admin in _walk(get_resolver().url_patterns):
        if in_admin or "manage/history/" in route:
            continue
        url = _fill(route, planted)
        if url is None:
            continue
        urls.append(url)
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class and issubclass(view_class, CsvExportMixin):
            urls.append(url + "?_export=csv")
    for obj in planted.objects.values():
        content_type = ContentType.objects.get_for_model(obj)
        # The address takes whole-number ids; equality answers have random UUIDs, so their
        # history address is tried by hand (it cannot even be spelled as a route).
        urls.append(f"/manage/history/{content_type.pk}/{obj.pk}/")
    return urls


def probe_urls() -> list[str]:
    """Searches and filters that would pick the victim out of a list by their answers
    (a leak even when no answer is shown): the victim listed, the decoy not."""
    people, admin_people = reverse("ccpl:person_list"), reverse("admin:ccpl_person_changelist")
    return [
        people + "?religion=sikh&ethnicity=white_gypsy_traveller",
        people + "?equality_profile__religion=sikh&_export=csv",
        admin_people + "?q=sikh",
        admin_people + "?q=white_gypsy_traveller",
        admin_people + "?equality_profile__religion=sikh",
    ]


def admin_urls(planted: Planted) -> list[str]:
    """Index, changelist, search, add, change, delete, history and history-version pages
    of every model registered on every admin site that has addresses."""
    by_model = planted.by_model()
    urls = []
    for site in list(all_sites):
        try:
            urls.append(reverse(f"{site.name}:index"))
        except NoReverseMatch:
            continue  # a site nobody routes to
        for model in site._registry:
            prefix = f"{site.name}:{model._meta.app_label}_{model._meta.model_name}"
            try:
                changelist = reverse(f"{prefix}_changelist")
            except NoReverseMatch:
                continue
            about_people = model in (Person, get_user_model(), EqualityProfile)
            urls.append(changelist)
            app_list = reverse(f"{site.name}:app_list", args=[model._meta.app_label])
            if app_list not in urls:
                urls.append(app_list)
            if about_people:
                urls.append(reverse(f"{prefix}_add"))
            obj = by_model.get(model) or model._default_manager.order_by("pk").first()
            if obj is None:
                continue
            for page in ("change", "history", "delete") if about_people else ("change", "history"):
                urls.append(reverse(f"{prefix}_{page}", args=[obj.pk]))
            if hasattr(obj, "history"):
                version = obj.history.order_by("history_id").first()
                with contextlib.suppress(NoReverseMatch, AttributeError):  # no history admin
                    urls.append(
                        reverse(f"{prefix}_simple_history", args=[obj.pk, version.history_id])
                    )
    return urls


# --- The attack ---------------------------------------------------------------------


@dataclass
class AttackResult:
    findings: list[str]
    requests: int


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _structural_findings(planted: Planted) -> list[str]:
    """Admin forms that offer the account link or equality answers, on any routed site."""
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    by_model = planted.by_model()
    findings = []
    sensitive = {("ccpl", "person", "user"), ("auth", "user", "person")}
    for site in list(all_sites):
        try:
            reverse(f"{site.name}:index")
        except NoReverseMatch:
            continue
        for model, model_admin in site._registry.items():
            if model is EqualityProfile or getattr(model, "instance_type", None) is EqualityProfile:
                findings.append(f"{site.name}: EqualityProfile is registered")
            form = model_admin.get_form(request, by_model.get(model))
            for name in form.base_fields:
                if (model._meta.app_label, model._meta.model_name, name) in sensitive:
                    findings.append(f"{site.name}: {model.__name__} admin offers {name!r}")
                if name in equality.QUESTIONS or name == "equality_profile":
                    findings.append(f"{site.name}: {model.__name__} admin offers {name!r}")
            for inline in model_admin.get_inline_instances(request):
                if inline.model is EqualityProfile:
                    findings.append(f"{site.name}: {model.__name__} has an EqualityProfile inline")
    return findings


def _linking_attempts(client: Client, attacker, planted: Planted) -> int:
    """Every way a user might point the victim's record at their own account."""
    victim = planted.victim
    person_form = {
        "given_name": victim.given_name,
        "family_name": victim.family_name,
        "email": victim.email,
        "job_title": victim.job_title,
        "professional_group": victim.professional_group_id or "",
        "organisation": victim.organisation_id or "",
        "place": victim.place_id or "",
        "user": attacker.pk,
    }
    # A version of the record from a day when it was linked to the attacker's account.
    old = victim.history.order_by("history_id").first()
    version = Person.history.model.objects.create(
        **{f.attname: getattr(old, f.attname) for f in Person._meta.fields if f.name != "user"},
        user_id=attacker.pk,
        history_date=timezone.now() - timedelta(days=400),
        history_type="~",
    )
    posts = [
        (
            reverse("ccpl:my_profile_edit"),
            {"given_name": "Leo", "family_name": "Own", "user": attacker.pk, "id": victim.pk},
        ),
        (reverse("admin:ccpl_person_change", args=[victim.pk]), person_form),
        (reverse("admin:ccpl_person_add"), person_form | {"email": f"{attacker.pk}@x.nhs.uk"}),
        (
            reverse("admin:ccpl_person_simple_history", args=[victim.pk, version.history_id]),
            person_form,
        ),
        (reverse("admin:auth_user_change", args=[attacker.pk]), {"person": victim.pk}),
    ]
    for url, data in posts:
        client.post(url, data)
    return len(posts)


def equality_attack(*, planted: Planted, kinds=ATTACKERS, admin_only=False) -> AttackResult:
    """Attack the victim's answers as each kind of user; return what leaked."""
    findings = _structural_findings(planted)
    urls = admin_urls(planted) if admin_only else project_urls(planted) + admin_urls(planted)
    probes = [] if admin_only else probe_urls()
    requests = 0
    link_before = planted.victim.user_id
    for kind in kinds:
        attacker = None if kind == "anonymous" else planted.attackers[kind]
        client = _client(attacker)
        for url in urls:
            response = client.get(url)
            requests += 1
            if response.status_code >= 500:
                findings.append(f"{kind}: GET {url} answered {response.status_code}")
                continue
            for shown in answers_shown(_body(response)):
                findings.append(f"{kind}: GET {url} shows {shown}")
        for url in probes:
            body = _body(client.get(url))
            requests += 1
            if planted.victim.family_name in body and planted.decoy.family_name not in body:
                findings.append(f"{kind}: GET {url} picks the victim out")
        if attacker is None:
            continue
        own = set(Person.objects.filter(user=attacker).values_list("pk", flat=True))
        requests += _linking_attempts(client, attacker, planted)
        if Person.objects.get(pk=planted.victim.pk).user_id != link_before:
            findings.append(f"{kind}: re-pointed the victim's record at account {attacker}")
        if Person.objects.filter(user=attacker).exclude(pk__in=own).exists():
            findings.append(f"{kind}: linked a record to their own account")
        for url in ("/profile/", "/profile/details/", "/profile/equality/"):
            response = client.get(url)
            requests += 1
            if response.status_code >= 500:
                findings.append(f"{kind}: GET {url} answered {response.status_code}")
            for shown in answers_shown(_body(response)):
                findings.append(f"{kind}: GET {url} shows {shown}")
        # Put a broken build's damage right, so the next kind starts where this one did.
        Person.objects.filter(user=attacker).exclude(pk__in=own).update(user=None)
        Person.objects.filter(pk=planted.victim.pk).update(user_id=link_before)
    return AttackResult(findings=findings, requests=requests)


# --- The tests ------------------------------------------------------------------------


@pytest.fixture
def planted(db):
    return plant()


def test_the_spotter_sees_the_victims_answers_on_their_own_page(planted):
    """The positive control: the detector finds the answers where they belong."""
    page = _body(_client(planted.victim_user).get("/profile/equality/"))
    assert len(answers_shown(page)) == 3
    assert answers_shown("<p>Religion: Sikh</p>") == ["religion: 'Sikh'"]


def test_nobody_else_reaches_the_victims_equality_answers(planted):
    started = time.monotonic()
    result = equality_attack(planted=planted)
    assert result.findings == [], "\n".join(result.findings)
    # The attack really went everywhere: hundreds of pages for each kind of user.
    assert result.requests > 8 * 200
    assert planted.victim.user_id == planted.victim_user.pk
    print(f"{result.requests} requests in {time.monotonic() - started:.1f}s")


def test_the_attack_finds_an_admin_that_offers_the_account_link(planted, monkeypatch):
    """Break the build as issue 11 found it: the Person admin offers ``user`` again."""
    from simple_history.admin import SimpleHistoryAdmin

    person_admin = type(admin.site._registry[Person])
    monkeypatch.setattr(person_admin, "fields", (*person_admin.fields, "user"))
    monkeypatch.setattr(person_admin, "save_model", SimpleHistoryAdmin.save_model)
    result = equality_attack(planted=planted, kinds=("superuser",), admin_only=True)
    text = "\n".join(result.findings)
    assert "Person admin offers 'user'" in text
    assert "superuser: re-pointed the victim's record" in text
    assert "superuser: GET /profile/equality/ shows religion=sikh chosen in a form" in text


class _LeakyUrls:
    """The project's addresses plus a throwaway admin site that shows equality answers."""

    site = admin.AdminSite(name="leaky_admin")
    site.register(EqualityProfile)

    def __init__(self):
        from django.urls import path

        from ccpl import urls

        self.urlpatterns = [path("leaky-admin/", self.site.urls), *urls.urlpatterns]


def test_the_attack_finds_equality_answers_in_an_admin(planted, settings):
    """Break the build another way: EqualityProfile registered on an admin site."""
    settings.ROOT_URLCONF = _LeakyUrls()
    result = equality_attack(planted=planted, kinds=("superuser",), admin_only=True)
    text = "\n".join(result.findings)
    assert "leaky_admin: EqualityProfile is registered" in text
    assert "/leaky-admin/ccpl/equalityprofile/" in text
    assert "religion=sikh chosen in a form" in text
