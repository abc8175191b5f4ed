"""The CMO/CNO dashboard: live tiles joining the apps. Another registry: a tile is one
function (here) and one template (``templates/dashboard/tiles/<key>.html``).

A tile's function returns ``None`` when there is nothing to show yet. Every tile runs a fixed number of queries however
much data there is, calls the apps' own selectors (so its figures match the apps' pages) and
publishes figures about people only through ``ccpl.disclosure``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import NoReverseMatch, reverse

from actions import selectors as action_selectors
from ccpl import disclosure, population
from communications import engagement as communication_engagement
from communications import forum_selectors as forum_selectors_of_communications
from development import uptake as development_uptake
from forums import selectors as forum_selectors
from recruitment import selectors as recruitment_selectors
from reports.annual import rag_chart
from roles import selectors as role_selectors
from surveys import selectors as survey_selectors

LIST_LIMIT = 5


@dataclass(frozen=True)
class Tile:
    key: str
    title: str
    order: int
    build: Callable[[date], dict | None]
    wide: bool = False  # spans the whole row (for wide tables)

    @property
    def template(self) -> str:
        return f"dashboard/tiles/{self.key}.html"

    @property
    def anchor(self) -> str:
        return f"tile-{self.key.replace('_', '-')}"


_TILES: dict[str, Tile] = {}


def tile(*, key: str, title: str, order: int, wide: bool = False):
    def register(build):
        _TILES[key] = Tile(key=key, title=title, order=order, build=build, wide=wide)
        return build

    return register


@dataclass(frozen=True)
class BuiltTile:
    tile: Tile
    data: dict


def dashboard_tiles(*, on: date) -> list[BuiltTile]:
    """Every tile that has something to show, in order."""
    built = []
    for t in sorted(_TILES.values(), key=lambda t: (t.order, t.key)):
        data = t.build(on)
        if data is not None:
            built.append(BuiltTile(tile=t, data=data))
    return built


def tiles_vary() -> tuple:
    """What the tiles show besides the data version (``ccpl.fragments``): the state of the
    latest temperature check's invitations, whose response rate its tile shows."""
    return survey_selectors.latest_temperature_check_state()


