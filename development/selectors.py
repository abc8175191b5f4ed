"""Reads for the development offer: the public catalogue and the staff lists.

Counts are worked out in the database and related rows come in one query each, so every
page reads a fixed number of queries however many offers and cohorts there are.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from ccpl.models import ProfessionalGroup

from .models import Cohort, Offer


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
