"""A national-scale data set: the demo ICB, grown to the volumes of a large ICB times ``scale``.

``generate(scale=1)`` is a large ICB (issue 15): 8 Places and 60 organisations, about 2,500
people, 1,000 roles, 150 forums with 2,000 meetings and their attendance and decisions, 5
yearly plans of 20–40 actions with 3,000 progress updates, 5 survey rounds of 1,500
invitations and about 900 responses each (and this year's round, open), 3,000 applications
across 150 campaigns, yearly snapshots and publications. ``scale=10`` multiplies the volumes.

Deterministic: one seeded ``random.Random`` drives every choice, so the same seed and scale
give the same data (the survey mix and the equality mix shuffle with the system's random
source, as they must: storage order is not part of what is reproduced).

The demo's own loaders (``load_demo``, without its surveys) lay down the ICB, reference data,
accounts and their text; this module adds the volume with bulk inserts. Rows that reports read
"as of" a past day get their change history (simple-history's ``bulk_create_with_history``),
dated when the row came into being, so period-end reports work at scale. People's data keeps
every promise the real write paths keep:

- equality answers go through ``ccpl.services.equality_answers_save_new`` (the same keyed
  pseudonyms as ``equality_answers_save``), then the equality mix runs (docs/adr/0002);
- survey responses are written to the tables the submit path fills (``Invitation.responded``,
  ``Response``, ``Answer``), with no link between them: responses are inserted in random order
  with random ids and no date, as the survey mix leaves them (docs/adr/0003).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import random
import time
import uuid
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from actions import demo as actions_demo
from actions.models import Action, ActionPlan, Band, ProgressStatus, ProgressUpdate, add_months
from ccpl import demo as core_demo
from ccpl import publications, snapshots
from ccpl import services as core_services
from ccpl.models import (
    Organisation,
    Person,
    Place,
    Priority,
    ProfessionalGroup,
    Publication,
    Snapshot,
)
from communications.forum_models import PractitionerComment, PractitionerItem, PractitionerSupport
from forums import demo as forums_demo
from forums.models import (
    Attendance,
    CoproductionReview,
    Decision,
    Forum,
    Meeting,
    Membership,
    ReportingLine,
    TermsOfReference,
)
from recruitment import demo as recruitment_demo
from recruitment.models import Application, Campaign, RequestToRecruit
from roles import demo as roles_demo
from roles.models import Appointment, DevelopmentRecord, JobDescription, Role, RoleFunction, Seat
from surveys import demo as surveys_demo
from surveys import selectors as survey_selectors
from surveys import services as survey_services
from surveys.models import (
    Answer,
    Invitation,
    InvitationToken,
    QuestionKind,
    Response,
    ResponseMix,
    Survey,
    SurveyReminder,
)

SEED = 15
# Everything generated was first recorded this many days ago (its history starts then).
GO_LIVE_DAYS = 5 * 365 + 30
BATCH = 2000

# The volumes of scale 1 (a large ICB); every figure is multiplied by the scale.
PLACES = 8
ORGANISATIONS = 60
PEOPLE = 2500
ROLES = 1000
FORUMS = 150
MEETINGS = 2000
COPRODUCTION_EVERY = 15  # a co-production review at one held meeting in 15
PLANS = 5
ACTIONS_PER_PLAN = (20, 40)
PROGRESS_UPDATES = 3000
SURVEY_ROUNDS = 5
INVITATIONS = 1500
RESPONSES = 900
CAMPAIGNS = 150
APPLICATIONS = 3000

PLACE_NAMES = [
    "Barrow and Furness",
    "Blackburn with Darwen",
    "Blackpool",
    "Central Lancashire",
    "East Lancashire",
    "Fylde and Wyre",
    "Morecambe Bay",
    "West Lancashire",
    "Chorley",
    "Pendle",
    "Ribble Valley",
    "Rossendale",
]
TOPICS = [
    "Frailty",
    "Diabetes",
    "Respiratory",
    "Mental health",
    "Cancer",
    "Cardiovascular",
    "Urgent and emergency care",
    "Children and young people",
    "Maternity",
    "End of life care",
    "Learning disability and autism",
    "Musculoskeletal",
    "Stroke",
    "Dementia",
    "Population health",
    "Digital",
    "Medicines optimisation",
    "Health inequalities",
    "Workforce",
    "Research and innovation",
]
ROLE_KINDS = [
    ("Clinical lead", "medical"),
    ("Nurse lead", "nursing-and-midwifery"),
    ("AHP lead", "allied-health-professions"),
    ("Pharmacy lead", "pharmacy"),
    ("Social care lead", "social-work"),
    ("Professional lead", None),
]
FORUM_KINDS = [
    ("Clinical Programme Group", "programme_group", "monthly"),
    ("Professional Network", "professional_network", "bimonthly"),
    ("Locality Partnership", "place_advisory_group", "bimonthly"),
    ("Learning Faculty", "faculty", "quarterly"),
]
ACTION_VERBS = [
    "Publish",
    "Review",
    "Agree",
    "Set up",
    "Extend",
    "Evaluate",
    "Map",
    "Commission",
]
ACTION_OBJECTS = [
    "a register of leadership roles and their holders",
    "protected time for leaders in every Place",
    "a mentoring offer for new leaders",
    "the diversity of applicants to leadership roles",
    "a programme of shadowing for under-represented professions",
    "how professional voices shape the board's decisions",
    "the terms of reference of each clinical programme group",
    "an induction for every new leader",
    "an annual temperature check of leaders",
    "a talent pool for future leaders",
]
NARRATIVES = [
    "Work has started with the professional leads; a first draft is with the council.",
    "Progress is slower than planned because of winter pressures; a recovery plan is agreed.",
    "The task and finish group met twice and agreed the approach with partners.",
    "Completed and signed off by the council; evidence is on the ICS website.",
    "Waiting for funding to be confirmed before the next step.",
    "The first cohort has started and feedback so far is positive.",
]
STAGE_WEIGHTS = {
    Application.Stage.NOT_SHORTLISTED: 45,
    Application.Stage.INTERVIEWED: 25,
    Application.Stage.WITHDRAWN: 8,
    Application.Stage.SHORTLISTED: 6,
    Application.Stage.OFFERED: 2,
}


def scale_token(survey_id: int, email: str) -> str:
    """The personal link of a generated invitation (generated data only: known, like the
    demo's passwords, so that the benchmark can start journeys)."""
    return hashlib.sha256(f"ccpl-scale-survey:{survey_id}:{email.lower()}".encode()).hexdigest()[
        :32
    ]


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _when(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _insert(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert plain ``rows`` into ``model``'s table (column values in ``columns`` order), in
    batches: for the largest tables, where building model instances is most of the cost. Ids
    and other values go through each field's own conversion for the database in use."""
    fields = [model._meta.get_field(c.removesuffix("_id")) for c in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"
    uuid_columns = {
        i
        for i, f in enumerate(fields)
        if isinstance(f.target_field if f.is_relation else f, models.UUIDField)
    }
    if connection.vendor != "postgresql":
        # SQLite keeps UUIDs as 32 hex digits (Django's own conversion).
        rows = [
            tuple(v.hex if i in uuid_columns and v is not None else v for i, v in enumerate(row))
            for row in rows
        ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            if connection.vendor == "postgresql":
                from psycopg2.extras import execute_values

                execute_values(
                    cursor.cursor, sql.replace(f"({placeholders})", "%s"), batch, page_size=BATCH
                )
            else:
                cursor.executemany(sql, batch)


def _with_history(model, objs, *, on: Callable[[object], datetime.date] | datetime.date):
    """Bulk insert ``objs`` with their first history row dated ``on`` (a day, or a function of
    the object): the day the row came into being, as a report for a past period needs."""
    for obj in objs:
        obj._history_date = _when(on(obj) if callable(on) else on)
    return bulk_create_with_history(objs, model, batch_size=BATCH)


class Generator:
    def __init__(self, *, scale: int, seed: int = SEED, stdout=None, shrink: int = 1):
        if scale < 1 or shrink < 1:
            raise ValueError("scale and shrink must be 1 or more")
        self.scale = scale
        # Tests only: every volume divided by ``shrink`` (a smoke run in seconds).
        self.shrink = shrink
        self.rng = random.Random(seed * 1000 + scale)
        self.today = timezone.localdate()
        self.go_live = self.today - datetime.timedelta(days=GO_LIVE_DAYS)
        self.stdout = stdout
        self.staff = get_user_model().objects.filter(username="staff").first()
        self.executive = get_user_model().objects.filter(username="exec").first()

    def say(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(f"  {text}")

    def n(self, volume: int) -> int:
        return volume * self.scale // self.shrink

    # --- The core: Places, organisations, people and their equality answers --------------

    def places(self) -> None:
        existing = set(Place.objects.values_list("name", flat=True))
        wanted = self.n(PLACES) - len(existing)
        names = []
        round_ = 0
        while len(names) < wanted:
            for name in PLACE_NAMES:
                label = name if round_ == 0 else f"{name} {round_ + 1}"
                if label not in existing and len(names) < wanted:
                    names.append(label)
            round_ += 1
        _with_history(
            Place,
            [Place(name=name, slug=slugify(name)) for name in names],
            on=self.go_live,
        )
        self.place_list = list(Place.objects.order_by("pk"))

    def organisations(self) -> None:
        existing = set(Organisation.objects.values_list("name", flat=True))
        wanted = self.n(ORGANISATIONS) - len(existing)
        rows = []
        i = 0
        while len(rows) < wanted:
            place = self.place_list[i % len(self.place_list)]
            kind, label = [
                ("pcn", f"{place.name} PCN {i // len(self.place_list) + 1}"),
                ("general_practice", f"{place.name} Surgery {i // len(self.place_list) + 1}"),
                ("vcse", f"{place.name} Community Alliance {i // len(self.place_list) + 1}"),
                ("trust", f"{place.name} Community Health NHS Trust {i // len(self.place_list)}"),
            ][i % 4]
            i += 1
            if label in existing:
                continue
            rows.append(
                Organisation(name=label, kind=kind, place=None if kind == "trust" else place)
            )
        _with_history(Organisation, rows, on=self.go_live)
        self.organisation_list = list(Organisation.objects.order_by("pk"))

    def people(self) -> None:
        rng = self.rng
        groups = {g.name: g for g in ProfessionalGroup.objects.all()}
        wanted = self.n(PEOPLE) - Person.objects.count()
        taken = {e.lower() for e in Person.objects.values_list("email", flat=True)}
        rows = []
        serial = 0
        while len(rows) < wanted:
            serial += 1
            given, family = rng.choice(core_demo.GIVEN_NAMES), rng.choice(core_demo.FAMILY_NAMES)
            email = f"{given}.{family}.{serial}@nhs.net".lower()
            if email in taken:
                continue
            taken.add(email)
            profession = _weighted(rng, core_demo.PROFESSION_WEIGHTS)
            rows.append(
                Person(
                    given_name=given,
                    family_name=family,
                    email=email,
                    job_title=core_demo.JOB_TITLES.get(profession, "Clinical lead"),
                    professional_group=groups[profession],
                    organisation=rng.choice(self.organisation_list),
                    place=rng.choice(self.place_list),
                )
            )
        created = _with_history(Person, rows, on=self.go_live)
        # About one in eight has not answered the monitoring questions (as in the demo).
        answers = [(p, core_demo._random_profile(rng)) for p in created if rng.random() > 0.12]
        core_services.equality_answers_save_new(answers_by_owner=answers)
        self.people_list = list(
            Person.objects.filter(user__isnull=True)
            .select_related("professional_group__parent")
            .order_by("pk")
        )
        # Indexes in pk order, so that choosing from them is quick at scale 10 and the same
        # as filtering the whole list.
        self.by_family: dict[str, list[Person]] = {}
        self.by_place: dict[int, list[Person]] = {}
        self.by_family_place: dict[tuple[str, int], list[Person]] = {}
        for person in self.people_list:
            family = person.professional_group.family.slug if person.professional_group else ""
            self.by_family.setdefault(family, []).append(person)
            self.by_place.setdefault(person.place_id, []).append(person)
            self.by_family_place.setdefault((family, person.place_id), []).append(person)

    # --- Forums --------------------------------------------------------------------------

    def forums(self) -> None:
        rng = self.rng
        council = Forum.objects.get(name=forums_demo.COUNCIL)
        wanted = self.n(FORUMS) - Forum.objects.count()
        rows = []
        for i in range(wanted):
            label, kind, frequency = FORUM_KINDS[i % len(FORUM_KINDS)]
            topic = TOPICS[(i // len(FORUM_KINDS)) % len(TOPICS)]
            place = self.place_list[i % len(self.place_list)]
            name = f"{place.name} {topic} {label} {i + 1}"
            rows.append(
                Forum(
                    name=name,
                    slug=slugify(name)[:120],
                    kind=kind,
                    level=Forum.Level.PLACE,
                    place=place,
                    purpose=f"Brings together leaders in {place.name} to improve {topic.lower()} "
                    "services, share learning and advise the council.",
                    frequency=frequency,
                    is_public=rng.random() < 0.6,
                )
            )
        started = self.go_live
        created = _with_history(Forum, rows, on=started)
        _with_history(
            ReportingLine,
            [ReportingLine(forum=f, reports_to=council, nature="reports_to") for f in created],
            on=started,
        )
        # Every forum without members yet: the generated ones and the system forums.
        forums = list(Forum.objects.filter(memberships__isnull=True).order_by("pk"))
        _with_history(
            TermsOfReference,
            [
                TermsOfReference(
                    forum=forum,
                    version=1,
                    text=f"Purpose\n{forum.purpose}\n\nQuorum\nA third of members, including "
                    "the chair or vice chair.",
                    approved_on=started + datetime.timedelta(days=rng.randrange(0, 300)),
                    approved_by=forums_demo.BOARD,
                    review_due_on=self.today + datetime.timedelta(days=rng.randrange(-60, 300)),
                )
                for forum in forums
                if not forum.terms_of_reference.exists()
            ],
            on=lambda t: t.approved_on,
        )
        memberships = []
        chairs = []
        for forum in forums:
            local = self.by_place.get(forum.place_id) or self.people_list
            chosen = rng.sample(local, min(len(local), rng.randrange(6, 14)))
            for k, person in enumerate(chosen):
                starts = started + datetime.timedelta(days=rng.randrange(0, 900))
                ends = None
                if k == len(chosen) - 1:
                    ends = min(
                        self.today, starts + datetime.timedelta(days=rng.randrange(200, 700))
                    )
                memberships.append(
                    Membership(
                        forum=forum,
                        person=person,
                        member_type=Membership.MemberType.LEADER
                        if rng.random() < 0.9
                        else Membership.MemberType.LIVED_EXPERIENCE,
                        starts_on=starts,
                        ends_on=ends,
                    )
                )
            forum.chair = chosen[0]
            chairs.append(forum)
        _with_history(Membership, memberships, on=lambda m: m.starts_on)
        Forum.objects.bulk_update(chairs, ["chair"], batch_size=BATCH)
        self.forum_list = forums
        self.say(f"{Forum.objects.count()} forums, {Membership.objects.count()} memberships")

    def meetings(self) -> None:
        rng = self.rng
        members: dict[int, list[Membership]] = {}
        for m in Membership.objects.filter(forum__in=self.forum_list):
            members.setdefault(m.forum_id, []).append(m)
        priorities = list(Priority.objects.order_by("number"))
        wanted = self.n(MEETINGS) - Meeting.objects.count()
        per_forum = max(1, wanted // len(self.forum_list))
        meetings = []
        for i, forum in enumerate(self.forum_list):
            count = per_forum + (1 if i < wanted - per_forum * len(self.forum_list) else 0)
            # Every few weeks over the last two years and the next few months.
            first = self.today - datetime.timedelta(days=730)
            step = max(7, 850 // max(count, 1))
            for k in range(count):
                day = first + datetime.timedelta(days=k * step + rng.randrange(0, 5))
                starts_at = _when(day) + datetime.timedelta(hours=rng.choice([0, 4, 5]))
                past = day < self.today
                status = (
                    Meeting.Status.PLANNED
                    if not past
                    else Meeting.Status.CANCELLED
                    if rng.random() < 0.06
                    else Meeting.Status.HELD
                )
                minutes = ""
                if status == Meeting.Status.HELD:
                    a, b = rng.sample(forums_demo.MINUTES_TOPICS, 2)
                    minutes = (
                        f"The chair welcomed members. Members discussed {a}, and then {b}. "
                        "Actions were reviewed and the next meeting was confirmed."
                    )
                meetings.append(
                    Meeting(
                        forum=forum,
                        starts_at=starts_at,
                        ends_at=starts_at + datetime.timedelta(hours=2),
                        format=rng.choice(list(Meeting.Format.values)),
                        venue=rng.choice(["Microsoft Teams", "County Hall", "The Civic Centre"]),
                        status=status,
                        minutes=minutes,
                        minutes_public=forum.is_public and bool(minutes),
                    )
                )
        meetings = _with_history(Meeting, meetings, on=lambda m: m.starts_at.date())
        attendance = []
        decisions = []
        for meeting in meetings:
            if meeting.status != Meeting.Status.HELD:
                continue
            day = meeting.starts_at.date()
            for m in members.get(meeting.forum_id, []):
                if m.starts_on > day or (m.ends_on and m.ends_on < day):
                    continue
                status = _weighted(rng, {"present": 78, "apologies": 15, "absent": 7})
                attendance.append(Attendance(meeting=meeting, person_id=m.person_id, status=status))
            for number, text in rng.sample(forums_demo.DECISIONS, rng.randrange(0, 3)):
                priority = priorities[number - 1] if number else None
                decisions.append(Decision(meeting=meeting, text=text, priority=priority))
        _with_history(Attendance, attendance, on=lambda a: a.meeting.starts_at.date())
        decisions = _with_history(Decision, decisions, on=lambda d: d.meeting.starts_at.date())
        self.coproduction_reviews(meetings, decisions)
        self.say(
            f"{Meeting.objects.count()} meetings, {Attendance.objects.count()} attendance "
            f"records, {Decision.objects.count()} decisions, "
            f"{CoproductionReview.objects.count()} co-production reviews"
        )

    def coproduction_reviews(self, meetings, decisions) -> None:
        """A co-production review at every ``COPRODUCTION_EVERY``th held meeting, held that day
        by its forum and informing the meeting's first decision. No random draws, so the rest
        of the generated data stays as it was."""
        first_decision: dict[int, Decision] = {}
        for decision in decisions:
            first_decision.setdefault(decision.meeting_id, decision)
        held = [m for m in meetings if m.status == Meeting.Status.HELD][::COPRODUCTION_EVERY]
        examples = forums_demo.COPRODUCTION_REVIEWS
        reviews = []
        for k, meeting in enumerate(held):
            _day, _forum, _group, subject, people, outcome = examples[k % len(examples)]
            reviews.append(
                CoproductionReview(
                    forum_id=meeting.forum_id,
                    held_on=timezone.localtime(meeting.starts_at).date(),
                    subject=subject,
                    participants=people,
                    outcome=outcome,
                    decision=first_decision.get(meeting.pk),
                )
            )
        _with_history(CoproductionReview, reviews, on=lambda r: r.held_on)

    # --- Roles, job descriptions, appointments -------------------------------------------

    def roles(self) -> None:
        rng = self.rng
        functions = {f.order: f for f in RoleFunction.objects.all()}
        families = {g.slug: g for g in ProfessionalGroup.objects.filter(parent=None)}
        wanted = self.n(ROLES) - Role.objects.count()
        rows = []
        for i in range(wanted):
            title, family = ROLE_KINDS[i % len(ROLE_KINDS)]
            topic = TOPICS[(i // len(ROLE_KINDS)) % len(TOPICS)]
            place = self.place_list[(i // (len(ROLE_KINDS) * len(TOPICS))) % len(self.place_list)]
            function = rng.choice([roles_demo.NETWORK, roles_demo.LOCALITY, roles_demo.PROGRAMME])
            amount, unit = roles_demo._time_for(family, [family] if family else [])
            role = Role(
                title=f"{title}, {topic}, {place.name} {i + 1}",
                function=functions[function],
                level=Role.Level.PLACE,
                place=place,
                summary=f"Leads {topic.lower()} in {place.name} with partners and local people.",
                sessional_time=amount,
                time_unit=unit,
                accountable_to=roles_demo._accountable(family),
                term_months=36,
                allows_job_share=rng.random() < 0.03,
            )
            role._family = family
            role._function = function
            rows.append(role)
        roles = _with_history(Role, rows, on=self.go_live)
        through = Role.eligible_groups.through
        through.objects.bulk_create(
            [
                through(role_id=r.pk, professionalgroup_id=families[r._family].pk)
                for r in rows
                if r._family in families
            ],
            batch_size=BATCH,
        )
        jds = []
        for role in rows:
            text = roles_demo._jd_text(role.title, role._function, role.place.name)
            approved = self.go_live + datetime.timedelta(days=rng.randrange(0, 400))
            jds.append(
                JobDescription(
                    role=role,
                    version=1,
                    approved_by="Chief Medical Officer and Chief Nursing Officer",
                    approved_on=approved,
                    review_due_on=approved + datetime.timedelta(days=365),
                    **text,
                )
            )
        _with_history(JobDescription, jds, on=lambda j: j.approved_on)
        seats = [
            Seat(role=role, forum=forum, capacity=Seat.Capacity.MEMBER)
            for role in rows
            for forum in [rng.choice(self.forum_list)]
            if rng.random() < 0.5
        ]
        seats = list({(s.role.pk, s.forum.pk): s for s in seats}.values())
        _with_history(Seat, seats, on=self.go_live)
        self.role_list = roles
        self.appointments(rows)

    def appointments(self, roles) -> None:
        rng = self.rng
        held: dict[int, int] = {}
        rows = []
        for role in roles:
            family = role._family or ""
            pool = self.by_family.get(family, []) or self.people_list
            if family in self.by_family:
                local = self.by_family_place.get((family, role.place_id), [])
            else:
                local = self.by_place.get(role.place_id, [])
            candidates = local or pool

            def choose(candidates=candidates):
                person = min(
                    rng.sample(candidates, min(5, len(candidates))),
                    key=lambda person: held.get(person.pk, 0),
                )
                held[person.pk] = held.get(person.pk, 0) + 1
                return person

            start = self.today - datetime.timedelta(days=rng.randrange(30, 1000))
            if rng.random() < 0.35:  # someone held it before
                left = start - datetime.timedelta(days=rng.randrange(1, 90))
                rows.append(
                    Appointment(
                        role=role,
                        person=choose(),
                        starts_on=left - datetime.timedelta(days=rng.randrange(500, 1095)),
                        planned_end_on=left,
                        ended_on=left,
                        leaving_reason=rng.choice(list(Appointment.LeavingReason.values)),
                        funded_time=role.sessional_time,
                    )
                )
            if rng.random() < 0.12:  # vacant now
                continue
            protected = role.sessional_time if rng.random() < 0.65 else role.sessional_time / 2
            rows.append(
                Appointment(
                    role=role,
                    person=choose(),
                    starts_on=start,
                    planned_end_on=add_months(start, 36) - datetime.timedelta(days=1),
                    funded_time=role.sessional_time,
                    protected_time=Decimal(protected).quantize(Decimal("0.01")),
                )
            )
        appointments = _with_history(Appointment, rows, on=lambda a: a.starts_on)
        records = []
        for a in appointments:
            fields = {
                "mentoring": rng.choice(["taken_up", "taken_up", "offered", "not_offered"]),
                "shadowing": rng.choice(["taken_up", "offered", "not_offered", "declined"]),
            }
            if rng.random() < 0.9:
                fields["induction_completed_on"] = a.starts_on + datetime.timedelta(days=30)
            fields["next_appraisal_due_on"] = a.starts_on + datetime.timedelta(days=365)
            records.append(DevelopmentRecord(appointment=a, **fields))
        _with_history(DevelopmentRecord, records, on=lambda r: r.appointment.starts_on)
        self.say(f"{Role.objects.count()} roles, {Appointment.objects.count()} appointments")

    # --- Action plans --------------------------------------------------------------------

    def plans(self) -> None:
        rng = self.rng
        priorities = list(Priority.objects.order_by("number"))
        active = ActionPlan.objects.get(status=ActionPlan.Status.ACTIVE)
        plans = [active]
        earlier = []
        for years_back in range(1, PLANS):
            starts = add_months(active.starts_on, -12 * years_back)
            earlier.append(
                ActionPlan(
                    title=active.title,
                    version=f"{starts.year} to {add_months(starts, 18).year}",
                    starts_on=starts,
                    status=ActionPlan.Status.ARCHIVED,
                    approved_on=starts - datetime.timedelta(days=14),
                    approved_by=actions_demo.COUNCIL,
                    overseeing_forum=active.overseeing_forum,
                )
            )
        earlier = _with_history(ActionPlan, earlier, on=lambda p: p.approved_on)
        # Each plan was refreshed from the one before it.
        chain = sorted([*earlier, active], key=lambda p: p.starts_on)
        for previous, plan in zip(chain, chain[1:], strict=False):
            plan.previous_plan = previous
        ActionPlan.objects.bulk_update(chain[1:], ["previous_plan"])
        plans = chain
        existing = {
            (a.plan_id, a.code) for a in Action.objects.filter(plan=active).only("plan", "code")
        }
        actions = []
        for plan in plans:
            lo, hi = ACTIONS_PER_PLAN
            count = rng.randrange(self.n(lo), self.n(hi) + 1)
            have = sum(1 for p, _c in existing if p == plan.pk)
            # Numbered after the plan's own codes under each priority (codes look like 2.13).
            last = {p.number: 0 for p in priorities}
            for p, c in existing:
                if p == plan.pk:
                    number, sub = (int(part) for part in c.split("."))
                    last[number] = max(last.get(number, 0), sub)
            for k in range(have, count):
                priority = priorities[k % len(priorities)]
                last[priority.number] += 1
                code = f"{priority.number}.{last[priority.number]}"
                band = rng.choice(list(Band.values))
                lower, upper = Band(band).months
                done = plan.status == ActionPlan.Status.ARCHIVED
                actions.append(
                    Action(
                        plan=plan,
                        code=code,
                        code_sort=int(code.split(".")[1]),
                        priority=priority,
                        title="",
                        text=f"{rng.choice(ACTION_VERBS)} {rng.choice(ACTION_OBJECTS)}.",
                        band=band,
                        starts_on=add_months(plan.starts_on, lower),
                        due_on=add_months(plan.starts_on, upper),
                        owner=rng.choice(["CMO / CNO", "CCPL team", "Council", "Place leads"]),
                        owner_forum=rng.choice(self.forum_list) if rng.random() < 0.4 else None,
                        status=(
                            Action.Status.COMPLETE
                            if done and rng.random() < 0.7
                            else Action.Status.CARRIED_OVER
                            if done
                            else Action.Status.OPEN
                        ),
                    )
                )
        _with_history(Action, actions, on=lambda a: a.plan.approved_on or a.plan.starts_on)
        all_actions = list(Action.objects.select_related("plan").order_by("pk"))
        wanted = self.n(PROGRESS_UPDATES) - ProgressUpdate.objects.count()
        updates = []
        for i in range(wanted):
            action = all_actions[i % len(all_actions)]
            span = max(1, min((self.today - action.starts_on).days, 540))
            on = action.starts_on + datetime.timedelta(days=rng.randrange(0, span))
            updates.append(
                ProgressUpdate(
                    action=action,
                    on=min(on, self.today),
                    status=_weighted(
                        rng,
                        {
                            ProgressStatus.ON_TRACK: 50,
                            ProgressStatus.AT_RISK: 15,
                            ProgressStatus.OFF_TRACK: 7,
                            ProgressStatus.COMPLETE: 18,
                            ProgressStatus.NOT_STARTED: 10,
                        },
                    ),
                    narrative=rng.choice(NARRATIVES),
                    author=self.staff,
                )
            )
        _with_history(ProgressUpdate, updates, on=lambda u: u.on)
        self.say(
            f"{ActionPlan.objects.count()} plans, {Action.objects.count()} actions, "
            f"{ProgressUpdate.objects.count()} progress updates"
        )

    # --- Surveys -------------------------------------------------------------------------

    def surveys(self) -> None:
        invitees = [p for p in self.people_list if p.email]
        year = self.today.year
        source = None
        for round_, y in enumerate(range(year - SURVEY_ROUNDS, year)):
            if source is None:
                survey = survey_services.survey_from_template(
                    year=y, title=f"Leadership temperature check {y}"
                )
            else:
                survey = survey_services.survey_copy(
                    source=source, year=y, title=f"Leadership temperature check {y}"
                )
            survey.opens_on = datetime.date(y, 11, 1)
            survey.closes_on = datetime.date(y, 11, 30)
            survey.status = Survey.Status.PUBLISHED
            survey.published_on = datetime.date(y + 1, 2, 1)
            survey.results_audience = (
                Survey.Audience.PUBLIC if y == year - 1 else Survey.Audience.LEADERS
            )
            survey.results_summary = (
                "More leaders feel involved in decisions; protected time remains the biggest "
                "challenge."
            )
            survey.save()
            self._round(survey, invitees, round_, responding=self.n(RESPONSES), published=True)
            source = survey
        survey = survey_services.survey_copy(
            source=source, year=year, title=f"Leadership temperature check {year}"
        )
        survey.opens_on = self.today - datetime.timedelta(days=10)
        survey.closes_on = self.today + datetime.timedelta(days=21)
        survey.save()
        survey_services.survey_set_status(
            survey=survey, status=Survey.Status.OPEN, today=self.today
        )
        self._round(survey, invitees, SURVEY_ROUNDS, responding=self.n(RESPONSES) // 3)
        self.say(
            f"{Survey.objects.count()} surveys, {Invitation.objects.count()} invitations, "
            f"{Response.objects.count()} responses, {Answer.objects.count()} answers"
        )

    def _round(self, survey, people, round_: int, *, responding: int, published=False) -> None:
        rng = self.rng
        count = self.n(INVITATIONS)
        chosen = rng.sample(people, min(count, len(people)))
        sent = survey.opens_on
        invitations = [
            Invitation(
                survey=survey,
                person=person,
                name=person.full_name,
                email=person.email,
                sent_on=sent,
            )
            for person in chosen
        ]
        responding = min(responding, len(invitations))
        # Who responded is seeded; responses carry nothing that points back at them.
        for invitation in rng.sample(invitations, responding):
            invitation.responded = True
        invitations = Invitation.objects.bulk_create(invitations, batch_size=BATCH)
        InvitationToken.objects.bulk_create(
            [
                InvitationToken(
                    invitation=i,
                    token_hash=survey_services.hash_token(scale_token(survey.pk, i.email)),
                )
                for i in invitations
            ],
            batch_size=BATCH,
        )
        SurveyReminder.objects.create(
            survey=survey,
            sent_on=sent + datetime.timedelta(days=7),
            recipients=count - responding * 2 // 3,
        )
        questions = [q for _s, qs in survey_selectors.survey_structure(survey) for q in qs]
        options = {q.pk: {o.label: o for o in q.options.all()} for q in questions}
        # The state the survey mix leaves: random order, random ids, no date (ADR 3).
        # Plain rows, not model instances: about 20 answers a response, 100,000s of rows.
        responses = [uuid.uuid4() for _ in range(responding)]
        answers = []
        for response in responses:
            for question, value in surveys_demo._respondent(rng, questions, round_ % 4).items():
                if question.kind == QuestionKind.FREE_TEXT:
                    moderation = (
                        (
                            Answer.Moderation.PUBLISH
                            if rng.random() < 0.8
                            else Answer.Moderation.WITHHOLD
                        )
                        if published
                        else Answer.Moderation.PENDING
                    )
                    published_text = value if moderation == Answer.Moderation.PUBLISH else ""
                    answers.append((response, question.pk, None, value, moderation, published_text))
                else:
                    for label in value if isinstance(value, list) else [value]:
                        option = options[question.pk][label].pk
                        answers.append((response, question.pk, option, "", "", ""))
        survey_services.SYSTEM_RANDOM.shuffle(responses)
        _insert(
            Response, ("id", "survey_id", "imported"), [(r, survey.pk, False) for r in responses]
        )
        survey_services.SYSTEM_RANDOM.shuffle(answers)
        _insert(
            Answer,
            (
                "id",
                "response_id",
                "question_id",
                "option_id",
                "text",
                "moderation",
                "published_text",
            ),
            [(uuid.uuid4(), *row) for row in answers],
        )
        ResponseMix.objects.create(
            survey=survey, responses=responding, mixed_on=min(self.today, survey.closes_on)
        )

    # --- Recruitment ---------------------------------------------------------------------

    def recruitment(self) -> None:
        rng = self.rng
        families = {
            g.name: g
            for g in ProfessionalGroup.objects.filter(parent__isnull=True).prefetch_related(
                "children"
            )
        }
        families = {k: v for k, v in families.items() if k in recruitment_demo.FAMILY_WEIGHTS}
        cv = default_storage.save("recruitment/cv/generated.pdf", ContentFile(recruitment_demo.PDF))
        taken_roles = set(RequestToRecruit.objects.values_list("role_id", flat=True))
        candidates = [
            r
            for r in Role.objects.filter(pk__in=[r.pk for r in self.role_list]).order_by("pk")
            if r.pk not in taken_roles
        ]
        wanted = self.n(CAMPAIGNS) - Campaign.objects.count()
        roles = rng.sample(candidates, min(wanted, len(candidates)))
        jds = {j.role_id: j for j in JobDescription.objects.filter(role__in=roles)}
        requests = []
        campaigns = []
        for k, role in enumerate(roles):
            open_now = k % 10 == 0
            opens = (
                self.today - datetime.timedelta(days=rng.randrange(3, 20))
                if open_now
                else self.today - datetime.timedelta(days=rng.randrange(60, 1500))
            )
            request = RequestToRecruit(
                role=role,
                reason="The previous holder's term has ended and the role is unfilled.",
                proposed_funding="ICB clinical and care leadership budget",
                proposed_sessions=role.sessional_time or 1,
                requested_by=self.staff,
                requested_on=opens - datetime.timedelta(days=30),
                status=RequestToRecruit.Status.APPROVED,
                decided_by=self.executive,
                decided_on=opens - datetime.timedelta(days=20),
            )
            requests.append(request)
            campaigns.append(
                Campaign(
                    request=request,
                    role=role,
                    job_description=jds[role.pk],
                    opens_on=opens,
                    closes_on=opens + datetime.timedelta(days=28),
                    nhs_jobs_reference=f"G{self.scale}-{k:05d}",
                    on_ics_website=True,
                )
            )
        _with_history(RequestToRecruit, requests, on=lambda r: r.requested_on)
        for c in campaigns:
            c.request_id = c.request.pk
        campaigns = _with_history(Campaign, campaigns, on=lambda c: c.opens_on)
        through = Campaign.communicated_to.through
        family_list = list(families.values())
        through.objects.bulk_create(
            [
                through(campaign_id=c.pk, professionalgroup_id=g.pk)
                for c in campaigns
                for g in rng.sample(family_list, rng.randrange(1, len(family_list) + 1))
            ],
            batch_size=BATCH,
        )
        wanted = self.n(APPLICATIONS) - Application.objects.count()
        applications = []
        per_campaign = {c.pk: 0 for c in campaigns}
        for i in range(wanted):
            campaign = campaigns[i % len(campaigns)]
            per_campaign[campaign.pk] += 1
            family = families[_weighted(rng, recruitment_demo.FAMILY_WEIGHTS)]
            children = list(family.children.all())
            group = rng.choice(children) if children else family
            given = rng.choice(recruitment_demo.GIVEN)
            last = rng.choice(recruitment_demo.FAMILY)
            open_now = campaign.closes_on >= self.today
            stage = Application.Stage.RECEIVED if open_now else _weighted(rng, STAGE_WEIGHTS)
            applications.append(
                Application(
                    campaign=campaign,
                    candidate_number=per_campaign[campaign.pk],
                    given_name=given,
                    family_name=last,
                    email=f"{given}.{last}.{campaign.pk}.{i}@example.nhs.net".lower(),
                    professional_group=group,
                    organisation="A partner organisation",
                    supporting_statement=recruitment_demo.STATEMENT,
                    cv=cv,
                    cv_filename="cv.pdf",
                    consent=True,
                    submitted_at=_when(
                        campaign.opens_on + datetime.timedelta(days=rng.randrange(0, 28))
                    ),
                    stage=stage,
                    shortlisted_on=None
                    if stage in (Application.Stage.RECEIVED, Application.Stage.NOT_SHORTLISTED)
                    else campaign.closes_on + datetime.timedelta(days=7),
                )
            )
        applications = _with_history(Application, applications, on=lambda a: a.submitted_at.date())
        answers = []
        for application in applications:
            if rng.random() < 0.75:
                answers.append(
                    (
                        application,
                        {
                            "ethnicity": _weighted(rng, recruitment_demo.ETHNICITY_WEIGHTS),
                            "sex": rng.choice(
                                ["female", "female", "male", "male", "prefer_not_to_say"]
                            ),
                            "age_band": rng.choice(["30-39", "40-49", "40-49", "50-59", "60+"]),
                            "disability": rng.choice(
                                ["no", "no", "no", "no", "yes", "prefer_not_to_say"]
                            ),
                        },
                    )
                )
        core_services.equality_answers_save_new(answers_by_owner=answers)
        self.say(
            f"{Campaign.objects.count()} campaigns, {Application.objects.count()} applications"
        )

    # --- Figures about people -----------------------------------------------------------

    def figures(self) -> None:
        """Snapshots on 1 April and the yearly publications, remade over the generated data."""
        Publication.objects.all().delete()
        Snapshot.objects.all().delete()
        april = datetime.date(self.today.year, 4, 1)
        if april > self.today:
            april = datetime.date(self.today.year - 1, 4, 1)
        for years_ago in range(4, -1, -1):
            on = datetime.date(april.year - years_ago, 4, 1)
            for population in snapshots.populations():
                snapshots.snapshot_take(population=population.key, on=on)
        made = publications.publications_make_yearly(years=5)
        self.say(f"{Snapshot.objects.count()} snapshots, {len(made)} publications")

    # --- Communications: the practitioner forum ---------------------------------------------

    def practitioner_forum(self) -> None:
        """Items over the past year (a tenth anonymous), with supports and comments, in every
        moderation state and status; acted-on ones linked to the plans' actions."""
        Item = PractitionerItem
        people = list(Person.objects.values_list("pk", flat=True))
        actions = list(Action.objects.values_list("pk", flat=True))
        if not people:
            return
        now = timezone.now()
        items = []
        for i in range(self.n(400)):
            created = now - datetime.timedelta(days=self.rng.randint(1, 365))
            status = self.rng.choice(Item.Status.values if actions else Item.Status.values[:3])
            moderation = _weighted(self.rng, {"accepted": 0.9, "pending": 0.05, "hidden": 0.05})
            item = Item(
                kind=self.rng.choice(Item.Kind.values),
                title=f"Practitioner question {i + 1}",
                body="What can the CCPL team and the forums do about this?",
                author_id=self.rng.choice(people),
                anonymous=self.rng.random() < 0.1,
                moderation=moderation,
                hidden_reason="Off topic" if moderation == "hidden" else "",
                status=status if moderation == "accepted" else Item.Status.RECEIVED,
                created_at=created,
            )
            if item.status != Item.Status.RECEIVED:
                item.status_changed_at = created + datetime.timedelta(days=14)
            if item.status in (Item.Status.ANSWERED, Item.Status.ACTED_ON):
                item.answer = "The forum agreed what to do."
                item.answered_at = item.status_changed_at
            if item.status == Item.Status.ACTED_ON:
                item.action_id = self.rng.choice(actions)
                item.acted_on_at = item.status_changed_at
            items.append(item)
        Item.objects.bulk_create(items, batch_size=2000)
        supports, comments = [], []
        for item in items:
            for person in self.rng.sample(people, min(len(people), self.rng.randint(0, 12))):
                supports.append(PractitionerSupport(item=item, person_id=person))
            for c in range(self.rng.randint(0, 3)):
                comments.append(
                    PractitionerComment(
                        item=item,
                        author_id=self.rng.choice(people),
                        anonymous=self.rng.random() < 0.1,
                        body="I agree, and would add this.",
                        created_at=item.created_at + datetime.timedelta(days=c + 1),
                    )
                )
        PractitionerSupport.objects.bulk_create(supports, batch_size=5000, ignore_conflicts=True)
        PractitionerComment.objects.bulk_create(comments, batch_size=5000)
        self.say(f"{len(items)} practitioner forum items, {len(comments)} comments")

    def run(self, *, mix: bool = True) -> None:
        steps = [
            self.places,
            self.organisations,
            self.people,
            self.forums,
            self.meetings,
            self.roles,
            self.plans,
            self.surveys,
            self.recruitment,
            self.practitioner_forum,
            self.figures,
        ]
        for step in steps:
            started = time.monotonic()
            with transaction.atomic():
                step()
            self.say(f"({step.__name__}: {time.monotonic() - started:.1f} s)")
        if mix:
            # The state the nightly equality mix leaves (outside any transaction: it vacuums).
            core_services.equality_mix(force=True)


def system_forums(*, on: datetime.date) -> None:
    """The demo's system-level forums and their reporting lines, in bulk (the demo's own
    forum loader records every meeting through the services: too slow at this scale)."""
    existing = set(Forum.objects.values_list("name", flat=True))
    forums = [
        Forum(
            name=name,
            slug=slugify(name),
            kind=kind,
            level=Forum.Level.SYSTEM,
            purpose=purpose,
            frequency=frequency,
            is_public=is_public,
        )
        for name, kind, frequency, is_public, _size, purpose, *_rest in forums_demo.SYSTEM_FORUMS
        if name not in existing
    ]
    _with_history(Forum, forums, on=on)
    by_name = {f.name: f for f in Forum.objects.all()}
    _with_history(
        ReportingLine,
        [
            ReportingLine(forum=by_name[child], reports_to=by_name[parent], nature=nature)
            for child, parent, nature in forums_demo.REPORTING_LINES
            if child in by_name
            and parent in by_name
            and not ReportingLine.objects.filter(
                forum=by_name[child], reports_to=by_name[parent]
            ).exists()
        ],
        on=on,
    )


def base_load(*, stdout=None) -> None:
    """The demo ICB without its surveys (the generator makes every round) and with its
    system forums made in bulk (:func:`system_forums`) instead of the demo's forum loader."""
    from demo.management.commands.load_demo import PARTS

    stdout = stdout or io.StringIO()
    for name, part in PARTS:
        if part is surveys_demo:
            continue
        started = time.monotonic()
        with transaction.atomic():
            if part is forums_demo:
                system_forums(on=timezone.localdate() - datetime.timedelta(days=GO_LIVE_DAYS))
                forums_demo.load_coproduction_reviews()
            else:
                part.load(stdout=stdout)
        stdout.write(f"Demo data loaded: {name} ({time.monotonic() - started:.1f} s)")


def generate(*, scale: int, seed: int = SEED, stdout=None) -> None:
    """The demo ICB, then the volume of ``scale``."""
    base_load(stdout=stdout)
    Generator(scale=scale, seed=seed, stdout=stdout).run()
