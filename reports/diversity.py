"""Diversity analysis report sections: role holders, forum members and applicants, against the benchmarks and earlier years.

Every population is shown from its publication in force at the period's end (the latest on
or before it, ``ccpl.publications``), so a report shows exactly what the public page showed
that day: the tables are built by the one builder, ``ccpl.population``. A period with no
publication yet says so.
"""

from __future__ import annotations

from ccpl import disclosure, publications, snapshots
from ccpl.models import Benchmark, Publication
from development import uptake as development_uptake
from recruitment import selectors as recruitment_selectors
from roles import selectors as role_selectors

from .annual import DIVERSITY_MODELS, diversity_chart, diversity_markers
from .sections import DIVERSITY_ANALYSIS, ReportInputs, section


def published_section(inputs: ReportInputs, *, population: str, label: str) -> dict | None:
    """The section data for one population: its publication in force on the period's end
    with a chart per table, or a note that none had been published by then."""
    if population not in {p.key for p in snapshots.populations()}:
        return None
    published = publications.population_published(population, on=inputs.on)
    analysis = published.analysis
    if analysis is None:
        return {
            "population": label,
            "tables": [],
            "published": published,
            "none_published": True,
            "footnote": disclosure.PEOPLE_FOOTNOTE,
        }
    if not analysis.has_people:
        return None
    return {
        "population": label,
        "analysis": analysis,
        "published": published,
        "none_published": False,
        "tables": [
            (
                t,
                diversity_chart(
                    t, chart_id=f"chart-{population}-{t.dimension}", population=label.lower()
                ),
            )
            for t in analysis.tables
        ],
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }


@section(
    key="diversity_method",
    disclosure=[disclosure.PEOPLE_POLICY],
    title="About this analysis",
    kinds=[DIVERSITY_ANALYSIS],
    order=10,
    models=["ccpl.Benchmark", "ccpl.Publication"],
)
def method(inputs: ReportInputs) -> dict | None:
    return {
        "benchmarks": sorted(
            {
                (b.get_benchmark_display(), b.get_dimension_display())
                for b in Benchmark.objects.filter(place__isnull=True)
            }
        ),
        "publications": list(
            Publication.objects.filter(published_on__lte=inputs.on)
            .order_by("-published_on", "population")
            .only("population", "published_on")[:12]
        ),
        "populations": {p.key: p.label for p in snapshots.populations()},
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }


@section(
    key="role_holders",
    disclosure=[disclosure.PEOPLE_POLICY],
    title="Role holders",
    kinds=[DIVERSITY_ANALYSIS],
    order=20,
    models=DIVERSITY_MODELS,
    markers=diversity_markers,
    empty_reason="No leadership roles are held yet.",
)
def role_holders(inputs: ReportInputs) -> dict | None:
    key = role_selectors.ROLE_HOLDERS
    return published_section(inputs, population=key, label="Role holders")


@section(
    key="forum_members",
    disclosure=[disclosure.PEOPLE_POLICY],
    title="Forum members",
    kinds=[DIVERSITY_ANALYSIS],
    order=30,
    models=[*DIVERSITY_MODELS, "forums.Membership", "roles.Seat"],
    markers=diversity_markers,
    empty_reason="No forum members are recorded yet.",
)
def forum_members(inputs: ReportInputs) -> dict | None:
    key = role_selectors.FORUM_MEMBERS
    return published_section(inputs, population=key, label="Forum members")


@section(
    key="applicants",
    disclosure=[disclosure.PEOPLE_POLICY],
    title="Applicants for leadership roles",
    kinds=[DIVERSITY_ANALYSIS],
    order=40,
    models=[*DIVERSITY_MODELS, "recruitment.Application"],
    markers=diversity_markers,
    empty_reason="No applications are recorded yet.",
)
def applicants(inputs: ReportInputs) -> dict | None:
    return published_section(
        inputs, population=recruitment_selectors.APPLICANTS, label="Applicants"
    )


@section(
    key="participants",
    disclosure=[disclosure.PEOPLE_POLICY],
    title="Development programme participants",
    kinds=[DIVERSITY_ANALYSIS],
    order=50,
    models=[*DIVERSITY_MODELS, "development.CohortApplication", "development.Cohort"],
    markers=diversity_markers,
    empty_reason="Nobody has taken part in a development cohort yet.",
)
def participants(inputs: ReportInputs) -> dict | None:
    return published_section(
        inputs,
        population=development_uptake.PARTICIPANTS,
        label="Development programme participants",
    )
