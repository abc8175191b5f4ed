"""The assurance indicators: a registry, like the dashboard's tiles.

Each indicator belongs to one principle (the CCPL priority's number), says in plain words how
it is worked out (``how``), links to the page of the app it comes from (``url_name``), and has
a function ``compute(as_of) -> figure | None`` that works it out from the apps' own selectors
as it stood on ``as_of`` (``None``: not available). A figure is plain JSON, so that signing
off can store it (``IndicatorValue``) and nothing later changes it:

    {"headline": "4 of 6 forums", "number": 66.7, "rows": [["Council", "All present"], ...]}

``number`` (or ``None``) is what the year-on-year chart draws. Anything that counts people goes
through ``ccpl.disclosure`` before it reaches a figure: figures hold only published text.
``published`` marks the indicators drawn only from figures the ICB already publishes (the
diversity publication): the only ones the public summary may show.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from ccpl import disclosure, population
from ccpl.periods import financial_year
from communications import forum_selectors as communications_forum
from communications.forum_models import PractitionerItem
from development import uptake as development_uptake
from forums import selectors as forum_selectors
from recruitment import selectors as recruitment_selectors
from roles import selectors as role_selectors
from surveys import selectors as survey_selectors

NOT_AVAILABLE = "Not available yet"
TOO_FEW = "Too few to show"


@dataclass(frozen=True)
class Indicator:
    key: str
    principle: int  # the CCPL priority's number
    title: str
    how: str
    url_name: str
    compute: Callable[[date], dict | None]
    published: bool = False
    # The page's filters for the assessment's date (``?year=2025``), when it has them.
    url_query: Callable[[date], dict] | None = None

    @property
    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None

    def url_for(self, as_of: date | None) -> str | None:
        """The page, filtered to what the figure for ``as_of`` counts where it can be."""
        url = self.url
        if url is None or as_of is None or self.url_query is None:
            return url
        return f"{url}?{urlencode(self.url_query(as_of))}"


_REGISTRY: dict[str, Indicator] = {}


def indicator(
    *,
    key: str,
    principle: int,
    title: str,
    how: str,
    url_name: str,
    published=False,
    url_query: Callable[[date], dict] | None = None,
):
    def register(compute):
        _REGISTRY[key] = Indicator(
            key, principle, title, how, url_name, compute, published, url_query
        )
        return compute

    return register


def all_indicators() -> list[Indicator]:
    """In the order they were declared (by principle)."""
    return sorted(_REGISTRY.values(), key=lambda i: i.principle)


def get(key: str) -> Indicator | None:
    return _REGISTRY.get(key)


def compute_all(as_of: date) -> dict[str, dict | None]:
    return {i.key: i.compute(as_of) for i in all_indicators()}


def figure(headline: str, *, number=None, rows=()) -> dict:
    return {
        "headline": headline,
        "number": None if number is None else float(number),
        "rows": [[str(label), str(value)] for label, value in rows],
    }


def percent(part: int, whole: int) -> Decimal | None:
    """Of counts that are not people (forums, roles, adverts): exact, half-up."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _of(part: int, whole: int, noun: str) -> str:
    share = percent(part, whole)
    return f"{part} of {whole} {noun}" + (f" ({share}%)" if share is not None else "")


def _year_before(as_of: date) -> date:
    return as_of - timedelta(days=365)


# --- Principle 1: leaders in decision-making ----------------------------------------------------


@indicator(
    key="forum_professions",
    principle=1,
    title="Forums with every profession their remit expects",
    how=(
        "For each forum whose remit names the professions it expects, whether someone from each "
        "of them (or a profession in its family) is a member or holds a role seat on the "
        "assessment date: the forums' membership mix."
    ),
    url_name="forums:membership_mix",
)
def forum_professions(as_of: date) -> dict | None:
    mix = [m for m in forum_selectors.membership_mix(on=as_of) if m.expected_professions]
    if not mix:
        return None
    complete = [m for m in mix if not m.missing_professions]
    rows = [
        (
            m.forum.name,
            "Every expected profession"
            if not m.missing_professions
            else "No one from " + ", ".join(g.name for g in m.missing_professions),
        )
        for m in mix
    ]
    return figure(
        _of(len(complete), len(mix), "forums"),
        number=percent(len(complete), len(mix)),
        rows=rows,
    )


