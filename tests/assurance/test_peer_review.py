"""Peer review (issue 18): outside reviewers read the draft and comment per principle through a
time-limited, read-only link. Attack tests: what an outsider with a link (or without one) can
and cannot see or do."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assurance import peer_services, services
from assurance.models import IndicatorValue, PeerComment, PeerReviewer
from ccpl.models import Email, token_digest
from ccpl.services import email_send

from .conftest import sign_off

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Zebra-finance-query-do-not-share-7731"
SECRET_FIGURE = "918273"
NARRATIVE = "Set up the Council with every profession"
KINDS = ("anonymous", "leader", "panel", "board", "sysadmin", "exec", "staff")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.CCPL_SITE_URL = "https://ccpl.example.nhs.uk"


def _write(assessment, user, order=1, note=SECRET_NOTE):
    entry = assessment.entries.get(principle__order=order)
    services.entry_update(
        user=user,
        entry=entry,
        level=2,
        what_we_did=NARRATIVE,
        what_we_heard="Leaders want a say",
        what_is_next="Fill the gaps",
        internal_notes=note,
    )
    return entry


def _invite(assessment, user, name="Ada Reviewer", email="ada@neighbour.nhs.uk", **kw):
    peer_services.peer_review_start(user=user, assessment=assessment)
    return peer_services.reviewer_invite(
        user=user,
        assessment=assessment,
        name=name,
        organisation="Neighbouring ICB",
        email=email,
        **kw,
    )


def _send_latest(reviewer) -> str:
    """Send the reviewer's latest queued e-mail as the worker does; return the link's path."""
    email = Email.objects.filter(link_kind="peer_review", link_id=reviewer.pk).latest("pk")
    mail.outbox.clear()
    assert email_send(email_id=email.pk) == "sent"
    body = mail.outbox[-1].body
    match = re.search(r"https://ccpl\.example\.nhs\.uk(/assurance/review/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def _token(path):
    return path.rstrip("/").rsplit("/", 1)[1]


@pytest.fixture
def reviewed(draft, staff_user):
    _write(draft, staff_user)
    reviewer = _invite(draft, staff_user)
    return draft, reviewer, _send_latest(reviewer)


# --- What the reviewer sees ---------------------------------------------------------------------


def test_the_reviewer_reads_the_draft_without_notes_or_unpublished_figures(
    reviewed, staff_user, exec_user, council
):
    draft, reviewer, path = reviewed
    # A signed-off but unpublished earlier year with a distinctive stored figure, and a live
    # figure for the draft: neither may reach the reviewer.
    IndicatorValue.objects.create(
        assessment=draft,
        principle=draft.entries.get(principle__order=1).principle,
        key="talent_pool",
        title="Talent pool",
        figure={"headline": f"Talent pool {SECRET_FIGURE}", "number": int(SECRET_FIGURE)},
    )
    response = Client().get(path)
    body = response.content.decode()
    assert response.status_code == 200
    assert NARRATIVE in body and "Established" in body
    assert "This happens reliably across the system" in body  # a level description
    assert SECRET_NOTE not in body
    assert SECRET_FIGURE not in body
    assert "Internal notes" not in body
    assert "/assurance/manage/" not in body
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    reviewer.refresh_from_db()
    assert reviewer.last_seen_at is not None


def test_the_reviewer_comments_per_principle_and_the_team_sees_it(
    reviewed, staff_client, exec_client
):
    draft, reviewer, path = reviewed
    entry = draft.entries.get(principle__order=2)
    client = Client(enforce_csrf_checks=True)
    client.get(path)
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        path, {"entry": entry.pk, "text": "Strong on trust", "csrfmiddlewaretoken": csrf}
    )
    assert response.status_code == 302
    assert response["Referrer-Policy"] == "no-referrer"
    client.post(
        path,
        {"entry": entry.pk, "text": "Strong on trust; more on AHPs", "csrfmiddlewaretoken": csrf},
    )
    comment = PeerComment.objects.get()
    assert (comment.entry, comment.reviewer, comment.text) == (
        entry,
        reviewer,
        "Strong on trust; more on AHPs",
    )
    for team in (staff_client, exec_client):
        body = team.get(draft.get_absolute_url()).content.decode()
        assert "Strong on trust; more on AHPs" in body and "Ada Reviewer, Neighbouring ICB" in body
        assert "Commented" in body


def test_a_comment_post_without_csrf_is_refused(reviewed):
    draft, _, path = reviewed
    entry = draft.entries.get(principle__order=1)
    response = Client(enforce_csrf_checks=True).post(path, {"entry": entry.pk, "text": "Hi"})
    assert response.status_code == 403
    assert not PeerComment.objects.exists()


def test_bad_comments_are_form_errors(reviewed):
    draft, _, path = reviewed
    entry = draft.entries.get(principle__order=1)
    client = Client()
    for data in (
        {"entry": entry.pk, "text": "   "},
        {"entry": entry.pk, "text": "x" * 3001},
        {"entry": "abc", "text": "Hello"},
        {"text": "Hello"},
    ):
        response = client.post(path, data)
        assert response.status_code == 200, data
        assert "There is a problem" in response.content.decode()
    assert not PeerComment.objects.exists()


# --- What the link cannot do --------------------------------------------------------------------


def test_a_token_reads_only_its_own_assessment_and_writes_only_its_own_comments(
    reviewed, staff_user, exec_user, council
):
    draft, ada, ada_path = reviewed
    # Another reviewer of the same draft with a comment, and another assessment altogether.
    bob = peer_services.reviewer_invite(
        user=staff_user, assessment=draft, name="Bob", organisation="Other", email="b@x.nhs.uk"
    )
    _send_latest(bob)
    entry = draft.entries.get(principle__order=1)
    peer_services.comment_save(
        reviewer=PeerReviewer.objects.get(pk=bob.pk), entry_id=entry.pk, text="Bob's own"
    )
    other = services.assessment_create(
        user=staff_user, year=2026, as_of=draft.as_of + timedelta(days=200)
    )
    _write(other, staff_user, order=1, note="other")
    other_entry = other.entries.get(principle__order=1)
    client = Client()
    assert "Bob&#x27;s own" not in client.get(ada_path).content.decode()
    # Ada posts to the other assessment's principle: refused, nothing written.
    response = client.post(ada_path, {"entry": other_entry.pk, "text": "Sneaky"})
    assert "There is a problem" in response.content.decode()
    assert not PeerComment.objects.filter(entry=other_entry).exists()
    # Ada posts on the principle Bob commented on: her own comment, Bob's is untouched.
    client.post(ada_path, {"entry": entry.pk, "text": "Ada's view"})
    assert PeerComment.objects.get(reviewer=bob).text == "Bob's own"
    assert PeerComment.objects.get(reviewer=ada).text == "Ada's view"
    # There is no address that takes a comment or reviewer id from the link's holder.
    response = client.post(ada_path, {"entry": entry.pk, "text": "x", "reviewer": bob.pk})
    assert PeerComment.objects.get(reviewer=bob).text == "Bob's own"


@pytest.mark.parametrize("token", ["forged", "A" * 43, "x" * 500, "%00"])
def test_a_forged_token_is_refused(reviewed, token):
    response = Client().get(f"/assurance/review/{token}/")
    assert response.status_code in (403, 404)
    assert NARRATIVE not in response.content.decode()
    response = Client().post(f"/assurance/review/{token}/", {"entry": 1, "text": "x"})
    assert response.status_code in (403, 404)
    assert not PeerComment.objects.exists()


def test_expired_revoked_and_replaced_links_are_refused(reviewed, staff_user):
    draft, reviewer, path = reviewed
    client = Client()
    entry = draft.entries.get(principle__order=1)
    # Expired.
    PeerReviewer.objects.filter(pk=reviewer.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    response = client.get(path)
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert client.post(path, {"entry": entry.pk, "text": "late"}).status_code == 410
    # Extended: works again.
    peer_services.reviewer_extend(
        user=staff_user, reviewer=reviewer, expires_on=timezone.localdate() + timedelta(days=5)
    )
    assert client.get(path).status_code == 200
    with pytest.raises(ValidationError):
        peer_services.reviewer_extend(
            user=staff_user, reviewer=reviewer, expires_on=timezone.localdate() + timedelta(days=91)
        )
    # Re-sent: the old link stops working, the new one works.
    peer_services.reviewer_resend(user=staff_user, reviewer=reviewer)
    assert client.get(path).status_code == 403
    new_path = _send_latest(reviewer)
    assert client.get(new_path).status_code == 200
    # Revoked.
    peer_services.reviewer_revoke(user=staff_user, reviewer=reviewer)
    assert client.get(new_path).status_code == 410
    assert client.post(new_path, {"entry": entry.pk, "text": "after"}).status_code == 410
    assert not PeerComment.objects.exists()
    # A revoked reviewer's queued e-mail is never sent with a working link.
    email = Email.objects.filter(link_kind="peer_review").latest("pk")
    Email.objects.filter(pk=email.pk).update(status=Email.Status.QUEUED)
    assert email_send(email_id=email.pk) == "failed"


def test_sign_off_ends_peer_review_and_keeps_the_comments(
    reviewed, staff_user, exec_user, council, staff_client
):
    draft, reviewer, path = reviewed
    entry = draft.entries.get(principle__order=1)
    Client().post(path, {"entry": entry.pk, "text": "Kept after sign-off"})
    sign_off(draft, staff=staff_user, executive=exec_user, forum=council)
    response = Client().get(path)
    assert response.status_code == 410 and NARRATIVE not in response.content.decode()
    assert Client().post(path, {"entry": entry.pk, "text": "x"}).status_code == 410
    assert PeerComment.objects.get().text == "Kept after sign-off"
    body = staff_client.get(draft.get_absolute_url()).content.decode()
    assert "Kept after sign-off" in body and "Review ended" in body
    with pytest.raises(ValidationError):
        peer_services.reviewer_invite(
            user=staff_user, assessment=draft, name="Late", organisation="X", email="l@x.nhs.uk"
        )


def test_only_the_tokens_digest_is_stored_and_the_outbox_holds_no_token(reviewed):
    draft, reviewer, path = reviewed
    token = _token(path)
    reviewer.refresh_from_db()
    assert reviewer.token_hash == token_digest(token)
    with connection.cursor() as cursor:
        for table in (
            "assurance_peerreviewer",
            "assurance_historicalpeerreviewer",
            "ccpl_email",
        ):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            for row in cursor.fetchall():
                assert token not in repr(row), table
    email = Email.objects.get(link_kind="peer_review")
    assert "{link}" in email.body and token not in email.body


# --- The CCPL team's addresses --------------------------------------------------------------------


def _client(request, kind):
    if kind == "anonymous":
        return request.getfixturevalue("client")
    return request.getfixturevalue(f"{kind}_client")


@pytest.mark.parametrize("kind", KINDS)
def test_only_the_ccpl_team_manages_peer_review(request, draft, staff_user, kind):
    reviewer = _invite(draft, staff_user)
    client = _client(request, kind)
    gets = [
        reverse("assurance:peer_reviewer_invite", args=[draft.pk]),
        reverse("assurance:peer_reviewer_extend", args=[reviewer.pk]),
    ]
    posts = [
        reverse("assurance:peer_review_start", args=[draft.pk]),
        reverse("assurance:peer_reviewer_resend", args=[reviewer.pk]),
        reverse("assurance:peer_reviewer_revoke", args=[reviewer.pk]),
    ]
    for url in gets + posts:
        response = client.get(url) if url in gets else client.post(url)
        if kind == "staff":
            assert response.status_code in (200, 302), url
            if response.status_code == 302:
                assert "/assurance/manage/" in response["Location"]
        elif kind == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403, (kind, url)
    reviewer.refresh_from_db()
    assert (reviewer.revoked_at is not None) == (kind == "staff")


def test_the_team_invites_through_the_form(draft, staff_client, staff_user):
    staff_client.post(reverse("assurance:peer_review_start", args=[draft.pk]))
    url = reverse("assurance:peer_reviewer_invite", args=[draft.pk])
    response = staff_client.post(url, {"name": "", "organisation": "X", "email": "not-an-email"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    response = staff_client.post(
        url, {"name": "Cleo", "organisation": "Neighbour ICB", "email": "cleo@nb.nhs.uk"}
    )
    assert response.status_code == 302
    reviewer = PeerReviewer.objects.get()
    assert reviewer.expires_on == timezone.localdate() + timedelta(days=28)
    assert Email.objects.get(link_kind="peer_review").to == "cleo@nb.nhs.uk"
    body = staff_client.get(draft.get_absolute_url()).content.decode()
    assert "Cleo" in body and "Invited" in body


def _queries(client, path) -> int:
    counter = _Counter()
    with connection.execute_wrapper(counter):
        assert client.get(path).status_code == 200
    return counter.n


def test_reviewer_page_queries_do_not_grow_with_comments(reviewed):
    draft, reviewer, path = reviewed
    client = Client()
    client.get(path)
    counts = []
    for n in (1, 7):
        for entry in draft.entries.all()[:n]:
            peer_services.comment_save(reviewer=reviewer, entry_id=entry.pk, text="c")
        counts.append(_queries(client, path))
    assert counts[0] == counts[1], counts


def test_assessment_page_queries_do_not_grow_with_reviewers(reviewed, staff_user, staff_client):
    draft, reviewer, path = reviewed
    url = draft.get_absolute_url()
    staff_client.get(url)
    counts = []
    for n in (1, 4):
        for i in range(n):
            other = peer_services.reviewer_invite(
                user=staff_user,
                assessment=draft,
                name=f"R{n}{i}",
                organisation="O",
                email=f"r{n}{i}@x.nhs.uk",
            )
            for entry in draft.entries.all()[:3]:
                peer_services.comment_save(reviewer=other, entry_id=entry.pk, text="c")
        counts.append(_queries(staff_client, url))
    assert counts[0] == counts[1], counts


class _Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def test_the_token_is_not_written_to_the_logs(reviewed, staff_user, caplog):
    draft, reviewer, path = reviewed
    token = _token(path)
    client = Client()
    with caplog.at_level("DEBUG"):
        client.get(path)
        client.post(path, {"entry": "x", "text": ""})
        peer_services.reviewer_revoke(user=staff_user, reviewer=reviewer)
        assert client.get(path).status_code == 410
        assert client.post(path, {"entry": 1, "text": "x"}).status_code == 410
    assert token not in caplog.text


def test_the_reviewers_own_form_posts_with_a_null_origin_but_still_needs_the_csrf_token(
    reviewed, caplog
):
    """``Referrer-Policy: no-referrer`` makes browsers send ``Origin: null`` with the page's
    own forms: accepted, but only with the form's CSRF token."""
    draft, _, path = reviewed
    entry = draft.entries.get(principle__order=1)
    client = Client(enforce_csrf_checks=True)
    client.get(path)
    data = {"entry": entry.pk, "text": "From the browser"}
    with caplog.at_level("DEBUG"):
        refused = client.post(path, data, HTTP_ORIGIN="null")
        other_site = client.post(
            path,
            {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value},
            HTTP_ORIGIN="https://evil.example.com",
        )
    assert refused.status_code == 403 and other_site.status_code == 403
    assert refused["Referrer-Policy"] == "no-referrer"
    assert _token(path) not in caplog.text
    assert not PeerComment.objects.exists()
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    assert client.post(path, data, HTTP_ORIGIN="null").status_code == 302
    assert PeerComment.objects.get().text == "From the browser"
