"""Applying to a cohort (from the public and as a leader), selection by the CCPL team, a
leader's own applications, who reaches which page, and the attack on the promise that
whoever selects never sees an applicant's equality answers."""

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from ccpl.models import Email, EqualityProfile
from development.models import Cohort, CohortApplication, Offer
from roles import hooks as role_hooks
from tests.ccpl.test_equality_attack import VICTIM_ANSWERS, answers_shown
from tests.factories import ProfessionalGroupFactory, UserFactory

from .factories import CohortApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db


def _public_data(group, **extra):
    return {
        "given_name": "Vashti",
        "family_name": "Quillfeather",
        "email": "vashti@care.example.org",
        "professional_group": group.pk,
        "organisation": "Hillview Care Homes",
        "sector": Offer.Sector.SOCIAL_CARE,
        "why": "I want to bring social care into system decisions.",
        "consent": "on",
        **extra,
    }


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


def _apply_url(cohort):
    return reverse("development:cohort_apply", args=[cohort.pk])


def test_the_public_applies_answers_the_equality_questions_and_is_told_by_email(
    client, django_capture_on_commit_callbacks, eager_celery
):
    cohort = CohortFactory(offer__title="Growing system leaders", name="2027 intake")
    offer_page = client.get(reverse("development:offer_detail", args=[cohort.offer_id]))
    assert _apply_url(cohort) in offer_page.content.decode()
    page = client.get(_apply_url(cohort)).content.decode()
    assert 'name="given_name"' in page and "Send application" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_apply_url(cohort), _public_data(ProfessionalGroupFactory()))
    assert response.status_code == 302
    assert response.url == reverse("development:cohort_apply_equality", args=[cohort.pk])
    application = CohortApplication.objects.get()
    assert (application.person, application.email) == (None, "vashti@care.example.org")
    assert [m.to for m in mail.outbox] == [["vashti@care.example.org"]]
    assert Email.objects.get().status == Email.Status.SENT
    # The same optional form as a job application's, stored under the application's pseudonym.
    equality = client.get(response.url).content.decode()
    assert "never see these answers" in equality and "Prefer not to say" in equality
    response = client.post(response.url, {"religion": "sikh", "sex": "prefer_not_to_say"})
    assert response.url == reverse("development:cohort_apply_confirmation", args=[cohort.pk])
    profile = EqualityProfile.objects.get(subject=EqualityProfile.subject_for(application))
    assert (profile.religion, profile.sex) == ("sikh", "prefer_not_to_say")
    confirmation = client.get(response.url).content.decode()
    assert "Application sent" in confirmation and "vashti@care.example.org" in confirmation
    # Once confirmed, the session no longer holds the application: nothing more to answer.
    again = client.get(reverse("development:cohort_apply_equality", args=[cohort.pk]))
    assert again.status_code == 302 and again.url == _apply_url(cohort)


