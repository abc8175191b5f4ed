"""Shared makers for the practitioner forum's tests."""

from django.contrib.auth.models import Group

from ccpl import rules as ccpl_rules
from communications import forum_services as services
from tests.factories import PersonFactory, UserFactory


def leader(username, **person):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=ccpl_rules.LEADER))
    PersonFactory(user=user, **person)
    return user


def posted(user, *, title="Protected time for leaders", anonymous=False, accept_by=None, **extra):
    item = services.item_post(
        user=user,
        kind=extra.pop("kind", "question"),
        title=title,
        body=extra.pop("body", "How do we protect time for leadership work?"),
        anonymous=anonymous,
        priority=extra.pop("priority", None),
        place=extra.pop("place", None),
    )
    if accept_by is not None:
        item = services.item_accept(user=accept_by, item=item)
    return item
