"""Bulletins: written, previewed and sent to an audience resolved when sent; delivered by
the worker after the commit, once per address, never to someone who opted out; weekly
digests; the archive for leaders and the public; who reaches which page."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ccpl.models import Email, OutboxMessage
from communications import services
from communications.audiences import Criteria
from communications.formatting import bulletin_html
from communications.models import Bulletin, Delivery, Topic
from recruitment.models import TalentPoolMember
from tests.factories import PersonFactory, ProfessionalGroupFactory

pytestmark = pytest.mark.django_db


def _bulletin(group=None, sources=(), **extra):
    criteria = Criteria(sources=sources, professional_groups=(group.pk,) if group else ())
    return services.bulletin_save(
        user=None,
        title=extra.pop("title", "Winter update"),
        body=extra.pop("body", "Hello.\n\n- First\n- Second"),
        topic=extra.pop("topic", Topic.NEWS),
        criteria=criteria,
        audience_label="Everyone",
        is_public=extra.pop("is_public", False),
    )


def _people(group, n, prefix="p"):
    return [PersonFactory(email=f"{prefix}{i}@nhs.net", professional_group=group) for i in range(n)]


def test_sending_delivers_once_per_address_after_the_commit(
    django_capture_on_commit_callbacks, eager_celery, settings
):
    settings.CCPL_SITE_URL = "https://ccpl.example.nhs.uk"
    group = ProfessionalGroupFactory()
    _people(group, 4)
    # The same address again, through the talent pool.
    TalentPoolMember.objects.create(
        given_name="Pat", family_name="Zero", email="P0@NHS.NET", professional_group=group
    )
    services.unsubscribe(email="p3@nhs.net")
    bulletin = _bulletin(group, sources=("leaders", "talent_pool"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.bulletin_send(user=None, bulletin=bulletin)
    # Nothing is e-mailed before the commit: the worker's task waits in the outbox.
    assert not Email.objects.exists()
    assert OutboxMessage.objects.filter(task="communications.deliver_bulletin").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    sent_to = sorted(m.to[0].lower() for m in mail.outbox)
    assert sent_to == ["p0@nhs.net", "p1@nhs.net", "p2@nhs.net"]
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.SENT and bulletin.recipients == 3
    message = mail.outbox[0]
    assert message.subject == "Winter update"
    assert (
        "Unsubscribe from every e-mail: https://ccpl.example.nhs.uk/communications/" in message.body
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A retried run (the broker gave the task again) sends nobody twice.
    assert services.bulletin_deliver(bulletin_id=bulletin.pk) == 0
    with pytest.raises(Exception, match="sent already"):
        services.bulletin_send(user=None, bulletin=bulletin)
    assert Email.objects.count() == 3


def test_someone_who_unsubscribes_after_the_send_is_skipped(eager_celery):
    group = ProfessionalGroupFactory()
    _people(group, 3)
    bulletin = _bulletin(group)
    services.bulletin_send(user=None, bulletin=bulletin)  # in the test's transaction: not yet
    services.unsubscribe(email="p1@nhs.net")
    assert services.bulletin_deliver(bulletin_id=bulletin.pk) == 2
    skipped = Delivery.objects.get(email="p1@nhs.net")
    assert skipped.skipped and skipped.message is None
    assert not Email.objects.filter(to="p1@nhs.net").exists()


def test_weekly_readers_get_one_digest(eager_celery, settings):
    settings.CCPL_SITE_URL = "https://ccpl.example.nhs.uk"
    group = ProfessionalGroupFactory()
    _people(group, 2)
    services.preferences_save(email="p1@nhs.net", topics=list(Topic.values), frequency="weekly")
    first, second = _bulletin(group, title="First"), _bulletin(group, title="Second")
    for bulletin in (first, second):
        services.bulletin_send(user=None, bulletin=bulletin)
        services.bulletin_deliver(bulletin_id=bulletin.pk)
    assert Email.objects.filter(to="p0@nhs.net").count() == 2
    assert not Email.objects.filter(to="p1@nhs.net").exists()
    assert services.digests_send() == 1
    digest = Email.objects.get(to="p1@nhs.net")
    assert "2 messages" in digest.subject and "First" in digest.body and "Second" in digest.body
    assert services.digests_send() == 0  # and never again


def test_scheduled_bulletins_go_when_due_and_not_before():
    group = ProfessionalGroupFactory()
    _people(group, 1)
    bulletin = _bulletin(group)
    with pytest.raises(Exception, match="must be in the future"):
        services.bulletin_schedule(user=None, bulletin=bulletin, send_at=timezone.now())
    later = timezone.now() + timezone.timedelta(hours=2)
    services.bulletin_schedule(user=None, bulletin=bulletin, send_at=later)
    assert services.bulletins_send_due() == 0
    assert services.bulletins_send_due(now=later) == 1
    assert Bulletin.objects.get(pk=bulletin.pk).status == Bulletin.Status.SENDING
    assert services.bulletins_send_due(now=later) == 0


def test_the_formatting_cannot_carry_markup():
    html = bulletin_html(
        '<script>alert(1)</script>\n\n- **Bold** <b onmouseover="x">\n'
        "- see https://example.nhs.uk/page?a=1 and javascript:alert(1)\n\n"
        'https://x.example/"onmouseover="alert(1)'
    )
    assert "<script" not in html and "<b " not in html and 'onmouseover="' not in html
    assert "&lt;script&gt;" in html
    assert "<strong>Bold</strong>" in html
    assert '<a href="https://example.nhs.uk/page?a=1">' in html
    assert 'href="javascript' not in html


def test_pages_by_user_kind(client, staff_client, exec_client, leader_client, panel_client):
    group = ProfessionalGroupFactory()
    _people(group, 2)
    private = _bulletin(group, title="Leaders only")
    public = _bulletin(group, title="For everyone", is_public=True)
    draft = _bulletin(group, title="Still a draft")
    for bulletin in (private, public):
        services.bulletin_send(user=None, bulletin=bulletin)
    # The archive: leaders see both sent ones, the public only the public one; no draft.
    leaders = leader_client.get(reverse("communications:archive")).content.decode()
    assert (
        "Leaders only" in leaders and "For everyone" in leaders and "Still a draft" not in leaders
    )
    everyone = client.get(reverse("communications:archive")).content.decode()
    assert "For everyone" in everyone and "Leaders only" not in everyone
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(private.get_absolute_url()).status_code == 302
    assert leader_client.get(private.get_absolute_url()).status_code == 200
    assert leader_client.get(draft.get_absolute_url()).status_code == 404
    # The manage pages: the CCPL team changes, executives read, nobody else.
    manage = reverse("communications:bulletin_manage", args=[draft.pk])
    for other in (leader_client, panel_client):
        assert other.get(manage).status_code == 403
    assert exec_client.get(manage).status_code == 200
    assert (
        exec_client.post(reverse("communications:bulletin_send", args=[draft.pk])).status_code
        == 403
    )
    page = staff_client.get(manage).content.decode()
    assert "2 people" in page and "Send it now" in page
    assert (
        staff_client.get(reverse("communications:bulletin_send", args=[draft.pk])).status_code
        == 405
    )
    staff_client.post(reverse("communications:bulletin_send", args=[draft.pk]))
    assert Bulletin.objects.get(pk=draft.pk).status == Bulletin.Status.SENDING
    edit = staff_client.get(reverse("communications:bulletin_edit", args=[draft.pk]))
    assert edit.status_code == 302  # a sent bulletin cannot be changed


def test_writing_a_bulletin_validates(staff_client):
    url = reverse("communications:bulletin_create")
    response = staff_client.post(url, {"title": "", "body": "", "topic": "news"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Bulletin.objects.exists()
    response = staff_client.post(
        url, {"title": "Hello", "body": "Text", "topic": "news", "sources": ["talent_pool"]}
    )
    assert response.status_code == 302
    bulletin = Bulletin.objects.get()
    assert bulletin.audience["sources"] == ["talent_pool"]
    assert bulletin.audience_label == "The talent pool"
