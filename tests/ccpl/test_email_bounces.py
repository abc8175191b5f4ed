"""Bounces: every recorded e-mail goes out with the Message-ID stored for it, and the mail
relay reports bounces by that id to a signed address. A forged, unsigned or malformed report
changes nothing; a repeated one changes nothing more; a bulletin's delivery report counts
bounces."""

import hashlib
import hmac
import json

import pytest
from django.core import mail
from django.urls import reverse

from ccpl import services
from ccpl.models import Email
from communications import selectors as communication_selectors
from communications.models import Bulletin, Delivery

pytestmark = pytest.mark.django_db
SECRET = "relay-shared-secret"


def _signed(body: bytes, secret: str = SECRET) -> dict:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"HTTP_X_CCPL_SIGNATURE": f"sha256={digest}"}


def _report(client, reports, *, secret=SECRET, signature=None):
    body = json.dumps(reports).encode()
    headers = signature if signature is not None else _signed(body, secret)
    return client.post(
        reverse("email_bounces"), data=body, content_type="application/json", **headers
    )


def _sent_email(django_capture_on_commit_callbacks, to="lee@nhs.net") -> Email:
    with django_capture_on_commit_callbacks(execute=True):
        email = services.email_queue(to=to, subject="Hello", body="Hi", kind="Test")
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    return email


def test_each_email_goes_out_with_its_stored_message_id(
    django_capture_on_commit_callbacks, eager_celery, settings
):
    settings.EMAIL_MESSAGE_ID_DOMAIN = "ccpl.example.nhs.uk"
    first = _sent_email(django_capture_on_commit_callbacks)
    second = _sent_email(django_capture_on_commit_callbacks)
    assert first.message_id.endswith("@ccpl.example.nhs.uk>")
    assert first.message_id != second.message_id
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [
        first.message_id,
        second.message_id,
    ]
    assert mail.outbox[0].message()["Message-ID"] == first.message_id


def test_a_signed_report_marks_the_email_bounced_once(
    client, django_capture_on_commit_callbacks, eager_celery, settings
):
    settings.MAIL_RELAY_WEBHOOK_SECRET = SECRET
    email = _sent_email(django_capture_on_commit_callbacks)
    other = _sent_email(django_capture_on_commit_callbacks, to="sam@nhs.net")
    report = [{"message_id": email.message_id, "reason": "550 5.1.1 No such user"}]

    response = _report(client, report)
    assert response.status_code == 200 and response.json() == {"bounced": 1}
    email.refresh_from_db()
    assert email.status == Email.Status.BOUNCED and email.bounced_at
    assert "550 5.1.1 No such user" in email.last_error
    assert not email.can_send_again  # sending again would bounce again
    # The relay may repeat itself; an id we never sent changes nothing, and says so only as
    # a count (nothing about which addresses we mail).
    assert _report(client, report).json() == {"bounced": 0}
    assert _report(client, [{"message_id": "<made-up@elsewhere>"}]).json() == {"bounced": 0}
    other.refresh_from_db()
    assert other.status == Email.Status.SENT


@pytest.mark.parametrize(
    "signature",
    [
        {},  # none
        {"HTTP_X_CCPL_SIGNATURE": "sha256=" + "0" * 64},
        {"HTTP_X_CCPL_SIGNATURE": "not-a-signature"},
    ],
)
def test_an_unsigned_or_forged_report_changes_nothing(
    client, django_capture_on_commit_callbacks, eager_celery, settings, signature
):
    settings.MAIL_RELAY_WEBHOOK_SECRET = SECRET
    email = _sent_email(django_capture_on_commit_callbacks)
    response = _report(client, [{"message_id": email.message_id}], signature=signature)
    assert response.status_code == 403
    # Signed with another secret: refused too.
    assert _report(client, [{"message_id": email.message_id}], secret="guess").status_code == 403
    email.refresh_from_db()
    assert email.status == Email.Status.SENT


def test_bad_reports_get_a_clear_error_and_the_address_is_off_without_a_secret(client, settings):
    settings.MAIL_RELAY_WEBHOOK_SECRET = ""
    assert _report(client, [], secret="x").status_code == 404
    settings.MAIL_RELAY_WEBHOOK_SECRET = SECRET
    url = reverse("email_bounces")
    assert client.get(url).status_code == 405
    not_json = b"{not json"
    response = client.post(url, not_json, content_type="application/json", **_signed(not_json))
    assert response.status_code == 400 and "not JSON" in response.json()["error"]
    for body in (b'"text"', b"[1, 2]", b"[[]]"):
        response = client.post(url, body, content_type="application/json", **_signed(body))
        assert response.status_code == 400 and "message_id" in response.json()["error"]
    huge = json.dumps([{"message_id": "x" * 1000}] * 300).encode()
    response = client.post(url, huge, content_type="application/json", **_signed(huge))
    assert response.status_code == 400
    # One object rather than a list is fine.
    one = json.dumps({"message_id": "<x@y>"}).encode()
    assert client.post(url, one, content_type="application/json", **_signed(one)).json() == {
        "bounced": 0
    }


def test_a_bulletins_delivery_report_counts_its_bounces(
    client, django_capture_on_commit_callbacks, eager_celery, settings
):
    settings.MAIL_RELAY_WEBHOOK_SECRET = SECRET
    bulletin = Bulletin.objects.create(title="News", body="Hi", status=Bulletin.Status.SENT)
    emails = [_sent_email(django_capture_on_commit_callbacks, to=f"p{i}@nhs.net") for i in range(3)]
    for email in emails:
        Delivery.objects.create(bulletin=bulletin, email=email.to, message=email, done=True)
    _report(client, [{"message_id": emails[0].message_id}])
    report = communication_selectors.delivery_report(bulletin)
    assert report["bounced"] == 1 and report["sent"] == 2
