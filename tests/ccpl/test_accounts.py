"""Sign-in through django-allauth: local accounts, sign-out, password change and reset, throttling."""

import re

import pytest
from django.core import mail

from tests.factories import TEST_PASSWORD, UserFactory


@pytest.mark.django_db
def test_sign_in_and_sign_out(client):
    UserFactory(username="jo")
    response = client.post("/accounts/login/", {"login": "jo", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "jo"
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_sign_in_by_email_address(client):
    UserFactory(username="jo", email="jo.bloggs@nhs.net")
    response = client.post(
        "/accounts/login/", {"login": "jo.bloggs@nhs.net", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_clear_message(client):
    UserFactory(username="jo")
    response = client.post("/accounts/login/", {"login": "jo", "password": "wrong"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert not response.context["user"].is_authenticated


@pytest.mark.django_db
def test_failed_sign_ins_are_throttled(client):
    UserFactory(username="jo")
    pages = [
        client.post("/accounts/login/", {"login": "jo", "password": f"guess-{n}"}).content.decode()
        for n in range(6)
    ]
    assert all("Too many failed" not in p for p in pages[:5])
    assert "Too many failed" in pages[5]
    # Even the right password is refused while throttled.
    response = client.post("/accounts/login/", {"login": "jo", "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


@pytest.mark.django_db
def test_sign_up_is_closed(client):
    response = client.get("/accounts/signup/")
    assert "closed" in response.content.decode().lower()
    client.post(
        "/accounts/signup/",
        {"username": "new", "email": "new@nhs.net", "password1": "x" * 20, "password2": "x" * 20},
    )
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="new").exists()


@pytest.mark.django_db
def test_password_change(client):
    user = UserFactory(username="jo")
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": TEST_PASSWORD,
            "password1": "a-new-long-passphrase",
            "password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")


@pytest.mark.django_db
def test_password_reset_by_email(
    client, settings, eager_celery, django_capture_on_commit_callbacks
):
    """The reset e-mail goes through the outbox and is sent by the worker, never inside the
    request; its link is made as it is sent and is stored nowhere."""
    from ccpl.models import Email, OutboxMessage

    settings.CCPL_SITE_URL = "https://ccpl.example.nhs.uk"
    user = UserFactory(username="jo", email="jo@nhs.net")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/accounts/password/reset/", {"email": "jo@nhs.net"})
    assert response.status_code == 302
    assert mail.outbox == []  # nothing sent inside the request
    email = Email.objects.get(kind="Password reset")
    assert OutboxMessage.objects.filter(task="ccpl.send_email").exists()
    assert "{link}" in email.body and "/accounts/password/reset/key/" not in email.body
    assert "jo" not in email.body.replace("jo@nhs.net", "")  # no username
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Reset your password"
    link = re.search(
        r"https://ccpl\.example\.nhs\.uk(/accounts/password/reset/key/\S+)", mail.outbox[0].body
    ).group(1)
    Email.objects.filter(pk=email.pk).update(status="sent")
    assert link not in "".join(Email.objects.values_list("body", flat=True))
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "another-long-passphrase", "password2": "another-long-passphrase"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase")
    # Used: the same link no longer works (the password it was made from has changed).
    again = client.get(link, follow=True)
    assert "This link has expired" in again.content.decode()


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_is_a_queued_notice_with_no_link(
    client, settings, django_capture_on_commit_callbacks
):
    from ccpl.models import Email

    settings.CCPL_SITE_URL = "https://ccpl.example.nhs.uk"
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/accounts/password/reset/", {"email": "nobody@nhs.net"})
    assert response.status_code == 302 and mail.outbox == []
    notice = Email.objects.get()
    assert notice.kind == "Account notice" and notice.to == "nobody@nhs.net"
    assert "ask the clinical and care professional leadership team" in notice.body
    assert "http" not in notice.body
