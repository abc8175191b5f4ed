"""The recruitment lifecycle (issue 14): adverts close on their closing date and on appointment
(page, form and feed alike); shortlisting waits for the closing date; filled roles and
professions are checked; candidates and executives are e-mailed; talent-pool announcements
go out once, and only for adverts open now."""

import json
import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ccpl import queue
from ccpl.models import Email, OutboxMessage
from recruitment import services
from recruitment.models import Announcement, Application, Campaign, RequestToRecruit
from recruitment.services import Recipient
from roles import services as role_services
from tests.factories import PersonFactory, ProfessionalGroupFactory, UserFactory
from tests.roles.factories import AppointmentFactory, JobDescriptionFactory, RoleFactory

from .factories import PDF_BYTES, ApplicationFactory, CampaignFactory, RequestToRecruitFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _apply_data(group, **extra):
    return {
        "given_name": "Grace",
        "family_name": "Hopper",
        "email": "grace@nhs.net",
        "phone": "",
        "professional_group": group.pk,
        "organisation": "A trust",
        "supporting_statement": "I meet every point.",
        "cv": SimpleUploadedFile("cv.pdf", PDF_BYTES, "application/pdf"),
        "consent": "on",
    } | extra


def _feed_titles(client):
    return re.findall(
        r"<item><title>(.*?)</title>", client.get(reverse("recruitment:vacancy_feed")).text
    )


# --- 1. Adverts close on appointment and on their closing date --------------------------


def _locked(campaign):
    campaign.shortlist_locked_on = timezone.now()
    campaign.save()


def _appointed(campaign):
    application = ApplicationFactory(campaign=campaign, shortlisted_on=TODAY)
    application.stage = Application.Stage.APPOINTED
    application.save()


def _filled(campaign):
    AppointmentFactory(role=campaign.role)


def _past(campaign):
    campaign.opens_on = TODAY - timedelta(days=30)
    campaign.closes_on = TODAY - timedelta(days=1)
    campaign.save()


@pytest.mark.parametrize(
    ("close", "message"),
    [
        (_locked, "The shortlist has been agreed"),
        (_appointed, "The role has been filled"),
        (_filled, "The role has been filled"),
        (_past, "The closing date was"),
    ],
    ids=["shortlist locked", "candidate appointed", "role filled", "closing date"],
)
def test_a_closed_advert_takes_no_applications_on_its_page_nor_in_the_feed(client, close, message):
    campaign = CampaignFactory(request__role__title="Closing role")
    url = reverse("recruitment:vacancy_detail", args=[campaign.pk])
    apply = reverse("recruitment:vacancy_apply", args=[campaign.pk])
    assert "Apply for this role" in client.get(url).text
    assert "Send application" in client.get(apply).text
    assert _feed_titles(client) == ["Closing role"]
    close(campaign)
    page = client.get(url).text
    assert "This advert is closed" in page and message in page
    assert "Apply for this role" not in page and "<form" not in page.split("<main")[1]
    # The form's own address sends the visitor back to the advert, which says why.
    assert client.get(apply).url == url
    before = Application.objects.count()
    response = client.post(apply, _apply_data(ProfessionalGroupFactory()))
    assert response.status_code == 410
    assert "no longer accepted" in response.text
    assert Application.objects.count() == before
    assert _feed_titles(client) == []
    assert not Campaign.objects.open().filter(pk=campaign.pk).exists()
    assert campaign.closed_because() is not None
    with pytest.raises(ValidationError, match="closed"):
        services.application_submit(
            campaign=campaign,
            given_name="A",
            family_name="B",
            email="a@nhs.net",
            professional_group=ProfessionalGroupFactory(),
            organisation="X",
            supporting_statement="Y",
            cv=SimpleUploadedFile("cv.pdf", PDF_BYTES, "application/pdf"),
            consent=True,
        )


def test_a_job_share_advert_stays_open_beside_a_current_holder_and_the_rules_agree():
    job_share = CampaignFactory(request__role__allows_job_share=True)
    AppointmentFactory(role=job_share.role)
    successor = CampaignFactory()  # the holder leaves next month: recruiting a successor
    AppointmentFactory(role=successor.role, ended_on=TODAY + timedelta(days=30))
    not_yet = CampaignFactory(opens_on=TODAY + timedelta(days=2), closes_on=TODAY + timedelta(9))
    assert set(Campaign.objects.open()) == {job_share, successor}
    for campaign in Campaign.objects.all():
        assert campaign.is_open() == Campaign.objects.open().filter(pk=campaign.pk).exists()
    assert "Applications open on" in not_yet.closed_because()


def test_shortlisting_and_the_lock_wait_for_the_closing_date(staff_client):
    application = ApplicationFactory(campaign__closes_on=TODAY)  # still open today
    campaign = application.campaign
    staff, panel = UserFactory(), UserFactory()
    for attempt in (
        lambda: services.application_move(user=staff, application=application, stage="shortlisted"),
        lambda: services.application_move(
            user=staff, application=application, stage="not_shortlisted"
        ),
        lambda: services.panel_score_save(
            user=panel, application=application, step="shortlisting", score=4
        ),
        lambda: services.shortlist_lock(user=staff, campaign=campaign),
    ):
        with pytest.raises(ValidationError, match="after the closing date"):
            attempt()
    # Through the page: a clear message, nothing changed.
    url = reverse("recruitment:shortlist_lock", args=[campaign.pk])
    page = staff_client.post(url, follow=True).text
    assert "starts after the closing date" in page
    campaign.refresh_from_db()
    assert not campaign.shortlist_locked
    # Withdrawing is not a shortlisting decision.
    services.application_move(user=staff, application=application, stage="withdrawn")
    Campaign.objects.filter(pk=campaign.pk).update(closes_on=TODAY - timedelta(days=1))
    services.application_move(user=staff, application=application, stage="shortlisted")
    services.shortlist_lock(user=staff, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.shortlist_locked


# --- 2. Consistency checks -------------------------------------------------------------


def test_a_filled_role_is_not_approved_nor_advertised():
    holder = AppointmentFactory(person__given_name="Hana", person__family_name="Holder")
    role = holder.role
    JobDescriptionFactory(role=role)
    request = services.request_to_recruit_create(
        user=UserFactory(), role=role, reason="r", proposed_funding="f", proposed_sessions=2
    )
    with pytest.raises(ValidationError, match="Hana Holder holds it with no end date"):
        services.request_to_recruit_decide(user=UserFactory(), request=request, approve=True)
    request.refresh_from_db()
    assert request.status == RequestToRecruit.Status.PENDING
    # Declining stays possible.
    approved = RequestToRecruitFactory(role=role)  # approved before the role was filled
    with pytest.raises(ValidationError, match="is filled"):
        services.campaign_create(
            user=UserFactory(), request=approved, opens_on=TODAY, closes_on=TODAY
        )
    assert not Campaign.objects.exists()
    # The holder's end recorded (even in the future): recruiting a successor is fine.
    role_services.appointment_end(
        user=None, appointment=holder, ended_on=TODAY + timedelta(days=60), reason="resigned"
    )
    services.request_to_recruit_decide(user=UserFactory(), request=request, approve=True)
    services.campaign_create(user=UserFactory(), request=approved, opens_on=TODAY, closes_on=TODAY)


def test_a_job_share_with_a_holder_can_be_approved():
    holder = AppointmentFactory(role__allows_job_share=True)
    request = RequestToRecruitFactory(
        role=holder.role, status=RequestToRecruit.Status.PENDING, decided_on=None
    )
    services.request_to_recruit_decide(user=UserFactory(), request=request, approve=True)
    request.refresh_from_db()
    assert request.is_approved


def test_the_executive_is_warned_on_the_decision_page_and_the_refusal_is_shown(exec_client):
    holder = AppointmentFactory(person__given_name="Hana", person__family_name="Holder")
    request = RequestToRecruitFactory(
        role=holder.role, status=RequestToRecruit.Status.PENDING, decided_on=None
    )
    url = reverse("recruitment:request_decide", args=[request.pk])
    page = exec_client.get(url).text
    assert "The role is filled" in page and "Hana Holder" in page
    response = exec_client.post(url, {"decision": "approve"})
    assert response.status_code == 200
    assert "Record the end of their appointment first" in response.text
    request.refresh_from_db()
    assert request.status == RequestToRecruit.Status.PENDING


def test_a_role_limited_to_social_work_refuses_a_gp_as_holder():
    social_work = ProfessionalGroupFactory(name="Social work")
    adult_social_work = ProfessionalGroupFactory(name="Adult social work", parent=social_work)
    medical = ProfessionalGroupFactory(name="Medical")
    gp = PersonFactory(
        professional_group=ProfessionalGroupFactory(name="General practitioners", parent=medical)
    )
    role = RoleFactory(title="Principal social worker")
    role.eligible_groups.set([social_work])
    with pytest.raises(ValidationError, match="open to Social work only, not to General"):
        role_services.appointment_start(user=None, role=role, person=gp, starts_on=TODAY)
    no_profession = PersonFactory(professional_group=None)
    with pytest.raises(ValidationError, match="Record the person's profession first"):
        role_services.appointment_start(user=None, role=role, person=no_profession, starts_on=TODAY)
    assert not role.appointments.exists()
    social_worker = PersonFactory(professional_group=adult_social_work)
    role_services.appointment_start(user=None, role=role, person=social_worker, starts_on=TODAY)
    assert role.appointments.get().person == social_worker


def test_a_pharmacy_only_advert_refuses_other_professions(client):
    pharmacy = ProfessionalGroupFactory(name="Pharmacy")
    clinical_pharmacists = ProfessionalGroupFactory(name="Clinical pharmacists", parent=pharmacy)
    campaign = CampaignFactory()
    campaign.role.eligible_groups.set([pharmacy])
    url = reverse("recruitment:vacancy_apply", args=[campaign.pk])
    response = client.post(url, _apply_data(ProfessionalGroupFactory(name="Paramedics")))
    assert response.status_code == 200
    assert "This advert is open to Pharmacy only. You cannot apply as Paramedics." in (
        response.text
    )
    assert not Application.objects.exists()
    response = client.post(url, _apply_data(clinical_pharmacists))
    assert response.status_code == 302
    assert Application.objects.get().professional_group == clinical_pharmacists


# --- 3. E-mails: outcomes and the executive's decision -----------------------------------


def test_unsuccessful_candidates_are_told_the_outcome_once(
    django_capture_on_commit_callbacks, eager_celery
):
    campaign = CampaignFactory(closed=True, request__role__title="Frailty lead")
    staff = UserFactory()
    chosen, interviewed, not_shortlisted, unread, withdrawn = (
        ApplicationFactory(campaign=campaign, email=f"{name}@nhs.net", given_name=name)
        for name in ("chosen", "interviewed", "notshortlisted", "unread", "withdrawn")
    )
    with django_capture_on_commit_callbacks(execute=True):
        for application in (chosen, interviewed):
            services.application_move(user=staff, application=application, stage="interviewed")
        services.application_move(user=staff, application=not_shortlisted, stage="not_shortlisted")
        services.application_move(user=staff, application=withdrawn, stage="withdrawn")
        services.shortlist_lock(user=staff, campaign=campaign)
    told = {m.to[0]: m.body for m in mail.outbox}
    assert set(told) == {"notshortlisted@nhs.net", "unread@nhs.net"}
    assert "not been shortlisted" in told["unread@nhs.net"]
    assert "Frailty lead" in told["unread@nhs.net"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_appoint(user=staff, application=chosen, starts_on=TODAY)
    assert [m.to[0] for m in mail.outbox] == ["interviewed@nhs.net"]
    assert "not successful" in mail.outbox[0].body
    assert Email.objects.filter(kind="Application outcome", status="sent").count() == 3
    # Each is told once, whatever happens next.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services._outcome_emails(
            campaign=campaign,
            applications=campaign.applications.exclude(stage="withdrawn"),
            outcome="again",
        )
    assert mail.outbox == []


def test_the_executives_are_emailed_when_a_request_waits_for_them(
    exec_user, staff_user, django_capture_on_commit_callbacks, eager_celery, settings
):
    settings.CCPL_SITE_URL = "https://ccpl.example.nhs.uk"
    role = RoleFactory(title="Dementia lead")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request = services.request_to_recruit_create(
            user=staff_user,
            role=role,
            reason="Term ends",
            proposed_funding="ICB",
            proposed_sessions=2,
        )
        assert mail.outbox == []  # nothing leaves before the commit
    assert callbacks
    assert [m.to[0] for m in mail.outbox] == [exec_user.email]
    body = mail.outbox[0].body
    assert "Dementia lead" in mail.outbox[0].subject
    assert f"https://ccpl.example.nhs.uk/recruitment/manage/requests/{request.pk}/decide/" in body
    assert staff_user.email not in [m.to[0] for m in mail.outbox]


# --- 5. Talent-pool announcements --------------------------------------------------------


def _pool_member(group, email):
    return services.talent_pool_join(
        given_name="Sam", family_name="Pool", email=email, professional_group=group, consent=True
    )


def test_a_workers_first_start_announces_only_open_adverts_and_only_once(
    django_capture_on_commit_callbacks, eager_celery
):
    group = ProfessionalGroupFactory()
    _pool_member(group, "pool@nhs.net")
    staff = UserFactory()
    # Advertised months ago (the demo, or an outbox that waited): queued, never relayed.
    closed, open_now = RequestToRecruitFactory(), RequestToRecruitFactory()
    for request in (closed, open_now):
        JobDescriptionFactory(role=request.role)
    long_ago = services.campaign_create(
        user=staff,
        request=closed,
        opens_on=TODAY - timedelta(days=120),
        closes_on=TODAY - timedelta(days=90),
    )
    current = services.campaign_create(
        user=staff, request=open_now, opens_on=TODAY, closes_on=TODAY + timedelta(days=9)
    )
    assert queue.pending_count() == 2
    # The worker starts: the beat relays what waited, and the tasks run.
    with django_capture_on_commit_callbacks(execute=True):
        queue.relay_pending()
    assert [m.subject for m in mail.outbox] == [f"New leadership vacancy: {current.role.title}"]
    assert not Announcement.objects.filter(campaign=long_ago).exists()
    # Run again (a redelivered message, a second worker): nothing is sent twice.
    OutboxMessage.objects.update(sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        queue.relay_pending()
    assert len(mail.outbox) == 1
    assert Announcement.objects.get().email == "pool@nhs.net"


def test_announce_is_once_per_address_whatever_the_audience(
    django_capture_on_commit_callbacks, eager_celery
):
    campaign = CampaignFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.announce(
            campaign=campaign,
            recipients=[Recipient("Alum@nhs.net", "Al"), Recipient("alum@nhs.net", "Al")],
            audience="Programme alumni",
        )
        again = services.announce(
            campaign=campaign, recipients=[Recipient("ALUM@nhs.net", "Al")], audience="Bulletin"
        )
    assert (first, again) == (1, 0)
    assert len(mail.outbox) == 1
    # The database itself refuses a second announcement, however the address is written.
    with pytest.raises(IntegrityError), transaction.atomic():
        Announcement.objects.create(campaign=campaign, email="aLuM@NHS.net", audience="x")


# --- Reports and exports: the feed, its links, and structured data -----------------------


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.links, self._open = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._open = {"attrs": attrs, "text": ""}
        if tag == "link" and attrs.get("rel") == "alternate":
            self.links.append(attrs)

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            self.scripts.append(self._open)
            self._open = None


def _parse(html):
    parser = _Scripts()
    parser.feed(html)
    return parser


def test_feed_items_carry_their_publication_date_and_a_real_description(client):
    campaign = CampaignFactory(
        opens_on=date(2026, 11, 20),
        closes_on=TODAY + timedelta(days=10),
        request__role__summary="Leads frailty services.",
        request__role__sessional_time=2,
    )
    campaign.role.eligible_groups.set([ProfessionalGroupFactory(name="Nursing")])
    body = client.get(reverse("recruitment:vacancy_feed")).text
    assert "<pubDate>Fri, 20 Nov 2026 00:00:00 +0000</pubDate>" in body
    description = re.search(r"<item>.*?<description>(.*?)</description>", body, re.S).group(1)
    assert "Leads frailty services." in description
    assert campaign.job_description.purpose in description
    assert "Open to Nursing." in description and "2 PAs a week" in description


def test_pages_with_feeds_link_them(client):
    campaign = CampaignFactory()
    feed = reverse("recruitment:vacancy_feed")
    for url in (
        reverse("recruitment:vacancy_list"),
        reverse("recruitment:vacancy_detail", args=[campaign.pk]),
    ):
        links = _parse(client.get(url).text).links
        assert [(a["type"], a["href"]) for a in links] == [("application/rss+xml", feed)]


def test_an_advert_carries_job_posting_json_ld_that_no_title_can_break_out_of(client):
    hostile = 'Lead </script><script>alert(1)</script> & "co"'
    campaign = CampaignFactory(
        request__role__title=hostile, nhs_jobs_reference="D9999-1", closes_on=date(2027, 1, 31)
    )
    response = client.get(reverse("recruitment:vacancy_detail", args=[campaign.pk]))
    assert "script-src" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    scripts = _parse(response.text).scripts
    data_blocks = [s for s in scripts if s["attrs"].get("type") == "application/ld+json"]
    assert len(data_blocks) == 1
    # Nothing that a browser would run came out of the title.
    assert not [s for s in scripts if "alert(1)" in s["text"] and s not in data_blocks]
    posting = json.loads(data_blocks[0]["text"])
    assert posting["@type"] == "JobPosting" and posting["title"] == hostile
    assert posting["validThrough"] == "2027-01-31T23:59:59"
    assert posting["datePosted"] == campaign.opens_on.isoformat()
    assert posting["identifier"]["value"] == "D9999-1"
    assert posting["url"] == f"http://testserver/vacancies/{campaign.pk}/"
    assert posting["hiringOrganization"]["@type"] == "Organization"
    # A closed advert is no longer offered to job search engines as a posting.
    _past(campaign)
    closed = client.get(reverse("recruitment:vacancy_detail", args=[campaign.pk])).text
    assert "application/ld+json" not in closed
