"""Public vacancies: list, filters, advert with JD, applying, equality form, confirmation, feed."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccpl.models import Email, EqualityProfile
from recruitment.forms import MAX_CV_BYTES
from recruitment.models import Application
from tests.factories import PlaceFactory, ProfessionalGroupFactory
from tests.roles.factories import RoleFactory
from tests.uploads import samples

from .factories import PDF_BYTES, CampaignFactory, RequestToRecruitFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _application_data(group, cv=None, **extra):
    return {
        "given_name": "Grace",
        "family_name": "Hopper",
        "email": "grace@nhs.net",
        "phone": "",
        "professional_group": group.pk,
        "organisation": "A trust",
        "supporting_statement": "I meet every point.",
        "cv": cv or SimpleUploadedFile("my cv.pdf", PDF_BYTES, "application/pdf"),
        "consent": "on",
    } | extra


def test_list_shows_open_adverts_only_and_filters(client):
    place = PlaceFactory()
    nursing = ProfessionalGroupFactory(name="Nursing")
    open_any = CampaignFactory(request__role__title="Open to anyone")
    placed = CampaignFactory(
        request=RequestToRecruitFactory(
            role=RoleFactory(title="Place lead", level="place", place=place)
        )
    )
    placed.role.eligible_groups.set([ProfessionalGroupFactory(name="Pharmacy")])
    CampaignFactory(
        request__role__title="Closed role",
        opens_on=TODAY - timedelta(days=30),
        closes_on=TODAY - timedelta(days=1),
    )
    response = client.get(reverse("recruitment:vacancy_list"))
    assert response.status_code == 200
    assert {c.pk for c in response.context["campaigns"]} == {open_any.pk, placed.pk}
    assert "Closed role" not in response.content.decode()
    by_place = client.get(reverse("recruitment:vacancy_list"), {"place": place.pk})
    assert [c.pk for c in by_place.context["campaigns"]] == [placed.pk]
    by_group = client.get(reverse("recruitment:vacancy_list"), {"group": nursing.pk})
    assert [c.pk for c in by_group.context["campaigns"]] == [open_any.pk]
    for odd in ("x'", "9" * 30, "-1", ""):
        assert client.get(reverse("recruitment:vacancy_list"), {"place": odd}).status_code == 200


def test_advert_shows_jd_and_the_whole_journey(
    client, django_capture_on_commit_callbacks, eager_celery
):
    campaign = CampaignFactory()
    advert = client.get(reverse("recruitment:vacancy_detail", args=[campaign.pk])).content.decode()
    assert campaign.job_description.person_specification in advert
    url = reverse("recruitment:vacancy_apply", args=[campaign.pk])
    assert f'href="{url}"' in advert
    assert "Send application" in client.get(url).content.decode()
    group = ProfessionalGroupFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _application_data(group))
    assert response.status_code == 302
    assert response.url == reverse("recruitment:vacancy_equality", args=[campaign.pk])
    application = Application.objects.get()
    assert application.cv_filename == "my cv.pdf"
    assert len(mail.outbox) == 1  # sent by the worker, recorded for staff
    email = Email.objects.get()
    assert (email.to, email.status, email.kind) == ("grace@nhs.net", "sent", "Application received")
    response = client.post(response.url, {"ethnicity": "asian_indian", "sex": "prefer_not_to_say"})
    assert response.url == reverse("recruitment:vacancy_confirmation", args=[campaign.pk])
    application.refresh_from_db()
    assert (
        EqualityProfile.objects.get(subject=EqualityProfile.subject_for(application)).ethnicity
        == "asian_indian"
    )
    confirmation = client.get(response.url)
    assert "Your candidate number" in confirmation.content.decode()
    # Once confirmed, the equality form is no longer reachable from this session.
    again = client.get(reverse("recruitment:vacancy_equality", args=[campaign.pk]))
    assert again.status_code == 302


def test_equality_form_can_be_skipped(client):
    campaign = CampaignFactory()
    client.post(
        reverse("recruitment:vacancy_apply", args=[campaign.pk]),
        _application_data(ProfessionalGroupFactory()),
    )
    response = client.get(reverse("recruitment:vacancy_confirmation", args=[campaign.pk]))
    assert response.status_code == 200
    assert not EqualityProfile.objects.exists()


def test_equality_form_needs_an_application_in_this_session(client):
    campaign = CampaignFactory()
    response = client.post(
        reverse("recruitment:vacancy_equality", args=[campaign.pk]), {"sex": "male"}
    )
    assert response.status_code == 302
    assert not EqualityProfile.objects.exists()


def test_closed_advert_refuses_applications_clearly(client):
    campaign = CampaignFactory(
        opens_on=TODAY - timedelta(days=30), closes_on=TODAY - timedelta(days=1)
    )
    page = client.get(reverse("recruitment:vacancy_detail", args=[campaign.pk])).content.decode()
    assert "This advert is closed" in page and "Apply for this role" not in page
    url = reverse("recruitment:vacancy_apply", args=[campaign.pk])
    response = client.post(url, _application_data(ProfessionalGroupFactory()))
    assert response.status_code == 410
    assert "no longer accepted" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.exe", PDF_BYTES, "must be a PDF or Word"),
        ("cv.pdf", b"MZ\x90\x00 not a pdf", "contents are a different type"),
        ("cv.pdf", b"", "empty"),
        ("x" * 120 + ".pdf", PDF_BYTES, "100 characters or fewer"),
        ("../../etc/cv.pdf", PDF_BYTES, None),
        ("cv<script>.pdf", PDF_BYTES, "can only use letters"),
        ("cv.pdf", PDF_BYTES[:5] + b"x" * (MAX_CV_BYTES), "smaller than 5 MB"),
    ],
    ids=["type", "contents", "empty", "long name", "path", "odd name", "size"],
)
def test_cv_upload_validation(client, name, content, message):
    campaign = CampaignFactory()
    cv = SimpleUploadedFile(name, content, "application/pdf")
    response = client.post(
        reverse("recruitment:vacancy_apply", args=[campaign.pk]),
        _application_data(ProfessionalGroupFactory(), cv=cv),
    )
    if message is None:
        # Django strips the directories from an uploaded file's name: it is just "cv.pdf".
        assert response.status_code == 302
        assert Application.objects.get().cv_filename == "cv.pdf"
        return
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_other_cv_types_accepted(client):
    campaign = CampaignFactory()
    docx = SimpleUploadedFile("cv.docx", samples.docx(), "application/octet-stream")
    response = client.post(
        reverse("recruitment:vacancy_apply", args=[campaign.pk]),
        _application_data(ProfessionalGroupFactory(), cv=docx),
    )
    assert response.status_code == 302


def test_missing_fields_and_consent(client):
    campaign = CampaignFactory()
    response = client.post(reverse("recruitment:vacancy_apply", args=[campaign.pk]), {})
    page = response.content.decode()
    assert "Enter first name" in page and "Upload CV" in page
    assert "Confirm that we may use your application" in page


def test_unknown_vacancy_is_404(client):
    assert client.get(reverse("recruitment:vacancy_detail", args=[999])).status_code == 404
    assert client.get(reverse("recruitment:vacancy_apply", args=[999])).status_code == 404


def test_feed_lists_open_vacancies(client):
    campaign = CampaignFactory(request__role__title="Feed role")
    response = client.get(reverse("recruitment:vacancy_feed"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Feed role" in body
    assert reverse("recruitment:vacancy_detail", args=[campaign.pk]) in body


def test_huge_ids_are_not_found(client, staff_client):
    huge = 10**20
    assert client.get(reverse("recruitment:vacancy_detail", args=[huge])).status_code == 404
    url = reverse("recruitment:application_detail", args=[huge])
    assert staff_client.get(url).status_code == 404


def test_a_retried_application_is_stored_once(client, django_capture_on_commit_callbacks):
    """A double click or a browser retry posts the same one-time key: the same confirmation,
    one application, one acknowledgement."""
    campaign = CampaignFactory()
    url = reverse("recruitment:vacancy_apply", args=[campaign.pk])
    page = client.get(url)
    key = page.context["form"].initial["submission_key"]
    assert f'name="submission_key" value="{key}"' in page.content.decode()
    group = ProfessionalGroupFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, _application_data(group, submission_key=key))
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, _application_data(group, submission_key=key))
    assert first.status_code == again.status_code == 302
    assert first.url == again.url == reverse("recruitment:vacancy_equality", args=[campaign.pk])
    application = Application.objects.get()
    assert application.submission_key == key
    assert Email.objects.count() == 1
    confirmation = client.get(reverse("recruitment:vacancy_confirmation", args=[campaign.pk]))
    assert f"{application.candidate_number}" in confirmation.content.decode()
    # A fresh form (a new key) is a new application.
    other = client.get(url).context["form"].initial["submission_key"]
    assert other != key
    client.post(url, _application_data(group, submission_key=other))
    assert Application.objects.count() == 2


def test_an_application_while_the_mail_relay_is_down(
    client, staff_client, settings, django_capture_on_commit_callbacks, eager_celery
):
    """The relay refuses: the application is saved, the applicant sees the confirmation, the
    e-mail shows "failed" to staff, and "send again" sends it once the relay is back."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed, 2
    campaign = CampaignFactory()
    url = reverse("recruitment:vacancy_apply", args=[campaign.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _application_data(ProfessionalGroupFactory()))
    assert response.status_code == 302
    application = Application.objects.get()
    confirmation = client.get(reverse("recruitment:vacancy_confirmation", args=[campaign.pk]))
    assert confirmation.status_code == 200
    assert "Your candidate number" in confirmation.content.decode()
    email = Email.objects.get()
    assert email.status == "failed" and email.attempts == 1 and email.last_error
    assert f"candidate number {application.candidate_number}" in email.body

    emails = reverse("ccpl:email_list")
    page = staff_client.get(emails, {"status": "failed"}).content.decode()
    assert "Your application for" in page and "Send again" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    again = reverse("ccpl:email_send_again", args=[email.pk])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(again)
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 2
    assert [m.to for m in mail.outbox] == [["grace@nhs.net"]]
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(again)  # a sent one is not sent again
    assert len(mail.outbox) == 1


def test_the_vacancy_list_pages_twenty_adverts_at_a_time(client):
    for n in range(21):
        CampaignFactory(request__role__title=f"Lead {n:02d}")
    first = client.get(reverse("recruitment:vacancy_list")).content.decode()
    assert "21 open vacancies" in first and "Showing 1 to 20 of 21" in first
    second = client.get(reverse("recruitment:vacancy_list"), {"page": "2"}).content.decode()
    assert "Showing 21 to 21 of 21" in second
