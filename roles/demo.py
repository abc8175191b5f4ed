"""Demo roles in the Gloucestershire mould, held by people from the core demo.

About 40 roles across the three functions at system, Place and neighbourhood level, about
85% filled, with job descriptions (some reviews overdue), seats on the demo forums, link
roles, development records, past holders, a register review and yearly snapshots.

Deterministic (seeded) and idempotent: roles are found by title, and appointments, job
descriptions, seats, link roles and snapshots are only made where there are none.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from ccpl import publications, snapshots
from ccpl.models import Organisation, Person, Place, ProfessionalGroup
from forums.models import Forum

from . import selectors, services
from .models import Appointment, LinkRole, RegisterReview, Role, RoleFunction, Seat

SEED = 4
BOARD = "Integrated Care Board"
COUNCIL = "Clinical and Care Professional Council"
SENATE = "System Senate"
AHP_COUNCIL = "Allied Health Professions Council"
PROGRAMME_BOARD = "Clinical Programme Board"
RESPIRATORY = "Respiratory Clinical Programme Group"
DIABETES = "Diabetes Clinical Programme Group"
MENTAL_HEALTH = "Mental Health Clinical Programme Group"
ICB = "NHS Gloucestershire Integrated Care Board"
# Demo accounts who run the framework rather than hold a leadership role.
NOT_LEADERS = {("Joanne", "Whitfield"), ("Ananya", "Rao")}
LEADER_ACCOUNT = ("Bethan", "Price")

NETWORK, LOCALITY, PROGRAMME = 1, 2, 3
FUNCTIONS = [
    (
        NETWORK,
        "Leading, representing and facilitating a professional network",
        "Professional network",
        "Leaders who lead, represent and bring together a professional network, so that "
        "every profession has a voice in the system's decisions.",
    ),
    (
        LOCALITY,
        "Leading population health in a locality",
        "Population health in a locality",
        "Leaders who lead population health in an Integrated Locality Partnership (ILP), "
        "working with partners and local people.",
    ),
    (
        PROGRAMME,
        "Supporting an ICS transformation programme or clinical programme group",
        "Transformation programme",
        "Leaders who give clinical and care professional leadership to a transformation "
        "programme or a clinical programme group (CPG).",
    ),
]

PLACES = [
    "Cheltenham",
    "Cotswolds",
    "Forest of Dean",
    "Gloucester City",
    "Stroud and Berkeley Vale",
    "Tewkesbury",
]


def pbag(place: str) -> str:
    return f"{place} Place-based Advisory Group"


# title, function, level, place, eligible family slugs (empty: any), holder's family
# (None: any), seats [(forum, capacity)], vacant, summary
ROLES = [
    (
        "Chief Pharmacist lead",
        NETWORK,
        "system",
        None,
        ["pharmacy"],
        "pharmacy",
        [(COUNCIL, "member"), (SENATE, "member")],
        False,
        "Leads the pharmacy professions across the system and makes sure medicines "
        "expertise shapes decisions.",
    ),
    (
        "Lead allied health professional",
        NETWORK,
        "system",
        None,
        ["allied-health-professions"],
        "allied-health-professions",
        [(AHP_COUNCIL, "chair"), (COUNCIL, "member"), (BOARD, "attendee")],
        False,
        "Gives the 14 allied health professions one voice and chairs the AHP Council.",
    ),
    (
        "Social care professional lead",
        NETWORK,
        "system",
        None,
        ["social-work"],
        "social-work",
        [(COUNCIL, "member"), (SENATE, "member")],
        False,
        "Brings the voice of adult and children's social care professionals into system decisions.",
    ),
    (
        "Nursing and midwifery professional lead",
        NETWORK,
        "system",
        None,
        ["nursing-and-midwifery"],
        "nursing-and-midwifery",
        [(COUNCIL, "member"), (BOARD, "attendee")],
        False,
        "Leads the nursing and midwifery network across health and care.",
    ),
    (
        "Primary care clinical lead",
        NETWORK,
        "system",
        None,
        ["medical"],
        "medical",
        [(COUNCIL, "vice_chair"), (BOARD, "attendee")],
        False,
        "Represents general practice and primary care networks in system decisions.",
    ),
    (
        "Mental health nursing lead",
        NETWORK,
        "system",
        None,
        ["nursing-and-midwifery"],
        "nursing-and-midwifery",
        [(COUNCIL, "member")],
        False,
        "",
    ),
    (
        "Psychological professions lead",
        NETWORK,
        "system",
        None,
        ["psychology"],
        "psychology",
        [(COUNCIL, "member")],
        False,
        "Leads the psychological professions network.",
    ),
    (
        "Healthcare science lead",
        NETWORK,
        "system",
        None,
        ["healthcare-science"],
        "healthcare-science",
        [(COUNCIL, "member")],
        True,
        "",
    ),
    (
        "Optometry and eye health lead",
        NETWORK,
        "system",
        None,
        ["optometry"],
        None,
        [(SENATE, "member")],
        True,
        "",
    ),
    (
        "Dental professional lead",
        NETWORK,
        "system",
        None,
        ["dentistry"],
        None,
        [(SENATE, "member")],
        True,
        "",
    ),
    (
        "Paramedic professional lead",
        NETWORK,
        "system",
        None,
        ["allied-health-professions"],
        "allied-health-professions",
        [(AHP_COUNCIL, "member")],
        False,
        "",
    ),
    (
        "Public health professional lead",
        NETWORK,
        "system",
        None,
        ["public-health"],
        "public-health",
        [(SENATE, "member"), (COUNCIL, "member")],
        False,
        "",
    ),
    (
        "Midwifery lead",
        NETWORK,
        "system",
        None,
        ["nursing-and-midwifery"],
        "nursing-and-midwifery",
        [],
        False,
        "",
    ),
    (
        "AHP lead, Forest of Dean ILP",
        NETWORK,
        "place",
        "Forest of Dean",
        ["allied-health-professions"],
        "allied-health-professions",
        [(pbag("Forest of Dean"), "member"), (AHP_COUNCIL, "member")],
        False,
        "",
    ),
    (
        "AHP lead, Gloucester City ILP",
        NETWORK,
        "place",
        "Gloucester City",
        ["allied-health-professions"],
        "allied-health-professions",
        [(pbag("Gloucester City"), "member"), (AHP_COUNCIL, "member")],
        False,
        "",
    ),
    (
        "Community pharmacy lead, Cheltenham ILP",
        NETWORK,
        "place",
        "Cheltenham",
        ["pharmacy"],
        None,
        [(pbag("Cheltenham"), "member")],
        True,
        "",
    ),
    *[
        (
            f"ILP clinical lead, {place}",
            LOCALITY,
            "place",
            place,
            [],
            "medical",
            [(pbag(place), "chair")],
            False,
            f"Leads population health in {place} with the Integrated Locality Partnership.",
        )
        for place in PLACES
    ],
    *[
        (
            f"ILP care professional lead, {place}",
            LOCALITY,
            "place",
            place,
            [],
            "social-work" if i == 0 else "nursing-and-midwifery",
            [(pbag(place), "member")],
            place == "Cotswolds",
            "",
        )
        for i, place in enumerate(PLACES[:5])
    ],
    (
        "Population health lead, Inner City Gloucester PCN",
        LOCALITY,
        "neighbourhood",
        "Gloucester City",
        [],
        "medical",
        [],
        False,
        "Leads work on health inequalities with the neighbourhood team.",
    ),
    (
        "Population health lead, Forest of Dean PCN",
        LOCALITY,
        "neighbourhood",
        "Forest of Dean",
        [],
        "nursing-and-midwifery",
        [],
        False,
        "",
    ),
    (
        "Clinical lead, Frailty CPG",
        PROGRAMME,
        "system",
        None,
        [],
        None,
        [(PROGRAMME_BOARD, "member")],
        False,
        "Leads the frailty clinical programme group.",
    ),
    (
        "Clinical lead, Respiratory CPG",
        PROGRAMME,
        "system",
        None,
        [],
        "medical",
        [(RESPIRATORY, "chair"), (PROGRAMME_BOARD, "member")],
        False,
        "",
    ),
    (
        "Clinical lead, Diabetes CPG",
        PROGRAMME,
        "system",
        None,
        [],
        "medical",
        [(DIABETES, "chair"), (PROGRAMME_BOARD, "member")],
        False,
        "",
    ),
    (
        "Clinical lead, Mental Health CPG",
        PROGRAMME,
        "system",
        None,
        [],
        "medical",
        [(MENTAL_HEALTH, "chair"), (PROGRAMME_BOARD, "member")],
        False,
        "",
    ),
    (
        "Clinical lead, Cancer CPG",
        PROGRAMME,
        "system",
        None,
        [],
        "medical",
        [(PROGRAMME_BOARD, "member")],
        False,
        "",
    ),
    (
        "Clinical lead, Circulatory health CPG",
        PROGRAMME,
        "system",
        None,
        [],
        "medical",
        [(PROGRAMME_BOARD, "member")],
        False,
        "",
    ),
    (
        "Clinical lead, Children and young people CPG",
        PROGRAMME,
        "system",
        None,
        [],
        None,
        [(PROGRAMME_BOARD, "member")],
        True,
        "",
    ),
    (
        "Clinical lead, Musculoskeletal CPG",
        PROGRAMME,
        "system",
        None,
        [],
        "allied-health-professions",
        [(PROGRAMME_BOARD, "member")],
        False,
        "",
    ),
    (
        "Clinical lead, End of life care CPG",
        PROGRAMME,
        "system",
        None,
        [],
        "nursing-and-midwifery",
        [(PROGRAMME_BOARD, "member")],
        False,
        "",
    ),
    (
        "Nurse lead, Frailty CPG",
        PROGRAMME,
        "system",
        None,
        ["nursing-and-midwifery"],
        "nursing-and-midwifery",
        [],
        False,
        "A job share between two nurses.",
    ),
    (
        "Pharmacy lead, Respiratory CPG",
        PROGRAMME,
        "system",
        None,
        ["pharmacy"],
        "pharmacy",
        [(RESPIRATORY, "member")],
        False,
        "",
    ),
    (
        "Clinical lead, Urgent and emergency care",
        PROGRAMME,
        "system",
        None,
        [],
        "medical",
        [(PROGRAMME_BOARD, "member")],
        False,
        "",
    ),
    (
        "Chief clinical information officer",
        PROGRAMME,
        "system",
        None,
        [],
        None,
        [(PROGRAMME_BOARD, "attendee")],
        False,
        "Leads the clinical side of digital transformation.",
    ),
]
JOB_SHARE = "Nurse lead, Frailty CPG"
LEADER_ROLE = "Clinical lead, Frailty CPG"
NO_JOB_DESCRIPTION = "Chief clinical information officer"

# name, kind, job title, organisation, role title or "", programme
LINK_ROLES = [
    (
        "Sam Fletcher",
        "bi",
        "Senior business intelligence analyst",
        ICB,
        "Clinical lead, Diabetes CPG",
        "",
    ),
    ("Priya Nair", "finance", "Finance business partner", ICB, "Clinical lead, Frailty CPG", ""),
    ("Tom Hargreaves", "programme", "Programme manager", ICB, "Clinical lead, Respiratory CPG", ""),
    (
        "Lucy Bright",
        "performance",
        "Head of performance",
        ICB,
        "Clinical lead, Urgent and emergency care",
        "",
    ),
    (
        "Ravi Kapoor",
        "bi",
        "Population health analyst",
        ICB,
        "ILP clinical lead, Gloucester City",
        "",
    ),
    (
        "Hannah Cole",
        "programme",
        "Locality development manager",
        "Gloucestershire County Council",
        "ILP clinical lead, Forest of Dean",
        "",
    ),
    ("Jess Morley", "programme", "Programme manager", ICB, "Clinical lead, Mental Health CPG", ""),
    (
        "Amira Said",
        "performance",
        "Performance and quality manager",
        "Gloucestershire Health and Care NHS Foundation Trust",
        "Clinical lead, Musculoskeletal CPG",
        "",
    ),
    (
        "Mark Ellison",
        "finance",
        "Head of finance, planned care",
        "Gloucestershire Hospitals NHS Foundation Trust",
        "",
        "Planned care transformation programme",
    ),
    (
        "Owen Hart",
        "bi",
        "Business intelligence lead",
        ICB,
        "",
        "Population health management programme",
    ),
]

LEAVING = [
    ("end_of_term", "Came to the end of a 3-year term and chose not to reapply."),
    ("resigned", "Could not get the time released by their employer."),
    ("new_role", "Appointed to a system-level role."),
    ("retired", ""),
]


def _jd_text(title: str, function: int, place: str | None) -> dict:
    if function == NETWORK:
        purpose = (
            f"As {title}, you will lead and represent your profession across the system, "
            "make sure its voice is heard where decisions are made, and keep colleagues "
            "informed both ways."
        )
        duties = (
            "Lead the professional network and its meetings.\n"
            "Represent the profession on the Clinical and Care Professional Council.\n"
            "Share news and opportunities with colleagues across every partner.\n"
            "Support and develop the next generation of leaders."
        )
    elif function == LOCALITY:
        purpose = (
            f"As {title}, you will lead population health in {place}: working with partners "
            "in the Integrated Locality Partnership to understand local needs and reduce "
            "health inequalities."
        )
        duties = (
            "Lead the locality's population health priorities.\n"
            "Work with primary care networks, councils and community groups.\n"
            "Use data to plan and check improvements.\n"
            "Involve local people in shaping services."
        )
    else:
        purpose = (
            f"As {title}, you will give clinical and care professional leadership to the "
            "programme, making sure changes are safe, based on evidence and designed with "
            "people who use services."
        )
        duties = (
            "Chair or take part in the programme group.\n"
            "Agree priorities and measures with the programme team.\n"
            "Bring in the views of every profession involved.\n"
            "Report progress to the Clinical Programme Board."
        )
    return {
        "purpose": purpose,
        "responsibilities": duties,
        "person_specification": (
            "A registered health or care professional working in Gloucestershire.\n"
            "Experience of leading change across teams or organisations.\n"
            "Able to commit the funded time each week."
        ),
        "values_and_behaviours": (
            "We put people and communities first.\n"
            "We work together across organisations and professions.\n"
            "We are open and honest, and listen to different views."
        ),
    }


def _functions() -> dict[int, RoleFunction]:
    functions = {}
    for order, name, short_name, description in FUNCTIONS:
        function = RoleFunction.objects.filter(name=name).first()
        if function is None:
            function = services.role_function_create(
                user=None, name=name, short_name=short_name, description=description, order=order
            )
        functions[order] = function
    return functions


def _time_for(family: str | None, eligible: list[str]) -> tuple[Decimal, str]:
    if family == "medical" or "medical" in eligible:
        return Decimal(1 if eligible else 2), Role.TimeUnit.PA
    return Decimal("7.5"), Role.TimeUnit.HOURS


def _accountable(family: str | None) -> str:
    if family in ("nursing-and-midwifery", "allied-health-professions"):
        return Role.AccountableTo.CNO
    if family == "medical":
        return Role.AccountableTo.CMO
    return Role.AccountableTo.BOTH


def _roles(functions) -> dict[str, Role]:
    places = {p.name: p for p in Place.objects.all()}
    families = {g.slug: g for g in ProfessionalGroup.objects.filter(parent=None)}
    roles = {}
    for title, function, level, place, eligible, family, _seats, _vacant, summary in ROLES:
        role = Role.objects.filter(title=title).first()
        if role is None:
            if level != "system" and place not in places:
                continue
            amount, unit = _time_for(family, eligible)
            role = services.role_create(
                user=None,
                title=title,
                function=functions[function],
                level=level,
                place=places.get(place) if level != "system" else None,
                summary=summary,
                eligible_groups=[families[s] for s in eligible if s in families],
                sessional_time=amount,
                time_unit=unit,
                accountable_to=_accountable(family or (eligible[0] if eligible else None)),
                term_months=24 if function == PROGRAMME else 36,
                allows_job_share=title == JOB_SHARE,
            )
        roles[title] = role
    return roles


def _seats(roles):
    forums = {f.name: f for f in Forum.objects.all()}
    for title, _function, _level, _place, _eligible, _family, seats, _vacant, _s in ROLES:
        role = roles.get(title)
        if role is None:
            continue
        for forum_name, capacity in seats:
            forum = forums.get(forum_name)
            if forum is not None and not Seat.objects.filter(role=role, forum=forum).exists():
                services.seat_add(user=None, role=role, forum=forum, capacity=capacity)


def _job_descriptions(rng, roles):
    today = timezone.localdate()
    for i, (title, function, _level, place, *_rest) in enumerate(ROLES):
        role = roles.get(title)
        if role is None or title == NO_JOB_DESCRIPTION or role.job_descriptions.exists():
            continue
        text = _jd_text(title, function, place)
        first = today - timedelta(days=rng.randrange(800, 1000))
        services.jd_new_version(
            user=None, role=role, approved_by="Chief Medical Officer", approved_on=first, **text
        )
        # Most were reviewed in the last year; a few reviews are overdue.
        days_ago = rng.randrange(390, 480) if i % 8 == 3 else rng.randrange(20, 340)
        text["person_specification"] += "\nWilling to mentor people new to leadership."
        services.jd_new_version(
            user=None,
            role=role,
            approved_by="Chief Medical Officer and Chief Nursing Officer",
            approved_on=today - timedelta(days=days_ago),
            **text,
        )


def _people_by_family():
    people = (
        Person.objects.filter(professional_group__isnull=False)
        .select_related("professional_group__parent")
        .order_by("pk")
    )
    by_family: dict[str, list[Person]] = {}
    for person in people:
        if (person.given_name, person.family_name) in NOT_LEADERS:
            continue
        by_family.setdefault(person.professional_group.family.slug, []).append(person)
    return by_family


def _choose(rng, by_family, family, place, held, eligible=()):
    """Someone from the family (or else from the role's eligible families; in the Place if
    possible) holding fewest roles so far."""
    families = [family] if family else list(eligible)
    pool = [p for f in families for p in by_family.get(f, [])]
    if not pool and eligible:
        return None  # nobody of a profession the role is open to: it stays vacant
    if not pool:
        pool = [p for people in by_family.values() for p in people]
    local = [p for p in pool if place is not None and p.place_id == place.pk]
    candidates = local or pool
    fewest = min(held.get(p.pk, 0) for p in candidates)
    choice = rng.choice([p for p in candidates if held.get(p.pk, 0) == fewest])
    held[choice.pk] = held.get(choice.pk, 0) + 1
    return choice


def _appointments(rng, roles):
    today = timezone.localdate()
    by_family = _people_by_family()
    held: dict[int, int] = {}
    leader = Person.objects.filter(
        given_name=LEADER_ACCOUNT[0], family_name=LEADER_ACCOUNT[1]
    ).first()
    for i, (title, _function, _level, _place, eligible, family, _seats, vacant, _s) in enumerate(
        ROLES
    ):
        role = roles.get(title)
        if role is None or role.appointments.exists():
            continue
        term_days = role.term_months * 30
        if i % 9 == 4:
            start = today - timedelta(days=term_days - rng.randrange(15, 80))  # ending soon
        else:
            start = today - timedelta(days=rng.randrange(60, term_days - 120))
        # Some roles had a holder before; a vacant role's last holder left this year.
        if vacant or i % 4 == 1:
            left = (
                today - timedelta(days=rng.randrange(40, 200))
                if vacant
                else start - timedelta(days=1)
            )
            before = _choose(rng, by_family, family, role.place, held, eligible)
            if before is not None:
                previous = services.appointment_start(
                    user=None,
                    role=role,
                    person=before,
                    starts_on=left - timedelta(days=rng.randrange(700, 1000)),
                )
                reason, notes = LEAVING[i % len(LEAVING)]
                services.appointment_end(
                    user=None,
                    appointment=previous,
                    ended_on=left,
                    reason=reason,
                    notes=notes,
                    exit_interview_on=left - timedelta(days=7) if i % 3 else None,
                )
        if vacant:
            continue
        holders = 2 if role.allows_job_share else 1
        for n in range(holders):
            if title == LEADER_ROLE and leader is not None:
                person = leader
            else:
                person = _choose(rng, by_family, family, role.place, held, eligible)
            if person is None:
                break
            funded = (role.sessional_time / holders).quantize(Decimal("0.01"))
            appointment = services.appointment_start(
                user=None,
                role=role,
                person=person,
                starts_on=start + timedelta(days=30 * n),
                funded_time=funded,
                protected_time=funded
                if rng.random() < 0.65
                else (funded / 2).quantize(Decimal("0.01")),
            )
            _development(rng, appointment, today)


def _development(rng, appointment: Appointment, today: date):
    start = appointment.starts_on
    fields = {
        "mentoring": rng.choice(["taken_up", "taken_up", "offered", "not_offered"]),
        "shadowing": rng.choice(["taken_up", "offered", "not_offered", "declined"]),
    }
    if rng.random() < 0.9:
        fields["induction_completed_on"] = min(today, start + timedelta(days=rng.randrange(10, 60)))
    if rng.random() < 0.8:
        fields["objectives_set_on"] = min(today, start + timedelta(days=rng.randrange(20, 90)))
    if (today - start).days > 365:
        last = today - timedelta(days=rng.randrange(30, 470))
        fields["last_appraisal_on"] = max(last, start + timedelta(days=300))
        fields["next_appraisal_due_on"] = fields["last_appraisal_on"] + timedelta(days=365)
    else:
        fields["next_appraisal_due_on"] = start + timedelta(days=365)
    services.development_record_update(user=None, appointment=appointment, **fields)


def _link_roles(roles):
    organisations = {o.name: o for o in Organisation.objects.all()}
    for name, kind, job_title, organisation, role_title, programme in LINK_ROLES:
        if LinkRole.objects.filter(name=name, kind=kind).exists():
            continue
        role = roles.get(role_title) if role_title else None
        if role_title and role is None:
            continue
        services.link_role_add(
            user=None,
            kind=kind,
            name=name,
            job_title=job_title,
            organisation=organisations.get(organisation),
            role=role,
            programme=programme,
        )


def _register_review():
    if not RegisterReview.objects.exists():
        services.register_review_record(
            user=None,
            reviewed_on=timezone.localdate() - timedelta(days=300),
            notes="Checked every role and holder with partner organisations. Added the "
            "link roles for each clinical programme group.",
        )


def _snapshots():
    """A snapshot on 1 April of each of the last three years, as the yearly task would."""
    today = timezone.localdate()
    april = date(today.year, 4, 1)
    if april > today:
        april = date(today.year - 1, 4, 1)
    for years_ago in (2, 1, 0):
        on = date(april.year - years_ago, 4, 1)
        for population in snapshots.populations():
            exists = snapshots.snapshot_list().filter(
                population=population.key, taken_on__year=on.year
            )
            if not exists.exists():
                snapshots.snapshot_take(population=population.key, on=on)


def load(*, stdout):
    rng = random.Random(SEED)
    functions = _functions()
    roles = _roles(functions)
    _seats(roles)
    _job_descriptions(rng, roles)
    _appointments(rng, roles)
    _link_roles(roles)
    _register_review()
    _snapshots()
    # Yearly publications of the figures about people, as the publication points would make.
    publications.publications_make_yearly(keys=[selectors.ROLE_HOLDERS, selectors.FORUM_MEMBERS])
    filled = Role.objects.active().with_status().filter(is_filled=True).count()
    stdout.write(f"  {len(roles)} roles, {filled} filled")
