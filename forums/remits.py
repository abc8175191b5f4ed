"""What a forum's remit expects of its membership, and the defaults each kind of forum starts with.

The membership-mix page flags a forum only for what its remit expects and nobody brings:
a profession (or a member of one of its specialties), a voice of lived experience, a
voluntary and community sector (VCSE) representative. Each forum records its own
expectations (``Forum.expected_professions``, ``expects_lived_experience``,
``expects_vcse``), which the CCPL team can change; a new forum, and every forum when the
fields arrived, starts from these defaults:

- Forums that speak for every profession (the Assembly, the Senate, the Council, the
  Place-based advisory groups) expect each family of professions: medical, nursing and
  midwifery, allied health, pharmacy, social work and the rest, but not "Other
  professions", plus lived experience and the VCSE.
- A professional council or network expects the professions of the family its name
  names: the Allied Health Professions Council (or "AHP Council") expects the allied
  health professions, not dentists. A network whose name names no family expects nothing.
- Boards, programme groups, faculties, journal clubs and others expect nothing: their
  membership follows their business, and nothing is flagged.

Pure functions over plain values, so the migration that set the first defaults uses them too.
"""

import re
from dataclasses import dataclass

# Forum.Kind values whose remit is every profession.
ALL_PROFESSIONS_KINDS = frozenset({"assembly", "senate", "council", "place_advisory_group"})
PROFESSION_NETWORK_KIND = "professional_network"
# A family that collects whoever fits nowhere else is never expected.
CATCH_ALL_FAMILY_SLUGS = frozenset({"other-professions"})


@dataclass(frozen=True)
class Group:
    """A professional group as the defaults need it."""

    pk: int
    name: str
    slug: str
    parent_id: int | None


@dataclass(frozen=True)
class Remit:
    professions: frozenset[int]
    lived_experience: bool
    vcse: bool


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _acronym(name: str) -> str:
    return "".join(word[0] for word in _words(name) if word not in {"and", "of", "the"})


def _names_family(forum_name: str, family: Group) -> bool:
    """True when the forum's name names the family: its full name, or its acronym as a
    word, singular or plural ("AHP Council", "AHPs network" name "Allied health professions")."""
    words = _words(forum_name)
    family_words = _words(family.name)
    size = len(family_words)
    if any(words[i : i + size] == family_words for i in range(len(words) - size + 1)):
        return True
    acronym = _acronym(family.name)
    return len(acronym) >= 2 and (acronym in words or acronym + "s" in words)


def default_remit(*, kind: str, name: str, groups: list[Group]) -> Remit:
    """The expectations a forum of ``kind`` called ``name`` starts with (module docstring)."""
    families = [g for g in groups if g.parent_id is None]
    if kind in ALL_PROFESSIONS_KINDS:
        expected = {f.pk for f in families if f.slug not in CATCH_ALL_FAMILY_SLUGS}
        return Remit(professions=frozenset(expected), lived_experience=True, vcse=True)
    if kind == PROFESSION_NETWORK_KIND:
        named = [f for f in families if _names_family(name, f)]
        expected = set()
        for family in named:
            children = [g.pk for g in groups if g.parent_id == family.pk]
            expected |= set(children) if children else {family.pk}
        return Remit(professions=frozenset(expected), lived_experience=False, vcse=False)
    return Remit(professions=frozenset(), lived_experience=False, vcse=False)
