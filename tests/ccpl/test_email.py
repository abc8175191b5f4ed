"""E-mail records (docs/adr/0007): sent only by the worker, "sending" before the relay gets
it, "unknown" (never resent automatically) after a crash in that window; a staff page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ccpl import services, tasks
from ccpl.models import Email, OutboxMessage

pytestmark = pytest.mark.django_db


def _email(**extra):
    return Email.objects.create(
        **{"to": "ada@nhs.net", "subject": "Hello", "body": "Dear Ada", "kind": "Test"} | extra
    )


def test_queued_in_the_callers_transaction_and_sent_by_the_worker(
    django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = services.email_queue(to="ada@nhs.net", subject="Hi", body="Dear Ada", kind="Test")
    assert email.status == "queued" and not mail.outbox  # nothing inside the transaction
    assert OutboxMessage.objects.get().task == "ccpl.send_email"
    for callback in callbacks:
        callback()
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 1
    assert email.created.second == 0 and email.changed.second == 0  # to the minute
    assert [m.subject for m in mail.outbox] == ["Hi"]
    # A repeated task message (at-least-once delivery) sends nothing twice.
    assert tasks.send_email(email.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_marked_sending_and_committed_before_the_relay_gets_it(monkeypatch):
    email = _email()
    seen = []

    def send_messages(backend, messages):
        seen.append(Email.objects.get(pk=email.pk).status)
        return len(messages)

    from django.core.mail.backends import locmem

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_messages)
    assert services.email_send(email_id=email.pk) == "sent"
    assert seen == ["sending"]


def test_a_crash_while_sending_shows_unknown_and_is_not_resent():
    email = _email(status="sending", changed=timezone.now() - timedelta(minutes=30))
    recent = _email(status="sending")
    assert tasks.sweep_emails() == 1
    email.refresh_from_db()
    recent.refresh_from_db()
    assert (email.status, recent.status) == ("unknown", "sending")
    assert not OutboxMessage.objects.exists() and not mail.outbox
    assert services.email_send(email_id=email.pk) == "skipped"  # a redelivered task too


def test_staff_page_lists_filters_and_sends_again(
    staff_client, leader_client, exec_client, django_capture_on_commit_callbacks, eager_celery
):
    url = reverse("ccpl:email_list")
    assert leader_client.get(url).status_code == 403
    assert exec_client.get(url).status_code == 403
    failed = _email(status="failed", subject="Failed one")
    unknown = _email(status="unknown", subject="Unknown one")
    sent = _email(status="sent", subject="Sent one")
    for n in range(60):
        _email(status="sent", subject=f"Old {n}")
    page = staff_client.get(url)
    assert page.status_code == 200 and len(page.context["table"].page.object_list) == 50
    only_failed = staff_client.get(url, {"status": "failed"}).content.decode()
    assert "Failed one" in only_failed and "Unknown one" not in only_failed
    assert "Send again" in only_failed
    assert "Send again" not in staff_client.get(url, {"status": "sent"}).content.decode()
    for email in (failed, unknown):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(reverse("ccpl:email_send_again", args=[email.pk]))
        assert response.status_code == 302
        email.refresh_from_db()
        assert email.status == "sent"
    response = staff_client.post(reverse("ccpl:email_send_again", args=[sent.pk]), follow=True)
    assert "Only an e-mail that failed" in response.content.decode()
    assert len(mail.outbox) == 2
    assert leader_client.post(reverse("ccpl:email_send_again", args=[sent.pk])).status_code == 403
