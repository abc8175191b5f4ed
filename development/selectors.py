"""Reads for the development offer: the public catalogue and the staff lists; mentoring.

Counts are worked out in the database and related rows come in one query each, so every
page reads a fixed number of queries however many offers and cohorts there are.
"""

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from ccpl.models import Person, ProfessionalGroup

from .models import CheckIn, Cohort, CohortApplication, Match, Mentor, MentoringRequest, Offer


def _open_to_profession(group: ProfessionalGroup) -> Q:
    """Offers open to ``group``: those naming no profession (open to all), and those naming
    the group, one of its professions, or its family."""
    through = Offer.professions.through
    named = through.objects.filter(offer=OuterRef("pk"))
    matching = named.filter(
        Q(professionalgroup=group)
        | Q(professionalgroup__parent=group)
        | Q(professionalgroup=group.parent_id)
    )
    return ~Exists(named) | Exists(matching)


def catalogue_offers(*, kind: str | None = None, profession=None, on=None) -> QuerySet:
    """Published offers with a cohort taking applications on ``on`` (today), each with those
    cohorts (``open_cohorts``), its professions and principles loaded."""
    on = on or timezone.localdate()
    open_cohorts = Cohort.objects.open_on(on)
    offers = Offer.objects.filter(
        is_published=True, pk__in=open_cohorts.values("offer_id")
    ).prefetch_related(
        Prefetch(
            "cohorts",
            queryset=open_cohorts.order_by("applications_close_on", "starts_on", "pk"),
            to_attr="open_cohorts",
        ),
        "professions",
        "principles",
    )
    if kind:
        offers = offers.filter(kind=kind)
    if profession is not None:
        offers = offers.filter(_open_to_profession(profession))
    return offers.order_by("title", "pk")


def public_offer(pk: int, *, on=None) -> Offer:
    """A published offer with its cohorts still to finish (``upcoming_cohorts``, each with
    ``is_open``). Raises ``Offer.DoesNotExist`` for an unpublished one."""
    on = on or timezone.localdate()
    open_ids = Cohort.objects.open_on(on).filter(offer_id=pk).values("pk")
    upcoming = (
        Cohort.objects.filter(ends_on__gte=on)
        .exclude(status=Cohort.Status.CANCELLED)
        .annotate(is_open=Exists(open_ids.filter(pk=OuterRef("pk"))))
        .order_by("starts_on", "pk")
    )
    return (
        Offer.objects.filter(is_published=True)
        .prefetch_related(
            Prefetch("cohorts", queryset=upcoming, to_attr="upcoming_cohorts"),
            "professions",
            "principles",
        )
        .get(pk=pk)
    )


def offer_list(*, on=None) -> QuerySet:
    """Every offer for the staff list, with its number of cohorts and of cohorts taking
    applications on ``on`` (today)."""
    on = on or timezone.localdate()
    open_now = Q(
        cohorts__status=Cohort.Status.SCHEDULED,
        cohorts__applications_open_on__lte=on,
        cohorts__applications_close_on__gte=on,
    )
    return Offer.objects.annotate(
        cohort_count=Count("cohorts", distinct=True),
        open_cohort_count=Count("cohorts", filter=open_now, distinct=True),
    ).order_by("title", "pk")


def offer_cohorts(offer: Offer) -> QuerySet:
    """An offer's cohorts for its staff page, earliest first."""
    return offer.cohorts.order_by("starts_on", "pk")


def cohort_list() -> QuerySet:
    """Every cohort for the staff list, with its offer."""
    return Cohort.objects.select_related("offer").order_by("starts_on", "pk")


# --- Mentoring and coaching ------------------------------------------------------------------
# Goals are read only on the CCPL team's register and by the pair themselves (the views ask
# ``development.view_match`` before showing a match).


def mentor_register_rows() -> QuerySet:
    """Every mentor and coach, with their confirmed open matches counted (``open_matches``)."""
    return (
        Mentor.objects.select_related("person", "profession", "place")
        .annotate(open_matches=Count("matches", filter=Q(matches__status=Match.Status.CONFIRMED)))
        .order_by("person__family_name", "person__given_name", "pk")
    )


def open_mentoring_requests() -> QuerySet:
    """Requests waiting for a match, oldest first, with the people they exclude."""
    return (
        MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
        .select_related("mentee__organisation", "mentee__professional_group", "place_preference")
        .prefetch_related("excluded_people")
        .order_by("asked_on", "pk")
    )


def _matches() -> QuerySet:
    return Match.objects.select_related(
        "request__mentee", "mentor__person", "confirmed_by__person"
    ).annotate(
        check_in_count=Count("check_ins", distinct=True),
        last_check_in_on=Max("check_ins__held_on"),
    )


def matches_with_status(status: str) -> QuerySet:
    """Matches of one status for the register, each with its check-ins counted and dated."""
    return _matches().filter(status=status).order_by("request__asked_on", "pk")


def person_mentoring(person) -> dict:
    """A person's own mentoring: their requests (``requests``, each with its confirmed or
    closed match as ``match``), and the people they mentor (``mentoring``: matches)."""
    requests = list(
        MentoringRequest.objects.filter(mentee=person)
        .select_related("place_preference")
        .prefetch_related(
            Prefetch(
                "matches",
                queryset=_matches().exclude(status=Match.Status.SUGGESTED),
                to_attr="agreed",
            )
        )
        .order_by("-asked_on", "-pk")
    )
    for request in requests:
        request.match = request.agreed[0] if request.agreed else None
    mentoring = (
        _matches()
        .filter(mentor__person=person)
        .exclude(status=Match.Status.SUGGESTED)
        .order_by("-status", "-confirmed_on", "pk")  # under way ("confirmed") before closed
    )
    return {"requests": requests, "mentoring": list(mentoring), "is_mentor": _is_mentor(person)}


def _is_mentor(person) -> bool:
    return Mentor.objects.filter(person=person).exists()


def match_for_page(pk: int) -> Match:
    """A confirmed or closed match with its pair and check-ins (``Match.DoesNotExist`` for
    none, or for a suggestion)."""
    return (
        Match.objects.exclude(status=Match.Status.SUGGESTED)
        .select_related(
            "request__mentee__professional_group",
            "request__mentee__organisation",
            "mentor__person",
            "mentor__profession",
            "mentor__place",
        )
        .prefetch_related(
            Prefetch("check_ins", queryset=CheckIn.objects.order_by("-held_on", "-pk"))
        )
        .get(pk=pk)
    )


def mentors_to_exclude(person) -> QuerySet:
    """The people on the register that ``person`` may ask not to be matched with."""
    return (
        Person.objects.filter(mentor_record__isnull=False)
        .exclude(pk=person.pk)
        .order_by("family_name", "given_name", "pk")
    )


def person_with_email(email: str) -> Person | None:
    """The person recorded with this e-mail address (any case), or None."""
    return Person.objects.filter(email__iexact=email.strip()).first() if email.strip() else None


def selected_participants(offers) -> QuerySet:
    """The applications selected onto any cohort of ``offers``: the programme's participants,
    on record (``person``) or public applicants (name and address only)."""
    return CohortApplication.objects.filter(
        cohort__offer__in=offers, status=CohortApplication.Status.SELECTED
    )
