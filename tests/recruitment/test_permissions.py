"""Every recruitment URL for every user kind; the panel never reaches identities before the
shortlist is locked, nor equality answers ever, by any URL."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from ccpl.models import EqualityProfile
from recruitment import services
from recruitment import urls as recruitment_urls
from recruitment.models import RequestToRecruit
from tests.factories import UserFactory
from tests.roles.factories import AppointmentFactory

from .factories import ApplicationFactory, CampaignFactory, RequestToRecruitFactory

pytestmark = pytest.mark.django_db

SECRET_IDENTITY = ("Zebediah", "Quuxley", "zq-applicant@example.nhs.uk", "07700 900123")
# Labels of the applicant's equality answers, which no page may show to anyone.
SECRET_EQUALITY = ("Bangladeshi", "Buddhist")


@pytest.fixture
def world(panel_user):
    # Closed yesterday: shortlisting is open.
    campaign = CampaignFactory(
        panel=[panel_user],
        opens_on=date.today() - timedelta(days=30),
        closes_on=date.today() - timedelta(days=1),
    )
    other_campaign = CampaignFactory()
    application = ApplicationFactory(
        campaign=campaign,
        given_name=SECRET_IDENTITY[0],
        family_name=SECRET_IDENTITY[1],
        email=SECRET_IDENTITY[2],
        phone=SECRET_IDENTITY[3],
        organisation="Secret Organisation Trust",
    )
    EqualityProfile.objects.create(
        subject=EqualityProfile.subject_for(application),
        ethnicity="asian_bangladeshi",
        religion="buddhist",
    )
    other_application = ApplicationFactory(campaign=other_campaign)
    pending = RequestToRecruitFactory(status=RequestToRecruit.Status.PENDING, decided_on=None)
    approved = RequestToRecruitFactory()
    return {
        "campaign": campaign,
        "other_campaign": other_campaign,
        "application": application,
        "other_application": other_application,
        "pending": pending,
        "approved": approved,
        "ended": AppointmentFactory(ended_on=date.today(), leaving_reason="resigned"),
    }


def _args(world, name):
    return {
        "vacancy_list": [],
        "vacancy_feed": [],
        "vacancy_detail": [world["campaign"].pk],
        "vacancy_apply": [world["campaign"].pk],
        "vacancy_equality": [world["campaign"].pk],
        "vacancy_confirmation": [world["campaign"].pk],
        "manage_home": [],
        "request_create": [],
        "request_decisions": [],
        "request_decide": [world["pending"].pk],
        "campaign_create": [world["approved"].pk],
        "campaign_detail": [world["campaign"].pk],
        "campaign_edit": [world["campaign"].pk],
        "shortlist_lock": [world["campaign"].pk],
        "application_detail": [world["application"].pk],
        "application_cv": [world["application"].pk],
        "funnel": [],
        "panel_home": [],
        "panel_shortlist": [world["campaign"].pk],
        "panel_shortlist_score": [world["campaign"].pk, world["application"].pk],
        "panel_interview": [world["campaign"].pk],
        "panel_interview_score": [world["campaign"].pk, world["application"].pk],
        "talent_pool_join": [],
        "talent_pool_list": [],
        "learning_survey_create": [world["campaign"].pk],
        "exit_interview_list": [],
        "exit_interview_record": [world["ended"].pk],
        "appointee_equality_copy": [],
    }[name]


def _all_names():
    return sorted(p.name for p in recruitment_urls.urlpatterns)


PUBLIC = {
    "vacancy_list": 200,
    "vacancy_feed": 200,
    "vacancy_detail": 200,
    "vacancy_apply": 302,  # the world's advert has closed: back to the advert
    "vacancy_equality": 302,
    "vacancy_confirmation": 302,
    "talent_pool_join": 200,
}
LOGIN = "login"
# Expected GET status for each signed-in kind; anything not public sends anonymous to sign in.
EXPECTED = {
    #  name:                   staff, exec, leader, panel
    "manage_home": (200, 200, 403, 403),
    "request_create": (200, 403, 403, 403),
    "request_decisions": (403, 200, 403, 403),
    "request_decide": (403, 200, 403, 403),
    "campaign_create": (200, 403, 403, 403),
    "campaign_detail": (200, 200, 403, 403),
    "campaign_edit": (200, 403, 403, 403),
    "shortlist_lock": (405, 405, 405, 405),
    "application_detail": (200, 403, 403, 403),
    "application_cv": (200, 403, 403, 403),
    "funnel": (200, 200, 403, 403),
    "panel_home": (403, 403, 403, 200),
    "panel_shortlist": (403, 403, 403, 200),
    "panel_shortlist_score": (403, 403, 403, 200),
    "panel_interview": (403, 403, 403, 403),
    "panel_interview_score": (403, 403, 403, 403),
    "talent_pool_list": (200, 403, 403, 403),
    "learning_survey_create": (405, 405, 405, 405),
    "exit_interview_list": (200, 200, 403, 403),
    "exit_interview_record": (200, 403, 403, 403),
    "appointee_equality_copy": (405, 405, 405, 405),
}
KINDS = ("staff_client", "exec_client", "leader_client", "panel_client")


def test_every_url_is_in_the_matrix():
    assert set(_all_names()) == set(PUBLIC) | set(EXPECTED)


@pytest.mark.parametrize("name", sorted(PUBLIC | EXPECTED))
def test_anonymous(client, world, name):
    response = client.get(reverse(f"recruitment:{name}", args=_args(world, name)))
    if name in PUBLIC:
        assert response.status_code == PUBLIC[name]
    elif name in ("shortlist_lock", "learning_survey_create", "appointee_equality_copy"):
        assert response.status_code == 405
    else:
        assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("kind", KINDS)
def test_signed_in_kinds(request, world, kind, name):
    client = request.getfixturevalue(kind)
    response = client.get(reverse(f"recruitment:{name}", args=_args(world, name)))
    assert response.status_code == EXPECTED[name][KINDS.index(kind)]


def test_panel_only_reaches_their_own_campaigns(panel_client, world):
    other = world["other_campaign"]
    for name, args in (
        ("panel_shortlist", [other.pk]),
        ("panel_shortlist_score", [other.pk, world["other_application"].pk]),
        ("panel_interview", [other.pk]),
        # Their campaign in the address, another campaign's application: not found.
        ("panel_shortlist_score", [world["campaign"].pk, world["other_application"].pk]),
    ):
        response = panel_client.get(reverse(f"recruitment:{name}", args=args))
        assert response.status_code in (403, 404), name


def test_panel_cannot_score_another_campaign(panel_client, world):
    other = world["other_campaign"]
    url = reverse(
        "recruitment:panel_shortlist_score", args=[other.pk, world["other_application"].pk]
    )
    assert panel_client.post(url, {"score": "5"}).status_code == 403


def _every_page_for(client, world):
    for name in _all_names():
        response = client.get(reverse(f"recruitment:{name}", args=_args(world, name)))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        yield name, response.status_code, body.decode(errors="ignore")


def test_panel_sees_no_identity_or_equality_data_before_the_lock(panel_client, world):
    for name, _status, body in _every_page_for(panel_client, world):
        for secret in SECRET_IDENTITY + SECRET_EQUALITY + ("Secret Organisation",):
            assert secret not in body, (name, secret)
    shortlist = panel_client.get(
        reverse("recruitment:panel_shortlist", args=[world["campaign"].pk])
    ).content.decode()
    assert "Candidate 1" in shortlist or f"Candidate {world['application'].candidate_number}" in (
        shortlist
    )
    assert world["application"].supporting_statement in shortlist


def test_after_the_lock_panel_sees_shortlisted_names_but_never_equality(
    panel_client, world, staff_user
):
    application = world["application"]
    services.application_move(user=staff_user, application=application, stage="shortlisted")
    services.shortlist_lock(user=staff_user, campaign=world["campaign"])
    interview = panel_client.get(
        reverse("recruitment:panel_interview", args=[world["campaign"].pk])
    )
    assert interview.status_code == 200
    assert SECRET_IDENTITY[1] in interview.content.decode()
    for name, _status, body in _every_page_for(panel_client, world):
        for secret in SECRET_EQUALITY + SECRET_IDENTITY[2:]:
            assert secret not in body, (name, secret)


@pytest.mark.parametrize("kind", ["staff_client", "exec_client"])
def test_staff_and_executives_never_see_equality_answers(request, world, kind):
    client = request.getfixturevalue(kind)
    for name, _status, body in _every_page_for(client, world):
        if name == "funnel":
            continue  # lists every category, whoever applied: see test_funnel
        for secret in SECRET_EQUALITY:
            assert secret not in body, (name, secret)


def test_cv_download_for_staff_only(staff_client, exec_client, world):
    url = reverse("recruitment:application_cv", args=[world["application"].pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert exec_client.get(url).status_code == 403


def test_writes_need_the_right_kind(exec_client, staff_client, world):
    lock = reverse("recruitment:shortlist_lock", args=[world["campaign"].pk])
    assert exec_client.post(lock).status_code == 403
    learning = reverse("recruitment:learning_survey_create", args=[world["campaign"].pk])
    assert exec_client.post(learning).status_code == 403
    decide = reverse("recruitment:request_decide", args=[world["pending"].pk])
    assert staff_client.post(decide, {"decision": "approve"}).status_code == 403
    response = exec_client.post(decide, {"decision": "approve"})
    assert response.status_code == 302
    world["pending"].refresh_from_db()
    assert world["pending"].status == "approved"
    assert world["pending"].decided_on == date.today()


def test_unused_user_helper():
    # A user with no kind at all is treated like a leader: no recruitment pages.
    assert UserFactory().has_perm("recruitment.view_recruitment") is False


def test_admin_never_offers_applications_or_equality_answers(sysadmin_client):
    from django.contrib import admin

    from ccpl.models import EqualityProfile as Profile
    from recruitment.models import Application

    assert Application not in admin.site._registry
    assert Profile not in admin.site._registry
    assert sysadmin_client.get("/admin/recruitment/campaign/").status_code == 200
