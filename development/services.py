"""Writes for the development offer: offers and cohorts.

Every write validates the whole record (the rules live on the models: dates in order, at
least one place), saves it with its history row attributed to the user (``ccpl.history``),
and runs in one transaction; the public pages' data version follows by itself
(``ccpl.pagecache``).
"""

from datetime import date

from django.db import transaction

from ccpl.history import saved

from .models import Cohort, Offer

OFFER_FIELDS = {
    "title",
    "kind",
    "summary",
    "provider",
    "levels",
    "sectors",
    "format",
    "time_commitment",
    "cost",
    "how_to_apply",
    "contact_email",
    "is_published",
}
COHORT_FIELDS = {
    "name",
    "starts_on",
    "ends_on",
    "places",
    "applications_open_on",
    "applications_close_on",
    "status",
}


def _set_fields(instance, fields: dict, allowed: set[str], service: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{service}() got unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(instance, name, value)


@transaction.atomic
def offer_create(
    *,
    user,
    title: str,
    kind: str,
    summary: str,
    provider: str,
    time_commitment: str,
    how_to_apply: str,
    professions=(),
    principles=(),
    levels: list[str] | None = None,
    sectors: list[str] | None = None,
    format: str = Offer.Format.BLENDED,
    cost: str = "Free",
    contact_email: str = "",
    is_published: bool = False,
) -> Offer:
    """Add an offer to the catalogue (public only once published)."""
    offer = Offer(
        title=title,
        kind=kind,
        summary=summary,
        provider=provider,
        levels=list(levels or []),
        sectors=list(sectors or []),
        format=format,
        time_commitment=time_commitment,
        cost=cost,
        how_to_apply=how_to_apply,
        contact_email=contact_email,
        is_published=is_published,
    )
    saved(offer, user)
    offer.professions.set(professions)
    offer.principles.set(principles)
    return offer


@transaction.atomic
def offer_update(*, user, offer: Offer, professions=None, principles=None, **fields) -> Offer:
    """Change an offer's details; ``professions`` and ``principles`` are replaced when given."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    for name in ("levels", "sectors"):
        if name in fields:
            fields[name] = list(fields[name] or [])
    _set_fields(offer, fields, OFFER_FIELDS, "offer_update")
    saved(offer, user)
    if professions is not None:
        offer.professions.set(professions)
    if principles is not None:
        offer.principles.set(principles)
    return offer


@transaction.atomic
def cohort_create(
    *,
    user,
    offer: Offer,
    name: str,
    starts_on: date,
    ends_on: date,
    places: int,
    applications_open_on: date,
    applications_close_on: date,
    status: str = Cohort.Status.SCHEDULED,
) -> Cohort:
    """Add a dated run of an offer. It ends on or after its start, has at least one place,
    and takes applications in a window that closes by its end."""
    cohort = Cohort(
        offer=offer,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        places=places,
        applications_open_on=applications_open_on,
        applications_close_on=applications_close_on,
        status=status,
    )
    return saved(cohort, user)


@transaction.atomic
def cohort_update(*, user, cohort: Cohort, **fields) -> Cohort:
    """Change a cohort's dates, places or status, under the same rules as when it was added."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    _set_fields(cohort, fields, COHORT_FIELDS, "cohort_update")
    return saved(cohort, user)
