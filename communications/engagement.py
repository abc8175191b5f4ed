"""Engagement figures (issue 17): how far bulletins reached, for the dashboard, the annual
report and the assurance indicators for principle 1.

Reach is counted from the delivery records: an address is *reached* by a bulletin when its
e-mail (or the weekly digest carrying it) was made for it. Nothing is tracked after that:
no tracking pixels, no opens, no clicks. Counts of addresses are counts of people, so
every figure goes through :mod:`ccpl.disclosure` (one table per breakdown, with its
totals), and someone reached who is not on record (a talent-pool member, a public
programme applicant, a network subscriber) counts under "Not on record".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max
from django.db.models.functions import Coalesce, Lower

from ccpl import disclosure
from ccpl.models import Place, ProfessionalGroup

from .models import Bulletin, Delivery, Forward, Topic

NOT_ON_RECORD = "Not on record"
NO_PLACE = "No Place recorded"
REACHED = "reached"


@dataclass(frozen=True)
class ReachTable:
    title: str
    first_column: str
    table: disclosure.DisclosedTable


@dataclass(frozen=True)
class Reach:
    starts_on: date
    on: date
    bulletins: int
    by_topic: list[tuple[str, int]]
    by_profession: ReachTable
    by_place: ReachTable
    forwards: int  # times a network's lead forwarded one of the period's bulletins
    through_networks: disclosure.Cell  # addresses reached only through a network's list

    @property
    def people(self) -> disclosure.Cell:
        """Distinct addresses reached by any bulletin of the period (each counted once)."""
        return self.by_profession.table.column_totals[REACHED]

    @property
    def tables(self) -> list[ReachTable]:
        return [self.by_profession, self.by_place]


def sent_bulletins(*, starts_on: date, on: date):
    return Bulletin.objects.filter(
        status=Bulletin.Status.SENT, sent_at__date__gte=starts_on, sent_at__date__lte=on
    )


def reached_deliveries(*, starts_on: date, on: date):
    """Deliveries of the period's bulletins that were made (not skipped because the person
    unsubscribed first, and not still waiting for the worker)."""
    return Delivery.objects.filter(
        bulletin__in=sent_bulletins(starts_on=starts_on, on=on), done=True, skipped=False
    )


def _distinct_by(deliveries, field: str, missing: str) -> dict[str, int]:
    """Addresses reached, each counted once under one line: an address reached both as a
    person on record and as someone who is not (a talent-pool bulletin) counts as on record."""
    keys = (
        deliveries.annotate(address=Lower("email"))
        .order_by()
        .values("address")
        .annotate(key=Max(field))
        .values_list("key", flat=True)
    )
    return dict(Counter(key or missing for key in keys))


def _ordered(counts: dict[str, int], known: list[str], missing: str) -> list[str]:
    rows = [name for name in known if name in counts]
    rows += sorted(name for name in counts if name not in known and name != missing)
    return rows + ([missing] if missing in counts else [])


def reach(*, starts_on: date, on: date) -> Reach:
    """Bulletins sent from ``starts_on`` to ``on`` and the people they reached, by
    professional group (family) and by Place, and how far networks' leads carried them
    (the cascade). Seven queries however many deliveries."""
    deliveries = reached_deliveries(starts_on=starts_on, on=on)
    topics = dict(
        sent_bulletins(starts_on=starts_on, on=on)
        .order_by()
        .values_list("topic")
        .annotate(n=Count("pk"))
    )
    by_family = _distinct_by(
        deliveries.annotate(
            family=Coalesce(
                "person__professional_group__parent__name", "person__professional_group__name"
            )
        ),
        "family",
        NOT_ON_RECORD,
    )
    by_place = _distinct_by(deliveries, "person__place__name", NO_PLACE)
    families = list(
        ProfessionalGroup.objects.filter(parent__isnull=True)
        .order_by("order", "name")
        .values_list("name", flat=True)
    )
    places = list(Place.objects.order_by("name").values_list("name", flat=True))
    through_networks = deliveries.filter(forward__isnull=False).aggregate(
        people=Count(Lower("email"), distinct=True)
    )["people"]
    return Reach(
        starts_on=starts_on,
        on=on,
        bulletins=sum(topics.values()),
        by_topic=[(label, topics[value]) for value, label in Topic.choices if value in topics],
        by_profession=_table(
            by_family,
            title="People reached by professional group",
            first_column="Professional group",
            rows=_ordered(by_family, families, NOT_ON_RECORD),
        ),
        by_place=_table(
            by_place,
            title="People reached by Place",
            first_column="Place",
            rows=_ordered(by_place, places, NO_PLACE),
        ),
        forwards=Forward.objects.filter(
            bulletin__in=sent_bulletins(starts_on=starts_on, on=on)
        ).count(),
        through_networks=disclosure.people_count(through_networks),
    )


def _table(counts: dict[str, int], *, title: str, first_column: str, rows: list[str]):
    # Each address is on one line, so the lines add up to the distinct total.
    table = disclosure.people_count_table(counts, rows=rows, columns=[REACHED])
    return ReachTable(title=title, first_column=first_column, table=table)
