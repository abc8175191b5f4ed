"""Publication points: figures about people change only on fixed dates, and only when enough
people changed.

The diversity analysis is never live. On each configured date (``PEOPLE_PUBLICATION_DATES``,
quarterly by default) :func:`publications_make_due` publishes each registered population —
but only when at least ``PEOPLE_PUBLICATION_MIN_CHANGES`` (5) people joined, left or changed
a published answer (or their professional group) since the previous publication. Otherwise
the previous publication stands. Comparing two publications therefore always compares at
least five people's changes, never one appointment (see docs/adr/0004).

Every audience (the public page and CSV, staff, the dashboard, report PDFs) reads the same
stored publications through :func:`population_published`. A publication stores only
published figures and keyed per-person digests (:func:`ccpl.selectors.equality_digests`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import snapshots
from .models import Publication
from .population import PopulationAnalysis, population_analysis, publish_population
from .selectors import equality_digests

DIGEST_PURPOSE = "ccpl.publications.person"
HISTORY_YEARS = 5


def publication_days() -> list[tuple[int, int]]:
    """The configured (month, day) publication points, in calendar order."""
    days = []
    for text in settings.PEOPLE_PUBLICATION_DATES:
        month, day = (int(part) for part in str(text).split("-"))
        date(2024, month, day)  # a leap year: 02-29 is allowed, nonsense is not
        days.append((month, day))
    return sorted(set(days))


def _on(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # 29 February in a common year
        return date(year, month, 28)


def is_publication_day(on: date) -> bool:
    return any(_on(on.year, m, d) == on for m, d in publication_days())


def next_publication_on(after: date) -> date:
    """The first publication point after ``after``."""
    for year in (after.year, after.year + 1):
        for month, day in publication_days():
            when = _on(year, month, day)
            if when > after:
                return when
    raise ValueError("No publication dates are configured")  # pragma: no cover


def last_publication_on(on: date) -> date:
    """The last publication point on or before ``on``."""
    for year in (on.year, on.year - 1):
        for month, day in reversed(publication_days()):
            when = _on(year, month, day)
            if when <= on:
                return when
    raise ValueError("No publication dates are configured")  # pragma: no cover


def people_changed(before: dict[str, str], after: dict[str, str]) -> int:
    """How many people joined, left or changed a published answer between two sets of
    digests."""
    joined_or_changed = sum(1 for person, state in after.items() if before.get(person) != state)
    left = sum(1 for person in before if person not in after)
    return joined_or_changed + left


def latest_publication(population: str, *, on: date | None = None) -> Publication | None:
    """The publication in force on ``on`` (today): the latest on or before it."""
    on = on or timezone.localdate()
    return (
        Publication.objects.filter(population=population, published_on__lte=on)
        .order_by("-published_on")
        .first()
    )


@transaction.atomic
def publication_make(*, population: str, on: date, force: bool = False) -> Publication | None:
    """Publish a population as it stood on ``on``, if at least the minimum number of people
    changed since the previous publication (always for the first; ``force`` for tests and
    the demo). Returns the publication, or ``None`` when the previous one stands. Making it
    again the same day replaces it."""
    source = snapshots.get_population(population)
    people = source.people(on)
    digests = equality_digests(people=people, purpose=DIGEST_PURPOSE)
    previous = (
        Publication.objects.filter(population=population, published_on__lt=on)
        .order_by("-published_on")
        .first()
    )
    changed = None if previous is None else people_changed(previous.digests, digests)
    if changed is not None and changed < settings.PEOPLE_PUBLICATION_MIN_CHANGES and not force:
        return None
    figures = publish_population(people, register_public=source.register_public)
    publication, _ = Publication.objects.update_or_create(
        population=population,
        published_on=on,
        defaults={"figures": figures, "digests": digests, "changed": changed},
    )
    return publication


def publications_make_due(*, on: date | None = None) -> list[Publication]:
    """On a publication point, publish every registered population that changed enough."""
    on = on or timezone.localdate()
    if not is_publication_day(on):
        return []
    made = [publication_make(population=p.key, on=on) for p in snapshots.populations()]
    return [p for p in made if p is not None]


@dataclass(frozen=True)
class Published:
    """What a page shows about one population: the publication in force (or none yet) and
    when the next one is due."""

    population: snapshots.Population
    publication: Publication | None
    analysis: PopulationAnalysis | None
    next_due: date

    @property
    def published_on(self) -> date | None:
        return self.publication.published_on if self.publication else None


def population_published(population: str, *, on: date | None = None) -> Published:
    """The publication of ``population`` in force on ``on`` (today) as tables, with the
    yearly publications before it for change over time. Three queries."""
    on = on or timezone.localdate()
    source = snapshots.get_population(population)
    current = latest_publication(population, on=on)
    analysis = None
    if current is not None:
        by_year: dict[int, Publication] = {}
        earlier = Publication.objects.filter(
            population=population, published_on__lt=current.published_on
        ).order_by("-published_on")
        for publication in earlier.only("published_on", "figures"):
            by_year.setdefault(publication.published_on.year, publication)
        chosen = sorted(by_year.values(), key=lambda p: p.published_on)[-(HISTORY_YEARS - 1) :]
        history = [(p.published_on, p.figures) for p in chosen]
        history.append((current.published_on, current.figures))
        analysis = population_analysis(
            current.figures,
            published_on=current.published_on,
            history=history if len(history) > 1 else (),
        )
    return Published(
        population=source,
        publication=current,
        analysis=analysis,
        next_due=next_publication_on(on),
    )


def publications_make_yearly(*, years: int = 3, keys: list[str] | None = None) -> list[Publication]:
    """One publication a year for the last ``years`` years, on each year's first publication
    point that has passed, oldest first (for the demo data). The first is always made; later
    ones only when enough people changed, as on any publication point."""
    today = timezone.localdate()
    month, day = publication_days()[0]
    last = _on(today.year, month, day)
    if last > today:
        last = _on(today.year - 1, month, day)
    made = []
    for key in keys or [p.key for p in snapshots.populations()]:
        for years_ago in range(years - 1, -1, -1):
            on = _on(last.year - years_ago, month, day)
            if Publication.objects.filter(population=key, published_on=on).exists():
                continue
            publication = publication_make(population=key, on=on)
            if publication is not None:
                made.append(publication)
    return made
