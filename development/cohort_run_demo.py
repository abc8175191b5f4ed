"""The demo's cohorts as they run: sessions with registers for the winter incubator (under
way) and the finished 2026 intake of "Growing system leaders", completions, and that
intake's project lab (neighbourhood challenges, as Surrey Heartlands' programme runs them;
one project is part of action 1.4 in the plan). Written once, through the services."""

from datetime import timedelta

from actions import selectors as action_selectors
from ccpl.models import Place

from . import cohort_services as services
from .models import Attendance, Cohort, CohortProject, CohortSession, Completion

INCUBATOR_SESSIONS = (
    # (days after the start, title, venue, online)
    (0, "Day 1: leading yourself as a new leader", "Sandford Education Centre, Cheltenham", False),
    (14, "Action learning set 1", "", True),
    (28, "Day 2: leading teams across professions", "Oxstalls Campus, Gloucester", False),
    (42, "Action learning set 2", "", True),
    (56, "Day 3: working with your Place", "Forest of Dean District Council, Coleford", True),
    (70, "Action learning set 3", "", True),
    (98, "Day 4: influencing in the system", "Sandford Education Centre, Cheltenham", False),
    (119, "Celebration and next steps", "Sandford Education Centre, Cheltenham", True),
)
PROGRAMME_SESSIONS = (
    (0, "Launch: what system leadership asks of us", "Shire Hall, Gloucester", False),
    (30, "Population health and the neighbourhood", "Shire Hall, Gloucester", True),
    (60, "Project lab: framing the challenge", "Stroud Subscription Rooms", False),
    (90, "Co-production with people and communities", "", True),
    (120, "Project lab: testing a change", "Cinderford Health Centre", False),
    (150, "Leading through conflict and uncertainty", "", True),
    (178, "Project lab showcase", "Shire Hall, Gloucester", True),
)
# (title, Place, neighbourhood, sponsor, status, outcome, action code or "")
PROJECTS = (
    (
        "Frailty huddles in the Forest of Dean neighbourhood team",
        "Forest of Dean",
        "Cinderford and Mitcheldean",
        "Director of the Forest of Dean Place partnership",
        CohortProject.Status.FINISHED,
        "A weekly 30-minute huddle of the GP practice, district nurses, adult social care and "
        "the Forest voluntary action forum now reviews people at risk of falling. In the first "
        "12 weeks the team agreed plans for 46 people and referred 19 to strength and balance "
        "classes.",
        "",
    ),
    (
        "Community pharmacists in the Inner City Gloucester neighbourhood team",
        "Gloucester City",
        "Barton, Tredworth and Matson",
        "Clinical Director, Inner City Gloucester PCN",
        CohortProject.Status.FINISHED,
        "Two community pharmacists joined the neighbourhood team's multidisciplinary meeting "
        "and led its blood pressure case-finding. The group wrote up how pharmacists can build "
        "their own professional voice in the ICB's clinical and care groups.",
        "1.4",
    ),
    (
        "Warm spaces and cost-of-living advice with the Stroud neighbourhood",
        "Stroud and Berkeley Vale",
        "Stroud Valleys",
        "Head of Communities, Stroud District Council",
        CohortProject.Status.UNDER_WAY,
        "Social prescribers and housing officers now share one referral route into the "
        "valleys' warm spaces. The group is measuring take-up over the winter.",
        "",
    ),
    (
        "Young carers' voice in Tewkesbury's mental health support",
        "Tewkesbury",
        "",
        "Associate Director of Children's Services, Gloucestershire Health and Care",
        CohortProject.Status.STOPPED,
        "Paused when the school-based mental health team was recommissioned; what the group "
        "learnt from young carers has been passed to the new team.",
        "",
    ),
)
STATUSES = (Attendance.Status.PRESENT,) * 5 + (Attendance.Status.APOLOGIES,)
DID_NOT_COMPLETE = (
    "Moved to a post outside Gloucestershire halfway through the programme.",
    "Could not be released from the ward rota after the winter pressures began.",
)


def _sessions(*, staff, cohort, plan, today):
    for days, title, venue, online in plan:
        held_on = cohort.starts_on + timedelta(days=days)
        if held_on > cohort.ends_on:
            continue
        session = services.session_create(
            user=staff, cohort=cohort, title=title, held_on=held_on, venue=venue, online=online
        )
        if held_on > today:
            continue
        participants = list(services.participants(cohort.pk).order_by("pk"))
        marks = {}
        for i, application in enumerate(participants):
            status = STATUSES[(i + days // 7) % len(STATUSES)]
            # One participant stops coming after the first few sessions.
            if i == len(participants) - 1 and days >= 28:
                status = Attendance.Status.ABSENT
            marks[application.pk] = status
        services.attendance_record(user=staff, session=session, marks=marks)


def load(*, stdout, today, staff):
    if CohortSession.objects.exists():
        return
    cohorts = {c.name: c for c in Cohort.objects.filter(name__in=["Winter cohort", "2026 intake"])}
    winter, intake = cohorts.get("Winter cohort"), cohorts.get("2026 intake")
    if winter is not None:
        _sessions(staff=staff, cohort=winter, plan=INCUBATOR_SESSIONS, today=today)
        # The one who stopped coming has left the incubator.
        leaver = services.participants(winter.pk).order_by("pk").last()
        if leaver is not None:
            services.completion_record(
                user=staff,
                application=leaver,
                outcome=Completion.Outcome.DID_NOT_COMPLETE,
                completed_on=today - timedelta(days=7),
                reason=DID_NOT_COMPLETE[1],
            )
    if intake is not None:
        _sessions(staff=staff, cohort=intake, plan=PROGRAMME_SESSIONS, today=today)
        participants = list(services.participants(intake.pk).order_by("pk"))
        for i, application in enumerate(participants):
            left = i == len(participants) - 1
            services.completion_record(
                user=staff,
                application=application,
                outcome=(
                    Completion.Outcome.DID_NOT_COMPLETE if left else Completion.Outcome.COMPLETED
                ),
                completed_on=intake.starts_on + timedelta(days=95) if left else intake.ends_on,
                reason=DID_NOT_COMPLETE[0] if left else "",
            )
        _projects(staff=staff, cohort=intake)
    stdout.write(
        f"  {CohortSession.objects.count()} cohort sessions, "
        f"{CohortProject.objects.count()} project lab projects"
    )


def _projects(*, staff, cohort):
    places = {p.name: p for p in Place.objects.all()}
    plan = action_selectors.current_plan()
    actions = {a.code: a for a in action_selectors.plan_actions(plan=plan)} if plan else {}
    for title, place, neighbourhood, sponsor, status, outcome, code in PROJECTS:
        services.project_create(
            user=staff,
            cohort=cohort,
            title=title,
            place=places.get(place),
            neighbourhood=neighbourhood or ("" if place in places else place),
            sponsor=sponsor,
            status=status,
            outcome=outcome,
            action=actions.get(code),
        )
