"""Cached parts of signed-in pages (ccpl.fragments): what their keys vary on."""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory

from ccpl import fragments, rules
from ccpl.models import Place
from tests.factories import PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _request(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_readers_of_different_kinds_never_share_a_key(staff_user, exec_user):
    another_exec = UserFactory(username="another-exec")
    another_exec.groups.add(Group.objects.get(name=rules.EXECUTIVE))
    staff = str(fragments.fragment_vary(_request(staff_user)))
    executive = str(fragments.fragment_vary(_request(exec_user)))
    assert staff != executive
    assert str(fragments.fragment_vary(_request(another_exec))) == executive
    exec_user.is_active = False
    assert str(fragments.fragment_vary(_request(exec_user))) != executive


def test_a_write_and_the_extra_parts_change_the_key(staff_user):
    before = str(fragments.fragment_vary(_request(staff_user), "a"))
    assert str(fragments.fragment_vary(_request(staff_user), "a")) == before
    assert str(fragments.fragment_vary(_request(staff_user), "b")) != before
    PlaceFactory()
    assert Place.objects.exists()
    assert str(fragments.fragment_vary(_request(staff_user), "a")) != before
