"""The demo's development offer: the seeds' offers, published ones open now, loaded once."""

import pytest
from django.urls import reverse
from django.utils import timezone

from development import selectors
from development.models import Match, Mentor, MentoringRequest, Offer

pytestmark = pytest.mark.django_db


def test_demo_offers_follow_the_seeds(demo_db, client):
    kinds = set(Offer.objects.values_list("kind", flat=True))
    assert {
        Offer.Kind.INCUBATOR,
        Offer.Kind.PROGRAMME,
        Offer.Kind.JOURNAL_CLUB,
        Offer.Kind.COACHING,
        Offer.Kind.MENTORING,
        Offer.Kind.SHADOWING,
    } <= kinds
    # Every published demo offer has a cohort open today; the unpublished one is not listed.
    published = set(Offer.objects.filter(is_published=True))
    assert set(selectors.catalogue_offers()) == published
    assert Offer.objects.filter(is_published=False).exists()
    assert all(o.principles.exists() for o in Offer.objects.all())
    page = client.get(reverse("development:catalogue")).content.decode()
    assert "Incubator for new leaders" in page and "leading through a system merger" not in page


def test_demo_mentoring_register_matches_and_suggestions(demo_db):
    today = timezone.localdate()
    mentors = Mentor.objects.select_related("profession", "place")
    assert mentors.count() == 10
    assert len({m.profession.parent_id or m.profession_id for m in mentors}) >= 5
    assert len({m.place_id for m in mentors}) >= 3
    [expired] = mentors.filter(accreditation_expires_on__lt=today)
    confirmed = Match.objects.filter(status=Match.Status.CONFIRMED)
    assert confirmed.filter(request__mentee__user__username="leader").exists()
    assert all(match.check_ins.count() == 2 for match in confirmed)
    assert Match.objects.filter(status=Match.Status.CLOSED).exclude(feedback="").exists()
    suggested = Match.objects.filter(status=Match.Status.SUGGESTED)
    assert suggested.exists() and not suggested.filter(mentor=expired).exists()
    assert MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN).count() == 4
