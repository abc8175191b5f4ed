"""The one audit helper every service saves through (ccpl.history.saved / attribute)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from ccpl.history import attribute, saved
from ccpl.models import Place
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_saved_validates_saves_and_names_the_user_and_reason():
    user = UserFactory()
    place = saved(Place(name="Ashby", slug="ashby"), user, reason="Added for the test")
    record = place.history.get()
    assert record.history_user == user
    assert record.history_change_reason == "Added for the test"


def test_saved_without_a_signed_in_user_names_nobody():
    place = saved(Place(name="Ashby", slug="ashby"), AnonymousUser())
    assert place.history.get().history_user is None
    assert saved(Place(name="Barton", slug="barton")).history.get().history_user is None


def test_saved_refuses_an_invalid_object():
    with pytest.raises(ValidationError):
        saved(Place(name="", slug=""), UserFactory())
    assert not Place.objects.exists()


def test_attribute_names_the_user_on_a_delete():
    user = UserFactory()
    place = saved(Place(name="Ashby", slug="ashby"))
    place_id = place.pk
    attribute(place, user)
    place.delete()
    assert Place.history.filter(id=place_id).latest().history_user == user
