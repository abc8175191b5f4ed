"""Shared set-up for the cascade tests: networks with confirmed lists, a sent bulletin."""

import re

from django.utils import timezone

from communications import services
from communications.audiences import Criteria
from communications.models import Network, Subscriber, Topic
from tests.factories import PersonFactory, ProfessionalGroupFactory


def network(name="Nursing and midwifery network", *, leads=(), addresses=(), **extra):
    found = Network.objects.create(
        name=name, slug=re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"), **extra
    )
    found.leads.set(leads)
    for address in addresses:
        Subscriber.objects.create(network=found, email=address, confirmed_at=timezone.now())
    return found


def sent_bulletin(addresses=(), *, title="Winter update", is_public=False, send=True):
    """A bulletin sent directly to ``addresses`` (leaders in a group of their own)."""
    group = ProfessionalGroupFactory()
    for address in addresses:
        PersonFactory(email=address, professional_group=group)
    bulletin = services.bulletin_save(
        user=None,
        title=title,
        body="Hello.",
        topic=Topic.NEWS,
        criteria=Criteria(professional_groups=(group.pk,)),
        audience_label="A group",
        is_public=is_public,
    )
    if send:
        services.bulletin_send(user=None, bulletin=bulletin)
    return bulletin