@indicator(
    key="roles_with_seats",
    principle=1,
    title="Leadership roles with a seat on a forum",
    how=(
        "Roles on the register on the assessment date that hold at least one seat on a forum, "
        "of all the roles on the register."
    ),
    url_name="roles:role_list",
)
def roles_with_seats(as_of: date) -> dict | None:
    roles = list(role_selectors.role_register(on=as_of))
    if not roles:
        return None
    seated = [r for r in roles if r.seat_list]
    return figure(_of(len(seated), len(roles), "roles"), number=percent(len(seated), len(roles)))


@indicator(
    key="role_holder_diversity",
    principle=1,
    title="Diversity of role holders (as published)",
    how=(
        "The latest diversity publication on or before the assessment date: the share of role "
        "holders by broad ethnic group and by sex, with the ratio to the population served. "
        "Published figures only, through disclosure control; never live figures."
    ),
    url_name="roles:diversity",
    published=True,
)
def role_holder_diversity(as_of: date) -> dict | None:
    published = role_selectors.diversity_published(on=as_of)
    if published.analysis is None or not published.analysis.has_people:
        return None
    rows = []
    for table in published.analysis.tables:
        if table.dimension not in (population.Dimension.ETHNIC_GROUP, population.Dimension.SEX):
            continue
        for row in table.rows:
            if not row.not_stated:
                ratio = f", {row.ratio} times the population's share" if row.ratio else ""
                rows.append((f"{table.title}: {row.label}", f"{row.share.display}{ratio}"))
    return figure(
        f"{published.analysis.total.display} role holders, published "
        f"{published.published_on:%-d %B %Y}",
        rows=rows,
    )


@indicator(
    key="practitioner_forum_items",
    principle=1,
    title="Practitioner-forum items answered and acted on",
    how=(
        "Items leaders raised in the practitioner forum (accepted by the moderators) from the "
        "start of the financial year to the assessment date, by where they have got to: "
        "the share answered or acted on. The forum's own engagement figures."
    ),
    url_name="communications:forum_figures",
)
def practitioner_forum_items(as_of: date) -> dict | None:
    start, _ = financial_year(as_of)
    engagement = communications_forum.forum_engagement(start, as_of)
    total = sum(engagement.by_status.values())
    if not total:
        return None
    done = sum(
        engagement.by_status.get(str(label), 0)
        for label in (
            PractitionerItem.Status.ANSWERED.label,
            PractitionerItem.Status.ACTED_ON.label,
        )
    )
    return figure(
        _of(done, total, "items answered or acted on"),
        number=percent(done, total),
        rows=list(engagement.by_status.items()),
    )


# --- Principle 2: a culture of shared learning ------------------------------------------------


def _temperature_check(number: int):
    def compute(as_of: date) -> dict | None:
        trend = survey_selectors.favourable_trend(before_year=as_of.year + 1)
        row = next(
            (r for r in trend.priorities if r.priority and r.priority.number == number), None
        )
        if row is None or not row.by_year:
            return None
        latest = max(row.by_year)
        share = row.by_year[latest]
        return figure(
            f"{share.display} favourable ({latest})",
            number=share.percent,
            rows=[(year, row.by_year[year].display) for year in sorted(row.by_year)],
        )

    return compute


for _number in range(1, 6):
    indicator(
        key=f"temperature_check_{_number}",
        principle=_number,
        title="Temperature check: favourable answers on this priority, by year",
        how=(
            "The share of favourable answers to this priority's questions in each year's "
            "temperature check up to the assessment's year, from 10 respondents or more: the "
            "survey's own trend table."
        ),
        url_name="surveys:trends",
    )(_temperature_check(_number))


