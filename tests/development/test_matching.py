"""Matching mentees with mentors (``development.matching``): the hard limits are never
broken, the load is spread, preferences count, and solving for everyone at once matches
people whom matching one at a time would leave out."""

from datetime import timedelta

import pytest
from django.utils import timezone

from development import matching, services
from development.models import Match, MentoringKind, MentoringRequest, MentoringTopic
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    ProfessionalGroupFactory,
)

from .factories import MatchFactory, MentorFactory, MentoringRequestFactory

pytestmark = pytest.mark.django_db

T = MentoringTopic


def _today():
    return timezone.localdate()


def _suggested(on=None) -> dict[int, int]:
    """Request id → mentor id, as the matching suggests on ``on`` (today)."""
    return {s.request_id: s.mentor_id for s in matching.suggest(on=on or _today())}


def _loads(assignment: dict[int, int]) -> dict[int, int]:
    loads = {}
    for mentor_id in assignment.values():
        loads[mentor_id] = loads.get(mentor_id, 0) + 1
    return loads


def greedy(mentors, asks, *, on):
    """One mentee at a time, in request order, each taking the best-fitting mentor with a
    place left: what the solver is compared with."""
    places = {mentor.id: mentor.free for mentor in mentors}
    assignment = {}
    for ask in asks:
        options = [
            mentor
            for mentor in mentors
            if places[mentor.id] > 0 and matching.refusal(mentor, ask, on=on) is None
        ]
        if options:
            best = max(options, key=lambda mentor: (matching.fit(mentor, ask)[0], -mentor.id))
            assignment[ask.id] = best.id
            places[best.id] -= 1
    return assignment


def test_capacity_is_never_exceeded_counting_confirmed_matches():
    busy = MentorFactory(capacity=2)
    MatchFactory(mentor=busy)  # one place taken already
    other = MentorFactory(capacity=1)
    requests = [MentoringRequestFactory() for _ in range(5)]
    suggested = _suggested()
    loads = _loads(suggested)
    assert loads == {busy.pk: 1, other.pk: 1}
    assert set(suggested) < {r.pk for r in requests}


def test_expired_accreditation_is_never_used_but_counts_on_its_last_day():
    expired = MentorFactory(
        topics=[T.CHANGE, T.BOARD],
        accreditation_expires_on=_today() - timedelta(days=1),
    )
    poorer = MentorFactory(topics=[])
    request = MentoringRequestFactory(goals=[T.CHANGE, T.BOARD])
    assert _suggested() == {request.pk: poorer.pk}
    poorer.delete()
    assert _suggested() == {}
    # On the day it expires it is still in date.
    assert _suggested(on=_today() - timedelta(days=1)) == {request.pk: expired.pk}


def test_own_organisation_named_people_and_oneself_are_excluded():
    organisation = OrganisationFactory()
    colleague = MentorFactory(person=PersonFactory(organisation=organisation))
    mentee = PersonFactory(organisation=organisation)
    request = MentoringRequestFactory(mentee=mentee, exclude_own_organisation=True)
    assert _suggested() == {}
    request.exclude_own_organisation = False
    request.save()
    assert _suggested() == {request.pk: colleague.pk}
    request.excluded_people.set([colleague.person])
    assert _suggested() == {}
    # A mentor asking for a mentor is never given themself.
    request.delete()
    own = MentoringRequestFactory(mentee=colleague.person, exclude_own_organisation=False)
    assert _suggested() == {}
    stranger = MentorFactory()
    assert _suggested() == {own.pk: stranger.pk}


def test_only_mentors_offering_the_kind_asked_for_and_taking_mentees():
    MentorFactory(offers_mentoring=True, offers_coaching=False)
    MentorFactory(is_active=False, offers_coaching=True)
    coach = MentorFactory(offers_mentoring=False, offers_coaching=True)
    request = MentoringRequestFactory(kind=MentoringKind.COACHING)
    assert _suggested() == {request.pk: coach.pk}


def test_load_is_spread_over_equal_mentors():
    first, second = MentorFactory(capacity=4), MentorFactory(capacity=4)
    for _ in range(4):
        MentoringRequestFactory()
    assert _loads(_suggested()) == {first.pk: 2, second.pk: 2}


