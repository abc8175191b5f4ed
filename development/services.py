"""Writes for the development offer: offers and cohorts; mentoring and coaching.

Every write validates the whole record (the rules live on the models: dates in order, at
least one place), saves it with its history row attributed to the user (``ccpl.history``),
and runs in one transaction; the public pages' data version follows by itself
(``ccpl.pagecache``).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ccpl import services as core_services
from ccpl.history import attribute, saved
from ccpl.models import Person, Place, ProfessionalGroup

from . import matching
from .models import CheckIn, Cohort, Match, Mentor, MentoringRequest, Offer

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


def _set_fields(instance, fields: dict, allowed, service: str) -> None:
    unknown = set(fields) - set(allowed)
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


# --- Mentoring and coaching ------------------------------------------------------------------
# A register of mentors, people asking for one, suggested and confirmed matches, check-ins.
# The matching's rules live in ``development.matching``; confirming a match checks its hard
# limits again, as they stand on the day.


@transaction.atomic
def mentor_register(
    *,
    user,
    person: Person,
    profession: ProfessionalGroup,
    sector: str,
    accreditation: str,
    accreditation_expires_on: date,
    capacity: int,
    topics: list[str],
    place: Place | None = None,
    offers_mentoring: bool = True,
    offers_coaching: bool = False,
    is_active: bool = True,
) -> Mentor:
    """Put a person on the register of mentors and coaches."""
    mentor = Mentor(
        person=person,
        profession=profession,
        sector=sector,
        place=place,
        accreditation=accreditation,
        accreditation_expires_on=accreditation_expires_on,
        capacity=capacity,
        topics=list(topics),
        offers_mentoring=offers_mentoring,
        offers_coaching=offers_coaching,
        is_active=is_active,
    )
    return saved(mentor, user)


@transaction.atomic
def mentoring_request_create(
    *,
    user,
    mentee: Person,
    kind: str,
    goals: list[str],
    profession_preference: str = MentoringRequest.ProfessionPreference.ANY,
    place_preference: Place | None = None,
    exclude_own_organisation: bool = True,
    excluded_people=(),
    on: date | None = None,
) -> MentoringRequest:
    """Record a person's request for a mentor or coach: at least one goal from the list, and
    one live request of each kind at a time. Nobody can be excluded but other people."""
    request = MentoringRequest(
        mentee=mentee,
        kind=kind,
        goals=list(goals),
        profession_preference=profession_preference,
        place_preference=place_preference,
        exclude_own_organisation=exclude_own_organisation,
        asked_on=on or timezone.localdate(),
    )
    if not goals:
        raise ValidationError({"goals": "Select at least one thing you would like help with"})
    saved(request, user)
    request.excluded_people.set([person for person in excluded_people if person.pk != mentee.pk])
    return request


@transaction.atomic
def matches_suggest(*, user, on: date | None = None) -> list[Match]:
    """Replace the suggested matches with the matching's suggestions for every open request
    on ``on`` (today); confirmed and closed matches are untouched."""
    on = on or timezone.localdate()
    for stale in Match.objects.filter(status=Match.Status.SUGGESTED):
        attribute(stale, user)
        stale.delete()
    return [
        saved(
            Match(
                request_id=suggestion.request_id,
                mentor_id=suggestion.mentor_id,
                reasons=suggestion.reasons,
                suggested_on=on,
            ),
            user,
        )
        for suggestion in matching.suggest(on=on)
    ]


@transaction.atomic
def match_confirm(*, user, match: Match, on: date | None = None) -> Match:
    """Confirm a suggested match, if the request is still open and the pair still keeps
    every hard limit of the matching on ``on`` (today). The request's other suggestions go."""
    on = on or timezone.localdate()
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status != Match.Status.SUGGESTED:
        raise ValidationError("Only a suggested match can be confirmed.")
    # Locked so that two confirmations cannot both take a mentor's last place.
    Mentor.objects.select_for_update().filter(pk=match.mentor_id).first()
    request = MentoringRequest.objects.select_for_update().get(pk=match.request_id)
    if request.status != MentoringRequest.Status.OPEN:
        raise ValidationError("This request is no longer waiting for a match.")
    mentor = matching.mentor_slots(mentors=Mentor.objects.filter(pk=match.mentor_id))[0]
    ask = matching.asks(requests=MentoringRequest.objects.filter(pk=request.pk))[0]
    if reason := matching.refusal(mentor, ask, on=on):
        raise ValidationError(reason)
    match.status = Match.Status.CONFIRMED
    match.confirmed_by = user
    match.confirmed_on = on
    saved(match, user)
    request.status = MentoringRequest.Status.MATCHED
    saved(request, user)
    for other in request.matches.filter(status=Match.Status.SUGGESTED):
        attribute(other, user)
        other.delete()
    _match_introduce(match)
    return match