@indicator(
    key="decisions_from_forums",
    principle=2,
    title="Decisions made by forums in the year",
    how=(
        "Decisions recorded at forum meetings in the 12 months to the assessment date, in all "
        "and by the CCPL priority they serve: the forums' decisions log."
    ),
    url_name="forums:decision_list",
)
def decisions_from_forums(as_of: date) -> dict | None:
    decisions = list(
        forum_selectors.decisions_log().filter(
            meeting__starts_at__date__gt=_year_before(as_of), meeting__starts_at__date__lte=as_of
        )
    )
    by_priority: dict[str, int] = defaultdict(int)
    for decision in decisions:
        by_priority[str(decision.priority) if decision.priority else "No priority named"] += 1
    return figure(
        f"{len(decisions)} decisions",
        number=len(decisions),
        rows=sorted(by_priority.items()),
    )


@indicator(
    key="lived_experience",
    principle=2,
    title="Forums with the lived-experience members their remit expects",
    how=(
        "Forums whose remit expects people with lived experience, and how many of them have "
        "at least one such member on the assessment date: the forums' membership mix."
    ),
    url_name="forums:membership_mix",
)
def lived_experience(as_of: date) -> dict | None:
    mix = [m for m in forum_selectors.membership_mix(on=as_of) if m.forum.expects_lived_experience]
    if not mix:
        return None
    present = [m for m in mix if m.has_lived_experience]
    return figure(
        _of(len(present), len(mix), "forums"),
        number=percent(len(present), len(mix)),
        rows=[(m.forum.name, "Yes" if m.has_lived_experience else "No") for m in mix],
    )


@indicator(
    key="coproduction_reviews",
    principle=2,
    title="Co-production reviews held",
    how=(
        "Reviews of work co-produced or reviewed with people with lived experience, carers or "
        "the public, held by forums and programme groups from the start of the financial year "
        "to the assessment date, and how many such people took part (through disclosure "
        "control): the forums' co-production reviews for that year."
    ),
    url_name="forums:coproduction_list",
    url_query=lambda as_of: {"year": financial_year(as_of)[0].year},
)
def coproduction_reviews(as_of: date) -> dict | None:
    start, _ = financial_year(as_of)
    held = forum_selectors.coproduction_count(since=start, until=as_of)
    if not held.reviews and not forum_selectors.coproduction_reviews().exists():
        return None  # none recorded at all: not a figure of nought
    people = disclosure.people_count(held.participants)
    return figure(
        f"{held.reviews} reviews" if held.reviews != 1 else "1 review",
        number=held.reviews,
        rows=[
            ("Period", f"{start:%-d %B %Y} to {as_of:%-d %B %Y}"),
            ("People with lived experience or the public who took part", people.display),
        ],
    )


# --- Principle 3: involved, with protected time --------------------------------------------------


@indicator(
    key="protected_time",
    principle=3,
    title="Protected time given against time funded",
    how=(
        "For current appointments on the assessment date with both figures recorded: the time "
        "actually protected as a share of the time funded, for the whole system and by Place "
        "(in each role's own unit). Places with fewer than 8 such appointments are not shown "
        "on their own."
    ),
    url_name="roles:role_list",
)
def protected_time(as_of: date) -> dict | None:
    appointments = role_selectors.current_appointments(as_of).filter(
        funded_time__isnull=False, protected_time__isnull=False, funded_time__gt=0
    )
    rows = list(appointments.values_list("role__place__name", "funded_time", "protected_time"))
    if not rows:
        return None
    funded = sum(r[1] for r in rows)
    protected = sum(r[2] for r in rows)
    by_place: dict[str, list] = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
    for place, f, p in rows:
        bucket = by_place[place or "System-wide roles"]
        bucket[0] += 1
        bucket[1] += f
        bucket[2] += p
    count = disclosure.people_count(len(rows))
    table = []
    for place in sorted(by_place):
        n, f, p = by_place[place]
        # A Place's share from one or two people would be about those people.
        shown = disclosure.people_count(n)
        table.append((place, "*" if shown.hidden else f"{percent_decimal(p, f)}%"))
    share = percent_decimal(protected, funded)
    return figure(
        f"{share}% of funded time protected ({count.display} appointments)",
        number=share,
        rows=table,
    )