def url_or_none(name: str, **kwargs) -> str | None:
    """The address of a page, or ``None`` while its app is not mounted."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def quarter_start(on: date) -> date:
    """The first day of the quarter (January, April, July, October) containing ``on``."""
    return date(on.year, 3 * ((on.month - 1) // 3) + 1, 1)


# --- Action plan ---------------------------------------------------------------------------


@tile(key="action_plan", title="Action plan", order=10, wide=True)
def action_plan(on: date) -> dict | None:
    from actions.models import Rag

    plan = action_selectors.current_plan()
    if plan is None:
        return None
    progress = action_selectors.plan_progress(plan=plan, on=on)
    if not progress.totals.total:
        return None
    overdue = list(
        action_selectors.action_list(plan=plan, on=on).filter(rag=Rag.OVERDUE)[:LIST_LIMIT]
    )
    return {
        "plan": plan,
        "progress": progress,
        "overdue_count": progress.totals.rag_counts.get(Rag.OVERDUE, 0),
        "overdue": overdue,
        "chart": rag_chart(
            progress,
            chart_id="dashboard-rag-chart",
            title=(
                f"Bar chart: the {progress.totals.total} actions by priority and RAG rating "
                f"today; {progress.totals.complete} complete."
            ),
        ),
        "url": url_or_none("actions:plan_overview", plan_pk=plan.pk),
        "list_url": url_or_none("actions:action_list", plan_pk=plan.pk),
    }


# --- Roles ---------------------------------------------------------------------------------


@tile(key="roles", title="Leadership roles", order=20)
def roles(on: date) -> dict | None:
    filled = list(
        role_selectors.role_register(on=on).order_by().values_list("is_filled", flat=True)
    )
    if not filled:
        return None
    data = {
        "total": len(filled),
        "filled": sum(filled),
        "vacant": len(filled) - sum(filled),
        "url": url_or_none("roles:role_list"),
        "register_url": url_or_none("roles:public_list"),
        "awaiting_approval": None,
    }
    requests = recruitment_selectors.requests_awaiting_decision()
    data["awaiting_approval"] = requests.count()
    data["awaiting_list"] = list(requests[:LIST_LIMIT])
    data["awaiting_url"] = url_or_none("recruitment:request_decisions")
    return data


# --- Diversity -----------------------------------------------------------------------------

HEADLINE_DIMENSIONS = (population.Dimension.ETHNIC_GROUP, population.Dimension.SEX)


@tile(key="diversity", title="Diversity of role holders", order=30)
def diversity(on: date) -> dict | None:
    # The latest publication, as on the public page: never live figures about people.
    published = role_selectors.diversity_published(on=on)
    if published.analysis is None or not published.analysis.has_people:
        return None
    tables = [t for t in published.analysis.tables if t.dimension in HEADLINE_DIMENSIONS]
    return {
        "tables": [(t, [row for row in t.rows if not row.not_stated]) for t in tables],
        "total": published.analysis.total,
        "published_on": published.published_on,
        "next_due": published.next_due,
        "url": url_or_none("roles:diversity"),
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }


# --- Temperature check ---------------------------------------------------------------------


@tile(key="temperature_check", title="Temperature check", order=40)
def temperature_check(on: date) -> dict | None:
    survey = survey_selectors.latest_temperature_check()
    if survey is None:
        return None
    rate = survey_selectors.response_rate(survey)
    withheld = survey_selectors.results_withheld_reason(survey)
    if withheld:  # open, or under 10: counts only, never results
        return {
            "survey": survey,
            "rate": rate,
            "respondents": rate.responded,
            "withheld": withheld,
            "url": url_or_none("surveys:invitation_list", pk=survey.pk),
            "trends_url": url_or_none("surveys:trends"),
        }
    results = survey_selectors.survey_results(survey)
    return {
        "survey": survey,
        "rate": rate,
        "respondents": results.respondents,
        "priorities": results.priorities,
        "previous_year": results.previous_year,
        "url": url_or_none("surveys:results", pk=survey.pk),
        "trends_url": url_or_none("surveys:trends"),
    }


# --- Forums --------------------------------------------------------------------------------


@tile(key="forums", title="Forums this quarter", order=50)
def forums(on: date) -> dict | None:
    from forums.models import Forum, Meeting

    if not Forum.objects.exists():
        return None
    since = quarter_start(on)
    held = Meeting.objects.filter(
        status=Meeting.Status.HELD, starts_at__date__gte=since, starts_at__date__lte=on
    )
    # The forums app's attendance rule, for all forums at once; attendance describes people,
    # so it is published through disclosure control.
    attendance = forum_selectors.attendance_overall(since=since, until=on)
    decisions = forum_selectors.decisions_log().filter(
        meeting__starts_at__date__gte=since, meeting__starts_at__date__lte=on
    )
    upcoming = list(forum_selectors.upcoming_meetings()[:LIST_LIMIT])
    return {
        "since": since,
        "meetings_held": held.count(),
        "attendance": disclosure.people_share(attendance.present, attendance.recorded),
        "decision_count": decisions.count(),
        "decisions": list(decisions[:LIST_LIMIT]),
        "upcoming": upcoming,
        "decisions_url": url_or_none("forums:decision_list"),
        "calendar_url": url_or_none("forums:calendar"),
        "url": url_or_none("forums:forum_list"),
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }


# --- Coming up -----------------------------------------------------------------------------


@tile(key="coming_up", title="Coming up", order=60)
def coming_up(on: date) -> dict | None:
    from roles.models import Role

    if not Role.objects.exists():
        return None
    jd_reviews = role_selectors.job_description_reviews_due(on=on)
    appraisals = role_selectors.appraisals_overdue(on=on)
    endings = role_selectors.appointments_ending(on=on)
    return {
        "jd_count": jd_reviews.count(),
        "jd_reviews": list(jd_reviews[:LIST_LIMIT]),
        "jd_days": role_selectors.JD_DUE_DAYS,
        "appraisal_count": appraisals.count(),
        "appraisals": list(appraisals[:LIST_LIMIT]),
        "ending_count": endings.count(),
        "endings": list(endings[:LIST_LIMIT]),
        "ending_days": role_selectors.APPOINTMENT_ENDING_DAYS,
        "url": url_or_none("roles:due"),
        "today": on,
        "soon": on + timedelta(days=role_selectors.APPOINTMENT_ENDING_DAYS),
    }


# --- Development offer ---------------------------------------------------------------------


@tile(key="communications", title="Talking with leaders", order=57)
def communications(on: date) -> dict | None:
    """This financial year so far: bulletins sent and the people they reached (counted from
    what was sent, never from opens), through disclosure control; what leaders raised in the
    practitioner forum and how soon it was answered."""
    starts_on, _ = development_uptake.financial_year(on)
    reach = communication_engagement.reach(starts_on=starts_on, on=on)
    forum = forum_selectors_of_communications.forum_engagement(starts_on, on)
    if not reach.bulletins and not forum.items:
        return None
    return {
        "reach": reach,
        "forum": forum,
        "since": starts_on,
        "url": url_or_none("communications:forum_figures"),
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }


@tile(key="development", title="Development offer", order=55)
def development(on: date) -> dict | None:
    """This financial year so far: applications, places taken and mentoring pairs, through
    disclosure control (``development.uptake``)."""
    starts_on, _ = development_uptake.financial_year(on)
    figures = development_uptake.uptake(starts_on=starts_on, on=on)
    mentoring = development_uptake.mentoring_uptake(starts_on=starts_on, on=on)
    active = mentoring.active
    if not figures.has_applications and not (active.value or active.hidden):
        return None
    return {
        "applied": figures.applied,
        "took_part": figures.took_part,
        "completed": figures.completed,
        "mentoring": mentoring,
        "since": starts_on,
        "url": url_or_none("development:uptake"),
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }
