"""Attack tests: the author of an anonymous item or comment is seen by the CCPL team's
moderators and by the author alone. As every user kind, every page that could show it (the
list in both sort orders, a search for the author's name, the item, its comment form, the
figures, the moderation pages, the forum's meeting page, the change history, the Django
admin) is requested and its body searched for the author's name and e-mail address."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from ccpl.models import Email
from communications import forum_selectors as selectors
from communications import forum_services as services
from communications.forum_models import PractitionerComment, PractitionerItem
from tests.forums.factories import ForumFactory, MeetingFactory

from .forum_helpers import leader, posted

pytestmark = pytest.mark.django_db

NAME = ("Quilliam", "Zebedee")  # family name, given name: searched for separately
EMAIL = "q.zebedee.secret@nhs.net"


@pytest.fixture
def scene(user_kinds, staff_user):
    """An anonymous item with an anonymous comment by its author, supported, answered,
    routed to a meeting; and a pending anonymous item by the same author."""
    author = leader("secret-author", given_name=NAME[1], family_name=NAME[0], email=EMAIL)
    author.first_name, author.last_name = "", ""
    author.save()
    supporter = leader("supporter")
    item = posted(author, title="A worry about rotas", anonymous=True, accept_by=staff_user)
    services.comment_add(user=author, item=item, body="More detail", anonymous=True)
    services.support_toggle(user=author, item=item)
    services.support_toggle(user=supporter, item=item)
    forum = ForumFactory()
    meeting = MeetingFactory(
        forum=forum, starts_at=timezone.now() + timezone.timedelta(days=5), status="planned"
    )
    services.item_route(user=staff_user, item=item, forum=forum, meeting=meeting)
    services.item_answer(user=staff_user, item=item, answer="We have changed the rota.")
    pending = posted(author, title="Another worry", anonymous=True)
    return {"author": author, "item": item, "pending": pending, "meeting": meeting}


def _addresses(scene):
    item, pending = scene["item"], scene["pending"]
    comment = PractitionerComment.objects.get(item=item)
    history = ContentType.objects.get_for_model(PractitionerItem)
    return [
        reverse("communications:forum"),
        reverse("communications:forum") + "?sort=supported",
        item.get_absolute_url(),
        pending.get_absolute_url(),
        reverse("communications:forum_comment", args=[item.pk]),
        reverse("communications:forum_figures"),
        reverse("communications:forum_manage") + "?moderation=",
        reverse("communications:forum_manage_item", args=[item.pk]),
        reverse("communications:forum_comment_hide", args=[comment.pk]),
        scene["meeting"].get_absolute_url(),
        reverse("ccpl:object_history", args=[history.pk, item.pk]),
        f"/admin/communications/practitioneritem/{item.pk}/change/",
        f"/admin/communications/practitioneritem/{item.pk}/history/",
        "/admin/communications/",
    ]


def _leaks(body: str) -> list[str]:
    return [secret for secret in (*NAME, EMAIL) if secret.lower() in body.lower()]


@pytest.mark.parametrize("kind", ["public", "other_leader", "panel", "exec", "sysadmin"])
def test_nobody_but_the_moderators_and_the_author_sees_an_anonymous_author(
    kind, scene, client, request
):
    if kind == "other_leader":
        client.force_login(leader("nosy-leader"))
    elif kind != "public":
        client.force_login(request.getfixturevalue(f"{kind}_user"))
    for address in _addresses(scene):
        response = client.get(address, follow=True)
        assert not _leaks(response.content.decode()), (kind, address)
    # Searching for the author's name finds nothing (the search box repeats the words).
    if kind in ("other_leader", "exec"):
        found = client.get(reverse("communications:forum"), {"q": NAME[0]}).content.decode()
        assert "No items match" in found and "A worry about rotas" not in found
    # Nor in any e-mail to anyone but the author.
    for email in Email.objects.exclude(to=EMAIL):
        assert not _leaks(email.subject + email.body)


def test_the_author_sees_their_own_items_marked_as_shown_anonymously(scene, client):
    client.force_login(scene["author"])
    for address in (scene["item"].get_absolute_url(), scene["pending"].get_absolute_url()):
        page = client.get(address).content.decode()
        assert selectors.ANONYMOUS_TO_OTHERS in page
        assert selectors.WHO_SEES_THE_AUTHOR.replace("'", "&#x27;") in page
    listing = client.get(reverse("communications:forum")).content.decode()
    assert selectors.ANONYMOUS_TO_OTHERS in listing


def test_the_moderators_see_the_author(scene, staff_client):
    page = staff_client.get(
        reverse("communications:forum_manage_item", args=[scene["item"].pk])
    ).content.decode()
    assert f"{NAME[1]} {NAME[0]} (posted anonymously)" in page


def test_others_see_anonymous_where_the_author_would_be(scene, client):
    client.force_login(leader("reader"))
    page = client.get(scene["item"].get_absolute_url()).content.decode()
    assert "Posted by Anonymous" in page
    assert page.count(">Anonymous, ") >= 1  # the comment


def test_the_you_said_we_did_rows_carry_no_author(scene):
    rows = selectors.items_for_you_said_we_did()
    assert rows and not _leaks(repr(rows))
    assert not any("author" in key for row in rows for key in row)


def test_figures_by_professional_group_never_count_an_anonymous_author(scene, staff_user):
    """The author is the only one of their professional group to post: an anonymous item
    counts under the item's Place (suppressed: fewer than 8), never under the group."""
    group = scene["author"].person.professional_group.name
    today = timezone.localdate()
    figures = selectors.forum_engagement(today - timezone.timedelta(days=30), today)
    assert group not in figures.by_group.row_labels or all(
        cell.value == 0 and not cell.hidden
        for cell in figures.by_group.rows()[figures.by_group.row_labels.index(group)].cells
    )
    # A named post by the same group now: one item, shown as "*" (1 to 7 is hidden).
    named = posted(scene["author"], title="Named one", accept_by=staff_user)
    assert named
    figures = selectors.forum_engagement(today - timezone.timedelta(days=30), today)
    row = figures.by_group.rows()[figures.by_group.row_labels.index(group)]
    assert [c.display for c in row.cells if c.hidden] and "1" not in [c.display for c in row.cells]


def test_the_author_of_an_anonymous_item_cannot_name_themselves_in_a_comment_under_it(
    scene, client
):
    item = scene["item"]
    comment = services.comment_add(
        user=scene["author"], item=item, body="Named by mistake", anonymous=False
    )
    assert comment.anonymous
    client.force_login(leader("another-reader"))
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Named by mistake" in page and not _leaks(page)
