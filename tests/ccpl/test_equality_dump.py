"""Someone who holds a database dump cannot read another person's equality answers
(docs/adr/0002).

Equality answers are stored under a keyed pseudonym (``EqualityProfile.subject``: HMAC-SHA256
of the person's or application's label and id, keyed with ``EQUALITY_LINK_KEY``, which lives
outside the database), with random ids, and the nightly mix re-writes the table in random
order. The attacker here holds every row of every table, in storage order with PostgreSQL's
row versions (more than ``pg_dump`` keeps), knows every person's name and id (the register
publishes them), the code and its development keys, and the order in which people answered
(for instance from the proxy's log of ``POST /profile/equality/``). Not the production key.

Each channel is tried on its own, and each detector is shown to link on a leaky build (no mix
yet; a pseudonym made without the key; a copy of the link in another table), then to link
nobody once protected ("nobody" for an order: no better than a blind guess, fewer than
``CHANCE`` of ``PEOPLE`` right; a random order gets 7 or more right with probability under 1
in 10,000).
"""

import hashlib
import hmac
import secrets

import pytest
from django.conf import settings
from django.db import connection, transaction

from ccpl import models as core_models
from ccpl import selectors, services, tasks
from ccpl.models import EqualityLedger, EqualityProfile, Person
from tests.factories import PersonFactory

PEOPLE = 24
CHANCE = 7
ETHNICITIES = [
    "asian_bangladeshi",
    "asian_indian",
    "black_african",
    "black_caribbean",
    "mixed_white_asian",
    "white_british",
]
AGES = ["16-29", "30-39", "40-49", "50-59"]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="PostgreSQL only"
    ),
]


@pytest.fixture
def production_key(settings):
    """A key the attacker does not have, as in production."""
    settings.EQUALITY_LINK_KEY = secrets.token_urlsafe(50)
    return settings.EQUALITY_LINK_KEY


