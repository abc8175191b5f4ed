"""Suggesting mentors for the people waiting for one: an assignment solved with CP-SAT.

Every open request (``MentoringRequest.Status.OPEN``) may get one mentor, and every
mentor may take as many new mentees as they have places left. The rules:

**Hard limits** (:func:`refusal`, the one place they are written; confirming a match checks
them again): a mentor takes mentees only while taking mentees at all, offering the kind asked
for (mentoring or coaching), with accreditation in date on the matching day, and with places
left (their capacity less their confirmed matches still open); never the mentee themself,
never someone the mentee named, and never someone from the mentee's own organisation when
the mentee asked for that.

**Objective** (maximised): first, as many people matched as possible, so a suggestion never
leaves someone out who could have been matched (each match is worth more than everything
else in the objective together); then the fit of each pair (:func:`fit`: each goal the
mentor offers, the profession the mentee asked for, same or different, and the Place they
prefer); less a load penalty that grows with the square of each mentor's mentees (confirmed
and suggested), so that among equal mentors the work is spread rather than piled on a few.

Matching one person at a time, best fit first, can take the only mentor a later person could
have had; solving for everyone at once does not (``tests/development/test_matching.py``
shows such a case). The solve is deterministic (one worker, a fixed seed, a deterministic
time limit) and bounded in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from .models import Match, Mentor, MentoringKind, MentoringRequest

# Objective weights: a shared goal counts most, then the profession asked for, then the Place.
GOAL = 10
PROFESSION = 8
PLACE = 6
# The k-th mentee of a mentor costs LOAD × (2k − 1) (a square's increments): 3, 9, 15…
LOAD = 3
# Bounds on the solve: deterministic time (the solver's own work units) and wall-clock time.
DETERMINISTIC_TIME = 5.0
TIME_LIMIT_SECONDS = 20.0
NO_FIT = "Has places; no shared goal, profession or Place preference"


@dataclass(frozen=True)
class MentorSlot:
    """A mentor as the matching sees them."""

    id: int
    person_id: int
    organisation_id: int | None
    profession_family_id: int
    place_id: int | None
    kinds: frozenset[str]
    topics: frozenset[str]
    accredited_until: date
    is_active: bool
    load: int  # confirmed matches still open
    capacity: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.load, 0)


@dataclass(frozen=True)
class Ask:
    """An open request as the matching sees it."""

    id: int
    mentee_id: int
    organisation_id: int | None
    profession_family_id: int | None
    kind: str
    goals: frozenset[str]
    profession_preference: str
    place_id: int | None
    exclude_own_organisation: bool
    excluded_people: frozenset[int]


@dataclass(frozen=True)
class Suggestion:
    request_id: int
    mentor_id: int
    fit: int
    reasons: str


def _family(group) -> int | None:
    return None if group is None else (group.parent_id or group.pk)


def mentor_slots(*, mentors=None) -> list[MentorSlot]:
    """Mentors (all of them, or ``mentors``) with their confirmed open matches counted."""
    queryset = Mentor.objects.all() if mentors is None else mentors
    queryset = queryset.select_related("person", "profession").annotate(
        open_matches=Count("matches", filter=Q(matches__status=Match.Status.CONFIRMED))
    )
    return [
        MentorSlot(
            id=mentor.pk,
            person_id=mentor.person_id,
            organisation_id=mentor.person.organisation_id,
            profession_family_id=_family(mentor.profession),
            place_id=mentor.place_id,
            kinds=frozenset(
                kind
                for kind, offered in (
                    (MentoringKind.MENTORING, mentor.offers_mentoring),
                    (MentoringKind.COACHING, mentor.offers_coaching),
                )
                if offered
            ),
            topics=frozenset(mentor.topics),
            accredited_until=mentor.accreditation_expires_on,
            is_active=mentor.is_active,
            load=mentor.open_matches,
            capacity=mentor.capacity,
        )
        for mentor in queryset.order_by("pk")
    ]


def asks(*, requests=None) -> list[Ask]:
    """Open requests (all of them, or ``requests``), oldest first."""
    queryset = (
        MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
        if requests is None
        else requests
    )
    queryset = queryset.select_related("mentee__professional_group").prefetch_related(
        "excluded_people"
    )
    return [
        Ask(
            id=request.pk,
            mentee_id=request.mentee_id,
            organisation_id=request.mentee.organisation_id,
            profession_family_id=_family(request.mentee.professional_group),
            kind=request.kind,
            goals=frozenset(request.goals),
            profession_preference=request.profession_preference,
            place_id=request.place_preference_id,
            exclude_own_organisation=request.exclude_own_organisation,
            excluded_people=frozenset(person.pk for person in request.excluded_people.all()),
        )
        for request in queryset.order_by("asked_on", "pk")
    ]


def refusal(mentor: MentorSlot, ask: Ask, *, on: date) -> str | None:
    """Why ``mentor`` may not be matched with ``ask`` on ``on``, or None when they may."""
    if mentor.person_id == ask.mentee_id:
        return "A person cannot be their own mentor."
    if not mentor.is_active:
        return "The mentor is not taking mentees."
    if ask.kind not in mentor.kinds:
        return f"The mentor does not offer {ask.kind}."
    if mentor.accredited_until < on:
        return "The mentor's accreditation has expired."
    if mentor.free < 1:
        return "The mentor has no places left."
    if mentor.person_id in ask.excluded_people:
        return "The mentee asked not to be matched with this person."
    if (
        ask.exclude_own_organisation
        and ask.organisation_id is not None
        and ask.organisation_id == mentor.organisation_id
    ):
        return "The mentor works in the mentee's own organisation."
    return None


def fit(mentor: MentorSlot, ask: Ask) -> tuple[int, list[str]]:
    """How well ``mentor`` suits ``ask`` (higher is better), with the reasons in words."""
    score, reasons = 0, []
    shared = len(mentor.topics & ask.goals)
    if shared:
        score += GOAL * shared
        reasons.append(f"{shared} shared goal{'s' if shared > 1 else ''}")
    same = (
        ask.profession_family_id is not None
        and mentor.profession_family_id == ask.profession_family_id
    )
    wanted = MentoringRequest.ProfessionPreference
    if ask.profession_preference == wanted.SAME and same:
        score += PROFESSION
        reasons.append("same profession, as asked")
    elif (
        ask.profession_preference == wanted.DIFFERENT
        and ask.profession_family_id is not None
        and not same
    ):
        score += PROFESSION
        reasons.append("a different profession, as asked")
    if ask.place_id is not None and mentor.place_id == ask.place_id:
        score += PLACE
        reasons.append("in the Place asked for")
    return score, reasons


def assign(mentors: list[MentorSlot], asks: list[Ask], *, on: date) -> dict[int, int]:
    """The best assignment of ``asks`` to ``mentors`` on ``on`` under the module's rules:
    request id → mentor id, for the requests that can be matched."""
    # Imported here: the solver is only loaded by the staff who suggest matches.
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    chosen: dict[tuple[int, int], cp_model.IntVar] = {}
    fits: dict[tuple[int, int], int] = {}
    for ask in asks:
        for mentor in mentors:
            if refusal(mentor, ask, on=on) is None:
                key = (ask.id, mentor.id)
                chosen[key] = model.new_bool_var(f"x_{ask.id}_{mentor.id}")
                fits[key] = fit(mentor, ask)[0]
    if not chosen:
        return {}
    for ask in asks:
        options = [var for (ask_id, _), var in chosen.items() if ask_id == ask.id]
        if options:
            model.add_at_most_one(options)
    penalties, most_penalty = [], 0
    for mentor in mentors:
        taken = [var for (_, mentor_id), var in chosen.items() if mentor_id == mentor.id]
        if not taken:
            continue
        model.add(sum(taken) <= mentor.free)
        load = model.new_int_var(mentor.load, mentor.load + mentor.free, f"load_{mentor.id}")
        model.add(load == mentor.load + sum(taken))
        squared = model.new_int_var(0, (mentor.load + mentor.free) ** 2, f"sq_{mentor.id}")
        model.add_multiplication_equality(squared, [load, load])
        penalties.append(squared)
        most_penalty += LOAD * (mentor.load + mentor.free) ** 2
    # Worth more than the best fit of every request and the worst load together: one more
    # person matched always beats any gain in fit or spread.
    best_fit = {}
    for (ask_id, _), value in fits.items():
        best_fit[ask_id] = max(best_fit.get(ask_id, 0), value)
    matched = 1 + sum(best_fit.values()) + most_penalty
    model.maximize(
        sum((matched + fits[key]) * var for key, var in chosen.items()) - LOAD * sum(penalties)
    )
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = DETERMINISTIC_TIME
    solver.parameters.max_time_in_seconds = TIME_LIMIT_SECONDS
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}
    return {ask_id: mentor_id for (ask_id, mentor_id), var in chosen.items() if solver.value(var)}


def suggest(*, on: date) -> list[Suggestion]:
    """Suggested mentors for every open request that can be matched on ``on``."""
    mentors = mentor_slots()
    open_asks = asks()
    by_id = {mentor.id: mentor for mentor in mentors}
    suggestions = []
    assignment = assign(mentors, open_asks, on=on)
    for ask in open_asks:
        if ask.id in assignment:
            mentor = by_id[assignment[ask.id]]
            score, reasons = fit(mentor, ask)
            suggestions.append(
                Suggestion(
                    request_id=ask.id,
                    mentor_id=mentor.id,
                    fit=score,
                    reasons=_sentence(reasons),
                )
            )
    return suggestions


def _sentence(reasons: list[str]) -> str:
    if not reasons:
        return NO_FIT
    text = "; ".join(reasons)
    return text[0].upper() + text[1:]
