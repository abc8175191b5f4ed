"""Staff and executive pages: request → decision → advert → stages → lock → appoint."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from recruitment.models import Application, Campaign, RequestToRecruit
from recruitment.views import manage
from roles.models import Appointment
from tests.factories import ProfessionalGroupFactory
from tests.roles.factories import JobDescriptionFactory, RoleFactory

from .factories import ApplicationFactory, CampaignFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _date(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_request_decision_and_advert_through_the_pages(
    staff_client, exec_client, panel_user, django_capture_on_commit_callbacks
):
    role = RoleFactory(title="Frailty lead")
    JobDescriptionFactory(role=role)
    medical = ProfessionalGroupFactory(name="Medical")
    ProfessionalGroupFactory(name="Nursing")
    response = staff_client.post(
        reverse("recruitment:request_create"),
        {"role": role.pk, "reason": "Vacant", "proposed_funding": "ICB", "proposed_sessions": "2"},
    )
    assert response.status_code == 302
    rtr = RequestToRecruit.objects.get()
    # Not approved yet: advertising is refused.
    advert = reverse("recruitment:campaign_create", args=[rtr.pk])
    data = {
        **_date("opens_on", TODAY),
        **_date("closes_on", TODAY + timedelta(days=14)),
        "communicated_to": [medical.pk],
        "panel": [panel_user.pk],
    }
    refused = staff_client.post(advert, data)
    assert "approved the request" in refused.content.decode()
    assert not Campaign.objects.exists()
    decisions = exec_client.get(reverse("recruitment:request_decisions")).content.decode()
    assert "Frailty lead" in decisions
    declined = exec_client.post(
        reverse("recruitment:request_decide", args=[rtr.pk]), {"decision": "decline"}
    )
    assert "Enter why the request is declined" in declined.content.decode()
    exec_client.post(reverse("recruitment:request_decide", args=[rtr.pk]), {"decision": "approve"})
    with django_capture_on_commit_callbacks(execute=False):
        response = staff_client.post(advert, data)
    campaign = Campaign.objects.get()
    assert response.url == reverse("recruitment:campaign_detail", args=[campaign.pk])
    page = staff_client.get(response.url).content.decode()
    # Communications reached only the medical network: flagged.
    assert "did not reach every profession" in page and "Nursing" in page
    assert list(campaign.panel.all()) == [panel_user]


def test_closing_before_opening_is_an_error(staff_client):
    from .factories import RequestToRecruitFactory

    response = staff_client.post(
        reverse("recruitment:campaign_create", args=[RequestToRecruitFactory().pk]),
        {**_date("opens_on", TODAY), **_date("closes_on", TODAY - timedelta(days=1))},
    )
    assert "closing date must be on or after" in response.content.decode()


def test_stages_lock_and_appoint_through_the_pages(staff_client, panel_client, panel_user):
    campaign = CampaignFactory(panel=[panel_user], closed=True)
    application = ApplicationFactory(campaign=campaign, family_name="Chosen")
    ApplicationFactory(campaign=campaign, family_name="Other")
    url = reverse("recruitment:application_detail", args=[application.pk])
    assert "Appointing creates" not in staff_client.get(url).content.decode()
    staff_client.post(url, {"stage": "shortlisted"})
    application.refresh_from_db()
    assert application.stage == "shortlisted" and application.shortlisted_on == TODAY
    staff_client.post(reverse("recruitment:shortlist_lock", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.shortlist_locked
    interview = panel_client.get(reverse("recruitment:panel_interview", args=[campaign.pk]))
    body = interview.content.decode()
    assert "Chosen" in body and "Other" not in body
    response = staff_client.post(url, _date("starts_on", TODAY))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Application.Stage.APPOINTED
    assert Appointment.objects.get().role == campaign.role
    page = staff_client.get(url).content.decode()
    assert "see the role" in page


def test_appointing_twice_shows_the_roles_rule(staff_client):
    campaign = CampaignFactory()
    first = ApplicationFactory(campaign=campaign, shortlisted_on=TODAY, stage="offered")
    second = ApplicationFactory(campaign=campaign, shortlisted_on=TODAY, stage="offered")
    staff_client.post(
        reverse("recruitment:application_detail", args=[first.pk]), _date("starts_on", TODAY)
    )
    response = staff_client.post(
        reverse("recruitment:application_detail", args=[second.pk]), _date("starts_on", TODAY)
    )
    assert response.status_code == 200
    assert "one holder at a time" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_manage_home_lists_campaigns_and_requests(staff_client):
    campaign = CampaignFactory(request__role__title="Listed role")
    ApplicationFactory(campaign=campaign)
    page = staff_client.get(reverse("recruitment:manage_home")).content.decode()
    assert "Listed role" in page


def test_manage_home_lists_campaigns_a_page_at_a_time(staff_client, monkeypatch):
    monkeypatch.setattr(manage, "CAMPAIGNS_PER_PAGE", 1)
    CampaignFactory(request__role__title="Closing later", closes_on=TODAY + timedelta(days=9))
    CampaignFactory(request__role__title="Closing sooner", closes_on=TODAY + timedelta(days=3))
    url = reverse("recruitment:manage_home")
    first = staff_client.get(url).content.decode().split("Requests to recruit")[0]
    assert "Showing 1 to 1 of 2" in first
    assert "Closing later" in first and "Closing sooner" not in first
    second = staff_client.get(url, {"page": 2}).content.decode().split("Requests to recruit")[0]
    assert "Closing sooner" in second and "Closing later" not in second


def test_campaign_edit_adds_panel_and_communications(staff_client, panel_user):
    campaign = CampaignFactory()
    group = ProfessionalGroupFactory(name="Psychology")
    url = reverse("recruitment:campaign_edit", args=[campaign.pk])
    page = staff_client.get(url).content.decode()
    assert "Change campaign" in page
    response = staff_client.post(
        url,
        {
            **_date("opens_on", campaign.opens_on),
            **_date("closes_on", campaign.closes_on + timedelta(days=7)),
            "communicated_to": [group.pk],
            "panel": [panel_user.pk],
            "on_ics_website": "on",
        },
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert list(campaign.panel.all()) == [panel_user]
    assert list(campaign.communicated_to.all()) == [group]
    assert campaign.on_ics_website


def test_applications_csv_has_no_equality_answers(staff_client):
    from ccpl.models import EqualityProfile

    campaign = CampaignFactory()
    application = ApplicationFactory(campaign=campaign, family_name="Exported")
    EqualityProfile.objects.create(
        subject=EqualityProfile.subject_for(application), religion="buddhist"
    )
    response = staff_client.get(
        reverse("recruitment:campaign_detail", args=[campaign.pk]), {"_export": "csv"}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Exported" in body and "Candidate,First name" in body
    assert "buddhist" not in body.lower()


def test_panel_home_links_nowhere_the_panel_cannot_go(panel_client, panel_user):
    CampaignFactory(panel=[panel_user])
    page = panel_client.get(reverse("recruitment:panel_home")).content.decode()
    assert f'href="{reverse("recruitment:manage_home")}"' not in page
    assert panel_client.get(reverse("recruitment:manage_home")).status_code == 403