def _answers(i: int) -> dict:
    """Person i's answers: each combination distinct, so a row can be told apart (truth)."""
    return {"ethnicity": ETHNICITIES[i % 6], "age_band": AGES[i // 6], "sex": "female"}


def _sql(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


class World:
    """``PEOPLE`` people, created in order; each answers, in a known shuffled order."""

    def __init__(self):
        self.people = [PersonFactory() for _ in range(PEOPLE)]
        self.answered = list(range(PEOPLE))
        secrets.SystemRandom().shuffle(self.answered)
        for i in self.answered:
            services.equality_answers_save(owner=self.people[i], answers=_answers(i))

    def truth(self) -> dict[str, int]:
        """Profile id → person index (known only to the test: it uses the key)."""
        index = {EqualityProfile.subject_for(p): i for i, p in enumerate(self.people)}
        return {str(pk): index[s] for pk, s in EqualityProfile.objects.values_list("pk", "subject")}

    def order_guess(self, profile_ids) -> dict[str, int]:
        """The k-th stored profile belongs to the k-th person to answer."""
        return dict(zip((str(p) for p in profile_ids), self.answered, strict=False))


def _correct(guess: dict, truth: dict) -> int:
    return sum(1 for key, person in guess.items() if truth.get(key) == person)


def _storage_orders() -> dict[str, list]:
    table = EqualityProfile._meta.db_table
    return {
        "plain SELECT": [r for (r,) in _sql(f"SELECT id FROM {table}")],  # noqa: S608
        "ctid": [r for (r,) in _sql(f"SELECT id FROM {table} ORDER BY ctid")],  # noqa: S608
        "xmin": [
            r
            for (r, _x) in sorted(
                _sql(f"SELECT id, xmin::text::bigint FROM {table}"),  # noqa: S608
                key=lambda row: (row[1], str(row[0])),
            )
        ],
        "ids": sorted(str(r) for r in EqualityProfile.objects.values_list("pk", flat=True)),
    }


def _candidate_pseudonyms(person: Person) -> set[str]:
    """What an attacker without the production key would try."""
    messages = [
        f"ccpl.person:{person.pk}",
        f"person:{person.pk}",
        str(person.pk),
        person.email,
        person.email.lower(),
    ]
    keys = [
        b"",
        b"secret",
        settings.SECRET_KEY.encode(),
        b"test-only-equality-link-key",
        b"local-development-only-equality-link",
    ]
    out = set()
    for message in messages:
        data = message.encode()
        out |= {hashlib.sha256(data).hexdigest(), hashlib.md5(data).hexdigest()}  # noqa: S324
        out |= {hmac.new(key, data, hashlib.sha256).hexdigest() for key in keys}
    return out


def by_pseudonym(world: World) -> dict[str, int]:
    subjects = dict(EqualityProfile.objects.values_list("subject", "pk"))
    guess = {}
    for i, person in enumerate(world.people):
        for candidate in _candidate_pseudonyms(person) & set(subjects):
            guess[str(subjects[candidate])] = i
    return guess


def by_copies() -> list[str]:
    """Any column of any other table holding a profile's id or pseudonym."""
    wanted = {str(v) for row in EqualityProfile.objects.values_list("pk", "subject") for v in row}
    found = []
    own = EqualityProfile._meta.db_table
    for table in connection.introspection.table_names():
        if table == own:
            continue
        with connection.cursor() as cursor:
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
        for column in columns:
            rows = _sql(f'SELECT "{column}"::text FROM "{table}"')  # noqa: S608
            if any(value in wanted for (value,) in rows):
                found.append(f"{table}.{column}")
    return found


def test_no_channel_in_a_dump_links_equality_answers_to_a_person(production_key):
    world = World()
    truth = world.truth()
    assert len(truth) == PEOPLE

    # Before the mix, storage order and row versions follow the order of answering: the
    # detectors link everyone (this is the window the ADR states).
    before = {
        name: _correct(world.order_guess(ids), truth) for name, ids in _storage_orders().items()
    }
    assert before["ctid"] == before["plain SELECT"] == before["xmin"] == PEOPLE
    assert before["ids"] < CHANCE  # random ids never told the order

    assert services.equality_mix()
    truth_after = world.truth()
    assert not set(truth_after) & set(truth)  # fresh ids
    for name, ids in _storage_orders().items():
        linked = _correct(world.order_guess(ids), truth_after)
        assert linked < CHANCE, f"{name}: links {linked} of {PEOPLE} after the mix"

    assert by_pseudonym(world) == {}
    assert by_copies() == []
    # The owner still finds their own answers, through the key.
    for i, person in enumerate(world.people):
        assert selectors.equality_answers_of(person)["ethnicity"] == _answers(i)["ethnicity"]


def test_detectors_link_on_leaky_builds(production_key, monkeypatch):
    # 1. A pseudonym made without the key.
    monkeypatch.setattr(
        core_models,
        "equality_subject",
        lambda label, pk: hashlib.sha256(f"{label}:{pk}".encode()).hexdigest(),
    )
    world = World()
    guess = by_pseudonym(world)
    truth = {
        str(pk): i
        for i, p in enumerate(world.people)
        for pk in EqualityProfile.objects.filter(
            subject=EqualityProfile.subject_for(p)
        ).values_list("pk", flat=True)
    }
    assert _correct(guess, truth) == PEOPLE
    # 2. A copy of the link anywhere else in the database.
    profile = EqualityProfile.objects.first()
    with transaction.atomic():
        Person.objects.filter(pk=world.people[0].pk).update(job_title=profile.subject)
    assert by_copies() == ["ccpl_person.job_title"]


def test_the_mix_keeps_every_answer_and_runs_only_when_something_changed(production_key):
    world = World()
    before = sorted(EqualityProfile.objects.values_list("subject", "ethnicity", "age_band"))
    assert services.equality_mix()
    assert sorted(EqualityProfile.objects.values_list("subject", "ethnicity", "age_band")) == before
    assert not services.equality_mix()  # nothing changed since
    assert not tasks.mix_equality_answers()
    services.equality_answers_save(owner=world.people[0], answers={"sex": "male"})
    assert tasks.mix_equality_answers()
    ledger = EqualityLedger.objects.get()
    assert ledger.revision == ledger.mixed_revision == selectors.equality_revision()
    assert "ccpl.mix_equality_answers" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_deleting_a_person_deletes_their_answers(production_key):
    world = World()
    victim = world.people[3]
    assert selectors.equality_answers_of(victim)
    subject = EqualityProfile.subject_for(victim)
    victim.delete()
    assert not EqualityProfile.objects.filter(subject=subject).exists()
    assert EqualityProfile.objects.count() == PEOPLE - 1