def percent_decimal(part: Decimal, whole: Decimal) -> Decimal:
    return (Decimal(100) * part / whole).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


@indicator(
    key="link_roles",
    principle=3,
    title="Link roles named",
    how="Link roles (named contacts in partner organisations) recorded against roles on the "
    "register on the assessment date.",
    url_name="roles:role_list",
)
def link_roles(as_of: date) -> dict | None:
    roles = list(role_selectors.role_register(on=as_of))
    if not roles:
        return None
    with_links = [r for r in roles if r.link_role_list]
    total = sum(len(r.link_role_list) for r in roles)
    return figure(
        f"{total} link roles, on {_of(len(with_links), len(roles), 'roles')}",
        number=total,
    )


@indicator(
    key="vacancies",
    principle=3,
    title="Vacant leadership roles",
    how="Roles on the register with nobody appointed on the assessment date, of all roles on "
    "the register (as the dashboard's roles tile counts them).",
    url_name="roles:role_list",
)
def vacancies(as_of: date) -> dict | None:
    filled = list(
        role_selectors.role_register(on=as_of).order_by().values_list("is_filled", flat=True)
    )
    if not filled:
        return None
    vacant = len(filled) - sum(filled)
    return figure(_of(vacant, len(filled), "roles vacant"), number=vacant)


# --- Principle 4: a support offer ------------------------------------------------------------------


@indicator(
    key="development_records",
    principle=4,
    title="Development records: induction, appraisal and mentoring",
    how=(
        "Of the people in a current appointment on the assessment date: those whose induction "
        "is complete, whose last appraisal was within 15 months, and who were offered or took "
        "up mentoring or coaching. People counts, through disclosure control."
    ),
    url_name="roles:due",
)
def development_records(as_of: date) -> dict | None:
    appointments = role_selectors.current_appointments(as_of)
    total = appointments.count()
    if not total:
        return None
    inducted = appointments.filter(development__induction_completed_on__lte=as_of).count()
    appraised = appointments.filter(
        development__last_appraisal_on__gt=as_of - timedelta(days=456),
        development__last_appraisal_on__lte=as_of,
    ).count()
    mentoring = appointments.filter(development__mentoring__in=("offered", "taken_up")).count()
    whole = disclosure.people_count(total)
    rows = []
    for label, n in (
        ("Induction complete", inducted),
        ("Appraised in the last 15 months", appraised),
        ("Offered mentoring or coaching", mentoring),
    ):
        share = disclosure.people_share(disclosure.people_count(n), whole)
        rows.append((label, f"{disclosure.people_count(n).display} ({share.display})"))
    induction_share = disclosure.people_share(disclosure.people_count(inducted), whole)
    return figure(
        f"{whole.display} appointments; induction complete for {induction_share.display}",
        number=induction_share.percent,
        rows=rows,
    )


@indicator(
    key="offer_uptake",
    principle=4,
    title="Development offer: applications, places taken and completions",
    how=(
        "For cohorts starting in the financial year to the assessment date: people who applied, "
        "took a place and completed, through disclosure control: the development uptake page."
    ),
    url_name="development:uptake",
)
def offer_uptake(as_of: date) -> dict | None:
    starts_on, _ = financial_year(as_of)
    figures = development_uptake.uptake(starts_on=starts_on, on=as_of)
    if not figures.has_applications:
        return None
    return figure(
        f"{figures.took_part.display} took part, {figures.completed.display} completed",
        number=figures.took_part.value,
        rows=[
            ("Applied", figures.applied.display),
            ("Took part", figures.took_part.display),
            ("Completed", figures.completed.display),
        ],
    )