def test_load_counts_the_mentees_a_mentor_already_has():
    busy, free = MentorFactory(capacity=4), MentorFactory(capacity=4)
    MatchFactory(mentor=busy)
    MatchFactory(mentor=busy)
    for _ in range(2):
        MentoringRequestFactory()
    assert _loads(_suggested()) == {free.pk: 2}


def test_goals_profession_and_place_preferences_are_honoured():
    family = ProfessionalGroupFactory()
    nurse = ProfessionalGroupFactory(parent=family)
    place = PlaceFactory()
    same = MentorFactory(person=PersonFactory(professional_group=family), capacity=1)
    different = MentorFactory(capacity=1)
    mentee = PersonFactory(professional_group=nurse)  # of the same family as ``same``
    request = MentoringRequestFactory(
        mentee=mentee, profession_preference=MentoringRequest.ProfessionPreference.DIFFERENT
    )
    assert _suggested() == {request.pk: different.pk}
    request.profession_preference = MentoringRequest.ProfessionPreference.SAME
    request.save()
    assert _suggested() == {request.pk: same.pk}
    # A preferred Place outweighs nothing else being different…
    request.profession_preference = MentoringRequest.ProfessionPreference.ANY
    request.place_preference = place
    request.save()
    different.place = place
    different.save()
    assert _suggested() == {request.pk: different.pk}
    # …and shared goals count most.
    same.topics = [T.CHANGE, T.INCLUSION]
    same.save()
    request.goals = [T.CHANGE, T.INCLUSION]
    request.save()
    assert _suggested() == {request.pk: same.pk}
    reasons = matching.suggest(on=_today())[0].reasons
    assert reasons == "2 shared goals"


def test_greedy_leaves_someone_out_where_the_solver_matches_everyone():
    # Asha asks first and fits Xavier best, but could have Yusuf. Ben asked not to be
    # matched with Yusuf (his line manager), so Xavier is the only mentor Ben can have.
    xavier = MentorFactory(capacity=1, topics=[T.CHANGE, T.BOARD])
    yusuf = MentorFactory(capacity=1, topics=[])
    asha = MentoringRequestFactory(goals=[T.CHANGE, T.BOARD], asked_on=_today() - timedelta(days=2))
    ben = MentoringRequestFactory(
        goals=[T.CHANGE], asked_on=_today() - timedelta(days=1), excluded_people=[yusuf.person]
    )
    mentors, asks = matching.mentor_slots(), matching.asks()
    assert [ask.id for ask in asks] == [asha.pk, ben.pk]
    assert greedy(mentors, asks, on=_today()) == {asha.pk: xavier.pk}  # Ben left out
    assert _suggested() == {asha.pk: yusuf.pk, ben.pk: xavier.pk}


def test_greedy_spreads_worse_than_the_solver():
    # Two mentors with 3 places each; greedy gives every mentee the better fit and piles
    # all three on one mentor, where the solver trades a little fit for a spread load.
    strong = MentorFactory(capacity=3, topics=[T.CHANGE, T.TEAMS])
    MentorFactory(capacity=3, topics=[T.CHANGE])
    for _ in range(3):
        MentoringRequestFactory(goals=[T.CHANGE, T.TEAMS])
    greedy_loads = _loads(greedy(matching.mentor_slots(), matching.asks(), on=_today()))
    assert greedy_loads == {strong.pk: 3}
    assert sorted(_loads(_suggested()).values()) == [1, 2]


def test_the_suggestion_is_the_same_every_time():
    for _ in range(4):
        MentorFactory(capacity=2, topics=[T.CHANGE, T.TEAMS])
    for _ in range(6):
        MentoringRequestFactory(goals=[T.CHANGE])
    first = _suggested()
    assert len(first) == 6
    assert all(_suggested() == first for _ in range(3))


def test_suggesting_records_suggestions_and_replaces_the_old_ones(staff_user):
    mentor = MentorFactory()
    request = MentoringRequestFactory()
    [match] = services.matches_suggest(user=staff_user)
    assert (match.request, match.mentor, match.status) == (request, mentor, Match.Status.SUGGESTED)
    services.matches_suggest(user=staff_user)
    assert Match.objects.count() == 1 and not Match.objects.filter(pk=match.pk).exists()