def test_a_leader_applies_with_the_shorter_form_and_sees_it_under_their_profile(
    leader_client, leader_user, django_capture_on_commit_callbacks
):
    person = leader_user.person
    cohort = CohortFactory(offer__title="Incubator for new leaders")
    page = leader_client.get(_apply_url(cohort))
    html = page.content.decode()
    assert 'name="given_name"' not in html and 'name="email"' not in html
    assert f"You are applying as {person.full_name}" in html
    form = page.context["form"]
    assert form.initial["professional_group"] == person.professional_group_id
    assert form.initial["organisation"] == person.organisation.name
    data = {
        "professional_group": person.professional_group_id,
        "organisation": person.organisation.name,
        "sector": Offer.Sector.NHS,
        "why": "To grow as a new leader.",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(_apply_url(cohort), data)
    assert response.status_code == 302
    application = CohortApplication.objects.get()
    assert (application.person, application.email) == (person, person.email)
    # Back on the form: told they have applied, and a second post is refused.
    assert (
        "You applied to join this cohort" in leader_client.get(_apply_url(cohort)).content.decode()
    )
    assert leader_client.post(_apply_url(cohort), data).status_code == 410
    assert CohortApplication.objects.count() == 1
    # Their profile links to their applications, which list it.
    mine = reverse("development_profile:my_applications")
    assert mine in leader_client.get(reverse("profile:my_profile")).content.decode()
    listed = leader_client.get(mine).content.decode()
    assert "Incubator for new leaders" in listed and "Received" in listed
    # ...and they may withdraw it.
    withdraw = reverse("development_profile:my_application_withdraw", args=[application.pk])
    assert leader_client.get(withdraw).status_code == 405
    assert leader_client.post(withdraw).status_code == 302
    application.refresh_from_db()
    assert application.status == CohortApplication.Status.WITHDRAWN


def test_nobody_withdraws_someone_elses_application(leader_client):
    application = CohortApplicationFactory()
    withdraw = reverse("development_profile:my_application_withdraw", args=[application.pk])
    assert leader_client.post(withdraw).status_code == 404
    application.refresh_from_db()
    assert application.status == CohortApplication.Status.RECEIVED


def test_a_closed_cohort_says_why_and_stores_nothing(client):
    closed = CohortFactory(
        applications_open_on=timezone.localdate() - timedelta(days=9),
        applications_close_on=timezone.localdate() - timedelta(days=1),
    )
    page = client.get(_apply_url(closed)).content.decode()
    assert "Applications closed on" in page and 'name="why"' not in page
    response = client.post(_apply_url(closed), _public_data(ProfessionalGroupFactory()))
    assert response.status_code == 410
    assert not CohortApplication.objects.exists()
    cancelled = CohortFactory(status=Cohort.Status.CANCELLED)
    assert "has been cancelled" in client.get(_apply_url(cancelled)).content.decode()
    unpublished = CohortFactory(offer__is_published=False)
    assert client.get(_apply_url(unpublished)).status_code == 404


def test_the_form_shows_service_refusals_on_the_field(client):
    cohort = CohortFactory()
    CohortApplicationFactory(cohort=cohort, email="vashti@care.example.org")
    response = client.post(_apply_url(cohort), _public_data(ProfessionalGroupFactory()))
    assert response.status_code == 200
    assert "already been made for this cohort" in response.content.decode()
    assert CohortApplication.objects.count() == 1


def _selection_urls(application):
    return {
        "cohort": reverse("development:cohort_manage", args=[application.cohort_id]),
        "application": reverse("development:application_manage", args=[application.pk]),
        "decide": reverse("development:application_decide", args=[application.pk]),
    }


def test_selection_pages_by_user_kind(
    client, staff_client, exec_client, leader_client, panel_client, sysadmin_client
):
    application = CohortApplicationFactory()
    for name, url in _selection_urls(application).items():
        assert client.get(url).status_code == 302, name
        assert staff_client.get(url).status_code == 200, name
        assert exec_client.get(url).status_code == (403 if name == "decide" else 200), name
        for other in (leader_client, panel_client, sysadmin_client):
            assert other.get(url).status_code == 403, name
    decide = _selection_urls(application)["decide"]
    post = {"status": "selected", "reason": "Fits."}
    assert exec_client.post(decide, post).status_code == 403
    application.refresh_from_db()
    assert application.status == CohortApplication.Status.RECEIVED
    page = exec_client.get(_selection_urls(application)["application"]).content.decode()
    assert decide not in page


def test_staff_select_with_a_reason_within_the_places(
    staff_client, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(places=1, name="Spring cohort")
    first, second = CohortApplicationFactory.create_batch(2, cohort=cohort)
    urls = _selection_urls(first)
    page = staff_client.get(urls["cohort"]).content.decode()
    assert first.full_name in page and second.full_name in page
    assert "1: 0 selected, 1 left" in page
    missing = staff_client.post(urls["decide"], {"status": "selected", "reason": ""})
    assert "Enter reason for the decision" in missing.content.decode()
    with django_capture_on_commit_callbacks():
        response = staff_client.post(urls["decide"], {"status": "selected", "reason": "Fits."})
    assert response.status_code == 302 and response.url == urls["cohort"]
    assert Email.objects.filter(kind="Development application outcome", to=first.email).exists()
    full = staff_client.post(
        _selection_urls(second)["decide"], {"status": "selected", "reason": "Also fits."}
    )
    assert full.status_code == 200
    assert "The only place in this cohort is taken" in full.content.decode()
    second.refresh_from_db()
    assert second.status == CohortApplication.Status.RECEIVED
    detail = staff_client.get(urls["application"]).content.decode()
    assert "Fits." in detail and "Change the decision" in detail


def test_the_applications_list_is_paginated_and_exported(staff_client):
    cohort = CohortFactory(places=200)
    CohortApplicationFactory.create_batch(55, cohort=cohort)
    url = reverse("development:cohort_manage", args=[cohort.pk])
    page = staff_client.get(url)
    assert len(page.context["table"].page.object_list) == 50
    assert len(staff_client.get(url, {"page": 2}).context["table"].page.object_list) == 5
    export = staff_client.get(url, {"_export": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    assert _body(export).count("\n") == 56  # header and every application


def test_the_profile_hook_is_registered_by_development():
    from development.application_selectors import profile_development_links

    assert role_hooks.profile_development_links.function is profile_development_links


# --- The attack: equality answers never reach whoever selects --------------------------


def _development_routes():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    return [
        route
        for route in walk(get_resolver().url_patterns)
        if route.startswith(("development/", "profile/development/"))
    ]


def _fill(route, application):
    """The route's address about the planted application: an id after ``applications/`` is
    the application's, after ``cohorts/`` its cohort's, anywhere else its offer's."""
    ids = {"applications": application.pk, "cohorts": application.cohort_id}

    def value(match):
        return str(ids.get(match.group(1), application.cohort.offer_id))

    return "/" + re.sub(
        r"(?:(\w+)/)?<(?:\w+:)?\w+>",
        lambda m: (m.group(1) + "/" if m.group(1) else "") + value(m),
        route,
    )


def _admin_urls():
    urls = [reverse("admin:index"), reverse("admin:app_list", args=["development"])]
    for model in admin.site._registry:
        if model._meta.app_label != "development":
            continue
        prefix = f"admin:development_{model._meta.model_name}"
        urls.append(reverse(f"{prefix}_changelist"))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            urls += [reverse(f"{prefix}_change", args=[obj.pk])]
            urls += [reverse(f"{prefix}_history", args=[obj.pk])]
    return urls


def _plant(client) -> CohortApplication:
    """The victim applies through the real forms, with answers nobody else gives."""
    cohort = CohortFactory()
    client.post(_apply_url(cohort), _public_data(ProfessionalGroupFactory()))
    client.post(reverse("development:cohort_apply_equality", args=[cohort.pk]), VICTIM_ANSWERS)
    application = CohortApplication.objects.get()
    assert EqualityProfile.objects.filter(subject=EqualityProfile.subject_for(application))
    return application


def _readers(*users) -> dict:
    from django.test import Client

    readers = {}
    for user in users:
        readers[user.username] = Client(raise_request_exception=False)
        readers[user.username].force_login(user)
    return readers


def _attack(application, readers, decide_as) -> list:
    """Every development page (lists, exports, the application, the decision form, change
    history) and the admin, read as each reader, before and after a decision: what shows
    the victim's answers."""
    urls = [_fill(route, application) for route in _development_routes()]
    urls += [url + "?_export=csv" for url in urls if "manage/cohorts/" in url]
    urls += _admin_urls()
    for obj in (application, application.cohort):
        content_type = ContentType.objects.get_for_model(obj)
        urls.append(reverse("ccpl:object_history", args=[content_type.pk, obj.pk]))
    findings = []
    for decision in (None, {"status": "selected", "reason": "Fits the programme."}):
        if decision:
            decide = reverse("development:application_decide", args=[application.pk])
            assert readers[decide_as].post(decide, decision).status_code == 302
        for username, reader in readers.items():
            for url in urls:
                response = reader.get(url)
                assert response.status_code < 500, (username, url)
                findings += [(username, url, s) for s in answers_shown(_body(response))]
    return findings


def test_whoever_selects_never_sees_the_applicants_equality_answers(
    client, staff_user, exec_user, sysadmin_user, leader_user
):
    application = _plant(client)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    readers = _readers(staff_user, exec_user, sysadmin_user, leader_user, superuser)
    assert _attack(application, readers, decide_as=staff_user.username) == []
    # The selection page does show the application itself: the attack read real pages.
    page = readers[staff_user.username].get(
        reverse("development:cohort_manage", args=[application.cohort_id])
    )
    assert "Quillfeather" in page.content.decode()
    # The equality rows have no admin, and the applications none through which to reach them.
    assert EqualityProfile not in admin.site._registry
    assert CohortApplication not in admin.site._registry


def test_the_attack_finds_answers_on_a_leaky_build(client, staff_user, monkeypatch):
    """Guards the guard: a build whose application page showed the applicant's answers
    (read through the core, as a careless view might) is caught by the same attack."""
    from ccpl.forms import equality_answer_rows
    from ccpl.selectors import equality_answers_of
    from development.views import selection

    render = selection.render

    def leaky_render(request, template, context=None, *args, **kwargs):
        response = render(request, template, context, *args, **kwargs)
        if context and "application" in context:
            rows = equality_answer_rows(equality_answers_of(context["application"]))
            response.content += "".join(f"<p>{q}: {a}</p>" for q, a in rows).encode()
        return response

    application = _plant(client)
    monkeypatch.setattr(selection, "render", leaky_render)
    findings = _attack(application, _readers(staff_user), decide_as=staff_user.username)
    leaked = {url for _user, url, _shown in findings}
    assert reverse("development:application_manage", args=[application.pk]) in leaked