def _match_introduce(match: Match) -> None:
    """Tell both people of a confirmed match who the other is (goals stay on the match's
    page, for the two of them: an e-mail is read by whoever has the inbox)."""
    mentee, mentor = match.request.mentee, match.mentor.person
    what = match.request.get_kind_display().lower()
    link = core_services.site_url() + reverse(
        "development_profile:match_detail", kwargs={"pk": match.pk}
    )
    for person, other, role in (
        (mentee, mentor, "your mentor" if what == "mentoring" else "your coach"),
        (
            mentor,
            mentee,
            "the person you will mentor" if what == "mentoring" else "the person you will coach",
        ),
    ):
        if not person.email:
            continue
        core_services.email_queue(
            to=person.email,
            subject=f"Your {what} match: {other.full_name}",
            body=(
                f"Dear {person.given_name},\n\n"
                f"The CCPL team has matched you with {other.full_name}, {role}"
                + (f" ({other.email})" if other.email else "")
                + ".\n\nPlease get in touch with each other to arrange your first meeting. "
                f"You can see the match and record your check-ins here: {link}\n"
            ),
            kind=f"{what.capitalize()} match confirmed",
            about=f"Match {match.pk}",
        )


@transaction.atomic
def check_in_record(*, user, match: Match, held_on: date, note: str) -> CheckIn:
    """Record a meeting of a confirmed pair, on a day from the match's confirmation to today."""
    match = Match.objects.get(pk=match.pk)
    if match.status != Match.Status.CONFIRMED:
        raise ValidationError("Check-ins are recorded for a confirmed match that is still open.")
    if held_on > timezone.localdate() or (match.confirmed_on and held_on < match.confirmed_on):
        raise ValidationError(
            {"held_on": "The date must be between the day the match was confirmed and today"}
        )
    return saved(CheckIn(match=match, held_on=held_on, note=note), user)


@transaction.atomic
def match_close(*, user, match: Match, feedback: str, on: date | None = None) -> Match:
    """Close a confirmed match with the pair's feedback; the mentor's place is free again and
    the mentee may ask again."""
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status != Match.Status.CONFIRMED:
        raise ValidationError("Only a confirmed match can be closed.")
    match.status = Match.Status.CLOSED
    match.closed_on = on or timezone.localdate()
    match.feedback = feedback
    saved(match, user)
    request = match.request
    request.status = MentoringRequest.Status.CLOSED
    saved(request, user)
    return match


# What the CCPL team may change on a mentor's record (the form shows them in this order).
MENTOR_FIELDS = (
    "offers_mentoring",
    "offers_coaching",
    "profession",
    "sector",
    "place",
    "accreditation",
    "accreditation_expires_on",
    "capacity",
    "topics",
    "is_active",
)


@transaction.atomic
def mentor_update(*, user, mentor: Mentor, **fields) -> Mentor:
    """Change a mentor's details: what they offer, their accreditation, how many mentees they
    take (lowering it below their confirmed matches ends none of them; they get no more)."""
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if "topics" in fields:
        fields["topics"] = list(fields["topics"] or [])
    _set_fields(mentor, fields, MENTOR_FIELDS, "mentor_update")
    return saved(mentor, user)