@indicator(
    key="mentoring_matches",
    principle=4,
    title="Mentoring and coaching matches",
    how=(
        "Pairs confirmed in the financial year to the assessment date, pairs meeting on that "
        "day and people waiting for a match, through disclosure control."
    ),
    url_name="development:uptake",
)
def mentoring_matches(as_of: date) -> dict | None:
    starts_on, _ = financial_year(as_of)
    m = development_uptake.mentoring_uptake(starts_on=starts_on, on=as_of)
    if not any(c.value or c.hidden for c in (m.started, m.active, m.waiting)):
        return None
    return figure(
        f"{m.active.display} pairs meeting",
        number=m.active.value,
        rows=[
            ("Pairs matched this year", m.started.display),
            ("Pairs meeting", m.active.display),
            ("Pairs closed this year", m.closed.display),
            ("Waiting for a match", m.waiting.display),
        ],
    )


# --- Principle 5: transparent recruitment -----------------------------------------------------------


@indicator(
    key="adverts_every_profession",
    principle=5,
    title="Adverts that reached every profession",
    how=(
        "Adverts closing in the 12 months to the assessment date whose communications reached "
        "every top-level professional group, of all such adverts."
    ),
    url_name="recruitment:manage_home",
)
def adverts_every_profession(as_of: date) -> dict | None:
    complete, total = recruitment_selectors.adverts_reaching_every_profession(
        since=_year_before(as_of), until=as_of
    )
    if not total:
        return None
    return figure(_of(complete, total, "adverts"), number=percent(complete, total))


FUNNEL_POOL_YEARS = 3


@indicator(
    key="funnel_likelihood",
    principle=5,
    title="Relative likelihood of appointment from shortlisting, by professional group",
    how=(
        "Applications to adverts closing in the 12 months to the assessment date: the "
        "reference group's likelihood of appointment from shortlisting compared with everyone "
        "else, through disclosure control. When one year is too small to show, the last "
        f"{FUNNEL_POOL_YEARS} years pooled; otherwise too few to show."
    ),
    url_name="recruitment:funnel",
)
def funnel_likelihood(as_of: date) -> dict | None:
    for years in (1, FUNNEL_POOL_YEARS):
        since = as_of - timedelta(days=365 * years)
        applications = recruitment_selectors.applications_for_campaigns_closing(
            since=since, until=as_of
        )
        if not applications.exists():
            if years == 1:
                continue
            return None
        by_group = recruitment_selectors.funnels(applications=applications, as_of=as_of)[0]
        shown = by_group.compared_with_rest
        if shown and shown not in (disclosure.HIDDEN_DISPLAY, "–"):
            period = "the last year" if years == 1 else f"the last {years} years pooled"
            return figure(
                f"{by_group.reference_label}: {shown} times as likely as everyone else ({period})",
                number=Decimal(shown),
                rows=[(row.label, row.relative_likelihood) for row in by_group.rows],
            )
    return figure(TOO_FEW)


@indicator(
    key="talent_pool",
    principle=5,
    title="Talent pool size",
    how="People who had joined the talent pool by the assessment date, through disclosure control.",
    url_name="recruitment:talent_pool_list",
)
def talent_pool(as_of: date) -> dict | None:
    n = recruitment_selectors.talent_pool(on=as_of).count()
    cell = disclosure.people_count(n)
    return figure(f"{cell.display} people", number=cell.value)


@indicator(
    key="time_to_fill",
    principle=5,
    title="Time to fill",
    how=(
        "For adverts closing in the 12 months to the assessment date with someone appointed: "
        "the median number of days from the advert opening to the appointment letter."
    ),
    url_name="recruitment:manage_home",
)
def time_to_fill(as_of: date) -> dict | None:
    days = recruitment_selectors.days_to_appointment(since=_year_before(as_of), until=as_of)
    if not days:
        return None
    median = statistics.median(days)
    return figure(f"{median:g} days (median of {len(days)} adverts)", number=median)
