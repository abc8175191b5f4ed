"""Hooks let a lower app call a higher one without importing it (ccpl.hooks): each is
registered by the app above in its AppConfig.ready()."""

from ccpl.hooks import Hook
from forums import hooks as forum_hooks
from recruitment import selectors as recruitment_selectors
from roles import hooks as role_hooks
from roles import selectors as role_selectors


def test_recruitment_gives_the_role_register_its_advert_links():
    assert role_hooks.advert_urls.registered
    assert role_hooks.advert_urls.function is recruitment_selectors.open_advert_urls


def test_roles_gives_forums_their_seat_holders():
    assert forum_hooks.seat_holders_by_forum.function is role_selectors.seat_holders_by_forum
    assert forum_hooks.person_holds_seat.function is role_selectors.person_holds_seat


def test_an_unregistered_hook_answers_with_its_default_then_with_what_is_registered():
    hook = Hook("test.double", lambda n: 0)
    assert not hook.registered
    assert hook(4) == 0
    hook.register(lambda n: n * 2)
    assert hook.registered
    assert hook(4) == 8


def test_recruitment_gives_the_equality_page_the_appointees_offers():
    from ccpl import hooks as core_hooks

    assert core_hooks.equality_offers.function is recruitment_selectors.appointee_equality_offers
