"""Writes for the framework core. Every write is transactional."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from . import equality, rules
from .csvfiles import csv_dict_rows
from .models import Benchmark, EqualityProfile, Person, Place, ProfessionalGroup

BENCHMARK_COLUMNS = ("benchmark", "dimension", "category", "place", "share")


@transaction.atomic
def equality_profile_save(*, person: Person, answers: dict) -> EqualityProfile:
    """Save a person's own equality-monitoring answers (blank means not answered)."""
    profile, _ = EqualityProfile.objects.get_or_create(person=person)
    for field in equality.QUESTIONS:
        setattr(profile, field, answers.get(field) or "")
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def person_update_own_details(*, person: Person, data: dict) -> Person:
    """Update the contact and work details a person keeps for themself."""
    for field in (
        "given_name",
        "family_name",
        "job_title",
        "professional_group",
        "organisation",
        "place",
    ):
        if field in data:
            setattr(person, field, data[field])
    person.full_clean()
    person.save()
    return person


def benchmark_categories(dimension: str) -> set[str]:
    """The category codes a benchmark may use for a dimension (matching monitoring answers)."""
    if dimension == Benchmark.Dimension.ETHNIC_GROUP:
        return set(equality.EthnicGroup.values) - {equality.EthnicGroup.NOT_STATED}
    if dimension == Benchmark.Dimension.SEX:
        return set(equality.Sex.values) - {equality.PREFER_NOT_TO_SAY}
    if dimension == Benchmark.Dimension.AGE_BAND:
        return set(equality.AgeBand.values) - {equality.PREFER_NOT_TO_SAY}
    return set(ProfessionalGroup.objects.filter(parent=None).values_list("slug", flat=True))


def _benchmark_row(row: dict, places: dict[str, Place]) -> dict:
    errors = []
    kind = (row.get("benchmark") or "").strip().lower()
    dimension = (row.get("dimension") or "").strip().lower()
    category = (row.get("category") or "").strip()
    place_name = (row.get("place") or "").strip()
    share_text = (row.get("share") or "").strip()
    if kind not in Benchmark.Kind.values:
        errors.append(f"benchmark must be one of {', '.join(Benchmark.Kind.values)}")
    if dimension not in Benchmark.Dimension.values:
        errors.append(f"dimension must be one of {', '.join(Benchmark.Dimension.values)}")
    if not category:
        errors.append("category is missing")
    elif dimension in Benchmark.Dimension.values:
        allowed = benchmark_categories(dimension)
        if category not in allowed:
            errors.append(f"category for {dimension} must be one of {', '.join(sorted(allowed))}")
    place = None
    if place_name:
        place = places.get(place_name.lower())
        if place is None:
            errors.append(f"there is no Place called '{place_name}'")
    try:
        share = Decimal(share_text)
        if not Decimal(0) <= share <= Decimal(1):
            errors.append("share must be between 0 and 1")
    except InvalidOperation:
        share = None
        errors.append("share must be a number between 0 and 1, such as 0.0475")
    if errors:
        raise ValidationError("; ".join(errors))
    return {
        "benchmark": kind,
        "dimension": dimension,
        "category": category,
        "place": place,
        "share": share,
    }


@transaction.atomic
def benchmarks_import(*, rows) -> int:
    """Create or update benchmarks from rows with BENCHMARK_COLUMNS; all or nothing.

    Raises ValidationError listing every bad row (numbered from 2, as in a
    spreadsheet with a header row) and saves nothing when any row is bad.
    """
    places = {p.name.lower(): p for p in Place.objects.all()}
    cleaned, errors = [], []
    rows = list(rows)
    if not rows:
        raise ValidationError("The file has no rows of benchmarks.")
    for number, row in enumerate(rows, start=2):
        try:
            cleaned.append(_benchmark_row(row, places))
        except ValidationError as error:
            errors.append(f"Row {number}: {error.messages[0]}")
    if errors:
        raise ValidationError(errors)
    for values in cleaned:
        share = values.pop("share")
        benchmark, created = Benchmark.objects.get_or_create(**values, defaults={"share": share})
        # Re-importing an unchanged figure writes nothing (and adds no history).
        if not created and benchmark.share != share:
            benchmark.share = share
            benchmark.save(update_fields=["share"])
    return len(cleaned)


def benchmarks_import_csv(*, text: str) -> int:
    """Import benchmarks from CSV text with the header benchmark,dimension,category,place,share."""
    header, rows = csv_dict_rows(text, normalise=lambda name: name.strip().lower())
    missing = [c for c in BENCHMARK_COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            f"The file needs the columns {','.join(BENCHMARK_COLUMNS)}; missing: {', '.join(missing)}"
        )
    return benchmarks_import(rows=rows)


@transaction.atomic
def user_kinds_ensure() -> None:
    """Create the user-kind groups, holding no Django model permissions (idempotent).

    Application permissions are rules (``ccpl.rules``); Django's model permissions only
    open admin pages, and the admin is the superuser's alone, so any a group was once
    given are taken away.
    """
    from django.contrib.auth.models import Group

    for kind in rules.USER_KINDS:
        group, _ = Group.objects.get_or_create(name=kind)
        group.permissions.clear()
