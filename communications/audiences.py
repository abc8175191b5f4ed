"""Audiences: who a message goes to, resolved from live data when it is sent.

An audience is a set of criteria (``Criteria``). Its **sources** say whose addresses are
considered: leaders (everyone on record with a professional group), current role holders,
the members of chosen forums, the talent pool, and the participants of chosen development
offers; with no source chosen, every leader. Its **filters** narrow them: professional
group (a family takes in its professions), Place, the function and level of a role held.
Within a criterion any value matches; across criteria all must.

Then the recipients' own choices apply, always: nobody who unsubscribed and nobody who
turned the message's topic off is a recipient. Addresses are compared without case, so one
person reached through two sources gets one message.

Reads only: a fixed number of queries however large the audience.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from ccpl.models import Person
from development import selectors as development_selectors
from forums import selectors as forum_selectors
from recruitment import selectors as recruitment_selectors
from roles import selectors as role_selectors

from .models import Frequency, Preference

LEADERS = "leaders"
ROLE_HOLDERS = "role_holders"
FORUM_MEMBERS = "forum_members"
TALENT_POOL = "talent_pool"
PROGRAMME = "programme"
SOURCES = {
    LEADERS: "Every leader on record",
    ROLE_HOLDERS: "People who hold a leadership role",
    FORUM_MEMBERS: "Members of the forums chosen",
    TALENT_POOL: "The talent pool",
    PROGRAMME: "Participants of the development offers chosen",
}


@dataclass(frozen=True)
class Criteria:
    sources: tuple[str, ...] = ()
    professional_groups: tuple[int, ...] = ()
    places: tuple[int, ...] = ()
    functions: tuple[int, ...] = ()
    levels: tuple[str, ...] = ()
    forums: tuple[int, ...] = ()
    offers: tuple[int, ...] = ()

    def as_json(self) -> dict:
        return {name: list(getattr(self, name)) for name in self.__dataclass_fields__}

    @classmethod
    def from_json(cls, data: dict) -> Criteria:
        return cls(**{name: tuple(data.get(name, ())) for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    person_id: int | None = None
    weekly: bool = False  # wants a weekly digest rather than each message


@dataclass
class Resolution:
    recipients: list[Recipient] = field(default_factory=list)
    opted_out: int = 0  # reached by the criteria, left out by their own choice


def _group_q(prefix: str, groups) -> Q:
    return Q(**{f"{prefix}professional_group__in": groups}) | Q(
        **{f"{prefix}professional_group__parent__in": groups}
    )


def _people(criteria: Criteria, on: date):
    """The ``Person`` rows the criteria reach (with an address)."""
    sources = set(criteria.sources) or {LEADERS}
    holders = role_selectors.current_appointments(on).order_by()
    reached = Q(pk__in=[])
    if LEADERS in sources:
        reached |= Q(professional_group__isnull=False)
    if ROLE_HOLDERS in sources:
        reached |= Q(pk__in=holders.values("person_id"))
    if FORUM_MEMBERS in sources and criteria.forums:
        # The one member list: direct members and the holders of the forums' role seats.
        members = forum_selectors.forum_members_by_forum(criteria.forums, on=on)
        reached |= Q(pk__in={m.person.pk for rows in members.values() for m in rows})
    if PROGRAMME in sources and criteria.offers:
        reached |= Q(
            pk__in=_participants(criteria).filter(person__isnull=False).values("person_id")
        )
    people = Person.objects.exclude(email="").filter(reached)
    if criteria.professional_groups:
        people = people.filter(_group_q("", criteria.professional_groups))
    if criteria.places:
        people = people.filter(place__in=criteria.places)
    if criteria.functions or criteria.levels:
        held = holders
        if criteria.functions:
            held = held.filter(role__function__in=criteria.functions)
        if criteria.levels:
            held = held.filter(role__level__in=criteria.levels)
        people = people.filter(pk__in=held.values("person_id"))
    return people


def _participants(criteria: Criteria):
    return development_selectors.selected_participants(criteria.offers)


def _others(criteria: Criteria) -> list[tuple[str, str]]:
    """``(email, name)`` of people reached who are not ``Person`` rows: talent-pool members
    and programme participants who applied from the public form. Role filters (function,
    level) reach only role holders, who are all people on record."""
    if criteria.functions or criteria.levels:
        return []
    out = []
    if TALENT_POOL in criteria.sources:
        members = recruitment_selectors.talent_pool().order_by()
        if criteria.professional_groups:
            members = members.filter(_group_q("", criteria.professional_groups))
        if criteria.places:
            members = members.filter(place__in=criteria.places)
        out += [
            (email, f"{given} {family}")
            for email, given, family in members.values_list("email", "given_name", "family_name")
        ]
    if PROGRAMME in criteria.sources and criteria.offers and not criteria.places:
        # Public applicants have no Place on record: a Place filter leaves them out.
        applicants = _participants(criteria).filter(person__isnull=True)
        if criteria.professional_groups:
            applicants = applicants.filter(_group_q("", criteria.professional_groups))
        out += [
            (email, f"{given} {family}")
            for email, given, family in applicants.values_list("email", "given_name", "family_name")
        ]
    return out


def resolve(criteria: Criteria, *, topic: str, on: date | None = None) -> Resolution:
    """Everyone the criteria reach today who wants messages on ``topic``: one recipient per
    address, in name order."""
    on = on or timezone.localdate()
    candidates: dict[str, Recipient] = {}
    for pk, email, given, family in _people(criteria, on).values_list(
        "pk", "email", "given_name", "family_name"
    ):
        candidates.setdefault(email.lower(), Recipient(email, f"{given} {family}", pk))
    for email, name in _others(criteria):
        candidates.setdefault(email.lower(), Recipient(email, name))
    preferences = {
        address: (topics, unsubscribed_at, frequency)
        for address, topics, unsubscribed_at, frequency in Preference.objects.annotate(
            address=Lower("email")
        )
        .filter(address__in=list(candidates))
        .values_list("address", "topics", "unsubscribed_at", "frequency")
    }
    result = Resolution()
    for address, recipient in sorted(candidates.items(), key=lambda item: item[1].name):
        choice = preferences.get(address)
        if choice is not None and (choice[1] is not None or topic not in choice[0]):
            result.opted_out += 1
            continue
        if choice is not None and choice[2] == Frequency.WEEKLY:
            recipient = replace(recipient, weekly=True)
        result.recipients.append(recipient)
    return result
