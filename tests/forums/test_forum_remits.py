"""What each kind of forum expects of its membership by default (forums.remits)."""

import pytest

from forums import remits, services
from tests.factories import ProfessionalGroupFactory

from .factories import ForumFactory

GROUPS = [
    remits.Group(
        pk=1, name="Allied health professions", slug="allied-health-professions", parent_id=None
    ),
    remits.Group(pk=2, name="Podiatrists", slug="podiatrists", parent_id=1),
    remits.Group(pk=3, name="Paramedics", slug="paramedics", parent_id=1),
    remits.Group(pk=4, name="Dentistry", slug="dentistry", parent_id=None),
    remits.Group(pk=5, name="Medical", slug="medical", parent_id=None),
    remits.Group(pk=6, name="General practitioners", slug="general-practitioners", parent_id=5),
    remits.Group(pk=7, name="Other professions", slug="other-professions", parent_id=None),
]


@pytest.mark.parametrize(
    "name", ["Allied Health Professions Council", "AHP Council", "AHPs' network"]
)
def test_an_ahp_council_expects_the_allied_health_professions_not_dentists(name):
    remit = remits.default_remit(kind="professional_network", name=name, groups=GROUPS)
    assert remit.professions == {2, 3}
    assert not remit.lived_experience and not remit.vcse


def test_forums_for_every_profession_expect_each_family_and_both_voices():
    remit = remits.default_remit(
        kind="council", name="Clinical and Care Professional Council", groups=GROUPS
    )
    assert remit.professions == {1, 4, 5}  # families, not "Other professions"
    assert remit.lived_experience and remit.vcse


@pytest.mark.parametrize("kind", ["board", "programme_group", "faculty", "journal_club", "other"])
def test_other_forums_expect_nothing(kind):
    remit = remits.default_remit(kind=kind, name="Allied health board", groups=GROUPS)
    assert remit == remits.Remit(professions=frozenset(), lived_experience=False, vcse=False)


@pytest.mark.django_db
def test_a_new_forum_starts_from_its_kinds_defaults():
    ahp = ProfessionalGroupFactory(
        name="Allied health professions", slug="allied-health-professions"
    )
    podiatrists = ProfessionalGroupFactory(name="Podiatrists", slug="podiatrists", parent=ahp)
    ProfessionalGroupFactory(name="Dentistry", slug="dentistry")
    forum = services.forum_create(
        user=None, name="AHP Council", kind="professional_network", purpose="The AHP voice."
    )
    assert list(forum.expected_professions.all()) == [podiatrists]
    assert not forum.expects_lived_experience
    board = services.forum_create(user=None, name="Board", kind="board", purpose="The board.")
    assert not board.expected_professions.exists()
    ForumFactory()  # factories expect nothing unless told
